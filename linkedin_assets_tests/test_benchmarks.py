"""Every benchmark at a tiny size, so none of them can rot. Counts only, never timings."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import duckdb
import pytest

from benchmarks import backfill_cost, ingest_throughput, peers, request_economy
from benchmarks.harness import materialize_range, resources_for, workload_sandbox
from benchmarks.workloads import WORKLOADS, utc_today
from linkedin_assets.assets import ads as ads_assets
from linkedin_assets.assets import ads_runs, ads_tables
from linkedin_assets.assets.ads_facts import analytics_day
from linkedin_assets.linkedin import ads as ads_api
from linkedin_assets.linkedin.planning import (
    STRUCTURAL_FIELDS,
    AnalyticsPlan,
    PlanExecution,
    PlannedRequest,
    element_key,
    execute_plan,
    metric_column,
)
from linkedin_assets.sandbox.world import World, WorldConfig
from linkedin_assets.sandbox.world_workloads import WorkloadShape

TODAY = dt.date(2026, 5, 20)


# ----------------------------------------------------------------------- workload worlds


def test_a_workload_world_has_exactly_its_shape() -> None:
    shape = WorkloadShape(accounts=3, creatives=25, days=20, posts=12, creatives_per_campaign=4)
    world = World(WorldConfig(today=TODAY, workload=shape))
    assert len(world.ad_accounts) == 3
    assert {a["status"] for a in world.ad_accounts} == {"ACTIVE"}
    assert len(world.creatives) == 25
    per_account = sorted(
        sum(c["account"] == f"urn:li:sponsoredAccount:{a['id']}" for c in world.creatives)
        for a in world.ad_accounts
    )
    assert per_account == [8, 8, 9]
    organic = [p for p in world.posts if not (p.get("adContext") or {}).get("isDsc")]
    assert len(world.posts) > len(organic)  # creatives still get their dark posts
    assert len(organic) == 12
    # Every creative serves on each of the last `days` days (bar the rare zero-delivery day).
    days = [TODAY - dt.timedelta(days=n) for n in range(4, 21)]
    served = sum(
        world.creative_metrics(c["id"], day, ("impressions",)) is not None
        for c in world.creatives
        for day in days
    )
    assert served >= 0.95 * len(world.creatives) * len(days)
    before = TODAY - dt.timedelta(days=21)
    assert all(
        world.creative_metrics(c["id"], before, ("impressions",)) is None for c in world.creatives
    )


def test_the_same_workload_builds_the_same_world() -> None:
    shape = WorkloadShape(accounts=2, creatives=6, days=10, posts=3)
    first = World(WorldConfig(today=TODAY, workload=shape))
    again = World(WorldConfig(today=TODAY, workload=shape))
    assert json.dumps(first.creatives, sort_keys=True) == json.dumps(
        again.creatives, sort_keys=True
    )
    assert [p["id"] for p in first.posts] == [p["id"] for p in again.posts]


def test_a_workload_longer_than_the_history_is_refused() -> None:
    with pytest.raises(ValueError, match="history_days"):
        World(WorldConfig(today=TODAY, history_days=30, workload=WorkloadShape(days=30)))


# ------------------------------------------------------------------------ peer fetchers


def test_peer_windows_cover_the_range_without_overlap() -> None:
    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 5)
    windows = list(peers.fixed_windows(start, end, 30))
    assert windows[0][0] == start and windows[-1][1] == end - dt.timedelta(days=1)
    assert len(windows) == 3
    assert all(b[0] == a[1] + dt.timedelta(days=1) for a, b in itertools.pairwise(windows))


def test_peers_get_the_same_rows_with_more_requests() -> None:
    workload = WORKLOADS["a"].scaled(0.05)  # 5 creatives x 18 days
    result = request_economy.run_workload(
        workload,
        [request_economy.OURS, *(p.name for p in peers.PEERS)],
        utc_today(),
    )
    ours, batched, per_entity = result.runs
    rows = ours.rows["ad_analytics_by_creative"]
    assert rows > 0
    assert batched.rows == ours.rows == per_entity.rows
    assert ours.requests.analytics <= batched.requests.analytics
    # One request per creative per window per chunk: 5 creatives x 1 window x 6 chunks.
    assert per_entity.requests.analytics == 5 * 1 * 6
    table = request_economy.summary_table([result])
    assert "adAnalytics |" in table and f"{30 / ours.requests.analytics:,.1f}x" in table


@pytest.mark.parametrize("key", ["c", "d"])
def test_page_and_incremental_workloads_run_for_every_strategy(key: str) -> None:
    workload = WORKLOADS[key].scaled(0.02)
    strategies = [request_economy.OURS, peers.BATCHED_PEER.name]
    result = request_economy.run_workload(workload, strategies, utc_today())
    ours, peer = result.runs
    assert ours.rows["posts"] == peer.rows["posts"]
    assert ours.requests.total > 0 and peer.requests.total > 0
    if key == "d":
        assert ours.rows["ad_analytics_by_creative"] == peer.rows["ad_analytics_by_creative"] > 0


# -------------------------------------------------------------------------------- ingest


def test_every_ingest_pipeline_commits_the_same_rows(tmp_path) -> None:
    today = utc_today()
    start, end = today - dt.timedelta(days=6), today
    recording = tmp_path / "recording"
    calls = ingest_throughput.record(
        recording, WorkloadShape(accounts=2, creatives=8, days=8), start, end
    )
    assert calls == len(ads_tables.CREATIVE_METRICS) // 18 + 1  # one window, every chunk
    ours = ingest_throughput.run_ours(recording, start, end, tmp_path / "ours.duckdb")
    ceiling = ingest_throughput.run_ceiling(recording, start, end, tmp_path / "ceiling.duckdb")
    assert ours.rows > 0
    assert ours.rows == ceiling.rows
    with duckdb.connect(str(tmp_path / "ceiling.duckdb"), read_only=True) as con:
        columns = {row[0] for row in con.execute("DESCRIBE ceiling").fetchall()}
    assert {metric_column(m) for m in ads_tables.CREATIVE_METRICS} <= columns
    table = ingest_throughput.results_table([ours, ceiling], {6: calls})
    assert "DuckDB read_json" in table


def test_streaming_a_plan_hands_on_each_day_once_every_chunk_has_it() -> None:
    sandbox = workload_sandbox(WorkloadShape(accounts=1, creatives=3, days=12))
    today = sandbox.world.today
    days = [today - dt.timedelta(days=n) for n in range(10, 0, -1)]
    account = ads_api.account_urn(sandbox.world.ad_accounts[0]["id"])

    def planned(first: dt.date, last: dt.date, metrics: tuple[str, ...]) -> PlannedRequest:
        return PlannedRequest(
            ("CREATIVE",), "DAILY", first, last, "accounts", (account,),
            (*STRUCTURAL_FIELDS, *metrics), None,
        )  # fmt: skip

    # Chunks with different windows, as reach (92 days) and the rest (element budget) can be.
    counts, money = ("impressions", "clicks"), ("costInUsd",)
    plan = AnalyticsPlan(
        (
            planned(days[0], days[4], counts),
            planned(days[5], days[9], counts),
            planned(days[0], days[9], money),
        )
    )
    with request_economy.sandbox_client(sandbox) as client:
        batches = list(PlanExecution(plan, client.send).batches())
        whole = execute_plan(plan, client.send).elements
    assert len(batches) == 2
    first_days = {analytics_day(m.element) for m in batches[0]}
    assert max(first_days) <= days[4] < min(analytics_day(m.element) for m in batches[1])
    streamed = [m.element for batch in batches for m in batch]
    by_key = sorted(streamed, key=element_key)
    assert by_key == [m.element for m in whole]  # the same merged elements, each once
    assert all({"impressions", "clicks", "costInUsd"} <= set(e) for e in streamed)


# ------------------------------------------------------------------------------ backfill


def test_backfill_benchmark_compares_one_run_with_per_day_runs(capsys) -> None:
    single, sample = backfill_cost.main(["--days", "2", "--runs", "1"])
    assert single.runs == 1 and sample.runs == 1
    assert single.requests.total > 0 and sample.requests.total > 0
    assert single.rows["ad_analytics_by_creative"] >= sample.rows["ad_analytics_by_creative"]
    assert "extrapolated x2.0 from 1" in capsys.readouterr().out


def test_the_asset_streams_every_row_once_across_account_groups(tmp_path, monkeypatch) -> None:
    # A small element budget splits the 10 accounts into groups with windows of their own.
    monkeypatch.setattr(ads_runs, "ELEMENT_BUDGET", 20)
    sandbox = workload_sandbox(WorkloadShape(accounts=10, creatives=60, days=16))
    today = sandbox.world.today
    start, end = today - dt.timedelta(days=16), today - dt.timedelta(days=6)
    path = tmp_path / "windowed.duckdb"
    result = materialize_range(
        [ads_assets.ad_analytics_by_creative], resources_for(sandbox, path), start, end
    )
    # One materialization per partition of the range, all with the run's metadata.
    materialization = result.asset_materializations_for_node("ad_analytics_by_creative")[0]
    metadata = {key: value.value for key, value in materialization.metadata.items()}
    assert metadata["analytics_requests_used"] > 6 * 10  # more than one group of 1-day windows
    with duckdb.connect(str(path), read_only=True) as con:
        rows, distinct, complete, writes = con.execute(
            "SELECT count(*), count(DISTINCT (day, creative_id)), "
            "count(approximate_member_reach + viral_registrations + impressions), "
            "count(DISTINCT _synced_at) FROM linkedin.ad_analytics_by_creative"
        ).fetchone()
    assert rows == distinct == complete == metadata["rows_inserted"]
    assert rows >= 0.95 * 60 * 10
    assert writes == 1  # streamed in parts, committed in one transaction
