"""Element -> row functions of the ads tables, on the real responses of the API reference."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from linkedin_assets.assets import ads_flatten as flat
from linkedin_assets.assets import ads_tables as tables
from linkedin_assets.assets.ads_facts import (
    AdsDirectory,
    UnattributedRowError,
    campaign_fact_row,
    conversion_fact_row,
    creative_fact_row,
    demographic_rows,
    metric_value,
)
from linkedin_assets.linkedin.planning import MergedElement

RESPONSES = Path(__file__).resolve().parents[1] / "fixtures" / "api_responses"
UTC = dt.UTC


def elements(name: str) -> list[dict[str, Any]]:
    return json.loads((RESPONSES / name).read_text())["response"]["elements"]


def ms(value: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(value / 1000, UTC)


def test_every_row_fits_its_table_spec() -> None:
    """Flattener keys are exactly the declared columns (+ _raw): nothing silently dropped."""
    samples = [
        (tables.AD_ACCOUNTS, flat.ad_account_row(elements("ad_accounts_search.json")[0])),
        (
            tables.CAMPAIGN_GROUPS,
            flat.campaign_group_row(elements("ad_campaign_groups_search.json")[0]),
        ),
        (tables.CREATIVES, flat.creative_row(elements("creatives_criteria.json")[0])),
        (
            tables.AD_ACCOUNT_USERS,
            flat.ad_account_user_row(elements("ad_account_users_authenticated_user.json")[0]),
        ),
        (tables.CAMPAIGNS, flat.campaign_row(CAMPAIGN)),
        (tables.CONVERSIONS, flat.conversion_row(CONVERSION)),
        (tables.CONVERSION_CAMPAIGNS, flat.conversion_campaign_rows(CONVERSION)[0]),
        (tables.LEAD_FORMS, flat.lead_form_row(LEAD_FORM)),
        (
            tables.LEAD_FORM_RESPONSES,
            flat.lead_response_row(LEAD, {}, tables.LEAD_PREDEFINED_COLUMNS),
        ),
    ]
    for table, row in samples:
        assert set(row) == {*table.spec.columns, "_raw"}, table.name
        frame = table.frame([row])
        assert frame.height == 1


def test_ad_account_from_the_reference_response() -> None:
    row = flat.ad_account_row(elements("ad_accounts_search.json")[0])
    assert row["account_id"] == 508720451
    assert row["account_urn"] == "urn:li:sponsoredAccount:508720451"
    assert row["name"] == "Jean’s Ad Account"
    assert row["reference_organization_id"] == 64265083
    assert row["serving_statuses"] == ["RUNNABLE"]
    assert row["notified_on_creative_approval"] is False
    assert row["version_tag"] == "6"
    assert row["created_at"] == ms(1623665362000)
    assert json.loads(row["_raw"])["changeAuditStamps"]["lastModified"]["time"] == 1630107610000


def test_campaign_group_budget_stays_exact_text() -> None:
    row = flat.campaign_group_row(elements("ad_campaign_groups_search.json")[0])
    assert row["total_budget_amount"] == "200" and row["total_budget_currency"] == "USD"
    assert row["run_schedule_start"] == ms(1628229693058)
    assert row["run_schedule_end"] == ms(1695253500000)
    assert row["serving_statuses"] == [
        "CAMPAIGN_GROUP_END_DATE_HOLD",
        "CAMPAIGN_GROUP_TOTAL_BUDGET_HOLD",
    ]
    assert row["account_id"] == 508720451


def test_creative_urn_id_and_audit_fields() -> None:
    row = flat.creative_row(elements("creatives_criteria.json")[0])
    assert row["creative_id"] == 287513206
    assert row["campaign_id"] == 252074216
    assert row["content_type"] == "reference"
    assert row["content_reference"] == "urn:li:share:6823991265126957056"
    assert row["serving_hold_reasons"] == ["CAMPAIGN_END_DATE_HOLD", "CAMPAIGN_STOPPED"]
    assert row["review_status"] == "APPROVED"
    assert row["last_modified_by"] == "urn:li:system:0"
    assert row["created_at"] == ms(1692360339000)


def test_text_ad_creative_content() -> None:
    row = flat.creative_row(
        {
            "id": "urn:li:sponsoredCreative:9",
            "content": {
                "textAd": {"headline": "H", "description": "D", "landingPage": "https://x"}
            },
        }
    )
    assert (row["content_type"], row["text_ad_headline"], row["text_ad_landing_page"]) == (
        "textAd",
        "H",
        "https://x",
    )
    assert row["content_reference"] is None


# The campaign element of linkedin_api.md §3.2 (fields of the live Airbyte record).
CAMPAIGN: dict[str, Any] = {
    "id": 252074216,
    "name": "Brand – Q3",
    "account": "urn:li:sponsoredAccount:508720451",
    "campaignGroup": "urn:li:sponsoredCampaignGroup:616471656",
    "status": "PAUSED",
    "type": "SPONSORED_UPDATES",
    "format": "STANDARD_UPDATE",
    "objectiveType": "WEBSITE_VISIT",
    "optimizationTargetType": "MAX_CLICK",
    "costType": "CPC",
    "unitCost": {"currencyCode": "USD", "amount": "5.25"},
    "dailyBudget": {"currencyCode": "USD", "amount": "-2E-18"},
    "runSchedule": {"start": 1628229693058},
    "locale": {"country": "US", "language": "en"},
    "pacingStrategy": "LIFETIME",
    "creativeSelection": "OPTIMIZED",
    "offsiteDeliveryEnabled": False,
    "audienceExpansionEnabled": True,
    "storyDeliveryEnabled": False,
    "associatedEntity": "urn:li:organization:64265083",
    "servingStatuses": ["STOPPED"],
    "test": False,
    "version": {"versionTag": "3"},
    "changeAuditStamps": {
        "created": {"time": 1628229693000},
        "lastModified": {"time": 1695252825000},
    },
    "targetingCriteria": {
        "include": {
            "and": [{"or": {"urn:li:adTargetingFacet:locations": ["urn:li:geo:103644278"]}}]
        },
        "exclude": {"or": {"urn:li:adTargetingFacet:seniorities": ["urn:li:seniority:3"]}},
    },
}


def test_campaign_columns_cover_kondados_fields() -> None:
    row = flat.campaign_row(CAMPAIGN)
    assert row["campaign_group_id"] == 616471656
    assert (row["unit_cost_amount"], row["unit_cost_currency"]) == ("5.25", "USD")
    assert row["daily_budget_amount"] == "-2E-18"  # exact, never a float
    assert row["total_budget_amount"] is None
    assert row["run_schedule_end"] is None  # open-ended
    assert (row["locale_country"], row["locale_language"]) == ("US", "en")
    assert row["associated_entity_id"] == "64265083"
    assert row["audience_expansion_enabled"] is True
    assert json.loads(row["targeting_criteria"]) == CAMPAIGN["targetingCriteria"]
    assert row["version_tag"] == "3"
    assert row["last_modified_at"] == ms(1695252825000)


CONVERSION: dict[str, Any] = {
    "id": 104,
    "name": "Demo",
    "account": "urn:li:sponsoredAccount:1",
    "type": "LEAD",
    "enabled": True,
    "attributionType": "LAST_TOUCH_BY_CAMPAIGN",
    "postClickAttributionWindowSize": 30,
    "viewThroughAttributionWindowSize": 7,
    "value": {"currencyCode": "EUR", "amount": "12.50"},
    "campaigns": ["urn:li:sponsoredCampaign:7", "urn:li:sponsoredCampaign:8"],
    "associatedCampaigns": [
        {
            "associatedAt": 1700000000000,
            "campaign": "urn:li:sponsoredCampaign:7",
            "conversion": "urn:lla:llaPartnerConversion:104",
        }
    ],
    "created": 1600000000000,
    "lastModified": 1650000000000,
}


def test_conversion_and_one_row_per_associated_campaign() -> None:
    row = flat.conversion_row(CONVERSION)
    assert row["conversion_urn"] == "urn:lla:llaPartnerConversion:104"
    assert (row["value_amount"], row["value_currency"]) == ("12.50", "EUR")
    assert row["campaign_count"] == 2
    assert row["created_at"] == ms(1600000000000)
    links = {r["campaign_id"]: r for r in flat.conversion_campaign_rows(CONVERSION)}
    assert set(links) == {7, 8}
    assert links[7]["associated_at"] == ms(1700000000000)
    assert links[8]["associated_at"] is None  # listed in `campaigns` only
    assert {r["conversion_id"] for r in links.values()} == {104}


LEAD_FORM: dict[str, Any] = {
    "id": 55,
    "name": "Demo form",
    "state": "PUBLISHED",
    "owner": {"sponsoredAccount": "urn:li:sponsoredAccount:1"},
    "creationLocale": {"country": "DE", "language": "de"},
    "versionId": 2,
    "created": 1600000000000,
    "lastModified": {"time": 1650000000000},
    "content": {
        "headline": {
            "localized": {"en_US": "Hello", "de_DE": "Hallo"},
            "preferredLocale": {"country": "DE", "language": "de"},
        },
        "questions": [
            {
                "questionId": 1,
                "name": "email",
                "predefinedField": "EMAIL",
                "question": {"localized": {"de_DE": "E-Mail"}},
            },
            {
                "questionId": 2,
                "name": "size",
                "question": {"localized": {"de_DE": "Größe"}},
                "questionDetails": {
                    "multipleChoiceQuestionDetails": {
                        "options": [{"id": 1, "text": {"localized": {"de_DE": "1-50"}}}]
                    }
                },
            },
        ],
    },
}

LEAD: dict[str, Any] = {
    "id": "4e4e-1",
    "owner": {"sponsoredAccount": "urn:li:sponsoredAccount:1"},
    "submitter": "urn:li:person:X",
    "leadType": "SPONSORED",
    "versionedLeadGenFormUrn": "urn:li:versionedLeadGenForm:(urn:li:leadGenForm:55,2)",
    "submittedAt": 1700000000000,
    "testLead": False,
    "formResponse": {
        "answers": [
            {"questionId": 1, "answerDetails": {"textQuestionAnswer": {"answer": "a@b.example"}}},
            {"questionId": 2, "answerDetails": {"multipleChoiceAnswer": {"options": [1]}}},
        ],
        "consentResponses": [{"consentId": 1, "accepted": True}],
    },
    "leadMetadata": {"sponsoredLeadMetadata": {"campaign": "urn:li:sponsoredCampaign:7"}},
}


def test_lead_form_in_its_preferred_locale() -> None:
    row = flat.lead_form_row(LEAD_FORM)
    assert row["headline"] == "Hallo"
    assert row["question_count"] == 2
    assert row["last_modified_at"] == ms(1650000000000)  # audit-stamp shape accepted too
    assert json.loads(row["questions"])[1]["options"] == {"1": "1-50"}


def test_lead_response_answers_and_predefined_fields() -> None:
    questions = {q["question_id"]: q for q in flat.lead_form_questions(LEAD_FORM)}
    row = flat.lead_response_row(LEAD, questions, tables.LEAD_PREDEFINED_COLUMNS)
    assert row["email"] == "a@b.example"
    assert row["first_name"] is None
    assert (row["lead_form_id"], row["lead_form_version"]) == (55, 2)
    assert row["submitted_date"] == dt.date(2023, 11, 14)
    assert row["campaign_id"] == 7 and row["account_id"] == 1
    answers = json.loads(row["answers"])
    assert answers[1]["options"] == [1] and answers[1]["option_texts"] == ["1-50"]
    assert answers[0]["predefined_field"] == "EMAIL"


# ------------------------------------------------------------------- fact rows


DIRECTORY = AdsDirectory.build(
    accounts=[{"id": 1, "currency": "EUR"}, {"id": 2, "currency": "USD"}],
    campaigns=[
        {
            "id": 1111,
            "account": "urn:li:sponsoredAccount:1",
            "campaignGroup": "urn:li:sponsoredCampaignGroup:5",
        }
    ],
    creatives=[
        {
            "id": "urn:li:sponsoredCreative:9",
            "account": "urn:li:sponsoredAccount:1",
            "campaign": "urn:li:sponsoredCampaign:1111",
        }
    ],
)


def test_campaign_fact_row_from_the_reference_response() -> None:
    element = elements("ad_analytics_campaign_daily.json")[0]
    merged = MergedElement(("CAMPAIGN",), "", ("urn:li:sponsoredAccount:1",), element)
    row = campaign_fact_row(merged, DIRECTORY, ["impressions", "clicks", "costInUsd", "likes"])
    assert row["day"] == dt.date(2023, 1, 2)
    assert row["campaign_id"] == 1111
    assert (row["account_id"], row["account_currency"], row["campaign_group_id"]) == (1, "EUR", 5)
    assert (row["impressions"], row["clicks"]) == (19090, 100)
    assert row["cost_in_usd"] == "209.449"
    assert row["likes"] is None  # not requested/returned: NULL, not a made-up zero


def test_metric_values_are_typed_after_the_metric() -> None:
    assert metric_value("costInLocalCurrency", "-2E-18") == str(Decimal("-2E-18"))
    assert metric_value("impressions", 12) == 12
    assert metric_value("averageDwellTime", 3) == 3.0
    assert metric_value("clicks", None) is None
    assert metric_value("clicks", "oops") is None


def test_creative_row_gets_campaign_and_group_from_the_directory() -> None:
    element = {
        "pivotValues": ["urn:li:sponsoredCreative:9"],
        "dateRange": {"start": {"year": 2024, "month": 3, "day": 5}},
        "impressions": 3,
    }
    row = creative_fact_row(
        MergedElement(
            ("CREATIVE",), "", ("urn:li:sponsoredAccount:1", "urn:li:sponsoredAccount:2"), element
        ),
        DIRECTORY,
        ["impressions"],
    )
    assert (row["creative_id"], row["campaign_id"], row["campaign_group_id"]) == (9, 1111, 5)


def test_unknown_entity_is_placed_by_a_single_account_facet_or_refused() -> None:
    element = {
        "pivotValues": ["urn:li:sponsoredCreative:77"],
        "dateRange": {"start": {"year": 2024, "month": 3, "day": 5}},
    }
    single = MergedElement(("CREATIVE",), "", ("urn:li:sponsoredAccount:2",), element)
    row = creative_fact_row(single, DIRECTORY, [])
    assert (row["account_id"], row["account_currency"], row["campaign_id"]) == (2, "USD", None)
    several = MergedElement(
        ("CREATIVE",), "", ("urn:li:sponsoredAccount:1", "urn:li:sponsoredAccount:2"), element
    )
    with pytest.raises(UnattributedRowError):
        creative_fact_row(several, DIRECTORY, [])


def test_conversion_row_reads_pivot_values_in_pivot_order() -> None:
    element = {
        "pivotValues": ["urn:li:sponsoredCampaign:1111", "urn:lla:llaPartnerConversion:104"],
        "dateRange": {"start": {"year": 2024, "month": 1, "day": 1}},
        "externalWebsiteConversions": 2,
        "conversionValueInLocalCurrency": "25.00",
    }
    row = conversion_fact_row(
        MergedElement(("CAMPAIGN", "CONVERSION"), "", ("urn:li:sponsoredAccount:1",), element),
        DIRECTORY,
        ["externalWebsiteConversions", "conversionValueInLocalCurrency"],
    )
    assert (row["campaign_id"], row["conversion_id"]) == (1111, 104)
    assert row["external_website_conversions"] == 2
    assert row["conversion_value_in_local_currency"] == "25.00"


def test_demographic_pieces_of_one_month_are_summed() -> None:
    def piece(first: int, last: int, impressions: int, cost: str) -> MergedElement:
        element = {
            "pivotValues": ["urn:li:seniority:4"],
            "dateRange": {
                "start": {"year": 2024, "month": 3, "day": first},
                "end": {"year": 2024, "month": 3, "day": last},
            },
            "impressions": impressions,
            "costInUsd": cost,
        }
        return MergedElement(
            ("MEMBER_SENIORITY",),
            "urn:li:sponsoredCampaign:1111",
            ("urn:li:sponsoredCampaign:1111",),
            element,
        )

    rows = demographic_rows(
        [piece(1, 15, 10, "1.50"), piece(16, 31, 5, "0.25")],
        DIRECTORY,
        ["impressions", "costInUsd"],
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row["month"], row["campaign_id"], row["demographic_pivot"]) == (
        dt.date(2024, 3, 1),
        1111,
        "MEMBER_SENIORITY",
    )
    assert (row["impressions"], Decimal(row["cost_in_usd"])) == (15, Decimal("1.75"))
    assert row["account_id"] == 1
