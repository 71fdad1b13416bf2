"""Fixes the ingest benchmark found, tried here without editing the assets or the planner.

They are measured as "after" figures next to the real asset's "before"; the owners of
ads_facts.py, ads_runs.py and planning.py decide how to adopt them. Nothing here is imported by
the project itself.

1. Flatten speed (ads_facts.metric_values): `metric_column` runs a regex for every metric of
   every row (100 per row) and `metric_value` turns every integer into a Decimal and back.
   Fix: cache the metric -> column names; return ints as they are.
2. Memory bounded by one window (ads_runs.materialize_entity_analytics): `execute_plan` keeps
   every merged element of the whole range, then every row, then one frame, so peak memory
   grows with the range. Fix: execute the plan in date order and hand on each day as soon as
   every metric chunk has covered it (`stream_plan`); flatten and write those rows, drop them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linkedin_assets.assets import ads_facts, ads_runs, ads_tables
from linkedin_assets.assets import ads_fetch as fetch
from linkedin_assets.assets.ads_facts import AdsDirectory, analytics_day, creative_fact_row
from linkedin_assets.linkedin import planning
from linkedin_assets.linkedin.planning import (
    DECIMAL_METRICS,
    FLOAT_METRICS,
    AnalyticsPlan,
    MergedElement,
    chunk_metrics,
    execute_plan,
    plan_account_analytics,
)
from linkedin_assets.linkedin.request import ApiRequest
from linkedin_assets.storage import DuckDBStore

# ------------------------------------------------------------------- 1. flatten speed

_ORIGINAL_METRIC_VALUE = ads_facts.metric_value
_PLAIN_INTEGER_METRICS = frozenset(planning.ALL_METRICS) - DECIMAL_METRICS - FLOAT_METRICS


def _metric_value(metric: str, value: Any) -> Any:
    # The common case (a JSON integer for a count) needs no Decimal round trip.
    if type(value) is int and metric in _PLAIN_INTEGER_METRICS:
        return value
    return _ORIGINAL_METRIC_VALUE(metric, value)


@contextmanager
def flatten_fixes() -> Iterator[None]:
    """Inside the block (this process only): cached column names, ints passed through."""
    saved = ads_facts.metric_column, ads_facts.metric_value
    ads_facts.metric_column = functools.cache(planning.metric_column)
    ads_facts.metric_value = _metric_value
    try:
        yield
    finally:
        ads_facts.metric_column, ads_facts.metric_value = saved


# ---------------------------------------------------------------- 2. bounded memory


def stream_plan(
    plan: AnalyticsPlan, send: Callable[[ApiRequest], Mapping[str, Any]]
) -> Iterator[list[MergedElement]]:
    """The plan's merged elements, a few days at a time, in date order.

    Requests run in order of their last day; a day is complete once every sequence of
    windows - one per (account group, metric chunk): groups and chunks may use different
    windows, e.g. reach's 92-day limit - has been asked about it. Each request goes through
    execute_plan, so the cap check and splitting stay as they are.
    """
    requests = sorted(plan.requests, key=lambda r: (r.last, r.first, r.facet_urns, r.fields))
    done_through = {(r.facet_urns, r.fields): dt.date.min for r in requests}
    pending: dict[tuple, MergedElement] = {}
    keys_by_day: dict[dt.date, list[tuple]] = {}
    for request in requests:
        for item in execute_plan([request], send).elements:
            key = (item.pivots, item.label, planning.element_key(item.element))
            held = pending.get(key)
            if held is not None:
                held.element.update(item.element)
                continue
            pending[key] = item
            keys_by_day.setdefault(analytics_day(item.element), []).append(key)
        sequence = (request.facet_urns, request.fields)
        done_through[sequence] = max(done_through[sequence], request.last)
        complete = min(done_through.values())
        ready_days = sorted(day for day in keys_by_day if day <= complete)
        if ready_days:
            keys = sorted(key for day in ready_days for key in keys_by_day.pop(day))
            yield [pending.pop(key) for key in keys]
    if pending:
        yield [pending[key] for key in sorted(pending)]


@dataclass(frozen=True)
class WindowedResult:
    rows: int
    writes: int
    requests: int


def ingest_by_window(client: Any, start: dt.date, end: dt.date, store_path: Path) -> WindowedResult:
    """ad_analytics_by_creative for [start, end), written window by window (prototype).

    Same discovery, planner, merge, flatten and storage calls as the asset; only the order
    differs. Each batch is its own transaction replacing its days, so a crash leaves whole
    days old or new (the asset today writes the range in one transaction).
    """
    table = ads_tables.AD_ANALYTICS_BY_CREATIVE
    metrics = ads_tables.CREATIVE_METRICS
    scope = fetch.discover_accounts(client, ())
    campaigns = fetch.fetch_campaigns(client, scope).elements
    creatives = fetch.fetch_creatives(client, scope).elements
    directory = AdsDirectory.build(scope.accounts, campaigns, creatives)
    spans = fetch.campaign_spans(campaigns)
    plan = plan_account_analytics(
        pivots=("CREATIVE",),
        start=start,
        end=end,
        loads=fetch.creative_loads(scope, creatives, spans, start, end),
        chunks=chunk_metrics(metrics),
        budget=ads_runs.ELEMENT_BUDGET,
    )
    store = DuckDBStore(store_path)
    rows_written = writes = 0
    written_until = start
    for batch in stream_plan(plan, client.send):
        rows = [creative_fact_row(item, directory, metrics) for item in batch]
        last_day = max(row["day"] for row in rows)
        store.replace_window(
            table.spec,
            table.frame(rows),
            window_column="day",
            start=written_until,
            end=last_day + dt.timedelta(days=1),
            scope=scope.fact_scope(),
        )
        written_until = last_day + dt.timedelta(days=1)
        rows_written += len(rows)
        writes += 1
    if written_until < end:  # trailing days without data still replace what was stored
        store.replace_window(
            table.spec,
            table.frame([]),
            window_column="day",
            start=written_until,
            end=end,
            scope=scope.fact_scope(),
        )
        writes += 1
    return WindowedResult(rows_written, writes, len(plan.requests))
