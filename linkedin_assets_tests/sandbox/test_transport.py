"""The in-process httpx transport: same answers as the socket, faults as httpx exceptions."""

from __future__ import annotations

import httpx
import pytest

from linkedin_assets.sandbox import FaultPlan, Sandbox
from linkedin_assets_tests.sandbox.test_http_support import api_headers, new_sandbox, serving

API = "https://sandbox.invalid/rest"
OAUTH = "https://sandbox.invalid/oauth/v2"


def in_process(sandbox: Sandbox, **kwargs) -> httpx.Client:
    return httpx.Client(
        base_url=API, headers=api_headers(), transport=sandbox.transport(), **kwargs
    )


def test_in_process_answers_match_the_socket_byte_for_byte():
    path = "/adAccounts?q=search&search=(status:(values:List(ACTIVE,CANCELED,DRAFT)))&pageSize=2"
    with in_process(new_sandbox()) as client:
        local = client.get(path)
    with serving() as (_, _, socket_client):
        remote = socket_client.get(path)
    assert local.status_code == remote.status_code == 200
    assert local.content == remote.content


def test_any_host_works_and_oauth_is_served_too():
    sandbox = new_sandbox()
    with httpx.Client(transport=sandbox.transport()) as client:
        token = client.post(
            f"{OAUTH}/accessToken",
            data={
                "grant_type": "refresh_token",
                "refresh_token": "r",
                "client_id": "c",
                "client_secret": "s",
            },
        ).json()["access_token"]
        response = client.get(
            "http://elsewhere.example/rest/adAccounts?q=search",
            headers={**api_headers(), "Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200


def test_reset_raises_remote_protocol_error():
    sandbox = new_sandbox(FaultPlan(connection_reset_rate=1.0))
    with in_process(sandbox) as client, pytest.raises(httpx.RemoteProtocolError):
        client.get("/adAccounts?q=search")


def test_slow_response_raises_read_timeout_only_when_the_timeout_is_shorter():
    plan = FaultPlan(slow_response_rate=1.0, slow_response_seconds=30.0, max_consecutive_faults=5)
    with in_process(new_sandbox(plan)) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get("/adAccounts?q=search", timeout=1.0)
        # A patient client gets the answer; nothing sleeps in-process.
        assert client.get("/adAccounts?q=search", timeout=60.0).status_code == 200


def test_truncated_body_is_delivered_cut():
    with in_process(new_sandbox(FaultPlan(truncated_body_rate=1.0))) as client:
        response = client.get("/adAccounts?q=search")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


def test_tunnelled_post_through_the_transport():
    with in_process(new_sandbox()) as client:
        get = client.get("/adAccounts?q=search&pageSize=1")
        post = client.post(
            "/adAccounts",
            content=b"q=search&pageSize=1",
            headers={
                "X-HTTP-Method-Override": "GET",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
    assert get.content == post.content


def test_handle_takes_the_raw_target_directly():
    sandbox = new_sandbox()
    response = sandbox.handle("GET", "/rest/adAccounts?q=search", api_headers(), b"")
    assert response.status == 200 and response.json()["elements"]
    assert sandbox.handle("GET", "/elsewhere", {}, b"").status == 404
