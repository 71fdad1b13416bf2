"""Worlds of an exact size, for benchmarks: N ad accounts x M creatives that serve on every one
of the last D days, and one administered page with P posts over those days.

The ordinary World draws its timeline from the seed (campaigns come and go, creatives pause),
so its size is only roughly known. A benchmark needs a known size, so `WorkloadShape` replaces
the ads timeline and the organic posts with evenly built ones. Every piece is still made by the
generator's own builders (accounts, campaigns, conversion rules, posts) and metrics come from
the same CreativeSeries, so the data looks like any other sandbox data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from linkedin_assets.sandbox.world_accounts import (
    AccountPlan,
    OrganizationPlan,
    build_accounts,
    build_organizations,
)

# The generator's private builders are reused on purpose: a workload must look like the world.
from linkedin_assets.sandbox.world_campaigns import (
    AdsPlan,
    CampaignPlan,
    CreativePlan,
    _campaign,
    _conversion_rules,
    _group_campaigns,
)
from linkedin_assets.sandbox.world_catalog import EVERGREEN_KINDS, OBJECTIVE_CONVERSIONS
from linkedin_assets.sandbox.world_common import IdAllocator, rng_for
from linkedin_assets.sandbox.world_posts import (
    PostPlan,
    _link_reshares,
    _mention_targets,
    _organic_post,
)

# build_organizations at this scale: one administered page plus the page the member only
# analyses (which the page assets must skip), the smallest world with both.
ORGANIZATION_SCALE = 0.25
CREATED_DAYS_BEFORE_START = 3


@dataclass(frozen=True)
class WorkloadShape:
    """What a benchmark world holds. Every creative serves on each day of [today - days, today]."""

    accounts: int = 1
    creatives: int = 100  # in total, spread evenly over the accounts
    days: int = 365
    posts: int = 0  # organic posts of the administered page, spread evenly over the days
    creatives_per_campaign: int = 10

    def __post_init__(self) -> None:
        if self.accounts < 1 or self.days < 1:
            raise ValueError("a workload needs at least one account and one day")
        if self.creatives < 0 or self.posts < 0 or self.creatives_per_campaign < 1:
            raise ValueError("creatives and posts must be >= 0, creatives_per_campaign >= 1")

    def creatives_of(self, account_index: int) -> int:
        base, extra = divmod(self.creatives, self.accounts)
        return base + (1 if account_index < extra else 0)


def build_workload_ads(
    seed: int, shape: WorkloadShape, today_ord: int, ids: IdAllocator
) -> tuple[list[OrganizationPlan], list[AccountPlan], AdsPlan]:
    """Organizations, exactly `shape.accounts` serving accounts and their always-on campaigns."""
    organizations = build_organizations(seed, ORGANIZATION_SCALE, ids)
    raw_accounts = build_accounts(seed, shape.accounts / 3, today_ord, organizations, ids)
    if len(raw_accounts) != shape.accounts:
        raise AssertionError(f"built {len(raw_accounts)} accounts for {shape.accounts}")
    # Test and closed accounts never serve: a workload's accounts all do.
    accounts = [
        dataclasses.replace(
            account,
            test=False,
            cancel_ord=None,
            name=f"{account.organization.localized_name} – Workload {account.index + 1}",
        )
        for account in raw_accounts
    ]
    start = today_ord - shape.days
    campaigns: list[CampaignPlan] = []
    creatives: list[CreativePlan] = []
    conversions = []
    for account in accounts:
        rules = _conversion_rules(seed, account, ids)
        conversions += rules
        remaining = shape.creatives_of(account.index)
        slot = 0
        while remaining > 0:
            count = min(remaining, shape.creatives_per_campaign)
            campaign = _serving_campaign(seed, account, slot, start, today_ord, ids)
            campaign.conversions = [
                rule
                for rule in rules
                if rule.enabled
                and rule.key in OBJECTIVE_CONVERSIONS.get(campaign.kind.objective, ())
            ]
            campaigns.append(campaign)
            creatives += _serving_creatives(seed, campaign, count, ids)
            remaining -= count
            slot += 1
    groups = _group_campaigns(campaigns, ids)
    return organizations, accounts, AdsPlan(groups, campaigns, creatives, conversions)


def _serving_campaign(
    seed: int, account: AccountPlan, slot: int, start: int, today_ord: int, ids: IdAllocator
) -> CampaignPlan:
    kind = EVERGREEN_KINDS[slot % len(EVERGREEN_KINDS)]
    # Evergreen with no end date, ACTIVE. Serving is bounded at tomorrow only so that its
    # metric series stay as long as the workload (an open end means 10,000 days of series).
    serving_stop = today_ord + 1
    campaign = _campaign(seed, account, kind, True, slot, start, None, "normal", serving_stop, ids)
    campaign.name = f"{campaign.name} #{slot + 1}"
    return campaign


def _serving_creatives(
    seed: int, campaign: CampaignPlan, count: int, ids: IdAllocator
) -> list[CreativePlan]:
    rng = rng_for(seed, "workload-creatives", campaign.id)
    plans = []
    for index in range(count):
        creative_id = ids.allocate("creative", 100_000_000, 399_999_999, campaign.id, index)
        plans.append(
            CreativePlan(
                campaign=campaign,
                index=index,
                id=creative_id,
                urn=f"urn:li:sponsoredCreative:{creative_id}",
                kind=campaign.kind.creative_kind,
                name=f"{campaign.name} – creative {index + 1}",
                created_ord=campaign.start_ord - CREATED_DAYS_BEFORE_START,
                start_ord=campaign.start_ord,
                pause_ord=None,
                rejected=False,
                weight=rng.uniform(0.6, 1.4),
            )
        )
    campaign.creative_weight_total = sum(plan.weight for plan in plans)
    return plans


def build_workload_posts(
    seed: int,
    shape: WorkloadShape,
    organizations: list[OrganizationPlan],
    accounts: list[AccountPlan],
    today_ord: int,
) -> list[PostPlan]:
    """`shape.posts` organic posts of the administered page, evenly over the last `days` days."""
    page = next(org for org in organizations if org.administered)
    page_accounts = [account for account in accounts if account.organization.id == page.id]
    mentions = _mention_targets(organizations)
    first = today_ord - shape.days
    plans: list[PostPlan] = []
    per_day: dict[int, int] = {}
    for sequence in range(shape.posts):
        ordinal = first + sequence * shape.days // shape.posts
        rank = per_day.get(ordinal, 0)
        per_day[ordinal] = rank + 1
        plans.append(_organic_post(seed, page, page_accounts, mentions, ordinal, rank, sequence))
    _link_reshares(seed, plans)
    return plans
