"""Tables of the LinkedIn Ads assets: columns, types, keys and column docs in one place.

Each table is declared once as (column, DuckDB type, description) triples; the TableSpec the
storage layer enforces and the Dagster column schema shown in the UI both come from it, so
they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import dagster as dg
import polars as pl

from linkedin_assets.linkedin.planning import (
    CONVERSION_METRICS,
    DECIMAL_METRICS,
    DEMOGRAPHIC_METRICS,
    FLOAT_METRICS,
    metric_column,
    metrics_for_pivot,
)
from linkedin_assets.storage import TableSpec

MONEY = "DECIMAL(38,10)"
TEXT_LIST = "VARCHAR[]"

Column = tuple[str, str, str]


@dataclass(frozen=True)
class AdsTable:
    """A table's spec plus the description of every column (for the Dagster UI)."""

    spec: TableSpec
    docs: Mapping[str, str]

    @property
    def name(self) -> str:
        return self.spec.name

    def column_schema(self) -> dg.TableSchema:
        columns = [
            dg.TableColumn(name, dtype, description=self.docs.get(name, ""))
            for name, dtype in self.spec.stored_columns.items()
        ]
        return dg.TableSchema(columns=columns)

    def frame(self, rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
        """Rows (dicts from the flatteners) as a frame typed after the spec, `_raw` included."""
        schema = {name: polars_type(dtype) for name, dtype in self.spec.columns.items()}
        schema["_raw"] = pl.Utf8
        return pl.from_dicts(list(rows), schema=schema)


def polars_type(duckdb_type: str) -> pl.DataType:
    """The frame type a flattener's values arrive in; storage casts to the declared type.

    Money travels as text (LinkedIn's exact decimal strings), JSON as serialized text.
    """
    upper = duckdb_type.upper()
    if upper in ("BIGINT", "INTEGER"):
        return pl.Int64()
    if upper == "DOUBLE":
        return pl.Float64()
    if upper == "BOOLEAN":
        return pl.Boolean()
    if upper == "DATE":
        return pl.Date()
    if upper == "TIMESTAMPTZ":
        return pl.Datetime("us", "UTC")
    if upper == TEXT_LIST:
        return pl.List(pl.Utf8)
    return pl.Utf8()  # VARCHAR, JSON, DECIMAL


def table(name: str, key: Sequence[str], columns: Sequence[Column]) -> AdsTable:
    spec = TableSpec(name=name, columns={c: t for c, t, _ in columns}, primary_key=tuple(key))
    docs = {c: d for c, _, d in columns}
    docs["_raw"] = "The element exactly as LinkedIn sent it (JSON): no field is ever lost."
    docs["_synced_at"] = "When this row was written."
    return AdsTable(spec, docs)


AUDIT: tuple[Column, ...] = (
    ("created_at", "TIMESTAMPTZ", "Creation time (changeAuditStamps.created)."),
    ("last_modified_at", "TIMESTAMPTZ", "Last modification (changeAuditStamps.lastModified)."),
)


def _account_ref(entity: str = "record") -> tuple[Column, ...]:
    return (
        ("account_id", "BIGINT", f"Numeric id of the ad account of the {entity}."),
        ("account_urn", "VARCHAR", "urn:li:sponsoredAccount:<id>."),
    )


AD_ACCOUNTS = table(
    "ad_accounts",
    ["account_id"],
    [
        ("account_id", "BIGINT", "Ad account id."),
        ("account_urn", "VARCHAR", "urn:li:sponsoredAccount:<id>."),
        ("name", "VARCHAR", "Account name."),
        ("currency", "VARCHAR", "ISO currency of budgets, bids and costInLocalCurrency."),
        ("status", "VARCHAR", "ACTIVE, DRAFT, CANCELED, PENDING_DELETION or REMOVED."),
        ("type", "VARCHAR", "BUSINESS or ENTERPRISE."),
        ("reference", "VARCHAR", "Entity advertised on behalf of (organization URN)."),
        ("reference_organization_id", "BIGINT", "Organization id of `reference`."),
        ("test", "BOOLEAN", "A test account (never serves)."),
        ("serving_statuses", TEXT_LIST, "RUNNABLE, or why the account cannot serve."),
        ("notified_on_campaign_optimization", "BOOLEAN", "Notify on optimization tips."),
        ("notified_on_creative_approval", "BOOLEAN", "Notify when a creative is approved."),
        ("notified_on_creative_rejection", "BOOLEAN", "Notify when a creative is rejected."),
        ("notified_on_end_of_campaign", "BOOLEAN", "Notify when a campaign completes."),
        ("notified_on_new_features_enabled", "BOOLEAN", "Notify about new features."),
        ("version_tag", "VARCHAR", "Incremented on every update."),
        *AUDIT,
    ],
)

AD_ACCOUNT_USERS = table(
    "ad_account_users",
    ["account_id", "user_urn"],
    [
        *_account_ref("role"),
        ("user_urn", "VARCHAR", "The member holding the role (urn:li:person:...)."),
        ("role", "VARCHAR", "ACCOUNT_BILLING_ADMIN, ACCOUNT_MANAGER, CAMPAIGN_MANAGER, ..."),
        *AUDIT,
    ],
)

_BUDGETS: tuple[Column, ...] = (
    ("daily_budget_amount", MONEY, "Maximum spend per day."),
    ("daily_budget_currency", "VARCHAR", "Currency of the daily budget."),
    ("total_budget_amount", MONEY, "Maximum spend over the whole life."),
    ("total_budget_currency", "VARCHAR", "Currency of the total budget."),
)
_SCHEDULE: tuple[Column, ...] = (
    ("run_schedule_start", "TIMESTAMPTZ", "Scheduled start (inclusive)."),
    ("run_schedule_end", "TIMESTAMPTZ", "Scheduled end (exclusive); NULL = open-ended."),
)

CAMPAIGN_GROUPS = table(
    "campaign_groups",
    ["campaign_group_id"],
    [
        ("campaign_group_id", "BIGINT", "Campaign group id."),
        ("campaign_group_urn", "VARCHAR", "urn:li:sponsoredCampaignGroup:<id>."),
        *_account_ref("campaign group"),
        ("name", "VARCHAR", "Group name."),
        ("status", "VARCHAR", "ACTIVE, ARCHIVED, CANCELED, DRAFT, PAUSED, ..."),
        ("serving_statuses", TEXT_LIST, "RUNNABLE, or the holds stopping delivery."),
        *_SCHEDULE,
        *_BUDGETS,
        ("objective_type", "VARCHAR", "Objective of the group (newer API versions)."),
        ("budget_optimization", "JSON", "Campaign-group budget optimization settings."),
        ("test", "BOOLEAN", "Belongs to a test account."),
        ("backfilled", "BOOLEAN", "Created by LinkedIn to hold pre-existing campaigns."),
        *AUDIT,
    ],
)

CAMPAIGNS = table(
    "campaigns",
    ["campaign_id"],
    [
        ("campaign_id", "BIGINT", "Campaign id."),
        ("campaign_urn", "VARCHAR", "urn:li:sponsoredCampaign:<id>."),
        *_account_ref("campaign"),
        ("campaign_group_id", "BIGINT", "Id of its campaign group."),
        ("campaign_group_urn", "VARCHAR", "urn:li:sponsoredCampaignGroup:<id>."),
        ("name", "VARCHAR", "Campaign name."),
        ("status", "VARCHAR", "ACTIVE, PAUSED, ARCHIVED, COMPLETED, CANCELED, DRAFT, ..."),
        ("type", "VARCHAR", "TEXT_AD, SPONSORED_UPDATES, SPONSORED_INMAILS or DYNAMIC."),
        ("format", "VARCHAR", "Ad format (STANDARD_UPDATE, SINGLE_VIDEO, ...)."),
        ("objective_type", "VARCHAR", "BRAND_AWARENESS, WEBSITE_VISIT, LEAD_GENERATION, ..."),
        ("optimization_target_type", "VARCHAR", "What delivery optimizes for."),
        ("cost_type", "VARCHAR", "CPM, CPC or CPV."),
        ("unit_cost_amount", MONEY, "Bid or target cost per unit."),
        ("unit_cost_currency", "VARCHAR", "Currency of the unit cost."),
        *_BUDGETS,
        *_SCHEDULE,
        ("locale_country", "VARCHAR", "Campaign locale country (ISO-3166)."),
        ("locale_language", "VARCHAR", "Campaign locale language."),
        ("pacing_strategy", "VARCHAR", "LIFETIME, DAILY, ..."),
        ("creative_selection", "VARCHAR", "ROUND_ROBIN or OPTIMIZED."),
        ("offsite_delivery_enabled", "BOOLEAN", "Serves on the LinkedIn Audience Network."),
        ("audience_expansion_enabled", "BOOLEAN", "Audience expansion on."),
        ("story_delivery_enabled", "BOOLEAN", "Story placements on."),
        ("associated_entity", "VARCHAR", "Beneficiary of the campaign (organization URN)."),
        ("associated_entity_id", "VARCHAR", "Id part of associated_entity."),
        ("serving_statuses", TEXT_LIST, "RUNNABLE, or the holds stopping delivery."),
        ("test", "BOOLEAN", "Belongs to a test account."),
        ("version_tag", "VARCHAR", "Incremented on every update."),
        ("targeting_criteria", "JSON", "Targeting (include/exclude facets), as sent."),
        ("offsite_preferences", "JSON", "Audience Network preferences, as sent."),
        *AUDIT,
    ],
)

CREATIVES = table(
    "creatives",
    ["creative_id"],
    [
        ("creative_id", "BIGINT", "Creative id."),
        ("creative_urn", "VARCHAR", "urn:li:sponsoredCreative:<id>."),
        *_account_ref("creative"),
        ("campaign_id", "BIGINT", "Id of its campaign."),
        ("campaign_urn", "VARCHAR", "urn:li:sponsoredCampaign:<id>."),
        ("name", "VARCHAR", "Creative name (newer API versions)."),
        ("intended_status", "VARCHAR", "ACTIVE, PAUSED, DRAFT, ARCHIVED, CANCELED, ..."),
        ("is_serving", "BOOLEAN", "Serving right now."),
        ("serving_hold_reasons", TEXT_LIST, "Why it is not serving."),
        ("review_status", "VARCHAR", "APPROVED, REJECTED, PENDING, ...; NULL for drafts."),
        ("review_rejection_reasons", TEXT_LIST, "Reasons of a rejection."),
        ("is_test", "BOOLEAN", "Belongs to a test account."),
        ("content_type", "VARCHAR", "Which content the creative carries: reference, textAd, ..."),
        ("content_reference", "VARCHAR", "Post (share/ugcPost) or InMail URN it sponsors."),
        ("text_ad_headline", "VARCHAR", "Text ads: headline."),
        ("text_ad_description", "VARCHAR", "Text ads: description."),
        ("text_ad_landing_page", "VARCHAR", "Text ads: landing page."),
        ("leadgen_call_to_action_destination", "VARCHAR", "Lead gen form the CTA opens."),
        ("leadgen_call_to_action_label", "VARCHAR", "Lead gen CTA label."),
        ("content", "JSON", "The whole `content` record, as sent."),
        ("created_at", "TIMESTAMPTZ", "Creation time (createdAt)."),
        ("created_by", "VARCHAR", "Who created it."),
        ("last_modified_at", "TIMESTAMPTZ", "Last modification (lastModifiedAt)."),
        ("last_modified_by", "VARCHAR", "Who (or urn:li:system:0) modified it last."),
    ],
)

CONVERSIONS = table(
    "conversions",
    ["conversion_id"],
    [
        ("conversion_id", "BIGINT", "Conversion rule id."),
        ("conversion_urn", "VARCHAR", "urn:lla:llaPartnerConversion:<id> (pivot value)."),
        *_account_ref("conversion rule"),
        ("name", "VARCHAR", "Rule name."),
        ("type", "VARCHAR", "LEAD, PURCHASE, SIGN_UP, ..."),
        ("enabled", "BOOLEAN", "The rule is collecting conversions."),
        ("attribution_type", "VARCHAR", "LAST_TOUCH_BY_CAMPAIGN or LAST_TOUCH_BY_CONVERSION."),
        ("post_click_attribution_window_size", "BIGINT", "Post-click window (days)."),
        ("view_through_attribution_window_size", "BIGINT", "View-through window (days)."),
        ("value_amount", MONEY, "Value of one conversion."),
        ("value_currency", "VARCHAR", "Currency of the value."),
        ("image_pixel_tag", "VARCHAR", "Image pixel HTML."),
        ("url_match_rule_expression", "JSON", "URL match rules (list of lists)."),
        ("url_rules", "JSON", "URL rules."),
        ("campaign_count", "BIGINT", "Campaigns the rule is associated with."),
        ("created_at", "TIMESTAMPTZ", "Creation time (`created`)."),
        ("last_modified_at", "TIMESTAMPTZ", "Last modification (`lastModified`)."),
        ("last_callback_at", "TIMESTAMPTZ", "Last conversion callback, when sent."),
    ],
)

CONVERSION_CAMPAIGNS = table(
    "conversion_campaigns",
    ["conversion_id", "campaign_id"],
    [
        ("conversion_id", "BIGINT", "Conversion rule id."),
        ("campaign_id", "BIGINT", "Campaign the rule is associated with."),
        *_account_ref("conversion rule"),
        ("conversion_urn", "VARCHAR", "urn:lla:llaPartnerConversion:<id>."),
        ("campaign_urn", "VARCHAR", "urn:li:sponsoredCampaign:<id>."),
        ("associated_at", "TIMESTAMPTZ", "When the association was made, when known."),
    ],
)

LEAD_FORMS = table(
    "lead_forms",
    ["lead_form_id"],
    [
        ("lead_form_id", "BIGINT", "Lead gen form id."),
        ("lead_form_urn", "VARCHAR", "urn:li:leadGenForm:<id>."),
        *_account_ref("form owner"),
        ("owner_urn", "VARCHAR", "The owner (sponsored account)."),
        ("name", "VARCHAR", "Form name."),
        ("state", "VARCHAR", "DRAFT, PUBLISHED, ARCHIVED, ..."),
        ("version_id", "BIGINT", "Current version of the form."),
        ("creation_locale_country", "VARCHAR", "Locale country."),
        ("creation_locale_language", "VARCHAR", "Locale language."),
        ("headline", "VARCHAR", "Headline, in the form's preferred locale."),
        ("description", "VARCHAR", "Description, in the form's preferred locale."),
        ("question_count", "BIGINT", "Number of questions."),
        ("questions", "JSON", "Questions: id, name, predefined field, text, options."),
        ("hidden_fields", "JSON", "Hidden tracking fields."),
        ("privacy_policy_url", "VARCHAR", "Privacy policy link (legalInfo)."),
        ("landing_page_url", "VARCHAR", "Where members go after submitting."),
        ("created_at", "TIMESTAMPTZ", "Creation time."),
        ("last_modified_at", "TIMESTAMPTZ", "Last modification."),
    ],
)

# Predefined lead form fields kept as typed columns (the CRM fields users map first).
LEAD_PREDEFINED_COLUMNS: Mapping[str, str] = {
    "FIRST_NAME": "first_name",
    "LAST_NAME": "last_name",
    "EMAIL": "email",
    "WORK_EMAIL": "work_email",
    "PHONE_NUMBER": "phone_number",
    "COMPANY_NAME": "company_name",
    "JOB_TITLE": "job_title",
    "COUNTRY": "country",
    "CITY": "city",
}

LEAD_FORM_RESPONSES = table(
    "lead_form_responses",
    ["response_id"],
    [
        ("response_id", "VARCHAR", "Lead (form response) id."),
        ("submitted_date", "DATE", "UTC day of submission (the partition)."),
        ("submitted_at", "TIMESTAMPTZ", "Submission time."),
        *_account_ref("form owner"),
        ("owner_urn", "VARCHAR", "The owner (sponsored account)."),
        ("lead_type", "VARCHAR", "SPONSORED, EVENT, COMPANY, ..."),
        ("test_lead", "BOOLEAN", "A test lead submitted from Campaign Manager."),
        ("submitter_urn", "VARCHAR", "The member who submitted."),
        ("lead_form_id", "BIGINT", "Lead gen form id."),
        ("lead_form_version", "BIGINT", "Version of the form answered."),
        ("versioned_lead_form_urn", "VARCHAR", "urn:li:versionedLeadGenForm:(form,version)."),
        ("campaign_id", "BIGINT", "Campaign the lead came from."),
        ("campaign_urn", "VARCHAR", "urn:li:sponsoredCampaign:<id>."),
        ("associated_entity", "VARCHAR", "The sponsored post or creative answered from."),
        *(
            (column, "VARCHAR", f"Answer to the form's {field} question.")
            for field, column in LEAD_PREDEFINED_COLUMNS.items()
        ),
        ("answers", "JSON", "Every answer: question id, name, text, answer or options."),
        ("consent_responses", "JSON", "Consents: id and accepted."),
    ],
)


def metric_type(metric: str) -> str:
    if metric in DECIMAL_METRICS:
        return MONEY
    if metric in FLOAT_METRICS:
        return "DOUBLE"
    return "BIGINT"


def metric_columns(metrics: Iterable[str]) -> tuple[Column, ...]:
    return tuple((metric_column(m), metric_type(m), f"adAnalytics `{m}`.") for m in metrics)


_FACT_CONTEXT: tuple[Column, ...] = (
    ("account_id", "BIGINT", "Ad account id."),
    ("account_currency", "VARCHAR", "Currency of the *_in_local_currency columns."),
)

CREATIVE_METRICS = metrics_for_pivot("CREATIVE")
CAMPAIGN_METRICS = metrics_for_pivot("CAMPAIGN")

AD_ANALYTICS_BY_CREATIVE = table(
    "ad_analytics_by_creative",
    ["day", "creative_id"],
    [
        ("day", "DATE", "UTC day."),
        ("creative_id", "BIGINT", "Creative id."),
        ("creative_urn", "VARCHAR", "urn:li:sponsoredCreative:<id>."),
        *_FACT_CONTEXT,
        ("campaign_id", "BIGINT", "Campaign of the creative, when known."),
        ("campaign_group_id", "BIGINT", "Campaign group of the creative, when known."),
        *metric_columns(CREATIVE_METRICS),
    ],
)

AD_ANALYTICS_BY_CAMPAIGN = table(
    "ad_analytics_by_campaign",
    ["day", "campaign_id"],
    [
        ("day", "DATE", "UTC day."),
        ("campaign_id", "BIGINT", "Campaign id."),
        ("campaign_urn", "VARCHAR", "urn:li:sponsoredCampaign:<id>."),
        *_FACT_CONTEXT,
        ("campaign_group_id", "BIGINT", "Campaign group of the campaign, when known."),
        *metric_columns(CAMPAIGN_METRICS),
    ],
)

CONVERSION_PERFORMANCE = table(
    "conversion_performance",
    ["day", "conversion_id", "campaign_id"],
    [
        ("day", "DATE", "UTC day."),
        ("conversion_id", "BIGINT", "Conversion rule id."),
        ("campaign_id", "BIGINT", "Campaign id."),
        ("conversion_urn", "VARCHAR", "urn:lla:llaPartnerConversion:<id>."),
        ("campaign_urn", "VARCHAR", "urn:li:sponsoredCampaign:<id>."),
        *_FACT_CONTEXT,
        ("campaign_group_id", "BIGINT", "Campaign group of the campaign, when known."),
        *metric_columns(CONVERSION_METRICS),
    ],
)

AD_DEMOGRAPHICS = table(
    "ad_demographics",
    ["month", "campaign_id", "demographic_pivot", "member_value"],
    [
        ("month", "DATE", "First day of the month (UTC)."),
        ("campaign_id", "BIGINT", "Campaign id."),
        (
            "demographic_pivot",
            "VARCHAR",
            "MEMBER_* pivot (MEMBER_SENIORITY, MEMBER_COUNTRY_V2, ...).",
        ),
        ("member_value", "VARCHAR", "The facet value: urn:li:seniority:4, SIZE_2_TO_10, ..."),
        ("campaign_urn", "VARCHAR", "urn:li:sponsoredCampaign:<id>."),
        *_FACT_CONTEXT,
        ("campaign_group_id", "BIGINT", "Campaign group of the campaign, when known."),
        *metric_columns(DEMOGRAPHIC_METRICS),
    ],
)
