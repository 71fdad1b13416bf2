"""Answers that differ from what the code expects (altered_sandbox.py): missing optional fields,
nulls, unexpected types, a field no version has yet, short and empty pages, and elements
repeated across pages. Every raw asset must still materialize, keep every entity exactly once,
record the duplicates it dropped, and keep the odd values in `_raw`.

The altered run and its fault-free baseline are pooled scenarios (same world, same window).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import duckdb
import pytest

from linkedin_assets_tests.reliability import altered_sandbox, harness
from linkedin_assets_tests.reliability.conftest import ScenarioPool
from linkedin_assets_tests.reliability.scenarios import ScenarioResult

pytestmark = pytest.mark.scenarios("baseline", "altered_payloads")
# Tables whose every row comes from one altered element (child tables hold sub-elements).
ELEMENT_TABLES = (
    "ad_accounts",
    "ad_account_users",
    "campaign_groups",
    "campaigns",
    "creatives",
    "conversions",
    "lead_forms",
    "ad_analytics_by_campaign",
    "ad_analytics_by_creative",
    "conversion_performance",
    "organizations",
    "follower_statistics",
    "page_statistics",
    "share_statistics",
    "posts",
    "post_statistics",
    "post_comments",
    "post_reactions",
)


@pytest.fixture(scope="module")
def altered(scenario_pool: ScenarioPool) -> ScenarioResult:
    return scenario_pool.result("altered_payloads")


@pytest.fixture(scope="module")
def baseline(scenario_pool: ScenarioPool) -> ScenarioResult:
    return scenario_pool.result("baseline")


@pytest.fixture
def con(altered) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(altered.duckdb_path, read_only=True) as connection:
        yield connection


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_every_asset_materializes_despite_the_odd_answers(altered):
    assert altered.outcome.ok, "\n\n".join(altered.outcome.errors)
    assert altered.outcome.materialized == harness.tables_of(harness.RAW_ASSETS)
    # The alterations really happened.
    assert {
        "cursor_split",
        "index_split",
        "duplicate_across_pages",
        "empty_page",
        "total_removed",
    } <= set(altered.alterations), altered.alterations


def test_no_entity_is_lost_or_stored_twice(altered, baseline):
    got = harness.table_contents(altered.duckdb_path)
    expected = harness.table_contents(baseline.duckdb_path)
    counts = {table: len(got.get(table, [])) for table in expected}
    assert counts == {table: len(rows) for table, rows in expected.items()}
    assert harness.duplicate_keys(altered.duckdb_path) == {}


def test_duplicates_across_pages_are_dropped_and_recorded(altered):
    metadata = altered.outcome.metadata
    # Cursor listings (campaigns, creatives) and an index listing (conversions).
    for asset in ("campaigns", "creatives", "conversions"):
        assert metadata[asset]["duplicates_dropped"] > 0, asset


def test_raw_keeps_fields_no_version_has_yet(con):
    marker = f"%{altered_sandbox.NEW_FIELD}%"
    for table in ELEMENT_TABLES:
        total, kept = rows(
            con,
            f"SELECT count(*), count(*) FILTER (WHERE CAST(_raw AS VARCHAR) LIKE '{marker}') "
            f'FROM linkedin."{table}"',
        )[0]
        assert kept == total, f"{table}: {total - kept} of {total} rows lost the new field"


def test_odd_values_become_null_or_parsed_and_raw_keeps_them(con):
    campaigns = rows(con, "SELECT name, test, serving_statuses, _raw FROM linkedin.campaigns")
    odd = [
        (n, t, s, json.loads(r)) for n, t, s, r in campaigns if json.loads(r).get("test") == "false"
    ]
    assert odd, "no campaign arrived with a text boolean"
    for name, test, _, raw in odd:
        assert name is None and raw["name"] is None
        assert test is None  # "false" is not a boolean; the text is in _raw
    listed = [r for r in campaigns if json.loads(r[3]).get("servingStatuses") == "RUNNABLE"]
    assert listed and all(status is None for _, _, status, _ in listed)


def test_metrics_as_text_or_numbers_are_parsed_and_nulls_stay_null(altered, baseline):
    query = (
        "SELECT day, campaign_id, impressions, clicks, cost_in_local_currency, cost_in_usd, "
        "_raw FROM linkedin.ad_analytics_by_campaign ORDER BY day, campaign_id"
    )
    with duckdb.connect(baseline.duckdb_path, read_only=True) as base:
        expected = {(d, c): rest for d, c, *rest in base.execute(query).fetchall()}
    with duckdb.connect(altered.duckdb_path, read_only=True) as connection:
        got = connection.execute(query).fetchall()
    assert len(got) == len(expected)
    elements = [json.loads(raw) for *_, raw in got]
    assert any(isinstance(e.get("impressions"), str) for e in elements)
    assert any("clicks" in e and e["clicks"] is None for e in elements)
    for (day, campaign, impressions, clicks, local_cost, usd_cost, _), element in zip(
        got, elements, strict=True
    ):
        want_impressions, want_clicks, want_local, want_usd, _ = expected[(day, campaign)]
        # "123" and 123 are the same count; 12.5 and "12.5" the same amount.
        assert impressions == want_impressions
        assert (local_cost is None) == (want_local is None)
        assert local_cost is None or Decimal(str(local_cost)) == Decimal(str(want_local))
        # A null or missing metric is unknown, never zero.
        if "clicks" in element and element["clicks"] is None:
            assert clicks is None
        else:
            assert clicks == want_clicks
        if element.get("costInUsd") is None:
            assert usd_cost is None
        else:
            assert usd_cost == want_usd
