"""Create a table or bring it up to its spec, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from linkedin_assets.storage.errors import SchemaConflictError
from linkedin_assets.storage.spec import TableSpec
from linkedin_assets.storage.sql import current_catalog, quote_identifier


def existing_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> dict[str, str]:
    """Column -> DuckDB type of an existing table, in table order; empty when it does not exist."""
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ? "
        "ORDER BY ordinal_position",
        [schema, table],
    ).fetchall()
    return dict(rows)


def ensure_table(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, declared_types: Mapping[str, str]
) -> tuple[bool, tuple[str, ...]]:
    """Create the table, or add the columns the spec gained. Returns (created, columns_added).

    A column the table has but the spec no longer declares is kept (old rows keep their data,
    new rows get NULL). A column whose type changed is refused: converting stored data is a
    migration someone should decide on, not a side effect of a write.
    """
    catalog = current_catalog(con)
    con.execute(
        f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(catalog)}.{quote_identifier(spec.schema)}"
    )
    existing = existing_columns(con, spec.schema, spec.name)
    if not existing:
        column_sql = ", ".join(
            f"{quote_identifier(c)} {declared_types[c]}" for c in spec.stored_columns
        )
        con.execute(f"CREATE TABLE {spec.sql_name(catalog)} ({column_sql})")
        return True, ()
    conflicts = [
        f"{c} is {existing[c]} in the table but {declared_types[c]} in the spec"
        for c in spec.stored_columns
        if c in existing and existing[c] != declared_types[c]
    ]
    if conflicts:
        raise SchemaConflictError(
            f"{spec.display_name}: column types changed ({'; '.join(conflicts)}). Migrate the "
            "table (ALTER TABLE ... ALTER COLUMN ... TYPE) or drop it and reload; nothing was written."
        )
    added = tuple(c for c in spec.stored_columns if c not in existing)
    for column in added:
        con.execute(
            f"ALTER TABLE {spec.sql_name(catalog)} "
            f"ADD COLUMN {quote_identifier(column)} {declared_types[column]}"
        )
    return False, added
