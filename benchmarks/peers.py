"""The peer strategies' small fetchers, run for real against the sandbox (never as formulas).

Ads (adAnalytics), as other LinkedIn connectors ask:
- batched peer (Airbyte's current LinkedIn Ads connector): fixed 30-day windows x facet lists
  of at most 50 entity URNs (`creatives=List(...)` / `campaigns=List(...)`) x chunks of 18
  metrics (+ dateRange, pivotValues), pivot = the entity, DAILY;
- per-entity peer (older connectors): the same, with one entity URN per request.
Both first list the accounts, and the campaigns and creatives of each account, to learn URNs.

Pages (one peer strategy; an assumption, from the Airbyte Pages and Nekt connector docs): the
page is looked up, lifetime statistics are read once, time-bound follower / page / share
statistics are asked one day per request, the post listing is read to its end, statistics
are asked one post per request (Nekt's child stream), and comments and reactions are one
listing per post (as ours: there is no batch finder for them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from linkedin_assets.assets.pages_fetch import fetch_comments, fetch_reactions
from linkedin_assets.assets.pages_posts_flatten import is_published, publish_day
from linkedin_assets.assets.pages_scope import administered_organization_ids
from linkedin_assets.assets.pages_windows import statistics_window
from linkedin_assets.linkedin import ads, pages
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.planning import STRUCTURAL_FIELDS, ElementKey, element_key

Element = dict[str, Any]


@dataclass(frozen=True)
class PeerStrategy:
    name: str
    urns_per_request: int
    window_days: int = 30
    metrics_per_request: int = 18


BATCHED_PEER = PeerStrategy("batched peer", urns_per_request=50)
PER_ENTITY_PEER = PeerStrategy("per-entity peer", urns_per_request=1)
PEERS = (BATCHED_PEER, PER_ENTITY_PEER)


def in_groups(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]


def fixed_windows(start: dt.date, end: dt.date, days: int) -> Iterator[tuple[dt.date, dt.date]]:
    """Inclusive (first, last) windows of `days` days covering [start, end)."""
    first = start
    while first < end:
        last = min(first + dt.timedelta(days=days - 1), end - dt.timedelta(days=1))
        yield first, last
        first = last + dt.timedelta(days=1)


# ----------------------------------------------------------------------------------- ads


@dataclass
class PeerAdsEntities:
    account_ids: list[int]
    campaign_urns: list[str]
    creative_urns: list[str]


def list_ads_entities(client: LinkedInClient, *, with_creatives: bool = True) -> PeerAdsEntities:
    """What a peer lists before it can ask for analytics: accounts, campaigns, creatives."""
    accounts = client.fetch_all(ads.search_ad_accounts())
    account_ids = sorted(int(account["id"]) for account in accounts)
    campaigns: list[str] = []
    creatives: list[str] = []
    for account_id in account_ids:
        campaigns += [
            f"urn:li:sponsoredCampaign:{c['id']}"
            for c in client.fetch_all(ads.campaigns(account_id))
        ]
        if with_creatives:
            creatives += [str(c["id"]) for c in client.fetch_all(ads.creatives(account_id))]
    return PeerAdsEntities(account_ids, sorted(campaigns), sorted(creatives))


def fetch_analytics(
    client: LinkedInClient,
    strategy: PeerStrategy,
    *,
    pivots: Sequence[str],
    facet: str,
    urns: Sequence[str],
    metrics: Sequence[str],
    start: dt.date,
    end: dt.date,
) -> dict[ElementKey, Element]:
    """Daily elements of [start, end) the peer's way, merged on (pivotValues, dateRange)."""
    merged: dict[ElementKey, Element] = {}
    chunks = list(in_groups(list(metrics), strategy.metrics_per_request))
    for first, last in fixed_windows(start, end, strategy.window_days):
        for group in in_groups(list(urns), strategy.urns_per_request):
            for chunk in chunks:
                request = ads.ad_analytics(
                    pivots=pivots,
                    granularity="DAILY",
                    start=first,
                    end=last,
                    facet=facet,
                    facet_urns=group,
                    fields=(*STRUCTURAL_FIELDS, *chunk),
                )
                for element in client.send(request).get("elements") or []:
                    merged.setdefault(element_key(element), {}).update(element)
    return merged


def fetch_lead_responses(
    client: LinkedInClient, account_ids: Sequence[int], start: dt.date, end: dt.date
) -> int:
    """Leads of the window, one listing per account (a peer does not know which have forms)."""
    found = 0
    for account_id in account_ids:
        request = ads.lead_form_responses(
            "sponsoredAccount",
            ads.account_urn(account_id),
            submitted_from=start,
            submitted_until=end,
        )
        found += len(client.fetch_all(request))
    return found


# --------------------------------------------------------------------------------- pages


@dataclass
class PeerPagesResult:
    organizations: int = 0
    statistics_days: int = 0
    posts_listed: int = 0
    posts_in_window: int = 0
    post_statistics: int = 0
    comments: int = 0
    reactions: int = 0
    rows_by_stream: dict[str, int] = field(default_factory=dict)


def fetch_pages_peer(
    client: LinkedInClient,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    lifetime: bool = True,
) -> PeerPagesResult:
    """Every page stream of [start, end) the peer's way (see the module docstring)."""
    result = PeerPagesResult()
    organization_ids = administered_organization_ids(
        client.iter_elements(pages.organization_acls())
    )
    result.organizations = len(organization_ids)
    window = statistics_window(start, end, today).fetch
    for organization_id in organization_ids:
        if lifetime:
            client.send(pages.organizations([organization_id]))
            client.send(pages.network_size(organization_id))
            client.fetch_all(pages.follower_statistics(organization_id))
            client.fetch_all(pages.page_statistics(organization_id))
        if window is not None:
            day = window[0]
            while day < window[1]:
                following = day + dt.timedelta(days=1)
                for builder in (
                    pages.follower_statistics,
                    pages.page_statistics,
                    pages.share_statistics,
                ):
                    client.fetch_all(builder(organization_id, day, following))
                result.statistics_days += 1
                day = following
        posts = client.fetch_all(pages.organization_posts(pages.organization_urn(organization_id)))
        result.posts_listed += len(posts)
        in_window = [
            post for post in posts if (day := publish_day(post)) is not None and start <= day < end
        ]
        result.posts_in_window += len(in_window)
        for post in filter(is_published, in_window):
            urn = post["id"]
            if urn.startswith(pages.STATISTICS_POST_PREFIXES):
                found = client.fetch_all(pages.post_share_statistics(organization_id, [urn]))
                result.post_statistics += len(found)
            result.comments += len(fetch_comments(client, urn))
            result.reactions += len(fetch_reactions(client, urn))
    return result
