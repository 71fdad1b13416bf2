"""Fixtures of the reliability suite.

The long materializations (fault matrix, 30-day runs, quota backfill) run in a pool of two
worker processes started by the first test of this package, so they overlap with the in-process
tests; tests marked `scenarios(...)` run last and collect their results.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkedin_assets.sandbox import Sandbox, SandboxServer
from linkedin_assets_tests.reliability import harness, scenarios
from linkedin_assets_tests.reliability.forked_runs import Zygote

PROJECT_ROOT = Path(__file__).resolve().parents[2]
POOL_WORKERS = 2
SCENARIO_TIMEOUT_SECONDS = 900
MARKER = "scenarios"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(*names): pooled scenarios (scenarios.py) the test reads"
    )


def _scenario_names(item: pytest.Item) -> list[str]:
    return [name for mark in item.iter_markers(MARKER) for name in mark.args]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Stable: tests waiting on pooled scenarios go last, so the others run meanwhile.
    items.sort(key=lambda item: bool(_scenario_names(item)))


class ScenarioPool:
    """Scenarios submitted once per session; `result(name)` waits for one."""

    def __init__(self, workdir: Path, names: list[str]) -> None:
        self.workdir = workdir
        self._executor = ProcessPoolExecutor(
            max_workers=POOL_WORKERS,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=scenarios.quiet_worker,
            initargs=(str(workdir / "workers.log"),),
        )
        # Submission order is run order: baselines first, so comparisons can start early.
        self._futures: dict[str, Future[scenarios.ScenarioResult]] = {
            name: self._executor.submit(scenarios.run_scenario, name, str(workdir))
            for name in scenarios.SCENARIOS
            if name in names
        }

    def result(self, name: str) -> scenarios.ScenarioResult:
        if name not in self._futures:
            raise KeyError(f"scenario {name!r} was not requested by any selected test's marker")
        try:
            return self._futures[name].result(timeout=SCENARIO_TIMEOUT_SECONDS)
        except Exception as error:
            log = self.workdir / "workers.log"
            tail = log.read_text(errors="replace")[-4000:] if log.exists() else ""
            raise AssertionError(f"scenario {name} crashed: {error!r}\n{tail}") from error

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session", autouse=True)
def scenario_pool(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ScenarioPool | None]:
    """Started with the first test of the package when any selected test needs scenarios."""
    names = sorted({name for item in request.session.items for name in _scenario_names(item)})
    if not names:
        yield None
        return
    pool = ScenarioPool(tmp_path_factory.mktemp("scenarios"), names)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def pool(scenario_pool: ScenarioPool | None) -> ScenarioPool:
    assert scenario_pool is not None, "mark the test with @pytest.mark.scenarios(...)"
    return scenario_pool


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, SandboxServer]]:
    """A fresh sandbox (shared world) behind a real loopback socket."""
    sandbox = Sandbox(scenarios.shared_world())
    with sandbox.serve() as server:
        yield sandbox, server


@pytest.fixture(scope="session")
def zygote() -> Iterator[Zygote]:
    """Forks materializations of a few assets over 10 days (forked_runs.py)."""
    window = harness.recent_window(10)
    process = Zygote(window.first, window.last, PROJECT_ROOT)
    try:
        yield process
    finally:
        process.close()


@dataclass(frozen=True)
class CleanRun:
    """One uninterrupted forked run: its file, what it stored and how many writes it made."""

    path: Path
    contents: harness.TableRows
    writes: int


@pytest.fixture(scope="session")
def clean_forked_run(zygote: Zygote, tmp_path_factory: pytest.TempPathFactory) -> CleanRun:
    path = tmp_path_factory.mktemp("forked") / "clean.duckdb"
    run = zygote.run(path)
    assert run.exit_status == 0, run.failure
    writes = sum(word == "begin" for _, word in run.events)
    return CleanRun(path, harness.table_contents(path), writes)
