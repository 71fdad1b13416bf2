"""The long materializations of the suite, run in worker processes so they overlap.

Each scenario serves a fresh sandbox (with its fault plan) on a real loopback socket, points a
live-mode LinkedInResource at it, materializes raw assets into its own DuckDB file and returns
plain data: the outcome, what the sandbox saw and every wait the client asked for. The tests
(test_fault_matrix.py, test_daily_quota.py) compare the files in the main process.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linkedin_assets import resources as resources_module
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.sandbox import FaultPlan, Sandbox
from linkedin_assets.sandbox.world import World, WorldConfig
from linkedin_assets_tests.reliability import harness
from linkedin_assets_tests.reliability.altered_sandbox import AlteredSandbox

MATRIX_DAYS = 2
LONG_DAYS = 30
SLOW_TIMEOUT_SECONDS = 1.5  # the client's read timeout in the slow-response scenarios
SLOW_RESPONSE_SECONDS = 2.5
# Waits the tests let really happen; longer asked-for waits are recorded and cut short.
LONGEST_REAL_WAIT_SECONDS = 0.05
REFRESH_CREDENTIALS = {
    "access_token": None,
    "client_id": "reliability-app",
    "client_secret": "reliability-app-secret",
    "refresh_token": "reliability-refresh-token",
}


@dataclass(frozen=True)
class Scenario:
    days: int
    faults: FaultPlan = field(default_factory=FaultPlan)
    linkedin: dict[str, Any] = field(default_factory=dict)
    run: str = "everything"  # or "quota"
    sandbox_class: type[Sandbox] = Sandbox


# Realistic rates (per request); each seed makes its kind fire several times in a run.
FAULT_SCENARIOS: dict[str, Scenario] = {
    "rate_limit_retry_after": Scenario(MATRIX_DAYS, FaultPlan(seed=1, rate_limit_rate=0.1)),
    "rate_limit_no_header": Scenario(MATRIX_DAYS, FaultPlan(seed=2, rate_limit_no_header_rate=0.1)),
    "data_volume": Scenario(MATRIX_DAYS, FaultPlan(seed=3, data_volume_rate=0.15)),
    "server_error": Scenario(MATRIX_DAYS, FaultPlan(seed=4, server_error_rate=0.1)),
    "connection_reset": Scenario(MATRIX_DAYS, FaultPlan(seed=5, connection_reset_rate=0.08)),
    "slow_response": Scenario(
        MATRIX_DAYS,
        FaultPlan(seed=6, slow_response_rate=0.04, slow_response_seconds=SLOW_RESPONSE_SECONDS),
        {"request_timeout_seconds": SLOW_TIMEOUT_SECONDS},
    ),
    "truncated_body": Scenario(MATRIX_DAYS, FaultPlan(seed=7, truncated_body_rate=0.08)),
    "token_expiry": Scenario(MATRIX_DAYS, FaultPlan(token_expiry_after=4), REFRESH_CREDENTIALS),
}
QUOTA_AFTER_REQUESTS = 60  # a 30-day backfill of the daily assets needs about 120
SCENARIOS: dict[str, Scenario] = {
    "baseline": Scenario(MATRIX_DAYS),
    **FAULT_SCENARIOS,
    "baseline_30_days": Scenario(LONG_DAYS),
    "every_fault_30_days": Scenario(
        LONG_DAYS,
        FaultPlan(
            seed=11,
            rate_limit_rate=0.03,
            rate_limit_no_header_rate=0.03,
            data_volume_rate=0.03,
            server_error_rate=0.03,
            connection_reset_rate=0.03,
            slow_response_rate=0.01,
            slow_response_seconds=SLOW_RESPONSE_SECONDS,
            truncated_body_rate=0.03,
            token_expiry_after=25,
        ),
        {**REFRESH_CREDENTIALS, "request_timeout_seconds": SLOW_TIMEOUT_SECONDS},
    ),
    "daily_quota_30_days": Scenario(LONG_DAYS, run="quota"),
    "altered_payloads": Scenario(MATRIX_DAYS, sandbox_class=AlteredSandbox),
}


@dataclass
class Materialized:
    """What a scenario's runs did (before the sandbox's view is added)."""

    outcome: harness.RunOutcome
    files: dict[str, str] = field(default_factory=dict)  # extra DuckDB copies, by role
    rerun: harness.RunOutcome | None = None


@dataclass
class ScenarioResult:
    """Plain data the main process asserts on (picklable)."""

    name: str
    duckdb_path: str
    outcome: harness.RunOutcome
    faults: Counter[str]  # sandbox ledger: injected fault kind -> responses
    statuses: Counter[int]  # sandbox ledger: HTTP status -> responses (0 = connection reset)
    requests: int
    waits: list[float]  # every wait the clients asked for, in seconds
    files: dict[str, str]
    rerun: harness.RunOutcome | None
    alterations: dict[str, int]  # AlteredSandbox's counts
    seconds: float


# --------------------------------------------------------------------- worker process


def quiet_worker(log_path: str) -> None:
    """Pool initializer: Dagster's console logs go to a file, not the test's output."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = os.fdopen(os.dup(1), "w", buffering=1)
    sys.stderr = os.fdopen(os.dup(2), "w", buffering=1)


@functools.cache
def shared_world() -> World:
    """One deterministic world per process; every scenario's sandbox serves the same data."""
    return World(WorldConfig())


class WaitRecorder:
    """Stands in for time.sleep in the client: records each wait, really waits only briefly."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        time.sleep(min(seconds, LONGEST_REAL_WAIT_SECONDS))


@contextmanager
def clients_waiting_with(recorder: WaitRecorder) -> Iterator[None]:
    """Every client LinkedInResource builds inside the block sleeps through `recorder`
    (LinkedInClient takes `sleep=`; the resource has no setting for it)."""

    class RecordingClient(LinkedInClient):
        def __init__(self, config: Any, **kwargs: Any) -> None:
            super().__init__(config, sleep=recorder, **kwargs)

    original = resources_module.LinkedInClient
    resources_module.LinkedInClient = RecordingClient  # type: ignore[misc]
    try:
        yield
    finally:
        resources_module.LinkedInClient = original  # type: ignore[misc]


def run_scenario(name: str, workdir: str) -> ScenarioResult:
    """Entry point of a worker: run one scenario into `<workdir>/<name>.duckdb`."""
    started = time.monotonic()
    scenario = SCENARIOS[name]
    window = harness.recent_window(scenario.days)
    path = Path(workdir) / f"{name}.duckdb"
    sandbox = scenario.sandbox_class(shared_world(), faults=scenario.faults)
    recorder = WaitRecorder()
    with sandbox.serve() as server, clients_waiting_with(recorder):
        resources = harness.socket_resources(
            server.api_base_url, server.oauth_base_url, path, **scenario.linkedin
        )
        if scenario.run == "quota":
            done = _quota_backfill(sandbox, resources, window, path)
        else:
            done = Materialized(harness.materialize_everything(resources, window))
    entries = sandbox.ledger.entries
    return ScenarioResult(
        name=name,
        duckdb_path=str(path),
        outcome=done.outcome,
        faults=Counter(e.fault for e in entries if e.fault),
        statuses=Counter(e.status for e in entries),
        requests=len(entries),
        waits=recorder.waits,
        files=done.files,
        rerun=done.rerun,
        alterations=dict(getattr(sandbox, "alterations", {})),
        seconds=time.monotonic() - started,
    )


def _copy_duckdb(path: Path, role: str) -> str:
    target = path.with_name(f"{path.stem}.{role}.duckdb")
    harness.copy_duckdb(path, target)
    return str(target)


def _quota_backfill(
    sandbox: Sandbox, resources: dict[str, Any], window: harness.Window, path: Path
) -> Materialized:
    """Old data for the last 2 days, then a 30-day backfill of the daily assets that runs out
    of daily quota, then (midnight UTC came: reset_quota) a rerun of the failed assets."""
    old = harness.Window(window.last - dt.timedelta(days=1), window.last, window.month)
    prefill = harness.materialize(harness.DAILY_ASSETS, resources, tags=old.range_tags())
    if not prefill.ok:
        raise AssertionError(f"the fault-free prefill failed: {prefill.errors}")
    files = {"before": _copy_duckdb(path, "before")}
    sandbox.set_faults(FaultPlan(daily_quota=QUOTA_AFTER_REQUESTS))
    outcome = harness.materialize(harness.DAILY_ASSETS, resources, tags=window.range_tags())
    files["after_quota"] = _copy_duckdb(path, "after_quota")
    # Midnight UTC: a new day's quota, ample for what is left (the rest may need more than
    # QUOTA_AFTER_REQUESTS, so the rerun runs without a limit).
    sandbox.reset_quota()
    sandbox.set_faults(FaultPlan())
    failed = [a for a in harness.DAILY_ASSETS if a.op.name in outcome.failed_steps]
    rerun = harness.materialize(failed, resources, tags=window.range_tags()) if failed else None
    return Materialized(outcome, files, rerun)
