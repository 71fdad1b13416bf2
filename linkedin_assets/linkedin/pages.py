"""Requests of the organization (Company Page) API family: ACLs, lookup, statistics, posts,
comments and reactions. Each function only describes a request; the client executes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from linkedin_assets.linkedin.request import ApiRequest, index_paging
from linkedin_assets.linkedin.restli import compound_key, path_key, time_intervals, urn

ACLS_PAGE_SIZE = 500
STATISTICS_PAGE_SIZE = 1000
POSTS_PAGE_SIZE = 100
COMMENTS_PAGE_SIZE = 1000
REACTIONS_PAGE_SIZE = 100
# Per-post share statistics: URNs per call, keeping the URL far from the 4 KB tunnelling limit.
POSTS_PER_STATISTICS_CALL = 50
# Post URN kinds the share statistics finder accepts (`shares=` and `ugcPosts=`).
STATISTICS_POST_PREFIXES = ("urn:li:share:", "urn:li:ugcPost:")


def organization_urn(organization_id: int | str) -> str:
    return urn("organization", organization_id)


def organization_acls(role: str = "ADMINISTRATOR", state: str = "APPROVED") -> ApiRequest:
    return ApiRequest(
        endpoint="organizationAcls",
        path="/organizationAcls",
        params=(("q", "roleAssignee"), ("role", role), ("state", state)),
        paging=index_paging(ACLS_PAGE_SIZE),
    )


def organizations(organization_ids: Sequence[int]) -> ApiRequest:
    """Batch lookup; the answer is `{"results": {id: org}, "statuses": …, "errors": …}`."""
    return ApiRequest(
        endpoint="organizations",
        path="/organizations",
        params=(("ids", [int(i) for i in organization_ids]),),
    )


def network_size(organization_id: int) -> ApiRequest:
    return ApiRequest(
        endpoint="networkSizes",
        path=f"/networkSizes/{path_key(organization_urn(organization_id))}",
        params=(("edgeType", "COMPANY_FOLLOWED_BY_MEMBER"),),
    )


def _statistics(
    endpoint: str,
    entity_param: str,
    organization_id: int,
    start: dt.date | None,
    end: dt.date | None,
    granularity: str,
) -> ApiRequest:
    intervals = time_intervals(start, end, granularity) if start and end else None
    return ApiRequest(
        endpoint=endpoint,
        path=f"/{endpoint}",
        params=(
            ("q", entity_param),
            (entity_param, organization_urn(organization_id)),
            ("timeIntervals", intervals),
        ),
        paging=index_paging(STATISTICS_PAGE_SIZE, short_page_ends=True),
    )


def follower_statistics(
    organization_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    granularity: str = "DAY",
) -> ApiRequest:
    """Without a window: lifetime demographics. With [start, end): gains per bucket."""
    return _statistics(
        "organizationalEntityFollowerStatistics",
        "organizationalEntity",
        organization_id,
        start,
        end,
        granularity,
    )


def page_statistics(
    organization_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    granularity: str = "DAY",
) -> ApiRequest:
    return _statistics(
        "organizationPageStatistics", "organization", organization_id, start, end, granularity
    )


def share_statistics(
    organization_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    granularity: str = "DAY",
) -> ApiRequest:
    return _statistics(
        "organizationalEntityShareStatistics",
        "organizationalEntity",
        organization_id,
        start,
        end,
        granularity,
    )


def post_share_statistics(organization_id: int, post_urns: Sequence[str]) -> ApiRequest:
    """Lifetime statistics of specific posts, shares and ugcPosts in one call."""
    shares = [u for u in post_urns if u.startswith("urn:li:share:")]
    ugc_posts = [u for u in post_urns if u.startswith("urn:li:ugcPost:")]
    return ApiRequest(
        endpoint="organizationalEntityShareStatistics",
        path="/organizationalEntityShareStatistics",
        params=(
            ("q", "organizationalEntity"),
            ("organizationalEntity", organization_urn(organization_id)),
            ("shares", shares or None),
            ("ugcPosts", ugc_posts or None),
        ),
        paging=index_paging(STATISTICS_PAGE_SIZE, short_page_ends=True),
    )


def posts_by_author(author_urn: str, sort_by: str = "LAST_MODIFIED") -> ApiRequest:
    return ApiRequest(
        endpoint="posts",
        path="/posts",
        params=(("q", "author"), ("author", author_urn), ("sortBy", sort_by)),
        paging=index_paging(POSTS_PAGE_SIZE),
    )


def post(post_urn: str) -> ApiRequest:
    return ApiRequest(endpoint="posts", path=f"/posts/{path_key(post_urn)}")


def comments(post_urn: str) -> ApiRequest:
    return ApiRequest(
        endpoint="socialActions/comments",
        path=f"/socialActions/{path_key(post_urn)}/comments",
        paging=index_paging(COMMENTS_PAGE_SIZE),
    )


def reactions(entity_urn: str) -> ApiRequest:
    return ApiRequest(
        endpoint="reactions",
        path=f"/reactions/{compound_key(entity=entity_urn)}",
        params=(("q", "entity"), ("sort", {"value": "REVERSE_CHRONOLOGICAL"})),
        paging=index_paging(REACTIONS_PAGE_SIZE),
    )


def organization_posts(
    author_urn: str,
    *,
    sort_by: str = "CREATED",
    include_dsc: bool = True,
    author_view: bool = True,
) -> ApiRequest:
    """Every post of a page, newest first by `sort_by` (CREATED lets a windowed reader stop
    paging once past its window). `isDsc=true` adds Direct Sponsored Content (dark posts) and
    `viewContext=AUTHOR` adds drafts and other unpublished states: what a page admin sees."""
    return ApiRequest(
        endpoint="posts",
        path="/posts",
        params=(
            ("q", "author"),
            ("author", author_urn),
            ("sortBy", sort_by),
            ("isDsc", include_dsc),
            ("viewContext", "AUTHOR" if author_view else None),
        ),
        paging=index_paging(POSTS_PAGE_SIZE),
    )


def post_share_statistics_batches(
    organization_id: int,
    post_urns: Sequence[str],
    *,
    url_prefix_length: int,
    url_budget: int = 4000,
    minimum_batch: int = POSTS_PER_STATISTICS_CALL,
) -> list[ApiRequest]:
    """Per-post lifetime statistics in as few calls as possible.

    A batch always takes `minimum_batch` posts (the client tunnels a URL that grows too long)
    and keeps growing while the URL (`url_prefix_length` = length of the API base URL) stays
    within `url_budget`, so no call needs tunnelling that would not have needed it anyway.
    Only share and ugcPost URNs have statistics; others are left out.
    """
    eligible = [u for u in dict.fromkeys(post_urns) if u.startswith(STATISTICS_POST_PREFIXES)]
    batches: list[list[str]] = []
    current: list[str] = []
    for post_urn in eligible:
        candidate = [*current, post_urn]
        fits = len(candidate) <= minimum_batch or (
            url_prefix_length + len(_first_page_target(organization_id, candidate)) <= url_budget
        )
        if fits:
            current = candidate
        else:
            batches.append(current)
            current = [post_urn]
    if current:
        batches.append(current)
    return [post_share_statistics(organization_id, batch) for batch in batches]


def _first_page_target(organization_id: int, post_urns: Sequence[str]) -> str:
    """The URL tail the client sends for the first page, paging parameters included."""
    request = post_share_statistics(organization_id, post_urns)
    return request.target((("start", 0), ("count", request.paging.page_size)))
