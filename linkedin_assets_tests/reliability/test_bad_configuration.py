"""Bad settings are answered with an error that names the setting and the fix, before any
request reaches the (sandbox) server, through the same environment path a deployment uses.

Settings only LinkedIn can judge (an account or page this token cannot see) cost exactly the
one discovery request that finds out, and nothing else is asked or written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from linkedin_assets import partitions
from linkedin_assets.linkedin.errors import (
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
)
from linkedin_assets.sandbox import LedgerEntry, Sandbox, SandboxResponse
from linkedin_assets.sandbox.errors import access_denied, not_found
from linkedin_assets_tests.reliability import harness, scenarios
from linkedin_assets_tests.reliability.harness import configure, data_tables

PROJECT_ROOT = Path(__file__).resolve().parents[2]


SETTINGS_CASES = {
    "account ids not numeric": (
        {"LINKEDIN_AD_ACCOUNT_IDS": "508720451, 50872O452"},
        "campaigns",
        r"LINKEDIN_AD_ACCOUNT_IDS must be comma-separated numeric ids, but contains '50872O452'",
    ),
    "account id given as a URN": (
        {"LINKEDIN_AD_ACCOUNT_IDS": "urn:li:sponsoredAccount:508720451"},
        "ad_accounts",
        r"LINKEDIN_AD_ACCOUNT_IDS .* \(write the number only: 508720451\)",
    ),
    "organization ids not numeric": (
        {"LINKEDIN_ORGANIZATION_IDS": "northwind"},
        "organizations",
        r"LINKEDIN_ORGANIZATION_IDS must be comma-separated numeric ids",
    ),
    "API version not a version": (
        {"LINKEDIN_API_VERSION": "2026-10"},
        "ad_accounts",
        r"LINKEDIN_API_VERSION='2026-10' is not a LinkedIn version: use YYYYMM",
    ),
    "refresh token without a client secret": (
        {
            "LINKEDIN_ACCESS_TOKEN": None,
            "LINKEDIN_CLIENT_ID": "reliability-app",
            "LINKEDIN_REFRESH_TOKEN": "reliability-refresh-token",
        },
        "follower_demographics",
        r"LINKEDIN_REFRESH_TOKEN is set but LINKEDIN_CLIENT_SECRET is not: .*Developer Portal",
    ),
    "API base URL without a scheme": (
        {"LINKEDIN_API_BASE_URL": "api.linkedin.com/rest"},
        "ad_accounts",
        r"LINKEDIN_API_BASE_URL='api.linkedin.com/rest' is not an http\(s\) URL",
    ),
}


@pytest.mark.parametrize("case", list(SETTINGS_CASES))
def test_a_malformed_setting_fails_before_any_request(monkeypatch, served, tmp_path, case):
    sandbox, server = served
    env, asset, message = SETTINGS_CASES[case]
    path = tmp_path / "warehouse.duckdb"
    resources = configure(monkeypatch, server, path, **env)
    with pytest.raises(ConfigurationError, match=message):
        dg.materialize(harness.assets_named(asset), resources=resources)
    assert len(sandbox.ledger) == 0
    assert data_tables(path) == []


def test_a_reversed_partition_range_fails_before_any_request(monkeypatch, served, tmp_path):
    sandbox, server = served
    path = tmp_path / "warehouse.duckdb"
    resources = configure(monkeypatch, server, path)
    window = harness.recent_window(10)
    reversed_range = {
        "dagster/asset_partition_range_start": window.last.isoformat(),
        "dagster/asset_partition_range_end": window.first.isoformat(),
    }
    for asset in ("ad_analytics_by_campaign", "follower_statistics", "posts"):
        with pytest.raises(ConfigurationError, match=r"runs backwards.*earlier .* first") as error:
            dg.materialize(harness.assets_named(asset), resources=resources, tags=reversed_range)
        assert f"{window.first}...{window.last}" in str(error.value)  # the fixed range
    assert len(sandbox.ledger) == 0
    assert data_tables(path) == []


def tomorrow() -> str:
    return (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("01/09/2025", "is not a date"),
        ("2025-13-01", "is not a date"),
        (tomorrow(), "is in the future"),
    ],
)
def test_a_start_date_that_leaves_no_partition_is_refused(monkeypatch, value, problem):
    monkeypatch.setenv("LINKEDIN_START_DATE", value)
    with pytest.raises(ValueError, match=rf"LINKEDIN_START_DATE='{value}' {problem}.*YYYY-MM-DD"):
        partitions.start_date()
    monkeypatch.setenv("LINKEDIN_START_DATE", "2025-09-01")
    assert partitions.start_date() == "2025-09-01"


def test_the_code_location_refuses_to_load_with_a_future_start_date():
    # The partitions are built when the code location loads, before any run can start.
    value = tomorrow()
    loaded = subprocess.run(
        [sys.executable, "-c", "import linkedin_assets.partitions"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "LINKEDIN_START_DATE": value},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode != 0
    assert f"LINKEDIN_START_DATE={value!r} is in the future" in loaded.stderr


# ----------------------------------------------- settings only LinkedIn can judge
# They cost the discovery listing that finds out, and nothing else.


def requests_by_endpoint(sandbox: Sandbox) -> dict[str, int]:
    return sandbox.ledger.summary()


def test_an_ad_account_the_token_cannot_see_costs_only_discovery(monkeypatch, served, tmp_path):
    sandbox, server = served
    path = tmp_path / "warehouse.duckdb"
    resources = configure(monkeypatch, server, path, LINKEDIN_AD_ACCOUNT_IDS="999")
    with pytest.raises(ConfigurationError, match=r"LINKEDIN_AD_ACCOUNT_IDS names ad account.* 999"):
        dg.materialize(
            harness.assets_named("ad_analytics_by_campaign"),
            resources=resources,
            partition_key=harness.recent_window(1).last.isoformat(),
        )
    assert requests_by_endpoint(sandbox) == {"adAccounts": 1}
    assert data_tables(path) == []


def test_a_page_the_token_does_not_administer_costs_only_discovery(monkeypatch, served, tmp_path):
    sandbox, server = served
    path = tmp_path / "warehouse.duckdb"
    resources = configure(monkeypatch, server, path, LINKEDIN_ORGANIZATION_IDS="999")
    with pytest.raises(ConfigurationError, match=r"LINKEDIN_ORGANIZATION_IDS lists 999.*Fix"):
        dg.materialize(harness.assets_named("organizations"), resources=resources)
    assert set(requests_by_endpoint(sandbox)) == {"organizationAcls"}  # its pages only
    assert data_tables(path) == []


class RefusingSandbox(Sandbox):
    """LinkedIn refusing one resource: 403 (no role on the account) or 404."""

    def __init__(self, *args: Any, status: int, resource: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status = status
        self.resource = resource

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> SandboxResponse:
        if f"/{self.resource}" not in target.partition("?")[0]:
            return super().handle(method, target, headers, body)
        if self.status == 403:
            error = access_denied(self.resource, "FINDER-search", "20261001")
        else:
            error = not_found()
        self.ledger.record(_refused_entry(self.resource, error.status))
        return SandboxResponse(
            error.status, {"Content-Type": "application/json"}, json.dumps(error.body).encode()
        )


def _refused_entry(endpoint: str, status: int) -> LedgerEntry:
    return LedgerEntry("GET", endpoint, endpoint, None, None, None, status, None, 0, False, None)


@pytest.mark.parametrize(
    ("status", "error_type"), [(403, PermissionDeniedError), (404, NotFoundError)]
)
def test_an_account_linkedin_refuses_names_the_setting_and_is_not_retried(
    monkeypatch, tmp_path, status, error_type
):
    sandbox = RefusingSandbox(scenarios.shared_world(), status=status, resource="adCampaigns")
    with sandbox.serve() as server:
        path = tmp_path / "warehouse.duckdb"
        resources = configure(monkeypatch, server, path)
        with pytest.raises(error_type) as error:
            dg.materialize(harness.assets_named("campaigns"), resources=resources)
    message = str(error.value)
    assert f"answered {status}" in message
    assert "LINKEDIN_AD_ACCOUNT_IDS" in message
    # Refused is final: one request, no retry, nothing written.
    assert sandbox.ledger.count(status=status) == 1
    assert data_tables(path) == []
