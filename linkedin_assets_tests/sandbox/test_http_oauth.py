"""OAuth over a real socket: refresh grant, RFC 6749 errors, introspection, token expiry."""

from __future__ import annotations

import time

import httpx
import pytest

from linkedin_assets.sandbox import FaultPlan
from linkedin_assets_tests.sandbox.test_http_support import (
    api_headers,
    new_sandbox,
    plain_client,
    serving,
)

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def http():
    with plain_client() as client:
        yield client


def refresh(
    http, server, refresh_token: str = "any-refresh-token", **overrides: str
) -> httpx.Response:
    form = {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
        "client_id": "my-app",
        "client_secret": "s3cret",
        **overrides,
    }
    form = {k: v for k, v in form.items() if v is not None}
    return http.post(f"{server.oauth_base_url}/accessToken", data=form)


def test_refresh_grant_issues_working_unique_tokens(http):
    with serving() as (_sandbox, server, client):
        first, second = refresh(http, server), refresh(http, server, client_id="another-client")
        assert first.status_code == second.status_code == 200
        body = first.json()
        assert set(body) == {
            "access_token",
            "expires_in",
            "refresh_token",
            "refresh_token_expires_in",
            "scope",
            "token_type",
        }
        assert body["expires_in"] == 5183999 and body["token_type"] == "Bearer"
        assert body["refresh_token"] == "any-refresh-token"  # refreshing never renews it
        assert 0 < body["refresh_token_expires_in"] <= 365 * 86400
        assert body["access_token"] != second.json()["access_token"]
        response = client.get(
            "/adAccounts?q=search", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert response.status_code == 200
    # Deterministic per sandbox instance: a fresh sandbox issues the same first token.
    with serving(new_sandbox()) as (_, other_server, _client):
        assert refresh(http, other_server).json()["access_token"] == body["access_token"]


@pytest.mark.parametrize(
    ("overrides", "status", "error"),
    [
        ({"grant_type": None}, 400, "invalid_request"),
        ({"refresh_token": ""}, 400, "invalid_request"),
        ({"client_secret": None}, 400, "invalid_request"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"refresh_token": "sandbox"}, 400, "invalid_grant"),  # an access token, not a refresh one
    ],
)
def test_rfc6749_errors(http, overrides, status, error):
    with serving() as (_, server, _client):
        response = refresh(http, server, **overrides)
    assert response.status_code == status
    assert set(response.json()) == {"error", "error_description"}
    assert response.json()["error"] == error


def test_revoked_refresh_token_is_invalid_grant(http):
    with serving() as (sandbox, server, _client):
        sandbox.revoke_refresh_token("old-token")
        assert refresh(http, server, "old-token").json()["error"] == "invalid_grant"


def test_introspection_reports_epoch_seconds(http):
    with serving() as (sandbox, server, _client):
        # Near the real time: the clock also ages API versions, and the suite's version is real.
        frozen = int(time.time()) - 3600
        sandbox.clock = lambda: frozen + 0.5
        token = refresh(http, server).json()["access_token"]
        response = http.post(
            f"{server.oauth_base_url}/introspectToken",
            data={"token": token, "client_id": "my-app", "client_secret": "s3cret"},
        )
        body = response.json()
        assert body["active"] is True and body["status"] == "active"
        assert body["created_at"] == body["authorized_at"] == frozen
        assert body["expires_at"] == frozen + 5_184_000
        assert body["client_id"] == "my-app" and body["auth_type"] == "3L"
        unknown = http.post(
            f"{server.oauth_base_url}/introspectToken",
            data={"token": "nope", "client_id": "my-app", "client_secret": "s3cret"},
        )
        assert unknown.json() == {"active": False}


def test_issued_tokens_expire_by_wall_clock(http):
    with serving() as (sandbox, server, client):
        now = [time.time()]
        sandbox.clock = lambda: now[0]
        token = refresh(http, server).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get("/adAccounts?q=search", headers=headers).status_code == 200
        now[0] += 5_184_000  # 60 days later
        expired = client.get("/adAccounts?q=search", headers=headers)
        assert expired.status_code == 401
        assert expired.json() == {
            "status": 401,
            "serviceErrorCode": 65602,
            "code": "EXPIRED_ACCESS_TOKEN",
            "message": "The token used in the request has expired",
        }


def test_token_expiry_after_n_calls_then_refresh_recovers(http):
    sandbox = new_sandbox(FaultPlan(token_expiry_after=2))
    with serving(sandbox) as (_, server, client):
        statuses = [client.get("/adAccounts?q=search").status_code for _ in range(3)]
        assert statuses == [200, 200, 401]
        assert client.get("/adAccounts?q=search").json()["serviceErrorCode"] == 65602
        fresh = refresh(http, server).json()["access_token"]
        headers = {**api_headers(), "Authorization": f"Bearer {fresh}"}
        assert [
            client.get("/adAccounts?q=search", headers=headers).status_code for _ in range(3)
        ] == [
            200,
            200,
            401,
        ]
        assert sandbox.ledger.count(status=401) == 3
        assert [e.fault for e in sandbox.ledger.entries if e.status == 401] == ["token_expired"] * 3


def test_oauth_endpoints_need_post_and_form_bodies(http):
    with serving() as (_, server, _client):
        assert http.get(f"{server.oauth_base_url}/accessToken").status_code == 405
        as_json = http.post(
            f"{server.oauth_base_url}/accessToken", json={"grant_type": "refresh_token"}
        )
        assert as_json.status_code == 400 and as_json.json()["error"] == "invalid_request"
