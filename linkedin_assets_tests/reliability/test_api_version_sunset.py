"""A LinkedIn-Version that LinkedIn has retired answers 426 NONEXISTENT_VERSION. A real
materialization must fail at once with a message naming the version and the setting to change."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import pytest

from linkedin_assets.linkedin.config import DEFAULT_API_VERSION
from linkedin_assets.linkedin.errors import VersionNotActiveError
from linkedin_assets_tests.reliability import harness
from linkedin_assets_tests.reliability.harness import configure, data_tables


def retired_version() -> str:
    """A month more than a year ago: LinkedIn versions live about a year."""
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=500)
    return f"{day.year}{day.month:02d}"


@pytest.mark.parametrize("asset", ["ad_analytics_by_creative", "share_statistics"])
def test_a_sunset_version_fails_naming_the_version_and_the_setting(
    monkeypatch, served, tmp_path, asset
):
    sandbox, server = served
    version = retired_version()
    path = tmp_path / "warehouse.duckdb"
    resources = configure(monkeypatch, server, path, LINKEDIN_API_VERSION=version)
    with pytest.raises(VersionNotActiveError) as error:
        dg.materialize(
            harness.assets_named(asset),
            resources=resources,
            partition_key=harness.recent_window(1).last.isoformat(),
        )
    message = str(error.value)
    assert "426 NONEXISTENT_VERSION" in message
    assert f"LinkedIn-Version {version} is no longer" in message
    assert "Set LINKEDIN_API_VERSION to a recent month (YYYYMM)" in message
    # Not retried: the first request's 426 ends the run, nothing is written.
    assert sandbox.ledger.count(status=426) == len(sandbox.ledger) == 1
    assert data_tables(path) == []


def test_the_pinned_version_is_accepted(monkeypatch, served, tmp_path):
    sandbox, server = served
    resources = configure(monkeypatch, server, tmp_path / "warehouse.duckdb")
    assert resources["linkedin"].api_version == DEFAULT_API_VERSION
    result = dg.materialize(harness.assets_named("ad_accounts"), resources=resources)
    assert result.success
    assert sandbox.ledger.count(status=426) == 0
