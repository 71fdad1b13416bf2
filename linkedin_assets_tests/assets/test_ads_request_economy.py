"""Issue 4's request-economy target, proven on the real asset: 1 account x 100 creatives x
365 days with every metric costs at most 24 adAnalytics requests, counted by the sandbox, and
the planner's plan is exactly what went on the wire.

`ad_analytics_by_creative` is materialized as one single-run backfill over a sandbox world of
exactly that shape (WorkloadShape), registered for a LinkedInResource subclass the way the
benchmarks do it. Takes ~40 s, most of it the sandbox generating 36,500 rows of ~90 metrics.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from linkedin_assets.assets import ads, ads_runs, ads_tables
from linkedin_assets.assets.pages_scope import utc_today
from linkedin_assets.linkedin import ads as ads_api
from linkedin_assets.linkedin.planning import STRUCTURAL_FIELDS, AnalyticsPlan, metric_column
from linkedin_assets.partitions import DAILY
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource
from linkedin_assets.sandbox import Sandbox, WorldConfig
from linkedin_assets.sandbox.world import World
from linkedin_assets.sandbox.world_workloads import WorkloadShape
from linkedin_assets.storage import DuckDBStore

SHAPE = WorkloadShape(accounts=1, creatives=100, days=365)
MAX_ANALYTICS_REQUESTS = 24
ANALYTICS = "adAnalytics"

# Resources are configuration, so the test's sandbox is registered under a key.
_SANDBOXES: dict[str, Sandbox] = {}
_KEYS = itertools.count()


class WorkloadLinkedIn(LinkedInResource):
    """The project's LinkedIn resource in sandbox mode, on a registered workload sandbox."""

    sandbox_key: str

    def sandbox_instance(self) -> Sandbox:
        return _SANDBOXES[self.sandbox_key]


@dataclass(frozen=True)
class Wire:
    """One request as the sandbox received it: path and query (tunnelled queries included)."""

    method: str
    target: str


def _recording(sandbox: Sandbox, wire: list[Wire]) -> None:
    """Record every request the sandbox answers, exactly as it arrived."""
    handle = sandbox.handle

    def recorded(method: str, target: str, headers, body: bytes):
        lowered = {name.lower(): value for name, value in headers.items()}
        seen = target
        if lowered.get("x-http-method-override") and body:
            seen = f"{target}?{body.decode('ascii')}"  # a tunnelled GET carries its query
        wire.append(Wire(method, seen))
        return handle(method, target, headers, body)

    sandbox.handle = recorded  # type: ignore[method-assign]


@dataclass
class EconomyRun:
    sandbox: Sandbox
    path: Path
    start: dt.date
    end: dt.date  # exclusive
    metadata: dict[str, Any]
    plans: list[AnalyticsPlan]
    wire: list[Wire]
    ledger_before: int


@pytest.fixture(scope="module")
def economy_run(tmp_path_factory) -> EconomyRun:
    history = SHAPE.days + 30
    sandbox = Sandbox(World(WorldConfig(seed=7, history_days=history, workload=SHAPE)))
    key = f"economy-{next(_KEYS)}"
    _SANDBOXES[key] = sandbox
    wire: list[Wire] = []
    _recording(sandbox, wire)

    today = utc_today()
    assert sandbox.world.today == today
    start, end = today - dt.timedelta(days=SHAPE.days), today
    asset = ads.ad_analytics_by_creative
    if dt.date.fromisoformat(DAILY.get_first_partition_key()) > start:
        # LINKEDIN_START_DATE leaves fewer than 365 days: the same asset on earlier partitions.
        early = dg.DailyPartitionsDefinition(start_date=start.isoformat(), timezone="UTC")
        (asset,) = dg.map_asset_specs(
            lambda spec: spec.replace_attributes(partitions_def=early), [asset]
        )

    # The plan the asset gets from the pure planner, kept as it is returned (nothing changed).
    plans: list[AnalyticsPlan] = []
    planner = ads_runs.plan_account_analytics

    def capturing(**kwargs):
        plan = planner(**kwargs)
        plans.append(plan)
        return plan

    path = tmp_path_factory.mktemp("economy") / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ads_runs, "plan_account_analytics", capturing)
        before = len(sandbox.ledger)
        result = dg.materialize(
            [asset],
            resources={
                "linkedin": WorkloadLinkedIn(sandbox=True, sandbox_key=key),
                "warehouse": WarehouseResource(path=str(path), mode=SANDBOX),
            },
            instance=dg.DagsterInstance.ephemeral(),
            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
            tags={
                "dagster/asset_partition_range_start": start.isoformat(),
                "dagster/asset_partition_range_end": (end - dt.timedelta(days=1)).isoformat(),
            },
        )
    assert result.success
    # A single-run range records one materialization per partition, all with the run's metadata.
    events = result.get_asset_materialization_events()
    assert len(events) == SHAPE.days
    metadata = {
        name: getattr(value, "value", value)
        for name, value in events[-1].materialization.metadata.items()
    }
    yield EconomyRun(sandbox, path, start, end, metadata, plans, wire, before)
    _SANDBOXES.pop(key, None)


def _analytics_entries(run: EconomyRun):
    return [e for e in run.sandbox.ledger.entries[run.ledger_before :] if e.endpoint == ANALYTICS]


def test_a_year_of_100_creatives_takes_at_most_24_analytics_requests(economy_run):
    entries = _analytics_entries(economy_run)
    assert 0 < len(entries) <= MAX_ANALYTICS_REQUESTS, len(entries)
    for entry in entries:
        assert entry.status == 200, entry
        assert entry.pivot == "CREATIVE", entry  # one call per account facet, never per entity
        assert entry.fields_count is not None
        assert entry.fields_count <= ads_api.MAX_ANALYTICS_FIELDS, entry
        assert entry.elements is not None
        assert entry.elements < ads_api.ANALYTICS_ROW_CAP, entry  # no answer at the cap
    metadata = economy_run.metadata
    assert metadata["analytics_requests_planned"] == len(entries)
    assert metadata["analytics_requests_used"] == len(entries)
    assert metadata["analytics_cap_splits"] == 0
    assert metadata["api_requests_by_endpoint"][ANALYTICS] == len(entries)


def test_the_plan_is_exactly_what_went_on_the_wire(economy_run):
    (plan,) = economy_run.plans
    planned = Counter(f"/rest{request.request.target()}" for request in plan.requests)
    sent = Counter(
        wire.target for wire in economy_run.wire if wire.target.startswith("/rest/adAnalytics")
    )
    assert sent == planned
    assert max(planned.values()) == 1  # no request asked twice

    # The plan covers every (day, metric) of the window once: each metric's windows tile
    # [start, end) without a gap or an overlap, over the one account, with every metric.
    first, last = economy_run.start, economy_run.end - dt.timedelta(days=1)
    covered: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for request in plan.requests:
        assert request.facet == "accounts" and len(request.facet_urns) == SHAPE.accounts
        for field in request.fields:
            if field not in STRUCTURAL_FIELDS:
                covered.setdefault(field, []).append((request.first, request.last))
    assert set(covered) == set(ads_tables.CREATIVE_METRICS)
    for metric, windows in covered.items():
        windows.sort()
        assert windows[0][0] == first and windows[-1][1] == last, metric
        for (_, end_of), (start_of, _) in itertools.pairwise(windows):
            assert start_of == end_of + dt.timedelta(days=1), (metric, windows)


def test_the_table_holds_every_creative_day_with_every_metric(economy_run):
    world = economy_run.sandbox.world
    creative_urns = [creative["id"] for creative in world.creatives]  # element ids are URNs
    assert len(creative_urns) == SHAPE.creatives
    days = [economy_run.start + dt.timedelta(days=n) for n in range(SHAPE.days)]
    # The world's answer: a creative's row exists on the days it had impressions.
    expected: dict[tuple[dt.date, int], int] = {}
    for urn, day in itertools.product(creative_urns, days):
        metrics = world.creative_metrics(urn, day, ("impressions",))
        if metrics is not None:
            expected[(day, int(urn.rsplit(":", 1)[1]))] = metrics["impressions"]
    assert len(expected) > 0.9 * SHAPE.creatives * SHAPE.days

    chunks = [
        [m for m in request.fields if m not in STRUCTURAL_FIELDS]
        for request in economy_run.plans[0].requests
    ]
    # One metric of every chunk: a row missing from a chunk's answer would merge as NULLs.
    probes = sorted({metric_column(chunk[-1]) for chunk in chunks})
    nulls = ", ".join(f'count(*) FILTER (WHERE "{c}" IS NULL)' for c in probes)
    with DuckDBStore(economy_run.path).connect(read_only=True) as con:
        stored = {
            (day, int(creative_id)): int(impressions)
            for day, creative_id, impressions in con.execute(
                "SELECT day, creative_id, impressions FROM linkedin.ad_analytics_by_creative"
            ).fetchall()
        }
        null_counts = con.execute(
            f"SELECT {nulls} FROM linkedin.ad_analytics_by_creative"
        ).fetchone()
        total = con.execute("SELECT count(*) FROM linkedin.ad_analytics_by_creative").fetchone()
    assert total[0] == len(stored)  # no duplicate (day, creative)
    assert stored == expected
    assert dict(zip(probes, null_counts, strict=True)) == dict.fromkeys(probes, 0)
    assert economy_run.metadata["rows_inserted"] == len(expected)
