"""SCD type 2 for dimensions: `<name>_history` keeps every version of every entity.

A version is identified by a hash of its tracked columns (every stored column except
`_synced_at`). Given the current snapshot (staged in a temp relation) the history:
- keeps an entity's open version when its hash is unchanged (a rerun changes nothing),
- closes the open version at `as_of` and opens a new one when the hash changed,
- closes the open version of an entity (in scope) that is missing from the snapshot.
All statements run in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from linkedin_assets.storage.errors import FrameValidationError
from linkedin_assets.storage.slices import RowSlice
from linkedin_assets.storage.spec import (
    IS_CURRENT_COLUMN,
    RAW_COLUMN,
    ROW_HASH_COLUMN,
    SYNCED_AT_COLUMN,
    VALID_FROM_COLUMN,
    VALID_TO_COLUMN,
    TableSpec,
)
from linkedin_assets.storage.sql import current_catalog, first_row, quote_identifier, string_literal

_HISTORY_ALIAS = "h"
_STAGED_ALIAS = "s"


@dataclass(frozen=True)
class HistoryChange:
    opened: int
    closed: int


def row_hash_sql(columns: Iterable[str]) -> str:
    """md5 over `name<RS>value` pairs of the non-NULL columns, sorted by name.

    NULLs are skipped so that a column added to the spec (NULL everywhere) does not turn every
    entity into a "new version"; sorting makes the hash independent of column order.
    """
    parts = [
        f"CASE WHEN {quote_identifier(c)} IS NULL THEN NULL ELSE "
        f"{string_literal(c)} || chr(30) || CAST({quote_identifier(c)} AS VARCHAR) END"
        for c in sorted(columns)
    ]
    return f"md5(concat_ws(chr(31), {', '.join(parts)}))"


def tracked_columns(spec: TableSpec) -> list[str]:
    return [*spec.columns, RAW_COLUMN]


def apply_snapshot(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    staged_relation: str,
    row_slice: RowSlice,
    slice_types: dict[str, str],
    as_of: datetime,
) -> HistoryChange:
    """Fold the staged snapshot (with a `_row_hash` column) into `spec`'s history table."""
    history = spec.history_spec()
    history_table = history.sql_name(current_catalog(con))
    in_scope, scope_params = row_slice.predicate(
        lambda c: f"{_HISTORY_ALIAS}.{quote_identifier(c)}", slice_types
    )
    is_open = f"{_HISTORY_ALIAS}.{quote_identifier(IS_CURRENT_COLUMN)}"
    valid_from = f"{_HISTORY_ALIAS}.{quote_identifier(VALID_FROM_COLUMN)}"
    same_key = " AND ".join(
        f"{_STAGED_ALIAS}.{quote_identifier(k)} = {_HISTORY_ALIAS}.{quote_identifier(k)}"
        for k in spec.primary_key
    )
    same_hash = (
        f"{_STAGED_ALIAS}.{quote_identifier(ROW_HASH_COLUMN)} = "
        f"{_HISTORY_ALIAS}.{quote_identifier(ROW_HASH_COLUMN)}"
    )
    target = f"{history_table} AS {_HISTORY_ALIAS}"
    staged = f"{staged_relation} AS {_STAGED_ALIAS}"
    open_in_scope = f"{is_open} AND {in_scope}"

    _refuse_going_back_in_time(con, history, target, open_in_scope, scope_params, as_of)
    outdated = (
        f"{open_in_scope} AND NOT EXISTS (SELECT 1 FROM {staged} WHERE {same_key} AND {same_hash})"
    )
    # A version opened at this very instant and already outdated was never observed on its
    # own: drop it rather than leave a zero-length version behind.
    dropped = _count(
        con,
        f"DELETE FROM {target} WHERE {outdated} AND {valid_from} = CAST(? AS TIMESTAMPTZ)",
        [*scope_params, as_of],
    )
    closed = _count(
        con,
        f"UPDATE {target} SET {quote_identifier(VALID_TO_COLUMN)} = CAST(? AS TIMESTAMPTZ), "
        f"{quote_identifier(IS_CURRENT_COLUMN)} = FALSE WHERE {outdated}",
        [as_of, *scope_params],
    )
    value_columns = [*spec.columns, RAW_COLUMN, SYNCED_AT_COLUMN]
    insert_columns = [
        *value_columns,
        VALID_FROM_COLUMN,
        VALID_TO_COLUMN,
        IS_CURRENT_COLUMN,
        ROW_HASH_COLUMN,
    ]
    opened = _count(
        con,
        f"INSERT INTO {history_table} "
        f"({', '.join(quote_identifier(c) for c in insert_columns)}) "
        f"SELECT {', '.join(f'{_STAGED_ALIAS}.{quote_identifier(c)}' for c in value_columns)}, "
        f"CAST(? AS TIMESTAMPTZ), NULL, TRUE, {_STAGED_ALIAS}.{quote_identifier(ROW_HASH_COLUMN)} "
        f"FROM {staged} WHERE NOT EXISTS "
        f"(SELECT 1 FROM {target} WHERE {open_in_scope} AND {same_key})",
        [as_of, *scope_params],
    )
    return HistoryChange(opened=opened, closed=closed + dropped)


def _refuse_going_back_in_time(
    con: duckdb.DuckDBPyConnection,
    history: TableSpec,
    target: str,
    open_in_scope: str,
    scope_params: list[Any],
    as_of: datetime,
) -> None:
    valid_from = f"{_HISTORY_ALIAS}.{quote_identifier(VALID_FROM_COLUMN)}"
    later = first_row(
        con,
        f"SELECT count(*), max({valid_from}) FROM {target} "
        f"WHERE {open_in_scope} AND {valid_from} > CAST(? AS TIMESTAMPTZ)",
        [*scope_params, as_of],
    )
    assert later is not None
    if later[0]:
        raise FrameValidationError(
            f"{history.display_name}: as_of {as_of} is earlier than {later[0]} open versions "
            f"(latest valid_from {later[1]}); history only moves forward, nothing was written"
        )


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> int:
    row = first_row(con, sql, params)
    return int(row[0]) if row else 0
