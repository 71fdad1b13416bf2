"""Both paging regimes walk to the end without duplicates; page-size ceilings are LinkedIn's."""

from __future__ import annotations

import pytest

from linkedin_assets_tests.sandbox.test_http_support import (
    admin_org_ids,
    enc,
    error_code,
    member_account_ids,
    serving,
)


@pytest.fixture(scope="module")
def served():
    with serving() as (sandbox, server, client):
        yield sandbox, server, client


def walk_cursor(client, path: str, page_size: int) -> tuple[list[dict], int]:
    elements, pages, token = [], 0, None
    while True:
        url = f"{path}&pageSize={page_size}" + (f"&pageToken={token}" if token else "")
        response = client.get(url)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"elements", "metadata"}
        elements += body["elements"]
        pages += 1
        token = body["metadata"].get("nextPageToken")
        if token is None:
            return elements, pages
        assert len(body["elements"]) == page_size


def walk_links(client, server, path: str) -> tuple[list[dict], list[dict]]:
    """Follow paging.links rel=next from the first page to the last."""
    elements, pagings = [], []
    url = path
    while url:
        response = client.get(server.base_url + url if url.startswith("/rest") else url)
        assert response.status_code == 200, response.text
        body = response.json()
        elements += body["elements"]
        pagings.append(body["paging"])
        url = next(
            (link["href"] for link in body["paging"]["links"] if link["rel"] == "next"), None
        )
    return elements, pagings


def test_cursor_paging_walks_accounts_campaigns_and_creatives_exactly_once(served):
    sandbox, _, client = served
    world = sandbox.world
    accounts, pages = walk_cursor(client, "/adAccounts?q=search", page_size=1)
    ids = [account["id"] for account in accounts]
    assert sorted(ids) == member_account_ids(world) and len(set(ids)) == len(ids)
    assert pages == len(ids)
    for account_id in member_account_ids(world):
        owner = f"urn:li:sponsoredAccount:{account_id}"
        campaigns, _ = walk_cursor(client, f"/adAccounts/{account_id}/adCampaigns?q=search", 2)
        expected = sorted(c["id"] for c in world.campaigns if c["account"] == owner)
        assert sorted(c["id"] for c in campaigns) == expected
        creatives, _ = walk_cursor(client, f"/adAccounts/{account_id}/creatives?q=criteria", 3)
        expected_creatives = sorted(c["id"] for c in world.creatives if c["account"] == owner)
        assert sorted(c["id"] for c in creatives) == expected_creatives
        assert len({c["id"] for c in creatives}) == len(creatives)


def test_cursor_tokens_are_opaque_and_bound_to_their_query(served):
    sandbox, _, client = served
    account_id = member_account_ids(sandbox.world)[0]
    first = client.get(f"/adAccounts/{account_id}/creatives?q=criteria&pageSize=1").json()
    token = first["metadata"]["nextPageToken"]
    assert not token.isdigit()
    forged = client.get(f"/adAccounts/{account_id}/creatives?q=criteria&pageSize=1&pageToken=1")
    assert (forged.status_code, error_code(forged)) == (400, "PARAM_INVALID")
    other_query = client.get(
        f"/adAccounts/{account_id}/creatives?q=criteria&sortOrder=DESCENDING&pageSize=1&pageToken={token}"
    )
    assert other_query.status_code == 400


def test_index_paging_follows_links_to_the_end_with_totals(served):
    sandbox, server, client = served
    org = admin_org_ids(sandbox.world)[0]
    author = enc(f"urn:li:organization:{org}")
    posts, pagings = walk_links(client, server, f"/posts?q=author&author={author}&count=40")
    ids = [post["id"] for post in posts]
    assert len(ids) == len(set(ids)) == pagings[0]["total"] > 40
    assert [p["start"] for p in pagings] == list(range(0, 40 * len(pagings), 40))
    assert all(p["count"] == 40 for p in pagings)
    last_modified = [post["lastModifiedAt"] for post in posts]
    assert last_modified == sorted(last_modified, reverse=True)  # sortBy=LAST_MODIFIED default


def test_comments_and_reactions_page_to_the_end(served):
    sandbox, server, client = served
    world = sandbox.world
    org = f"urn:li:organization:{admin_org_ids(world)[0]}"
    # A post with a few pages of each, but not thousands of reactions (keeps the walk short).
    post = max(
        (p for p in world.posts if p["author"] == org and len(world.reactions_for(p["id"])) < 200),
        key=lambda p: len(world.comments_for(p["id"])),
    )
    assert len(world.comments_for(post["id"])) > 3 and len(world.reactions_for(post["id"])) > 5
    comments, pagings = walk_links(
        client, server, f"/socialActions/{enc(post['id'])}/comments?count=3"
    )
    assert len(comments) == len(world.comments_for(post["id"])) == pagings[0]["total"]
    reactions, _ = walk_links(
        client,
        server,
        f"/reactions/(entity:{enc(post['id'])})?q=entity&sort=(value:CHRONOLOGICAL)&count=5",
    )
    assert len(reactions) == len(world.reactions_for(post["id"]))
    times = [reaction["created"]["time"] for reaction in reactions]
    assert times == sorted(times)


def test_total_is_absent_where_linkedin_omits_it(served):
    _, _, client = served
    acls = client.get("/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED").json()
    assert set(acls["paging"]) == {"start", "count", "links"}
    users = client.get("/adAccountUsers?q=authenticatedUser").json()
    assert set(users["paging"]) == {"start", "count", "links", "total"}


def _max_size_cases(world):
    account = member_account_ids(world)[0]
    account_urn = enc(f"urn:li:sponsoredAccount:{account}")
    org = admin_org_ids(world)[0]
    org_urn = enc(f"urn:li:organization:{org}")
    post = next(p["id"] for p in world.posts if p["author"] == f"urn:li:organization:{org}")
    return [
        ("/adAccounts?q=search&pageSize={n}", 1000),
        (f"/adAccounts/{account}/adCampaignGroups?q=search&pageSize={{n}}", 1000),
        (f"/adAccounts/{account}/adCampaigns?q=search&pageSize={{n}}", 1000),
        (f"/adAccounts/{account}/creatives?q=criteria&pageSize={{n}}", 100),
        (f"/posts?q=author&author={org_urn}&count={{n}}", 100),
        (f"/reactions/(entity:{enc(post)})?q=entity&count={{n}}", 100),
        (f"/socialActions/{enc(post)}/comments?count={{n}}", 1000),
        (
            f"/organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity={org_urn}&count={{n}}",
            1000,
        ),
        ("/adAccountUsers?q=authenticatedUser&count={n}", 500),
        (f"/conversions?q=account&account={account_urn}&count={{n}}", 500),
        ("/organizationAcls?q=roleAssignee&count={n}", 500),
        (f"/leadForms?q=owner&owner=(sponsoredAccount:{account_urn})&count={{n}}", 500),
    ]


def test_page_sizes_up_to_the_maximum_work_and_beyond_are_400(served):
    sandbox, _, client = served
    for template, maximum in _max_size_cases(sandbox.world):
        assert client.get(template.format(n=maximum)).status_code == 200, template
        over = client.get(template.format(n=maximum + 1))
        assert over.status_code == 400, template
        assert over.json() == {"status": 400, "message": "Request would return too many entities. "}
