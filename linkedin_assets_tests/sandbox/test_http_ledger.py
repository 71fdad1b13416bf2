"""The ledger records every request with what benchmarks count: endpoint, finder, pivot,
fields, status, elements and bytes."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from linkedin_assets_tests.sandbox.test_http_support import (
    admin_org_ids,
    api_headers,
    date_range,
    enc,
    member_account_ids,
    plain_client,
    serving,
    urn_list,
)


def test_every_request_is_recorded_with_its_details():
    with serving() as (sandbox, _server, client):
        world = sandbox.world
        account = member_account_ids(world)[0]
        accounts = urn_list([f"urn:li:sponsoredAccount:{account}"])
        window = date_range(dt.date(2026, 5, 1), dt.date(2026, 5, 3))
        org = enc(f"urn:li:organization:{admin_org_ids(world)[0]}")
        responses = [
            client.get("/adAccounts?q=search&pageSize=2"),
            client.get(f"/adAccounts/{account}/adCampaigns?q=search"),
            client.get(
                f"/adAnalytics?q=analytics&pivot=(value:CREATIVE)&timeGranularity=DAILY&dateRange={window}"
                f"&accounts={accounts}&fields=dateRange,pivotValues,impressions"
            ),
            client.get(
                f"/adAnalytics?q=statistics&pivots=List(CAMPAIGN,CREATIVE)&timeGranularity=ALL"
                f"&dateRange={window}&accounts={accounts}"
            ),
            client.post(
                "/adAnalytics",
                content=f"q=analytics&pivot=ACCOUNT&timeGranularity=ALL&dateRange={window}&accounts={accounts}&fields=clicks".encode(),
                headers={
                    "X-HTTP-Method-Override": "GET",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            ),
            client.get(f"/posts?q=author&author={org}&count=5"),
            client.get("/adAccounts/1"),
            client.get("/nothingHere"),
        ]
        entries = sandbox.ledger.entries
        assert len(entries) == len(responses)
        summary = [
            (e.method, e.path, e.endpoint, e.finder, e.pivot, e.fields_count, e.status, e.tunneled)
            for e in entries
        ]
        assert summary == [
            ("GET", "/rest/adAccounts", "adAccounts", "search", None, None, 200, False),
            (
                "GET",
                f"/rest/adAccounts/{account}/adCampaigns",
                "adCampaigns",
                "search",
                None,
                None,
                200,
                False,
            ),
            ("GET", "/rest/adAnalytics", "adAnalytics", "analytics", "CREATIVE", 3, 200, False),
            (
                "GET",
                "/rest/adAnalytics",
                "adAnalytics",
                "statistics",
                "CAMPAIGN,CREATIVE",
                None,
                200,
                False,
            ),
            ("GET", "/rest/adAnalytics", "adAnalytics", "analytics", "ACCOUNT", 1, 200, True),
            ("GET", "/rest/posts", "posts", "author", None, None, 200, False),
            ("GET", "/rest/adAccounts/1", "adAccounts", None, None, None, 403, False),
            ("GET", "/rest/nothingHere", "nothingHere", None, None, None, 404, False),
        ]
        for entry, response in zip(entries, responses, strict=True):
            assert entry.response_bytes == len(response.content)
            body = response.json()
            expected = len(body["elements"]) if "elements" in body else None
            assert entry.elements == expected
            assert entry.fault is None
        ledger = sandbox.ledger
        assert ledger.count() == 8
        assert ledger.count(endpoint="adAnalytics") == 3
        assert ledger.count(endpoint="adAnalytics", finder="statistics") == 1
        assert ledger.count(status=200) == 6
        assert ledger.summary() == {
            "adAccounts": 2,
            "adCampaigns": 1,
            "adAnalytics": 3,
            "posts": 1,
            "nothingHere": 1,
        }
        ledger.reset()
        assert ledger.entries == [] and ledger.summary() == {}
        entries_copy = ledger.entries
        entries_copy.append(None)
        assert ledger.entries == []  # entries is a copy


def test_oauth_requests_are_recorded_too():
    with serving() as (sandbox, server, client):
        client.post(
            f"{server.oauth_base_url}/accessToken",
            data={
                "grant_type": "refresh_token",
                "refresh_token": "r",
                "client_id": "c",
                "client_secret": "s",
            },
        )
        (entry,) = sandbox.ledger.entries
        assert (entry.method, entry.endpoint, entry.status) == ("POST", "accessToken", 200)


def test_concurrent_clients_are_all_served_and_all_recorded():
    with serving() as (sandbox, server, _client):

        def burst(_: int) -> list[int]:
            with plain_client(base_url=server.api_base_url, headers=api_headers()) as client:
                return [client.get("/adAccounts?q=search").status_code for _ in range(10)]

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = [status for statuses in pool.map(burst, range(8)) for status in statuses]
        assert results == [200] * 80
        assert sandbox.ledger.count(endpoint="adAccounts", status=200) == 80
