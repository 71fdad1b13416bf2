"""Every FaultPlan fault over a real socket, its determinism, and the bound on fault streaks."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import httpx
import pytest

from linkedin_assets.sandbox import FaultPlan
from linkedin_assets.sandbox.errors import DATA_VOLUME_MESSAGE, QUOTA_MESSAGE
from linkedin_assets_tests.sandbox.test_http_support import (
    date_range,
    member_account_ids,
    new_sandbox,
    serving,
    urn_list,
)

ACCOUNTS = "/adAccounts?q=search"


def analytics_path(sandbox) -> str:
    accounts = urn_list([f"urn:li:sponsoredAccount:{i}" for i in member_account_ids(sandbox.world)])
    window = date_range(dt.date(2026, 5, 1), dt.date(2026, 5, 7))
    return (
        f"/adAnalytics?q=analytics&pivot=ACCOUNT&timeGranularity=DAILY&dateRange={window}"
        f"&accounts={accounts}&fields=dateRange,pivotValues,impressions"
    )


def statuses(client, path: str, n: int) -> list[int]:
    return [client.get(path).status_code for _ in range(n)]


def test_burst_429_with_retry_after_then_recovery():
    with serving(new_sandbox(FaultPlan(rate_limit_rate=1.0))) as (_sandbox, _, client):
        first = client.get(ACCOUNTS)
        assert first.status_code == 429 and first.headers["retry-after"] == "1"
        assert first.json()["serviceErrorCode"] == 101
        assert statuses(client, ACCOUNTS, 2) == [429, 200]  # at most 2 faults in a row


def test_burst_429_without_retry_after():
    with serving(new_sandbox(FaultPlan(rate_limit_no_header_rate=1.0))) as (_, _, client):
        response = client.get(ACCOUNTS)
        assert response.status_code == 429 and "retry-after" not in response.headers


def test_data_volume_429_hits_only_ad_analytics():
    with serving(new_sandbox(FaultPlan(data_volume_rate=1.0))) as (sandbox, _, client):
        assert statuses(client, ACCOUNTS, 3) == [200, 200, 200]
        response = client.get(analytics_path(sandbox))
        assert response.status_code == 429
        assert response.json()["message"] == DATA_VOLUME_MESSAGE


def test_server_errors_rotate_through_the_5xx_statuses():
    plan = FaultPlan(server_error_rate=1.0, max_consecutive_faults=4)
    with serving(new_sandbox(plan)) as (_, _, client):
        assert statuses(client, ACCOUNTS, 5) == [500, 502, 503, 504, 200]


def test_connection_reset_drops_the_connection_without_a_response():
    with serving(new_sandbox(FaultPlan(connection_reset_rate=1.0))) as (sandbox, _, client):
        for _ in range(2):
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                client.get(ACCOUNTS)
        assert client.get(ACCOUNTS).status_code == 200
        assert [e.fault for e in sandbox.ledger.entries] == ["connection_reset"] * 2 + [None]
        assert [e.status for e in sandbox.ledger.entries] == [0, 0, 200]


def test_slow_response_times_out_a_short_read_and_succeeds_with_patience():
    plan = FaultPlan(slow_response_rate=1.0, slow_response_seconds=0.3, max_consecutive_faults=5)
    with serving(new_sandbox(plan)) as (_, _server, client):
        with pytest.raises(httpx.ReadTimeout):
            client.get(ACCOUNTS, timeout=httpx.Timeout(5.0, read=0.05))
        assert client.get(ACCOUNTS, timeout=5.0).status_code == 200


def test_truncated_body_is_a_200_with_half_the_json():
    with serving(new_sandbox()) as (_, _, client):
        whole = client.get(ACCOUNTS).content
    with serving(new_sandbox(FaultPlan(truncated_body_rate=1.0))) as (_, _, client):
        cut = client.get(ACCOUNTS)
    assert cut.status_code == 200
    assert cut.content == whole[: len(whole) // 2]
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)


def test_daily_quota_until_reset():
    with serving(new_sandbox(FaultPlan(daily_quota=3))) as (sandbox, _, client):
        assert client.get("/noSuchThing").status_code == 404  # failures do not use quota
        assert statuses(client, ACCOUNTS, 4) == [200, 200, 200, 429]
        body = client.get(ACCOUNTS).json()
        assert body == {"status": 429, "serviceErrorCode": 101, "message": QUOTA_MESSAGE}
        assert "retry-after" not in client.get(ACCOUNTS).headers
        sandbox.reset_quota()
        assert client.get(ACCOUNTS).status_code == 200
        assert sandbox.ledger.count(status=429) == 3
        assert {e.fault for e in sandbox.ledger.entries if e.status == 429} == {"daily_quota"}


def test_set_faults_switches_plans_at_runtime():
    with serving(new_sandbox()) as (sandbox, _, client):
        assert client.get(ACCOUNTS).status_code == 200
        sandbox.set_faults(FaultPlan(server_error_rate=1.0))
        assert client.get(ACCOUNTS).status_code == 500
        sandbox.set_faults(FaultPlan())
        assert client.get(ACCOUNTS).status_code == 200


def _fault_trace(plan: FaultPlan) -> list[tuple[int, str | None]]:
    with serving(new_sandbox(plan)) as (sandbox, _, client):
        for _ in range(40):
            with contextlib.suppress(httpx.TransportError):
                client.get(ACCOUNTS)
        return [(e.status, e.fault) for e in sandbox.ledger.entries]


def test_the_same_seed_replays_the_same_faults():
    plan = FaultPlan(
        seed=5,
        rate_limit_rate=0.15,
        server_error_rate=0.15,
        truncated_body_rate=0.1,
        connection_reset_rate=0.05,
    )
    first = _fault_trace(plan)
    assert first == _fault_trace(plan)
    assert first != _fault_trace(FaultPlan(**{**plan.__dict__, "seed": 6}))
    assert {fault for _, fault in first} >= {None, "rate_limit", "server_error"}
