"""Mode selection, settings validation and secret hygiene of the Dagster resources."""

from __future__ import annotations

import datetime as dt

import pytest

from linkedin_assets.linkedin.config import DEFAULT_API_VERSION
from linkedin_assets.linkedin.errors import ConfigurationError
from linkedin_assets.resources import (
    LIVE,
    LIVE_DUCKDB,
    SANDBOX,
    SANDBOX_DUCKDB,
    LinkedInResource,
    WarehouseResource,
    parse_id_list,
    resolved_mode,
    resources_from_env,
)


def test_pinned_api_version_is_far_from_its_sunset():
    # LinkedIn retires a version about 12 months after release; bump the pin before 9 months.
    pinned = dt.date(int(DEFAULT_API_VERSION[:4]), int(DEFAULT_API_VERSION[4:6]), 1)
    today = dt.datetime.now(dt.UTC).date()
    age_in_months = (today.year - pinned.year) * 12 + today.month - pinned.month
    assert age_in_months < 9, (
        f"LinkedIn-Version {DEFAULT_API_VERSION} is {age_in_months} months old"
    )


@pytest.mark.parametrize(
    ("env", "mode"),
    [
        ({}, SANDBOX),
        ({"LINKEDIN_ACCESS_TOKEN": "tok"}, LIVE),
        ({"LINKEDIN_REFRESH_TOKEN": "r", "LINKEDIN_CLIENT_ID": "c"}, LIVE),
        ({"LINKEDIN_ACCESS_TOKEN": "tok", "LINKEDIN_SANDBOX": "1"}, SANDBOX),
        ({"LINKEDIN_ACCESS_TOKEN": "  "}, SANDBOX),
    ],
)
def test_mode_follows_the_credentials(env, mode):
    assert resolved_mode(env) == mode
    resources = resources_from_env(env)
    assert resources["warehouse"].mode == mode
    expected_file = SANDBOX_DUCKDB if mode == SANDBOX else LIVE_DUCKDB
    assert resources["warehouse"].path == str(expected_file)


def test_configured_duckdb_path_wins(tmp_path):
    env = {"LINKEDIN_DUCKDB_PATH": str(tmp_path / "x.duckdb")}
    assert resources_from_env(env)["warehouse"].path == str(tmp_path / "x.duckdb")


def test_secrets_reach_the_resource_as_env_vars_not_values(monkeypatch):
    monkeypatch.setenv("LINKEDIN_ACCESS_TOKEN", "canary-value-8d7f6e")
    resource = resources_from_env()["linkedin"]
    # The UI and run config see the EnvVar's name; the value is only read at run time.
    assert "canary-value-8d7f6e" not in repr(resource._get_non_default_public_field_values())


def test_id_lists_are_validated_with_the_setting_name():
    assert parse_id_list(" 12, 34,12 ", "LINKEDIN_AD_ACCOUNT_IDS") == (12, 34)
    assert parse_id_list("", "X") == ()
    with pytest.raises(ConfigurationError, match=r"LINKEDIN_AD_ACCOUNT_IDS.*'abc'"):
        parse_id_list("12,abc", "LINKEDIN_AD_ACCOUNT_IDS")
    with pytest.raises(ConfigurationError, match="number only: 5"):
        parse_id_list("urn:li:organization:5", "LINKEDIN_ORGANIZATION_IDS")


def test_get_client_refuses_bad_settings_before_any_request():
    with pytest.raises(ConfigurationError, match="LINKEDIN_ORGANIZATION_IDS"):
        LinkedInResource(organization_ids="acme").get_client()
    with pytest.raises(ConfigurationError, match="LINKEDIN_API_VERSION"):
        LinkedInResource(access_token="t", api_version="latest").get_client()
    with pytest.raises(ConfigurationError, match="LINKEDIN_CLIENT_SECRET"):
        LinkedInResource(refresh_token="r", client_id="c").get_client()


def test_sandbox_client_answers_from_the_emulator():
    resource = LinkedInResource()
    assert resource.is_sandbox
    with resource.get_client() as client:
        from linkedin_assets.linkedin import ads

        accounts = client.fetch_all(ads.search_ad_accounts())
    assert accounts and all("currency" in a for a in accounts)


def test_a_file_never_mixes_sandbox_and_live_data(tmp_path):
    path = str(tmp_path / "w.duckdb")
    WarehouseResource(path=path, mode=SANDBOX).get_store()
    WarehouseResource(path=path, mode=SANDBOX).get_store()  # same mode: fine
    with pytest.raises(ConfigurationError, match=r"holds sandbox data.*LINKEDIN_DUCKDB_PATH"):
        WarehouseResource(path=path, mode=LIVE).get_store()


def test_retry_and_timeout_settings_reach_the_client():
    config = LinkedInResource(
        access_token="t", max_attempts=3, retry_backoff_seconds=0.5, data_volume_wait_seconds=9
    ).client_config()
    assert (config.retry.max_attempts, config.retry.backoff_initial_seconds) == (3, 0.5)
    assert config.retry.data_volume_wait_seconds == 9
    assert LinkedInResource(request_timeout_seconds=4).client_config().timeout_seconds == 4


def test_the_duckdb_memory_limit_reaches_every_store_connection(tmp_path):
    env = {
        "LINKEDIN_DUCKDB_PATH": str(tmp_path / "w.duckdb"),
        "LINKEDIN_DUCKDB_MEMORY_LIMIT": "300MB",
    }
    store = resources_from_env(env)["warehouse"].get_store()
    with store.connect() as con:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit == "286.1 MiB"  # DuckDB shows 300 MB in binary units


@pytest.mark.parametrize("value", ["lots", "2", "-1GB", "2GB; DROP TABLE x"])
def test_a_malformed_duckdb_memory_limit_is_refused_naming_the_setting(tmp_path, value):
    env = {
        "LINKEDIN_DUCKDB_PATH": str(tmp_path / "w.duckdb"),
        "LINKEDIN_DUCKDB_MEMORY_LIMIT": value,
    }
    with pytest.raises(ConfigurationError, match="LINKEDIN_DUCKDB_MEMORY_LIMIT"):
        resources_from_env(env)
