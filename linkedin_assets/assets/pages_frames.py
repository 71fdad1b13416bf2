"""Rows to typed polars frames, primary-key dedupe and column docs for the page tables.

Candidates for kit.py: nothing here is specific to organization pages.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
import polars as pl

from linkedin_assets.storage import TableSpec

RAW = "_raw"

# DuckDB type (as declared in our TableSpecs) -> the polars type a row value is built as.
_POLARS_TYPES: dict[str, pl.DataType] = {
    "BIGINT": pl.Int64(),
    "INTEGER": pl.Int32(),
    "DOUBLE": pl.Float64(),
    "BOOLEAN": pl.Boolean(),
    "DATE": pl.Date(),
    "TIMESTAMPTZ": pl.Datetime("us", "UTC"),
    "VARCHAR": pl.String(),
    "JSON": pl.String(),  # JSON text; storage checks it parses
}


def polars_type(duckdb_type: str) -> pl.DataType:
    try:
        return _POLARS_TYPES[duckdb_type.upper()]
    except KeyError:
        raise ValueError(f"no polars type for DuckDB type {duckdb_type!r}") from None


def text_value(value: Any) -> str | None:
    """Text columns take text; a structured value (LinkedIn changing a field's shape) becomes
    canonical JSON text instead of failing the write or being lost."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def frame_for(spec: TableSpec, rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """A frame with exactly the spec's columns (+ `_raw`), typed from the spec, so an empty or
    all-NULL column still has its declared type. Building is strict: a stray key or a value
    of the wrong type (1.5 for a BIGINT) is an error naming the column, never a silent cast."""
    kinds = {**spec.columns, RAW: "VARCHAR"}
    schema = {name: polars_type(kind) for name, kind in kinds.items()}
    for row in rows:
        unknown = set(row) - set(schema)
        if unknown:
            raise ValueError(f"{spec.display_name}: row has undeclared columns {sorted(unknown)}")
    series = []
    for name, kind in kinds.items():
        values = [row.get(name) for row in rows]
        if kind in ("VARCHAR", "JSON"):
            values = [text_value(v) for v in values]
        try:
            series.append(pl.Series(name, values, dtype=schema[name], strict=True))
        except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
            raise ValueError(f"{spec.display_name}: column {name!r} ({kind}): {exc}") from None
    return pl.DataFrame(series)


def column_schema(spec: TableSpec, docs: Mapping[str, str]) -> dg.TableSchema:
    """Dagster column docs of a table: every declared column, its type and description."""
    columns = [
        dg.TableColumn(
            name,
            kind,
            description=docs.get(name),
            constraints=dg.TableColumnConstraints(nullable=name not in spec.primary_key),
        )
        for name, kind in spec.columns.items()
    ]
    columns.append(dg.TableColumn(RAW, "JSON", description="The element as LinkedIn sent it."))
    columns.append(dg.TableColumn("_synced_at", "TIMESTAMPTZ", description="When it was written."))
    return dg.TableSchema(columns=columns)
