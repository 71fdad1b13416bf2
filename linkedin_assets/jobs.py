"""Asset jobs the schedules and sensors launch, selected by how each asset is partitioned.

Selections are computed from the asset definitions themselves (their partitions definition and
group), so an asset added later lands in the right job without editing this file.

- linkedin_daily:     every daily-partitioned asset (raw facts and the dbt daily marts), plus the
                      unpartitioned dbt models, so page marts include the day just loaded.
- linkedin_snapshots: unpartitioned raw assets (dimensions, demographics, organizations).
- linkedin_monthly:   month-partitioned assets (ad_demographics).
- linkedin_lead_responses: lead_form_responses alone, for the new-leads sensor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import dagster as dg

from linkedin_assets import assets
from linkedin_assets.partitions import DAILY, MONTHLY

RAW_GROUPS = frozenset({"linkedin_ads", "linkedin_pages"})
ANALYTICS_GROUP = "linkedin_analytics"
LEAD_RESPONSES_ASSET = dg.AssetKey("lead_form_responses")

AssetFilter = Callable[[dg.AssetsDefinition, dg.AssetKey], bool]


def project_assets() -> list[dg.AssetsDefinition]:
    """The asset definitions of the package (the same objects Definitions loads)."""
    return [
        a for a in dg.load_assets_from_package_module(assets) if isinstance(a, dg.AssetsDefinition)
    ]


def keys_where(asset_defs: Sequence[dg.AssetsDefinition], keep: AssetFilter) -> list[dg.AssetKey]:
    """Keys of every asset for which `keep(definition, key)` holds, in a stable order."""
    keys = {key for a in asset_defs for key in a.keys if keep(a, key)}
    return sorted(keys, key=lambda k: k.to_user_string())


def _group(asset_def: dg.AssetsDefinition, key: dg.AssetKey) -> str:
    return asset_def.specs_by_key[key].group_name or ""


def daily_keys(asset_defs: Sequence[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    return keys_where(asset_defs, lambda a, _: a.partitions_def == DAILY)


def monthly_keys(asset_defs: Sequence[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    return keys_where(asset_defs, lambda a, _: a.partitions_def == MONTHLY)


def snapshot_keys(asset_defs: Sequence[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    """Unpartitioned raw assets: they hold the current state, so they run once a day."""
    return keys_where(
        asset_defs, lambda a, key: a.partitions_def is None and _group(a, key) in RAW_GROUPS
    )


def unpartitioned_model_keys(asset_defs: Sequence[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    """dbt seeds, staging views and full-refresh marts (everything dbt not cut by day)."""
    return keys_where(
        asset_defs,
        lambda a, key: a.partitions_def is None and _group(a, key) == ANALYTICS_GROUP,
    )


ASSET_DEFS = project_assets()
DAILY_KEYS = daily_keys(ASSET_DEFS)
MONTHLY_KEYS = monthly_keys(ASSET_DEFS)
SNAPSHOT_KEYS = snapshot_keys(ASSET_DEFS)
MODEL_KEYS = unpartitioned_model_keys(ASSET_DEFS)

daily_job = dg.define_asset_job(
    "linkedin_daily",
    selection=dg.AssetSelection.assets(*DAILY_KEYS, *MODEL_KEYS),
    description=(
        "Daily-partitioned LinkedIn facts and dbt marts for one day or a range of days (one "
        "run), then the unpartitioned dbt models."
    ),
)
snapshot_job = dg.define_asset_job(
    "linkedin_snapshots",
    selection=dg.AssetSelection.assets(*SNAPSHOT_KEYS),
    description="Current state of the unpartitioned LinkedIn assets (dimensions, demographics).",
)
monthly_job = dg.define_asset_job(
    "linkedin_monthly",
    selection=dg.AssetSelection.assets(*MONTHLY_KEYS),
    description="Month-partitioned LinkedIn assets (ad demographics).",
)
lead_responses_job = dg.define_asset_job(
    "linkedin_lead_responses",
    selection=dg.AssetSelection.assets(LEAD_RESPONSES_ASSET),
    description="Lead form responses of the requested submission days (new-leads sensor).",
)

JOBS = [daily_job, snapshot_job, monthly_job, lead_responses_job]
