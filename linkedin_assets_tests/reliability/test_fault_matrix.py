"""Every fault the sandbox can inject, at a realistic rate, over a real socket: every raw asset
still lands exactly what a fault-free run lands, with no duplicate key.

The matrix uses a 2-day range (a 30-day range per fault would take the suite past its time
budget); one 30-day run has every fault at once. Scenario runs happen in worker processes
(scenarios.py); each test compares the files table by table, ignoring only the columns that
record when a row was written (`_synced_at`, history `valid_from` / `valid_to`).
"""

from __future__ import annotations

import functools

import pytest

from linkedin_assets_tests.reliability import harness, scenarios
from linkedin_assets_tests.reliability.conftest import ScenarioPool
from linkedin_assets_tests.reliability.scenarios import ScenarioResult

# scenario -> the sandbox fault kinds (ledger `fault`) that must have fired
EXPECTED_FAULTS = {
    "rate_limit_retry_after": {"rate_limit"},
    "rate_limit_no_header": {"rate_limit_no_header"},
    "data_volume": {"data_volume"},
    "server_error": {"server_error"},
    "connection_reset": {"connection_reset"},
    "slow_response": {"slow_response"},
    "truncated_body": {"truncated_body"},
    "token_expiry": {"token_expired"},
}
assert set(EXPECTED_FAULTS) == set(scenarios.FAULT_SCENARIOS)


@functools.cache
def contents_of(path: str) -> harness.TableRows:
    """A baseline file's contents, read once for every comparison with it."""
    return harness.table_contents(path)


def assert_same_as_baseline(result: ScenarioResult, baseline: ScenarioResult) -> None:
    assert baseline.outcome.ok, baseline.outcome.errors
    assert result.outcome.ok, "\n\n".join(result.outcome.errors)
    expected = contents_of(baseline.duckdb_path)
    assert set(expected) >= harness.tables_of(harness.RAW_ASSETS)
    # A short window may have no lead or carousel; nearly every table must hold rows.
    empty = [table for table, rows in expected.items() if not rows]
    assert len(empty) <= 3, empty
    differences = harness.content_differences(harness.table_contents(result.duckdb_path), expected)
    assert differences == [], "\n".join(differences)
    assert harness.duplicate_keys(result.duckdb_path) == {}


def total_retries(result: ScenarioResult) -> int:
    return sum(int(m.get("api_retries", 0)) for m in result.outcome.metadata.values())


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=pytest.mark.scenarios("baseline", name)) for name in EXPECTED_FAULTS],
)
def test_every_raw_asset_survives_the_fault_exactly(pool: ScenarioPool, name: str):
    result = pool.result(name)
    fired = {kind for kind, count in result.faults.items() if count}
    assert fired == EXPECTED_FAULTS[name], f"faults seen: {dict(result.faults)}"
    assert_same_as_baseline(result, pool.result("baseline"))
    # The retries are recorded in the materializations' metadata.
    assert total_retries(result) > 0


@pytest.mark.scenarios("baseline", "server_error")
def test_every_server_error_status_was_retried(pool: ScenarioPool):
    statuses = pool.result("server_error").statuses
    assert all(statuses[status] > 0 for status in (500, 502, 503, 504)), dict(statuses)


@pytest.mark.scenarios("baseline", "rate_limit_retry_after", "data_volume", "rate_limit_no_header")
def test_waits_follow_retry_after_and_the_data_volume_setting(pool: ScenarioPool):
    # The sandbox's Retry-After is 1 s; the client waits exactly that long.
    assert 1.0 in pool.result("rate_limit_retry_after").waits
    # data_volume_wait_seconds (330 s by default) is a resource setting: tests set 0.02 s.
    volume_waits = pool.result("data_volume").waits
    assert harness.FAST_RETRY["data_volume_wait_seconds"] in volume_waits
    # Without Retry-After the backoff starts from retry_backoff_seconds.
    assert max(pool.result("rate_limit_no_header").waits) < 1.0


@pytest.mark.scenarios("baseline_30_days", "every_fault_30_days")
def test_a_30_day_backfill_under_every_fault_at_once(pool: ScenarioPool):
    result = pool.result("every_fault_30_days")
    fired = {kind for kind, count in result.faults.items() if count}
    assert fired >= {
        "rate_limit",
        "rate_limit_no_header",
        "data_volume",
        "server_error",
        "connection_reset",
        "truncated_body",
        "token_expired",
    }, dict(result.faults)
    assert_same_as_baseline(result, pool.result("baseline_30_days"))
