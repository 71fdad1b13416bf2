"""A subset of the dbt models built on a fresh warehouse, as an asset backfill does it.

A whole-graph backfill builds the staging views of the tables loaded so far before the marts
exist. dbt's default test selection ("eager") would then also run the relationship tests of
marts that read those views, against tables that are not there yet, and fail the run.
"""

from __future__ import annotations

import shutil

import dagster as dg

from linkedin_assets.assets import dbt as dbt_assets_module
from linkedin_assets.assets import pages
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource

STAGED = [
    dg.AssetKey(["staging", "stg_linkedin__organizations"]),
    dg.AssetKey(["staging", "stg_linkedin__organizations_history"]),
]


def test_staging_views_build_before_the_marts_exist(tmp_path):
    resources = {
        "linkedin": LinkedInResource(sandbox=True),
        "warehouse": WarehouseResource(path=str(tmp_path / "fresh.duckdb"), mode=SANDBOX),
        "dbt": dbt_assets_module.dbt_resource(),
    }
    assert dg.materialize([pages.organizations], resources=resources).success
    result = dg.materialize(
        [dbt_assets_module.linkedin_dbt_models],
        resources=resources,
        selection=dg.AssetSelection.assets(*STAGED),
    )
    target = dbt_assets_module.DBT_PROJECT.project_dir / "target"
    for folder in target.glob(f"linkedin_dbt_*-{result.run_id[:7]}-*"):
        shutil.rmtree(folder, ignore_errors=True)
    assert result.success
    built = {e.asset_key for e in result.get_asset_materialization_events()}
    assert built == set(STAGED)
    # Only the views' own tests ran, and passed.
    checked = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert checked and {c.asset_key for c in checked} <= set(STAGED)
    assert all(c.passed for c in checked)
