"""The LinkedIn Ads assets, materialized for real against the sandbox into a DuckDB file."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import dagster as dg
import duckdb
import pytest

from linkedin_assets.assets import ads, ads_runs
from linkedin_assets.linkedin import ads as ads_api
from linkedin_assets.linkedin.errors import ConfigurationError
from linkedin_assets.linkedin.planning import DEMOGRAPHIC_PIVOTS, campaign_activity
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource

DIMENSIONS = [
    ads.ad_accounts,
    ads.ad_account_users,
    ads.campaign_groups,
    ads.campaigns,
    ads.creatives,
    ads.conversions,
    ads.lead_forms,
]
DAILY_FACTS = [
    ads.ad_analytics_by_creative,
    ads.ad_analytics_by_campaign,
    ads.conversion_performance,
    ads.lead_form_responses,
]
KEYS = {
    "ad_accounts": "account_id",
    "ad_account_users": "account_id, user_urn",
    "campaign_groups": "campaign_group_id",
    "campaigns": "campaign_id",
    "creatives": "creative_id",
    "conversions": "conversion_id",
    "conversion_campaigns": "conversion_id, campaign_id",
    "lead_forms": "lead_form_id",
    "ad_analytics_by_creative": "day, creative_id",
    "ad_analytics_by_campaign": "day, campaign_id",
    "conversion_performance": "day, conversion_id, campaign_id",
    "lead_form_responses": "response_id",
    "ad_demographics": "month, campaign_id, demographic_pivot, member_value",
}


# ------------------------------------------------------------------------- helpers


def world():
    return LinkedInResource(sandbox=True).sandbox_instance().world


def materialize(assets, resources, *, key: str | None = None, days=None, raise_on_error=True):
    """One partition (`key`) or a single-run range (`days` = (first, last) partition keys)."""
    if days is None:
        return dg.materialize(
            assets, resources=resources, partition_key=key, raise_on_error=raise_on_error
        )
    return dg.materialize(
        assets,
        resources=resources,
        instance=dg.DagsterInstance.ephemeral(),
        tags={
            "dagster/asset_partition_range_start": days[0],
            "dagster/asset_partition_range_end": days[1],
        },
        raise_on_error=raise_on_error,
    )


def rows(path: str, table: str, where: str = "") -> list[tuple]:
    """Every row without `_synced_at`, in key order."""
    with duckdb.connect(path, read_only=True) as con:
        return con.execute(
            f"SELECT * EXCLUDE (_synced_at) FROM linkedin.{table} {where} ORDER BY {KEYS[table]}"
        ).fetchall()


def scalar(path: str, sql: str) -> Any:
    with duckdb.connect(path, read_only=True) as con:
        return con.execute(sql).fetchone()[0]


def metadata(result, asset_name: str) -> dict[str, Any]:
    materialization = result.asset_materializations_for_node(asset_name)[0]
    return {k: v.value for k, v in materialization.metadata.items()}


def _served(day: dt.date) -> set[str]:
    """Accounts with a creative that delivered on `day`."""
    w = world()
    return {c["account"] for c in w.creatives if w.creative_metrics(c["id"], day, ("impressions",))}


def _converted(day: dt.date) -> bool:
    w = world()
    rules = [f"urn:lla:llaPartnerConversion:{r['id']}" for r in w.conversions]
    return any(
        w.conversion_metrics(c["id"], rule, day, ("externalWebsiteConversions",))
        for c in w.creatives
        for rule in rules
    )


def lead_window() -> tuple[dt.date, dt.date]:
    """Three recent complete days on which leads came in, conversions were credited and at
    least two accounts delivered, so every daily table has rows (found, not hard-coded: the
    sandbox world moves with today's date)."""
    today = world().today
    per_day = Counter(
        dt.datetime.fromtimestamp(r["submittedAt"] / 1000, dt.UTC).date()
        for r in world().lead_form_responses
    )
    for offset in range(5, 300):
        last = today - dt.timedelta(days=offset)
        days = [last - dt.timedelta(days=i) for i in range(3)]
        if (
            all(per_day[day] for day in days)
            and len(_served(last)) >= 2
            and any(_converted(day) for day in days)
        ):
            return days[-1], last
    raise AssertionError("the sandbox world has no suitable three-day window")


def iso(day: dt.date) -> str:
    return day.isoformat()


@pytest.fixture(scope="module")
def window() -> tuple[dt.date, dt.date]:
    return lead_window()


# ---------------------------------------------------------------------- dimensions


def test_dimensions_fill_every_table_and_a_rerun_changes_nothing(sandbox_resources, warehouse):
    path = warehouse.path
    result = materialize(DIMENSIONS, sandbox_resources)
    w = world()
    expected = {
        "ad_accounts": len(w.ad_accounts),
        "ad_account_users": len(w.ad_account_users),
        "campaign_groups": len(w.campaign_groups),
        "campaigns": len(w.campaigns),
        "creatives": len(w.creatives),
        "conversions": len(w.conversions),
        "conversion_campaigns": sum(len(c["campaigns"]) for c in w.conversions),
        "lead_forms": len(w.lead_forms),
    }
    first = {table: rows(path, table) for table in expected}
    for table, count in expected.items():
        assert len(first[table]) == count > 0, table
        assert scalar(path, f"SELECT count(*) FROM linkedin.{table}_history") == count
    md = metadata(result, "campaigns")
    assert md["accounts_covered_count"] == len(w.ad_accounts)
    assert md["api_requests_by_endpoint"] == {"adAccounts": 1, "adCampaigns": len(w.ad_accounts)}
    assert md["api_requests_planned"] == md["api_requests"] == 1 + len(w.ad_accounts)
    assert "SANDBOX" in md["data_source"] and "campaign_id" in md["preview"]

    materialize(DIMENSIONS, sandbox_resources)
    for table, count in expected.items():
        assert rows(path, table) == first[table], table
        # Unchanged entities keep their one open version: no history churn on a rerun.
        assert scalar(path, f"SELECT count(*) FROM linkedin.{table}_history") == count


def test_typed_columns_of_campaigns(sandbox_resources, warehouse):
    materialize([ads.campaigns], sandbox_resources)
    with duckdb.connect(warehouse.path, read_only=True) as con:
        types = dict(
            con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'campaigns'"
            ).fetchall()
        )
        budgets = con.execute(
            "SELECT count(*) FROM linkedin.campaigns WHERE unit_cost_amount > 0 "
            "AND unit_cost_currency IS NOT NULL AND run_schedule_start IS NOT NULL"
        ).fetchone()[0]
    assert types["unit_cost_amount"].startswith("DECIMAL")
    assert types["run_schedule_start"] == "TIMESTAMP WITH TIME ZONE"
    assert types["targeting_criteria"] == "JSON" and types["_raw"] == "JSON"
    assert types["serving_statuses"] == "VARCHAR[]"
    assert budgets == len(world().campaigns)


# --------------------------------------------------------------------------- facts


def test_daily_facts_fill_every_table_and_a_rerun_is_identical(
    sandbox_resources, warehouse, window
):
    path = warehouse.path
    days = (iso(window[0]), iso(window[1]))
    result = materialize(DAILY_FACTS, sandbox_resources, days=days)
    tables = [a.key.path[-1] for a in DAILY_FACTS]
    first = {table: rows(path, table) for table in tables}
    for table in tables:
        assert first[table], f"{table} is empty"
    day_column = {"lead_form_responses": "submitted_date"}
    for table in tables:
        column = day_column.get(table, "day")
        low = scalar(path, f"SELECT min({column}) FROM linkedin.{table}")
        high = scalar(path, f"SELECT max({column}) FROM linkedin.{table}")
        assert window[0] <= low and high <= window[1], table

    md = metadata(result, "ad_analytics_by_creative")
    assert md["window_start"] == iso(window[0])
    assert md["window_end_exclusive"] == iso(window[1] + dt.timedelta(days=1))
    assert md["analytics_requests_planned"] == md["analytics_requests_used"]
    assert md["api_requests_by_endpoint"]["adAnalytics"] == md["analytics_requests_used"]
    assert md["api_requests_planned"] == md["api_requests"]  # single pages, no splits
    assert md["analytics_cap_splits"] == 0
    assert md["dagster/row_count"] == len(first["ad_analytics_by_creative"])
    # Every metric column came back: cost in both currencies, as DECIMAL.
    assert (
        scalar(
            path,
            "SELECT count(*) FROM linkedin.ad_analytics_by_creative WHERE cost_in_usd IS NULL "
            "OR cost_in_local_currency IS NULL OR impressions IS NULL OR account_currency IS NULL",
        )
        == 0
    )

    materialize(DAILY_FACTS, sandbox_resources, days=days)
    for table in tables:
        assert rows(path, table) == first[table], table


def test_thirty_days_of_creative_analytics_take_one_window(sandbox_resources):
    """The request economy figure: on the default sandbox 30 days of every metric for every
    creative fit one date window, so adAnalytics is asked once per metric chunk."""
    last = world().today - dt.timedelta(days=1)
    first = last - dt.timedelta(days=29)
    result = materialize(
        [ads.ad_analytics_by_creative], sandbox_resources, days=(iso(first), iso(last))
    )
    md = metadata(result, "ad_analytics_by_creative")
    accounts = len(world().ad_accounts)
    assert md["api_requests_by_endpoint"] == {
        "adAccounts": 1,
        "adCampaigns": accounts,
        "creatives": accounts,
        "adAnalytics": 6,  # 100 metrics / 18 per call
    }
    assert md["api_requests"] == 1 + 2 * accounts + 6 == md["api_requests_planned"]
    assert md["rows_inserted"] > 0


def test_a_range_in_one_run_equals_the_single_day_runs(sandbox_resources, tmp_path, window):
    singles = WarehouseResource(path=str(tmp_path / "singles.duckdb"), mode=SANDBOX)
    single_resources = {**sandbox_resources, "warehouse": singles}
    assets = [ads.ad_analytics_by_creative, ads.conversion_performance]
    materialize(assets, sandbox_resources, days=(iso(window[0]), iso(window[1])))
    day = window[0]
    while day <= window[1]:
        materialize(assets, single_resources, key=iso(day))
        day += dt.timedelta(days=1)
    for table in ("ad_analytics_by_creative", "conversion_performance"):
        ranged = rows(sandbox_resources["warehouse"].path, table)
        assert ranged and ranged == rows(singles.path, table), table


def test_account_filter_leaves_other_accounts_rows_alone(sandbox_resources, warehouse, window):
    path = warehouse.path
    key = iso(window[1])
    materialize([ads.ad_analytics_by_campaign, ads.campaigns], sandbox_resources, key=key)

    def synced(table: str) -> dict[int, set]:
        with duckdb.connect(path, read_only=True) as con:
            found: dict[int, set] = {}
            for account, at in con.execute(
                f"SELECT account_id, _synced_at FROM linkedin.{table}"
            ).fetchall():
                found.setdefault(account, set()).add(at)
            return found

    before = {t: synced(t) for t in ("ad_analytics_by_campaign", "campaigns")}
    content = {t: rows(path, t) for t in ("ad_analytics_by_campaign", "campaigns")}
    assert len(before["ad_analytics_by_campaign"]) >= 2  # several accounts have rows that day
    chosen = min(before["ad_analytics_by_campaign"])
    filtered = {
        **sandbox_resources,
        "linkedin": LinkedInResource(sandbox=True, ad_account_ids=str(chosen)),
    }
    result = materialize([ads.ad_analytics_by_campaign, ads.campaigns], filtered, key=key)

    assert metadata(result, "ad_analytics_by_campaign")["accounts_covered"] == str(chosen)
    for table in before:
        after = synced(table)
        assert after[chosen] != before[table][chosen], table  # rewritten
        for account, stamps in before[table].items():
            if account != chosen:
                assert after[account] == stamps, (table, account)  # untouched
        assert rows(path, table) == content[table]  # same values everywhere


def test_a_configured_account_the_token_cannot_see_is_a_clear_error(sandbox_resources, warehouse):
    missing = {
        **sandbox_resources,
        "linkedin": LinkedInResource(sandbox=True, ad_account_ids="123"),
    }
    with pytest.raises(ConfigurationError, match="LINKEDIN_AD_ACCOUNT_IDS") as raised:
        materialize([ads.campaigns], missing)
    assert "123" in str(raised.value)
    sandbox = LinkedInResource(sandbox=True).sandbox_instance()
    before = len(sandbox.ledger)
    malformed = {
        **sandbox_resources,
        "linkedin": LinkedInResource(sandbox=True, ad_account_ids="x1"),
    }
    with pytest.raises(ConfigurationError, match="LINKEDIN_AD_ACCOUNT_IDS"):
        materialize(
            [ads.ad_analytics_by_creative], malformed, key=iso(world().today - dt.timedelta(days=3))
        )
    assert len(sandbox.ledger) == before  # refused before any request
    assert not any(
        scalar(
            warehouse.path,
            f"SELECT count(*) FROM information_schema.tables WHERE table_name = '{t}'",
        )
        for t in ("campaigns", "ad_analytics_by_creative")
    )


def test_demographics_per_campaign_for_the_month(sandbox_resources, warehouse):
    today = world().today
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    month_end = today.replace(day=1)
    result = materialize([ads.ad_demographics], sandbox_resources, key=iso(month))
    path = warehouse.path
    first = rows(path, "ad_demographics")
    assert first
    pivots = {
        r[0]
        for r in duckdb.connect(path, read_only=True)
        .execute("SELECT DISTINCT demographic_pivot FROM linkedin.ad_demographics")
        .fetchall()
    }
    assert pivots == set(DEMOGRAPHIC_PIVOTS)
    assert scalar(path, "SELECT count(DISTINCT month) FROM linkedin.ad_demographics") == 1
    ran = {
        c["id"]
        for c in world().campaigns
        if (span := campaign_activity(c)) is not None and span.overlaps(month, month_end)
    }
    md = metadata(result, "ad_demographics")
    assert md["campaigns_asked"] == len(ran)  # idle campaigns are not asked about
    assert md["analytics_requests_planned"] == len(ran) * len(DEMOGRAPHIC_PIVOTS)
    stored = {
        r[0]
        for r in duckdb.connect(path, read_only=True)
        .execute("SELECT DISTINCT campaign_id FROM linkedin.ad_demographics")
        .fetchall()
    }
    assert stored and stored <= ran

    materialize([ads.ad_demographics], sandbox_resources, key=iso(month))
    assert rows(path, "ad_demographics") == first


def test_the_element_cap_is_never_stored(warehouse, monkeypatch):
    """A big world and a planner forced into one window far past 15,000 elements: the sandbox
    silently truncates like LinkedIn, yet the stored rows are exactly the world's truth.
    (test_planning checks the same split against a plan of small windows.)"""
    big = LinkedInResource(sandbox=True, sandbox_scale=16)
    big_world = big.sandbox_instance().world
    first = big_world.today - dt.timedelta(days=123)
    last = big_world.today - dt.timedelta(days=4)
    metrics = ("impressions", "costInUsd")
    # Two metrics keep the test fast; the split logic does not depend on which are asked.
    monkeypatch.setattr(ads_runs.tables, "CREATIVE_METRICS", metrics)
    monkeypatch.setattr(ads_runs, "ELEMENT_BUDGET", 10**9)
    forced = materialize(
        [ads.ad_analytics_by_creative],
        {"linkedin": big, "warehouse": warehouse},
        days=(iso(first), iso(last)),
    )
    md = metadata(forced, "ad_analytics_by_creative")
    assert md["analytics_requests_planned"] == 1  # one window over everything...
    assert md["analytics_cap_splits"] >= 1  # ...which LinkedIn's cap cut, so it was split
    with duckdb.connect(warehouse.path, read_only=True) as con:
        stored = set(
            con.execute(
                "SELECT creative_urn, day, impressions, cost_in_usd "
                "FROM linkedin.ad_analytics_by_creative"
            ).fetchall()
        )
    truth = set()
    for creative in big_world.creatives:
        day = first
        while day <= last:
            values = big_world.creative_metrics(creative["id"], day, metrics)
            if values:
                truth.add((creative["id"], day, values["impressions"], values["costInUsd"]))
            day += dt.timedelta(days=1)
    assert len(truth) > ads_api.ANALYTICS_ROW_CAP
    assert stored == truth


def test_live_mode_over_a_real_socket(socket_resources, window):
    result = materialize([ads.ad_analytics_by_campaign], socket_resources, key=iso(window[1]))
    md = metadata(result, "ad_analytics_by_campaign")
    assert md["data_source"] == "LinkedIn API (live)"
    assert md["rows_inserted"] > 0
    assert set(md["api_requests_by_endpoint"]) == {"adAccounts", "adCampaigns", "adAnalytics"}
