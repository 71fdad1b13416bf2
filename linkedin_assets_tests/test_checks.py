"""Asset checks executed on real sandbox data, then on data broken on purpose."""

import datetime as dt
import json
import shutil

import dagster as dg
import duckdb
import pytest

from linkedin_assets.assets.ads import (
    ad_analytics_by_campaign,
    ad_analytics_by_creative,
    campaigns,
)
from linkedin_assets.checks import CHECKS, RAW_SPECS
from linkedin_assets.checks_ads import cap_result
from linkedin_assets.checks_drift import CHECK_NAME as DRIFT
from linkedin_assets.checks_freshness import FACT_ASSETS, FRESHNESS_CHECKS
from linkedin_assets.checks_keys import CHECK_NAME as UNIQUE
from linkedin_assets.jobs import ASSET_DEFS
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource

LOADED = (ad_analytics_by_creative, ad_analytics_by_campaign, campaigns)
RECONCILE = "creative_campaign_account_totals_agree"


@pytest.fixture(scope="module")
def loaded_file(tmp_path_factory) -> str:
    """Two days of creative and campaign analytics plus campaigns, from the sandbox."""
    path = str(tmp_path_factory.mktemp("checks") / "warehouse.duckdb")
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=6)
    result = dg.materialize(
        list(LOADED),
        resources={
            "linkedin": LinkedInResource(sandbox=True),
            "warehouse": WarehouseResource(path=path, mode=SANDBOX),
        },
        tags={
            "dagster/asset_partition_range_start": day.isoformat(),
            "dagster/asset_partition_range_end": (day + dt.timedelta(days=1)).isoformat(),
        },
    )
    assert result.success
    return path


@pytest.fixture
def warehouse_copy(loaded_file, tmp_path) -> str:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(loaded_file, copy)
    return str(copy)


def run_checks(path: str, *asset_names: str) -> dict[tuple[str, str], dg.AssetCheckEvaluation]:
    """Execute every check of the named assets (no materialization) against `path`."""
    keys = [dg.AssetKey(name) for name in asset_names]
    result = dg.materialize(
        [*ASSET_DEFS, *CHECKS],
        selection=dg.AssetSelection.checks_for_assets(*keys)
        - dg.AssetSelection.checks(*FRESHNESS_CHECKS),
        resources={
            "warehouse": WarehouseResource(path=path, mode=SANDBOX),
            "linkedin": LinkedInResource(sandbox=True),
            "dbt": None,
        },
        raise_on_error=False,
    )
    return {
        (e.asset_key.to_user_string(), e.check_name): e
        for e in result.get_asset_check_evaluations()
    }


def test_every_raw_table_has_a_uniqueness_and_a_drift_check():
    names = {key.to_user_string() for key in RAW_SPECS}
    assert {
        "campaigns",
        "ad_analytics_by_creative",
        "posts",
        "post_images",
        "organizations",
    } <= names
    check_keys = {key for c in CHECKS for key in c.check_keys}
    for key in RAW_SPECS:
        assert dg.AssetCheckKey(key, UNIQUE) in check_keys
        assert dg.AssetCheckKey(key, DRIFT) in check_keys


def test_checks_pass_on_clean_data(loaded_file):
    results = run_checks(loaded_file, *(a.key.to_user_string() for a in LOADED))
    for name in ("ad_analytics_by_creative", "ad_analytics_by_campaign", "campaigns"):
        assert results[(name, UNIQUE)].passed, results[(name, UNIQUE)].description
        assert results[(name, DRIFT)].passed, results[(name, DRIFT)].description
    reconciled = results[("ad_analytics_by_creative", RECONCILE)]
    assert reconciled.passed, reconciled.description
    assert reconciled.metadata["days_compared"].value == 2
    assert results[("ad_analytics_by_creative", "no_window_at_element_cap")].passed


def test_a_duplicate_key_fails_the_uniqueness_check(warehouse_copy):
    with duckdb.connect(warehouse_copy) as con:
        con.execute("INSERT INTO linkedin.campaigns SELECT * FROM linkedin.campaigns LIMIT 1")
        duplicated = con.execute("SELECT campaign_id FROM linkedin.campaigns LIMIT 1").fetchone()
    check = run_checks(warehouse_copy, "campaigns")[("campaigns", UNIQUE)]
    assert not check.passed
    assert check.severity == dg.AssetCheckSeverity.ERROR
    assert "campaigns holds 1 duplicated key" in check.description
    assert f"campaign_id={duplicated[0]}" in check.description


def test_a_missing_creative_row_breaks_reconciliation(warehouse_copy):
    with duckdb.connect(warehouse_copy) as con:
        con.execute(
            "DELETE FROM linkedin.ad_analytics_by_creative WHERE (day, creative_id) IN "
            "(SELECT day, creative_id FROM linkedin.ad_analytics_by_creative "
            "WHERE impressions > 0 LIMIT 1)"
        )
    check = run_checks(warehouse_copy, "ad_analytics_by_creative")[
        ("ad_analytics_by_creative", RECONCILE)
    ]
    assert not check.passed
    assert check.metadata["mismatched (day, campaign_id)"].value == 1
    assert check.metadata["mismatched (day, account_id)"].value == 1
    assert "impressions creatives=" in check.description


def test_a_new_linkedin_field_is_reported_as_drift_with_warn_severity(warehouse_copy):
    with duckdb.connect(warehouse_copy) as con:
        raw = json.loads(con.execute("SELECT _raw FROM linkedin.campaigns LIMIT 1").fetchone()[0])
        raw["brandSafetySettings"] = {"level": "STRICT"}
        con.execute(
            "UPDATE linkedin.campaigns SET _raw = ? WHERE campaign_id = ?",
            [json.dumps(raw), raw["id"]],
        )
    check = run_checks(warehouse_copy, "campaigns")[("campaigns", DRIFT)]
    assert not check.passed
    assert check.severity == dg.AssetCheckSeverity.WARN
    assert check.metadata["unmodelled_fields"].value == "brandSafetySettings"


def test_cap_check_flags_an_account_day_at_the_cap(loaded_file):
    with duckdb.connect(loaded_file, read_only=True) as con:
        largest = con.execute(
            "SELECT max(n) FROM (SELECT count(*) n FROM linkedin.ad_analytics_by_creative "
            "GROUP BY account_id, day)"
        ).fetchone()[0]
        assert cap_result(con, "ad_analytics_by_creative", cap=largest + 1).passed
        at_cap = cap_result(con, "ad_analytics_by_creative", cap=largest)
    assert not at_cap.passed
    assert "truncated" in at_cap.description


def test_unmaterialized_tables_fail_with_a_clear_message(warehouse_copy):
    results = run_checks(warehouse_copy, "posts")
    assert not results[("posts", UNIQUE)].passed
    assert "does not exist yet" in results[("posts", UNIQUE)].description


def test_freshness_checks_fail_until_the_newest_day_is_loaded():
    instance = dg.DagsterInstance.ephemeral()
    selection = dg.AssetSelection.checks(*FRESHNESS_CHECKS)

    def evaluate() -> dict[str, bool]:
        result = dg.materialize(
            [*ASSET_DEFS, *CHECKS],
            selection=selection,
            instance=instance,
            resources={"dbt": None, "warehouse": None, "linkedin": None},
        )
        return {
            e.asset_key.to_user_string(): e.passed for e in result.get_asset_check_evaluations()
        }

    assert evaluate() == dict.fromkeys(FACT_ASSETS, False)
    today = dt.datetime.now(dt.UTC).date()
    for name in FACT_ASSETS:
        for back in (1, 2):  # whichever day the last 06:00 UTC deadline expects
            instance.report_runless_asset_event(
                dg.AssetMaterialization(
                    name, partition=(today - dt.timedelta(days=back)).isoformat()
                )
            )
    assert evaluate() == dict.fromkeys(FACT_ASSETS, True)
