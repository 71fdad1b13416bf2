"""Schedules: ticks evaluated with a schedule context against real DuckDB files."""

import datetime as dt

import dagster as dg
import pytest

from linkedin_assets.assets import ads_tables
from linkedin_assets.assets.pages import share_statistics
from linkedin_assets.definitions import defs
from linkedin_assets.jobs import DAILY_KEYS, MODEL_KEYS, MONTHLY_KEYS, SNAPSHOT_KEYS
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource
from linkedin_assets.schedules import (
    DEFAULT_RESTATEMENT_DAYS,
    MAX_RESTATEMENT_DAYS,
    MIN_RESTATEMENT_DAYS,
    RANGE_END_TAG,
    RANGE_START_TAG,
    RESTATEMENT_DAYS_ENV,
    linkedin_daily_partitions,
    linkedin_monthly_demographics,
    linkedin_restatement_nightly,
    linkedin_snapshots_daily,
    restatement_range,
)
from linkedin_assets.storage import DuckDBStore

TICK = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)


def _store_conversion_rules(path, windows: list[tuple[int | None, int | None, bool]]) -> None:
    """Write conversion rules with (post-click, view-through, enabled) through the real writer."""
    table = ads_tables.CONVERSIONS
    rows = [
        {
            "conversion_id": i + 1,
            "account_id": 500,
            "post_click_attribution_window_size": click,
            "view_through_attribution_window_size": view,
            "enabled": enabled,
            "_raw": "{}",
        }
        for i, (click, view, enabled) in enumerate(windows)
    ]
    DuckDBStore(path).write_dimension(
        table.spec, table.frame(rows), as_of=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )


def _restatement_tick(tmp_path, monkeypatch, windows=None, env_days=None):
    path = tmp_path / "warehouse.duckdb"
    if windows is not None:
        _store_conversion_rules(path, windows)
    if env_days is None:
        monkeypatch.delenv(RESTATEMENT_DAYS_ENV, raising=False)
    else:
        monkeypatch.setenv(RESTATEMENT_DAYS_ENV, env_days)
    context = dg.build_schedule_context(
        scheduled_execution_time=TICK,
        resources={"warehouse": WarehouseResource(path=str(path), mode=SANDBOX)},
    )
    return linkedin_restatement_nightly(context)


def test_daily_schedule_requests_yesterday_for_every_daily_asset():
    request = linkedin_daily_partitions(dg.build_schedule_context(scheduled_execution_time=TICK))
    assert request.partition_key == "2026-03-09"
    job = defs.resolve_job_def(linkedin_daily_partitions.job_name)
    assert job.partitions_def is not None
    assert "2026-03-09" in job.partitions_def.get_partition_keys(current_time=TICK)
    names = {k.to_user_string() for k in DAILY_KEYS}
    assert {"ad_analytics_by_creative", "follower_statistics", "lead_form_responses"} <= names
    assert "ad_demographics" not in names  # monthly, in its own job


def test_restatement_window_comes_from_the_longest_enabled_attribution_window(
    tmp_path, monkeypatch
):
    # The 90-day rule is disabled: it must not count. Longest enabled: 14 days.
    request = _restatement_tick(
        tmp_path, monkeypatch, windows=[(14, 7, True), (1, 3, True), (90, 90, False)]
    )
    assert request.tags[RANGE_START_TAG] == "2026-02-23"  # 14 days before 2026-03-09
    assert request.tags[RANGE_END_TAG] == "2026-03-08"
    assert request.tags["linkedin/restatement_days"] == "14"
    assert request.partition_key is None  # one run over the range, not one per day


@pytest.mark.parametrize(
    ("longest", "expected"), [(90, MAX_RESTATEMENT_DAYS), (1, MIN_RESTATEMENT_DAYS)]
)
def test_restatement_window_is_capped(tmp_path, monkeypatch, longest, expected):
    request = _restatement_tick(tmp_path, monkeypatch, windows=[(longest, None, True)])
    assert request.tags["linkedin/restatement_days"] == str(expected)
    start = dt.date.fromisoformat(request.tags[RANGE_START_TAG])
    assert (dt.date(2026, 3, 9) - start).days == expected


def test_restatement_uses_the_environment_first_and_a_default_without_data(tmp_path, monkeypatch):
    configured = _restatement_tick(tmp_path, monkeypatch, windows=[(30, 30, True)], env_days="5")
    assert configured.tags["linkedin/restatement_days"] == "5"
    assert configured.tags["linkedin/restatement_days_source"] == RESTATEMENT_DAYS_ENV

    missing_file = _restatement_tick(tmp_path / "fresh", monkeypatch)
    assert missing_file.tags["linkedin/restatement_days"] == str(DEFAULT_RESTATEMENT_DAYS)
    assert "default" in missing_file.tags["linkedin/restatement_days_source"]

    with pytest.raises(Exception, match=RESTATEMENT_DAYS_ENV):
        _restatement_tick(tmp_path, monkeypatch, env_days="a week")


def test_restatement_range_never_starts_before_the_first_partition():
    assert restatement_range("2025-09-01", 7) is None
    assert restatement_range("2025-09-03", 30) == ("2025-09-01", "2025-09-02")


def test_restatement_request_runs_as_one_run_over_its_range(tmp_path, monkeypatch):
    """The tick's tags drive a real single-run backfill: one run, every day of the window."""
    monkeypatch.setenv(RESTATEMENT_DAYS_ENV, "3")
    now = dt.datetime.now(dt.UTC).replace(hour=3, minute=0, second=0, microsecond=0)
    warehouse = WarehouseResource(path=str(tmp_path / "w.duckdb"), mode=SANDBOX)
    request = linkedin_restatement_nightly(
        dg.build_schedule_context(scheduled_execution_time=now, resources={"warehouse": warehouse})
    )
    result = dg.materialize(
        [share_statistics],
        resources={"linkedin": LinkedInResource(sandbox=True), "warehouse": warehouse},
        tags=request.tags,
    )
    assert result.success
    materialized = sorted(
        m.partition for m in result.asset_materializations_for_node("share_statistics")
    )
    yesterday = now.date() - dt.timedelta(days=1)
    assert materialized == [(yesterday - dt.timedelta(days=d)).isoformat() for d in (3, 2, 1)]
    for key in DAILY_KEYS:  # every asset of the job accepts a single-run range
        policy = defs.resolve_asset_graph().get(key).backfill_policy
        assert policy is not None and policy.max_partitions_per_run is None, key


def test_snapshot_and_monthly_schedules():
    snapshot = linkedin_snapshots_daily(dg.build_schedule_context(scheduled_execution_time=TICK))
    assert snapshot.partition_key is None
    assert {k.to_user_string() for k in SNAPSHOT_KEYS} >= {"campaigns", "organizations"}
    assert not set(SNAPSHOT_KEYS) & set(DAILY_KEYS)
    monthly = linkedin_monthly_demographics(
        dg.build_schedule_context(scheduled_execution_time=TICK)
    )
    assert monthly.partition_key == "2026-02-01"
    assert [k.to_user_string() for k in MONTHLY_KEYS] == ["ad_demographics"]
    assert MODEL_KEYS, "the unpartitioned dbt models ride along with the daily run"


def test_every_schedule_starts_running_in_a_deployment():
    for schedule in defs.schedules:
        assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING, schedule.name
        assert schedule.execution_timezone == "UTC"
