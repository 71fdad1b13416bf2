"""The World's entities: determinism, referential integrity, API shapes and the scale knob."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from decimal import Decimal

import pytest

from linkedin_assets.sandbox.world import METRICS, World, WorldConfig

TODAY = dt.date(2026, 5, 20)
ENTITY_LISTS = (
    "organizations",
    "organization_acls",
    "ad_accounts",
    "ad_account_users",
    "campaign_groups",
    "campaigns",
    "creatives",
    "conversions",
    "lead_forms",
    "posts",
)


@pytest.fixture(scope="module")
def world() -> World:
    return World(WorldConfig(today=TODAY))


def _snapshot(world: World) -> str:
    """Every entity list plus a sample of metrics, serialised exactly."""
    payload = {name: getattr(world, name) for name in ENTITY_LISTS}
    sample_days = [TODAY - dt.timedelta(days=offset) for offset in (1, 7, 40, 200)]
    payload["metrics"] = [
        world.creative_metrics(creative["id"], day, METRICS)
        for creative in world.creatives[:12]
        for day in sample_days
    ]
    payload["followers"] = [
        world.follower_gains(org["id"], TODAY - dt.timedelta(days=9)) for org in world.organizations
    ]
    return json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)


def _by_id(items: list[dict]) -> dict:
    return {item["id"]: item for item in items}


def test_the_same_config_builds_the_same_world_byte_for_byte(world: World) -> None:
    again = World(WorldConfig(today=TODAY))
    assert _snapshot(again) == _snapshot(world)


def test_a_different_seed_builds_a_different_world(world: World) -> None:
    other = World(WorldConfig(seed=8, today=TODAY))
    assert {a["id"] for a in other.ad_accounts}.isdisjoint({a["id"] for a in world.ad_accounts})
    assert _snapshot(other) != _snapshot(world)


def test_ids_are_unique_within_each_entity_type(world: World) -> None:
    for name in (
        "organizations",
        "ad_accounts",
        "campaign_groups",
        "campaigns",
        "creatives",
        "conversions",
        "lead_forms",
        "posts",
    ):
        ids = [item["id"] for item in getattr(world, name)]
        assert len(ids) == len(set(ids)), name


def test_demo_scale_has_three_accounts_in_three_currencies_one_canceled(world: World) -> None:
    accounts = world.ad_accounts
    assert sorted(account["currency"] for account in accounts) == ["EUR", "GBP", "USD"]
    statuses = Counter(account["status"] for account in accounts)
    assert statuses == {"ACTIVE": 2, "CANCELED": 1}
    assert 5 <= len(world.campaign_groups) <= 12
    assert 12 <= len(world.campaigns) <= 30
    assert 30 <= len(world.creatives) <= 80
    assert len(world.organizations) == 3
    posts_per_org = Counter(post["author"] for post in world.posts if "adContext" not in post)
    # ~120 posts a year over a 450-day history
    assert all(120 <= count <= 200 for count in posts_per_org.values()), posts_per_org


def test_statuses_schedules_and_budgets_vary(world: World) -> None:
    statuses = {campaign["status"] for campaign in world.campaigns}
    assert {"ACTIVE", "PAUSED", "DRAFT", "CANCELED"} <= statuses
    assert statuses & {"COMPLETED", "ARCHIVED"}
    assert any("end" not in campaign["runSchedule"] for campaign in world.campaigns)
    assert any("end" in campaign["runSchedule"] for campaign in world.campaigns)
    assert any("dailyBudget" in campaign for campaign in world.campaigns)
    assert any("totalBudget" in campaign for campaign in world.campaigns)
    assert {campaign["costType"] for campaign in world.campaigns} >= {"CPM", "CPC", "CPV"}
    assert {campaign["type"] for campaign in world.campaigns} >= {
        "SPONSORED_UPDATES",
        "TEXT_AD",
        "SPONSORED_INMAILS",
    }
    assert {creative["intendedStatus"] for creative in world.creatives} >= {
        "ACTIVE",
        "PAUSED",
        "DRAFT",
    }
    assert any(
        creative.get("review", {}).get("status") == "REJECTED" for creative in world.creatives
    )
    assert any("textAd" in creative["content"] for creative in world.creatives)


def test_referential_integrity_of_the_ads_hierarchy(world: World) -> None:
    organizations = {org["$URN"] for org in world.organizations}
    accounts = {
        f"urn:li:sponsoredAccount:{account['id']}": account for account in world.ad_accounts
    }
    groups = {
        f"urn:li:sponsoredCampaignGroup:{group['id']}": group for group in world.campaign_groups
    }
    campaigns = {
        f"urn:li:sponsoredCampaign:{campaign['id']}": campaign for campaign in world.campaigns
    }
    posts = _by_id(world.posts)
    for account in world.ad_accounts:
        assert account["reference"] in organizations
    for user in world.ad_account_users:
        assert user["account"] in accounts
    for group in world.campaign_groups:
        assert group["account"] in accounts
    for campaign in world.campaigns:
        assert campaign["campaignGroup"] in groups
        assert groups[campaign["campaignGroup"]]["account"] == campaign["account"]
    for creative in world.creatives:
        campaign = campaigns[creative["campaign"]]
        assert campaign["account"] == creative["account"]
        reference = creative["content"].get("reference", "")
        if reference.startswith(("urn:li:share:", "urn:li:ugcPost:")):
            post = posts[reference]
            assert post["author"] == accounts[creative["account"]]["reference"]
    for rule in world.conversions:
        assert rule["account"] in accounts
        for urn in rule["campaigns"]:
            assert campaigns[urn]["account"] == rule["account"]
    for form in world.lead_forms:
        assert form["owner"]["sponsoredAccount"] in accounts


def test_pages_posts_and_acls_reference_existing_organizations(world: World) -> None:
    organizations = {org["$URN"] for org in world.organizations}
    posts = _by_id(world.posts)
    for post in world.posts:
        assert post["author"] in organizations
        parent = post.get("reshareContext", {}).get("parent")
        if parent in posts:
            assert posts[parent]["author"] != post["author"]
            assert posts[parent]["createdAt"] < post["createdAt"]
    for acl in world.organization_acls:
        assert acl["organization"] in organizations
    admin = {
        acl["organization"]
        for acl in world.organization_acls
        if acl["roleAssignee"] == world.member_urn
        and acl["role"] == "ADMINISTRATOR"
        and acl["state"] == "APPROVED"
    }
    assert len(admin) == 2 and len(organizations - admin) == 1
    assert {acl["role"] for acl in world.organization_acls} - {"ADMINISTRATOR"}
    assert {acl["state"] for acl in world.organization_acls} - {"APPROVED"}


def test_elements_use_api_types(world: World) -> None:
    for campaign in world.campaigns:
        assert isinstance(campaign["id"], int)
        assert (
            isinstance(campaign["runSchedule"]["start"], int)
            and campaign["runSchedule"]["start"] > 10**12
        )
        for key in ("dailyBudget", "totalBudget", "unitCost"):
            if key in campaign:
                assert isinstance(campaign[key]["amount"], str)
                Decimal(campaign[key]["amount"])
                assert campaign[key]["currencyCode"] in {"USD", "EUR", "GBP"}
        facets = [
            next(iter(clause["or"])) for clause in campaign["targetingCriteria"]["include"]["and"]
        ]
        assert "urn:li:adTargetingFacet:locations" in facets
    for creative in world.creatives:
        assert creative["id"].startswith("urn:li:sponsoredCreative:")
        assert (
            isinstance(creative["createdAt"], int)
            and creative["lastModifiedAt"] >= creative["createdAt"]
        )
    for account in world.ad_accounts:
        assert set(account["changeAuditStamps"]) == {"created", "lastModified"}
        assert isinstance(account["version"]["versionTag"], str)
    assert (
        world.member_urn.startswith("urn:li:person:")
        and len(world.member_urn) == len("urn:li:person:") + 10
    )


def test_old_entities_are_the_same_whatever_today_is(world: World) -> None:
    later = World(WorldConfig(today=TODAY + dt.timedelta(days=2)))
    before = _by_id(world.campaigns)
    after = _by_id(later.campaigns)
    shared = before.keys() & after.keys()
    assert len(shared) >= len(before) - 2
    for campaign_id in shared:
        assert before[campaign_id]["name"] == after[campaign_id]["name"]
        assert (
            before[campaign_id]["runSchedule"]["start"]
            == after[campaign_id]["runSchedule"]["start"]
        )


def test_scale_multiplies_entity_counts(world: World) -> None:
    double = World(WorldConfig(today=TODAY, scale=2))
    assert len(double.ad_accounts) == 2 * len(world.ad_accounts)
    assert 1.5 * len(world.creatives) <= len(double.creatives) <= 2.6 * len(world.creatives)
    large = World(WorldConfig(today=TODAY, scale=10))
    assert len(large.ad_accounts) == 30
    assert len(large.creatives) >= 8 * len(world.creatives)
    assert len({account["currency"] for account in large.ad_accounts}) >= 6
    assert any(account["test"] for account in large.ad_accounts)
    tiny = World(WorldConfig(today=TODAY, scale=0.2))
    assert len(tiny.ad_accounts) == 1 and tiny.campaigns


def test_today_defaults_to_the_real_utc_date() -> None:
    before = dt.datetime.now(dt.UTC).date()
    world = World(WorldConfig(history_days=30))
    assert world.today in {before, dt.datetime.now(dt.UTC).date()}  # tolerate a midnight rollover


@pytest.mark.parametrize("config", [WorldConfig(scale=0), WorldConfig(history_days=0)])
def test_invalid_configs_are_rejected(config: WorldConfig) -> None:
    with pytest.raises(ValueError):
        World(config)
