"""What the page assets ask LinkedIn for, kept apart from flattening and writing.

Request economy: time-bound statistics are one request per organization for the whole window
(DAY buckets); posts are listed newest-created first and paging stops once the listing is past
the window; per-post statistics are batched; comments and reactions are one listing per post.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from linkedin_assets.assets.pages_posts_flatten import comment_urn_of, publish_day
from linkedin_assets.linkedin import pages
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.request import ApiRequest
from linkedin_assets.linkedin.restli import epoch_ms

log = logging.getLogger(__name__)

# A post is published at or after its creation, so a listing sorted by creation time can stop
# once posts were created before the window start. Scheduled posts are created ahead of their
# publication: those scheduled more than this many days ahead would be missed.
SCHEDULED_POST_MARGIN_DAYS = 31

StatisticsBuilder = Callable[[int, dt.date, dt.date], ApiRequest]


def fetch_time_bound(
    client: LinkedInClient,
    builder: StatisticsBuilder,
    organization_id: int,
    window: tuple[dt.date, dt.date],
) -> list[dict[str, Any]]:
    """One DAY-granularity request over the whole window (one element per day)."""
    return client.fetch_all(builder(organization_id, window[0], window[1]))


# ----------------------------------------------------------------------------------- posts


@dataclass
class WindowListing:
    """Posts of one organization published in a window, and how the listing went."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    pages_read: int = 0
    posts_seen: int = 0
    duplicates_dropped: int = 0  # a post repeated across pages (the listing shifted)
    stopped_early: bool = False
    order_trusted: bool = True  # False once LinkedIn broke the createdAt order


def posts_in_window(
    pages_of_posts: Iterable[Mapping[str, Any]],
    start: dt.date,
    end: dt.date,
    margin_days: int = SCHEDULED_POST_MARGIN_DAYS,
) -> WindowListing:
    """Read pages of a createdAt-descending listing until it is past the window.

    Stops after the first page whose oldest post was created before start - margin, as long
    as every post so far came in descending createdAt order; if the order is ever broken the
    listing is read to its end (correctness over economy).
    """
    listing = WindowListing()
    cutoff_ms = epoch_ms(start - dt.timedelta(days=margin_days))
    previous_created: int | None = None
    for page in pages_of_posts:
        listing.pages_read += 1
        elements = page.get("elements") or []
        for post in elements:
            listing.posts_seen += 1
            created = post.get("createdAt")
            if isinstance(created, int):
                if previous_created is not None and created > previous_created:
                    listing.order_trusted = False
                previous_created = created
            day = publish_day(post)
            if isinstance(post.get("id"), str) and day is not None and start <= day < end:
                listing.posts.append(dict(post))
        if (
            listing.order_trusted
            and previous_created is not None
            and previous_created < cutoff_ms
            and elements
        ):
            listing.stopped_early = True
            break
    return listing


@dataclass
class WindowPosts:
    by_organization: dict[int, list[dict[str, Any]]]
    listings: dict[int, WindowListing]

    @property
    def post_count(self) -> int:
        return sum(len(posts) for posts in self.by_organization.values())

    def metadata(self) -> dict[str, Any]:
        return {
            "posts_in_window": self.post_count,
            "posts_listed": sum(item.posts_seen for item in self.listings.values()),
            "post_pages_read": sum(item.pages_read for item in self.listings.values()),
            "post_duplicates_dropped": sum(
                item.duplicates_dropped for item in self.listings.values()
            ),
            # Listings abandoned once past the window (the rest were read to their end).
            "post_listings_stopped_at_window": sum(
                item.stopped_early for item in self.listings.values()
            ),
        }


def fetch_window_posts(
    client: LinkedInClient, organization_ids: Iterable[int], start: dt.date, end: dt.date
) -> WindowPosts:
    """Every post (published, draft, sponsored) of each organization published in [start, end).

    The listing generator is abandoned once past the window, so later pages are never asked.
    """
    by_organization: dict[int, list[dict[str, Any]]] = {}
    listings: dict[int, WindowListing] = {}
    for organization_id in organization_ids:
        request = pages.organization_posts(pages.organization_urn(organization_id))
        listing = posts_in_window(client.iter_pages(request), start, end)
        if not listing.order_trusted:
            log.warning(
                "LinkedIn listed posts of organization %s out of createdAt order; read the "
                "whole listing instead of stopping at the window start",
                organization_id,
            )
        # Keep the last copy of a post LinkedIn repeated across pages, before any flattening,
        # so its child rows come from one version only.
        unique = {post["id"]: post for post in listing.posts}
        listing.duplicates_dropped = len(listing.posts) - len(unique)
        listing.posts = list(unique.values())
        listings[organization_id] = listing
        by_organization[organization_id] = listing.posts
    return WindowPosts(by_organization, listings)


# ------------------------------------------------------------------------ post statistics


def fetch_post_statistics(
    client: LinkedInClient, organization_id: int, post_urns: Iterable[str]
) -> list[dict[str, Any]]:
    """Lifetime statistics of the given posts, batched as densely as the URL budget allows."""
    requests = pages.post_share_statistics_batches(
        organization_id,
        list(post_urns),
        url_prefix_length=len(client.config.api_base_url.rstrip("/")),
        url_budget=client.config.tunnel_url_length,
    )
    elements: list[dict[str, Any]] = []
    for request in requests:
        elements.extend(client.fetch_all(request))
    return elements


# ---------------------------------------------------------------- comments and reactions


def _replies_missing(comment: Mapping[str, Any], listed_replies: Counter[str]) -> bool:
    urn = comment.get("commentUrn") or comment.get("$URN")
    summary = comment.get("commentsSummary") or {}
    expected = summary.get("totalFirstLevelComments") or summary.get("aggregatedTotalComments")
    return (
        isinstance(urn, str) and isinstance(expected, int) and expected > listed_replies.get(urn, 0)
    )


def fetch_comments(client: LinkedInClient, post_urn: str) -> list[dict[str, Any]]:
    """A post's comments, replies included.

    LinkedIn lists a post's first-level comments; replies are listed under their comment's
    URN. A comment's replies are fetched only when its summary counts more replies than the
    listing already holds (some answers inline them), so no request is spent otherwise.
    """
    comments = [dict(c) for c in client.fetch_all(pages.comments(post_urn))]
    listed_replies = Counter(
        str(c["parentComment"]) for c in comments if c.get("parentComment") is not None
    )
    known = {comment_urn_of(c, post_urn) for c in comments}
    for comment in [c for c in comments if _replies_missing(c, listed_replies)]:
        parent = comment_urn_of(comment, post_urn)
        assert parent is not None
        for reply in client.fetch_all(pages.comments(parent)):
            reply = {**reply, "parentComment": reply.get("parentComment") or parent}
            urn = comment_urn_of(reply, parent)
            if urn not in known:
                known.add(urn)
                comments.append(reply)
    return comments


def fetch_reactions(client: LinkedInClient, post_urn: str) -> list[dict[str, Any]]:
    return client.fetch_all(pages.reactions(post_urn))
