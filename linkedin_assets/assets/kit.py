"""What every LinkedIn asset does the same way: read its window, keep raw elements, convert
LinkedIn's value formats, and describe the materialization in metadata."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar

import dagster as dg

from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.errors import ConfigurationError
from linkedin_assets.linkedin.ledger import LedgerTotals
from linkedin_assets.resources import LinkedInResource
from linkedin_assets.storage import DuckDBStore, TableSpec, WriteResult

T = TypeVar("T")

# Every writer of the DuckDB file joins this pool; DuckDB allows one writing process.
DUCKDB_POOL = "linkedin_duckdb"
SANDBOX_NOTICE = "SANDBOX: emulated data, not from LinkedIn (set LINKEDIN_ACCESS_TOKEN for live)"


def window_days(context: dg.AssetExecutionContext) -> tuple[dt.date, dt.date]:
    """The run's [start, end) in UTC days, for one partition or a single-run range."""
    window = context.partition_time_window
    start, end = window.start.date(), window.end.date()
    if end <= start:
        # Dagster passes a reversed range through; every write would silently do nothing.
        keys = context.partition_key_range
        raise ConfigurationError(
            f"The partition range {keys.start}...{keys.end} runs backwards: give the earlier "
            f"partition first ({keys.end}...{keys.start})."
        )
    return start, end


def days_between(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Each day of [start, end)."""
    day = start
    while day < end:
        yield day
        day += dt.timedelta(days=1)


def raw_json(element: Mapping[str, Any]) -> str:
    """The whole element as LinkedIn sent it, so a field we do not model is never lost."""
    return json.dumps(element, sort_keys=True, ensure_ascii=False, default=str)


def from_epoch_ms(value: Any) -> dt.datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC)
    return None


def money_amount(money: Any) -> Decimal | None:
    """LinkedIn sends amounts as strings ("509.980", "-2E-18")."""
    if isinstance(money, Mapping):
        money = money.get("amount")
    if money is None or money == "":
        return None
    return Decimal(str(money))


def money_currency(money: Any) -> str | None:
    return money.get("currencyCode") if isinstance(money, Mapping) else None


def dig(element: Mapping[str, Any], *path: str, default: Any = None) -> Any:
    """element["a"]["b"]... or default when any step is missing or not a mapping."""
    value: Any = element
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return default
        value = value[key]
    return value


def dedupe_last(items: Iterable[T], key: Callable[[T], Hashable]) -> tuple[list[T], int]:
    """Keep the last copy per key (LinkedIn may repeat an element across pages); also return
    how many repeats were dropped."""
    kept: dict[Hashable, T] = {}
    seen = 0
    for item in items:
        seen += 1
        k = key(item)
        kept.pop(k, None)  # re-insert so the surviving copy is the last one sent
        kept[k] = item
    return list(kept.values()), seen - len(kept)


def dedupe_rows(
    rows: Iterable[dict[str, Any]], columns: Sequence[str]
) -> tuple[list[dict[str, Any]], int]:
    """dedupe_last on the values of a primary key's columns."""
    return dedupe_last(rows, key=lambda row: tuple(row.get(c) for c in columns))


@contextmanager
def api_usage(client: LinkedInClient) -> Iterator[list[LedgerTotals]]:
    """Collects the requests made inside the block: `with api_usage(c) as used: ...; used[0]`."""
    before = client.ledger.totals()
    used: list[LedgerTotals] = []
    try:
        yield used
    finally:
        used.append(client.ledger.since(before))


def announce_mode(context: dg.AssetExecutionContext, linkedin: LinkedInResource) -> None:
    if linkedin.is_sandbox:
        context.log.warning(SANDBOX_NOTICE)


def materialization_metadata(
    *,
    linkedin: LinkedInResource,
    store: DuckDBStore,
    spec: TableSpec,
    written: WriteResult,
    usage: LedgerTotals | None,
    window: tuple[dt.date, dt.date] | None = None,
    planned_requests: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The metadata every materialization carries: source, rows, window, requests, preview."""
    metadata: dict[str, Any] = {
        "data_source": SANDBOX_NOTICE if linkedin.is_sandbox else "LinkedIn API (live)",
        "dagster/row_count": store.row_count(spec),
        **written.as_metadata(),
    }
    if window:
        metadata["window_start"] = window[0].isoformat()
        metadata["window_end_exclusive"] = window[1].isoformat()
    if usage is not None:
        metadata.update(usage.as_metadata())
    if planned_requests is not None:
        metadata["api_requests_planned"] = planned_requests
    for key, value in extra.items():
        metadata[key] = value
    metadata["preview"] = dg.MetadataValue.md(store.preview_markdown(spec))
    return metadata
