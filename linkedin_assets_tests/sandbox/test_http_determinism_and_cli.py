"""The same seed gives the same bytes; the CLI serves a working sandbox."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import httpx

from linkedin_assets.sandbox import Sandbox, World, WorldConfig
from linkedin_assets_tests.sandbox.test_http_support import (
    WORLD_TODAY,
    admin_org_ids,
    api_headers,
    date_range,
    enc,
    epoch_ms,
    member_account_ids,
    serving,
    urn_list,
)


def _paths(world: World) -> list[str]:
    accounts = urn_list([f"urn:li:sponsoredAccount:{i}" for i in member_account_ids(world)])
    org = enc(f"urn:li:organization:{admin_org_ids(world)[0]}")
    start, end = WORLD_TODAY - dt.timedelta(days=20), WORLD_TODAY - dt.timedelta(days=2)
    return [
        "/adAccounts?q=search&pageSize=1",
        f"/adAccounts/{member_account_ids(world)[0]}/creatives?q=criteria&pageSize=2",
        f"/adAnalytics?q=analytics&pivot=CREATIVE&timeGranularity=DAILY&dateRange={date_range(start, end)}"
        f"&accounts={accounts}&fields=dateRange,pivotValues,impressions,clicks,costInLocalCurrency,costInUsd",
        f"/adAnalytics?q=analytics&pivot=MEMBER_INDUSTRY&timeGranularity=MONTHLY&dateRange={date_range(start, end)}"
        f"&accounts={accounts}&fields=dateRange,pivotValues,impressions",
        f"/posts?q=author&author={org}&count=20",
        f"/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={org}"
        f"&timeIntervals=(timeRange:(start:{epoch_ms(start)},end:{epoch_ms(end)}),timeGranularityType:DAY)",
    ]


def _answers(config: WorldConfig) -> list[bytes]:
    sandbox = Sandbox(World(config))  # a fresh World, not the shared one
    with serving(sandbox) as (_, _, client):
        responses = [client.get(path) for path in _paths(sandbox.world)]
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    return [r.content for r in responses]


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not():
    config = WorldConfig(seed=7, today=WORLD_TODAY)
    first = _answers(config)
    assert first == _answers(config)
    other = _answers(WorldConfig(seed=8, today=WORLD_TODAY))
    assert other != first


def test_cli_serve_prints_urls_and_serves_the_static_token():
    command = [
        sys.executable,
        "-m",
        "linkedin_assets.sandbox",
        "serve",
        "--port",
        "0",
        "--seed",
        "3",
        "--faults",
        "server_error_rate=0",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ}
    )
    try:
        lines = []
        while not any("OAuth base URL" in line for line in lines):
            line = process.stdout.readline()
            assert line, process.stderr.read()
            lines.append(line)
        api_url = next(line.split(": ", 1)[1].strip() for line in lines if "API base URL" in line)
        assert any(Sandbox.STATIC_TOKEN in line for line in [*lines, process.stdout.readline()])
        with httpx.Client(verify=False) as client:
            response = client.get(f"{api_url}/adAccounts?q=search", headers=api_headers())
        assert response.status_code == 200 and response.json()["elements"]
    finally:
        process.terminate()
        process.wait(timeout=10)
