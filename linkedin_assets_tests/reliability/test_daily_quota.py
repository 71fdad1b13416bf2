"""LinkedIn's daily quota running out in the middle of a 30-day backfill of the daily assets.

The scenario (scenarios.py, `daily_quota_30_days`) loads the last 2 days fault-free (the "old"
data), backfills 30 days with a quota of 60 requests, copies the file, resets the quota (midnight
UTC came) and reruns only the failed assets.
"""

from __future__ import annotations

import pytest

from linkedin_assets.linkedin.errors import QUOTA_RESET_HINT
from linkedin_assets_tests.reliability import harness
from linkedin_assets_tests.reliability.conftest import ScenarioPool

pytestmark = pytest.mark.scenarios("baseline_30_days", "daily_quota_30_days")
DAILY_TABLES = harness.tables_of(harness.DAILY_ASSETS)


@pytest.fixture(scope="module")
def quota_run(scenario_pool: ScenarioPool):
    return scenario_pool.result("daily_quota_30_days")


@pytest.fixture(scope="module")
def new_content(scenario_pool: ScenarioPool) -> harness.TableRows:
    """What a fault-free 30-day run stores in the daily tables."""
    baseline = scenario_pool.result("baseline_30_days")
    assert baseline.outcome.ok, baseline.outcome.errors
    return harness.restricted(harness.table_contents(baseline.duckdb_path), DAILY_TABLES)


def test_the_run_stops_mid_backfill_with_the_quota_message(quota_run):
    outcome = quota_run.outcome
    assert outcome.failed_steps, "the quota never ran out"
    assert outcome.materialized, "the quota ran out before any asset completed"
    assert len(outcome.errors) == len(outcome.failed_steps)
    for text in outcome.errors:
        assert "DailyQuotaExceededError" in text
        assert QUOTA_RESET_HINT in text  # midnight UTC, rerun resumes, nothing half-written
    # A quota 429 is final for the day: one per failed asset, never retried.
    assert quota_run.statuses[429] == len(outcome.failed_steps)


def test_nothing_is_half_written_when_the_quota_runs_out(quota_run, new_content):
    old = harness.table_contents(quota_run.files["before"])
    after = harness.table_contents(quota_run.files["after_quota"])
    assert set(after) == set(new_content)
    kept_old, got_new = [], []
    for table, rows in sorted(after.items()):
        if rows == new_content[table]:
            got_new.append(table)
        elif rows == old.get(table, []):
            kept_old.append(table)
        else:
            raise AssertionError(f"{table} holds neither the old nor the new content")
    assert [t for t in kept_old if old.get(t) != new_content[t]], "no failed asset kept old data"
    assert got_new


def test_rerunning_after_midnight_completes_the_backfill_exactly(quota_run, new_content):
    assert quota_run.rerun is not None and quota_run.rerun.ok, quota_run.rerun
    final = harness.table_contents(quota_run.duckdb_path)
    differences = harness.content_differences(final, new_content)
    assert differences == [], "\n".join(differences)
    assert harness.duplicate_keys(quota_run.duckdb_path) == {}
