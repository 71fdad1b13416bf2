"""Account discovery, the planner inputs built from fetched entities, and failed fetches
never reaching the warehouse."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb
import pytest

from linkedin_assets.assets import ads
from linkedin_assets.assets import ads_fetch as fetch
from linkedin_assets.linkedin.errors import ConfigurationError, DailyQuotaExceededError
from linkedin_assets.linkedin.planning import ActiveSpan
from linkedin_assets.linkedin.restli import epoch_ms
from linkedin_assets.resources import LinkedInResource
from linkedin_assets.sandbox import FaultPlan

D0 = dt.date(2025, 3, 1)


def sandbox_client():
    return LinkedInResource(sandbox=True).get_client()


def test_discovery_sees_every_account_or_exactly_the_configured_ones() -> None:
    client = sandbox_client()
    everything = fetch.discover_accounts(client, ())
    assert len(everything.ids) >= 2
    assert everything.dimension_scope() is None  # a full snapshot may close vanished ones
    chosen = everything.ids[-1]
    only = fetch.discover_accounts(client, (chosen,))
    assert only.ids == (chosen,)
    assert only.fact_scope() == {"account_id": [chosen]}
    assert only.dimension_scope() == {"account_id": [chosen]}
    with pytest.raises(ConfigurationError, match=r"LINKEDIN_AD_ACCOUNT_IDS.*\b42\b"):
        fetch.discover_accounts(client, (chosen, 42))


def test_rules_per_campaign_count_linked_rules_and_account_wide_ones() -> None:
    campaigns = [
        {"id": 1, "account": "urn:li:sponsoredAccount:9"},
        {"id": 2, "account": "urn:li:sponsoredAccount:9"},
        {"id": 3, "account": "urn:li:sponsoredAccount:8"},
    ]
    rules = [
        {"account": "urn:li:sponsoredAccount:9", "campaigns": ["urn:li:sponsoredCampaign:1"]},
        {"account": "urn:li:sponsoredAccount:9", "campaigns": []},  # any campaign of account 9
    ]
    counts = fetch.conversions_per_campaign(campaigns, rules)
    assert counts == {
        "urn:li:sponsoredCampaign:1": 2,
        "urn:li:sponsoredCampaign:2": 1,
        "urn:li:sponsoredCampaign:3": 0,
    }


def test_loads_are_per_account_and_per_day() -> None:
    scope = fetch.AccountScope(({"id": 9}, {"id": 8}), ())
    spans = {
        "urn:li:sponsoredCampaign:1": ActiveSpan(D0, D0 + dt.timedelta(days=1)),
        "urn:li:sponsoredCampaign:2": None,
    }
    creatives = [
        {
            "id": "urn:li:sponsoredCreative:1",
            "account": "urn:li:sponsoredAccount:9",
            "campaign": "urn:li:sponsoredCampaign:1",
            "intendedStatus": "ACTIVE",
            "createdAt": epoch_ms(D0 - dt.timedelta(days=9)),
        },
        {
            "id": "urn:li:sponsoredCreative:2",
            "account": "urn:li:sponsoredAccount:9",
            "campaign": "urn:li:sponsoredCampaign:2",
            "intendedStatus": "ACTIVE",
            "createdAt": epoch_ms(D0),
        },
    ]
    loads = fetch.creative_loads(scope, creatives, spans, D0, D0 + dt.timedelta(days=3))
    assert loads == {9: [1, 1, 0], 8: [0, 0, 0]}
    campaigns = [
        {"id": 1, "account": "urn:li:sponsoredAccount:9"},
        {"id": 2, "account": "urn:li:sponsoredAccount:9"},
    ]
    weighted = fetch.campaign_loads(
        scope, campaigns, spans, D0, D0 + dt.timedelta(days=3), weight=lambda c: 4
    )
    assert weighted == {9: [4, 4, 0], 8: [0, 0, 0]}


def _table_state(path: str, table: str) -> list[tuple]:
    with duckdb.connect(path, read_only=True) as con:
        return con.execute(f"SELECT * FROM linkedin.{table} ORDER BY ALL").fetchall()


def test_a_fetch_that_fails_midway_writes_nothing(served_sandbox, socket_resources, warehouse):
    """Quota used up after the first account: the run fails and the previous snapshot (and its
    _synced_at) stays exactly as it was; nothing empty or partial replaces it."""
    sandbox, _ = served_sandbox
    dg.materialize([ads.campaigns], resources=socket_resources)
    before = _table_state(warehouse.path, "campaigns")
    assert before
    sandbox.set_faults(FaultPlan(daily_quota=2))  # accounts search + one account's campaigns
    with pytest.raises(DailyQuotaExceededError):
        dg.materialize([ads.campaigns], resources=socket_resources)
    assert _table_state(warehouse.path, "campaigns") == before
