"""Validate a polars frame against a TableSpec before any database file is touched.

Checks run on an in-memory DuckDB over the frame's Arrow data (zero copy), using exactly the
conversion SQL the write will use, so a frame that passes here converts cleanly on insert.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from linkedin_assets.storage.errors import CastError, DuplicateKeyError, FrameValidationError
from linkedin_assets.storage.slices import RowSlice
from linkedin_assets.storage.spec import RAW_COLUMN, SYNCED_AT_COLUMN, TableSpec
from linkedin_assets.storage.sql import (
    conversion_expression,
    first_row,
    quote_identifier,
    string_literal,
)

FRAME_RELATION = "_linkedin_assets_frame"
_SAMPLE_CHARS = 200


@dataclass(frozen=True)
class StagedFrame:
    """A validated frame as Arrow, with the SQL converting each of its columns."""

    spec: TableSpec
    arrow: pa.Table
    declared_types: Mapping[str, str]  # canonical DuckDB type of every stored column
    frame_columns: tuple[str, ...]  # stored columns the frame provides, in table order
    source_types: Mapping[str, str]  # DuckDB type of each frame column as it arrives

    @property
    def row_count(self) -> int:
        return self.arrow.num_rows

    def needs_no_conversion(self, column: str) -> bool:
        return self.source_types.get(column) == self.declared_types[column]

    def converted(self, column: str, *, lenient: bool = False) -> str:
        """SQL reading `column` from the registered frame as its declared type (NULL if absent)."""
        declared = self.declared_types[column]
        if column not in self.frame_columns:
            return f"CAST(NULL AS {declared})"
        if self.needs_no_conversion(column):
            return quote_identifier(column)
        return conversion_expression(
            quote_identifier(column),
            self.arrow.schema.field(column).type,
            declared,
            lenient=lenient,
        )


def stage_frame(
    spec: TableSpec,
    frame: pl.DataFrame,
    row_slice: RowSlice,
    constants: Mapping[str, Any] | None = None,
) -> StagedFrame:
    """Return the frame ready to insert, or raise FrameValidationError naming the problem."""
    table = spec.display_name
    for column in row_slice.columns:
        if column not in spec.columns:
            raise ValueError(f"{table}: slice column {column!r} is not declared in the TableSpec")
    if not frame.columns:
        # DuckDB cannot scan a zero-column table; an empty frame still empties its slice.
        frame = pl.DataFrame(schema=dict.fromkeys(spec.primary_key, pl.Null))
    frame = _with_constants(frame, constants or {})
    _check_column_names(spec, frame, row_slice)
    arrow = _to_arrow(table, frame)
    present = tuple(c for c in spec.stored_columns if c in frame.columns)
    with duckdb.connect(":memory:") as con:
        con.execute("SET TimeZone = 'UTC'")
        declared = canonical_types(con, spec)
        con.register(FRAME_RELATION, arrow)
        described = con.execute(f"DESCRIBE SELECT * FROM {FRAME_RELATION}").fetchall()
        source_types = {row[0]: row[1] for row in described}
        staged = StagedFrame(spec, arrow, declared, present, source_types)
        if arrow.num_rows:
            _check_conversions(con, staged)
            _check_primary_key(con, staged)
            _check_inside_slice(con, staged, row_slice)
    return staged


def canonical_types(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> dict[str, str]:
    """Declared types as DuckDB spells them ("TIMESTAMPTZ" -> "TIMESTAMP WITH TIME ZONE"), so
    they compare equal to what information_schema reports for an existing table."""
    columns = spec.stored_columns
    try:
        row = first_row(
            con, "SELECT " + ", ".join(f"typeof(CAST(NULL AS {t}))" for t in columns.values())
        )
    except duckdb.Error:
        for column, declared in columns.items():
            try:
                con.execute(f"SELECT CAST(NULL AS {declared})")
            except duckdb.Error as exc:
                raise ValueError(
                    f"{spec.display_name}: column {column!r} declares unknown type {declared!r}: "
                    f"{exc}"
                ) from None
        raise
    assert row is not None
    return dict(zip(columns, row, strict=True))


def _with_constants(frame: pl.DataFrame, constants: Mapping[str, Any]) -> pl.DataFrame:
    missing = {c: v for c, v in constants.items() if c not in frame.columns}
    if not missing:
        return frame
    return frame.with_columns(pl.lit(v).alias(c) for c, v in missing.items())


def _check_column_names(spec: TableSpec, frame: pl.DataFrame, row_slice: RowSlice) -> None:
    table = spec.display_name
    if SYNCED_AT_COLUMN in frame.columns:
        raise FrameValidationError(f"{table}: the frame must not carry {SYNCED_AT_COLUMN!r}")
    unknown = [c for c in frame.columns if c not in spec.columns and c != RAW_COLUMN]
    if unknown:
        raise FrameValidationError(
            f"{table}: frame columns {unknown} are not declared in the TableSpec; declare them "
            "(the table gains them on the next write) or drop them from the frame"
        )
    missing_key = [c for c in spec.primary_key if c not in frame.columns]
    if missing_key and frame.height:
        raise FrameValidationError(
            f"{table}: primary key columns {missing_key} are missing from the frame"
        )
    missing_slice = [c for c in row_slice.columns if c not in frame.columns]
    if missing_slice and frame.height:
        raise FrameValidationError(
            f"{table}: the frame lacks {missing_slice}, needed to replace {row_slice.describe()}"
        )


def _to_arrow(table: str, frame: pl.DataFrame) -> pa.Table:
    objects = [name for name, dtype in frame.schema.items() if dtype == pl.Object]
    if objects:
        raise FrameValidationError(
            f"{table}: columns {objects} hold Python objects; convert them to str, int, "
            "Decimal, date or datetime while flattening"
        )
    # The newest Arrow layout (string views) is zero copy from polars; DuckDB reads it as is.
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def _sample(value: object) -> str:
    text = str(value)
    return text if len(text) <= _SAMPLE_CHARS else text[:_SAMPLE_CHARS] + "…"


def _check_conversions(con: duckdb.DuckDBPyConnection, staged: StagedFrame) -> None:
    """One pass counts unconvertible values per column; a second query fetches one of them."""
    checks = {
        column: f"{quote_identifier(column)} IS NOT NULL AND "
        f"{staged.converted(column, lenient=True)} IS NULL"
        for column in staged.frame_columns
        if not staged.needs_no_conversion(column)
    }
    if not checks:
        return
    counts = first_row(
        con,
        "SELECT "
        + ", ".join(f"count_if({c})" for c in checks.values())
        + f" FROM {FRAME_RELATION}",
    )
    assert counts is not None
    for (column, condition), failures in zip(checks.items(), counts, strict=True):
        if failures:
            bad = first_row(
                con,
                f"SELECT CAST({quote_identifier(column)} AS VARCHAR) FROM {FRAME_RELATION} "
                f"WHERE {condition} LIMIT 1",
            )
            assert bad is not None
            raise CastError(
                staged.spec.display_name,
                column,
                staged.declared_types[column],
                _sample(bad[0]),
            )


def _check_primary_key(con: duckdb.DuckDBPyConnection, staged: StagedFrame) -> None:
    spec = staged.spec
    keys = spec.primary_key
    null_rows = first_row(
        con,
        f"SELECT count(*) FROM {FRAME_RELATION} WHERE "
        + " OR ".join(f"{quote_identifier(k)} IS NULL" for k in keys),
    )
    assert null_rows is not None
    if null_rows[0]:
        raise FrameValidationError(
            f"{spec.display_name}: {null_rows[0]} rows have a NULL in primary key {list(keys)}"
        )
    # Compare converted keys: "1" and 1 are the same BIGINT key once stored.
    key_sql = ", ".join(f"{staged.converted(k)} AS {quote_identifier(k)}" for k in keys)
    duplicate = first_row(
        con,
        f"SELECT count(*) OVER (), * FROM (SELECT {key_sql}, count(*) AS _rows "
        f"FROM {FRAME_RELATION} GROUP BY ALL HAVING count(*) > 1) ORDER BY _rows DESC LIMIT 1",
    )
    if duplicate is not None:
        groups, *values, rows = duplicate
        sample = dict(zip(keys, values, strict=True))
        raise DuplicateKeyError(
            f"{spec.display_name}: primary key {list(keys)} is not unique in the frame: "
            f"{groups} keys repeat, e.g. {sample} appears {rows} times; nothing was written"
        )


def _check_inside_slice(
    con: duckdb.DuckDBPyConnection, staged: StagedFrame, row_slice: RowSlice
) -> None:
    """Rows outside the replaced slice would survive a rerun as duplicates: refuse them."""
    if not row_slice.conditions:
        return
    predicate, params = row_slice.predicate(staged.converted, staged.declared_types)
    sample_sql = " || ', ' || ".join(
        f"{string_literal(c + '=')} || coalesce(CAST({staged.converted(c)} AS VARCHAR), 'NULL')"
        for c in row_slice.columns
    )
    outside = first_row(
        con,
        f"SELECT count(*), first({sample_sql}) FROM {FRAME_RELATION} "
        f"WHERE NOT coalesce({predicate}, FALSE)",
        params,
    )
    assert outside is not None
    if outside[0]:
        raise FrameValidationError(
            f"{staged.spec.display_name}: {outside[0]} of {staged.row_count} rows fall outside "
            f"the slice this write replaces ({row_slice.describe()}), e.g. {outside[1]}; a rerun "
            "could not replace them, so nothing was written. Filter the frame to the slice."
        )
