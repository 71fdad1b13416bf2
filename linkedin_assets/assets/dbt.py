"""The dbt project as Dagster assets (group `linkedin_analytics`).

Every dbt model and seed becomes an asset downstream of the raw LinkedIn assets (sources map
onto them with `meta.dagster.asset_key`), and dbt tests become asset checks. Two selections:

- `linkedin_dbt_daily_marts`: the daily ads reports (tag `daily_partitioned`), partitioned by
  UTC day and backfilled in one run; each run passes its window to dbt as vars min_date /
  max_date (exclusive) and the incremental models replace exactly that window.
- `linkedin_dbt_models`: everything else (seeds, staging views, page marts), unpartitioned.

dbt writes the same DuckDB file as the raw assets: the runs point the profile at the
`warehouse` resource's file and share the raw writers' pool, since DuckDB allows one writer.
The follower growth and post engagement marts carry a chart in their metadata (dbt_charts.py).
"""

import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from linkedin_assets.assets.dbt_charts import with_charts
from linkedin_assets.assets.dbt_project_setup import (
    DBT_PROJECT,
    dbt_executable,
    duckdb_path_for_dbt,
    prepare_manifest,
)
from linkedin_assets.assets.kit import DUCKDB_POOL
from linkedin_assets.partitions import DAILY
from linkedin_assets.resources import WarehouseResource

GROUP = "linkedin_analytics"
DAILY_PARTITIONED_TAG = "daily_partitioned"
DAILY_SELECTION = f"tag:{DAILY_PARTITIONED_TAG}"
INDIRECT_SELECTION_ENV = "DBT_INDIRECT_SELECTION"
INDIRECT_SELECTION = "buildable"

MANIFEST = prepare_manifest(DBT_PROJECT)


class LinkedInDbtTranslator(DagsterDbtTranslator):
    """Every dbt node in one group; raw tables and their `_history` share an asset key."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return GROUP


TRANSLATOR = LinkedInDbtTranslator(
    settings=DagsterDbtTranslatorSettings(
        enable_asset_checks=True,
        # `<name>` and `<name>_history` are written by the same Python asset.
        enable_duplicate_source_asset_keys=True,
    )
)


def window_vars(start: dt.datetime, end: dt.datetime) -> dict[str, str]:
    """The dbt vars of a partition window: UTC days, max_date exclusive."""
    if end <= start:
        raise ValueError(f"empty partition window: {start} .. {end}")
    return {"min_date": start.date().isoformat(), "max_date": end.date().isoformat()}


def build_args(vars_: Mapping[str, str] | None = None) -> list[str]:
    args = ["build"]
    if vars_:
        args += ["--vars", json.dumps(dict(vars_), sort_keys=True)]
    return args


def dbt_resource() -> DbtCliResource:
    """The `dbt` resource: this project, run by the dbt next to the interpreter."""
    return DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=dbt_executable())


@contextmanager
def indirect_selection_default() -> Iterator[None]:
    """Run dbt's tests only when every model they read is selected or upstream of the
    selection ("buildable"), unless DBT_INDIRECT_SELECTION says otherwise.

    dbt's default ("eager") runs a test as soon as ONE model it reads is selected. A subset run,
    e.g. an asset backfill building the staging views of the tables loaded so far, would then
    run relationship tests against marts that do not exist yet, and fail. dagster-dbt reads the
    variable when `cli()` is called and still switches to "empty" where its own selection
    needs it."""
    if os.environ.get(INDIRECT_SELECTION_ENV):
        yield
        return
    os.environ[INDIRECT_SELECTION_ENV] = INDIRECT_SELECTION
    try:
        yield
    finally:
        os.environ.pop(INDIRECT_SELECTION_ENV, None)


def _run_dbt(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    args: list[str],
) -> Iterator[Any]:
    context.log.info(f"dbt {' '.join(args)} on {warehouse.path}")
    with duckdb_path_for_dbt(warehouse.path), indirect_selection_default():
        invocation = dbt.cli(args, context=context)
        yield from with_charts(invocation.stream(), invocation.manifest, TRANSLATOR, warehouse.path)


@dbt_assets(
    manifest=MANIFEST,
    project=DBT_PROJECT,
    exclude=DAILY_SELECTION,
    name="linkedin_dbt_models",
    dagster_dbt_translator=TRANSLATOR,
    pool=DUCKDB_POOL,
)
def linkedin_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    """Seeds, staging views and the page marts, rebuilt in full."""
    yield from _run_dbt(context, dbt, warehouse, build_args())


@dbt_assets(
    manifest=MANIFEST,
    project=DBT_PROJECT,
    select=DAILY_SELECTION,
    name="linkedin_dbt_daily_marts",
    partitions_def=DAILY,
    backfill_policy=dg.BackfillPolicy.single_run(),
    dagster_dbt_translator=TRANSLATOR,
    pool=DUCKDB_POOL,
)
def linkedin_dbt_daily_marts(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    """The daily ads reports for one partition or a range (one run): the window's rows are
    deleted and rebuilt; a report that does not exist yet is built from every source row."""
    window = context.partition_time_window
    yield from _run_dbt(context, dbt, warehouse, build_args(window_vars(window.start, window.end)))
