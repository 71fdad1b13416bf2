"""LinkedIn Page assets (group `linkedin_pages`): organizations, daily follower / page /
share statistics and lifetime demographic snapshots. Posts live in pages_posts.py.

Each asset: resolve the organizations covered -> fetch -> flatten (pages_flatten) -> one
storage write scoped to those organizations -> metadata.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import dagster as dg

from linkedin_assets.assets.kit import (
    DUCKDB_POOL,
    announce_mode,
    api_usage,
    dedupe_rows,
    window_days,
)
from linkedin_assets.assets.pages_fetch import StatisticsBuilder, fetch_time_bound
from linkedin_assets.assets.pages_flatten import (
    follower_demographic_rows,
    follower_statistics_row,
    organization_row,
    page_statistics_row,
    page_visitor_demographic_rows,
    share_statistics_row,
)
from linkedin_assets.assets.pages_frames import column_schema, frame_for
from linkedin_assets.assets.pages_results import GROUP_NAME, KINDS, page_metadata
from linkedin_assets.assets.pages_scope import resolve_organizations, utc_today
from linkedin_assets.assets.pages_tables import (
    FOLLOWER_DEMOGRAPHICS,
    FOLLOWER_STATISTICS,
    ORGANIZATION_DOCS,
    ORGANIZATIONS,
    PAGE_STATISTICS,
    PAGE_VISITOR_DEMOGRAPHICS,
    SHARE_STATISTICS,
    STATISTICS_DOCS,
)
from linkedin_assets.assets.pages_windows import statistics_window
from linkedin_assets.linkedin import pages
from linkedin_assets.linkedin.errors import LinkedInAPIError
from linkedin_assets.partitions import DAILY
from linkedin_assets.resources import LinkedInResource, WarehouseResource
from linkedin_assets.storage import TableSpec

Row = dict[str, Any]

# ---------------------------------------------------------------------------- organizations


@dg.asset(
    name="organizations",
    group_name=GROUP_NAME,
    kinds=KINDS,
    pool=DUCKDB_POOL,
    description=(
        "LinkedIn Pages the token administers (APPROVED ADMINISTRATOR), narrowed by "
        "LINKEDIN_ORGANIZATION_IDS. One row per organization (key organization_id): names and "
        "localized fields, website, industries, staff count range, locations and the follower "
        "count (networkSizes). Snapshot + SCD-2 change history in organizations_history."
    ),
    metadata={"dagster/column_schema": column_schema(ORGANIZATIONS, ORGANIZATION_DOCS)},
)
def organizations(
    context: dg.AssetExecutionContext, linkedin: LinkedInResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    announce_mode(context, linkedin)
    store = warehouse.get_store()
    with linkedin.get_client() as client, api_usage(client) as used:
        scope = resolve_organizations(client, linkedin)
        lookup = client.send(pages.organizations(scope.ids))
        rows = [
            organization_row(
                _looked_up(lookup, organization_id),
                client.send(pages.network_size(organization_id)).get("firstDegreeSize"),
            )
            for organization_id in scope.ids
        ]
    written = store.write_dimension(
        ORGANIZATIONS,
        frame_for(ORGANIZATIONS, rows),
        as_of=dt.datetime.now(dt.UTC),
        scope=scope.storage_scope(),
    )
    return dg.MaterializeResult(
        metadata=page_metadata(
            linkedin=linkedin,
            store=store,
            spec=ORGANIZATIONS,
            written=written,
            usage=used[0],
            scope=scope,
        )
    )


def _looked_up(lookup: Mapping[str, Any], organization_id: int) -> Mapping[str, Any]:
    """The batch-lookup result of one organization, or the error LinkedIn gave for it (an
    administered page that cannot be looked up must fail the run, not vanish from it)."""
    found = (lookup.get("results") or {}).get(str(organization_id))
    if isinstance(found, Mapping):
        return found
    status = (lookup.get("statuses") or {}).get(str(organization_id), 0)
    body = (lookup.get("errors") or {}).get(str(organization_id))
    raise LinkedInAPIError(
        endpoint="organizations",
        status=int(status) if isinstance(status, int) else 0,
        body=body,
        detail=f"no lookup result for organization {organization_id}",
    )


# ------------------------------------------------------------------------ daily statistics


def _daily_statistics_asset(
    *,
    spec: TableSpec,
    builder: StatisticsBuilder,
    flatten: Callable[[Mapping[str, Any], int], Row],
    description: str,
) -> dg.AssetsDefinition:
    @dg.asset(
        name=spec.name,
        group_name=GROUP_NAME,
        kinds=KINDS,
        pool=DUCKDB_POOL,
        partitions_def=DAILY,
        backfill_policy=dg.BackfillPolicy.single_run(),
        description=description,
        metadata={"dagster/column_schema": column_schema(spec, STATISTICS_DOCS)},
    )
    def _asset(
        context: dg.AssetExecutionContext,
        linkedin: LinkedInResource,
        warehouse: WarehouseResource,
    ) -> dg.MaterializeResult:
        return _materialize_daily_statistics(
            context, linkedin, warehouse, spec=spec, builder=builder, flatten=flatten
        )

    return _asset


def _materialize_daily_statistics(
    context: dg.AssetExecutionContext,
    linkedin: LinkedInResource,
    warehouse: WarehouseResource,
    *,
    spec: TableSpec,
    builder: StatisticsBuilder,
    flatten: Callable[[Mapping[str, Any], int], Row],
) -> dg.MaterializeResult:
    announce_mode(context, linkedin)
    start, end = window_days(context)
    window = statistics_window(start, end, utc_today())
    store = warehouse.get_store()
    rows: list[Row] = []
    with linkedin.get_client() as client, api_usage(client) as used:
        scope = resolve_organizations(client, linkedin)
        if window.fetch:
            for organization_id in scope.ids:
                elements = fetch_time_bound(client, builder, organization_id, window.fetch)
                rows += [flatten(element, organization_id) for element in elements]
    written = None
    extra: dict[str, Any] = window.metadata()
    if window.fetch:
        fetch_start, fetch_end = window.fetch
        fetched = len(rows)
        # A bucket outside the asked window would make the write refuse the whole frame.
        inside = [r for r in rows if r["day"] is not None and fetch_start <= r["day"] < fetch_end]
        rows, duplicates = dedupe_rows(inside, spec.primary_key)
        written = store.replace_window(
            spec,
            frame_for(spec, rows),
            window_column="day",
            start=fetch_start,
            end=fetch_end,
            scope=scope.storage_scope(),
        )
        expected = (fetch_end - fetch_start).days * len(scope.ids)
        extra |= {
            "duplicates_dropped": duplicates,
            "elements_outside_window_dropped": fetched - len(inside),
            # LinkedIn may omit buckets without activity; they are not zero-filled.
            "days_without_data": expected - len(rows),
        }
    for skipped in window.skipped:
        context.log.warning(
            f"{spec.name}: skipped {skipped.describe()}; stored rows of those days are kept."
        )
    return dg.MaterializeResult(
        metadata=page_metadata(
            linkedin=linkedin,
            store=store,
            spec=spec,
            written=written,
            usage=used[0],
            scope=scope,
            window=(start, end),
            **extra,
        )
    )


follower_statistics = _daily_statistics_asset(
    spec=FOLLOWER_STATISTICS,
    builder=pages.follower_statistics,
    flatten=follower_statistics_row,
    description=(
        "Daily follower gains per organization, key (day, organization_id): organic (net, can "
        "be negative) and paid. One time-bound request (DAY buckets) per organization per run; "
        "days outside LinkedIn's 12-month / 2-day-lag window are skipped, never deleted."
    ),
)

page_statistics = _daily_statistics_asset(
    spec=PAGE_STATISTICS,
    builder=pages.page_statistics,
    flatten=page_statistics_row,
    description=(
        "Daily page views per organization, key (day, organization_id): every section (all, "
        "overview, about, people, jobs, careers, life at, products, insights) x all / desktop "
        "/ mobile, unique views when LinkedIn sends them, careers-page and custom-button "
        "clicks. One request per organization per run; unanswerable days are skipped."
    ),
)

share_statistics = _daily_statistics_asset(
    spec=SHARE_STATISTICS,
    builder=pages.share_statistics,
    flatten=share_statistics_row,
    description=(
        "Daily organic post engagement per organization, key (day, organization_id): "
        "impressions, unique impressions, clicks, likes, comments, shares, engagement rate. "
        "One request per organization per run; unanswerable days are skipped."
    ),
)


# ------------------------------------------------------------------- lifetime demographics


def _demographics_asset(
    *,
    spec: TableSpec,
    builder: Callable[[int], Any],
    flatten: Callable[[Mapping[str, Any], int], list[Row]],
    description: str,
) -> dg.AssetsDefinition:
    @dg.asset(
        name=spec.name,
        group_name=GROUP_NAME,
        kinds=KINDS,
        pool=DUCKDB_POOL,
        description=description,
        metadata={"dagster/column_schema": column_schema(spec, STATISTICS_DOCS)},
    )
    def _asset(
        context: dg.AssetExecutionContext,
        linkedin: LinkedInResource,
        warehouse: WarehouseResource,
    ) -> dg.MaterializeResult:
        announce_mode(context, linkedin)
        snapshot_date = utc_today()
        store = warehouse.get_store()
        rows: list[Row] = []
        with linkedin.get_client() as client, api_usage(client) as used:
            scope = resolve_organizations(client, linkedin)
            for organization_id in scope.ids:
                for element in client.iter_elements(builder(organization_id)):
                    rows += flatten(element, organization_id)
        rows = [{**row, "snapshot_date": snapshot_date} for row in rows]
        rows, duplicates = dedupe_rows(rows, spec.primary_key)
        written = store.replace_snapshot(
            spec,
            frame_for(spec, rows),
            snapshot_column="snapshot_date",
            snapshot_value=snapshot_date,
            scope=scope.storage_scope(),
        )
        return dg.MaterializeResult(
            metadata=page_metadata(
                linkedin=linkedin,
                store=store,
                spec=spec,
                written=written,
                usage=used[0],
                scope=scope,
                snapshot_date=snapshot_date.isoformat(),
                duplicates_dropped=duplicates,
            )
        )

    return _asset


follower_demographics = _demographics_asset(
    spec=FOLLOWER_DEMOGRAPHICS,
    builder=pages.follower_statistics,
    flatten=follower_demographic_rows,
    description=(
        "Lifetime follower counts by seniority, function, industry, geo, country, staff count "
        "range and association type. One snapshot per run day is kept (older days stay): key "
        "(snapshot_date, organization_id, facet, value). One request per organization."
    ),
)

page_visitor_demographics = _demographics_asset(
    spec=PAGE_VISITOR_DEMOGRAPHICS,
    builder=pages.page_statistics,
    flatten=page_visitor_demographic_rows,
    description=(
        "Lifetime page views by visitor seniority, function, industry, geo, country and staff "
        "count range. One snapshot per run day is kept: key (snapshot_date, organization_id, "
        "facet, value). One request per organization."
    ),
)
