"""WindowSpool: the rows of one window write, added a frame at a time and kept on disk.

A backfill of a year of daily facts is too big to hold in memory at once, yet it must land in
ONE transaction (a crash leaves the old content). So each frame is validated as it arrives
(the same checks as a direct write: types, primary key, inside the slice), converted to the
table's declared types and saved as a Parquet file; the store then inserts every file in one
transaction. Peak memory is one frame, whatever the range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from linkedin_assets.storage.errors import DuplicateKeyError
from linkedin_assets.storage.frames import FRAME_RELATION, stage_frame
from linkedin_assets.storage.slices import RowSlice
from linkedin_assets.storage.spec import SYNCED_AT_COLUMN, TableSpec
from linkedin_assets.storage.sql import first_row, quote_identifier, string_literal


@dataclass
class WindowSpool:
    spec: TableSpec
    row_slice: RowSlice
    directory: Path
    declared_types: dict[str, str]  # canonical DuckDB type of every stored column
    files: list[Path] = field(default_factory=list)
    rows: int = 0

    @property
    def columns(self) -> tuple[str, ...]:
        """Stored columns the files hold: all but `_synced_at`, set when they are inserted."""
        return tuple(c for c in self.spec.stored_columns if c != SYNCED_AT_COLUMN)

    def add(self, frame: pl.DataFrame) -> None:
        """Validate the frame and save it converted; raises like a direct write would."""
        staged = stage_frame(self.spec, frame, self.row_slice)
        if not staged.row_count:
            return
        path = self.directory / f"part-{len(self.files):05d}.parquet"
        select = ", ".join(f"{staged.converted(c)} AS {quote_identifier(c)}" for c in self.columns)
        with duckdb.connect(":memory:") as con:
            con.execute("SET TimeZone = 'UTC'")
            con.register(FRAME_RELATION, staged.arrow)
            con.execute(
                f"COPY (SELECT {select} FROM {FRAME_RELATION}) TO {string_literal(str(path))} "
                "(FORMAT parquet)"
            )
        self.files.append(path)
        self.rows += staged.row_count

    def select_sql(self) -> str:
        """SELECT of every spooled row in the declared types; `?` is `_synced_at`."""
        listing = ", ".join(string_literal(str(path)) for path in self.files)
        expressions = [
            f"CAST({quote_identifier(c)} AS {self.declared_types[c]}) AS {quote_identifier(c)}"
            for c in self.columns
        ]
        expressions.append(f"CAST(? AS TIMESTAMPTZ) AS {quote_identifier(SYNCED_AT_COLUMN)}")
        return f"SELECT {', '.join(expressions)} FROM read_parquet([{listing}])"

    def check_keys_across_frames(self) -> None:
        """Each frame had unique keys; two frames must not share one either."""
        if len(self.files) < 2:
            return
        keys = ", ".join(quote_identifier(k) for k in self.spec.primary_key)
        listing = ", ".join(string_literal(str(path)) for path in self.files)
        with duckdb.connect(":memory:") as con:
            repeated = first_row(
                con,
                f"SELECT count(*) FROM (SELECT {keys} FROM read_parquet([{listing}]) "
                "GROUP BY ALL HAVING count(*) > 1)",
            )
        if repeated and repeated[0]:
            raise DuplicateKeyError(
                f"{self.spec.display_name}: {repeated[0]} primary keys {list(self.spec.primary_key)}"
                " appear in more than one part of this write; nothing was written"
            )
