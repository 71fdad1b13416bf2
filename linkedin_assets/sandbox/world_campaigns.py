"""The advertising timeline: campaign groups, campaigns, creatives and conversion rules.

Campaigns live on an absolute calendar. Every account runs a sequence of "always-on"
campaigns without an end date (each replaced by the next one about every nine months) and a
sequence of dated flights (one every ~10 weeks) whose format, objective and fate (completed,
paused, archived, canceled, left as a draft) cycle with different periods so every mix shows
up. A slot's dates, ids and parameters depend only on the seed, so World(today=D) and
World(today=D+2) describe the same campaigns; only statuses move with ``today``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from linkedin_assets.sandbox.world_accounts import EPOCH_ORD, AccountPlan
from linkedin_assets.sandbox.world_catalog import (
    CONVERSION_RULES,
    DISABLED_CONVERSIONS,
    EVERGREEN_KINDS,
    FLIGHT_FATES,
    FLIGHT_KINDS,
    FUNCTION_POOL,
    INDUSTRY_POOL,
    OBJECTIVE_CONVERSIONS,
    STAFF_TARGETS,
    CampaignKind,
)
from linkedin_assets.sandbox.world_common import IdAllocator, rng_for, stable_int

EVERGREEN_INTERVAL = 280
EVERGREEN_JITTER = 35
FLIGHT_INTERVAL = 70
FLIGHT_JITTER = 20
FLIGHT_MIN_DAYS = 28
FLIGHT_MAX_DAYS = 100
LOOKAHEAD_DAYS = 45  # campaigns are created up to this long before they start


@dataclass(frozen=True)
class Targeting:
    countries: tuple[str, ...]
    seniorities: tuple[int, ...]
    functions: tuple[int, ...]
    industries: tuple[int, ...]
    staff_ranges: tuple[str, ...]  # SIZE_* codes
    exclude_seniorities: tuple[int, ...]
    audience_expansion: bool
    audience_size: int


@dataclass(frozen=True)
class ConversionPlan:
    account: AccountPlan
    key: str
    id: int
    urn: str
    name: str
    type: str
    attribution_type: str
    post_click_window: int
    view_through_window: int
    value: Decimal | None
    enabled: bool
    weight: float
    created_ord: int
    last_modified_ord: int


@dataclass
class CampaignPlan:
    account: AccountPlan
    kind: CampaignKind
    evergreen: bool
    slot: int
    id: int
    urn: str
    name: str
    fate: str  # normal paused archived canceled draft replaced
    created_ord: int
    start_ord: int
    end_ord: int | None  # exclusive end of runSchedule; None = runs until stopped
    stop_ord: int | None  # exclusive: serving stops here (pause, cancel, replacement, account)
    stop_reason: str | None
    daily_budget: Decimal | None
    total_budget: Decimal | None
    unit_cost: Decimal
    pacing_daily_local: float  # what the campaign spends per day at full delivery
    ecpm_local: float
    targeting: Targeting
    creative_selection: str
    offsite_delivery: bool
    conversions: list[ConversionPlan] = field(default_factory=list)
    lead_form_id: int | None = None
    group_year: int = 0
    creative_weight_total: float = 1.0  # budget shares of all its creatives, listed or not

    @property
    def serve_start(self) -> int:
        return self.start_ord

    @property
    def serve_stop(self) -> int:
        """Exclusive last serving day (ordinal); equals serve_start when it never served."""
        if self.fate == "draft" or self.account.test:
            return self.start_ord
        stops = [value for value in (self.end_ord, self.stop_ord) if value is not None]
        return min(stops) if stops else self.start_ord + 10_000

    def status(self, today_ord: int) -> str:
        if self.fate == "draft":
            return "DRAFT"
        natural_end = self.end_ord if self.end_ord is not None else self.start_ord + 10_000
        if self.stop_ord is not None and self.stop_ord < natural_end and today_ord >= self.stop_ord:
            if self.stop_reason == "paused":
                return "PAUSED"
            if self.stop_reason == "replaced":
                return "ARCHIVED" if self.slot % 2 == 0 else "PAUSED"
            return "CANCELED"  # canceled by the advertiser or with its account
        stops = [value for value in (self.end_ord, self.stop_ord) if value is not None]
        if not stops or today_ord < min(stops):
            return "ACTIVE"  # running, or scheduled with serving on hold until its start date
        return "ARCHIVED" if self.fate == "archived" else "COMPLETED"

    def last_event_ord(self, today_ord: int) -> int:
        events = [self.created_ord, self.start_ord - 1, self.serve_stop]
        if self.fate == "archived" and self.end_ord is not None:
            events.append(self.end_ord + 14)
        past = [value for value in events if value <= today_ord]
        return max(past) if past else self.created_ord


@dataclass
class CreativePlan:
    campaign: CampaignPlan
    index: int
    id: int
    urn: str
    kind: str
    name: str
    created_ord: int
    start_ord: int
    pause_ord: int | None
    rejected: bool
    weight: float
    reference: str | None = None  # share / ugcPost / adInMailContent URN, set once posts exist
    boosted_post: bool = False  # True when the creative sponsors an existing organic post

    @property
    def serve_start(self) -> int:
        return max(self.start_ord, self.campaign.serve_start)

    @property
    def serve_stop(self) -> int:
        if self.rejected or self.campaign.fate == "draft":
            return self.serve_start
        stop = self.campaign.serve_stop
        if self.pause_ord is not None:
            stop = min(stop, self.pause_ord)
        return max(stop, self.serve_start)

    def intended_status(self, today_ord: int) -> str:
        if self.campaign.fate == "draft":
            return "DRAFT"
        if self.pause_ord is not None and self.pause_ord <= today_ord:
            return "PAUSED"
        return "ACTIVE"


@dataclass
class GroupPlan:
    account: AccountPlan
    year: int
    id: int
    urn: str
    name: str
    campaigns: list[CampaignPlan] = field(default_factory=list)


@dataclass
class AdsPlan:
    groups: list[GroupPlan]
    campaigns: list[CampaignPlan]
    creatives: list[CreativePlan]
    conversions: list[ConversionPlan]


def build_ads_plan(
    seed: int, accounts: list[AccountPlan], today_ord: int, first_ord: int, ids: IdAllocator
) -> AdsPlan:
    conversions: list[ConversionPlan] = []
    campaigns: list[CampaignPlan] = []
    for account in accounts:
        account_conversions = _conversion_rules(seed, account, ids)
        conversions += account_conversions
        campaigns += _account_campaigns(
            seed, account, today_ord, first_ord, ids, account_conversions
        )
    groups = _group_campaigns(campaigns, ids)
    creatives = [
        creative
        for campaign in campaigns
        for creative in _campaign_creatives(seed, campaign, ids)
        if creative.created_ord <= today_ord
    ]
    return AdsPlan(groups=groups, campaigns=campaigns, creatives=creatives, conversions=conversions)


def _slot_range(phase: int, interval: int, first_ord: int, last_ord: int) -> range:
    low = (first_ord - EPOCH_ORD - phase) // interval - 3
    high = (last_ord - EPOCH_ORD - phase) // interval + 2
    return range(low, high + 1)


def _evergreen_start(seed: int, account: AccountPlan, slot: int) -> int:
    jitter = stable_int(seed, "evergreen-jitter", account.id, slot) % EVERGREEN_JITTER
    return EPOCH_ORD + account.phase + slot * EVERGREEN_INTERVAL + jitter


def _account_campaigns(
    seed: int,
    account: AccountPlan,
    today_ord: int,
    first_ord: int,
    ids: IdAllocator,
    conversions: list[ConversionPlan],
) -> list[CampaignPlan]:
    plans: list[CampaignPlan] = []
    for slot in _slot_range(
        account.phase, EVERGREEN_INTERVAL, first_ord, today_ord + LOOKAHEAD_DAYS
    ):
        start = _evergreen_start(seed, account, slot)
        next_start = _evergreen_start(seed, account, slot + 1)
        kind = EVERGREEN_KINDS[slot % len(EVERGREEN_KINDS)]
        plan = _campaign(seed, account, kind, True, slot, start, None, "replaced", next_start, ids)
        if _visible(plan, today_ord, first_ord):
            plans.append(plan)
    flight_phase = account.phase * 7 % FLIGHT_INTERVAL
    for slot in _slot_range(flight_phase, FLIGHT_INTERVAL, first_ord, today_ord + LOOKAHEAD_DAYS):
        rng = rng_for(seed, "flight", account.id, slot)
        start = EPOCH_ORD + flight_phase + slot * FLIGHT_INTERVAL + rng.randrange(FLIGHT_JITTER)
        duration = rng.randint(FLIGHT_MIN_DAYS, FLIGHT_MAX_DAYS)
        kind = FLIGHT_KINDS[(slot + account.phase) % len(FLIGHT_KINDS)]
        fate = FLIGHT_FATES[(slot + account.phase // 3) % len(FLIGHT_FATES)]
        stop = None
        if fate == "paused":
            stop = start + int(duration * rng.uniform(0.35, 0.75))
        elif fate == "canceled":
            stop = start + int(duration * rng.uniform(0.2, 0.5))
        plan = _campaign(seed, account, kind, False, slot, start, start + duration, fate, stop, ids)
        if _visible(plan, today_ord, first_ord):
            plans.append(plan)
    for plan in plans:
        plan.conversions = [
            rule
            for rule in conversions
            if rule.enabled and rule.key in OBJECTIVE_CONVERSIONS.get(plan.kind.objective, ())
        ]
    return plans


def _visible(plan: CampaignPlan, today_ord: int, first_ord: int) -> bool:
    if plan.created_ord > today_ord:
        return False
    if plan.account.cancel_ord is not None and plan.created_ord >= plan.account.cancel_ord:
        return False
    return plan.serve_stop > first_ord or plan.created_ord >= first_ord


def _campaign(
    seed: int,
    account: AccountPlan,
    kind: CampaignKind,
    evergreen: bool,
    slot: int,
    start: int,
    end: int | None,
    fate: str,
    stop: int | None,
    ids: IdAllocator,
) -> CampaignPlan:
    rng = rng_for(seed, "campaign", account.id, evergreen, slot)
    stop_reason = fate if stop is not None else None
    cancel = account.cancel_ord
    if cancel is not None and (stop is None or cancel < stop) and (end is None or cancel < end):
        stop, stop_reason = cancel, "account"
    created = start - rng.randint(4, 18)
    campaign_id = ids.allocate("campaign", 200_000_000, 399_999_999, account.id, evergreen, slot)
    rate = float(account.usd_rate)
    duration = (end - start) if end is not None else None
    daily_budget = total_budget = None
    if evergreen or rng.random() < 0.5:
        daily_usd = rng.uniform(60, 160) if evergreen else rng.uniform(80, 250)
        daily_budget = _money(daily_usd / rate, 5)
        pacing = float(daily_budget)
    else:
        total_budget = _money(rng.uniform(2_500, 12_000) / rate, 100)
        pacing = float(total_budget) / max(duration or 30, 1)
    ecpm_local = rng.uniform(*kind.ecpm_usd) / rate
    unit_cost = _unit_cost(kind.cost_type, ecpm_local, rng.random())
    year = dt.date.fromordinal(start).year
    language = account.market.language
    label = kind.label_de if language == "de" else kind.label_en
    name = f"{year} {label} – {account.market.label}"
    if not evergreen:
        quarter = (dt.date.fromordinal(start).month - 1) // 3 + 1
        name = f"Q{quarter} {name}"
    return CampaignPlan(
        account=account,
        kind=kind,
        evergreen=evergreen,
        slot=slot,
        id=campaign_id,
        urn=f"urn:li:sponsoredCampaign:{campaign_id}",
        name=name,
        fate=fate,
        created_ord=created,
        start_ord=start,
        end_ord=end,
        stop_ord=stop,
        stop_reason=stop_reason,
        daily_budget=daily_budget,
        total_budget=total_budget,
        unit_cost=unit_cost,
        pacing_daily_local=pacing * rng.uniform(0.6, 0.92),
        ecpm_local=ecpm_local,
        targeting=_targeting(rng, account, kind),
        creative_selection="OPTIMIZED" if rng.random() < 0.7 else "ROUND_ROBIN",
        offsite_delivery=kind.campaign_type == "SPONSORED_UPDATES" and rng.random() < 0.4,
        group_year=year,
    )


def _money(amount: float, step: int) -> Decimal:
    return Decimal(max(step, round(amount / step) * step))


def _unit_cost(cost_type: str, ecpm_local: float, unit: float) -> Decimal:
    if cost_type == "CPC":
        value = ecpm_local / 1000 / 0.0075 * (0.85 + 0.3 * unit)
    elif cost_type == "CPV":
        value = 0.06 + 0.14 * unit
    else:
        value = ecpm_local * (0.8 + 0.3 * unit)
    return Decimal(f"{value:.2f}")


def _targeting(rng: random.Random, account: AccountPlan, kind: CampaignKind) -> Targeting:
    countries = account.market.countries
    if len(countries) > 1 and rng.random() < 0.3:
        countries = countries[: len(countries) - 1]
    if kind.objective == "JOB_APPLICANT":
        seniorities: tuple[int, ...] = (3, 4)
    elif kind.creative_kind == "FOLLOW":
        seniorities = ()
    else:
        seniorities = tuple(sorted(rng.sample((4, 5, 6, 7, 8), rng.randint(3, 5))))
    functions = tuple(sorted(rng.sample(FUNCTION_POOL, rng.randint(2, 4))))
    if kind.objective == "JOB_APPLICANT":
        functions = (8, 13)
    industries = tuple(sorted(rng.sample(INDUSTRY_POOL, rng.randint(3, 6))))
    staff = ()
    if kind.objective in ("LEAD_GENERATION", "WEBSITE_CONVERSION"):
        first = rng.randint(0, 3)
        staff = tuple(code for code, _ in STAFF_TARGETS[first : first + rng.randint(2, 3)])
    facets = sum(1 for values in (seniorities, functions, industries, staff) if values)
    base_audience = {1: 2_400_000, 2: 900_000, 3: 420_000, 4: 180_000}.get(facets, 1_500_000)
    size = int(base_audience * len(countries) ** 0.5 * rng.uniform(0.6, 1.4))
    return Targeting(
        countries=countries,
        seniorities=seniorities,
        functions=functions,
        industries=industries,
        staff_ranges=staff,
        exclude_seniorities=(1, 2) if rng.random() < 0.6 else (),
        audience_expansion=rng.random() < 0.4,
        audience_size=max(55_000, size),
    )


def staff_range_urn(code: str) -> str:
    return "urn:li:staffCountRange:" + dict(STAFF_TARGETS)[code]


def _group_campaigns(campaigns: list[CampaignPlan], ids: IdAllocator) -> list[GroupPlan]:
    groups: dict[tuple[int, int], GroupPlan] = {}
    for campaign in sorted(
        campaigns, key=lambda plan: (plan.account.index, plan.start_ord, plan.id)
    ):
        key = (campaign.account.index, campaign.group_year)
        group = groups.get(key)
        if group is None:
            account = campaign.account
            group_id = ids.allocate(
                "group", 600_000_000, 699_999_999, account.id, campaign.group_year
            )
            theme = (
                "Demand Gen & Always-on"
                if account.market.language != "de"
                else "Nachfrage & Always-on"
            )
            group = GroupPlan(
                account=account,
                year=campaign.group_year,
                id=group_id,
                urn=f"urn:li:sponsoredCampaignGroup:{group_id}",
                name=f"FY{campaign.group_year} {theme} – {account.market.label}",
            )
            groups[key] = group
        group.campaigns.append(campaign)
    return sorted(groups.values(), key=lambda group: (group.account.index, group.year))


def _campaign_creatives(seed: int, campaign: CampaignPlan, ids: IdAllocator) -> list[CreativePlan]:
    rng = rng_for(seed, "creatives", campaign.id)
    kind = campaign.kind
    count = rng.randint(kind.min_creatives, kind.max_creatives)
    plans: list[CreativePlan] = []
    for index in range(count):
        if campaign.evergreen:
            start = campaign.start_ord + (0 if index == 0 else index * rng.randint(35, 60))
        elif index == count - 1 and count >= 3 and campaign.end_ord is not None:
            start = campaign.start_ord + (campaign.end_ord - campaign.start_ord) * 2 // 5
        else:
            start = campaign.start_ord
        created = min(start, max(campaign.created_ord, start - rng.randint(2, 6)))
        pause = None
        if campaign.evergreen and index == 0:
            pause = campaign.start_ord + rng.randint(140, 200)
        elif not campaign.evergreen and count >= 3 and index == 1 and rng.random() < 0.35:
            pause = start + rng.randint(10, 25)
        rejected = stable_int(seed, "rejected", campaign.id, index) % 13 == 0 and index > 0
        creative_id = ids.allocate("creative", 100_000_000, 399_999_999, campaign.id, index)
        plans.append(
            CreativePlan(
                campaign=campaign,
                index=index,
                id=creative_id,
                urn=f"urn:li:sponsoredCreative:{creative_id}",
                kind=kind.creative_kind,
                name=f"{campaign.name.split(' – ')[0]} – {kind.creative_kind.title()} {chr(65 + index)}",
                created_ord=created,
                start_ord=start,
                pause_ord=pause,
                rejected=rejected,
                weight=rng.uniform(0.6, 1.4),
            )
        )
    campaign.creative_weight_total = sum(plan.weight for plan in plans)
    return plans


def _conversion_rules(seed: int, account: AccountPlan, ids: IdAllocator) -> list[ConversionPlan]:
    rules: list[ConversionPlan] = []
    language = account.market.language
    for position, (
        key,
        name_en,
        name_de,
        kind,
        attribution,
        click,
        view,
        value_usd,
        weight,
    ) in enumerate(CONVERSION_RULES):
        conversion_id = ids.allocate("conversion", 10_000_000, 19_999_999, account.id, key)
        created = (
            account.created_ord
            + 20
            + position * 37
            + stable_int(seed, "conv", account.id, key) % 30
        )
        value = None
        if value_usd is not None:
            value = _money(value_usd / float(account.usd_rate), 5)
        rules.append(
            ConversionPlan(
                account=account,
                key=key,
                id=conversion_id,
                urn=f"urn:lla:llaPartnerConversion:{conversion_id}",
                name=name_de if language == "de" else name_en,
                type=kind,
                attribution_type=attribution,
                post_click_window=click,
                view_through_window=view,
                value=value,
                enabled=key not in DISABLED_CONVERSIONS,
                weight=weight,
                created_ord=created,
                last_modified_ord=created + stable_int(seed, "conv-mod", account.id, key) % 200,
            )
        )
    return rules
