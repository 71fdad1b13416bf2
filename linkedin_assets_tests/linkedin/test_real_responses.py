"""The client against every real response example of the API reference, over a socket."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.config import ClientConfig, RetryPolicy
from linkedin_assets.linkedin.errors import (
    AuthenticationError,
    BadRequestError,
    LinkedInAPIError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    VersionNotActiveError,
)
from linkedin_assets.linkedin.request import ApiRequest, index_paging
from linkedin_assets.linkedin.secrets import Secret
from linkedin_assets_tests.scripted_server import Reply, ScriptedServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "api_responses"
EXPECTED_ERRORS = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    426: VersionNotActiveError,
    429: RateLimitError,
}


def _fixtures(prefix: str = "") -> list[Path]:
    return sorted(p for p in FIXTURES.glob(f"{prefix}*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text())


def _client(server: ScriptedServer, **credentials) -> LinkedInClient:
    credentials.setdefault("access_token", Secret("example-token-123"))
    config = ClientConfig(
        api_base_url=f"{server.base_url}/rest",
        oauth_base_url=f"{server.base_url}/oauth/v2",
        retry=RetryPolicy(max_attempts=1),
        **credentials,
    )
    return LinkedInClient(config, sleep=lambda _: None)


def test_there_are_examples_of_every_kind():
    names = [p.name for p in _fixtures()]
    assert sum(n.startswith("error_") for n in names) >= 8
    assert sum(n.startswith("oauth_") for n in names) >= 3
    assert len(names) >= 20


@pytest.mark.parametrize(
    "path",
    [p for p in _fixtures() if not p.name.startswith(("error_", "oauth_"))],
    ids=lambda p: p.stem,
)
def test_success_examples_parse_into_their_elements(path):
    example = _load(path)
    body = example["response"]
    with ScriptedServer() as server:
        end = Reply(200, {"elements": [], "paging": {"start": 100, "count": 100, "links": []}})
        server.script("/rest/example", Reply(200, body), Reply(200, body), end)
        with _client(server) as client:
            assert client.send(ApiRequest("example", "/example")) == body
            if isinstance(body.get("elements"), list) and "paging" in body:
                listing = ApiRequest("example", "/example", paging=index_paging(100))
                assert client.fetch_all(listing) == body["elements"]


@pytest.mark.parametrize("path", _fixtures("error_"), ids=lambda p: p.stem)
def test_error_examples_become_typed_errors_carrying_linkedins_message(path):
    example = _load(path)
    status = int(path.stem.split("_")[1])
    with ScriptedServer() as server:
        server.script("/rest/example", Reply(status, example["response"]))
        with _client(server) as client, pytest.raises(LinkedInAPIError) as info:
            client.send(ApiRequest("example", "/example"))
    assert isinstance(info.value, EXPECTED_ERRORS[status])
    assert info.value.status == status
    message = example["response"].get("message")
    if message:
        assert message in str(info.value)


def test_refresh_example_is_used_for_the_next_call():
    body = _load(FIXTURES / "oauth_access_token_refresh.json")["response"]
    with ScriptedServer() as server:
        server.script("/oauth/v2/accessToken", Reply(200, body))
        server.script("/rest/example", Reply(200, {"elements": []}))
        with _client(
            server,
            access_token=None,
            client_id="app",
            client_secret=Secret("app-secret-123"),
            refresh_token=Secret("refresh-123456"),
        ) as client:
            client.send(ApiRequest("example", "/example"))
        sent = server.requests_to("/rest/example")[0]
    assert sent.headers["Authorization"] == f"Bearer {body['access_token']}"


def test_introspection_example_gives_the_expiry_in_seconds():
    body = _load(FIXTURES / "oauth_introspect_token.json")["response"]
    with ScriptedServer() as server:
        server.script("/oauth/v2/introspectToken", Reply(200, body))
        with _client(server, client_id="app", client_secret=Secret("app-secret-123")) as client:
            status = client.token_status()
    assert status.active is body["active"]
    assert status.expires_at == dt.datetime.fromtimestamp(body["expires_at"], dt.UTC)
    assert set(status.scopes) == set(body["scope"].split(","))


def test_oauth_error_example_explains_the_failure():
    body = _load(FIXTURES / "oauth_error_invalid_request.json")["response"]
    with ScriptedServer() as server:
        server.script("/oauth/v2/accessToken", Reply(400, body))
        with (
            _client(
                server,
                access_token=None,
                client_id="app",
                client_secret=Secret("app-secret-123"),
                refresh_token=Secret("refresh-123456"),
            ) as client,
            pytest.raises(AuthenticationError) as info,
        ):
            client.send(ApiRequest("example", "/example"))
    assert body["error_description"] in str(info.value)
