"""SQL text helpers: identifier quoting and the expression that converts a frame column to the
type its table column declares.

Conversion rules (the contract assets rely on):
- TIMESTAMPTZ / TIMESTAMP from an integer column: the integer is epoch **milliseconds** UTC,
  LinkedIn's convention. Epoch seconds must be converted by the caller.
- TIMESTAMPTZ from a naive datetime: the datetime is taken as UTC (connections run with
  TimeZone=UTC). Timezone-aware datetimes and ISO-8601 strings are converted exactly.
- JSON from a string column: the text must be valid JSON (it is checked). JSON from any other
  type (struct, list, number...): the value is serialised with `to_json`.
- DECIMAL from strings like "-2E-18" or "509.980", from Decimal or from floats: DuckDB CAST,
  rounded to the declared scale; a value too large for the precision is a cast error.
- Everything else: DuckDB CAST, and a value CAST rejects is a cast error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa

TIMESTAMP_TYPES = frozenset({"TIMESTAMP WITH TIME ZONE", "TIMESTAMP"})
JSON_TYPE = "JSON"
# Epoch milliseconds of 0001-01-01 and 9999-12-31 23:59:59.999: DuckDB's timestamp range.
_MIN_EPOCH_MS = -62_135_596_800_000
_MAX_EPOCH_MS = 253_402_300_799_999


def quote_identifier(name: str) -> str:
    """Double-quote an identifier so any column name (even `order` or `from`) is safe."""
    return '"' + name.replace('"', '""') + '"'


def qualified_name(catalog: str, schema: str, table: str) -> str:
    """Always three parts: a file named like the schema (linkedin.duckdb holding schema
    `linkedin`) makes `linkedin.x` ambiguous to DuckDB."""
    return ".".join(quote_identifier(part) for part in (catalog, schema, table))


def current_catalog(con: duckdb.DuckDBPyConnection) -> str:
    """The catalog of the connected file (DuckDB names it after the file's stem)."""
    row = first_row(con, "SELECT current_database()")
    assert row is not None
    return str(row[0])


def table_sql(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    """Fully qualified, quoted name of `schema.table` in the connected file."""
    return qualified_name(current_catalog(con), schema, table)


def string_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _is_integer(arrow_type: pa.DataType) -> bool:
    return pa.types.is_integer(arrow_type)


def _is_text(arrow_type: pa.DataType) -> bool:
    return (
        pa.types.is_string(arrow_type)
        or pa.types.is_large_string(arrow_type)
        or pa.types.is_string_view(arrow_type)
    )


def conversion_expression(
    source: str, arrow_type: pa.DataType, declared_type: str, *, lenient: bool = False
) -> str:
    """SQL converting the quoted `source` column (of `arrow_type`) to `declared_type`.

    `declared_type` must be canonical (as DuckDB's typeof() spells it). With `lenient` the
    expression yields NULL instead of failing, which is how a bad value is located.
    """
    if pa.types.is_null(arrow_type):
        return f"CAST(NULL AS {declared_type})"
    cast = "TRY_CAST" if lenient else "CAST"
    if declared_type in TIMESTAMP_TYPES and _is_integer(arrow_type):
        as_timestamp = f"epoch_ms(CAST({source} AS BIGINT))"
        if lenient:
            # epoch_ms raises on overflow even inside TRY_CAST, so guard the range first.
            as_timestamp = (
                f"CASE WHEN {source} BETWEEN {_MIN_EPOCH_MS} AND {_MAX_EPOCH_MS} "
                f"THEN {as_timestamp} END"
            )
        return f"CAST({as_timestamp} AS {declared_type})"
    if declared_type == JSON_TYPE and not _is_text(arrow_type):
        return f"to_json({source})"
    return f"{cast}({source} AS {declared_type})"


def first_row(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()
) -> tuple[Any, ...] | None:
    """First row of a small query, read to its end: DuckDB 2 refuses register/unregister while
    a result is left unread on the connection."""
    rows = con.execute(sql, list(params)).fetchall()
    return rows[0] if rows else None
