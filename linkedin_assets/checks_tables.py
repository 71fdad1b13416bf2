"""What the data checks share: the raw tables' specs and a read-only view of the DuckDB file.

Specs are collected from the asset families' table modules, so a table added there gets its
checks without editing this package. Table name = asset name (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType

import dagster as dg
import duckdb

from linkedin_assets.assets import ads_tables, pages_post_tables, pages_tables
from linkedin_assets.resources import WarehouseResource
from linkedin_assets.storage import DuckDBStore, TableSpec

TABLE_MODULES: tuple[ModuleType, ...] = (ads_tables, pages_tables, pages_post_tables)
SCHEMA = "linkedin"


def specs_in(module: ModuleType) -> list[TableSpec]:
    """Every TableSpec a module declares at top level (directly or inside an AdsTable)."""
    found = []
    for value in vars(module).values():
        spec = getattr(value, "spec", value)
        if isinstance(spec, TableSpec):
            found.append(spec)
    return found


def raw_table_specs(asset_keys: Sequence[dg.AssetKey]) -> dict[dg.AssetKey, TableSpec]:
    """The spec of every raw table whose asset is in `asset_keys`, by asset key."""
    by_name = {spec.name: spec for module in TABLE_MODULES for spec in specs_in(module)}
    return {
        key: by_name[key.to_user_string()] for key in asset_keys if key.to_user_string() in by_name
    }


@contextmanager
def read_only(warehouse: WarehouseResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the warehouse file (raises FileNotFoundError if missing)."""
    with DuckDBStore(warehouse.path).connect(read_only=True) as con:
        yield con


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [SCHEMA]
    ).fetchall()
    return {name for (name,) in rows}


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_ref(name: str) -> str:
    return f"{quoted(SCHEMA)}.{quoted(name)}"
