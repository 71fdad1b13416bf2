"""DuckDBStore across processes: waiting for another process's lock, giving up with a clear
error, and surviving SIGKILL in the middle of a large write.

The worker half of these tests runs in child processes:
`python -m linkedin_assets_tests.test_storage_processes MODE PATH`.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
import pytest

from linkedin_assets.storage import DatabaseLockedError, DuckDBStore, TableSpec, table_sql
from linkedin_assets.storage.locking import lock_holder

GENERATIONS = TableSpec(
    "generations",
    {
        "row_id": "BIGINT",
        "generation": "BIGINT",
        "amount": "DECIMAL(38,10)",
        "label": "VARCHAR",
        "seen_at": "TIMESTAMPTZ",
    },
    ("row_id",),
)
# Big enough that DuckDB writes row groups to the file before commit (the case worth proving).
ROWS_PER_GENERATION = 300_000


def generation_frame(generation: int) -> pl.DataFrame:
    row_ids = pl.int_range(0, ROWS_PER_GENERATION, eager=True)
    return pl.DataFrame(
        {
            "row_id": row_ids,
            "generation": pl.repeat(generation, ROWS_PER_GENERATION, eager=True),
            "amount": (row_ids * generation).cast(pl.String) + ".125",  # money arrives as text
            "label": row_ids.cast(pl.String) + f"-g{generation}",
            "seen_at": row_ids + 1_700_000_000_000,
        }
    )


# ------------------------------------------------------------------------------- workers


class _PauseBeforeCommit(DuckDBStore):
    def _before_commit(self, con: duckdb.DuckDBPyConnection) -> None:
        print("uncommitted", flush=True)
        sys.stdin.readline()  # the parent SIGKILLs us while we wait here


def _hold_lock(path: str) -> None:
    con = duckdb.connect(path)
    con.execute("CREATE TABLE IF NOT EXISTS held_by_other_process (x INTEGER)")
    con.execute("INSERT INTO held_by_other_process VALUES (1)")
    print("locked", flush=True)
    sys.stdin.readline()
    con.close()


def _write_forever(path: str) -> None:
    store = DuckDBStore(path)
    generation = 1
    while True:
        generation += 1
        store.replace_scope(GENERATIONS, generation_frame(generation))
        print(f"committed {generation}", flush=True)


def _main(mode: str, path: str) -> None:
    if mode == "hold-lock":
        _hold_lock(path)
    elif mode == "pause-before-commit":
        _PauseBeforeCommit(path).replace_scope(GENERATIONS, generation_frame(2))
    elif mode == "write-forever":
        _write_forever(path)
    else:
        raise SystemExit(f"unknown mode {mode}")


# -------------------------------------------------------------------------------- helpers


@contextmanager
def worker(mode: str, path: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "linkedin_assets_tests.test_storage_processes", mode, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()


def expect_line(process: subprocess.Popen[str], expected: str) -> None:
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line == expected, f"worker said {line!r} (exit code {process.poll()})"


def generations_stored(store: DuckDBStore) -> list[tuple[int, int]]:
    """(generation, rows) pairs: a consistent table has exactly one."""
    with store.connect() as con:
        table = table_sql(con, GENERATIONS.schema, GENERATIONS.name)
        return con.execute(
            f"SELECT generation, count(*) FROM {table} GROUP BY ALL ORDER BY ALL"
        ).fetchall()


def assert_complete_generation(store: DuckDBStore, generation: int) -> None:
    with store.connect() as con:
        table = table_sql(con, GENERATIONS.schema, GENERATIONS.name)
        mismatches = con.execute(
            f"SELECT count(*) FROM {table} WHERE label <> CAST(row_id AS VARCHAR) || ? "
            "OR amount <> row_id * ? + 0.125",
            [f"-g{generation}", generation],
        ).fetchall()
    assert generations_stored(store) == [(generation, ROWS_PER_GENERATION)]
    assert mismatches == [(0,)]


@pytest.fixture
def lock_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="linkedin_assets.storage.locking")
    return caplog


SMALL = TableSpec("small", {"id": "BIGINT"}, ("id",))


# ---------------------------------------------------------------------------------- tests


def test_writer_waits_for_another_process_then_succeeds(
    tmp_path: Path, lock_log: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "shared.duckdb"
    store = DuckDBStore(path, lock_timeout_seconds=60)

    with worker("hold-lock", path) as holder:
        expect_line(holder, "locked")

        class ReleaseHolderOnFirstWait(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                if holder.stdin and not holder.stdin.closed:
                    holder.stdin.close()  # the holder closes its connection and exits

        release = ReleaseHolderOnFirstWait()
        logging.getLogger("linkedin_assets.storage.locking").addHandler(release)
        try:
            result = store.replace_scope(SMALL, pl.DataFrame({"id": [1, 2]}))
        finally:
            logging.getLogger("linkedin_assets.storage.locking").removeHandler(release)
        assert holder.wait(timeout=30) == 0

    waits = [r.getMessage() for r in lock_log.records if "is locked by" in r.getMessage()]
    assert waits, "the write should have found the file locked and waited"
    assert f"PID {holder.pid}" in waits[0]
    assert result.rows_inserted == 2
    assert store.row_count(SMALL) == 2
    assert store.row_count("held_by_other_process", schema="main") == 1


def test_gives_up_after_the_timeout_naming_file_and_holder(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    store = DuckDBStore(path, lock_timeout_seconds=0.3)

    with worker("hold-lock", path) as holder:
        expect_line(holder, "locked")
        with pytest.raises(DatabaseLockedError) as raised:
            store.replace_scope(SMALL, pl.DataFrame({"id": [1]}))
        with pytest.raises(DatabaseLockedError):
            store.row_count("held_by_other_process", schema="main")  # readers wait too
        assert holder.stdin is not None
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0

    message = str(raised.value)
    assert str(path) in message
    assert f"PID {holder.pid}" in message
    assert "lock_timeout_seconds" in message
    assert raised.value.path == path
    assert isinstance(raised.value, TimeoutError)
    assert not store.table_exists(SMALL)  # nothing was written


def test_sigkill_before_commit_leaves_the_old_content(tmp_path: Path) -> None:
    path = tmp_path / "crash.duckdb"
    store = DuckDBStore(path)
    store.replace_scope(GENERATIONS, generation_frame(1))

    size_before = path.stat().st_size

    with worker("pause-before-commit", path) as child:
        expect_line(child, "uncommitted")  # deleted + inserted 300k rows, not committed
        # DuckDB already wrote the uncommitted row groups into the file: a real mid-write state.
        assert path.stat().st_size > size_before
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL

    assert_complete_generation(store, 1)
    # The file is healthy: the next write goes through and is complete.
    store.replace_scope(GENERATIONS, generation_frame(3))
    assert_complete_generation(store, 3)


# One write takes about 0.4 s here: spread the kills over validation, insert and commit.
@pytest.mark.parametrize("delay_seconds", [0.0, 0.12, 0.25, 0.38])
def test_sigkill_at_any_moment_leaves_old_or_new_content(
    tmp_path: Path, delay_seconds: float
) -> None:
    path = tmp_path / "crash.duckdb"
    store = DuckDBStore(path)
    store.replace_scope(GENERATIONS, generation_frame(1))

    with worker("write-forever", path) as child:
        expect_line(child, "committed 2")
        time.sleep(delay_seconds)  # land somewhere inside the next write
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
        assert child.stdout is not None
        said = [line.split()[1] for line in child.stdout.read().splitlines()]
    last_committed = int(said[-1]) if said else 2

    stored = generations_stored(store)
    assert len(stored) == 1, f"mixed generations after a crash: {stored}"
    generation = stored[0][0]
    assert generation in (last_committed, last_committed + 1)
    assert_complete_generation(store, generation)


def test_lock_holder_is_read_from_duckdbs_message() -> None:
    error = duckdb.IOException(
        'IO Error: Could not set lock on file "/x.duckdb": Conflicting lock is held in '
        "/usr/bin/python3.11 (PID 4242). See also https://duckdb.org/docs/current/connect/"
    )
    assert lock_holder(error) == "/usr/bin/python3.11 (PID 4242)"
    assert lock_holder(duckdb.IOException("IO Error: disk full")) is None


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2])
