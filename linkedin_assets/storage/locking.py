"""Open a DuckDB file, waiting politely while another process holds its lock.

DuckDB lets one process write a file at a time (readers in other processes are locked out too).
Dagster runs assets in separate processes, so two writers meeting is routine: retry with
jittered exponential backoff until the deadline, then fail with a message naming the holder.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from linkedin_assets.storage.errors import DatabaseLockedError, StorageError

logger = logging.getLogger(__name__)

_LOCK_MESSAGE = "Could not set lock on file"
_HOLDER = re.compile(r"Conflicting lock is held in (?P<holder>.+?)(?:\. See also|$)", re.DOTALL)
_OTHER_CONFIGURATION = "different configuration"
FIRST_DELAY_SECONDS = 0.02
MAX_DELAY_SECONDS = 1.0


def lock_holder(error: duckdb.Error) -> str | None:
    """Who holds the lock, from DuckDB's message; None when `error` is not a lock conflict."""
    message = str(error)
    if _LOCK_MESSAGE not in message:
        return None
    match = _HOLDER.search(message)
    return match.group("holder").strip() if match else "unknown process"


def open_connection(
    path: Path,
    *,
    read_only: bool,
    timeout_seconds: float,
    sleep: Callable[[float], None] = time.sleep,
) -> duckdb.DuckDBPyConnection:
    """Connect to `path`, retrying while the file is locked by another process."""
    started = time.monotonic()
    delay = FIRST_DELAY_SECONDS
    attempt = 0
    while True:
        attempt += 1
        try:
            return _connect_once(path, read_only=read_only)
        except duckdb.IOException as exc:
            holder = lock_holder(exc)
            if holder is None:
                raise
            waited = time.monotonic() - started
            remaining = timeout_seconds - waited
            if remaining <= 0:
                raise DatabaseLockedError(path, holder, waited) from exc
            pause = min(delay * random.uniform(0.5, 1.0), remaining)
            logger.info(
                "DuckDB file %s is locked by %s; waiting %.2fs (attempt %d, %.1fs of %.1fs)",
                path,
                holder,
                pause,
                attempt,
                waited,
                timeout_seconds,
            )
            sleep(pause)
            delay = min(delay * 2, MAX_DELAY_SECONDS)


def _connect_once(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.ConnectionException as exc:
        # This process already has the file open with the other mode. A read can share the
        # open read-write instance (same process, no extra lock); a write cannot.
        if _OTHER_CONFIGURATION in str(exc) and read_only:
            return duckdb.connect(str(path))
        if _OTHER_CONFIGURATION in str(exc):
            raise StorageError(
                f"this process already has DuckDB file {str(path)!r} open read-only (or with "
                "other settings); close that connection before writing"
            ) from exc
        raise
