"""Primary-key uniqueness of every raw table: one check per table, from its TableSpec.

Writers already refuse a frame with duplicate keys; this check guards the table as a whole
(two runs over overlapping scopes, a manual edit, a bug in a delete predicate). A dimension's
`<name>_history` table is checked in the same check, on its key (primary key + valid_from).
"""

from collections.abc import Iterator, Mapping

import dagster as dg
import duckdb

from linkedin_assets.assets.kit import DUCKDB_POOL
from linkedin_assets.checks_tables import existing_tables, quoted, read_only, table_ref
from linkedin_assets.resources import WarehouseResource
from linkedin_assets.storage import HISTORY_SUFFIX, TableSpec

CHECK_NAME = "primary_key_unique"
SAMPLE_LIMIT = 5


def duplicate_keys(
    con: duckdb.DuckDBPyConnection, table: str, key: tuple[str, ...]
) -> tuple[int, list[str]]:
    """(number of key values stored more than once, a few of them as text)."""
    columns = ", ".join(quoted(c) for c in key)
    sql = (
        f"SELECT {columns}, count(*) AS copies FROM {table_ref(table)} "
        f"GROUP BY ALL HAVING count(*) > 1"
    )
    total = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
    sample = con.execute(f"{sql} ORDER BY copies DESC LIMIT {SAMPLE_LIMIT}").fetchall()
    described = [
        ", ".join(f"{c}={v}" for c, v in zip(key, row[:-1], strict=True)) + f" (x{row[-1]})"
        for row in sample
    ]
    return (total[0] if total else 0), described


def evaluate_uniqueness(
    con: duckdb.DuckDBPyConnection, asset_key: dg.AssetKey, spec: TableSpec, present: set[str]
) -> dg.AssetCheckResult:
    if spec.name not in present:
        return dg.AssetCheckResult(
            asset_key=asset_key,
            check_name=CHECK_NAME,
            passed=False,
            description=f"Table {spec.display_name} does not exist yet: materialize it first.",
        )
    tables = [(spec.name, spec.primary_key)]
    history = spec.name + HISTORY_SUFFIX
    if history in present:
        tables.append((history, spec.history_spec().primary_key))
    metadata: dict[str, object] = {}
    problems = []
    for table, key in tables:
        count, sample = duplicate_keys(con, table, key)
        metadata[f"{table}: key"] = ", ".join(key)
        metadata[f"{table}: duplicated keys"] = count
        if count:
            problems.append(f"{table} holds {count} duplicated key(s): {'; '.join(sample)}")
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=CHECK_NAME,
        passed=not problems,
        description=" | ".join(problems) or "Every primary key is stored once.",
        metadata=metadata,
    )


def build_uniqueness_checks(
    specs: Mapping[dg.AssetKey, TableSpec],
) -> dg.AssetChecksDefinition:
    """One subsettable check op holding a `primary_key_unique` check per raw table."""
    check_specs = [
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=key,
            description=f"No two rows of linkedin.{spec.name} share ({', '.join(spec.primary_key)}).",
        )
        for key, spec in specs.items()
    ]

    @dg.multi_asset_check(
        specs=check_specs,
        name="linkedin_primary_keys_unique",
        can_subset=True,
        pool=DUCKDB_POOL,
    )
    def linkedin_primary_keys_unique(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.AssetCheckResult]:
        with read_only(warehouse) as con:
            present = existing_tables(con)
            for check_key in context.selected_asset_check_keys:
                spec = specs[check_key.asset_key]
                yield evaluate_uniqueness(con, check_key.asset_key, spec, present)

    return linkedin_primary_keys_unique
