"""The Dagster code location: assets, checks, resources, jobs, schedules and sensors."""

from __future__ import annotations

import logging
import os

import dagster as dg

from linkedin_assets.assets.dbt import dbt_resource
from linkedin_assets.checks import CHECKS
from linkedin_assets.checks_token import token_asset
from linkedin_assets.jobs import ASSET_DEFS, JOBS
from linkedin_assets.resources import SANDBOX, resolved_mode, resources_from_env
from linkedin_assets.schedules import SCHEDULES
from linkedin_assets.sensors import SENSORS

if resolved_mode(os.environ) == SANDBOX:
    logging.getLogger("linkedin_assets").warning(
        "No LinkedIn credentials configured: running on the SANDBOX emulator "
        "(data/linkedin_sandbox.duckdb). Set LINKEDIN_ACCESS_TOKEN for live data."
    )

defs = dg.Definitions(
    assets=[*ASSET_DEFS, token_asset],
    asset_checks=CHECKS,
    jobs=JOBS,
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources={**resources_from_env(), "dbt": dbt_resource()},
    # Every step joins the one-writer DuckDB pool, so a run's steps take turns anyway; a
    # process per step would only reload this code location (seconds) for each of them.
    executor=dg.in_process_executor,
)
