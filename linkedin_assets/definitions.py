"""The Dagster code location: assets, checks, resources, schedules and sensors."""

from __future__ import annotations

import logging
import os

import dagster as dg

from linkedin_assets import assets
from linkedin_assets.resources import SANDBOX, resolved_mode, resources_from_env

if resolved_mode(os.environ) == SANDBOX:
    logging.getLogger("linkedin_assets").warning(
        "No LinkedIn credentials configured: running on the SANDBOX emulator "
        "(data/linkedin_sandbox.duckdb). Set LINKEDIN_ACCESS_TOKEN for live data."
    )

defs = dg.Definitions(
    assets=dg.load_assets_from_package_module(assets),
    resources=resources_from_env(),
)
