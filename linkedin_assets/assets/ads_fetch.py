"""Fetching the ads entities a run needs: the accounts in scope and what lives under them,
plus turning campaigns / creatives / conversion rules into the planner's daily loads.

No Dagster here: functions take a LinkedInClient and return elements, so they are tested
against the sandbox directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linkedin_assets.assets.ads_flatten import id_of, linked_campaigns
from linkedin_assets.assets.kit import dedupe_last
from linkedin_assets.linkedin import ads
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.errors import ConfigurationError, LinkedInError
from linkedin_assets.linkedin.planning import (
    ActiveSpan,
    campaign_activity,
    creative_activity,
    daily_load,
)
from linkedin_assets.linkedin.request import ApiRequest

Element = dict[str, Any]


class NoAdAccountsError(LinkedInError):
    """The token sees no ad account at all: nothing to load, and nothing safe to overwrite."""


@dataclass(frozen=True)
class AccountScope:
    """The ad accounts a run covers: LINKEDIN_AD_ACCOUNT_IDS, or every visible account."""

    accounts: tuple[Element, ...]
    configured_ids: tuple[int, ...]  # empty: every account the token can see
    duplicates_dropped: int = 0

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(sorted(int(a["id"]) for a in self.accounts))

    def fact_scope(self) -> dict[str, list[int]]:
        """Facts replace only the rows of the accounts this run asked about."""
        return {"account_id": list(self.ids)}

    def dimension_scope(self) -> dict[str, list[int]] | None:
        """A run over every visible account replaces the whole snapshot (entities that
        vanished are closed in the history); a filtered run only its own accounts."""
        return {"account_id": list(self.ids)} if self.configured_ids else None

    def describe(self) -> str:
        return ", ".join(str(i) for i in self.ids)


def discover_accounts(client: LinkedInClient, configured_ids: Sequence[int]) -> AccountScope:
    """One adAccounts search: the configured ids, or everything the token can see.

    A configured id the token cannot see is an error naming LINKEDIN_AD_ACCOUNT_IDS, raised
    before anything is written.
    """
    request = ads.search_ad_accounts(account_ids=tuple(configured_ids))
    elements, dropped = dedupe_last(client.iter_elements(request), key=lambda a: a.get("id"))
    elements = [e for e in elements if id_of(e.get("id")) is not None]
    if configured_ids:
        found = {int(e["id"]) for e in elements}
        missing = [i for i in configured_ids if i not in found]
        if missing:
            raise ConfigurationError(
                f"LINKEDIN_AD_ACCOUNT_IDS names ad account(s) {', '.join(map(str, missing))} "
                "that this token cannot see (wrong id, or the member has no role on the "
                "account). Fix LINKEDIN_AD_ACCOUNT_IDS, or leave it empty to load every "
                "account the token can see."
            )
        elements = [e for e in elements if int(e["id"]) in set(configured_ids)]
    if not elements:
        raise NoAdAccountsError(
            "The LinkedIn token sees no ad account, so there is nothing to load and nothing "
            "was overwritten. Check the member's roles in Campaign Manager."
        )
    elements.sort(key=lambda a: int(a["id"]))
    return AccountScope(tuple(elements), tuple(configured_ids), dropped)


@dataclass(frozen=True)
class Fetched:
    """Elements of one endpoint across the accounts of a run, de-duplicated by key."""

    elements: tuple[Element, ...]
    duplicates_dropped: int = 0

    def by_account(self, account_key: Callable[[Element], Any]) -> dict[int, list[Element]]:
        grouped: dict[int, list[Element]] = {}
        for element in self.elements:
            account_id = id_of(account_key(element))
            if account_id is not None:
                grouped.setdefault(account_id, []).append(element)
        return grouped


def fetch_per_account(
    client: LinkedInClient,
    scope: AccountScope,
    builder: Callable[[int], ApiRequest],
    key: Callable[[Element], Any],
) -> Fetched:
    """Every element `builder(account_id)` lists for each account, deduplicated by `key`."""
    collected: list[Element] = []
    for account_id in scope.ids:
        collected.extend(client.iter_elements(builder(account_id)))
    elements, dropped = dedupe_last(collected, key=key)
    return Fetched(tuple(elements), dropped)


def fetch_campaigns(client: LinkedInClient, scope: AccountScope) -> Fetched:
    return fetch_per_account(client, scope, ads.campaigns, key=lambda e: e.get("id"))


def fetch_creatives(client: LinkedInClient, scope: AccountScope) -> Fetched:
    return fetch_per_account(client, scope, ads.creatives, key=lambda e: e.get("id"))


def fetch_conversions(client: LinkedInClient, scope: AccountScope) -> Fetched:
    return fetch_per_account(client, scope, ads.conversions, key=lambda e: e.get("id"))


def fetch_lead_forms(client: LinkedInClient, scope: AccountScope) -> Fetched:
    return fetch_per_account(
        client,
        scope,
        lambda account_id: ads.lead_forms("sponsoredAccount", ads.account_urn(account_id)),
        key=lambda e: e.get("id"),
    )


# ------------------------------------------------------------------ planner inputs


def campaign_spans(campaigns: Iterable[Mapping[str, Any]]) -> dict[str, ActiveSpan | None]:
    """Campaign URN -> the days it may have produced analytics rows on.

    LinkedIn credits conversions to the day of the ad click or view (past days are restated
    as conversions arrive, linkedin_api.md §4.4), so no day after delivery stopped can hold a
    row, and no attribution tail is added.
    """
    return {
        f"urn:li:sponsoredCampaign:{campaign.get('id')}": campaign_activity(campaign)
        for campaign in campaigns
    }


def _empty_loads(scope: AccountScope, start: dt.date, end: dt.date) -> dict[int, list[int]]:
    return {account_id: [0] * (end - start).days for account_id in scope.ids}


def _add(loads: dict[int, list[int]], account_id: int | None, load: Sequence[int]) -> None:
    if account_id in loads:
        target = loads[account_id]
        for index, value in enumerate(load):
            target[index] += value


def campaign_loads(
    scope: AccountScope,
    campaigns: Iterable[Mapping[str, Any]],
    spans: Mapping[str, ActiveSpan | None],
    start: dt.date,
    end: dt.date,
    weight: Callable[[Mapping[str, Any]], int] = lambda campaign: 1,
) -> dict[int, list[int]]:
    """Per account, elements per day under pivot CAMPAIGN (times `weight` per campaign)."""
    loads = _empty_loads(scope, start, end)
    for campaign in campaigns:
        span = spans.get(f"urn:li:sponsoredCampaign:{campaign.get('id')}")
        if span is not None:
            load = daily_load([(span, weight(campaign))], start, end)
            _add(loads, id_of(campaign.get("account")), load)
    return loads


def creative_loads(
    scope: AccountScope,
    creatives: Iterable[Mapping[str, Any]],
    spans: Mapping[str, ActiveSpan | None],
    start: dt.date,
    end: dt.date,
) -> dict[int, list[int]]:
    """Per account, elements per day under pivot CREATIVE."""
    loads = _empty_loads(scope, start, end)
    for creative in creatives:
        campaign = creative.get("campaign")
        account_id = id_of(creative.get("account"))
        span = creative_activity(
            creative,
            spans.get(campaign) if isinstance(campaign, str) else None,
            campaign_known=isinstance(campaign, str) and campaign in spans,
        )
        if span is not None:
            _add(loads, account_id, daily_load([(span, 1)], start, end))
    return loads


def conversions_per_campaign(
    campaigns: Iterable[Mapping[str, Any]], conversions: Iterable[Mapping[str, Any]]
) -> dict[str, int]:
    """Campaign URN -> conversion rules that can credit it (elements per day under
    pivots CAMPAIGN x CONVERSION). A rule listing no campaign may credit any of its account."""
    campaigns = list(campaigns)
    counts = {f"urn:li:sponsoredCampaign:{c.get('id')}": 0 for c in campaigns}
    for rule in conversions:
        linked = linked_campaigns(rule)
        targets = (
            linked
            if linked
            else [
                f"urn:li:sponsoredCampaign:{c.get('id')}"
                for c in campaigns
                if c.get("account") == rule.get("account")
            ]
        )
        for campaign in targets:
            if campaign in counts:
                counts[campaign] += 1
    return counts
