"""Two runs writing the same assets and partitions at the same time, in two processes.

DuckDB allows one writing process; the store waits for the lock, so both runs write in turn and
the file holds every row exactly once, each table from one of the two writes.

One outcome is allowed besides success: a dimension's history only moves forward, so when the
run that started first commits its snapshot second, that write is refused with a message and
nothing of it is written (reported to the storage owner: the refusal is safe but makes a run
fail; see the report of this suite).
"""

from __future__ import annotations

from pathlib import Path

from linkedin_assets_tests.reliability.conftest import CleanRun
from linkedin_assets_tests.reliability.forked_runs import ChildRun, Zygote
from linkedin_assets_tests.reliability.harness import assert_old_or_new

HISTORY_REFUSAL = "history only moves forward, nothing was written"


def overlapping(runs: list[ChildRun]) -> bool:
    (a_start, a_end), (b_start, b_end) = (run.span() for run in runs)
    return a_start < b_end and b_start < a_end


def test_two_runs_at_once_neither_corrupt_nor_duplicate(
    zygote: Zygote, clean_forked_run: CleanRun, tmp_path: Path
):
    expected = clean_forked_run.contents

    raced = tmp_path / "raced.duckdb"
    # First onto an empty file (both create the tables), then replacing what is there.
    for _ in range(2):
        runs = zygote.race(2, raced)
        assert any(run.exit_status == 0 for run in runs), [run.failure for run in runs]
        for run in runs:
            assert run.exit_status == 0 or HISTORY_REFUSAL in run.failure, run.failure
        assert overlapping(runs), "the two runs did not write at the same time"
        assert_old_or_new(raced, expected)
