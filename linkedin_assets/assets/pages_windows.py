"""Which days of a requested window LinkedIn's organization statistics can answer.

LinkedIn serves time-bound follower / page / share statistics for the last 12 months only and
not for the newest ~2 days (linkedin_api.md §6.7); asking outside that range is a 400
"Invalid timeIntervals parameter". A run asks only for the answerable part and replaces only
those days, so rows stored earlier for days it cannot fetch now are never deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

LOOKBACK_MONTHS = 12
# One day inside LinkedIn's oldest edge, so a run crossing midnight UTC is not refused.
LOOKBACK_MARGIN_DAYS = 1
# The newest day LinkedIn serves is today - 2 (end exclusive = today - 1).
NEWEST_LAG_DAYS = 2

TOO_OLD = "older than LinkedIn's 12-month statistics window"
TOO_RECENT = "too recent: LinkedIn serves a day's statistics about 2 days later"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, clamped to the month's last day (31 Mar -> 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def answerable_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """[oldest, end) of the days LinkedIn answers on `today` (UTC)."""
    oldest = months_before(today, LOOKBACK_MONTHS) + dt.timedelta(days=LOOKBACK_MARGIN_DAYS)
    end = today - dt.timedelta(days=NEWEST_LAG_DAYS - 1)
    return oldest, end


@dataclass(frozen=True)
class SkippedDays:
    start: dt.date
    end: dt.date  # exclusive
    reason: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def describe(self) -> str:
        last = self.end - dt.timedelta(days=1)
        if self.days == 1:
            return f"{self.start.isoformat()} (1 day): {self.reason}"
        return f"{self.start.isoformat()}..{last.isoformat()} ({self.days} days): {self.reason}"


@dataclass(frozen=True)
class StatisticsWindow:
    """A requested [start, end) split into the part to fetch and the parts skipped."""

    start: dt.date
    end: dt.date
    fetch: tuple[dt.date, dt.date] | None
    skipped: tuple[SkippedDays, ...] = field(default_factory=tuple)

    @property
    def days_skipped(self) -> int:
        return sum(part.days for part in self.skipped)

    def metadata(self) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "fetched_window": (
                f"{self.fetch[0].isoformat()}..{self.fetch[1].isoformat()} (end exclusive)"
                if self.fetch
                else "none"
            ),
            "days_skipped": self.days_skipped,
        }
        if self.skipped:
            metadata["days_skipped_detail"] = "; ".join(part.describe() for part in self.skipped)
            metadata["days_skipped_note"] = (
                "Stored rows of skipped days were kept as they were (never deleted)."
            )
        return metadata


def statistics_window(start: dt.date, end: dt.date, today: dt.date) -> StatisticsWindow:
    """Clamp [start, end) to what LinkedIn answers on `today`."""
    oldest, newest_end = answerable_range(today)
    skipped: list[SkippedDays] = []
    if start < oldest:
        skipped.append(SkippedDays(start, min(end, oldest), TOO_OLD))
    if end > newest_end:
        skipped.append(SkippedDays(max(start, newest_end), end, TOO_RECENT))
    fetch_start, fetch_end = max(start, oldest), min(end, newest_end)
    fetch = (fetch_start, fetch_end) if fetch_start < fetch_end else None
    return StatisticsWindow(start, end, fetch, tuple(skipped))
