"""Company-page statistics of the World: followers, page views and share statistics."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from linkedin_assets.sandbox import reference
from linkedin_assets.sandbox.world import World, WorldConfig
from linkedin_assets.sandbox.world_orgs import PAGE_SECTIONS

TODAY = dt.date(2026, 5, 20)
HISTORY = 450
DAYS = [TODAY - dt.timedelta(days=offset) for offset in range(HISTORY + 1)]
SHARE_COUNTS = ("impressionCount", "clickCount", "likeCount", "commentCount", "shareCount")


@pytest.fixture(scope="module")
def world() -> World:
    return World(WorldConfig(today=TODAY, history_days=HISTORY))


def _org_ids(world: World) -> list[int]:
    return [org["id"] for org in world.organizations]


def test_organic_gains_are_net_and_paid_gains_come_from_follows(world: World) -> None:
    accounts_by_org = Counter(account["reference"] for account in world.ad_accounts)
    for org in world.organizations:
        gains = [world.follower_gains(org["id"], day) for day in DAYS]
        organic = [gain["organicFollowerGain"] for gain in gains]
        assert any(value < 0 for value in organic)  # unfollows outweigh follows on some days
        assert sum(organic) > 0
        creatives = [
            c["id"]
            for c in world.creatives
            if c["account"]
            in {
                f"urn:li:sponsoredAccount:{a['id']}"
                for a in world.ad_accounts
                if a["reference"] == org["$URN"]
            }
        ]
        for day, gain in list(zip(DAYS, gains, strict=True))[::15]:
            follows = 0
            for creative in creatives:
                metrics = world.creative_metrics(creative, day, ["follows"])
                follows += metrics["follows"] if metrics else 0
            assert gain["paidFollowerGain"] == follows
        paid_days = sum(1 for gain in gains if gain["paidFollowerGain"] > 0)
        assert (paid_days > 0) == (accounts_by_org[org["$URN"]] > 0)
    assert world.follower_gains(_org_ids(world)[0], TODAY + dt.timedelta(days=1)) == {
        "organicFollowerGain": 0,
        "paidFollowerGain": 0,
    }
    with pytest.raises(KeyError):
        world.follower_gains(1, TODAY)


def test_lifetime_follower_facets_use_standardized_values_and_undercount(world: World) -> None:
    known = reference.all_demographic_values()
    facet_keys = {
        "followerCountsBySeniority": "seniority",
        "followerCountsByIndustry": "industry",
        "followerCountsByFunction": "function",
        "followerCountsByStaffCountRange": "staffCountRange",
        "followerCountsByGeoCountry": "geo",
        "followerCountsByGeo": "geo",
    }
    for org_id in _org_ids(world):
        lifetime = world.follower_lifetime(org_id)
        total = world.network_size(org_id)
        assert total > 1_000
        assert lifetime["followerCountsByAssociationType"][0]["associationType"] == "EMPLOYEE"
        for facet, key in facet_keys.items():
            items = lifetime[facet]
            assert items, facet
            assert sum(item["followerCounts"]["organicFollowerCount"] for item in items) < total
            for item in items:
                assert item[key] in known
                assert item["followerCounts"]["paidFollowerCount"] == 0


def test_page_views_add_up_across_devices_and_sections(world: World) -> None:
    for org_id in _org_ids(world):
        for day in DAYS[::7]:
            stats = world.page_statistics(org_id, day)
            views = {key: value["pageViews"] for key, value in stats["views"].items()}
            assert (
                views["allPageViews"] == views["allDesktopPageViews"] + views["allMobilePageViews"]
            )
            sections = [key for key, _title, _share in PAGE_SECTIONS]
            assert views["allPageViews"] == sum(views[f"{key}PageViews"] for key in sections)
            for key, title, _share in PAGE_SECTIONS:
                assert (
                    views[f"{key}PageViews"]
                    == views[f"desktop{title}PageViews"] + views[f"mobile{title}PageViews"]
                )
            clicks = stats["clicks"]
            for key, value in clicks["mobileCareersPageClicks"].items():
                assert value <= clicks["careersPageClicks"][key]
            assert clicks["mobileCustomButtonClickCounts"][0]["customButtonType"]


def test_page_views_follow_the_working_week(world: World) -> None:
    org_id = _org_ids(world)[0]
    views = {
        day: world.page_statistics(org_id, day)["views"]["allPageViews"]["pageViews"]
        for day in DAYS
    }
    weekday = [value for day, value in views.items() if day.weekday() < 5]
    weekend = [value for day, value in views.items() if day.weekday() >= 5]
    assert sum(weekday) / len(weekday) > 1.4 * sum(weekend) / len(weekend)


def test_page_lifetime_totals_the_history_and_carries_facets(world: World) -> None:
    org_id = _org_ids(world)[1]
    lifetime = world.page_lifetime(org_id)
    daily_total = sum(
        world.page_statistics(org_id, day)["views"]["allPageViews"]["pageViews"] for day in DAYS
    )
    assert lifetime["totalPageStatistics"]["views"]["allPageViews"]["pageViews"] == daily_total
    for facet in (
        "pageStatisticsByIndustryV2",
        "pageStatisticsByGeoCountry",
        "pageStatisticsByGeo",
    ):
        for item in lifetime[facet]:
            assert set(item["pageStatistics"]["views"]) == {"allPageViews"}
    seniority = lifetime["pageStatisticsBySeniority"][0]["pageStatistics"]["views"]
    assert "mobileCareersPageViews" in seniority
    assert lifetime["pageStatisticsByTargetedContent"] == []


def test_daily_share_statistics_add_up_to_post_statistics(world: World) -> None:
    for org in world.organizations:
        daily = Counter()
        for day in DAYS:
            stats = world.share_statistics(org["id"], day)
            assert 0 <= stats["engagement"] <= 1
            daily.update({key: stats[key] for key in SHARE_COUNTS})
        lifetime = Counter()
        for post in world.posts:
            if post["author"] == org["$URN"]:
                statistics = world.post_statistics(post["id"])
                if statistics:
                    lifetime.update({key: statistics[key] for key in SHARE_COUNTS})
        assert daily == lifetime
        assert daily["impressionCount"] > 10_000
        assert world.share_lifetime(org["id"])["impressionCount"] == lifetime["impressionCount"]
