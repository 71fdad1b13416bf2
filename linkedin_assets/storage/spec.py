"""What a table looks like (TableSpec) and what a write did (WriteResult)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from linkedin_assets.storage.sql import qualified_name

RAW_COLUMN = "_raw"
SYNCED_AT_COLUMN = "_synced_at"
# Appended to every table: the raw API element (so an unmodelled field is never lost) and when
# the row was written.
SYSTEM_COLUMNS: Mapping[str, str] = MappingProxyType(
    {RAW_COLUMN: "JSON", SYNCED_AT_COLUMN: "TIMESTAMPTZ"}
)

VALID_FROM_COLUMN = "valid_from"
VALID_TO_COLUMN = "valid_to"
IS_CURRENT_COLUMN = "is_current"
ROW_HASH_COLUMN = "_row_hash"
# Appended to `<name>_history` tables of dimensions (SCD type 2).
HISTORY_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        VALID_FROM_COLUMN: "TIMESTAMPTZ",
        VALID_TO_COLUMN: "TIMESTAMPTZ",
        IS_CURRENT_COLUMN: "BOOLEAN",
        ROW_HASH_COLUMN: "VARCHAR",
    }
)
HISTORY_SUFFIX = "_history"


@dataclass(frozen=True)
class TableSpec:
    """A raw table: ordered column -> DuckDB type, its primary key and its schema.

    `_raw JSON` and `_synced_at TIMESTAMPTZ` are appended automatically and must not be declared.
    The primary key is enforced on every write (the frame is checked), not by a DuckDB constraint:
    constraints would make ALTER TABLE ADD COLUMN fail and slow delete-then-insert.
    """

    name: str
    columns: Mapping[str, str]
    primary_key: tuple[str, ...]
    schema: str = "linkedin"

    def __post_init__(self) -> None:
        # Freeze the mapping so a spec shared between assets cannot be mutated by one of them.
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))
        object.__setattr__(self, "primary_key", tuple(self.primary_key))
        if not self.name or not self.schema:
            raise ValueError("TableSpec needs a table name and a schema")
        if not self.columns:
            raise ValueError(f"TableSpec {self.name!r} declares no columns")
        reserved = sorted(set(self.columns) & set(SYSTEM_COLUMNS))
        if reserved:
            raise ValueError(
                f"TableSpec {self.name!r} declares {reserved}: these columns are added by storage"
            )
        # Types are pasted into DDL: refuse anything that could end the statement.
        suspicious = [c for c, t in self.columns.items() if not t.strip() or ";" in t]
        if suspicious:
            raise ValueError(f"TableSpec {self.name!r}: columns {suspicious} have invalid types")
        if not self.primary_key:
            raise ValueError(f"TableSpec {self.name!r} needs a primary key")
        unknown = [c for c in self.primary_key if c not in self.columns]
        if unknown:
            raise ValueError(f"TableSpec {self.name!r}: primary key columns {unknown} not declared")
        if len(set(self.primary_key)) != len(self.primary_key):
            raise ValueError(f"TableSpec {self.name!r}: primary key repeats a column")

    def __hash__(self) -> int:
        return hash((self.name, tuple(self.columns.items()), self.primary_key, self.schema))

    def sql_name(self, catalog: str) -> str:
        """Quoted `"catalog"."schema"."name"`, ready for SQL."""
        return qualified_name(catalog, self.schema, self.name)

    @property
    def display_name(self) -> str:
        """`schema.name`, for messages and metadata."""
        return f"{self.schema}.{self.name}"

    @property
    def stored_columns(self) -> dict[str, str]:
        """Every column the table holds: declared ones, then `_raw` and `_synced_at`."""
        return {**self.columns, **SYSTEM_COLUMNS}

    def history_spec(self) -> TableSpec:
        """The `<name>_history` table of a dimension: same columns plus SCD-2 bookkeeping."""
        clash = sorted(set(self.columns) & set(HISTORY_COLUMNS))
        if clash:
            raise ValueError(
                f"TableSpec {self.name!r} declares {clash}, reserved for its history table"
            )
        return TableSpec(
            name=self.name + HISTORY_SUFFIX,
            columns={**self.columns, **HISTORY_COLUMNS},
            primary_key=(*self.primary_key, VALID_FROM_COLUMN),
            schema=self.schema,
        )


@dataclass(frozen=True)
class WriteResult:
    """What one write did; `as_metadata()` gives plain values for a MaterializeResult."""

    table: str
    rows_inserted: int
    rows_deleted: int
    columns_added: tuple[str, ...]
    table_created: bool
    synced_at: datetime
    history_versions_opened: int = 0
    history_versions_closed: int = 0
    history_columns_added: tuple[str, ...] = ()

    def as_metadata(self) -> dict[str, int | str]:
        metadata: dict[str, int | str] = {
            "table": self.table,
            "rows_inserted": self.rows_inserted,
            "rows_deleted": self.rows_deleted,
            "synced_at": self.synced_at.isoformat(),
        }
        if self.columns_added:
            metadata["columns_added"] = ", ".join(self.columns_added)
        if self.history_versions_opened or self.history_versions_closed:
            metadata["history_versions_opened"] = self.history_versions_opened
            metadata["history_versions_closed"] = self.history_versions_closed
        return metadata
