"""Request economy: requests per workload for our strategy and two peer strategies.

Every strategy runs for real against the same sandbox world and is counted by the sandbox's
request ledger. Ours is the project's real assets, materialized as one single-run backfill
over the window (plan -> fetch -> flatten -> DuckDB); the peers are the fetchers in peers.py.
The rows each strategy got are printed beside its requests: same data, different cost.

    .venv/bin/python -m benchmarks.request_economy          # (a), (c), (d): ours vs batched peer
    .venv/bin/python -m benchmarks.request_economy --full   # every workload and every strategy
    .venv/bin/python -m benchmarks.request_economy --workloads a --strategies "ours,per-entity peer"

Every workload is full size unless --scale shrinks it. The default leaves out workload (b)
and the per-entity peer, which alone take most of the full run's time (tens of thousands of
requests to answer).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from benchmarks import peers
from benchmarks.asset_sets import (
    ADS_DAILY_ASSETS,
    PAGE_DAILY_ASSETS,
    PAGE_LIFETIME_ASSETS,
)
from benchmarks.harness import (
    RequestCount,
    counted,
    materialize_range,
    materialize_unpartitioned,
    quiet_dagster,
    resources_for,
    warehouse_dir,
    workload_sandbox,
)
from benchmarks.report import heading, machine, markdown_table, ratio
from benchmarks.workloads import WORKLOADS, Workload, utc_today
from linkedin_assets.assets import ads as ads_assets
from linkedin_assets.assets import ads_tables
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.planning import CONVERSION_METRICS
from linkedin_assets.resources import LinkedInResource
from linkedin_assets.sandbox import Sandbox

OURS = "ours"


@dataclass
class StrategyRun:
    strategy: str
    requests: RequestCount
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)  # what it got, to show it is the same


@dataclass
class WorkloadResult:
    workload: Workload
    runs: list[StrategyRun]

    def run(self, strategy: str) -> StrategyRun | None:
        return next((r for r in self.runs if r.strategy == strategy), None)


def sandbox_client(sandbox: Sandbox) -> LinkedInClient:
    """The project's HTTP client (counting, retries, paging) on the in-process sandbox."""
    return LinkedInClient(
        LinkedInResource(sandbox=True).client_config(), transport=sandbox.transport()
    )


def table_rows(path: Path, tables: Sequence[str]) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            table: con.execute(f"SELECT count(*) FROM linkedin.{table}").fetchone()[0]
            for table in tables
        }


def _timed(sandbox: Sandbox, name: str, work: Callable[[], dict[str, int]]) -> StrategyRun:
    started = time.perf_counter()
    with counted(sandbox.ledger) as used:
        rows = work()
    return StrategyRun(name, used[0], time.perf_counter() - started, rows)


# ---------------------------------------------------------------------------------- ours


def run_ours(workload: Workload, sandbox: Sandbox, today: dt.date) -> StrategyRun:
    start, end = workload.window(today)
    with warehouse_dir() as directory:
        path = directory / "warehouse.duckdb"
        resources = resources_for(sandbox, path)

        def work() -> dict[str, int]:
            if workload.family == "ads":
                materialize_range([ads_assets.ad_analytics_by_creative], resources, start, end)
                return table_rows(path, ["ad_analytics_by_creative"])
            if workload.family == "pages":
                materialize_unpartitioned(PAGE_LIFETIME_ASSETS, resources)
                materialize_range(PAGE_DAILY_ASSETS, resources, start, end)
                return table_rows(path, ["posts", "post_statistics", "post_comments"])
            materialize_range([*ADS_DAILY_ASSETS, *PAGE_DAILY_ASSETS], resources, start, end)
            return table_rows(
                path, ["ad_analytics_by_creative", "ad_analytics_by_campaign", "posts"]
            )

        return _timed(sandbox, OURS, work)


# --------------------------------------------------------------------------------- peers


def run_peer(
    workload: Workload, sandbox: Sandbox, strategy: peers.PeerStrategy, today: dt.date
) -> StrategyRun:
    start, end = workload.window(today)
    client = sandbox_client(sandbox)

    def creative_analytics(entities: peers.PeerAdsEntities) -> int:
        return len(
            peers.fetch_analytics(
                client,
                strategy,
                pivots=("CREATIVE",),
                facet="creatives",
                urns=entities.creative_urns,
                metrics=ads_tables.CREATIVE_METRICS,
                start=start,
                end=end,
            )
        )

    def work() -> dict[str, int]:
        if workload.family == "ads":
            entities = peers.list_ads_entities(client)
            return {"ad_analytics_by_creative": creative_analytics(entities)}
        if workload.family == "pages":
            result = peers.fetch_pages_peer(client, start, end, today)
            return {
                "posts": result.posts_in_window,
                "post_statistics": result.post_statistics,
                "post_comments": result.comments,
            }
        entities = peers.list_ads_entities(client)
        campaign_rows = peers.fetch_analytics(
            client,
            strategy,
            pivots=("CAMPAIGN",),
            facet="campaigns",
            urns=entities.campaign_urns,
            metrics=ads_tables.CAMPAIGN_METRICS,
            start=start,
            end=end,
        )
        peers.fetch_analytics(
            client,
            strategy,
            pivots=("CAMPAIGN", "CONVERSION"),
            facet="campaigns",
            urns=entities.campaign_urns,
            metrics=CONVERSION_METRICS,
            start=start,
            end=end,
        )
        peers.fetch_lead_responses(client, entities.account_ids, start, end)
        result = peers.fetch_pages_peer(client, start, end, today, lifetime=False)
        return {
            "ad_analytics_by_creative": creative_analytics(entities),
            "ad_analytics_by_campaign": len(campaign_rows),
            "posts": result.posts_in_window,
        }

    with client:
        return _timed(sandbox, strategy.name, work)


# ------------------------------------------------------------------------------ running


def run_workload(workload: Workload, strategies: Sequence[str], today: dt.date) -> WorkloadResult:
    sandbox = workload_sandbox(workload.shape)
    runs = []
    for name in strategies:
        if name == OURS:
            runs.append(run_ours(workload, sandbox, today))
            continue
        strategy = next(p for p in peers.PEERS if p.name == name)
        if workload.family == "pages" and strategy is not peers.BATCHED_PEER:
            continue  # one peer strategy for pages (see peers.py)
        runs.append(run_peer(workload, sandbox, strategy, today))
    return WorkloadResult(workload, runs)


def summary_table(results: Sequence[WorkloadResult]) -> str:
    headers = [
        "workload",
        "requests counted",
        "ours",
        "batched peer",
        "per-entity peer",
        "batched / ours",
        "per-entity / ours",
    ]
    rows = []
    for result in results:
        ours = result.run(OURS)
        batched = result.run(peers.BATCHED_PEER.name)
        per_entity = result.run(peers.PER_ENTITY_PEER.name)
        same_peer = result.workload.family == "pages"  # one peer strategy for pages
        measures = [("all requests", lambda c: c.total)]
        if result.workload.family != "pages":
            measures.insert(0, ("adAnalytics", lambda c: c.analytics))
        for label, measure in measures:

            def value(run: StrategyRun | None, measure=measure) -> int | str:
                return measure(run.requests) if run else "-"

            ours_value = value(ours)
            row = [result.workload.key, label, ours_value, value(batched)]
            row.append("(one pages peer)" if same_peer else value(per_entity))
            for peer in (batched, None if same_peer else per_entity):
                row.append(
                    ratio(value(peer), ours_value) if peer and isinstance(ours_value, int) else "-"
                )
            rows.append(row)
    return markdown_table(headers, rows)


def detail_table(results: Sequence[WorkloadResult]) -> str:
    headers = ["workload", "strategy", "seconds", "rows got", "requests by endpoint"]
    rows = []
    for result in results:
        for run in result.runs:
            by_endpoint = ", ".join(
                f"{name} {count:,}" for name, count in sorted(run.requests.by_endpoint.items())
            )
            rows_got = ", ".join(f"{name} {count:,}" for name, count in run.rows.items())
            rows.append([result.workload.key, run.strategy, run.seconds, rows_got, by_endpoint])
    return markdown_table(headers, rows)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true", help="every workload and strategy")
    parser.add_argument("--workloads", help="comma-separated: a,b,c,d (default a,c,d)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply creatives, posts and days (smoke: 0.02)"
    )
    parser.add_argument(
        "--strategies",
        help="comma-separated: ours, batched peer, per-entity peer (default: the first two)",
    )
    args = parser.parse_args(argv)
    every_strategy = ",".join([OURS, *(p.name for p in peers.PEERS)])
    if args.workloads is None:
        args.workloads = ",".join(WORKLOADS) if args.full else "a,c,d"
    if args.strategies is None:
        args.strategies = every_strategy if args.full else f"{OURS},{peers.BATCHED_PEER.name}"
    return args


def main(argv: Sequence[str] | None = None) -> list[WorkloadResult]:
    args = parse_args(argv)
    quiet_dagster()
    today = utc_today()
    strategies = [s.strip() for s in args.strategies.split(",") if s.strip()]
    results = []
    heading("Request economy")
    print(machine())
    for key in [k.strip() for k in args.workloads.split(",") if k.strip()]:
        workload = WORKLOADS[key]
        if args.scale != 1.0:
            workload = workload.scaled(args.scale)
        print(f"running {workload.title}: {workload.shape} ...", flush=True)
        results.append(run_workload(workload, strategies, today))
    print()
    print(summary_table(results))
    print()
    print(detail_table(results))
    return results


if __name__ == "__main__":
    main()
