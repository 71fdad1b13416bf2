"""The dbt wiring without building anything: windows, environment, manifest preparation and the
shape of the asset graph the dbt project adds."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import dagster as dg
import pytest
from dagster_dbt import DbtCliResource, DbtProject

from linkedin_assets.assets import ads, dbt_project_setup, pages, pages_posts
from linkedin_assets.assets import dbt as dbt_assets_module
from linkedin_assets.assets.dbt_project_setup import (
    DUCKDB_PATH_ENV,
    dbt_executable,
    duckdb_path_for_dbt,
    manifest_is_stale,
    prepare_manifest,
)
from linkedin_assets.partitions import DAILY

UTC = dt.UTC
DBT_ASSETS = [dbt_assets_module.linkedin_dbt_models, dbt_assets_module.linkedin_dbt_daily_marts]
MARTS = {
    "linkedin__post_engagement",
    "linkedin__follower_growth",
    "linkedin__page_visitor_demographics",
    "linkedin__posts_monthly",
    "linkedin_ads__account_report",
    "linkedin_ads__campaign_group_report",
    "linkedin_ads__campaign_report",
    "linkedin_ads__creative_report",
    "linkedin_ads__conversion_report",
    "linkedin_ads__url_report",
}
DAILY_MARTS = {m for m in MARTS if m.startswith("linkedin_ads__")}


def raw_asset_keys() -> set[dg.AssetKey]:
    keys: set[dg.AssetKey] = set()
    for module in (ads, pages, pages_posts):
        for value in vars(module).values():
            if isinstance(value, dg.AssetsDefinition):
                keys |= set(value.keys)
    return keys


def dbt_keys(asset: dg.AssetsDefinition) -> dict[str, dg.AssetKey]:
    return {key.path[-1]: key for key in asset.keys}


# ------------------------------------------------------------------------ partition windows


def test_window_vars_of_one_day_end_the_next_day():
    start = dt.datetime(2026, 3, 4, tzinfo=UTC)
    assert dbt_assets_module.window_vars(start, start + dt.timedelta(days=1)) == {
        "min_date": "2026-03-04",
        "max_date": "2026-03-05",
    }


def test_window_vars_of_a_range_keep_the_exclusive_end():
    window = DAILY.time_window_for_partition_key("2026-03-31")
    first = DAILY.time_window_for_partition_key("2026-03-29")
    assert dbt_assets_module.window_vars(first.start, window.end) == {
        "min_date": "2026-03-29",
        "max_date": "2026-04-01",
    }


def test_an_empty_window_is_refused():
    start = dt.datetime(2026, 3, 4, tzinfo=UTC)
    with pytest.raises(ValueError, match="empty partition window"):
        dbt_assets_module.window_vars(start, start)


def test_build_args_pass_the_window_as_json_vars():
    args = dbt_assets_module.build_args({"min_date": "2026-03-04", "max_date": "2026-03-05"})
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {"min_date": "2026-03-04", "max_date": "2026-03-05"}
    assert dbt_assets_module.build_args() == ["build"]


# ------------------------------------------------------------------------------ environment


def test_duckdb_path_is_set_for_dbt_and_restored(monkeypatch):
    monkeypatch.setenv(DUCKDB_PATH_ENV, "/somewhere/else.duckdb")
    with duckdb_path_for_dbt("/tmp/run.duckdb"):
        assert os.environ[DUCKDB_PATH_ENV] == "/tmp/run.duckdb"
    assert os.environ[DUCKDB_PATH_ENV] == "/somewhere/else.duckdb"


def test_duckdb_path_is_removed_again_when_it_was_unset(monkeypatch):
    monkeypatch.delenv(DUCKDB_PATH_ENV, raising=False)
    with pytest.raises(RuntimeError), duckdb_path_for_dbt("/tmp/run.duckdb"):
        raise RuntimeError("dbt failed")
    assert DUCKDB_PATH_ENV not in os.environ


def test_dbt_is_the_one_installed_next_to_the_interpreter():
    executable = Path(dbt_executable())
    assert executable.name.startswith("dbt")
    assert os.access(executable, os.X_OK)


def test_profile_reads_the_duckdb_path_from_the_environment():
    profile = (dbt_project_setup.DBT_PROJECT_DIR / "profiles.yml").read_text()
    assert f"env_var('{DUCKDB_PATH_ENV}'" in profile


# ------------------------------------------------------------------------- manifest upkeep


@pytest.fixture
def tiny_project(tmp_path) -> DbtProject:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "a.sql").write_text("select 1 as a")
    (tmp_path / "dbt_project.yml").write_text("name: tiny\nprofile: tiny\n")
    (tmp_path / "profiles.yml").write_text("tiny: {}\n")
    return DbtProject(project_dir=tmp_path)


def _touch(path: Path, seconds_from_now: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text("{}")
    moment = dt.datetime.now().timestamp() + seconds_from_now
    os.utime(path, (moment, moment))


def test_a_missing_manifest_is_stale(tiny_project):
    assert manifest_is_stale(tiny_project)


def test_a_manifest_newer_than_every_file_is_fresh_and_generated_files_do_not_count(tiny_project):
    _touch(tiny_project.manifest_path, 10)
    _touch(tiny_project.project_dir / "target" / "run" / "run_results.json", 20)
    _touch(tiny_project.project_dir / "logs" / "dbt.log", 20)
    assert not manifest_is_stale(tiny_project)


def test_an_edited_model_makes_the_manifest_stale(tiny_project):
    _touch(tiny_project.manifest_path, 10)
    _touch(tiny_project.project_dir / "models" / "a.sql", 20)
    assert manifest_is_stale(tiny_project)


@pytest.fixture
def parses(monkeypatch) -> list[DbtProject]:
    calls: list[DbtProject] = []

    def fake_parse(project: DbtProject) -> None:
        calls.append(project)
        _touch(project.manifest_path, 30)

    monkeypatch.setattr(dbt_project_setup, "parse_project", fake_parse)
    monkeypatch.delenv("DAGSTER_IS_DEV_CLI", raising=False)
    return calls


def test_prepare_parses_a_fresh_clone_once(tiny_project, parses):
    assert prepare_manifest(tiny_project) == tiny_project.manifest_path
    assert prepare_manifest(tiny_project) == tiny_project.manifest_path
    assert parses == [tiny_project]


def test_dagster_dev_processes_reuse_a_current_manifest(tiny_project, parses, monkeypatch):
    # dagster dev starts a process per run and step; parsing in each cost minutes per run.
    prepare_manifest(tiny_project)
    monkeypatch.setenv("DAGSTER_IS_DEV_CLI", "1")
    prepare_manifest(tiny_project)
    assert parses == [tiny_project]


def test_the_real_manifest_is_prepared_at_import():
    project = dbt_project_setup.DBT_PROJECT
    assert project.manifest_path.exists()
    assert not manifest_is_stale(project)
    manifest = json.loads(project.manifest_path.read_text())
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    assert models >= MARTS


# ----------------------------------------------------------------------------- asset graph


def test_daily_marts_are_partitioned_by_day_and_backfill_in_one_run():
    daily = dbt_assets_module.linkedin_dbt_daily_marts
    assert set(dbt_keys(daily)) == DAILY_MARTS
    assert daily.partitions_def == DAILY
    assert daily.backfill_policy == dg.BackfillPolicy.single_run()


def test_every_other_dbt_node_is_unpartitioned():
    models = dbt_assets_module.linkedin_dbt_models
    names = set(dbt_keys(models))
    assert models.partitions_def is None
    assert names >= MARTS - DAILY_MARTS
    assert not names & DAILY_MARTS
    assert {"linkedin_seniorities", "stg_linkedin__posts"} <= names


def test_dbt_assets_are_in_the_analytics_group_and_the_duckdb_pool():
    for asset in DBT_ASSETS:
        assert set(asset.group_names_by_key.values()) == {"linkedin_analytics"}
        assert asset.op.pool == "linkedin_duckdb"
        assert asset.required_resource_keys >= {"dbt", "warehouse"}


def test_sources_hang_the_models_under_every_raw_asset():
    raw = raw_asset_keys()
    upstream = set().union(*(asset.dependency_keys for asset in DBT_ASSETS))
    dbt_own = set().union(*(set(asset.keys) for asset in DBT_ASSETS))
    external = upstream - dbt_own
    assert external <= raw, f"sources mapped to unknown asset keys: {external - raw}"
    assert raw <= external, f"raw assets no dbt model reads: {raw - external}"


def test_staging_reads_the_raw_asset_and_marts_read_staging():
    models = dbt_assets_module.linkedin_dbt_models
    keys = dbt_keys(models)
    staging_deps = models.asset_deps[keys["stg_linkedin__campaigns_history"]]
    assert staging_deps == {dg.AssetKey("campaigns")}
    mart_deps = models.asset_deps[keys["linkedin__post_engagement"]]
    assert keys["stg_linkedin__post_statistics"] in mart_deps
    assert keys["linkedin_post_content_types"] in mart_deps


def test_dbt_tests_are_asset_checks_of_the_model_they_test():
    daily = dbt_assets_module.linkedin_dbt_daily_marts
    account_report = dbt_keys(daily)["linkedin_ads__account_report"]
    names = {check.name for check in daily.check_keys if check.asset_key == account_report}
    assert "primary_key_linkedin_ads__account_report_date_day__account_id" in names
    # the singular cross-report test is attached through its meta.dagster.ref
    assert "assert_ads_report_totals_agree" in names
    models = dbt_assets_module.linkedin_dbt_models
    assert len(list(models.check_keys)) > 40


def test_the_code_location_carries_the_dbt_assets_and_resource():
    from linkedin_assets.definitions import defs

    dg.Definitions.validate_loadable(defs)
    assert isinstance(defs.resources["dbt"], DbtCliResource)
    graph = defs.resolve_asset_graph()
    marts = {key.path[-1] for key in graph.get_all_asset_keys() if key.path[-1] in MARTS}
    assert marts == MARTS
