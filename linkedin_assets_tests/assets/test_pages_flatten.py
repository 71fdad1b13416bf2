"""Flatteners of organizations, daily statistics and demographics, against the recorded real
responses in fixtures/api_responses and hand-written elements for what they lack."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from linkedin_assets.assets.pages_flatten import (
    facet_value,
    follower_demographic_rows,
    follower_statistics_row,
    organization_row,
    page_statistics_row,
    page_visitor_demographic_rows,
    share_statistics_row,
)
from linkedin_assets.assets.pages_frames import frame_for
from linkedin_assets.assets.pages_scope import administered_organization_ids, select_organizations
from linkedin_assets.assets.pages_tables import (
    FOLLOWER_DEMOGRAPHICS,
    ORGANIZATIONS,
    PAGE_STATISTICS,
    PAGE_VIEW_FIELDS,
    PAGE_VISITOR_DEMOGRAPHICS,
    SHARE_STATISTICS,
)
from linkedin_assets.linkedin.errors import ConfigurationError

RESPONSES = Path(__file__).resolve().parents[1] / "fixtures" / "api_responses"
ORG = 2414183


def elements(name: str) -> list[dict]:
    return json.loads((RESPONSES / name).read_text())["response"]["elements"]


def test_follower_gains_from_the_recorded_time_bound_response():
    [element] = elements("follower_statistics_time_bound.json")
    row = follower_statistics_row(element, ORG)
    assert row["day"] == dt.date(2024, 1, 1)
    assert (row["organic_follower_gain"], row["paid_follower_gain"]) == (2, 0)
    assert row["organization_urn"] == "urn:li:organization:2414183"
    assert json.loads(row["_raw"]) == element


def test_share_statistics_from_the_recorded_time_bound_response():
    [element] = elements("share_statistics_time_bound.json")
    row = share_statistics_row(element, ORG)
    assert row["day"] == dt.date(2024, 1, 1)
    assert row["impression_count"] == 400 and row["unique_impressions_count"] == 320
    assert (row["click_count"], row["like_count"], row["comment_count"]) == (8, 15, 2)
    assert row["share_count"] == 3 and row["engagement"] == pytest.approx(0.07)
    assert row["share_mentions_count"] is None  # not sent time-bound
    assert frame_for(SHARE_STATISTICS, [row]).height == 1


def test_follower_demographics_from_the_recorded_lifetime_response():
    [element] = elements("follower_statistics_lifetime.json")
    rows = follower_demographic_rows(element, ORG)
    by_facet = {(r["facet"], r["value"]): r["organic_follower_count"] for r in rows}
    assert by_facet == {
        ("association_type", "EMPLOYEE"): 196,
        ("seniority", "urn:li:seniority:2"): 4,
        ("function", "urn:li:function:8"): 12,
        ("industry", "urn:li:industry:96"): 33,
        ("staff_count_range", "SIZE_1"): 29,
        ("country", "urn:li:geo:102713980"): 66,
        ("geo", "urn:li:geo:90000084"): 20,
    }
    assert all(r["paid_follower_count"] == 0 for r in rows)
    assert frame_for(FOLLOWER_DEMOGRAPHICS, rows).height == 7


def test_industry_v2_wins_over_the_legacy_list_for_the_same_value():
    element = {
        "followerCountsByIndustry": [
            {"industry": "urn:li:industry:4", "followerCounts": {"organicFollowerCount": 1}}
        ],
        "followerCountsByIndustryV2": [
            {"industry": "urn:li:industry:4", "followerCounts": {"organicFollowerCount": 9}}
        ],
    }
    [row] = follower_demographic_rows(element, ORG)
    assert row["organic_follower_count"] == 9


def _views(**counts: int) -> dict:
    return {key: {"pageViews": value} for key, value in counts.items()}


def test_page_statistics_every_section_device_unique_views_and_clicks():
    views = {
        key: {"pageViews": index, "uniquePageViews": index // 2}
        for index, (key, _, _) in enumerate(PAGE_VIEW_FIELDS, start=1)
    }
    element = {
        "timeRange": {"start": 1704067200000, "end": 1704153600000},
        "totalPageStatistics": {
            "views": views,
            "clicks": {
                "careersPageClicks": {
                    "careersPagePromoLinksClicks": 3,
                    "careersPageBannerPromoClicks": 1,
                    "careersPageJobsClicks": 7,
                    "careersPageEmployeesClicks": 2,
                },
                "mobileCareersPageClicks": {"careersPageJobsClicks": 4},
                "desktopCustomButtonClickCounts": [
                    {"customButtonType": "VISIT_WEBSITE", "clicks": 5},
                    {"customButtonType": "CONTACT_US", "clicks": 2},
                ],
                "mobileCustomButtonClickCounts": [],
            },
        },
    }
    row = page_statistics_row(element, ORG)
    assert len(PAGE_VIEW_FIELDS) == 27
    assert row["all_page_views"] == 1 and row["all_unique_page_views"] == 0
    assert row["desktop_life_at_page_views"] == views["desktopLifeAtPageViews"]["pageViews"]
    assert (
        row["mobile_insights_unique_page_views"]
        == (views["mobileInsightsPageViews"]["uniquePageViews"])
    )
    assert row["careers_page_jobs_clicks"] == 7 and row["mobile_careers_page_jobs_clicks"] == 4
    assert row["mobile_careers_page_promo_links_clicks"] is None
    assert (row["desktop_custom_button_clicks"], row["mobile_custom_button_clicks"]) == (7, 0)
    assert json.loads(row["custom_button_clicks_by_type"])["desktop"] == {
        "VISIT_WEBSITE": 5,
        "CONTACT_US": 2,
    }
    frame = frame_for(PAGE_STATISTICS, [row])
    assert frame["day"].to_list() == [dt.date(2024, 1, 1)]


def test_page_statistics_without_clicks_block_leaves_clicks_null():
    """The only real sample has no `clicks` block (linkedin_api.md §6.4)."""
    element = {
        "timeRange": {"start": 1704067200000, "end": 1704153600000},
        "totalPageStatistics": {"views": _views(allPageViews=12, aboutPageViews=2)},
    }
    row = page_statistics_row(element, ORG)
    assert row["all_page_views"] == 12 and row["about_page_views"] == 2
    assert row["overview_page_views"] is None and row["all_unique_page_views"] is None
    assert row["desktop_custom_button_clicks"] is None
    assert row["custom_button_clicks_by_type"] is None


def test_page_visitor_demographics_full_and_total_only_facets():
    element = {
        "organization": "urn:li:organization:2414183",
        "pageStatisticsBySeniority": [
            {
                "seniority": "urn:li:seniority:4",
                "pageStatistics": {"views": _views(allPageViews=40, allMobilePageViews=15)},
            }
        ],
        "pageStatisticsByGeoCountry": [
            {"geo": "urn:li:geo:103644278", "pageStatistics": {"views": _views(allPageViews=70)}}
        ],
        "pageStatisticsByIndustryV2": [
            {"industryV2": "urn:li:industry:4", "pageStatistics": {"views": _views(allPageViews=9)}}
        ],
        "pageStatisticsByTargetedContent": [],
    }
    rows = page_visitor_demographic_rows(element, ORG)
    found = {(r["facet"], r["value"]): r for r in rows}
    assert found[("seniority", "urn:li:seniority:4")]["all_mobile_page_views"] == 15
    assert found[("country", "urn:li:geo:103644278")]["all_page_views"] == 70
    assert found[("country", "urn:li:geo:103644278")]["all_mobile_page_views"] is None
    assert found[("industry", "urn:li:industry:4")]["all_page_views"] == 9
    assert frame_for(PAGE_VISITOR_DEMOGRAPHICS, rows).height == 3


def test_facet_value_ignores_counts_and_keeps_structured_values_as_json():
    assert facet_value({"followerCounts": {}, "geo": "urn:li:geo:1"}) == "urn:li:geo:1"
    assert facet_value({"pageStatistics": {}, "targetedContent": {"a": 1}}) == '{"a": 1}'


def test_organization_row_reads_localized_fields_headquarters_and_followers():
    element = {
        "id": 12475695,
        "localizedName": "Brückner Datensysteme GmbH",
        "vanityName": "brueckner-datensysteme",
        "name": {
            "localized": {"de_DE": "Brückner Datensysteme GmbH", "en_US": "Brückner Data Systems"},
            "preferredLocale": {"country": "DE", "language": "de"},
        },
        "localizedWebsite": "https://www.brueckner.example",
        "industries": ["urn:li:industry:96"],
        "staffCountRange": "SIZE_51_TO_200",
        "locations": [
            {"locationType": "OTHER", "address": {"city": "Berlin", "country": "DE"}},
            {
                "locationType": "HEADQUARTERS",
                "address": {"city": "München", "country": "DE", "postalCode": "80331"},
                "geoLocation": "urn:li:geo:101282230",
            },
        ],
        "foundedOn": {"year": 2009},
        "created": {"actor": "urn:li:person:x", "time": 1431334800000},
    }
    row = organization_row(element, follower_count=6300)
    assert row["organization_urn"] == "urn:li:organization:12475695"
    assert row["preferred_locale"] == "de_DE"
    assert json.loads(row["names"])["en_US"] == "Brückner Data Systems"
    assert (row["headquarters_city"], row["headquarters_postal_code"]) == ("München", "80331")
    assert row["primary_industry_urn"] == "urn:li:industry:96"
    assert row["founded_year"] == 2009 and row["follower_count"] == 6300
    assert row["created_at"] == dt.datetime(2015, 5, 11, 9, 0, tzinfo=dt.UTC)
    assert row["localized_description"] is None
    assert frame_for(ORGANIZATIONS, [row]).height == 1


def test_administered_ids_from_the_recorded_acls_and_the_target_spelling():
    assert administered_organization_ids(elements("organization_acls_role_assignee.json")) == [
        108187115
    ]
    acls = [
        {
            "role": "ADMINISTRATOR",
            "state": "APPROVED",
            "organizationTarget": "urn:li:organization:5",
        },
        {"role": "ADMINISTRATOR", "state": "REQUESTED", "organization": "urn:li:organization:6"},
        {"role": "ANALYST", "state": "APPROVED", "organization": "urn:li:organization:7"},
        {"role": "ADMINISTRATOR", "state": "APPROVED", "organization": "urn:li:organization:5"},
    ]
    assert administered_organization_ids(acls) == [5]


def test_select_organizations_names_the_setting_for_an_unadministered_id():
    assert select_organizations([5, 6], []) == (5, 6)
    assert select_organizations([5, 6], [6]) == (6,)
    with pytest.raises(ConfigurationError, match="LINKEDIN_ORGANIZATION_IDS lists 7") as error:
        select_organizations([5, 6], [6, 7])
    assert "5, 6" in str(error.value)
    with pytest.raises(ConfigurationError, match="administers no organization"):
        select_organizations([], [])


def test_frame_for_refuses_undeclared_columns_and_wrong_types():
    with pytest.raises(ValueError, match="undeclared"):
        frame_for(SHARE_STATISTICS, [{"day": dt.date(2024, 1, 1), "bogus": 1}])
    with pytest.raises(ValueError, match="'click_count' \\(BIGINT\\)"):
        frame_for(SHARE_STATISTICS, [{"click_count": 1.5}])


def test_frame_for_keeps_types_and_turns_structured_text_into_json():
    frame = frame_for(
        SHARE_STATISTICS,
        [{"engagement": 0, "organization_urn": {"unexpected": "shape"}}, {"engagement": 0.5}],
    )
    assert frame.schema["engagement"] == pl.Float64 and frame["engagement"].to_list() == [0.0, 0.5]
    assert frame["organization_urn"].to_list() == ['{"unexpected": "shape"}', None]
    assert frame_for(SHARE_STATISTICS, []).schema["day"] == pl.Date
