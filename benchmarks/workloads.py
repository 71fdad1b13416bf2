"""The workloads the benchmarks compare strategies on, and the UTC windows they cover.

Sizes are named by what the issue asks for: (a) 1 account x 100 creatives x 365 days, (b) 10
accounts x 1,000 creatives x 90 days, (c) 1 page x 500 posts x 365 days, (d) one daily
incremental run over the 7 trailing days of a world with the ads of (b) and the page of (c).
`scaled()` shrinks them for the smoke test and quick runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from linkedin_assets.sandbox.world_workloads import WorkloadShape

INCREMENTAL_DAYS = 7  # the restatement window a daily run re-reads


@dataclass(frozen=True)
class Workload:
    key: str  # "a", "b", ...
    title: str
    shape: WorkloadShape
    run_days: int  # days the run covers, ending yesterday (UTC)
    family: str  # "ads", "pages" or "incremental"

    def window(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """[start, end) of the run: the `run_days` complete UTC days before today."""
        return today - dt.timedelta(days=self.run_days), today

    def scaled(self, factor: float) -> Workload:
        """The same workload with creatives, posts and days multiplied by `factor` (>= 1 each)."""
        shape = dataclasses.replace(
            self.shape,
            creatives=max(1, round(self.shape.creatives * factor)) if self.shape.creatives else 0,
            posts=max(1, round(self.shape.posts * factor)) if self.shape.posts else 0,
            days=max(2, round(self.shape.days * factor)),
        )
        run_days = min(self.run_days, shape.days) if self.family != "incremental" else 2
        return dataclasses.replace(self, shape=shape, run_days=max(1, run_days))


WORKLOADS: dict[str, Workload] = {
    "a": Workload(
        "a",
        "(a) 1 account x 100 creatives x 365 days, every metric",
        WorkloadShape(accounts=1, creatives=100, days=365),
        365,
        "ads",
    ),
    "b": Workload(
        "b",
        "(b) 10 accounts x 1,000 creatives x 90 days, every metric",
        WorkloadShape(accounts=10, creatives=1000, days=90),
        90,
        "ads",
    ),
    "c": Workload(
        "c",
        "(c) 1 page x 500 posts x 365 days, every page asset",
        WorkloadShape(accounts=1, creatives=0, days=365, posts=500),
        365,
        "pages",
    ),
    "d": Workload(
        "d",
        f"(d) daily incremental run, {INCREMENTAL_DAYS} trailing days, every daily asset "
        "(world: ads of (b), page of (c))",
        WorkloadShape(accounts=10, creatives=1000, days=365, posts=500),
        INCREMENTAL_DAYS,
        "incremental",
    ),
}


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
