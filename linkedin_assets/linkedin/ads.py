"""Requests of the advertising API family: accounts, campaigns, creatives, conversions,
analytics and lead gen. Each function only describes a request; the client executes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from linkedin_assets.linkedin.request import ApiRequest, cursor_paging, index_paging
from linkedin_assets.linkedin.restli import date_range, epoch_ms, urn, urns

# Page sizes: the largest each endpoint is known to accept (linkedin_api.md §0.4).
ACCOUNTS_PAGE_SIZE = 1000
CAMPAIGNS_PAGE_SIZE = 500
CREATIVES_PAGE_SIZE = 100  # 500 is answered "Request would return too many entities"
INDEX_PAGE_SIZE = 500

ACCOUNT_STATUSES = ("ACTIVE", "DRAFT", "CANCELED", "PENDING_DELETION", "REMOVED")
CAMPAIGN_GROUP_STATUSES = (
    "ACTIVE",
    "ARCHIVED",
    "CANCELED",
    "DRAFT",
    "PAUSED",
    "PENDING_DELETION",
    "REMOVED",
)
CAMPAIGN_STATUSES = (
    "ACTIVE",
    "PAUSED",
    "ARCHIVED",
    "COMPLETED",
    "CANCELED",
    "DRAFT",
    "PENDING_DELETION",
    "REMOVED",
)
CREATIVE_STATUSES = (
    "ACTIVE",
    "PAUSED",
    "DRAFT",
    "ARCHIVED",
    "CANCELED",
    "PENDING_DELETION",
    "REMOVED",
)
MAX_ANALYTICS_FIELDS = 20
ANALYTICS_ROW_CAP = 15_000


def account_urn(account_id: int | str) -> str:
    return urn("sponsoredAccount", account_id)


def search_ad_accounts(
    account_ids: Sequence[int] = (),
    statuses: Sequence[str] = ACCOUNT_STATUSES,
    test: bool | None = None,
) -> ApiRequest:
    search: dict = {}
    if account_ids:
        search["id"] = {"values": urns("sponsoredAccount", account_ids)}
    if statuses:
        search["status"] = {"values": list(statuses)}
    if test is not None:
        search["test"] = test
    return ApiRequest(
        endpoint="adAccounts",
        path="/adAccounts",
        params=(("q", "search"), ("search", search or None)),
        paging=cursor_paging(ACCOUNTS_PAGE_SIZE),
    )


def account_users(account_id: int) -> ApiRequest:
    return ApiRequest(
        endpoint="adAccountUsers",
        path="/adAccountUsers",
        params=(("q", "accounts"), ("accounts", account_urn(account_id))),
        paging=index_paging(INDEX_PAGE_SIZE),
    )


def authenticated_user_accounts() -> ApiRequest:
    """Every account the token's member has a role on: the cheapest account discovery."""
    return ApiRequest(
        endpoint="adAccountUsers",
        path="/adAccountUsers",
        params=(("q", "authenticatedUser"),),
        paging=index_paging(INDEX_PAGE_SIZE),
    )


def campaign_groups(
    account_id: int, statuses: Sequence[str] = CAMPAIGN_GROUP_STATUSES
) -> ApiRequest:
    # The full status list is sent so archived and removed groups come back too.
    return ApiRequest(
        endpoint="adCampaignGroups",
        path=f"/adAccounts/{int(account_id)}/adCampaignGroups",
        params=(("q", "search"), ("search", {"status": {"values": list(statuses)}})),
        paging=cursor_paging(CAMPAIGNS_PAGE_SIZE),
    )


def campaigns(account_id: int, statuses: Sequence[str] = CAMPAIGN_STATUSES) -> ApiRequest:
    return ApiRequest(
        endpoint="adCampaigns",
        path=f"/adAccounts/{int(account_id)}/adCampaigns",
        params=(("q", "search"), ("search", {"status": {"values": list(statuses)}})),
        paging=cursor_paging(CAMPAIGNS_PAGE_SIZE),
    )


def creatives(
    account_id: int,
    campaign_ids: Sequence[int] = (),
    statuses: Sequence[str] = CREATIVE_STATUSES,
) -> ApiRequest:
    return ApiRequest(
        endpoint="creatives",
        path=f"/adAccounts/{int(account_id)}/creatives",
        params=(
            ("q", "criteria"),
            ("campaigns", urns("sponsoredCampaign", campaign_ids) if campaign_ids else None),
            ("intendedStatuses", list(statuses) if statuses else None),
            ("sortOrder", "ASCENDING"),
        ),
        paging=cursor_paging(CREATIVES_PAGE_SIZE),
        headers=(("X-RestLi-Method", "FINDER"),),
    )


def conversions(account_id: int) -> ApiRequest:
    return ApiRequest(
        endpoint="conversions",
        path="/conversions",
        params=(("q", "account"), ("account", account_urn(account_id))),
        paging=index_paging(INDEX_PAGE_SIZE),
    )


def ad_analytics(
    *,
    pivots: Sequence[str],
    granularity: str,
    start: dt.date,
    end: dt.date,
    facet: str,
    facet_urns: Sequence[str],
    fields: Sequence[str],
) -> ApiRequest:
    """adAnalytics over an INCLUSIVE day range. One pivot uses the `analytics` finder, two or
    three the `statistics` finder. `fields` must include dateRange and pivotValues."""
    if len(fields) > MAX_ANALYTICS_FIELDS:
        raise ValueError(f"adAnalytics accepts at most {MAX_ANALYTICS_FIELDS} fields")
    if end < start:
        raise ValueError(f"dateRange end {end} is before start {start}")
    if len(pivots) == 1:
        pivot_params: tuple = (("q", "analytics"), ("pivot", pivots[0]))
    else:
        pivot_params = (("q", "statistics"), ("pivots", list(pivots)))
    return ApiRequest(
        endpoint="adAnalytics",
        path="/adAnalytics",
        params=(
            *pivot_params,
            ("timeGranularity", granularity),
            ("dateRange", date_range(start, end)),
            (facet, list(facet_urns)),
            ("fields", list(fields)),
        ),
    )


def lead_forms(owner_kind: str, owner: str) -> ApiRequest:
    """owner_kind is `sponsoredAccount` or `organization`; owner is its URN."""
    return ApiRequest(
        endpoint="leadForms",
        path="/leadForms",
        params=(("q", "owner"), ("owner", {owner_kind: owner})),
        paging=index_paging(INDEX_PAGE_SIZE),
    )


def lead_form_responses(
    owner_kind: str,
    owner: str,
    *,
    submitted_from: dt.date | None = None,
    submitted_until: dt.date | None = None,
    lead_type: str = "SPONSORED",
) -> ApiRequest:
    """Responses submitted in [submitted_from, submitted_until) (UTC days, end exclusive)."""
    time_range = None
    if submitted_from and submitted_until:
        time_range = {"start": epoch_ms(submitted_from), "end": epoch_ms(submitted_until)}
    return ApiRequest(
        endpoint="leadFormResponses",
        path="/leadFormResponses",
        params=(
            ("q", "owner"),
            ("owner", {owner_kind: owner}),
            ("leadType", {"leadType": lead_type}),
            ("submittedAtTimeRange", time_range),
        ),
        paging=index_paging(INDEX_PAGE_SIZE),
    )
