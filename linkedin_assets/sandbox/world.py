"""The sandbox's deterministic data world: the contract between the data and the HTTP emulator.

``World(WorldConfig(seed, scale, today, history_days))`` builds every entity eagerly (they
are small) as lists of dicts in the exact element shapes of linkedin_api.md, and computes
metrics lazily per (entity, day). The same config gives the same data byte for byte; only
statuses and the last few days' metrics depend on ``today`` (see world_series for
restatement), so two worlds a few days apart agree on older history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from linkedin_assets.sandbox.metrics import (
    METRICS,
    STRUCTURAL_FIELDS,
    aggregate_metrics,
    zero_value,
)
from linkedin_assets.sandbox.world_accounts import build_accounts, build_organizations, build_people
from linkedin_assets.sandbox.world_ads import (
    account_element,
    account_user_elements,
    campaign_element,
    conversion_element,
    creative_element,
    group_element,
)
from linkedin_assets.sandbox.world_campaigns import CreativePlan, build_ads_plan
from linkedin_assets.sandbox.world_common import IdAllocator, person_urn
from linkedin_assets.sandbox.world_demographics import PIVOTS, Demographics
from linkedin_assets.sandbox.world_leads import LeadForm, form_element, form_responses
from linkedin_assets.sandbox.world_orgs import (
    OrganizationStats,
    organization_acls,
    organization_element,
)
from linkedin_assets.sandbox.world_posts import PostPlan, attach_creative_posts, build_organic_posts
from linkedin_assets.sandbox.world_series import RESTATEMENT_PER_MILLE, CreativeSeries
from linkedin_assets.sandbox.world_social import PaidSocial, PostEngagement
from linkedin_assets.sandbox.world_workloads import (
    WorkloadShape,
    build_workload_ads,
    build_workload_posts,
)

__all__ = ["DEMOGRAPHIC_PIVOTS", "METRICS", "World", "WorldConfig", "aggregate_metrics"]

DEMOGRAPHIC_PIVOTS = PIVOTS


@dataclass(frozen=True)
class WorldConfig:
    seed: int = 7
    # Multiplies entity counts. 1.0 = 3 ad accounts (USD, EUR, GBP - the GBP one CANCELED),
    # ~6-9 campaign groups, ~20 campaigns, ~50 creatives, 2 administered pages (+1 page the
    # member is only an analyst of), ~120 posts per page per year.
    scale: float = 1.0
    today: dt.date | None = None  # the world's "today" in UTC; None -> the real UTC date
    history_days: int = 450  # entities and metrics exist this far back from `today`
    # Benchmarks: an exact size (accounts x creatives x days, posts) in place of the seeded
    # timeline; `scale` is then ignored. None: the ordinary world.
    workload: WorkloadShape | None = None


class World:
    def __init__(self, config: WorldConfig = WorldConfig()) -> None:
        if config.scale <= 0:
            raise ValueError("scale must be positive")
        if config.history_days < 1:
            raise ValueError("history_days must be at least 1")
        if config.workload is not None and config.workload.days >= config.history_days:
            raise ValueError("a workload's days must be fewer than history_days")
        self.config = config
        self.today: dt.date = config.today or dt.datetime.now(dt.UTC).date()
        self._today_ord = self.today.toordinal()
        self._first_ord = self._today_ord - config.history_days
        seed = config.seed
        ids = IdAllocator(seed)
        self.member_urn: str = person_urn(seed, "member")
        colleagues = build_people(seed)

        workload = config.workload
        if workload is None:
            organizations = build_organizations(seed, config.scale, ids)
            accounts = build_accounts(seed, config.scale, self._today_ord, organizations, ids)
            ads = build_ads_plan(seed, accounts, self._today_ord, self._first_ord, ids)
        else:
            organizations, accounts, ads = build_workload_ads(seed, workload, self._today_ord, ids)
        for campaign in ads.campaigns:
            if campaign.kind.objective == "LEAD_GENERATION":
                campaign.lead_form_id = ids.allocate("lead-form", 1_000_000, 9_999_999, campaign.id)
        if workload is None:
            organic = build_organic_posts(
                seed, organizations, accounts, self._first_ord, self._today_ord
            )
        else:
            organic = build_workload_posts(seed, workload, organizations, accounts, self._today_ord)
        dark = attach_creative_posts(seed, ads.creatives, organic, self._today_ord)
        post_plans = sorted(organic + dark, key=lambda plan: (plan.created_ms, plan.urn))

        self._creative_plans = {creative.urn: creative for creative in ads.creatives}
        self._series = {creative.urn: CreativeSeries(seed, creative) for creative in ads.creatives}
        self._creatives_by_org: dict[int, list[CreativeSeries]] = {}
        for creative in ads.creatives:
            org_id = creative.campaign.account.organization.id
            self._creatives_by_org.setdefault(org_id, []).append(self._series[creative.urn])
        self._lead_forms = [
            LeadForm(
                campaign.lead_form_id,
                campaign,
                1 + campaign.lead_form_id % 2,
                campaign.account.market.language,
            )
            for campaign in ads.campaigns
            if campaign.lead_form_id is not None
        ]
        self._ads = ads

        today = self._today_ord
        group_of = {campaign.id: group for group in ads.groups for campaign in group.campaigns}
        self.organizations: list[dict] = [
            organization_element(org, today, self.member_urn) for org in organizations
        ]
        self.organization_acls: list[dict] = organization_acls(
            self.member_urn, organizations, colleagues
        )
        self.ad_accounts: list[dict] = [account_element(account, today) for account in accounts]
        self.ad_account_users: list[dict] = account_user_elements(
            accounts, self.member_urn, colleagues
        )
        self.campaign_groups: list[dict] = [group_element(group, today) for group in ads.groups]
        self.campaigns: list[dict] = [
            campaign_element(campaign, group_of[campaign.id], today)
            for campaign in sorted(
                ads.campaigns, key=lambda plan: (plan.account.index, plan.created_ord, plan.id)
            )
        ]
        self.creatives: list[dict] = [
            creative_element(creative, today, self.member_urn, colleagues)
            for creative in ads.creatives
        ]
        self.conversions: list[dict] = [
            conversion_element(rule, [c for c in ads.campaigns if c.account.id == rule.account.id])
            for rule in ads.conversions
        ]
        self.lead_forms: list[dict] = [form_element(form, today) for form in self._lead_forms]
        self.posts: list[dict] = [plan.element for plan in post_plans]

        self._engagement = PostEngagement(
            seed, post_plans, today, self.member_urn, self._paid_social
        )
        self._org_stats = OrganizationStats(
            seed,
            organizations,
            self._first_ord,
            today,
            post_impressions=self._engagement.impressions_on,
            paid_follows=self._paid_follows,
        )
        self._demographics = Demographics(seed, {org.id for org in organizations})

    # ------------------------------------------------------------ entities

    @cached_property
    def lead_form_responses(self) -> list[dict]:
        responses: list[dict] = []
        for form in self._lead_forms:
            creatives = [plan for plan in self._ads.creatives if plan.campaign is form.campaign]
            responses += form_responses(
                self.config.seed,
                form,
                creatives,
                self._first_ord,
                self._today_ord,
                self._daily_leads,
            )
        return sorted(responses, key=lambda response: (response["submittedAt"], response["id"]))

    def network_size(self, organization_id: int) -> int:
        return self._org_stats.network_size(organization_id)

    def comments_for(self, post_urn: str) -> list[dict]:
        return self._engagement.comments_for(post_urn)

    def reactions_for(self, post_urn: str) -> list[dict]:
        return self._engagement.reactions_for(post_urn)

    # ---------------------------------------------------------- ad metrics

    def creative_metrics(
        self, creative_urn: str, day: dt.date, fields: Sequence[str]
    ) -> dict[str, int | Decimal | float] | None:
        """Metrics of one creative on one UTC day, only the requested fields; None when it did not
        serve (outside its campaign's runSchedule, campaign not ACTIVE then, or a zero-activity day).

        Unknown metric names raise ValueError; ``dateRange`` / ``pivotValues`` are ignored.
        """
        series = self._series.get(creative_urn)
        if series is None:
            return None
        ordinal = day.toordinal()
        if ordinal > self._today_ord or ordinal < self._first_ord:
            return None
        return series.row(ordinal, fields, self._today_ord - ordinal)

    def conversion_metrics(
        self, creative_urn: str, conversion_urn: str, day: dt.date, fields: Sequence[str]
    ) -> dict | None:
        """Conversions of one creative attributed to one conversion rule on one day.

        Rows of all the rules of a creative sum exactly to its externalWebsite*Conversions and
        conversionValueInLocalCurrency. Metrics that do not exist per conversion come back as
        zero; None when the creative did not serve or the rule got nothing that day.
        """
        series = self._series.get(creative_urn)
        ordinal = day.toordinal()
        if series is None or ordinal > self._today_ord or ordinal < self._first_ord:
            return None
        position = next(
            (index for index, rule in enumerate(series.conversions) if rule.urn == conversion_urn),
            None,
        )
        if position is None or not series.serves(ordinal):
            return None
        offset = ordinal - series.start
        per_mille = RESTATEMENT_PER_MILLE.get(self._today_ord - ordinal, 1000)
        if series.value("impressions", offset, per_mille) == 0:
            return None
        click, view, viral_click, viral_view = series.conversion_split(offset, per_mille)[position]
        if click + view + viral_click + viral_view == 0:
            return None
        values = {
            "externalWebsiteConversions": click + view,
            "externalWebsitePostClickConversions": click,
            "externalWebsitePostViewConversions": view,
            "conversionValueInLocalCurrency": Decimal(
                (click + view) * series.conversion_values[position]
            ).scaleb(-2),
            "viralExternalWebsiteConversions": viral_click + viral_view,
            "viralExternalWebsitePostClickConversions": viral_click,
            "viralExternalWebsitePostViewConversions": viral_view,
        }
        return {
            field: values.get(field, zero_value(field))
            for field in fields
            if field not in STRUCTURAL_FIELDS
        }

    def demographic_metrics(
        self, creative_urn: str, pivot: str, day: dt.date, fields: Sequence[str]
    ) -> list[tuple[str, dict]]:
        """(value, metrics) pairs of a MEMBER_* pivot with LinkedIn's standardized values; rows under
        the privacy threshold (3) are dropped, so they do NOT sum to totals (as LinkedIn's don't).
        Non-demographic metrics (reach, card metrics, conversion value) are left out of the rows.
        """
        series = self._series.get(creative_urn)
        ordinal = day.toordinal()
        if pivot not in PIVOTS:
            raise ValueError(f"unsupported demographic pivot: {pivot}")
        if series is None or ordinal > self._today_ord or ordinal < self._first_ord:
            return []
        return self._demographics.rows(series, pivot, ordinal, self._today_ord - ordinal, fields)

    # ------------------------------------------------------ organizations

    def follower_gains(self, organization_id: int, day: dt.date) -> dict:
        return self._org_stats.follower_gains(organization_id, day.toordinal())

    def follower_lifetime(self, organization_id: int) -> dict:
        return self._org_stats.follower_lifetime(organization_id)

    def page_statistics(self, organization_id: int, day: dt.date) -> dict:
        return self._org_stats.page_statistics(organization_id, day.toordinal())

    def page_lifetime(self, organization_id: int) -> dict:
        return self._org_stats.page_lifetime(organization_id)

    def share_statistics(self, organization_id: int, day: dt.date) -> dict:
        self._org_stats.organization(organization_id)  # unknown pages raise KeyError
        return self._engagement.share_statistics(organization_id, day.toordinal())

    def share_lifetime(self, organization_id: int) -> dict:
        """Lifetime totalShareStatistics of a page (the no-timeIntervals variant of §6.5)."""
        self._org_stats.organization(organization_id)
        return self._engagement.share_lifetime(organization_id)

    def post_statistics(self, post_urn: str) -> dict | None:
        return self._engagement.post_statistics(post_urn)

    # ------------------------------------------------------------ helpers

    def _paid_follows(self, organization_id: int, ordinal: int) -> int:
        if ordinal > self._today_ord or ordinal < self._first_ord:
            return 0
        age = self._today_ord - ordinal
        total = 0
        for series in self._creatives_by_org.get(organization_id, ()):
            row = series.row(ordinal, ("follows",), age)
            if row:
                total += row["follows"]
        return total

    def _daily_leads(self, creative: CreativePlan, ordinal: int) -> int:
        row = self._series[creative.urn].row(ordinal, ("oneClickLeads",), self._today_ord - ordinal)
        return row["oneClickLeads"] if row else 0

    def _paid_social(self, plan: PostPlan) -> PaidSocial:
        reactions = comments = 0
        first = last = None
        fields = ("reactions", "viralReactions", "comments", "viralComments")
        for urn in plan.creative_urns:
            series = self._series.get(urn)
            if series is None:
                continue
            start = max(series.start, self._first_ord)
            stop = min(series.start + series.length, self._today_ord + 1)
            for ordinal in range(start, stop):
                row = series.row(ordinal, fields, self._today_ord - ordinal)
                if row:
                    reactions += row["reactions"] + row["viralReactions"]
                    comments += row["comments"] + row["viralComments"]
                    first = ordinal if first is None else min(first, ordinal)
                    last = ordinal if last is None else max(last, ordinal)
        if first is None or last is None:
            return PaidSocial(
                reactions=0, comments=0, first_ord=plan.publish_ord, last_ord=plan.publish_ord
            )
        return PaidSocial(reactions=reactions, comments=comments, first_ord=first, last_ord=last)
