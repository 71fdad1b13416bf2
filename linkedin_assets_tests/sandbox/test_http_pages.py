"""Organization endpoints over a real socket: ACLs, lookups, statistics windows, network
sizes, posts, comments and reactions."""

from __future__ import annotations

import datetime as dt

import pytest

from linkedin_assets_tests.sandbox.test_http_support import (
    WORLD_TODAY,
    admin_org_ids,
    enc,
    epoch_ms,
    foreign_org_id,
    serving,
)


@pytest.fixture(scope="module")
def served():
    with serving() as (sandbox, server, client):
        yield sandbox, server, client


@pytest.fixture
def org(served):
    return admin_org_ids(served[0].world)[0]


def intervals(start: dt.date, end: dt.date, granularity: str = "DAY") -> str:
    return f"(timeRange:(start:{epoch_ms(start)},end:{epoch_ms(end)}),timeGranularityType:{granularity})"


def follower_stats(client, org: int, extra: str = ""):
    return client.get(
        "/organizationalEntityFollowerStatistics?q=organizationalEntity"
        f"&organizationalEntity={enc(f'urn:li:organization:{org}')}{extra}"
    )


def test_acls_list_the_members_roles_with_filters(served):
    sandbox, _, client = served
    world = sandbox.world
    everything = client.get("/organizationAcls?q=roleAssignee").json()["elements"]
    mine = [acl for acl in world.organization_acls if acl["roleAssignee"] == world.member_urn]
    assert everything == mine
    admins = client.get("/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED").json()
    assert sorted(
        int(a["organization"].rsplit(":", 1)[1]) for a in admins["elements"]
    ) == admin_org_ids(world)
    as_record = client.get(
        "/organizationAcls?q=roleAssignee&role=(value:ADMINISTRATOR)&state=APPROVED"
    )
    assert as_record.json()["elements"] == admins["elements"]


def test_organization_lookup_admin_view_public_view_and_batch(served, org):
    sandbox, _, client = served
    foreign = foreign_org_id(sandbox.world)
    admin_view = client.get(f"/organizations/{org}").json()
    public_view = client.get(f"/organizations/{foreign}").json()
    assert admin_view["id"] == org and public_view["id"] == foreign
    assert "website" in admin_view and "website" not in public_view
    assert client.get("/organizations/999999999").status_code == 404
    batch = client.get(f"/organizations?ids=List({org},{foreign},999999999)").json()
    assert set(batch) == {"results", "statuses", "errors"}
    assert set(batch["results"]) == {str(org), str(foreign)}
    assert batch["statuses"] == {str(org): 200, str(foreign): 200, "999999999": 404}
    assert batch["errors"]["999999999"]["status"] == 404


def test_lifetime_follower_statistics_have_the_facets(served, org):
    client = served[2]
    body = follower_stats(client, org).json()
    (element,) = body["elements"]
    assert element["organizationalEntity"] == f"urn:li:organization:{org}"
    assert any(key.startswith("followerCountsBy") for key in element)


def test_time_bound_day_buckets_are_midnight_aligned_whole_days(served, org):
    sandbox, _, client = served
    start, end = WORLD_TODAY - dt.timedelta(days=40), WORLD_TODAY - dt.timedelta(days=10)
    body = follower_stats(client, org, f"&timeIntervals={intervals(start, end)}").json()
    ranges = [(e["timeRange"]["start"], e["timeRange"]["end"]) for e in body["elements"]]
    assert ranges == [
        (epoch_ms(start) + i * 86_400_000, epoch_ms(start) + (i + 1) * 86_400_000)
        for i in range(30)
    ]
    first = body["elements"][0]["followerGains"]
    assert first == sandbox.world.follower_gains(org, start)
    assert all(
        e[key] == [] for e in body["elements"] for key in e if key.startswith("followerCountsBy")
    )


def test_month_buckets_sum_the_days(served, org):
    sandbox, _, client = served
    start, end = dt.date(2026, 3, 1), dt.date(2026, 5, 1)
    monthly = follower_stats(client, org, f"&timeIntervals={intervals(start, end, 'MONTH')}").json()
    assert [e["timeRange"]["start"] for e in monthly["elements"]] == [
        epoch_ms(start),
        epoch_ms(dt.date(2026, 4, 1)),
    ]
    march = [sandbox.world.follower_gains(org, dt.date(2026, 3, d)) for d in range(1, 32)]
    assert monthly["elements"][0]["followerGains"]["organicFollowerGain"] == sum(
        day["organicFollowerGain"] for day in march
    )


@pytest.mark.parametrize(
    ("start_days_ago", "end_days_ago", "offset_ms"),
    [
        (400, 380, 0),  # start older than 12 months
        (10, 0, 0),  # end reaches today: the newest ~2 days are not served
        (20, 10, 3_600_000),  # not aligned to midnight UTC
        (20, 20, 0),  # shorter than one DAY bucket
    ],
)
def test_invalid_time_windows_are_400_invalid_time_intervals(
    served, org, start_days_ago, end_days_ago, offset_ms
):
    client = served[2]
    start = epoch_ms(WORLD_TODAY - dt.timedelta(days=start_days_ago)) + offset_ms
    end = epoch_ms(WORLD_TODAY - dt.timedelta(days=end_days_ago))
    response = follower_stats(
        client, org, f"&timeIntervals=(timeRange:(start:{start},end:{end}),timeGranularityType:DAY)"
    )
    assert response.status_code == 400
    assert "Invalid timeIntervals parameter" in response.json()["message"]


def test_page_statistics_lifetime_and_time_bound(served, org):
    sandbox, _, client = served
    urn = enc(f"urn:li:organization:{org}")
    lifetime = client.get(f"/organizationPageStatistics?q=organization&organization={urn}").json()
    assert "totalPageStatistics" in lifetime["elements"][0]
    day = WORLD_TODAY - dt.timedelta(days=5)
    bound = client.get(
        f"/organizationPageStatistics?q=organization&organization={urn}"
        f"&timeIntervals={intervals(day, day + dt.timedelta(days=1))}"
    ).json()
    (element,) = bound["elements"]
    assert element["totalPageStatistics"] == sandbox.world.page_statistics(org, day)


def test_share_statistics_lifetime_time_bound_and_per_post(served, org):
    sandbox, _, client = served
    world = sandbox.world
    urn = enc(f"urn:li:organization:{org}")
    base = f"/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={urn}"
    lifetime = client.get(base).json()["elements"]
    assert len(lifetime) == 1 and "totalShareStatistics" in lifetime[0]
    day = WORLD_TODAY - dt.timedelta(days=3)
    bound = client.get(base + f"&timeIntervals={intervals(day, day + dt.timedelta(days=1))}").json()
    assert bound["elements"][0]["totalShareStatistics"] == world.share_statistics(org, day)
    posts = [
        p
        for p in world.posts
        if p["author"] == f"urn:li:organization:{org}" and world.post_statistics(p["id"])
    ]
    shares = [p["id"] for p in posts if p["id"].startswith("urn:li:share:")][:2]
    ugc = [p["id"] for p in posts if p["id"].startswith("urn:li:ugcPost:")][:1]
    query = f"&shares=List({','.join(enc(s) for s in shares)})"
    if ugc:
        query += f"&ugcPosts=List({','.join(enc(u) for u in ugc)})"
    per_post = client.get(base + query).json()["elements"]
    keyed = {e.get("share") or e.get("ugcPost"): e["totalShareStatistics"] for e in per_post}
    assert keyed == {post_urn: world.post_statistics(post_urn) for post_urn in shares + ugc}


def test_network_size_is_the_follower_total(served, org):
    sandbox, _, client = served
    response = client.get(
        f"/networkSizes/{enc(f'urn:li:organization:{org}')}?edgeType=COMPANY_FOLLOWED_BY_MEMBER"
    )
    assert response.json() == {"firstDegreeSize": sandbox.world.network_size(org)}
    missing_edge = client.get(f"/networkSizes/{enc(f'urn:li:organization:{org}')}")
    assert missing_edge.status_code == 400


def test_posts_single_batch_and_access(served, org):
    sandbox, _, client = served
    world = sandbox.world
    post = next(p for p in world.posts if p["author"] == f"urn:li:organization:{org}")
    assert client.get(f"/posts/{enc(post['id'])}").json() == post
    foreign_post = next(
        (p for p in world.posts if p["author"] == f"urn:li:organization:{foreign_org_id(world)}"),
        None,
    )
    ids = [post["id"]] + ([foreign_post["id"]] if foreign_post else [])
    batch = client.get(f"/posts?ids=List({','.join(enc(i) for i in ids)})").json()
    assert batch["results"] == {post["id"]: post}
    if foreign_post:
        assert batch["statuses"][foreign_post["id"]] == 403
        assert client.get(f"/posts/{enc(foreign_post['id'])}").status_code == 403
    author = enc(f"urn:li:organization:{foreign_org_id(world)}")
    assert client.get(f"/posts?q=author&author={author}").status_code == 403


def test_posts_by_author_filter_drafts_and_dark_posts_like_linkedin(served, org):
    sandbox, _, client = served
    world = sandbox.world
    author = f"urn:li:organization:{org}"
    mine = [p for p in world.posts if p["author"] == author]

    def fetch(extra: str) -> list[dict]:
        body = client.get(f"/posts?q=author&author={enc(author)}&count=100{extra}").json()
        elements = body["elements"]
        while len(elements) < body["paging"]["total"]:
            start = len(elements)
            elements += client.get(
                f"/posts?q=author&author={enc(author)}&count=100&start={start}{extra}"
            ).json()["elements"]
        return elements

    reader = fetch("")
    assert all(p["lifecycleState"] == "PUBLISHED" for p in reader)
    assert not any((p.get("adContext") or {}).get("isDsc") for p in reader)
    every = fetch("&viewContext=AUTHOR&isDsc=true")
    assert sorted(p["id"] for p in every) == sorted(p["id"] for p in mine)
    assert len(reader) < len(every)  # the world has drafts and dark posts to hide
    by_created = fetch("&sortBy=CREATED")
    created = [p["createdAt"] for p in by_created]
    assert created == sorted(created, reverse=True)


def test_comments_and_reactions_of_a_foreign_post_are_403(served):
    sandbox, _, client = served
    world = sandbox.world
    foreign = f"urn:li:organization:{foreign_org_id(world)}"
    post = next((p for p in world.posts if p["author"] == foreign), None)
    if post is None:
        pytest.skip("the world has no post by a foreign organization")
    assert client.get(f"/socialActions/{enc(post['id'])}/comments").status_code == 403
    assert client.get(f"/reactions/(entity:{enc(post['id'])})?q=entity").status_code == 403
