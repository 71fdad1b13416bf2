"""Organization (Company Page) endpoints: ACLs, lookups, follower / page / share statistics,
network sizes, posts, comments and reactions (linkedin_api.md §6, §7.1-7.3)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linkedin_assets.sandbox.errors import (
    InputError,
    not_found,
    param_invalid,
    path_syntax_error,
    validation_error,
)
from linkedin_assets.sandbox.paging import index_page, index_window
from linkedin_assets.sandbox.restli_parser import (
    as_enum,
    as_int,
    decode_path_key,
    parse_path_record,
    require_keys,
    urn_id,
)

if TYPE_CHECKING:
    from linkedin_assets.sandbox.app import RouteContext
    from linkedin_assets.sandbox.world import World

DAY_MS = 86_400_000
ROLES = (
    "ADMINISTRATOR",
    "DIRECT_SPONSORED_CONTENT_POSTER",
    "RECRUITING_POSTER",
    "LEAD_GEN_FORMS_MANAGER",
    "ANALYST",
    "CURATOR",
    "CONTENT_ADMIN",
)
ACL_STATES = ("APPROVED", "REQUESTED", "REJECTED", "REVOKED")
GRANULARITIES = ("DAY", "WEEK", "MONTH")
FOLLOWER_FACETS = (
    "followerCountsByAssociationType",
    "followerCountsBySeniority",
    "followerCountsByIndustry",
    "followerCountsByFunction",
    "followerCountsByStaffCountRange",
    "followerCountsByGeoCountry",
    "followerCountsByGeo",
)
# Fields only an organization's administrators see in a lookup (§6.2).
ADMIN_ONLY_ORGANIZATION_FIELDS = (
    "website",
    "localizedWebsite",
    "description",
    "localizedDescription",
    "industries",
    "staffCountRange",
    "logoV2",
)
POST_SORTS = {"LAST_MODIFIED": "lastModifiedAt", "CREATED": "createdAt"}
REACTION_SORTS = ("REVERSE_CHRONOLOGICAL", "CHRONOLOGICAL", "RELEVANCE")
EDGE_TYPES = ("COMPANY_FOLLOWED_BY_MEMBER", "CompanyFollowedByMember")
SOCIAL_CACHE_SIZE = 64


def organization_urn(organization_id: int) -> str:
    return f"urn:li:organization:{organization_id}"


class OrgCatalog:
    """Indexes over the World's organizations and posts, plus the member's admin rights."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.organization_by_id = {org["id"]: org for org in world.organizations}
        self.admin_ids = {
            int(str(acl["organization"]).rsplit(":", 1)[-1])
            for acl in world.organization_acls
            if acl["roleAssignee"] == world.member_urn
            and acl["role"] == "ADMINISTRATOR"
            and acl["state"] == "APPROVED"
        }
        self.post_by_urn = {post["id"]: post for post in world.posts}
        self.posts_by_author: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for post in world.posts:
            self.posts_by_author[post["author"]].append(post)
        self._social_cache: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def comments(self, post_urn: str) -> list[dict[str, Any]]:
        return self._cached("comments", post_urn, self.world.comments_for)

    def reactions(self, post_urn: str) -> list[dict[str, Any]]:
        return self._cached("reactions", post_urn, self.world.reactions_for)

    def _cached(
        self, kind: str, post_urn: str, produce: Callable[[str], list[dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """Paging a big thread re-reads the same list page after page: keep recent ones.
        The World is immutable, so a cached list never goes stale."""
        key = (kind, post_urn)
        found = self._social_cache.get(key)
        if found is None:
            found = produce(post_urn)
            if len(self._social_cache) >= SOCIAL_CACHE_SIZE:
                self._social_cache.pop(next(iter(self._social_cache)))
            self._social_cache[key] = found
        return found

    def is_admin(self, organization_id: int) -> bool:
        return organization_id in self.admin_ids

    def post_author_id(self, post: dict[str, Any]) -> int | None:
        author = str(post.get("author", ""))
        if not author.startswith("urn:li:organization:"):
            return None
        return int(author.rsplit(":", 1)[-1])


def _require_finder(ctx: RouteContext, *finders: str) -> str:
    finder = ctx.query.text("q")
    if finder not in finders:
        raise not_found()
    return finder


def _admin_organization(ctx: RouteContext, param: str) -> tuple[int, str]:
    """The organization URN param, which the member must administer."""
    urn = ctx.query.text(param, required=True)
    assert urn is not None
    organization_id = urn_id(urn, ("organization", "organizationBrand"), param)
    if not ctx.orgs.is_admin(organization_id):
        raise ctx.deny()
    return organization_id, urn


# ---------------------------------------------------------------- ACLs and lookups


def organization_acls(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /organizationAcls?q=roleAssignee[&role=][&state=] | q=organization&organization=."""
    finder = _require_finder(ctx, "roleAssignee", "organization")
    role = ctx.query.enum("role", ROLES)
    state = ctx.query.enum("state", ACL_STATES)
    acls = ctx.world.organization_acls
    if finder == "roleAssignee":
        selected = [acl for acl in acls if acl["roleAssignee"] == ctx.world.member_urn]
    else:
        _, urn = _admin_organization(ctx, "organization")
        selected = [acl for acl in acls if acl["organization"] == urn]
    elements = [
        acl
        for acl in selected
        if (role is None or acl["role"] == role) and (state is None or acl["state"] == state)
    ]
    window = index_window(ctx.query, "organizationAcls")
    return index_page(elements, window, ctx.path, ctx.query, include_total=False)


def _organization_view(ctx: RouteContext, organization: dict[str, Any]) -> dict[str, Any]:
    if ctx.orgs.is_admin(organization["id"]):
        return organization
    return {k: v for k, v in organization.items() if k not in ADMIN_ONLY_ORGANIZATION_FIELDS}


def organization(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /organizations/{id}: admin view for administered pages, public view otherwise."""
    if not args[0].isdigit():
        raise path_syntax_error()
    found = ctx.orgs.organization_by_id.get(int(args[0]))
    if found is None:
        raise not_found()
    return _organization_view(ctx, found)


def organizations(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /organizations?ids=List(...) (batch) or ?q=vanityName&vanityName=..."""
    if "ids" in ctx.query:
        results: dict[str, Any] = {}
        statuses: dict[str, int] = {}
        errors: dict[str, Any] = {}
        for raw_id in ctx.query.leaf_list("ids") or []:
            if not raw_id.isdigit():
                raise param_invalid("ids", f"'{raw_id}' is not an organization id")
            found = ctx.orgs.organization_by_id.get(int(raw_id))
            if found is None:
                statuses[raw_id] = 404
                errors[raw_id] = not_found().body
            else:
                statuses[raw_id] = 200
                results[raw_id] = _organization_view(ctx, found)
        return {"results": results, "statuses": statuses, "errors": errors}
    _require_finder(ctx, "vanityName")
    vanity = ctx.query.text("vanityName", required=True)
    elements = [
        _organization_view(ctx, org)
        for org in ctx.world.organizations
        if str(org.get("vanityName", "")).lower() == str(vanity).lower()
    ]
    return index_page(
        elements, index_window(ctx.query, "organizations"), ctx.path, ctx.query, False
    )


def network_size(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /networkSizes/{encoded org urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER."""
    urn = decode_path_key(args[0], ctx.protocol_v2)
    ctx.query.enum("edgeType", EDGE_TYPES, required=True)
    try:
        organization_id = urn_id(urn, "organization", "networkSizes")
    except Exception:
        raise not_found() from None
    if organization_id not in ctx.orgs.organization_by_id:
        raise not_found()
    return {"firstDegreeSize": ctx.world.network_size(organization_id)}


# ---------------------------------------------------------------- statistics time windows


@dataclass(frozen=True)
class Bucket:
    start: dt.date
    end: dt.date  # exclusive

    def days(self) -> Iterator[dt.date]:
        day = self.start
        while day < self.end:
            yield day
            day += dt.timedelta(days=1)

    def time_range(self) -> dict[str, int]:
        return {"start": _epoch_ms(self.start), "end": _epoch_ms(self.end)}


def _epoch_ms(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days * DAY_MS


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _interval_error(detail: str) -> Exception:
    return validation_error(
        [
            InputError(
                "timeIntervals", "PARAM_INVALID", f"Invalid timeIntervals parameter: {detail}"
            )
        ],
        message=f"Invalid timeIntervals parameter: {detail}",
    )


def time_buckets(ctx: RouteContext) -> list[Bucket] | None:
    """Parse `timeIntervals=(timeRange:(start:ms,end:ms),timeGranularityType:DAY)`.

    LinkedIn's window rules (§6.7): midnight-UTC aligned, at least one whole bucket long,
    start no more than 12 months back, and end no later than midnight UTC of yesterday in the
    world (the newest ~2 days are not served yet). Only whole buckets are returned.
    """
    record = ctx.query.record("timeIntervals")
    if record is None:
        return None
    require_keys(record, "timeIntervals", ("timeRange", "timeGranularityType"))
    granularity = as_enum(
        record.get("timeGranularityType", "DAY"), "timeIntervals.timeGranularityType", GRANULARITIES
    )
    time_range = record.get("timeRange")
    if not isinstance(time_range, dict):
        raise _interval_error("timeRange is required")
    require_keys(time_range, "timeIntervals.timeRange", ("start", "end"))
    if "start" not in time_range:
        raise _interval_error("timeRange.start is required")
    start_ms = as_int(time_range["start"], "timeIntervals.timeRange.start")
    today = ctx.world.today
    latest_end_ms = _epoch_ms(today - dt.timedelta(days=1))
    end_ms = (
        as_int(time_range["end"], "timeIntervals.timeRange.end")
        if "end" in time_range
        else (latest_end_ms)
    )
    if start_ms % DAY_MS or end_ms % DAY_MS:
        raise _interval_error("start and end must be aligned to midnight UTC")
    if start_ms < _epoch_ms(_add_months(today, -12)):
        raise _interval_error("start must be within the last 12 months")
    if end_ms > latest_end_ms:
        raise _interval_error("end must be at least a day in the past")
    start = dt.date(1970, 1, 1) + dt.timedelta(days=start_ms // DAY_MS)
    end = dt.date(1970, 1, 1) + dt.timedelta(days=end_ms // DAY_MS)
    step: Callable[[dt.date], dt.date] = {
        "DAY": lambda day: day + dt.timedelta(days=1),
        "WEEK": lambda day: day + dt.timedelta(days=7),
        "MONTH": lambda day: _add_months(day, 1),
    }[granularity]
    if step(start) > end:
        raise _interval_error(
            "End time must be greater than start time by at least one multiple of the "
            f"granularity type [{granularity}]"
        )
    buckets = []
    bucket_start = start
    while step(bucket_start) <= end:
        buckets.append(Bucket(bucket_start, step(bucket_start)))
        bucket_start = step(bucket_start)
    return buckets


def sum_nested(total: Any, addition: Any) -> Any:
    """Add two statistics bodies: numbers add, dicts merge key by key, lists of facet items
    merge on their non-numeric fields."""
    if total is None:
        return addition
    if isinstance(total, bool) or isinstance(addition, bool):
        return total
    if isinstance(total, int | float) and isinstance(addition, int | float):
        return total + addition
    if isinstance(total, dict) and isinstance(addition, dict):
        merged = dict(total)
        for key, value in addition.items():
            merged[key] = sum_nested(merged.get(key), value)
        return merged
    if isinstance(total, list) and isinstance(addition, list):
        merged_items: dict[Any, Any] = {}
        for item in [*total, *addition]:
            identity = _facet_identity(item)
            merged_items[identity] = sum_nested(merged_items.get(identity), item)
        return list(merged_items.values())
    return total


def _facet_identity(item: Any) -> Any:
    if not isinstance(item, dict):
        return repr(item)
    return tuple(
        sorted((k, repr(v)) for k, v in item.items() if not isinstance(v, int | float | dict))
    )


def _sum_days(bucket: Bucket, daily: Callable[[dt.date], dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] | None = None
    for day in bucket.days():
        total = sum_nested(total, daily(day))
    return total or {}


def _engagement(stats: dict[str, Any]) -> dict[str, Any]:
    """Engagement is a ratio: recompute it from the summed counts instead of adding ratios."""
    if "engagement" not in stats:
        return stats
    impressions = stats.get("impressionCount") or 0
    interactions = sum(
        stats.get(key) or 0 for key in ("clickCount", "likeCount", "commentCount", "shareCount")
    )
    return {**stats, "engagement": round(interactions / impressions, 6) if impressions else 0.0}


def _statistics_page(ctx: RouteContext, elements: list[dict[str, Any]], endpoint: str):
    return index_page(elements, index_window(ctx.query, endpoint), ctx.path, ctx.query, False)


# ---------------------------------------------------------------- statistics endpoints


def follower_statistics(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /organizationalEntityFollowerStatistics?q=organizationalEntity (lifetime/time-bound)."""
    _require_finder(ctx, "organizationalEntity")
    organization_id, urn = _admin_organization(ctx, "organizationalEntity")
    buckets = time_buckets(ctx)
    if buckets is None:
        element = {"organizationalEntity": urn, **ctx.world.follower_lifetime(organization_id)}
        elements = [element]
    else:
        elements = [
            {
                "timeRange": bucket.time_range(),
                "followerGains": _sum_days(
                    bucket, lambda day: ctx.world.follower_gains(organization_id, day)
                ),
                **{facet: [] for facet in FOLLOWER_FACETS},
                "organizationalEntity": urn,
            }
            for bucket in buckets
        ]
    return _statistics_page(ctx, elements, "organizationalEntityFollowerStatistics")


def page_statistics(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /organizationPageStatistics?q=organization (lifetime/time-bound)."""
    _require_finder(ctx, "organization")
    organization_id, urn = _admin_organization(ctx, "organization")
    buckets = time_buckets(ctx)
    if buckets is None:
        elements = [{"organization": urn, **ctx.world.page_lifetime(organization_id)}]
    else:
        elements = [
            {
                "timeRange": bucket.time_range(),
                "totalPageStatistics": _sum_days(
                    bucket, lambda day: ctx.world.page_statistics(organization_id, day)
                ),
                "organization": urn,
            }
            for bucket in buckets
        ]
    return _statistics_page(ctx, elements, "organizationPageStatistics")


def share_statistics(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /organizationalEntityShareStatistics?q=organizationalEntity: lifetime, time-bound,
    or per post with shares=List(...) / ugcPosts=List(...)."""
    _require_finder(ctx, "organizationalEntity")
    organization_id, urn = _admin_organization(ctx, "organizationalEntity")
    shares = ctx.query.leaf_list("shares")
    ugc_posts = ctx.query.leaf_list("ugcPosts")
    buckets = time_buckets(ctx)
    if shares is not None or ugc_posts is not None:
        if buckets is not None:
            raise param_invalid(
                "timeIntervals",
                "The sandbox serves per-post share statistics as lifetime totals only",
            )
        elements = _per_post_statistics(ctx, urn, shares or [], ugc_posts or [])
    elif buckets is None:
        elements = [
            {
                "organizationalEntity": urn,
                "totalShareStatistics": _lifetime_share_statistics(ctx, urn),
            }
        ]
    else:
        elements = []
        for bucket in buckets:
            days = list(bucket.days())
            totals = _sum_days(bucket, lambda d: ctx.world.share_statistics(organization_id, d))
            elements.append(
                {
                    "organizationalEntity": urn,
                    "timeRange": bucket.time_range(),
                    "totalShareStatistics": totals if len(days) == 1 else _engagement(totals),
                }
            )
    return _statistics_page(ctx, elements, "organizationalEntityShareStatistics")


def _lifetime_share_statistics(ctx: RouteContext, organization: str) -> dict[str, Any]:
    """Lifetime org totals = the lifetime totals of its posts, summed."""
    lifetime = getattr(ctx.world, "share_lifetime", None)  # a helper beyond the World contract
    if lifetime is not None:
        return lifetime(int(organization.rsplit(":", 1)[1]))
    total: dict[str, Any] | None = None
    for post in ctx.orgs.posts_by_author.get(organization, []):
        statistics = ctx.world.post_statistics(post["id"])
        if statistics is not None:
            total = sum_nested(total, statistics)
    return _engagement(total or {})


def _per_post_statistics(
    ctx: RouteContext, organization: str, shares: list[str], ugc_posts: list[str]
) -> list[dict[str, Any]]:
    elements = []
    for key, urns, kind in (("share", shares, "share"), ("ugcPost", ugc_posts, "ugcPost")):
        for post_urn in urns:
            urn_id(post_urn, kind, f"{key}s")
            post = ctx.orgs.post_by_urn.get(post_urn)
            if post is None or post.get("author") != organization:
                continue  # LinkedIn omits posts it has no statistics for
            statistics = ctx.world.post_statistics(post_urn)
            if statistics is None:
                continue
            elements.append(
                {
                    "organizationalEntity": organization,
                    key: post_urn,
                    "totalShareStatistics": statistics,
                }
            )
    return elements


# ---------------------------------------------------------------- posts, comments, reactions


def _readable_post(ctx: RouteContext, post_urn: str) -> dict[str, Any]:
    post = ctx.orgs.post_by_urn.get(post_urn)
    if post is None:
        raise not_found()
    author_id = ctx.orgs.post_author_id(post)
    if author_id is None or not ctx.orgs.is_admin(author_id):
        raise ctx.deny()
    return post


def posts(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /posts?q=author&author=<urn> or batch GET /posts?ids=List(...)."""
    if "ids" in ctx.query:
        return _batch_posts(ctx)
    _require_finder(ctx, "author")
    author = ctx.query.text("author", required=True)
    assert author is not None
    if author.startswith("urn:li:person:"):
        raise ctx.deny()  # member posts need r_member_social, which this app never has
    author_id = urn_id(author, "organization", "author")
    if not ctx.orgs.is_admin(author_id):
        raise ctx.deny()
    sort_key = POST_SORTS[ctx.query.enum("sortBy", POST_SORTS, default="LAST_MODIFIED") or ""]
    include_dsc = ctx.query.boolean("isDsc", default=False)
    view_context = ctx.query.enum("viewContext", ("READER", "AUTHOR"), default="READER")
    elements = [
        post
        for post in ctx.orgs.posts_by_author.get(author, [])
        if (include_dsc or not (post.get("adContext") or {}).get("isDsc"))
        and (view_context == "AUTHOR" or post.get("lifecycleState") == "PUBLISHED")
    ]
    elements.sort(key=lambda post: (-int(post.get(sort_key) or 0), post["id"]))
    return index_page(elements, index_window(ctx.query, "posts"), ctx.path, ctx.query, True)


def _batch_posts(ctx: RouteContext) -> dict[str, Any]:
    results: dict[str, Any] = {}
    statuses: dict[str, int] = {}
    errors: dict[str, Any] = {}
    for post_urn in ctx.query.leaf_list("ids") or []:
        urn_id(post_urn, ("share", "ugcPost"), "ids")
        post = ctx.orgs.post_by_urn.get(post_urn)
        author_id = None if post is None else ctx.orgs.post_author_id(post)
        if post is None:
            statuses[post_urn], errors[post_urn] = 404, not_found().body
        elif author_id is None or not ctx.orgs.is_admin(author_id):
            denied = ctx.deny()
            statuses[post_urn], errors[post_urn] = 403, denied.body
        else:
            statuses[post_urn], results[post_urn] = 200, post
    return {"results": results, "statuses": statuses, "errors": errors}


def post(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /posts/{encoded share or ugcPost urn}."""
    post_urn = decode_path_key(args[0], ctx.protocol_v2)
    return _readable_post(ctx, post_urn)


def comments(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /socialActions/{encoded post urn}/comments?start=&count=."""
    post_urn = decode_path_key(args[0], ctx.protocol_v2)
    _readable_post(ctx, post_urn)
    elements = ctx.orgs.comments(post_urn)
    return index_page(elements, index_window(ctx.query, "comments"), ctx.path, ctx.query, True)


def reactions(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /reactions/(entity:{encoded urn})?q=entity[&sort=(value:...)]."""
    key = parse_path_record(args[0])
    if set(key) != {"entity"} or not isinstance(key["entity"], str):
        raise path_syntax_error()
    _require_finder(ctx, "entity")
    post_urn = key["entity"]
    _readable_post(ctx, post_urn)
    sort = ctx.query.enum("sort", REACTION_SORTS, default="RELEVANCE")
    elements = list(ctx.orgs.reactions(post_urn))
    if sort != "RELEVANCE":
        elements.sort(
            key=lambda reaction: (reaction.get("created") or {}).get("time", 0),
            reverse=sort == "REVERSE_CHRONOLOGICAL",
        )
    return index_page(elements, index_window(ctx.query, "reactions"), ctx.path, ctx.query, True)
