"""Running the project's real assets against a benchmark's own sandbox, and counting requests.

Resources are configuration, not objects, so a benchmark registers its Sandbox under a key and
`BenchmarkLinkedIn` (the project's LinkedInResource in sandbox mode) looks it up: the assets
run exactly as in `dagster dev`, over an in-process emulator holding the workload's world.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg

from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource
from linkedin_assets.sandbox import Sandbox, SandboxLedger, WorldConfig
from linkedin_assets.sandbox.world import World
from linkedin_assets.sandbox.world_workloads import WorkloadShape

ANALYTICS = "adAnalytics"
_SANDBOXES: dict[str, Sandbox] = {}
_KEYS = itertools.count()


def workload_sandbox(shape: WorkloadShape, seed: int = 7) -> Sandbox:
    """An emulator whose world has exactly the workload's shape (today = the real UTC day)."""
    history = max(450, shape.days + 30)
    return Sandbox(World(WorldConfig(seed=seed, history_days=history, workload=shape)))


def register(sandbox: Sandbox) -> str:
    key = f"sandbox-{next(_KEYS)}"
    _SANDBOXES[key] = sandbox
    return key


class BenchmarkLinkedIn(LinkedInResource):
    """The project's LinkedIn resource in sandbox mode, on a registered benchmark sandbox."""

    sandbox_key: str

    def sandbox_instance(self) -> Sandbox:
        return _SANDBOXES[self.sandbox_key]


@contextmanager
def warehouse_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="linkedin-bench-") as directory:
        yield Path(directory)


def resources_for(sandbox: Sandbox, duckdb_path: Path) -> dict[str, dg.ConfigurableResource]:
    return {
        "linkedin": BenchmarkLinkedIn(sandbox=True, sandbox_key=register(sandbox)),
        "warehouse": WarehouseResource(path=str(duckdb_path), mode=SANDBOX),
    }


# Benchmarks print figures; Dagster's per-event console logging would bury them.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def quiet_dagster() -> None:
    for name in ("dagster", "linkedin_assets"):
        logging.getLogger(name).setLevel(logging.ERROR)


def materialize_range(
    assets: Sequence[Any],
    resources: dict[str, Any],
    start: dt.date,
    end: dt.date,
) -> dg.ExecuteInProcessResult:
    """One single-run backfill of the daily partitions [start, end) (end exclusive)."""
    last = end - dt.timedelta(days=1)
    return dg.materialize(
        assets,
        resources=resources,
        instance=dg.DagsterInstance.ephemeral(),
        run_config=QUIET_RUN_CONFIG,
        tags={
            "dagster/asset_partition_range_start": start.isoformat(),
            "dagster/asset_partition_range_end": last.isoformat(),
        },
    )


def materialize_unpartitioned(
    assets: Sequence[Any], resources: dict[str, Any]
) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        assets,
        resources=resources,
        instance=dg.DagsterInstance.ephemeral(),
        run_config=QUIET_RUN_CONFIG,
    )


@dataclass(frozen=True)
class RequestCount:
    """Requests the sandbox answered between two points, by endpoint (error answers included)."""

    by_endpoint: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_endpoint.values())

    @property
    def analytics(self) -> int:
        return self.by_endpoint.get(ANALYTICS, 0)

    def __add__(self, other: RequestCount) -> RequestCount:
        return RequestCount(dict(Counter(self.by_endpoint) + Counter(other.by_endpoint)))


@contextmanager
def counted(ledger: SandboxLedger) -> Iterator[list[RequestCount]]:
    """`with counted(sandbox.ledger) as used: ...; used[0]` = the requests made inside."""
    before = len(ledger)
    used: list[RequestCount] = []
    try:
        yield used
    finally:
        entries = ledger.entries[before:]
        used.append(RequestCount(dict(Counter(entry.endpoint for entry in entries))))
