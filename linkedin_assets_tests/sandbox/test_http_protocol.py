"""LinkedIn's protocol rules over a real socket: auth, versions, Rest.li 2.0 strictness,
path keys, query tunnelling, URL length, routing errors and response headers."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from linkedin_assets_tests.sandbox.test_http_support import (
    active_version,
    admin_org_ids,
    api_headers,
    enc,
    error_code,
    field_path,
    foreign_org_id,
    member_account_ids,
    plain_client,
    serving,
)

_HTTP = plain_client()


@pytest.fixture(scope="module")
def served():
    with serving() as (sandbox, server, client):
        yield sandbox, server, client


@pytest.fixture
def client(served):
    return served[2]


@pytest.fixture
def sandbox(served):
    return served[0]


# ---------------------------------------------------------------- authentication


def test_static_token_in_the_header_or_the_query_param_is_accepted(served):
    _sandbox, server, client = served
    assert client.get("/adAccounts?q=search").status_code == 200
    headers = {k: v for k, v in api_headers().items() if k != "Authorization"}
    response = _HTTP.get(
        f"{server.api_base_url}/adAccounts?q=search&oauth2_access_token=sandbox", headers=headers
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        (None, "Empty oauth2_access_token"),
        ("Bearer not-a-token", "Invalid access token"),
        ("Basic c2FuZGJveDpzYW5kYm94", "Unknown authentication schema"),
    ],
)
def test_missing_or_invalid_tokens_are_401_invalid_access_token(served, authorization, message):
    server = served[1]
    headers = {k: v for k, v in api_headers().items() if k != "Authorization"}
    if authorization:
        headers["Authorization"] = authorization
    response = _HTTP.get(f"{server.api_base_url}/adAccounts?q=search", headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "serviceErrorCode": 65600,
        "code": "INVALID_ACCESS_TOKEN",
        "message": message,
    }


# ---------------------------------------------------------------- versions


def test_missing_version_header_is_400_version_missing(served):
    server = served[1]
    headers = {k: v for k, v in api_headers().items() if k != "LinkedIn-Version"}
    response = _HTTP.get(f"{server.api_base_url}/adAccounts?q=search", headers=headers)
    assert (response.status_code, response.json()["code"]) == (400, "VERSION_MISSING")


def test_version_forms_and_header_name_case(served):
    server = served[1]
    version = active_version()
    with plain_client(base_url=server.api_base_url) as bare_client:
        for value in (version, f"{version}.01", f"{version}01"):
            for name in ("LinkedIn-Version", "linkedin-version", "LINKEDIN-VERSION"):
                headers = {k: v for k, v in api_headers().items() if k != "LinkedIn-Version"}
                headers[name] = value
                response = bare_client.get("/adAccounts?q=search", headers=headers)
                assert response.status_code == 200, (name, value)
                assert f"{name}: {value}".encode() in _raw_request_head(response)


def _raw_request_head(response: httpx.Response) -> bytes:
    request = response.request
    return b"\r\n".join(name + b": " + value for name, value in request.headers.raw)


def test_sunset_and_future_versions_are_426(client):
    today = dt.datetime.now(dt.UTC).date()
    too_old = f"{today.year - 2}{today.month:02d}"
    future = f"{today.year + 1}{today.month:02d}"
    for version in (too_old, future):
        response = client.get("/adAccounts?q=search", headers={"LinkedIn-Version": version})
        assert response.status_code == 426
        assert response.json() == {
            "status": 426,
            "code": "NONEXISTENT_VERSION",
            "message": f"Requested version {version}01 is not active",
        }


def test_malformed_version_is_400(client):
    response = client.get("/adAccounts?q=search", headers={"LinkedIn-Version": "v2"})
    assert response.status_code == 400


# ---------------------------------------------------------------- Rest.li 2.0 syntax


def test_literal_structure_with_encoded_leaves_is_accepted(client, sandbox):
    account_id = member_account_ids(sandbox.world)[0]
    urn = enc(f"urn:li:sponsoredAccount:{account_id}")
    response = client.get(f"/adAccounts?q=search&search=(id:(values:List({urn})))")
    assert response.status_code == 200
    assert [element["id"] for element in response.json()["elements"]] == [account_id]


def test_percent_encoded_structure_is_400_param_invalid(client):
    response = client.get(
        "/adAccounts?q=search&search=%28status%3A%28values%3AList%28ACTIVE%29%29%29"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errorDetailType"] == "com.linkedin.common.error.BadRequest"
    assert (error_code(response), field_path(response)) == ("PARAM_INVALID", "search")


@pytest.mark.parametrize(
    "search",
    [
        "(id:(values:List(urn:li:sponsoredAccount:1)))",  # raw colons inside a list
        "(status:(values:List(ACTIVE))",  # unbalanced
        "(status%3A(values:List(ACTIVE)))",  # one encoded structural colon
        "(status:(values:List(ACTIVE)),nope:1)",  # unknown search key
    ],
)
def test_malformed_records_are_400_with_the_field_path(client, search):
    response = client.get(f"/adAccounts?q=search&search={search}")
    assert response.status_code == 400
    assert error_code(response) == "PARAM_INVALID"
    assert field_path(response).startswith("search")


def test_enum_params_bare_and_as_records_give_identical_answers(client, sandbox):
    account_id = member_account_ids(sandbox.world)[0]
    common = (
        "/adAnalytics?q=analytics&dateRange=(start:(year:2026,month:5,day:1),end:(year:2026,month:5,day:31))"
        f"&accounts=List({enc(f'urn:li:sponsoredAccount:{account_id}')})&fields=impressions,pivotValues"
    )
    bare = client.get(common + "&pivot=CAMPAIGN&timeGranularity=MONTHLY")
    record = client.get(common + "&pivot=(value:CAMPAIGN)&timeGranularity=(value:MONTHLY)")
    assert bare.status_code == record.status_code == 200
    assert bare.content == record.content and bare.json()["elements"]


def test_fields_must_be_a_plain_comma_list(client, sandbox):
    account_id = member_account_ids(sandbox.world)[0]
    response = client.get(
        "/adAnalytics?q=analytics&pivot=ACCOUNT&timeGranularity=ALL"
        "&dateRange=(start:(year:2026,month:5,day:1))"
        f"&accounts=List({enc(f'urn:li:sponsoredAccount:{account_id}')})&fields=List(impressions)"
    )
    assert (response.status_code, field_path(response)) == (400, "fields")


# ---------------------------------------------------------------- path keys


def test_urn_path_keys_must_be_encoded_under_protocol_2(client, sandbox, served):
    server = served[1]
    org_id = admin_org_ids(sandbox.world)[0]
    raw = f"/networkSizes/urn:li:organization:{org_id}?edgeType=COMPANY_FOLLOWED_BY_MEMBER"
    response = client.get(raw)
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "code": "ILLEGAL_ARGUMENT",
        "message": "Syntax exception in path variables",
    }
    encoded = (
        f"/networkSizes/{enc(f'urn:li:organization:{org_id}')}?edgeType=COMPANY_FOLLOWED_BY_MEMBER"
    )
    assert client.get(encoded).status_code == 200
    # Without the 2.0.0 header LinkedIn parses Rest.li 1.0 and tolerates raw colons (Airbyte).
    headers = {k: v for k, v in api_headers().items() if k != "X-Restli-Protocol-Version"}
    assert _HTTP.get(server.api_base_url + raw, headers=headers).status_code == 200


# ---------------------------------------------------------------- tunnelling and URL length


def test_tunnelled_post_equals_the_get(client, sandbox):
    account_id = member_account_ids(sandbox.world)[0]
    query = (
        "q=analytics&pivot=CREATIVE&timeGranularity=DAILY"
        "&dateRange=(start:(year:2026,month:5,day:1),end:(year:2026,month:5,day:14))"
        f"&accounts=List({enc(f'urn:li:sponsoredAccount:{account_id}')})"
        "&fields=dateRange,pivotValues,impressions,clicks,costInLocalCurrency"
    )
    get = client.get("/adAnalytics?" + query)
    tunnelled = client.post(
        "/adAnalytics",
        content=query.encode(),
        headers={
            "X-HTTP-Method-Override": "GET",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert get.status_code == tunnelled.status_code == 200
    assert get.content == tunnelled.content
    entries = sandbox.ledger.entries[-2:]
    assert [(e.method, e.tunneled) for e in entries] == [("GET", False), ("GET", True)]


def test_a_url_over_4096_characters_is_414_but_tunnelling_it_works(client, sandbox):
    account_id = member_account_ids(sandbox.world)[0]
    fake_campaigns = [enc(f"urn:li:sponsoredCampaign:{900000000 + i}") for i in range(120)]
    query = (
        "q=analytics&pivot=CAMPAIGN&timeGranularity=ALL&dateRange=(start:(year:2026,month:5,day:1))"
        f"&accounts=List({enc(f'urn:li:sponsoredAccount:{account_id}')})"
        f"&campaigns=List({','.join(fake_campaigns)})&fields=impressions"
    )
    assert len("/rest/adAnalytics?" + query) > 4096
    assert client.get("/adAnalytics?" + query).status_code == 414
    tunnelled = client.post(
        "/adAnalytics",
        content=query.encode(),
        headers={
            "X-HTTP-Method-Override": "GET",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert tunnelled.status_code == 200
    assert tunnelled.json()["elements"] == []  # none of those campaigns exist


# ---------------------------------------------------------------- routing and access


@pytest.mark.parametrize(
    "path",
    ["/noSuchResource", "/adAccounts/{account}/creatives?q=search", "/adAccounts?q=nope"],
)
def test_unknown_paths_and_finders_are_404(client, sandbox, path):
    account_id = member_account_ids(sandbox.world)[0]
    response = client.get(path.format(account=account_id))
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "RESOURCE_NOT_FOUND",
        "message": "No virtual resource found",
    }


def test_inaccessible_entities_are_403_with_linkedins_message(client, sandbox):
    version = f"{active_version()}01"
    org = foreign_org_id(sandbox.world)
    response = client.get(
        "/organizationalEntityFollowerStatistics?q=organizationalEntity"
        f"&organizationalEntity={enc(f'urn:li:organization:{org}')}"
    )
    assert response.status_code == 403
    assert response.json() == {
        "status": 403,
        "serviceErrorCode": 100,
        "code": "ACCESS_DENIED",
        "message": "Not enough permissions to access: "
        f"organizationalEntityFollowerStatistics.FINDER-organizationalEntity.{version}",
    }
    unknown_account = client.get("/adAccounts/1/adCampaigns?q=search")
    assert unknown_account.status_code == 403
    assert unknown_account.json()["message"].endswith(f"adCampaigns.FINDER-search.{version}")
    assert client.get("/adAccounts/1").json()["message"].endswith(f"adAccounts.GET.{version}")


# ---------------------------------------------------------------- response headers


def test_responses_carry_tracing_headers_and_no_rate_limit_headers(client):
    response = client.get("/adAccounts?q=search")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-li-uuid"]
    assert response.headers["x-li-fabric"]
    assert not [name for name in response.headers if name.lower().startswith("x-ratelimit")]
    assert "retry-after" not in response.headers
    second = client.get("/adAccounts?q=search")
    assert second.headers["x-li-uuid"] != response.headers["x-li-uuid"]
