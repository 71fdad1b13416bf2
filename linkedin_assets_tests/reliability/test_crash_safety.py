"""kill -9 in the middle of DuckDB writes, many times at random points: the file always opens
and every table (every partition of it) holds either the old or the new content, never a mix.

Runs are forked from a warm zygote (forked_runs.py) that announces each write transaction and
pauses after its DELETE and before its COMMIT; the test kills the child a random few
milliseconds after a randomly chosen `begin`, so kills land before, between and after those. Old and new
content are the same data written at different times, so a partition's content must equal the
clean run's and come from exactly one write (one `_synced_at`).
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from linkedin_assets_tests.reliability import harness
from linkedin_assets_tests.reliability.conftest import CleanRun
from linkedin_assets_tests.reliability.forked_runs import ChildRun, Zygote

KILLS = 8
LONGEST_KILL_DELAY_SECONDS = 0.06


def kill_after_write(target: int, delay: float):
    """An on_event callback: SIGKILL the child `delay` s after its `target`-th transaction."""
    begun = 0

    def on_event(child: ChildRun, word: str) -> None:
        nonlocal begun
        if word != "begin":
            return
        begun += 1
        if begun == target:
            time.sleep(delay)
            os.kill(child.pid, signal.SIGKILL)

    return on_event


def test_kill_9_mid_write_leaves_every_partition_old_or_new(
    zygote: Zygote, clean_forked_run: CleanRun, tmp_path: Path
):
    path = tmp_path / "crash.duckdb"
    harness.copy_duckdb(clean_forked_run.path, path)  # the old content
    expected = clean_forked_run.contents
    assert sum(map(len, expected.values())) > 100, "too little data to write"
    writes = harness.assert_old_or_new(path, expected)

    seed = time.time_ns()
    rng = random.Random(seed)
    killed_inside_transaction = 0
    tables_renewed: set[str] = set()
    for _ in range(KILLS):
        target = rng.randint(1, clean_forked_run.writes)
        delay = rng.uniform(0, LONGEST_KILL_DELAY_SECONDS)
        child = zygote.run(path, kill_after_write(target, delay))
        assert child.exit_status in (0, -signal.SIGKILL), (seed, child.failure)
        if child.exit_status == -signal.SIGKILL and child.open_transaction:
            killed_inside_transaction += 1
        now = harness.assert_old_or_new(path, expected, f"seed {seed}, killed after write {target}")
        tables_renewed |= {table for table in now if now[table] != writes[table]}
        writes = now
    # The kills really hit open transactions, and between kills new content did land.
    assert killed_inside_transaction >= KILLS // 3, seed
    assert tables_renewed, seed
