"""Backfill cost: every daily-partitioned asset over 365 days as ONE run vs one run per day.

Both go through `dg.materialize` on the default sandbox world (what `dagster dev` serves):
the single run with a partition range (BackfillPolicy.single_run()), the per-day runs with one
partition key each. Requests come from the sandbox's ledger, time from the wall clock.

365 single-partition runs take long, so by default N of them (spread evenly over the range)
are measured and the 365-run figures are extrapolated linearly (printed as such); `--runs 365`
measures them all.

    .venv/bin/python -m benchmarks.backfill_cost                 # 1 run of 365 days vs 7 runs
    .venv/bin/python -m benchmarks.backfill_cost --runs 365      # every per-day run, for real
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from benchmarks.asset_sets import DAILY_ASSETS
from benchmarks.harness import (
    QUIET_RUN_CONFIG,
    RequestCount,
    counted,
    materialize_range,
    quiet_dagster,
    warehouse_dir,
)
from benchmarks.report import heading, machine, markdown_table, ratio
from benchmarks.workloads import utc_today
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource

FACT_TABLES = (
    "ad_analytics_by_creative",
    "ad_analytics_by_campaign",
    "conversion_performance",
    "follower_statistics",
    "posts",
    "post_comments",
)


@dataclass(frozen=True)
class BackfillRun:
    label: str
    runs: int
    seconds: float
    requests: RequestCount
    rows: dict[str, int]


def resources(path: Path) -> dict[str, dg.ConfigurableResource]:
    return {
        "linkedin": LinkedInResource(sandbox=True),
        "warehouse": WarehouseResource(path=str(path), mode=SANDBOX),
    }


def table_rows(path: Path, days: Sequence[dt.date] | None = None) -> dict[str, int]:
    """Rows per fact table (of the given days only, when given)."""
    day_column = {"posts": "published_on", "post_comments": "post_published_on"}
    found = {}
    with duckdb.connect(str(path), read_only=True) as con:
        for table in FACT_TABLES:
            column = day_column.get(table, "day")
            where = ""
            if days is not None:
                where = f"WHERE {column} IN ({', '.join(repr(d.isoformat()) for d in days)})"
            found[table] = con.execute(f"SELECT count(*) FROM linkedin.{table} {where}").fetchone()[
                0
            ]
    return found


def single_run(start: dt.date, end: dt.date) -> BackfillRun:
    ledger = LinkedInResource(sandbox=True).sandbox_instance().ledger
    with warehouse_dir() as directory:
        path = directory / "single.duckdb"
        started = time.perf_counter()
        with counted(ledger) as used:
            materialize_range(DAILY_ASSETS, resources(path), start, end)
        seconds = time.perf_counter() - started
        return BackfillRun("1 single-run backfill", 1, seconds, used[0], table_rows(path))


def spread_days(start: dt.date, end: dt.date, count: int) -> list[dt.date]:
    """`count` days spread evenly over [start, end) (all of them when count >= the range)."""
    total = (end - start).days
    count = min(count, total)
    return sorted({start + dt.timedelta(days=i * total // count) for i in range(count)})


def per_day_runs(days: Sequence[dt.date]) -> BackfillRun:
    ledger = LinkedInResource(sandbox=True).sandbox_instance().ledger
    with warehouse_dir() as directory:
        path = directory / "per-day.duckdb"
        instance = dg.DagsterInstance.ephemeral()
        started = time.perf_counter()
        with counted(ledger) as used:
            for day in days:
                dg.materialize(
                    DAILY_ASSETS,
                    resources=resources(path),
                    instance=instance,
                    partition_key=day.isoformat(),
                    run_config=QUIET_RUN_CONFIG,
                )
        seconds = time.perf_counter() - started
        label = f"{len(days)} single-partition runs"
        return BackfillRun(label, len(days), seconds, used[0], table_rows(path))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=365, help="the backfill range")
    parser.add_argument("--runs", type=int, default=7, help="single-partition runs to measure")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> tuple[BackfillRun, BackfillRun]:
    args = parse_args(argv)
    quiet_dagster()
    today = utc_today()
    start, end = today - dt.timedelta(days=args.days), today
    heading("Backfill cost")
    print(machine())
    names = sorted(key.to_user_string() for asset in DAILY_ASSETS for key in asset.keys)
    print(
        f"default sandbox world; every daily-partitioned asset ({len(names)}: "
        f"{', '.join(names)}); range {start}..{end - dt.timedelta(days=1)} ({args.days} days)",
        flush=True,
    )
    single = single_run(start, end)
    sample = per_day_runs(spread_days(start, end, args.runs))
    scale = args.days / sample.runs
    rows = [
        [
            single.label,
            "measured",
            single.seconds,
            single.requests.total,
            single.requests.analytics,
        ],
        [
            sample.label,
            "measured",
            sample.seconds,
            sample.requests.total,
            sample.requests.analytics,
        ],
    ]
    if sample.runs != args.days:
        rows.append(
            [
                f"{args.days} single-partition runs",
                f"extrapolated x{scale:.1f} from {sample.runs}",
                sample.seconds * scale,
                round(sample.requests.total * scale),
                round(sample.requests.analytics * scale),
            ]
        )
    print()
    print(markdown_table(["backfill", "figures", "wall s", "requests", "adAnalytics"], rows))
    full_seconds = sample.seconds * scale
    full_requests = sample.requests.total * scale
    print(
        f"\n{args.days} runs vs 1 run: {ratio(full_seconds, single.seconds)} the wall time, "
        f"{ratio(full_requests, single.requests.total)} the requests."
    )
    print(
        "rows written: single run "
        + ", ".join(f"{t} {n:,}" for t, n in single.rows.items())
        + f"; the {sample.runs} sampled days "
        + ", ".join(f"{t} {n:,}" for t, n in sample.rows.items())
    )
    return single, sample


if __name__ == "__main__":
    main()
