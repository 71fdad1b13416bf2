"""When the LinkedIn assets run (all times UTC).

| schedule                          | cron          | what                                          |
|-----------------------------------|---------------|-----------------------------------------------|
| linkedin_snapshots_daily          | 01:00 daily   | dimensions, demographics snapshots, orgs      |
| linkedin_daily_partitions         | 02:00 daily   | newest complete day of every daily asset      |
| linkedin_restatement_nightly      | 03:00 daily   | the N days before it again, in ONE range run  |
| linkedin_monthly_demographics     | 04:00 on 3rd  | last month's ad demographics                  |

Snapshots run first so facts and marts see yesterday's new campaigns. All four start RUNNING
in a deployment: they only read LinkedIn, every write replaces its own window (a rerun is
harmless), and analytics requests are planned per account and window, so re-pulling 30 days
costs about as many requests as one day. Demographics wait until the 3rd because LinkedIn
fills them in late.

The restatement window: LINKEDIN_RESTATEMENT_DAYS when set; otherwise the longest conversion
attribution window of the enabled rules in the `conversions` table (conversions are credited
back to the click / view day for that long), kept within [3, 30] days.
"""

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

import dagster as dg
import duckdb

from linkedin_assets.jobs import daily_job, monthly_job, snapshot_job
from linkedin_assets.partitions import DAILY, MONTHLY
from linkedin_assets.resources import WarehouseResource
from linkedin_assets.storage import DuckDBStore, StorageError

RESTATEMENT_DAYS_ENV = "LINKEDIN_RESTATEMENT_DAYS"
MIN_RESTATEMENT_DAYS = 3
MAX_RESTATEMENT_DAYS = 30
# Used while no conversion rule has been loaded: LinkedIn's default view-through window.
DEFAULT_RESTATEMENT_DAYS = 7
# A schedule tick must not hang on a DuckDB file a run is writing; it falls back instead.
READ_LOCK_TIMEOUT_SECONDS = 15.0

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


@dataclass(frozen=True)
class RestatementWindow:
    days: int
    source: str  # why this many days, shown as a run tag


def clamp_days(days: int) -> int:
    return max(MIN_RESTATEMENT_DAYS, min(MAX_RESTATEMENT_DAYS, days))


def longest_attribution_window(store: DuckDBStore) -> int | None:
    """The longest post-click / view-through window (days) of the enabled conversion rules,
    read from the DuckDB file read-only; None when no rule is stored yet."""
    with store.connect(read_only=True) as con:
        exists = con.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = 'linkedin' AND table_name = 'conversions'"
        ).fetchone()
        if not exists or not exists[0]:
            return None
        row = con.execute(
            "SELECT max(greatest(coalesce(post_click_attribution_window_size, 0), "
            "coalesce(view_through_attribution_window_size, 0))) "
            "FROM linkedin.conversions WHERE coalesce(enabled, true)"
        ).fetchone()
    return int(row[0]) if row and row[0] else None


def restatement_window(env: Mapping[str, str], duckdb_path: str) -> RestatementWindow:
    """How many days the nightly re-pull covers, and why."""
    configured = env.get(RESTATEMENT_DAYS_ENV, "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise ValueError(
                f"{RESTATEMENT_DAYS_ENV}={configured!r} must be a whole number of days (e.g. 14)."
            )
        return RestatementWindow(int(configured), RESTATEMENT_DAYS_ENV)
    store = DuckDBStore(duckdb_path, lock_timeout_seconds=READ_LOCK_TIMEOUT_SECONDS)
    try:
        longest = longest_attribution_window(store)
    except (FileNotFoundError, StorageError, duckdb.Error) as exc:
        return RestatementWindow(
            DEFAULT_RESTATEMENT_DAYS, f"default: conversions not readable ({type(exc).__name__})"
        )
    if longest is None:
        return RestatementWindow(DEFAULT_RESTATEMENT_DAYS, "default: no conversion rule stored")
    return RestatementWindow(
        clamp_days(longest),
        f"longest conversion attribution window ({longest} days), kept within "
        f"[{MIN_RESTATEMENT_DAYS}, {MAX_RESTATEMENT_DAYS}]",
    )


def newest_complete_day(now: dt.datetime) -> str | None:
    """Key of the newest daily partition that has fully ended at `now` (yesterday, UTC)."""
    with dg.partition_loading_context(effective_dt=now):
        return DAILY.get_last_partition_key()


def restatement_range(newest_day: str, days: int) -> tuple[str, str] | None:
    """Keys (first, last; inclusive) of the `days` days before `newest_day`, never before the
    first partition; None when there is no such day."""
    newest = dt.date.fromisoformat(newest_day)
    first = dt.date.fromisoformat(DAILY.start.date().isoformat())
    start = max(newest - dt.timedelta(days=days), first)
    end = newest - dt.timedelta(days=1)
    if end < start:
        return None
    return start.isoformat(), end.isoformat()


def _tick_time(context: dg.ScheduleEvaluationContext) -> dt.datetime:
    return context.scheduled_execution_time or dt.datetime.now(dt.UTC)


@dg.schedule(
    name="linkedin_daily_partitions",
    job=daily_job,
    cron_schedule="0 2 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="The newest complete day (yesterday, UTC) of every daily-partitioned asset.",
)
def linkedin_daily_partitions(context: dg.ScheduleEvaluationContext):
    day = newest_complete_day(_tick_time(context))
    if day is None:
        return dg.SkipReason("No complete daily partition yet (LINKEDIN_START_DATE is ahead).")
    return dg.RunRequest(run_key=day, partition_key=day)


@dg.schedule(
    name="linkedin_restatement_nightly",
    job=daily_job,
    cron_schedule="0 3 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=(
        "Re-pulls the trailing window LinkedIn still restates (LINKEDIN_RESTATEMENT_DAYS, else "
        "the longest conversion attribution window) in one single-run backfill."
    ),
)
def linkedin_restatement_nightly(
    context: dg.ScheduleEvaluationContext, warehouse: WarehouseResource
):
    day = newest_complete_day(_tick_time(context))
    if day is None:
        return dg.SkipReason("No complete daily partition yet (LINKEDIN_START_DATE is ahead).")
    window = restatement_window(os.environ, warehouse.path)
    keys = restatement_range(day, window.days)
    if keys is None:
        return dg.SkipReason(f"No day before {day} to restate (the first partition is {day}).")
    start, end = keys
    return dg.RunRequest(
        run_key=f"restate:{start}...{end}",
        tags={
            RANGE_START_TAG: start,
            RANGE_END_TAG: end,
            "linkedin/restatement_days": str(window.days),
            "linkedin/restatement_days_source": window.source,
        },
    )


@dg.schedule(
    name="linkedin_snapshots_daily",
    job=snapshot_job,
    cron_schedule="0 1 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Current state of dimensions, demographics snapshots and organizations.",
)
def linkedin_snapshots_daily(context: dg.ScheduleEvaluationContext):
    return dg.RunRequest(run_key=_tick_time(context).date().isoformat())


@dg.schedule(
    name="linkedin_monthly_demographics",
    job=monthly_job,
    cron_schedule="0 4 3 * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Last complete month of the month-partitioned assets, on the 3rd (LinkedIn "
    "fills demographics in late).",
)
def linkedin_monthly_demographics(context: dg.ScheduleEvaluationContext):
    with dg.partition_loading_context(effective_dt=_tick_time(context)):
        month = MONTHLY.get_last_partition_key()
    if month is None:
        return dg.SkipReason("No complete month yet.")
    return dg.RunRequest(run_key=month, partition_key=month)


SCHEDULES = [
    linkedin_snapshots_daily,
    linkedin_daily_partitions,
    linkedin_restatement_nightly,
    linkedin_monthly_demographics,
]
