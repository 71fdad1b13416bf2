"""LinkedIn Ads assets (group `linkedin_ads`): dimensions as snapshots with change history,
performance facts partitioned by UTC day (demographics by month).

The assets are thin declarations; the work is in ads_runs (plan -> fetch -> flatten -> write)
and linkedin.planning (which adAnalytics requests to send).
"""

# No `from __future__ import annotations` here: Dagster inspects the `context` annotation of
# asset functions at definition time and rejects it as a string.
from collections.abc import Iterator

import dagster as dg

from linkedin_assets.assets import ads_runs as runs
from linkedin_assets.assets import ads_tables as tables
from linkedin_assets.assets.kit import DUCKDB_POOL
from linkedin_assets.partitions import DAILY, MONTHLY
from linkedin_assets.resources import LinkedInResource, WarehouseResource

GROUP = "linkedin_ads"
KINDS = {"linkedin", "duckdb"}
SCOPE_NOTE = (
    " Scoped to LINKEDIN_AD_ACCOUNT_IDS (empty: every account the token can see); other "
    "accounts' rows are never touched."
)
DIMENSION_NOTE = (
    " Snapshot of the current state plus `{name}_history` (valid_from / valid_to) as of each "
    "run's start." + SCOPE_NOTE
)


def _metadata(table: tables.AdsTable) -> dict:
    return {
        "dagster/column_schema": table.column_schema(),
        "dagster/table_name": table.spec.display_name,
    }


def _dimension(table: tables.AdsTable, grain: str, collect):
    @dg.asset(
        name=table.name,
        group_name=GROUP,
        kinds=KINDS,
        pool=DUCKDB_POOL,
        description=grain + DIMENSION_NOTE.format(name=table.name),
        metadata=_metadata(table),
    )
    def _asset(
        context: dg.AssetExecutionContext,
        linkedin: LinkedInResource,
        warehouse: WarehouseResource,
    ) -> dg.MaterializeResult:
        return runs.materialize_dimension(context, linkedin, warehouse, table, collect)

    return _asset


ad_accounts = _dimension(
    tables.AD_ACCOUNTS, "One row per ad account; key account_id.", runs.collect_ad_accounts
)
ad_account_users = _dimension(
    tables.AD_ACCOUNT_USERS,
    "One row per member role on an ad account; key (account_id, user_urn).",
    runs.collect_ad_account_users,
)
campaign_groups = _dimension(
    tables.CAMPAIGN_GROUPS,
    "One row per campaign group; key campaign_group_id.",
    runs.collect_campaign_groups,
)
campaigns = _dimension(
    tables.CAMPAIGNS,
    "One row per campaign (schedule, budgets, bidding, targeting as JSON); key campaign_id.",
    runs.collect_campaigns,
)
creatives = _dimension(
    tables.CREATIVES, "One row per creative; key creative_id.", runs.collect_creatives
)
lead_forms = _dimension(
    tables.LEAD_FORMS,
    "One row per lead gen form owned by an ad account; key lead_form_id.",
    runs.collect_lead_forms,
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            tables.CONVERSIONS.name,
            group_name=GROUP,
            kinds=KINDS,
            description="One row per conversion rule; key conversion_id."
            + DIMENSION_NOTE.format(name=tables.CONVERSIONS.name),
            metadata=_metadata(tables.CONVERSIONS),
        ),
        dg.AssetSpec(
            tables.CONVERSION_CAMPAIGNS.name,
            group_name=GROUP,
            kinds=KINDS,
            description="One row per (conversion rule, campaign) association; key "
            "(conversion_id, campaign_id)."
            + DIMENSION_NOTE.format(name=tables.CONVERSION_CAMPAIGNS.name),
            metadata=_metadata(tables.CONVERSION_CAMPAIGNS),
        ),
    ],
    pool=DUCKDB_POOL,
)
def conversions(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> Iterator[dg.MaterializeResult]:
    yield from runs.materialize_conversions(context, linkedin, warehouse)


FACT_NOTE = (
    " Asked by account facet with every metric (chunks of 18 merged on pivot and day), in "
    "date windows sized so no answer reaches LinkedIn's silent 15,000-element cap; an answer "
    "at the cap is split and asked again, never stored. A run replaces its window." + SCOPE_NOTE
)


def _partitioned_fact(table: tables.AdsTable, description: str, **kwargs):
    return dg.asset(
        name=table.name,
        group_name=GROUP,
        kinds=KINDS,
        pool=DUCKDB_POOL,
        partitions_def=kwargs.pop("partitions_def", DAILY),
        backfill_policy=dg.BackfillPolicy.single_run(),
        description=description,
        metadata=_metadata(table),
        **kwargs,
    )


@_partitioned_fact(
    tables.AD_ANALYTICS_BY_CREATIVE,
    "Daily ad performance per creative: one row per (day, creative_id), every adAnalytics "
    "metric, cost in account currency and USD, with account, campaign and campaign group."
    + FACT_NOTE,
)
def ad_analytics_by_creative(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    return runs.materialize_entity_analytics(context, linkedin, warehouse, pivot="CREATIVE")


@_partitioned_fact(
    tables.AD_ANALYTICS_BY_CAMPAIGN,
    "Daily ad performance per campaign: one row per (day, campaign_id), every adAnalytics "
    "metric (incl. reach and audience penetration), with account and campaign group." + FACT_NOTE,
)
def ad_analytics_by_campaign(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    return runs.materialize_entity_analytics(context, linkedin, warehouse, pivot="CAMPAIGN")


@_partitioned_fact(
    tables.CONVERSION_PERFORMANCE,
    "Daily conversions per (day, conversion_id, campaign_id) from pivots CAMPAIGN x "
    "CONVERSION: post-click, view-through, viral and value." + FACT_NOTE,
)
def conversion_performance(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    return runs.materialize_conversion_performance(context, linkedin, warehouse)


@_partitioned_fact(
    tables.AD_DEMOGRAPHICS,
    "Monthly audience breakdowns: one row per (month, campaign_id, demographic_pivot, member_value) for "
    "each MEMBER_* pivot (company size, country, region, job function, job title, industry, "
    "seniority, company), only for campaigns that ran in the month. LinkedIn drops small "
    "counts, so rows do not add up to campaign totals." + SCOPE_NOTE,
    partitions_def=MONTHLY,
)
def ad_demographics(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    return runs.materialize_demographics(context, linkedin, warehouse)


@_partitioned_fact(
    tables.LEAD_FORM_RESPONSES,
    "Leads by UTC submission day: one row per response_id with the predefined fields (name, "
    "email, company...) as columns and every answer in `answers` (JSON)." + SCOPE_NOTE,
)
def lead_form_responses(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    return runs.materialize_lead_form_responses(context, linkedin, warehouse)
