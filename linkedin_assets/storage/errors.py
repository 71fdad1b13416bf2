"""Errors raised by the storage layer; each message names the table and what to do."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base class of everything storage raises on purpose."""


class FrameValidationError(StorageError, ValueError):
    """The frame cannot be written as given; nothing was written."""


class DuplicateKeyError(FrameValidationError):
    """Two rows of the frame share a primary key."""


class CastError(FrameValidationError):
    """A value cannot be converted to the type its column declares."""

    def __init__(self, table: str, column: str, declared_type: str, value: str) -> None:
        self.table = table
        self.column = column
        self.declared_type = declared_type
        self.value = value
        super().__init__(
            f"{table}: column {column!r} declared {declared_type} cannot hold value {value!r}; "
            "nothing was written. Fix the flattening or change the column's type in the TableSpec."
        )


class SchemaConflictError(StorageError):
    """The table exists with a column type different from the one the spec declares."""


class DatabaseLockedError(StorageError, TimeoutError):
    """Another process kept the DuckDB file locked longer than the store was willing to wait."""

    def __init__(self, path: Path, holder: str, waited_seconds: float) -> None:
        self.path = path
        self.holder = holder
        self.waited_seconds = waited_seconds
        super().__init__(
            f"DuckDB file {str(path)!r} is locked by another process ({holder}); gave up after "
            f"waiting {waited_seconds:.1f}s. DuckDB allows one writing process per file: close the "
            "other connection (another Dagster run, a notebook, the duckdb CLI, a BI tool) or raise "
            "lock_timeout_seconds."
        )
