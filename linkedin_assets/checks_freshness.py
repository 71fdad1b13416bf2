"""Freshness of the daily facts: yesterday's partition must be loaded by 06:00 UTC.

A time-partition check (not a last-update one) because the nightly restatement materializes
older days every night: "updated recently" would stay green while the newest day is missing.
The daily schedule runs at 02:00 UTC, so 06:00 leaves room for retries and a slow LinkedIn.
"""

from __future__ import annotations

import warnings

import dagster as dg

FACT_ASSETS = (
    "ad_analytics_by_creative",
    "ad_analytics_by_campaign",
    "conversion_performance",
    "follower_statistics",
    "page_statistics",
    "share_statistics",
)
DEADLINE_CRON = "0 6 * * *"

with warnings.catch_warnings():
    # Superseded by FreshnessPolicy, whose state is not an asset check; checks are what the
    # UI, the sensor below and the tests can evaluate.
    warnings.simplefilter("ignore")
    FRESHNESS_CHECKS = dg.build_time_partition_freshness_checks(
        assets=[dg.AssetKey(name) for name in FACT_ASSETS],
        deadline_cron=DEADLINE_CRON,
        timezone="UTC",
        severity=dg.AssetCheckSeverity.ERROR,
    )
    freshness_sensor = dg.build_sensor_for_freshness_checks(
        freshness_checks=FRESHNESS_CHECKS,
        name="linkedin_facts_freshness",
        minimum_interval_seconds=30 * 60,
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
