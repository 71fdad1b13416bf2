"""DuckDBStore: idempotent, crash-safe writers for the raw `linkedin` tables.

Every write follows the same shape: validate the frame in memory (no lock held, nothing
touched), then open the file and run ONE transaction: create/evolve the table, delete the slice
being replaced, insert the frame converted column by column, commit. A failure or a killed
process leaves the previous content, because DuckDB only makes a transaction visible at commit.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from linkedin_assets.storage import history
from linkedin_assets.storage.frames import StagedFrame, canonical_types, stage_frame
from linkedin_assets.storage.locking import open_connection
from linkedin_assets.storage.preview import markdown_table
from linkedin_assets.storage.slices import EqualTo, RowSlice, scope_conditions, window_condition
from linkedin_assets.storage.spec import (
    RAW_COLUMN,
    ROW_HASH_COLUMN,
    SYNCED_AT_COLUMN,
    TableSpec,
    WriteResult,
)
from linkedin_assets.storage.spool import WindowSpool
from linkedin_assets.storage.sql import current_catalog, first_row, quote_identifier, table_sql
from linkedin_assets.storage.tables import ensure_table, existing_columns

TableRef = TableSpec | str
# Beyond it DuckDB spills to disk: big writes stay fast, and memory stays predictable.
DEFAULT_MEMORY_LIMIT = "2GB"


class DuckDBStore:
    """Writes and small reads against one DuckDB file."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout_seconds: float = 600.0,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
    ):
        self.path = Path(path)
        self.lock_timeout_seconds = lock_timeout_seconds
        self.memory_limit = memory_limit  # DuckDB's memory_limit for this store's connections

    def __repr__(self) -> str:
        return f"DuckDBStore({str(self.path)!r})"

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection with TimeZone=UTC, closed on exit so the file lock is held briefly.

        DuckDB allows one writing process per file: while another process holds the lock this
        retries with backoff for up to lock_timeout_seconds, then raises DatabaseLockedError
        naming the file and the process holding it.
        """
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"DuckDB file {str(self.path)!r} does not exist yet")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = open_connection(
            self.path, read_only=read_only, timeout_seconds=self.lock_timeout_seconds
        )
        try:
            # Naive datetimes and DATE <-> TIMESTAMPTZ casts are then read as UTC everywhere.
            con.execute("SET TimeZone = 'UTC'")
            # DuckDB takes up to 80% of RAM by default; a year-long write would use it all.
            con.execute("SET memory_limit = ?", [self.memory_limit])
            yield con
        finally:
            con.close()

    # ----------------------------------------------------------------------------- writes

    def replace_window(
        self,
        spec: TableSpec,
        frame: pl.DataFrame,
        *,
        window_column: str,
        start: date | datetime,
        end: date | datetime,
        scope: Mapping[str, Sequence[Any]] | None = None,
    ) -> WriteResult:
        """Facts: replace rows with start <= window_column < end (and in scope) by the frame.

        Every frame row must fall inside that slice. An empty frame empties the slice.
        """
        row_slice = RowSlice(
            (window_condition(window_column, start, end), *scope_conditions(scope))
        )
        return self._replace(spec, stage_frame(spec, frame, row_slice), row_slice)

    @contextmanager
    def window_spool(
        self,
        spec: TableSpec,
        *,
        window_column: str,
        start: date | datetime,
        end: date | datetime,
        scope: Mapping[str, Sequence[Any]] | None = None,
    ) -> Iterator[WindowSpool]:
        """replace_window for a window too big to hold in memory: add frames to the spool as
        they come, then `write_spool` replaces the slice with all of them in ONE transaction.
        The spool's files sit beside the DuckDB file and are removed on exit."""
        row_slice = RowSlice(
            (window_condition(window_column, start, end), *scope_conditions(scope))
        )
        with duckdb.connect(":memory:") as con:
            declared = canonical_types(con, spec)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(
            prefix=f".{self.path.name}.{spec.name}.spool-", dir=self.path.parent
        ) as directory:
            yield WindowSpool(spec, row_slice, Path(directory), declared)

    def write_spool(self, spool: WindowSpool) -> WriteResult:
        spool.check_keys_across_frames()
        with self.connect() as con:
            select = spool.select_sql() if spool.files else None
            return self._replace_slice(
                con, spool.spec, spool.declared_types, spool.row_slice, select
            )

    def replace_snapshot(
        self,
        spec: TableSpec,
        frame: pl.DataFrame,
        *,
        snapshot_column: str,
        snapshot_value: Any,
        scope: Mapping[str, Sequence[Any]] | None = None,
    ) -> WriteResult:
        """Tables keeping one snapshot per day: replace the rows of that snapshot (and scope).

        When the frame lacks `snapshot_column` it is filled with `snapshot_value`.
        """
        if snapshot_value is None:
            raise ValueError(f"{spec.display_name}: snapshot_value must not be None")
        row_slice = RowSlice((EqualTo(snapshot_column, snapshot_value), *scope_conditions(scope)))
        staged = stage_frame(spec, frame, row_slice, {snapshot_column: snapshot_value})
        return self._replace(spec, staged, row_slice)

    def replace_scope(
        self,
        spec: TableSpec,
        frame: pl.DataFrame,
        *,
        scope: Mapping[str, Sequence[Any]] | None = None,
    ) -> WriteResult:
        """Unpartitioned tables: replace every row in scope (the whole table without scope)."""
        row_slice = RowSlice(scope_conditions(scope))
        return self._replace(spec, stage_frame(spec, frame, row_slice), row_slice)

    def write_dimension(
        self,
        spec: TableSpec,
        frame: pl.DataFrame,
        *,
        as_of: datetime,
        scope: Mapping[str, Sequence[Any]] | None = None,
    ) -> WriteResult:
        """Dimensions: `<name>` holds the current snapshot (replaced in scope) and
        `<name>_history` its SCD-2 versions (valid_from, valid_to NULL while open, is_current,
        _row_hash). Both tables change in the same transaction. A naive `as_of` is UTC."""
        history_spec = spec.history_spec()  # refuses specs clashing with history columns
        row_slice = RowSlice(scope_conditions(scope))
        staged = stage_frame(spec, frame, row_slice)
        synced_at = _now()
        staged_relation = f"_linkedin_assets_snapshot_{uuid.uuid4().hex}"
        with self.connect() as con, _registered(con, staged) as relation:
            history_types = canonical_types(con, history_spec)
            with self._transaction(con):
                created, added = ensure_table(con, spec, staged.declared_types)
                _, history_added = ensure_table(con, history_spec, history_types)
                # Convert once into a temp table: the current table and the history read it.
                con.execute(
                    f"CREATE TEMP TABLE {staged_relation} AS SELECT *, "
                    f"{history.row_hash_sql(history.tracked_columns(spec))} "
                    f"AS {quote_identifier(ROW_HASH_COLUMN)} FROM "
                    f"({_converted_select(staged, relation)})",
                    [synced_at],
                )
                deleted = _delete_slice(con, spec, row_slice, staged.declared_types)
                columns = _column_list(spec.stored_columns)
                inserted = _insert(con, spec, f"SELECT {columns} FROM {staged_relation}", params=())
                change = history.apply_snapshot(
                    con, spec, staged_relation, row_slice, staged.declared_types, as_of
                )
        return WriteResult(
            table=spec.display_name,
            rows_inserted=inserted,
            rows_deleted=deleted,
            columns_added=added,
            table_created=created,
            synced_at=synced_at,
            history_versions_opened=change.opened,
            history_versions_closed=change.closed,
            history_columns_added=history_added,
        )

    def _replace(self, spec: TableSpec, staged: StagedFrame, row_slice: RowSlice) -> WriteResult:
        with self.connect() as con, _registered(con, staged) as relation:
            select = _converted_select(staged, relation)
            return self._replace_slice(con, spec, staged.declared_types, row_slice, select)

    def _replace_slice(
        self,
        con: duckdb.DuckDBPyConnection,
        spec: TableSpec,
        declared_types: Mapping[str, str],
        row_slice: RowSlice,
        select_sql: str | None,
    ) -> WriteResult:
        """One transaction: create/evolve the table, delete the slice, insert the SELECT (whose
        `?` is `_synced_at`; None inserts nothing)."""
        synced_at = _now()
        with self._transaction(con):
            created, added = ensure_table(con, spec, declared_types)
            deleted = _delete_slice(con, spec, row_slice, declared_types)
            inserted = 0
            if select_sql is not None:
                inserted = _insert(con, spec, select_sql, params=[synced_at])
        return WriteResult(
            table=spec.display_name,
            rows_inserted=inserted,
            rows_deleted=deleted,
            columns_added=added,
            table_created=created,
            synced_at=synced_at,
        )

    @contextmanager
    def _transaction(self, con: duckdb.DuckDBPyConnection) -> Iterator[None]:
        """Exactly one transaction per write: everything inside commits together or not at all
        (DuckDB DDL is transactional too, so a created table or added column rolls back)."""
        con.execute("BEGIN TRANSACTION")
        try:
            yield
            self._before_commit(con)
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise

    def _before_commit(self, con: duckdb.DuckDBPyConnection) -> None:
        """Called with the transaction complete but uncommitted; tests override it to kill the
        process at exactly that point."""

    # ------------------------------------------------------------------------------ reads

    def table_exists(self, table: TableRef, schema: str = "linkedin") -> bool:
        schema, name = _split(table, schema)
        if not self.path.exists():
            return False
        with self.connect(read_only=True) as con:
            row = first_row(
                con,
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?",
                [schema, name],
            )
        return bool(row and row[0])

    def row_count(
        self,
        table: TableRef,
        where: str | None = None,
        params: Sequence[Any] = (),
        *,
        schema: str = "linkedin",
    ) -> int:
        """Rows of a table, optionally filtered by a trusted SQL `where` with `?` params."""
        schema, name = _split(table, schema)
        with self.connect(read_only=True) as con:
            sql = f"SELECT count(*) FROM {table_sql(con, schema, name)}"
            if where:
                sql += f" WHERE {where}"
            row = first_row(con, sql, list(params))
        return int(row[0]) if row else 0

    def fetch_preview(
        self,
        table: TableRef,
        limit: int = 5,
        *,
        schema: str = "linkedin",
        exclude: Sequence[str] = (RAW_COLUMN,),
    ) -> list[dict[str, Any]]:
        """First rows (ordered by primary key when a spec is given), without bulky `_raw`."""
        schema, name = _split(table, schema)
        order = ""
        if isinstance(table, TableSpec):
            order = f" ORDER BY {_column_list(table.primary_key)}"
        with self.connect(read_only=True) as con:
            sql = f"SELECT * FROM {table_sql(con, schema, name)}{order} LIMIT {int(limit)}"
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        return [
            {c: v for c, v in zip(columns, row, strict=True) if c not in exclude} for row in rows
        ]

    def preview_markdown(self, table: TableRef, limit: int = 5, *, schema: str = "linkedin") -> str:
        """fetch_preview as a Markdown table (for MetadataValue.md)."""
        return markdown_table(self.fetch_preview(table, limit, schema=schema))

    def column_types(self, table: TableRef, *, schema: str = "linkedin") -> dict[str, str]:
        """Column -> DuckDB type of a stored table, in table order."""
        schema, name = _split(table, schema)
        with self.connect(read_only=True) as con:
            return existing_columns(con, schema, name)


def _now() -> datetime:
    return datetime.now(UTC)


def _split(table: TableRef, schema: str) -> tuple[str, str]:
    if isinstance(table, TableSpec):
        return table.schema, table.name
    return schema, table


def _column_list(columns: Sequence[str] | Mapping[str, str]) -> str:
    return ", ".join(quote_identifier(c) for c in columns)


def _converted_select(staged: StagedFrame, relation: str) -> str:
    """SELECT every stored column converted to its declared type; `?` is `_synced_at`."""
    expressions = [
        f"{staged.converted(c)} AS {quote_identifier(c)}"
        for c in staged.spec.stored_columns
        if c != SYNCED_AT_COLUMN
    ]
    expressions.append(f"CAST(? AS TIMESTAMPTZ) AS {quote_identifier(SYNCED_AT_COLUMN)}")
    return f"SELECT {', '.join(expressions)} FROM {relation}"


def _delete_slice(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    row_slice: RowSlice,
    declared_types: Mapping[str, str],
) -> int:
    predicate, params = row_slice.predicate(quote_identifier, declared_types)
    return _count(
        con, f"DELETE FROM {spec.sql_name(current_catalog(con))} WHERE {predicate}", params
    )


def _insert(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, select_sql: str, params: Sequence[Any]
) -> int:
    """INSERT by explicit column list: the table's column order never matters."""
    target = spec.sql_name(current_catalog(con))
    return _count(
        con, f"INSERT INTO {target} ({_column_list(spec.stored_columns)}) {select_sql}", params
    )


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> int:
    row = first_row(con, sql, list(params))
    return int(row[0]) if row else 0


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # The transaction may already be aborted; closing the connection discards it either way.
    with suppress(duckdb.Error):
        con.execute("ROLLBACK")


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, staged: StagedFrame) -> Iterator[str]:
    """Expose the frame's Arrow data to SQL under a unique name (zero copy)."""
    relation = f"_linkedin_assets_frame_{uuid.uuid4().hex}"
    con.register(relation, staged.arrow)
    try:
        yield relation
    finally:
        con.unregister(relation)
