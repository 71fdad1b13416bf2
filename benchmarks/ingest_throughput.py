"""Ingest throughput: rows/s and peak RSS from adAnalytics responses to rows committed in DuckDB.

Three steps, each in its own process so each peak RSS is its own:

1. record: the sandbox answers every request the ad_analytics_by_creative asset makes for the
   range (accounts, campaigns, creatives, then the planned adAnalytics calls); the bodies are
   saved to disk.
2. the pipelines, each replaying those bodies:
   - ours: the real asset (dg.materialize over the partition range): client (JSON decode) ->
     plan execution and chunk merge -> flatten -> polars -> one DuckDB transaction;
   - DuckDB read_json: DuckDB's own reader over the same adAnalytics bodies, merging the
     metric chunks into one row per (creative, day) with the same metric columns and the raw
     element: the practical ceiling of a JSON-to-DuckDB ingest on this machine.

Each range is run at two sizes over the same creatives: if peak memory is bounded by one
request window it stays flat; if it grows with the range, the pipeline holds the range. A
pipeline whose RSS passes --rss-limit-mib is stopped (so a big run cannot exhaust the
machine) and reported as such. Wall time suffers when the machine is shared; CPU seconds
(user + system of the process) are printed beside it.

    .venv/bin/python -m benchmarks.ingest_throughput                      # 20k rows (default)
    .venv/bin/python -m benchmarks.ingest_throughput --rows 1000000       # the 1M-row figure
    .venv/bin/python -m benchmarks.ingest_throughput --rows 20000 --profile
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import json
import math
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from benchmarks.harness import materialize_range, quiet_dagster, workload_sandbox
from benchmarks.replay import RecordingTransport, ReplayLinkedIn
from benchmarks.report import heading, machine, markdown_table, ratio
from benchmarks.workloads import utc_today
from linkedin_assets.assets import ads as ads_assets
from linkedin_assets.assets import ads_fetch as fetch
from linkedin_assets.assets import ads_runs, ads_tables
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.planning import (
    DECIMAL_METRICS,
    FLOAT_METRICS,
    chunk_metrics,
    metric_column,
    plan_account_analytics,
)
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource
from linkedin_assets.sandbox.world_workloads import WorkloadShape

ACCOUNTS = 10
CHUNKS_FILE = "chunks.json"
TABLE = "ad_analytics_by_creative"
OURS = "ours"
READ_JSON = "read_json"
PIPELINES = {
    OURS: "ours (real asset)",
    READ_JSON: "DuckDB read_json",
}
RSS_EXCEEDED_EXIT = 3
DUCKDB_MEMORY_LIMIT = "6GB"


@dataclass(frozen=True)
class Measurement:
    pipeline: str
    days: int
    rows: int
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    baseline_rss_mib: float  # after imports, before any work: the interpreter's own share
    stopped: str = ""  # why the run was stopped early, if it was

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds and not self.stopped else 0.0

    @property
    def rows_per_cpu_second(self) -> float:
        return self.rows / self.cpu_seconds if self.cpu_seconds and not self.stopped else 0.0


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def current_rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1024 / 1024


def start_rss_watchdog(limit_mib: float, pipeline: str, days: int) -> None:
    """Stop this process once its RSS passes the limit, reporting how far it got."""
    started = time.perf_counter()
    used_at_start = cpu_seconds()

    def watch() -> None:
        while True:
            rss = current_rss_mib()
            if rss > limit_mib:
                stopped = Measurement(
                    PIPELINES[pipeline],
                    days,
                    0,
                    time.perf_counter() - started,
                    cpu_seconds() - used_at_start,
                    rss,
                    0.0,
                    stopped=f"stopped at {rss:,.0f} MiB RSS (limit {limit_mib:,.0f})",
                )
                print(json.dumps(asdict(stopped)), flush=True)
                os._exit(RSS_EXCEEDED_EXIT)
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()


# ------------------------------------------------------------------------------- record


def files_list(directory: Path, start: dt.date, end: dt.date, part: int) -> Path:
    return directory / f"files-{start}-{end}-part{part}.json"


def record(
    directory: Path,
    shape: WorkloadShape,
    start: dt.date,
    end: dt.date,
    *,
    part: int = 0,
    parts: int = 1,
) -> int:
    """Save every response the asset will ask for; returns the number of analytics calls.

    With `parts` > 1, this process sends only its share of the analytics calls (the
    discovery calls are sent by every part: they are few and already recorded after one).
    """
    sandbox = workload_sandbox(shape)
    # A recording directory is shared by ranges and parts: every recorder names its own files.
    transport = RecordingTransport(sandbox.transport(), directory, part=f"{start}-{end}-{part}")
    config = LinkedInResource(sandbox=True).client_config()
    chunks = chunk_metrics(ads_tables.CREATIVE_METRICS)
    with LinkedInClient(config, transport=transport) as client:
        # The asset's own discovery and planning functions, in the asset's order.
        scope = fetch.discover_accounts(client, ())
        campaigns = fetch.fetch_campaigns(client, scope).elements
        creatives = fetch.fetch_creatives(client, scope).elements
        spans = fetch.campaign_spans(campaigns)
        plan = plan_account_analytics(
            pivots=("CREATIVE",),
            start=start,
            end=end,
            loads=fetch.creative_loads(scope, creatives, spans, start, end),
            chunks=chunks,
            budget=ads_runs.ELEMENT_BUDGET,
        )
        for index, planned in enumerate(plan.requests):
            if index % parts != part:
                continue
            transport.group = f"chunk{[c.fields for c in chunks].index(planned.fields)}"
            client.send(planned.request)
    transport.save_manifest()
    (directory / CHUNKS_FILE).write_text(json.dumps([list(c.metrics) for c in chunks]), "utf-8")
    used = {group: files for group, files in transport.used.items() if group != "other"}
    files_list(directory, start, end, part).write_text(json.dumps(used), "utf-8")
    return len(plan.requests)


# ---------------------------------------------------------------------------------- ours


def _rows_in(duckdb_path: Path) -> int:
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM linkedin.{TABLE}").fetchone()[0]


def run_ours(directory: Path, start: dt.date, end: dt.date, duckdb_path: Path) -> Measurement:
    baseline = peak_rss_mib()
    quiet_dagster()
    resources = {
        "linkedin": ReplayLinkedIn(sandbox=True, replay_dir=str(directory)),
        "warehouse": WarehouseResource(path=str(duckdb_path), mode=SANDBOX),
    }
    started, cpu = time.perf_counter(), cpu_seconds()
    materialize_range([ads_assets.ad_analytics_by_creative], resources, start, end)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    days = (end - start).days
    return Measurement(
        PIPELINES[OURS], days, _rows_in(duckdb_path), seconds, cpu, peak_rss_mib(), baseline
    )


# ------------------------------------------------------------------------------ ceiling


def _duckdb_type(metric: str) -> str:
    if metric in DECIMAL_METRICS:
        return ads_tables.MONEY
    return "DOUBLE" if metric in FLOAT_METRICS else "BIGINT"


def ceiling_sql(
    chunk_files: Sequence[Sequence[str]], chunks: Sequence[Sequence[str]], largest_file: int
) -> str:
    """One row per (creative, day): every chunk's elements unnested and joined, metrics cast to
    the asset's column types, and the merged raw element kept as JSON."""
    parts = []
    for index, (files, metrics) in enumerate(zip(chunk_files, chunks, strict=True)):
        listing = ", ".join(f"'{f}'" for f in files)
        columns = ", ".join(
            f'CAST(e."{m}" AS {_duckdb_type(m)}) AS "{metric_column(m)}"' for m in metrics
        )
        parts.append(
            f"c{index} AS (SELECT e.pivotValues[1] AS creative_urn, "
            "make_date(e.dateRange.start.year, e.dateRange.start.month, e.dateRange.start.day)"
            f" AS day, {columns}, to_json(e) AS raw{index} "
            f"FROM (SELECT unnest(elements) AS e FROM read_json([{listing}], "
            f"maximum_object_size={largest_file + 1024})))"
        )
    joins = " ".join(f"FULL JOIN c{i} USING (creative_urn, day)" for i in range(1, len(parts)))
    raw = "raw0"
    for index in range(1, len(parts)):
        raw = f"json_merge_patch({raw}, raw{index})"
    return (
        f"CREATE TABLE ceiling AS WITH {', '.join(parts)} "
        "SELECT CAST(split_part(creative_urn, ':', 4) AS BIGINT) AS creative_id, creative_urn, "
        "day, * EXCLUDE (creative_urn, day, "
        + ", ".join(f"raw{i}" for i in range(len(parts)))
        + f"), {raw} AS _raw, now() AS _synced_at FROM c0 {joins}"
    )


def run_ceiling(directory: Path, start: dt.date, end: dt.date, duckdb_path: Path) -> Measurement:
    baseline = peak_rss_mib()
    days = (end - start).days
    chunks = json.loads((directory / CHUNKS_FILE).read_text("utf-8"))
    used: dict[str, list[str]] = {}
    for path in directory.glob(f"files-{start}-{end}-part*.json"):
        for group, names in json.loads(path.read_text("utf-8")).items():
            used.setdefault(group, []).extend(names)
    chunk_files = [
        sorted(str(directory / name) for name in used[f"chunk{i}"]) for i in range(len(chunks))
    ]
    started, cpu = time.perf_counter(), cpu_seconds()
    with duckdb.connect(str(duckdb_path)) as con:
        # DuckDB takes 80% of RAM by default; on a shared machine it spills to disk instead.
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        # A response is one JSON object: let it be as big as the biggest file, no bigger (the
        # reader allocates that much per thread).
        largest = max(Path(f).stat().st_size for files in chunk_files for f in files)
        con.execute(ceiling_sql(chunk_files, chunks, largest))
        rows = con.execute("SELECT count(*) FROM ceiling").fetchone()[0]
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return Measurement(PIPELINES[READ_JSON], days, rows, seconds, cpu, peak_rss_mib(), baseline)


# ------------------------------------------------------------------------------- driver


def _child(args: argparse.Namespace) -> None:
    directory = Path(args.dir)
    start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    if args.child == "record":
        shape = WorkloadShape(accounts=ACCOUNTS, creatives=args.creatives, days=args.world_days)
        calls = record(directory, shape, start, end, part=args.part, parts=args.parts)
        print(json.dumps({"analytics_requests": calls}))
        return
    target = Path(args.duckdb)
    days = (end - start).days
    start_rss_watchdog(args.rss_limit_mib, args.child, days)
    if args.child == OURS:
        measurement = run_ours(directory, start, end, target)
    else:
        measurement = run_ceiling(directory, start, end, target)
    if profiler:
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue(), file=sys.stderr)
    print(json.dumps(asdict(measurement)))


def _command(child: str, options: dict[str, object]) -> list[str]:
    command = [sys.executable, "-m", "benchmarks.ingest_throughput", "--child", child]
    for name, value in options.items():
        if value is True:
            command.append(f"--{name.replace('_', '-')}")
        elif value not in (None, False):
            command += [f"--{name.replace('_', '-')}", str(value)]
    return command


def _result(command: list[str], returncode: int, stdout: str) -> dict:
    if returncode not in (0, RSS_EXCEEDED_EXIT):
        raise ChildFailed(f"{' '.join(command)} failed with exit code {returncode}")
    return json.loads(stdout.strip().splitlines()[-1])


def _spawn(child: str, **options: object) -> dict:
    command = _command(child, options)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    return _result(command, done.returncode, done.stdout)


def _record_in_parallel(parts: int, **options: object) -> int:
    """The sandbox generating the data is the slow part: one recorder per CPU."""
    commands = [_command("record", {**options, "part": i, "parts": parts}) for i in range(parts)]
    processes = [subprocess.Popen(c, stdout=subprocess.PIPE, text=True) for c in commands]
    results = []
    for command, process in zip(commands, processes, strict=True):
        stdout, _ = process.communicate()
        results.append(_result(command, process.returncode, stdout))
    return results[0]["analytics_requests"]


class ChildFailed(RuntimeError):
    """A benchmark step's process failed; its error went to stderr."""


def measure_range(
    work: Path,
    creatives: int,
    world_days: int,
    days: int,
    today: dt.date,
    pipelines: Sequence[str],
    *,
    profile: bool,
    rss_limit_mib: float,
) -> tuple[list[Measurement], int]:
    # Every range starts on the same day, so the planner's windows (sized from that day)
    # coincide and a shorter range replays the longer one's recordings.
    start = today - dt.timedelta(days=world_days)
    end = start + dt.timedelta(days=days)
    directory = work / "recording"
    common = {"dir": directory, "start": start.isoformat(), "end": end.isoformat()}
    calls = _record_in_parallel(
        os.cpu_count() or 1, creatives=creatives, world_days=world_days, **common
    )
    measurements = []
    for pipeline in pipelines:
        target = work / f"{pipeline.replace('+', '-')}-{days}d.duckdb"
        target.unlink(missing_ok=True)  # a kept work directory must not carry old rows
        try:
            result = _spawn(
                pipeline, duckdb=target, profile=profile, rss_limit_mib=rss_limit_mib, **common
            )
        except ChildFailed:
            # Keep the other pipelines' figures; the table says which one failed.
            result = asdict(Measurement(PIPELINES[pipeline], days, 0, 0, 0, 0, 0, "failed"))
        measurements.append(Measurement(**result))
    return measurements, calls


def results_table(measurements: Sequence[Measurement], requests: dict[int, int]) -> str:
    rows = []
    for m in measurements:
        ceiling = next(
            (c for c in measurements if c.days == m.days and c.pipeline == PIPELINES[READ_JSON]),
            None,
        )
        slower = "-"
        if ceiling and m is not ceiling and m.rows_per_cpu_second:
            slower = ratio(ceiling.rows_per_cpu_second, m.rows_per_cpu_second)
        rows.append(
            [
                f"{m.days} d",
                m.pipeline,
                requests[m.days],
                m.rows if not m.stopped else m.stopped,
                m.seconds,
                m.cpu_seconds,
                f"{m.rows_per_second:,.0f}",
                f"{m.rows_per_cpu_second:,.0f}",
                f"{m.peak_rss_mib:,.0f}",
                slower,
            ]
        )
    return markdown_table(
        [
            "range",
            "pipeline",
            "adAnalytics calls",
            "rows",
            "wall s",
            "CPU s",
            "rows/s (wall)",
            "rows per CPU s",
            "peak RSS MiB",
            "read_json faster by (CPU)",
        ],
        rows,
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the long range")
    parser.add_argument("--days", type=int, default=365, help="the long range, in days")
    parser.add_argument("--short-days", type=int, default=0, help="default: half of --days")
    parser.add_argument(
        "--pipelines",
        default=",".join(PIPELINES),
        help=f"comma-separated, from: {', '.join(PIPELINES)}",
    )
    parser.add_argument(
        "--rss-limit-mib", type=float, default=12_000, help="stop a pipeline above this RSS"
    )
    parser.add_argument(
        "--work-dir", help="keep recordings and DuckDB files here (reused by a later run)"
    )
    parser.add_argument("--profile", action="store_true", help="print each child's cProfile")
    # Internal: one step in its own process.
    parser.add_argument("--child", choices=("record", *PIPELINES), help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    parser.add_argument("--start", help=argparse.SUPPRESS)
    parser.add_argument("--end", help=argparse.SUPPRESS)
    parser.add_argument("--duckdb", help=argparse.SUPPRESS)
    parser.add_argument("--creatives", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--world-days", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--parts", type=int, default=1, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> list[Measurement]:
    args = parse_args(argv)
    if args.child:
        _child(args)
        return []
    today = utc_today()
    creatives = math.ceil(args.rows / args.days)
    short_days = args.short_days or max(1, args.days // 2)
    heading("Ingest throughput")
    print(machine())
    print(
        f"world: {ACCOUNTS} accounts x {creatives:,} creatives serving daily; every metric of "
        f"pivot CREATIVE ({len(ads_tables.CREATIVE_METRICS)}), ranges of {args.days} days (ending "
        f"yesterday) and of its first {short_days} days",
        flush=True,
    )
    pipelines = [p.strip() for p in args.pipelines.split(",") if p.strip()]
    measurements: list[Measurement] = []
    requests: dict[int, int] = {}
    with contextlib.ExitStack() as stack:
        work = args.work_dir or stack.enter_context(
            tempfile.TemporaryDirectory(prefix="linkedin-ingest-")
        )
        for days in (args.days, short_days):
            found, requests[days] = measure_range(
                Path(work),
                creatives,
                args.days,
                days,
                today,
                pipelines,
                profile=args.profile,
                rss_limit_mib=args.rss_limit_mib,
            )
            measurements += found
    print()
    print(results_table(measurements, requests))
    return measurements


if __name__ == "__main__":
    main()
