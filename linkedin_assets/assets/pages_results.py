"""Materialization metadata of the page assets, including runs that could write nothing
(every requested day outside LinkedIn's statistics window)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from linkedin_assets.assets.kit import SANDBOX_NOTICE, materialization_metadata
from linkedin_assets.assets.pages_scope import OrganizationScope
from linkedin_assets.linkedin.ledger import LedgerTotals
from linkedin_assets.resources import LinkedInResource
from linkedin_assets.storage import DuckDBStore, TableSpec, WriteResult

GROUP_NAME = "linkedin_pages"
KINDS = {"linkedin", "duckdb"}


def nothing_written(spec: TableSpec) -> WriteResult:
    """The WriteResult of a run that left the table untouched."""
    return WriteResult(
        table=spec.display_name,
        rows_inserted=0,
        rows_deleted=0,
        columns_added=(),
        table_created=False,
        synced_at=dt.datetime.now(dt.UTC),
    )


def page_metadata(
    *,
    linkedin: LinkedInResource,
    store: DuckDBStore,
    spec: TableSpec,
    written: WriteResult | None,
    usage: LedgerTotals | None,
    scope: OrganizationScope | None,
    window: tuple[dt.date, dt.date] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """kit.materialization_metadata plus the organizations covered; works when nothing was
    written and the table does not exist yet (no row count or preview then)."""
    if scope is not None:
        extra = {**scope.metadata(), **extra}
    result = written or nothing_written(spec)
    if store.table_exists(spec):
        return materialization_metadata(
            linkedin=linkedin,
            store=store,
            spec=spec,
            written=result,
            usage=usage,
            window=window,
            **extra,
        )
    metadata: dict[str, Any] = {
        "data_source": SANDBOX_NOTICE if linkedin.is_sandbox else "LinkedIn API (live)",
        **result.as_metadata(),
    }
    if window:
        metadata["window_start"] = window[0].isoformat()
        metadata["window_end_exclusive"] = window[1].isoformat()
    if usage is not None:
        metadata.update(usage.as_metadata())
    metadata.update(extra)
    return metadata
