"""Schema drift: top-level fields LinkedIn sends that no column models (a WARN check).

Every row keeps LinkedIn's element in `_raw`, so a new field is never lost; this check makes
it visible so someone decides whether to model it. A field counts as modelled when a column
carries its snake_case name (`runSchedule` -> run_schedule_start, `industryV2` -> industry),
when it is a facet value of a demographics table, or when it is an envelope the flattener
reads under another name (listed below).
"""

import fnmatch
import re
from collections.abc import Iterator, Mapping

import dagster as dg
import duckdb

from linkedin_assets.assets.kit import DUCKDB_POOL
from linkedin_assets.checks_tables import existing_tables, read_only, table_ref
from linkedin_assets.resources import WarehouseResource
from linkedin_assets.storage import TableSpec

CHECK_NAME = "raw_fields_modelled"
# Only recent rows are scanned: drift is about what LinkedIn sends now.
RECENT_DAYS = 7

# Envelopes and containers the flatteners read into columns of another name (or into a
# sibling table). Update when a flattener starts or stops reading a field.
STRUCTURAL_FIELDS: Mapping[str, tuple[str, ...]] = {
    "*": ("id", "$URN", "changeAuditStamps", "dateRange", "pivotValues", "timeRange"),
    "follower_statistics": ("organizationalEntity", "followerGains", "followerCountsBy*"),
    "page_statistics": ("organizationalEntity", "totalPageStatistics"),
    "share_statistics": ("organizationalEntity", "totalShareStatistics"),
    "follower_demographics": ("followerCounts",),
    "page_visitor_demographics": ("pageStatistics",),
    "conversions": ("campaigns", "associatedCampaigns"),  # -> conversion_campaigns
    "lead_forms": ("content",),  # -> headline, description, questions, hidden_fields...
}


def column_name(field: str) -> str:
    """`industryV2` -> `industry`, `runSchedule` -> `run_schedule`."""
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", field).lower()
    return re.sub(r"_v\d+$", "", snake)


def is_modelled(field: str, table: str, columns: set[str], facet_values: set[str]) -> bool:
    patterns = (*STRUCTURAL_FIELDS["*"], *STRUCTURAL_FIELDS.get(table, ()))
    if any(fnmatch.fnmatchcase(field, pattern) for pattern in patterns):
        return True
    name = column_name(field)
    return (
        name in columns
        or name in facet_values
        or any(c.startswith(name + "_") or c.endswith("_" + name) for c in columns)
    )


def raw_field_counts(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    """Top-level `_raw` keys of the recent rows and how many rows carry each."""
    ref = table_ref(table)
    rows = con.execute(
        f"""SELECT field, count(*) FROM (
                SELECT unnest(json_keys(_raw)) AS field FROM {ref}
                WHERE _raw IS NOT NULL AND json_type(_raw) = 'OBJECT'
                  AND _synced_at >= (SELECT max(_synced_at) FROM {ref})
                                    - INTERVAL {RECENT_DAYS} DAY
            ) GROUP BY field"""
    ).fetchall()
    return {field: count for field, count in rows}


def facet_values(con: duckdb.DuckDBPyConnection, table: str, columns: set[str]) -> set[str]:
    if "facet" not in columns:
        return set()
    return {v for (v,) in con.execute(f"SELECT DISTINCT facet FROM {table_ref(table)}").fetchall()}


def evaluate_drift(
    con: duckdb.DuckDBPyConnection, asset_key: dg.AssetKey, spec: TableSpec, present: set[str]
) -> dg.AssetCheckResult:
    base = {
        "asset_key": asset_key,
        "check_name": CHECK_NAME,
        "severity": dg.AssetCheckSeverity.WARN,
    }
    if spec.name not in present:
        return dg.AssetCheckResult(
            **base, passed=False, description=f"{spec.display_name} does not exist yet."
        )
    columns = set(spec.columns)
    facets = facet_values(con, spec.name, columns)
    counts = raw_field_counts(con, spec.name)
    unmodelled = {
        f: n for f, n in sorted(counts.items()) if not is_modelled(f, spec.name, columns, facets)
    }
    listed = ", ".join(f"{field} ({rows} rows)" for field, rows in unmodelled.items())
    return dg.AssetCheckResult(
        **base,
        passed=not unmodelled,
        description=(
            f"LinkedIn sends fields no column of {spec.display_name} models: {listed}. They are "
            "kept in `_raw`; add columns if they matter."
            if unmodelled
            else "Every top-level field LinkedIn sends is modelled."
        ),
        metadata={
            "unmodelled_fields": ", ".join(unmodelled) or "none",
            "fields_seen": len(counts),
        },
    )


def build_drift_checks(specs: Mapping[dg.AssetKey, TableSpec]) -> dg.AssetChecksDefinition:
    @dg.multi_asset_check(
        specs=[
            dg.AssetCheckSpec(
                CHECK_NAME,
                asset=key,
                description=f"Fields in linkedin.{spec.name}._raw that no column models (WARN).",
            )
            for key, spec in specs.items()
        ],
        name="linkedin_raw_fields_modelled",
        can_subset=True,
        pool=DUCKDB_POOL,
    )
    def linkedin_raw_fields_modelled(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.AssetCheckResult]:
        with read_only(warehouse) as con:
            present = existing_tables(con)
            for check_key in context.selected_asset_check_keys:
                yield evaluate_drift(con, check_key.asset_key, specs[check_key.asset_key], present)

    return linkedin_raw_fields_modelled
