"""Ads entity endpoints over a real socket: search filters, single gets, account scoping."""

from __future__ import annotations

import pytest

from linkedin_assets_tests.sandbox.test_http_support import (
    enc,
    error_code,
    member_account_ids,
    serving,
    urn_list,
)


@pytest.fixture(scope="module")
def served():
    with serving() as (sandbox, server, client):
        yield sandbox, server, client


def all_pages(client, path: str) -> list[dict]:
    elements, token = [], None
    while True:
        body = client.get(path + "&pageSize=100" + (f"&pageToken={token}" if token else "")).json()
        elements += body["elements"]
        token = body["metadata"].get("nextPageToken")
        if not token:
            return elements


def test_account_search_filters(served):
    sandbox, _, client = served
    world = sandbox.world
    mine = [a for a in world.ad_accounts if a["id"] in member_account_ids(world)]
    for status in {a["status"] for a in mine}:
        found = all_pages(client, f"/adAccounts?q=search&search=(status:(values:List({status})))")
        assert sorted(a["id"] for a in found) == sorted(
            a["id"] for a in mine if a["status"] == status
        )
    non_test = all_pages(client, "/adAccounts?q=search&search=(test:false)")
    assert sorted(a["id"] for a in non_test) == sorted(a["id"] for a in mine if not a.get("test"))
    bad = client.get("/adAccounts?q=search&search=(status:(values:List(SLEEPING)))")
    assert (bad.status_code, error_code(bad)) == (400, "PARAM_INVALID")


def test_single_account_get_and_path_syntax(served):
    sandbox, _, client = served
    account_id = member_account_ids(sandbox.world)[0]
    expected = next(a for a in sandbox.world.ad_accounts if a["id"] == account_id)
    assert client.get(f"/adAccounts/{account_id}").json() == expected
    assert client.get("/adAccounts/not-a-number").status_code == 400


def test_campaign_groups_and_campaigns_are_account_scoped_and_filterable(served):
    sandbox, _, client = served
    world = sandbox.world
    account_id = member_account_ids(world)[0]
    owner = f"urn:li:sponsoredAccount:{account_id}"
    groups = all_pages(client, f"/adAccounts/{account_id}/adCampaignGroups?q=search")
    assert sorted(g["id"] for g in groups) == sorted(
        g["id"] for g in world.campaign_groups if g["account"] == owner
    )
    group = groups[0]
    group_urn = f"urn:li:sponsoredCampaignGroup:{group['id']}"
    campaigns = all_pages(
        client,
        f"/adAccounts/{account_id}/adCampaigns?q=search&search=(campaignGroup:(values:List({enc(group_urn)})))",
    )
    assert sorted(c["id"] for c in campaigns) == sorted(
        c["id"] for c in world.campaigns if c["campaignGroup"] == group_urn
    )
    campaign = next(c for c in world.campaigns if c["account"] == owner)
    assert client.get(f"/adAccounts/{account_id}/adCampaigns/{campaign['id']}").json() == campaign
    other_account = next(i for i in member_account_ids(world) if i != account_id)
    assert (
        client.get(f"/adAccounts/{other_account}/adCampaigns/{campaign['id']}").status_code == 404
    )
    descending = client.get(
        f"/adAccounts/{account_id}/adCampaigns?q=search&sortOrder=DESCENDING"
    ).json()
    ids = [c["id"] for c in descending["elements"]]
    assert ids == sorted(ids, reverse=True)


def test_creatives_criteria_filters_and_single_get(served):
    sandbox, _, client = served
    world = sandbox.world
    account_id = member_account_ids(world)[0]
    owner = f"urn:li:sponsoredAccount:{account_id}"
    mine = [c for c in world.creatives if c["account"] == owner]
    campaign = mine[0]["campaign"]
    by_campaign = all_pages(
        client, f"/adAccounts/{account_id}/creatives?q=criteria&campaigns={urn_list([campaign])}"
    )
    assert sorted(c["id"] for c in by_campaign) == sorted(
        c["id"] for c in mine if c["campaign"] == campaign
    )
    status = mine[0]["intendedStatus"]
    by_status = all_pages(
        client, f"/adAccounts/{account_id}/creatives?q=criteria&intendedStatuses=List({status})"
    )
    assert {c["intendedStatus"] for c in by_status} == {status}
    picked = client.get(
        f"/adAccounts/{account_id}/creatives?q=criteria&creatives={urn_list([mine[0]['id']])}"
    )
    assert [c["id"] for c in picked.json()["elements"]] == [mine[0]["id"]]
    assert client.get(f"/adAccounts/{account_id}/creatives/{enc(mine[0]['id'])}").json() == mine[0]


def test_account_users_by_member_and_by_account(served):
    sandbox, _, client = served
    world = sandbox.world
    mine = client.get("/adAccountUsers?q=authenticatedUser").json()["elements"]
    assert mine and all(user["user"] == world.member_urn for user in mine)
    account = f"urn:li:sponsoredAccount:{member_account_ids(world)[0]}"
    users = client.get(f"/adAccountUsers?q=accounts&accounts={enc(account)}&count=500").json()
    assert users["elements"] == [u for u in world.ad_account_users if u["account"] == account]
    denied = client.get(f"/adAccountUsers?q=accounts&accounts={enc('urn:li:sponsoredAccount:1')}")
    assert denied.status_code == 403


def test_conversions_by_account(served):
    sandbox, _, client = served
    world = sandbox.world
    account = f"urn:li:sponsoredAccount:{member_account_ids(world)[0]}"
    body = client.get(f"/conversions?q=account&account={enc(account)}&count=500").json()
    assert body["elements"] == [
        c for c in sorted(world.conversions, key=lambda c: c["id"]) if c["account"] == account
    ]
    assert body["paging"]["total"] == len(body["elements"])
    assert (
        client.get(f"/conversions?q=account&account={enc('urn:li:sponsoredAccount:1')}").status_code
        == 403
    )


def test_lead_forms_and_responses_by_owner_and_time_range(served):
    sandbox, _, client = served
    world = sandbox.world
    account = f"urn:li:sponsoredAccount:{member_account_ids(world)[0]}"
    owner = f"(sponsoredAccount:{enc(account)})"
    forms = client.get(f"/leadForms?q=owner&owner={owner}&count=500").json()["elements"]
    assert forms == [
        f for f in world.lead_forms if (f.get("owner") or {}).get("sponsoredAccount") == account
    ]
    responses = [
        r
        for r in world.lead_form_responses
        if (r.get("owner") or {}).get("sponsoredAccount") == account
    ]
    if not responses:
        pytest.skip("the world has no lead form responses for this account")
    times = sorted(r["submittedAt"] for r in responses)
    start, end = times[0], times[len(times) // 2]
    ranged = client.get(
        f"/leadFormResponses?q=owner&owner={owner}&leadType=(leadType:SPONSORED)"
        f"&submittedAtTimeRange=(start:{start},end:{end})&count=500"
    ).json()["elements"]
    assert ranged and all(start <= r["submittedAt"] < end for r in ranged)
    assert len(ranged) == sum(1 for t in times if start <= t < end)
    raw_urn = client.get(f"/leadForms?q=owner&owner=(sponsoredAccount:{account})")
    assert raw_urn.status_code == 400  # raw colons inside a record break Rest.li 2.0
