"""Partitions of the fact assets: UTC days (and months for demographics).

The first partition is LINKEDIN_START_DATE (default below). LinkedIn keeps ad performance for
ten years but organization statistics only for the last twelve months; page assets clamp
their window to what LinkedIn can still answer.
"""

from __future__ import annotations

import datetime as dt
import os

import dagster as dg

DEFAULT_START_DATE = "2025-09-01"


def start_date() -> str:
    value = os.environ.get("LINKEDIN_START_DATE", DEFAULT_START_DATE).strip()
    try:
        first = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"LINKEDIN_START_DATE={value!r} is not a date: use YYYY-MM-DD (e.g. {DEFAULT_START_DATE})."
        ) from None
    if first > dt.datetime.now(dt.UTC).date():
        # A future start leaves no partition at all: schedules and backfills would do nothing.
        raise ValueError(
            f"LINKEDIN_START_DATE={value!r} is in the future, so there is no partition to load: "
            f"set a past day as YYYY-MM-DD (e.g. {DEFAULT_START_DATE}) or unset it."
        )
    return value


DAILY = dg.DailyPartitionsDefinition(start_date=start_date(), timezone="UTC", end_offset=0)
MONTHLY = dg.MonthlyPartitionsDefinition(start_date=start_date()[:8] + "01", timezone="UTC")
