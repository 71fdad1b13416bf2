"""The client over a real loopback socket, against scripted LinkedIn replies."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

import pytest

from linkedin_assets.linkedin import ads, pages
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.config import ClientConfig, RetryPolicy
from linkedin_assets.linkedin.errors import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    DailyQuotaExceededError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    TransportError,
    VersionNotActiveError,
)
from linkedin_assets.linkedin.request import ApiRequest
from linkedin_assets.linkedin.secrets import Secret
from linkedin_assets_tests.scripted_server import Reply, ScriptedServer

CANARY_TOKEN = "canary-token-7f3a9c1e5b"
CANARY_SECRET = "canary-secret-2d8e4f6a0c"
CANARY_REFRESH = "canary-refresh-9b1c3e5d7f"
OK = Reply(200, {"elements": [{"id": 1}], "paging": {"start": 0, "count": 10, "total": 1}})


@pytest.fixture
def server():
    with ScriptedServer() as s:
        yield s


class Sleeps(list):
    """Records the waits the client asked for instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(
    server: ScriptedServer, *, refresh: bool = False, sleep=None, **overrides
) -> LinkedInClient:
    overrides.setdefault("access_token", Secret(CANARY_TOKEN))
    retry = overrides.pop(
        "retry",
        RetryPolicy(max_attempts=5, backoff_initial_seconds=0.01, data_volume_wait_seconds=330),
    )
    credentials = (
        {
            "client_id": "client-1",
            "client_secret": Secret(CANARY_SECRET),
            "refresh_token": Secret(CANARY_REFRESH),
        }
        if refresh
        else {}
    )
    config = ClientConfig(
        api_base_url=f"{server.base_url}/rest",
        oauth_base_url=f"{server.base_url}/oauth/v2",
        retry=retry,
        **credentials,
        **overrides,
    )
    return LinkedInClient(config, sleep=sleep if sleep is not None else Sleeps())


def test_sends_the_versioned_api_headers(server):
    server.script("/rest/adAccounts", Reply(200, {"elements": [], "metadata": {}}))
    with make_client(server, api_version="202607") as client:
        client.fetch_all(ads.search_ad_accounts())
    sent = server.requests_to("/rest/adAccounts")[0]
    headers = {k.lower(): v for k, v in sent.headers.items()}
    assert headers["linkedin-version"] == "202607"
    assert headers["x-restli-protocol-version"] == "2.0.0"
    assert headers["authorization"] == f"Bearer {CANARY_TOKEN}"
    assert "search=(status:(values:List(ACTIVE,DRAFT" in sent.path  # structure not encoded


def test_cursor_pagination_follows_next_page_token_to_the_end(server):
    server.script(
        "/rest/adAccounts/1/adCampaigns",
        Reply(200, {"elements": [{"id": 1}, {"id": 2}], "metadata": {"nextPageToken": "t1"}}),
        Reply(200, {"elements": [{"id": 3}], "metadata": {"nextPageToken": "t2"}}),
        Reply(200, {"elements": [{"id": 4}], "metadata": {}}),
    )
    with make_client(server) as client:
        ids = [e["id"] for e in client.iter_elements(ads.campaigns(1))]
    assert ids == [1, 2, 3, 4]
    paths = [r.path for r in server.requests_to("/rest/adAccounts/1/adCampaigns")]
    assert "pageSize=500" in paths[0] and "pageToken" not in paths[0]
    assert paths[1].endswith("pageSize=500&pageToken=t1")
    assert paths[2].endswith("pageToken=t2")


def test_index_pagination_uses_total_and_never_asks_past_it(server):
    def page(start, n, total):
        return Reply(
            200,
            {
                "elements": [{"id": start + i} for i in range(n)],
                "paging": {"start": start, "count": 500, "total": total, "links": []},
            },
        )

    server.script("/rest/conversions", page(0, 500, 730), page(500, 230, 730))
    with make_client(server) as client:
        rows = client.fetch_all(ads.conversions(9))
    assert [r["id"] for r in rows] == list(range(730))
    starts = [parse_qs(r.path.split("?")[1])["start"][0] for r in server.received]
    assert starts == ["0", "500"]


def test_index_pagination_without_total_survives_short_pages(server):
    # LinkedIn can return fewer than `count` mid-listing; only an empty page ends it.
    server.script(
        "/rest/posts",
        Reply(200, {"elements": [{"id": "a"}, {"id": "b"}], "paging": {"start": 0}}),
        Reply(200, {"elements": [{"id": "c"}], "paging": {"start": 2}}),
        Reply(200, {"elements": [], "paging": {"start": 3}}),
    )
    with make_client(server) as client:
        rows = client.fetch_all(pages.posts_by_author("urn:li:organization:1"))
    assert [r["id"] for r in rows] == ["a", "b", "c"]


def test_long_queries_are_tunnelled_as_post_with_method_override(server):
    server.script("/rest/adAnalytics", Reply(200, {"elements": [{"impressions": 5}]}))
    many = [f"urn:li:sponsoredCampaign:{100000000 + i}" for i in range(200)]
    request = ads.ad_analytics(
        pivots=["CAMPAIGN"],
        granularity="DAILY",
        start=__import__("datetime").date(2026, 1, 1),
        end=__import__("datetime").date(2026, 1, 2),
        facet="campaigns",
        facet_urns=many,
        fields=["dateRange", "pivotValues", "impressions"],
    )
    with make_client(server) as client:
        body = client.send(request)
    assert body["elements"][0]["impressions"] == 5
    sent = server.requests_to("/rest/adAnalytics")[0]
    headers = {k.lower(): v for k, v in sent.headers.items()}
    assert sent.method == "POST" and sent.path == "/rest/adAnalytics"
    assert headers["x-http-method-override"] == "GET"
    assert headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.body.decode() == request.query()


@pytest.mark.parametrize(
    "fault",
    [
        Reply(429, {"status": 429, "message": "Too many requests"}, headers={"Retry-After": "7"}),
        Reply(429, {"status": 429, "serviceErrorCode": 101, "message": "throttled"}),
        Reply(500, {"status": 500}),
        Reply(502, b"<html>bad gateway</html>"),
        Reply(503, {"status": 503}),
        Reply(504, {"status": 504}),
        Reply(200, b'{"elements": [{"id": 1}, {"i'),
        Reply(drop_connection=True),
    ],
    ids=["429-retry-after", "429-bare", "500", "502", "503", "504", "truncated", "reset"],
)
def test_each_transient_fault_is_retried_and_recovered(server, fault):
    server.script("/rest/conversions", fault, fault, OK)
    sleeps = Sleeps()
    with make_client(server, sleep=sleeps) as client:
        rows = client.fetch_all(ads.conversions(1))
        totals = client.ledger.totals()
    assert rows == [{"id": 1}]
    assert len(sleeps) == 2 and totals.retries == {"conversions": 2}
    if fault.headers.get("Retry-After"):
        assert sleeps == [7.0, 7.0]


def test_read_timeout_is_retried(server):
    server.script("/rest/conversions", Reply(delay=1.0, body={"elements": []}), OK)
    with make_client(server, timeout_seconds=0.3) as client:
        assert client.fetch_all(ads.conversions(1)) == [{"id": 1}]


def test_data_volume_throttle_waits_out_the_five_minute_window(server):
    body = {
        "status": 429,
        "message": "The data request limit has been exceeded. More than 45 million metric "
        "values were requested in a 5-minute window.",
    }
    server.script("/rest/adAnalytics", Reply(429, body), Reply(200, {"elements": []}))
    sleeps = Sleeps()
    with make_client(server, sleep=sleeps) as client:
        client.send(ApiRequest("adAnalytics", "/adAnalytics", (("q", "analytics"),)))
    assert sleeps == [330]


def test_retries_are_bounded_and_end_in_a_typed_error(server):
    server.script("/rest/conversions", Reply(503, {"status": 503}))
    with make_client(server) as client, pytest.raises(ServerError) as info:
        client.fetch_all(ads.conversions(1))
    assert len(server.received) == 5
    assert "503" in str(info.value) and "rerun later" in str(info.value)


def test_connection_failures_end_in_a_transport_error(server):
    server.script("/rest/conversions", Reply(drop_connection=True))
    with make_client(server) as client, pytest.raises(TransportError, match="rerun"):
        client.fetch_all(ads.conversions(1))


def test_daily_quota_stops_at_once_with_the_reset_time(server):
    body = {
        "status": 429,
        "serviceErrorCode": 101,
        "message": "Resource level throttle APPLICATION DAY limit for calls to this resource "
        "is reached.",
    }
    server.script("/rest/conversions", Reply(429, body), OK)
    with make_client(server) as client, pytest.raises(DailyQuotaExceededError) as info:
        client.fetch_all(ads.conversions(1))
    assert len(server.received) == 1  # not retried for hours
    assert "midnight UTC" in str(info.value) and "rerun" in str(info.value)


def test_401_refreshes_the_token_once_and_continues(server):
    server.script(
        "/oauth/v2/accessToken",
        Reply(200, {"access_token": "fresh-token-1234", "expires_in": 5183999}),
    )
    expired = {"status": 401, "serviceErrorCode": 65602, "code": "EXPIRED_ACCESS_TOKEN"}
    server.script("/rest/conversions", Reply(401, expired), OK)
    with make_client(server, refresh=True) as client:
        assert client.fetch_all(ads.conversions(1)) == [{"id": 1}]
        assert client.ledger.totals().token_refreshes == 1
    grant = parse_qs(server.requests_to("/oauth/v2/accessToken")[0].body.decode())
    assert grant["grant_type"] == ["refresh_token"]
    assert grant["refresh_token"] == [CANARY_REFRESH]
    retried = server.requests_to("/rest/conversions")[1]
    assert retried.headers["Authorization"] == "Bearer fresh-token-1234"


def test_token_is_refreshed_ahead_of_its_expiry(server):
    server.script(
        "/oauth/v2/accessToken",
        Reply(200, {"access_token": "short-lived-1", "expires_in": 60}),
        Reply(200, {"access_token": "short-lived-2", "expires_in": 60}),
    )
    server.script("/rest/conversions", OK)
    # Start with only a refresh token: the first call mints one; expiry (60 s) is inside the
    # 300 s margin, so the next call refreshes before sending rather than after a 401.
    with make_client(server, refresh=True, access_token=None) as client:
        client.fetch_all(ads.conversions(1))
        client.fetch_all(ads.conversions(1))
    tokens = [r.headers["Authorization"] for r in server.requests_to("/rest/conversions")]
    assert tokens == ["Bearer short-lived-1", "Bearer short-lived-2"]


def test_401_without_refresh_credentials_says_how_to_reauthenticate(server):
    server.script(
        "/rest/conversions",
        Reply(401, {"status": 401, "serviceErrorCode": 65600, "code": "INVALID_ACCESS_TOKEN"}),
    )
    with make_client(server) as client, pytest.raises(AuthenticationError) as info:
        client.fetch_all(ads.conversions(1))
    assert "LINKEDIN_REFRESH_TOKEN" in str(info.value)
    assert "INVALID_ACCESS_TOKEN" in str(info.value)


@pytest.mark.parametrize(
    ("reply", "error", "expected"),
    [
        (
            Reply(
                400,
                {
                    "errorDetailType": "com.linkedin.common.error.BadRequest",
                    "message": "Invalid param",
                    "errorDetails": {
                        "inputErrors": [
                            {
                                "description": "bad",
                                "input": {"inputPath": {"fieldPath": "search"}},
                                "code": "PARAM_INVALID",
                            }
                        ]
                    },
                    "status": 400,
                },
            ),
            BadRequestError,
            ["Invalid param", "search (PARAM_INVALID)"],
        ),
        (
            Reply(
                403,
                {
                    "status": 403,
                    "serviceErrorCode": 100,
                    "code": "ACCESS_DENIED",
                    "message": "Not enough permissions to access: adAnalytics.GET-analytics.20261001",
                },
            ),
            PermissionDeniedError,
            ["'adAnalytics'", "r_ads_reporting"],
        ),
        (
            Reply(404, {"status": 404, "code": "RESOURCE_NOT_FOUND", "message": "No virtual"}),
            NotFoundError,
            ["RESOURCE_NOT_FOUND", "LINKEDIN_AD_ACCOUNT_IDS"],
        ),
        (
            Reply(
                426,
                {
                    "status": 426,
                    "code": "NONEXISTENT_VERSION",
                    "message": "Requested version 20241001 is not active",
                },
            ),
            VersionNotActiveError,
            ["202410 is no longer", "LINKEDIN_API_VERSION"],
        ),
    ],
    ids=["400", "403", "404", "426"],
)
def test_errors_say_what_to_do(server, reply, error, expected):
    server.script("/rest/conversions", reply)
    with make_client(server, api_version="202410") as client, pytest.raises(error) as info:
        client.fetch_all(ads.conversions(1))
    for text in expected:
        assert text in str(info.value)
    assert len(server.received) == 1  # client errors are not retried


def test_bad_configuration_is_refused_before_any_request(server):
    with pytest.raises(ConfigurationError, match="LINKEDIN_API_VERSION"):
        make_client(server, api_version="2026-10")
    with pytest.raises(ConfigurationError, match="LINKEDIN_CLIENT_SECRET"):
        LinkedInClient(ClientConfig(refresh_token=Secret("r" * 10), client_id="x"))
    with pytest.raises(ConfigurationError, match="No LinkedIn credentials"):
        LinkedInClient(ClientConfig())
    assert server.received == []


def test_the_canary_never_appears_in_logs_reprs_or_errors(server, caplog):
    caplog.set_level(logging.DEBUG)
    server.script("/oauth/v2/accessToken", Reply(400, {"error": "invalid_grant"}))
    server.script(
        "/rest/conversions",
        Reply(503, {"status": 503}),
        Reply(401, {"status": 401, "message": f"bad token {CANARY_TOKEN}"}),
    )
    texts = []
    with make_client(server, refresh=True) as client:
        texts += [repr(client.config), str(client.config)]
        with pytest.raises(AuthenticationError) as info:
            client.fetch_all(ads.conversions(1))
        texts += [str(info.value), repr(info.value), str(info.value.__cause__)]
    texts += [record.getMessage() for record in caplog.records]
    captured = "\n".join(texts)
    assert "invalid_grant" in captured  # the failure is explained...
    for canary in (CANARY_TOKEN, CANARY_SECRET, CANARY_REFRESH):
        assert canary not in captured  # ...without the secrets
