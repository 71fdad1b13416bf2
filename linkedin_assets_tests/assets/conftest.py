"""Fixtures for materializing assets against the sandbox into a real DuckDB file."""

from __future__ import annotations

import datetime as dt

import pytest

from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource
from linkedin_assets.sandbox import Sandbox
from linkedin_assets.storage import DuckDBStore


@pytest.fixture
def warehouse(tmp_path) -> WarehouseResource:
    return WarehouseResource(path=str(tmp_path / "warehouse.duckdb"), mode=SANDBOX)


@pytest.fixture
def store(warehouse) -> DuckDBStore:
    return DuckDBStore(warehouse.path)


@pytest.fixture
def sandbox_resources(warehouse) -> dict:
    """In-process sandbox (the process-wide shared emulator) + a fresh DuckDB file."""
    return {"linkedin": LinkedInResource(sandbox=True), "warehouse": warehouse}


@pytest.fixture
def served_sandbox():
    """A fresh emulator behind a real loopback socket, with its own ledger and faults."""
    sandbox = Sandbox()
    with sandbox.serve() as server:
        yield sandbox, server


@pytest.fixture
def socket_resources(served_sandbox, warehouse) -> dict:
    """Live mode pointed at the sandbox server: the exact code path of a real deployment."""
    _, server = served_sandbox
    linkedin = LinkedInResource(
        access_token="sandbox",
        api_base_url=server.api_base_url,
        oauth_base_url=server.oauth_base_url,
    )
    return {"linkedin": linkedin, "warehouse": WarehouseResource(path=warehouse.path, mode="live")}


@pytest.fixture
def recent_day() -> dt.date:
    """A complete day inside every LinkedIn window (page statistics lag ~2 days)."""
    return dt.datetime.now(dt.UTC).date() - dt.timedelta(days=5)
