"""Idempotent, crash-safe DuckDB writers. Knows nothing of LinkedIn or Dagster.

store = DuckDBStore("data/linkedin.duckdb")
store.replace_window(spec, frame, window_column="day", start=d0, end=d1,
                     scope={"account_id": [123]})
"""

from linkedin_assets.storage.errors import (
    CastError,
    DatabaseLockedError,
    DuplicateKeyError,
    FrameValidationError,
    SchemaConflictError,
    StorageError,
)
from linkedin_assets.storage.spec import (
    HISTORY_COLUMNS,
    HISTORY_SUFFIX,
    SYSTEM_COLUMNS,
    TableSpec,
    WriteResult,
)
from linkedin_assets.storage.sql import table_sql
from linkedin_assets.storage.store import DuckDBStore

__all__ = [
    "HISTORY_COLUMNS",
    "HISTORY_SUFFIX",
    "SYSTEM_COLUMNS",
    "CastError",
    "DatabaseLockedError",
    "DuckDBStore",
    "DuplicateKeyError",
    "FrameValidationError",
    "SchemaConflictError",
    "StorageError",
    "TableSpec",
    "WriteResult",
    "table_sql",
]
