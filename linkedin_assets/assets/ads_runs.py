"""The bodies of the LinkedIn Ads assets: plan -> fetch -> flatten -> write -> metadata.

ads.py only declares the assets; each calls one function here with its resources. Every run
discovers its accounts first (LINKEDIN_AD_ACCOUNT_IDS or all visible), fetches what it needs,
and makes ONE storage call per table scoped to those accounts, so a filtered run never
touches other accounts' rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from linkedin_assets.assets import ads_fetch as fetch
from linkedin_assets.assets import ads_tables as tables
from linkedin_assets.assets.ads_facts import (
    AdsDirectory,
    campaign_fact_row,
    conversion_fact_row,
    creative_fact_row,
    demographic_rows,
)
from linkedin_assets.assets.ads_flatten import (
    Row,
    ad_account_row,
    ad_account_user_row,
    campaign_group_row,
    campaign_row,
    conversion_campaign_rows,
    conversion_row,
    creative_row,
    lead_form_questions,
    lead_form_row,
    lead_response_row,
)
from linkedin_assets.assets.kit import (
    announce_mode,
    api_usage,
    dedupe_last,
    materialization_metadata,
    window_days,
)
from linkedin_assets.linkedin import ads
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.ledger import LedgerTotals
from linkedin_assets.linkedin.planning import (
    CONVERSION_METRICS,
    DEMOGRAPHIC_METRICS,
    AnalyticsPlan,
    MergedElement,
    PlanExecution,
    chunk_metrics,
    plan_account_analytics,
    plan_demographics,
)
from linkedin_assets.resources import LinkedInResource, WarehouseResource
from linkedin_assets.storage import DuckDBStore, WriteResult

# Elements one adAnalytics answer may be planned to hold: below LinkedIn's 15,000 cap, since
# an answer of exactly 15,000 is indistinguishable from a truncated one.
ELEMENT_BUDGET = ads.ANALYTICS_ROW_CAP - 1

# ------------------------------------------------------------------------ plumbing


def run_started_at(context: dg.AssetExecutionContext) -> dt.datetime:
    """When the run started (the `as_of` of dimension history), else now."""
    record = context.instance.get_run_record_by_id(context.run.run_id)
    start = record.start_time if record is not None else None
    if start:
        return dt.datetime.fromtimestamp(start, dt.UTC)
    return dt.datetime.now(dt.UTC)


@dataclass
class AdsRun:
    """What one asset run holds: resources, the client, the accounts and the counters."""

    context: dg.AssetExecutionContext
    linkedin: LinkedInResource
    store: DuckDBStore
    client: LinkedInClient
    scope: fetch.AccountScope | None = None
    duplicates_dropped: int = 0
    # The fewest requests the run needs: one per listing (a single page each) plus every
    # planned analytics call. More pages, retries or cap splits show as api_requests above it.
    planned_requests: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    usage: LedgerTotals | None = None

    def accounts(self) -> fetch.AccountScope:
        if self.scope is None:
            self.scope = fetch.discover_accounts(self.client, self.linkedin.account_id_filter())
            self.duplicates_dropped += self.scope.duplicates_dropped
            self.planned_requests += 1
        return self.scope

    def fetched(self, result: fetch.Fetched) -> tuple[dict[str, Any], ...]:
        """Elements of a per-account listing (planned as one request per account)."""
        self.duplicates_dropped += result.duplicates_dropped
        self.planned_requests += len(self.accounts().ids)
        return result.elements

    def planned(self, plan: AnalyticsPlan) -> AnalyticsPlan:
        self.planned_requests += len(plan)
        self.extra["analytics_requests_planned"] = len(plan)
        return plan

    def metadata(
        self,
        table: tables.AdsTable,
        written: WriteResult,
        *,
        window: tuple[dt.date, dt.date] | None = None,
    ) -> dict[str, Any]:
        scope = self.accounts()
        return materialization_metadata(
            linkedin=self.linkedin,
            store=self.store,
            spec=table.spec,
            written=written,
            usage=self.usage,
            window=window,
            planned_requests=self.planned_requests,
            accounts_covered=scope.describe(),
            accounts_covered_count=len(scope.ids),
            account_filter="LINKEDIN_AD_ACCOUNT_IDS" if scope.configured_ids else "all visible",
            duplicates_dropped=self.duplicates_dropped,
            **self.extra,
        )


@contextmanager
def ads_run(
    context: dg.AssetExecutionContext, linkedin: LinkedInResource, warehouse: WarehouseResource
) -> Iterator[AdsRun]:
    """Opens the client (settings are validated before any request) and the store, and counts
    the requests made inside the block into `run.usage`."""
    announce_mode(context, linkedin)
    store = warehouse.get_store()
    with linkedin.get_client() as client:
        run = AdsRun(context, linkedin, store, client)
        with api_usage(client) as used:
            yield run
            # Everything after the yield (the writes) makes no request; take the figure now.
        run.usage = used[0]


def _plan_metadata(plan: AnalyticsPlan, execution: PlanExecution) -> dict[str, Any]:
    return {
        "analytics_requests_used": execution.requests_sent,
        "analytics_cap_splits": execution.cap_splits,
        "analytics_expected_elements_bound": plan.expected_elements,
        "analytics_elements": execution.elements,
        "accounts_asked": ", ".join(map(str, plan.accounts_asked)),
        "accounts_idle_not_asked": ", ".join(map(str, plan.accounts_idle)),
    }


# ---------------------------------------------------------------------- dimensions


def materialize_dimension(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
    table: tables.AdsTable,
    collect: Callable[[AdsRun], list[Row]],
) -> dg.MaterializeResult:
    """Snapshot + history of one dimension, as of the run's start, scoped to the accounts."""
    with ads_run(context, linkedin, warehouse) as run:
        scope = run.accounts()
        rows = collect(run)
    rows, dropped = dedupe_last(rows, key=lambda r: tuple(r[k] for k in table.spec.primary_key))
    run.duplicates_dropped += dropped
    written = run.store.write_dimension(
        table.spec,
        table.frame(rows),
        as_of=run_started_at(context),
        scope=scope.dimension_scope(),
    )
    return dg.MaterializeResult(metadata=run.metadata(table, written))


def collect_ad_accounts(run: AdsRun) -> list[Row]:
    return [ad_account_row(account) for account in run.accounts().accounts]


def collect_ad_account_users(run: AdsRun) -> list[Row]:
    users = run.fetched(
        fetch.fetch_per_account(
            run.client,
            run.accounts(),
            ads.account_users,
            key=lambda e: (e.get("account"), e.get("user")),
        )
    )
    return [ad_account_user_row(user) for user in users]


def collect_campaign_groups(run: AdsRun) -> list[Row]:
    groups = run.fetched(
        fetch.fetch_per_account(
            run.client, run.accounts(), ads.campaign_groups, key=lambda e: e.get("id")
        )
    )
    return [campaign_group_row(group) for group in groups]


def collect_campaigns(run: AdsRun) -> list[Row]:
    return [campaign_row(c) for c in run.fetched(fetch.fetch_campaigns(run.client, run.accounts()))]


def collect_creatives(run: AdsRun) -> list[Row]:
    return [creative_row(c) for c in run.fetched(fetch.fetch_creatives(run.client, run.accounts()))]


def collect_lead_forms(run: AdsRun) -> list[Row]:
    forms = run.fetched(fetch.fetch_lead_forms(run.client, run.accounts()))
    return [lead_form_row(form) for form in forms]


def materialize_conversions(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> Iterator[dg.MaterializeResult]:
    """Conversion rules and their campaign associations, from the same listing."""
    with ads_run(context, linkedin, warehouse) as run:
        scope = run.accounts()
        rules = run.fetched(fetch.fetch_conversions(run.client, scope))
    as_of = run_started_at(context)
    for table, rows in (
        (tables.CONVERSIONS, [conversion_row(rule) for rule in rules]),
        (
            tables.CONVERSION_CAMPAIGNS,
            [row for rule in rules for row in conversion_campaign_rows(rule)],
        ),
    ):
        key = table.spec.primary_key
        rows, dropped = dedupe_last(rows, key=lambda r, key=key: tuple(r[k] for k in key))
        written = run.store.write_dimension(
            table.spec,
            table.frame(rows),
            as_of=as_of,
            scope=scope.dimension_scope(),
        )
        metadata = run.metadata(table, written)
        metadata["duplicates_dropped"] = run.duplicates_dropped + dropped
        yield dg.MaterializeResult(asset_key=table.name, metadata=metadata)


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class AnalyticsInputs:
    """Entities of the run and the per-account daily loads the planner sizes windows from."""

    directory: AdsDirectory
    campaigns: tuple[dict[str, Any], ...]
    creatives: tuple[dict[str, Any], ...]
    conversions: tuple[dict[str, Any], ...]


def _gather(
    run: AdsRun, *, with_creatives: bool = False, with_conversions: bool = False
) -> AnalyticsInputs:
    scope = run.accounts()
    campaigns = run.fetched(fetch.fetch_campaigns(run.client, scope))
    creatives = run.fetched(fetch.fetch_creatives(run.client, scope)) if with_creatives else ()
    conversions = (
        run.fetched(fetch.fetch_conversions(run.client, scope)) if with_conversions else ()
    )
    directory = AdsDirectory.build(scope.accounts, campaigns, creatives)
    return AnalyticsInputs(directory, campaigns, creatives, conversions)


def _write_window(
    run: AdsRun,
    table: tables.AdsTable,
    rows: list[Row],
    *,
    window_column: str,
    window: tuple[dt.date, dt.date],
) -> dg.MaterializeResult:
    key = table.spec.primary_key
    rows, dropped = dedupe_last(rows, key=lambda r: tuple(r[k] for k in key))
    run.duplicates_dropped += dropped
    written = run.store.replace_window(
        table.spec,
        table.frame(rows),
        window_column=window_column,
        start=window[0],
        end=window[1],
        scope=run.accounts().fact_scope(),
    )
    return dg.MaterializeResult(metadata=run.metadata(table, written, window=window))


def _stream_into_window(
    run: AdsRun,
    table: tables.AdsTable,
    plan: AnalyticsPlan,
    rows_of: Callable[[list[MergedElement]], list[Row]],
    *,
    window_column: str,
    window: tuple[dt.date, dt.date],
) -> WriteResult:
    """Execute the plan and replace the window with its rows in one transaction.

    Finished days are flattened and spooled to disk as they arrive, so a year-long backfill
    holds about one request window in memory, never the range.
    """
    execution = PlanExecution(plan, run.client.send)
    key = table.spec.primary_key
    with run.store.window_spool(
        table.spec,
        window_column=window_column,
        start=window[0],
        end=window[1],
        scope=run.accounts().fact_scope(),
    ) as spool:
        for batch in execution.batches():
            rows, dropped = dedupe_last(rows_of(batch), key=lambda r: tuple(r[k] for k in key))
            run.duplicates_dropped += dropped
            spool.add(table.frame(rows))
        written = run.store.write_spool(spool)
    run.duplicates_dropped += execution.duplicates_dropped
    run.extra.update(_plan_metadata(plan, execution))
    return written


def materialize_entity_analytics(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
    *,
    pivot: str,
) -> dg.MaterializeResult:
    """Daily rows per creative or campaign with every metric, by account facet."""
    is_creative = pivot == "CREATIVE"
    table = tables.AD_ANALYTICS_BY_CREATIVE if is_creative else tables.AD_ANALYTICS_BY_CAMPAIGN
    metrics = tables.CREATIVE_METRICS if is_creative else tables.CAMPAIGN_METRICS
    row_of = creative_fact_row if is_creative else campaign_fact_row
    window = window_days(context)
    with ads_run(context, linkedin, warehouse) as run:
        scope = run.accounts()
        inputs = _gather(run, with_creatives=is_creative)
        spans = fetch.campaign_spans(inputs.campaigns)
        if is_creative:
            loads = fetch.creative_loads(scope, inputs.creatives, spans, *window)
        else:
            loads = fetch.campaign_loads(scope, inputs.campaigns, spans, *window)
        plan = run.planned(
            plan_account_analytics(
                pivots=(pivot,),
                start=window[0],
                end=window[1],
                loads=loads,
                chunks=chunk_metrics(metrics),
                budget=ELEMENT_BUDGET,
            )
        )
        written = _stream_into_window(
            run,
            table,
            plan,
            lambda batch: [row_of(e, inputs.directory, metrics) for e in batch],
            window_column="day",
            window=window,
        )
    return dg.MaterializeResult(metadata=run.metadata(table, written, window=window))


def materialize_conversion_performance(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """Daily rows per (conversion rule, campaign): pivots CAMPAIGN x CONVERSION by account."""
    table = tables.CONVERSION_PERFORMANCE
    window = window_days(context)
    with ads_run(context, linkedin, warehouse) as run:
        scope = run.accounts()
        inputs = _gather(run, with_conversions=True)
        spans = fetch.campaign_spans(inputs.campaigns)
        rules_per_campaign = fetch.conversions_per_campaign(inputs.campaigns, inputs.conversions)
        loads = fetch.campaign_loads(
            scope,
            inputs.campaigns,
            spans,
            *window,
            weight=lambda c: rules_per_campaign.get(f"urn:li:sponsoredCampaign:{c.get('id')}", 0),
        )
        plan = run.planned(
            plan_account_analytics(
                pivots=("CAMPAIGN", "CONVERSION"),
                start=window[0],
                end=window[1],
                loads=loads,
                chunks=chunk_metrics(CONVERSION_METRICS),
                budget=ELEMENT_BUDGET,
            )
        )
        written = _stream_into_window(
            run,
            table,
            plan,
            lambda batch: [
                conversion_fact_row(e, inputs.directory, CONVERSION_METRICS) for e in batch
            ],
            window_column="day",
            window=window,
        )
    return dg.MaterializeResult(metadata=run.metadata(table, written, window=window))


def materialize_demographics(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """Monthly MEMBER_* breakdowns per campaign, for the campaigns that ran in the months."""
    table = tables.AD_DEMOGRAPHICS
    window = window_days(context)
    with ads_run(context, linkedin, warehouse) as run:
        inputs = _gather(run)
        spans = fetch.campaign_spans(inputs.campaigns)
        plan = run.planned(plan_demographics(campaigns=spans, start=window[0], end=window[1]))
        run.extra["campaigns_asked"] = len({r.label for r in plan.requests})
        written = _stream_into_window(
            run,
            table,
            plan,
            lambda batch: demographic_rows(batch, inputs.directory, DEMOGRAPHIC_METRICS),
            window_column="month",
            window=window,
        )
    return dg.MaterializeResult(metadata=run.metadata(table, written, window=window))


def materialize_lead_form_responses(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """Leads submitted in the window, per account that has lead forms."""
    start, end = window_days(context)
    with ads_run(context, linkedin, warehouse) as run:
        scope = run.accounts()
        forms = run.fetched(fetch.fetch_lead_forms(run.client, scope))
        forms_by_account = fetch.Fetched(forms).by_account(
            lambda form: (form.get("owner") or {}).get("sponsoredAccount")
        )
        questions = {q["question_id"]: q for form in forms for q in lead_form_questions(form)}
        responses: list[dict[str, Any]] = []
        # Accounts without a lead form cannot have leads: they are not asked about.
        for account_id in sorted(forms_by_account):
            request = ads.lead_form_responses(
                "sponsoredAccount",
                ads.account_urn(account_id),
                submitted_from=start,
                submitted_until=end,
            )
            responses.extend(run.client.iter_elements(request))
        run.extra["accounts_asked"] = ", ".join(map(str, sorted(forms_by_account)))
        run.planned_requests += len(forms_by_account)
    rows = [
        lead_response_row(response, questions, tables.LEAD_PREDEFINED_COLUMNS)
        for response in responses
    ]
    # submittedAtTimeRange is not confirmed against live LinkedIn (linkedin_api.md §7.4): keep
    # only the window's leads rather than refuse the write if the filter is ignored.
    inside = [r for r in rows if r["submitted_date"] and start <= r["submitted_date"] < end]
    run.extra["responses_outside_window_dropped"] = len(rows) - len(inside)
    rows = inside
    return _write_window(
        run,
        tables.LEAD_FORM_RESPONSES,
        rows,
        window_column="submitted_date",
        window=(start, end),
    )
