"""Planning of adAnalytics requests: as few calls as possible, never a truncated answer.

adAnalytics has no paging: it answers at most 15,000 elements and silently drops the rest,
and it takes at most 20 fields per call (linkedin_api.md §4.4). So a plan:

- asks by ACCOUNT facet with the entity pivot it needs (one call covers every creative of
  several accounts), never one call per entity;
- splits the metrics into chunks of 18 (+ `dateRange`, `pivotValues`); the chunks are merged
  back on (pivotValues, dateRange);
- sizes each date window from the entities that can have been ACTIVE on each day (campaign
  run schedules and statuses), so the elements a response can hold (entity-days) stay under
  the cap; days and accounts where nothing ran are not asked about at all;
- at run time treats an answer of exactly 15,000 elements as truncated: it halves the window
  (or the facet list) and asks again; a truncated answer is never returned.

Everything here is pure: `execute_plan` takes the function that sends a request, so the
planner and the cap handling are tested without HTTP. No Dagster import.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from linkedin_assets.linkedin import ads
from linkedin_assets.linkedin.errors import LinkedInError
from linkedin_assets.linkedin.request import ApiRequest

# ----------------------------------------------------------------------------- metrics

STRUCTURAL_FIELDS: tuple[str, ...] = ("dateRange", "pivotValues")
METRICS_PER_REQUEST = ads.MAX_ANALYTICS_FIELDS - len(STRUCTURAL_FIELDS)

# Every adAnalytics metric of linkedin_api.md §4.5, in the API's own spelling.
ALL_METRICS: tuple[str, ...] = (
    "actionClicks",
    "adUnitClicks",
    "approximateMemberReach",
    "approximateUniqueImpressions",
    "audiencePenetration",
    "averageDwellTime",
    "cardClicks",
    "cardImpressions",
    "clicks",
    "commentLikes",
    "comments",
    "companyPageClicks",
    "conversionValueInLocalCurrency",
    "costInLocalCurrency",
    "costInUsd",
    "costPerQualifiedLead",
    "documentCompletions",
    "documentFirstQuartileCompletions",
    "documentMidpointCompletions",
    "documentThirdQuartileCompletions",
    "downloadClicks",
    "externalWebsiteConversions",
    "externalWebsitePostClickConversions",
    "externalWebsitePostViewConversions",
    "follows",
    "fullScreenPlays",
    "headlineClicks",
    "headlineImpressions",
    "impressions",
    "jobApplications",
    "jobApplyClicks",
    "landingPageClicks",
    "leadGenerationMailContactInfoShares",
    "leadGenerationMailInterestedClicks",
    "likes",
    "oneClickLeadFormOpens",
    "oneClickLeads",
    "opens",
    "otherEngagements",
    "postClickJobApplications",
    "postClickJobApplyClicks",
    "postClickRegistrations",
    "postViewJobApplications",
    "postViewJobApplyClicks",
    "postViewRegistrations",
    "qualifiedLeads",
    "reactions",
    "registrations",
    "sends",
    "shares",
    "subscriptionClicks",
    "talentLeads",
    "textUrlClicks",
    "totalEngagements",
    "validWorkEmailLeads",
    "videoCompletions",
    "videoFirstQuartileCompletions",
    "videoMidpointCompletions",
    "videoStarts",
    "videoThirdQuartileCompletions",
    "videoViews",
    "viralCardClicks",
    "viralCardImpressions",
    "viralClicks",
    "viralCommentLikes",
    "viralComments",
    "viralCompanyPageClicks",
    "viralDocumentCompletions",
    "viralDocumentFirstQuartileCompletions",
    "viralDocumentMidpointCompletions",
    "viralDocumentThirdQuartileCompletions",
    "viralDownloadClicks",
    "viralExternalWebsiteConversions",
    "viralExternalWebsitePostClickConversions",
    "viralExternalWebsitePostViewConversions",
    "viralFollows",
    "viralFullScreenPlays",
    "viralImpressions",
    "viralJobApplications",
    "viralJobApplyClicks",
    "viralLandingPageClicks",
    "viralLikes",
    "viralOneClickLeadFormOpens",
    "viralOneClickLeads",
    "viralOtherEngagements",
    "viralPostClickJobApplications",
    "viralPostClickJobApplyClicks",
    "viralPostClickRegistrations",
    "viralPostViewJobApplications",
    "viralPostViewJobApplyClicks",
    "viralPostViewRegistrations",
    "viralReactions",
    "viralRegistrations",
    "viralShares",
    "viralSubscriptionClicks",
    "viralTotalEngagements",
    "viralVideoCompletions",
    "viralVideoFirstQuartileCompletions",
    "viralVideoMidpointCompletions",
    "viralVideoStarts",
    "viralVideoThirdQuartileCompletions",
    "viralVideoViews",
)
# Replaced by approximateMemberReach in 2024; a current LinkedIn-Version may reject the name,
# so it is never requested (its successor carries the same figure).
LEGACY_METRICS: frozenset[str] = frozenset({"approximateUniqueImpressions"})
# Sent as JSON strings ("509.980", "-2E-18"): stored as DECIMAL.
DECIMAL_METRICS: frozenset[str] = frozenset(
    {"costInLocalCurrency", "costInUsd", "conversionValueInLocalCurrency", "costPerQualifiedLead"}
)
FLOAT_METRICS: frozenset[str] = frozenset({"averageDwellTime", "audiencePenetration"})
# Only computed when the request's dateRange spans at most 92 days.
REACH_METRICS: frozenset[str] = frozenset(
    {"approximateMemberReach", "approximateUniqueImpressions", "audiencePenetration"}
)
REACH_MAX_DAYS = 92
# Only offered with pivot=CAMPAIGN.
CAMPAIGN_PIVOT_ONLY_METRICS: frozenset[str] = frozenset({"audiencePenetration"})
# "Non-demographic pivots only" (§4.2): MEMBER_* rows never carry these.
NON_DEMOGRAPHIC_METRICS: frozenset[str] = frozenset(
    {
        "approximateMemberReach",
        "approximateUniqueImpressions",
        "audiencePenetration",
        "cardClicks",
        "cardImpressions",
        "conversionValueInLocalCurrency",
        "viralCardClicks",
        "viralCardImpressions",
    }
)
# The metrics that exist per conversion rule (pivot CONVERSION, §5.2).
CONVERSION_METRICS: tuple[str, ...] = (
    "externalWebsiteConversions",
    "externalWebsitePostClickConversions",
    "externalWebsitePostViewConversions",
    "conversionValueInLocalCurrency",
    "viralExternalWebsiteConversions",
    "viralExternalWebsitePostClickConversions",
    "viralExternalWebsitePostViewConversions",
)
DEMOGRAPHIC_PIVOTS: tuple[str, ...] = (
    "MEMBER_COMPANY_SIZE",
    "MEMBER_COUNTRY_V2",
    "MEMBER_REGION_V2",
    "MEMBER_JOB_FUNCTION",
    "MEMBER_JOB_TITLE",
    "MEMBER_INDUSTRY",
    "MEMBER_SENIORITY",
    "MEMBER_COMPANY",
)
# Demographic breakdowns need one call per campaign and pivot (q=statistics refuses MEMBER_*
# pivots), so they get one chunk of the additive metrics that matter by audience.
DEMOGRAPHIC_METRICS: tuple[str, ...] = (
    "impressions",
    "clicks",
    "costInLocalCurrency",
    "costInUsd",
    "landingPageClicks",
    "totalEngagements",
    "reactions",
    "comments",
    "shares",
    "follows",
    "companyPageClicks",
    "videoViews",
    "videoCompletions",
    "oneClickLeadFormOpens",
    "oneClickLeads",
    "externalWebsiteConversions",
    "externalWebsitePostClickConversions",
    "externalWebsitePostViewConversions",
)

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@functools.cache
def metric_column(metric: str) -> str:
    """`costInUsd` -> `cost_in_usd`: the snake_case column a metric is stored in."""
    return _CAMEL_BOUNDARY.sub("_", metric).lower()


def metrics_for_pivot(pivot: str) -> tuple[str, ...]:
    """Every current metric LinkedIn offers under an entity pivot (CREATIVE, CAMPAIGN, ...)."""
    return tuple(
        metric
        for metric in ALL_METRICS
        if metric not in LEGACY_METRICS
        and (pivot == "CAMPAIGN" or metric not in CAMPAIGN_PIVOT_ONLY_METRICS)
        and (not pivot.startswith("MEMBER_") or metric not in NON_DEMOGRAPHIC_METRICS)
    )


@dataclass(frozen=True)
class MetricChunk:
    """The metrics of one request; `max_days` bounds its dateRange (reach needs <= 92 days)."""

    metrics: tuple[str, ...]
    max_days: int | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return (*STRUCTURAL_FIELDS, *self.metrics)


def chunk_metrics(
    metrics: Sequence[str], per_request: int = METRICS_PER_REQUEST
) -> tuple[MetricChunk, ...]:
    """Split metrics into requests of at most `per_request`.

    The reach metrics share the first chunk(s) so that only those are held to 92-day windows;
    every other chunk may span as many days as the element cap allows.
    """
    if per_request < 1:
        raise ValueError("per_request must be at least 1")
    unique = list(dict.fromkeys(metrics))
    reach = [m for m in unique if m in REACH_METRICS]
    rest = [m for m in unique if m not in REACH_METRICS]
    chunks: list[MetricChunk] = []
    while reach:
        take = reach[:per_request]
        reach = reach[per_request:]
        room = per_request - len(take)
        # Fill the reach chunk with ordinary metrics: a chunk costs a request either way.
        take += rest[:room]
        rest = rest[room:]
        chunks.append(MetricChunk(tuple(take), REACH_MAX_DAYS))
    for index in range(0, len(rest), per_request):
        chunks.append(MetricChunk(tuple(rest[index : index + per_request])))
    return tuple(chunks)


# ------------------------------------------------------------------- entity activity

# Statuses an advertiser sets to stop delivery: the entity cannot have served after the last
# modification (the stop itself was a modification). COMPLETED is set by LinkedIn when an
# end date or budget is reached, possibly without touching lastModified, so it is not here.
STOPPED_CAMPAIGN_STATUSES = frozenset(
    {"PAUSED", "CANCELED", "ARCHIVED", "PENDING_DELETION", "REMOVED"}
)
STOPPED_CREATIVE_STATUSES = frozenset(
    {"PAUSED", "CANCELED", "ARCHIVED", "PENDING_DELETION", "REMOVED"}
)
NEVER_SERVED_STATUS = "DRAFT"


@dataclass(frozen=True)
class ActiveSpan:
    """Inclusive UTC days an entity may have delivered on (a conservative bound)."""

    first: dt.date
    last: dt.date | None  # None: still running

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """Any day of [start, end) (end exclusive)."""
        return self.first < end and (self.last is None or self.last >= start)

    def intersect(self, other: ActiveSpan) -> ActiveSpan | None:
        first = max(self.first, other.first)
        lasts = [d for d in (self.last, other.last) if d is not None]
        last = min(lasts) if lasts else None
        if last is not None and last < first:
            return None
        return ActiveSpan(first, last)

    def extended(self, days: int) -> ActiveSpan:
        """The span with `days` more at the end (a safety tail after delivery stopped)."""
        if self.last is None or days <= 0:
            return self
        return ActiveSpan(self.first, self.last + dt.timedelta(days=days))


def _day(epoch_ms: Any) -> dt.date | None:
    if isinstance(epoch_ms, int | float) and not isinstance(epoch_ms, bool):
        return dt.datetime.fromtimestamp(epoch_ms / 1000, dt.UTC).date()
    return None


def _audit_time(element: Mapping[str, Any], stamp: str) -> Any:
    stamps = element.get("changeAuditStamps") or {}
    return (stamps.get(stamp) or {}).get("time")


def campaign_activity(campaign: Mapping[str, Any], tail_days: int = 0) -> ActiveSpan | None:
    """Days a campaign element may have served on, from runSchedule, status and audit stamps.

    None when it never served (DRAFT). The end of runSchedule is exclusive; a
    campaign stopped by its advertiser served no later than its last modification.
    """
    if campaign.get("status") == NEVER_SERVED_STATUS:
        return None
    schedule = campaign.get("runSchedule") or {}
    # Without a readable start, assume it served since creation: skipping it would silently
    # lose its rows, asking costs at most a request.
    first = _day(schedule.get("start")) or _day(_audit_time(campaign, "created")) or dt.date.min
    end_ms = schedule.get("end")
    last = _day(end_ms - 1) if isinstance(end_ms, int | float) else None
    if campaign.get("status") in STOPPED_CAMPAIGN_STATUSES:
        modified = _day(_audit_time(campaign, "lastModified"))
        if modified is not None:
            last = modified if last is None else min(last, modified)
    if last is not None and last < first:
        return None
    return ActiveSpan(first, last).extended(tail_days)


def creative_activity(
    creative: Mapping[str, Any],
    campaign_span: ActiveSpan | None,
    *,
    campaign_known: bool = True,
    tail_days: int = 0,
) -> ActiveSpan | None:
    """A creative serves inside its campaign's span, from its creation, until it is stopped.

    With `campaign_known=False` (its campaign was not listed) only the creative's own dates
    bound it, so it is still asked about.
    """
    if creative.get("intendedStatus") == NEVER_SERVED_STATUS:
        return None
    first = _day(creative.get("createdAt")) or dt.date.min
    last = None
    if creative.get("intendedStatus") in STOPPED_CREATIVE_STATUSES:
        last = _day(creative.get("lastModifiedAt"))
    own = ActiveSpan(first, last).extended(tail_days)
    if not campaign_known:
        return own
    if campaign_span is None:
        return None
    return own.intersect(campaign_span)


def daily_load(spans: Iterable[tuple[ActiveSpan, int]], start: dt.date, end: dt.date) -> list[int]:
    """Elements per day of [start, end): the sum of `weight` of the spans covering each day.

    weight = elements one entity contributes per day (1 per creative; the number of
    conversion rules of a campaign under pivots CAMPAIGN x CONVERSION).
    """
    days = max((end - start).days, 0)
    # A difference array: O(spans + days) however long the spans are.
    steps = [0] * (days + 1)
    for span, weight in spans:
        if weight <= 0 or not span.overlaps(start, end):
            continue
        first = max((span.first - start).days, 0)
        last = days - 1 if span.last is None else min((span.last - start).days, days - 1)
        steps[first] += weight
        steps[last + 1] -= weight
    load, running = [], 0
    for step in steps[:days]:
        running += step
        load.append(running)
    return load


# ------------------------------------------------------------------------ windows


@dataclass(frozen=True)
class DayWindow:
    """Inclusive days [first, last] of one request and the elements it can hold at most."""

    first: dt.date
    last: dt.date
    bound: int

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def plan_windows(
    load: Sequence[int], start: dt.date, *, budget: int, max_days: int | None = None
) -> list[DayWindow]:
    """Fewest windows covering every day with load, each holding at most `budget` elements.

    Greedy longest windows are optimal for an additive bound. Idle days at a window's edges
    are left out, and a window made only of idle days is never asked for. A single day over
    budget still gets its own window: the run-time cap check splits it by facet.
    """
    windows: list[DayWindow] = []
    day, n = 0, len(load)
    while day < n:
        if load[day] <= 0:
            day += 1
            continue
        first, bound = day, 0
        while (
            day < n and bound + load[day] <= budget and (max_days is None or day - first < max_days)
        ):
            bound += load[day]
            day += 1
        if day == first:  # one day alone exceeds the budget
            bound = load[day]
            day += 1
        last = day - 1
        while load[last] <= 0:
            last -= 1
        windows.append(
            DayWindow(start + dt.timedelta(days=first), start + dt.timedelta(days=last), bound)
        )
    return windows


def group_accounts(
    loads: Mapping[int, Sequence[int]],
    *,
    budget: int,
    max_days: int | None = None,
    max_group_size: int = 50,
) -> list[tuple[int, ...]]:
    """Accounts asked about together (one `accounts=List(...)` facet), never more requests.

    An account joins a group only when no day of the group then exceeds the budget and the
    group's windows plus its own would not be cheaper apart, so combining accounts can only
    save requests. Idle accounts are left out.
    """
    active = [account for account, load in loads.items() if any(v > 0 for v in load)]
    active.sort(key=lambda account: (-sum(loads[account]), account))

    def cost(load: Sequence[int]) -> int:
        return len(plan_windows(load, dt.date.min, budget=budget, max_days=max_days))

    groups: list[tuple[list[int], list[int], list[int]]] = []  # accounts, load, [requests]
    for account in active:
        own = list(loads[account])
        own_cost = cost(own)
        for members, combined, combined_cost in groups:
            if len(members) >= max_group_size:
                continue
            merged = [a + b for a, b in zip(combined, own, strict=True)]
            # Never let one day of the group outgrow an answer; then only join when it saves.
            if max(merged, default=0) > budget:
                continue
            merged_cost = cost(merged)
            if merged_cost <= combined_cost[0] + own_cost:
                members.append(account)
                combined[:] = merged
                combined_cost[0] = merged_cost
                break
        else:
            groups.append(([account], own, [own_cost]))
    return [tuple(sorted(members)) for members, _, _ in groups]


# --------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class PlannedRequest:
    """One adAnalytics call of a plan, with the most elements it can answer (None: unknown)."""

    pivots: tuple[str, ...]
    granularity: str
    first: dt.date
    last: dt.date  # inclusive, like LinkedIn's dateRange
    facet: str
    facet_urns: tuple[str, ...]
    fields: tuple[str, ...]
    expected_elements: int | None
    label: str = ""  # what the request is for, e.g. a campaign URN (for logs)

    @property
    def request(self) -> ApiRequest:
        return ads.ad_analytics(
            pivots=self.pivots,
            granularity=self.granularity,
            start=self.first,
            end=self.last,
            facet=self.facet,
            facet_urns=self.facet_urns,
            fields=self.fields,
        )

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def split(self) -> tuple[PlannedRequest, PlannedRequest]:
        """Two requests covering the same ground: window halves, else facet halves."""
        if self.days > 1:
            mid = self.first + dt.timedelta(days=self.days // 2 - 1)
            return (
                replace(self, last=mid, expected_elements=None),
                replace(self, first=mid + dt.timedelta(days=1), expected_elements=None),
            )
        if len(self.facet_urns) > 1:
            half = len(self.facet_urns) // 2
            return (
                replace(self, facet_urns=self.facet_urns[:half], expected_elements=None),
                replace(self, facet_urns=self.facet_urns[half:], expected_elements=None),
            )
        raise AnalyticsCapError(
            f"adAnalytics answered {ads.ANALYTICS_ROW_CAP:,} elements (its silent truncation "
            f"cap) for a single day ({self.first}) of a single {self.facet} facet "
            f"({self.facet_urns[0]}) under pivots {', '.join(self.pivots)}; the answer cannot be "
            "split further and a truncated answer is never stored."
        )


@dataclass(frozen=True)
class AnalyticsPlan:
    requests: tuple[PlannedRequest, ...]
    accounts_asked: tuple[int, ...] = ()
    accounts_idle: tuple[int, ...] = ()  # covered, but nothing ran in the window: not asked

    @property
    def expected_elements(self) -> int:
        return sum(r.expected_elements or 0 for r in self.requests)

    def __len__(self) -> int:
        return len(self.requests)


class AnalyticsCapError(LinkedInError):
    """An adAnalytics answer hit the 15,000-element cap and could not be split further."""


def plan_account_analytics(
    *,
    pivots: Sequence[str],
    start: dt.date,
    end: dt.date,
    loads: Mapping[int, Sequence[int]],
    chunks: Sequence[MetricChunk],
    granularity: str = "DAILY",
    budget: int = ads.ANALYTICS_ROW_CAP - 1,
    max_group_size: int = 50,
) -> AnalyticsPlan:
    """The requests of one run window [start, end) by ACCOUNT facet.

    `loads[account]` holds elements per day of the window (see `daily_load`); accounts whose
    load is zero throughout are covered but not asked about.
    """
    days = (end - start).days
    for account, load in loads.items():
        if len(load) != days:
            raise ValueError(f"load of account {account} has {len(load)} days, window has {days}")
    requests: list[PlannedRequest] = []
    for max_days in dict.fromkeys(chunk.max_days for chunk in chunks):
        groups = group_accounts(
            loads, budget=budget, max_days=max_days, max_group_size=max_group_size
        )
        for group in groups:
            combined = [sum(values) for values in zip(*(loads[a] for a in group), strict=True)]
            windows = plan_windows(combined, start, budget=budget, max_days=max_days)
            facet_urns = tuple(ads.account_urn(a) for a in group)
            for window in windows:
                for chunk in chunks:
                    if chunk.max_days != max_days:
                        continue
                    requests.append(
                        PlannedRequest(
                            pivots=tuple(pivots),
                            granularity=granularity,
                            first=window.first,
                            last=window.last,
                            facet="accounts",
                            facet_urns=facet_urns,
                            fields=chunk.fields,
                            expected_elements=window.bound,
                        )
                    )
    asked = tuple(sorted(a for a, load in loads.items() if any(v > 0 for v in load)))
    idle = tuple(sorted(a for a in loads if a not in asked))
    return AnalyticsPlan(tuple(requests), asked, idle)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def plan_demographics(
    *,
    campaigns: Mapping[str, ActiveSpan | None],
    start: dt.date,
    end: dt.date,
    pivots: Sequence[str] = DEMOGRAPHIC_PIVOTS,
    metrics: Sequence[str] = DEMOGRAPHIC_METRICS,
) -> AnalyticsPlan:
    """MEMBER_* breakdowns per campaign, MONTHLY, over [start, end) (whole months).

    q=statistics refuses MEMBER_* pivots, so per-campaign rows need a campaigns facet of one
    campaign per call; each call covers every month of the window the campaign ran in (from
    its first to its last active month), and campaigns idle all window long are skipped.
    Member-value counts are unknown in advance, so bounds are None and the run-time cap check
    guards the answers.
    """
    chunks = chunk_metrics([m for m in metrics if m not in NON_DEMOGRAPHIC_METRICS])
    requests: list[PlannedRequest] = []
    for campaign_urn in sorted(campaigns):
        span = campaigns[campaign_urn]
        if span is None or not span.overlaps(start, end):
            continue
        first = max(month_start(span.first), start)
        last_day = end - dt.timedelta(days=1)
        if span.last is not None:
            last_day = min(last_day, next_month(span.last) - dt.timedelta(days=1))
        for pivot in pivots:
            for chunk in chunks:
                requests.append(
                    PlannedRequest(
                        pivots=(pivot,),
                        granularity="MONTHLY",
                        first=first,
                        last=last_day,
                        facet="campaigns",
                        facet_urns=(campaign_urn,),
                        fields=chunk.fields,
                        expected_elements=None,
                        label=campaign_urn,
                    )
                )
    return AnalyticsPlan(tuple(requests))


# ------------------------------------------------------------------------ executing

ElementKey = tuple[tuple[str, ...], tuple[int, int, int], tuple[int, int, int]]


def element_key(element: Mapping[str, Any]) -> ElementKey:
    """(pivotValues, dateRange start, dateRange end): what chunks of one element share."""
    date_range = element.get("dateRange") or {}

    def ymd(part: str) -> tuple[int, int, int]:
        value = date_range.get(part) or {}
        return (int(value.get("year", 0)), int(value.get("month", 0)), int(value.get("day", 0)))

    return tuple(element.get("pivotValues") or ()), ymd("start"), ymd("end")


@dataclass(frozen=True)
class MergedElement:
    """One element with the metrics of every chunk, and the request context it answers."""

    pivots: tuple[str, ...]
    label: str  # the planned request's label ("" when the facet alone identifies rows)
    facet_urns: tuple[str, ...]  # facet of the first request that returned the element
    element: dict[str, Any]


@dataclass
class AnalyticsResult:
    """Merged elements of a plan, in a stable order, plus what it took to get them."""

    elements: list[MergedElement]
    requests_sent: int = 0
    cap_splits: int = 0
    duplicates_dropped: int = 0


_MergeKey = tuple[tuple[str, ...], str, ElementKey]
_Day = tuple[int, int, int]


class PlanExecution:
    """Sends a plan's requests and merges their metric chunks, handing on finished days early.

    Requests run in order of their last day. A day is finished once every sequence of windows
    (one per pivots, label, facet and metric chunk) has been asked about it, so `batches()`
    yields its elements then and forgets them: memory holds about one window, not the range.
    An answer AT the cap is split and asked again, never kept; the same element twice for one
    chunk keeps the last and counts as a duplicate.
    """

    def __init__(
        self,
        plan: AnalyticsPlan | Sequence[PlannedRequest],
        send: Callable[[ApiRequest], Mapping[str, Any]],
        *,
        cap: int = ads.ANALYTICS_ROW_CAP,
    ) -> None:
        planned = plan.requests if isinstance(plan, AnalyticsPlan) else tuple(plan)
        self._requests = sorted(
            planned, key=lambda r: (r.last, r.first, r.pivots, r.label, r.facet_urns, r.fields)
        )
        self._send = send
        self._cap = cap
        self.requests_sent = 0
        self.cap_splits = 0
        self.duplicates_dropped = 0
        self.elements = 0  # merged elements handed on so far
        self._pending: dict[_MergeKey, tuple[MergedElement, set[tuple[str, ...]]]] = {}
        self._keys_by_day: dict[_Day, list[_MergeKey]] = {}
        self._finished_through: _Day = (0, 0, 0)

    def batches(self) -> Iterator[list[MergedElement]]:
        """Merged elements, finished days at a time, in date order (each batch sorted)."""
        asked_through = {self._sequence(r): dt.date.min for r in self._requests}
        for request in self._requests:
            self._ask(request)
            sequence = self._sequence(request)
            asked_through[sequence] = max(asked_through[sequence], request.last)
            finished = min(asked_through.values())
            batch = self._take(lambda day, f=finished: day <= (f.year, f.month, f.day))
            if batch:
                yield batch
        rest = self._take(lambda day: True)
        if rest:
            yield rest

    def result(self) -> AnalyticsResult:
        """Every merged element at once (the whole range in memory)."""
        elements = [element for batch in self.batches() for element in batch]
        elements.sort(key=lambda e: (e.pivots, e.label, element_key(e.element)))
        return AnalyticsResult(
            elements, self.requests_sent, self.cap_splits, self.duplicates_dropped
        )

    @staticmethod
    def _sequence(request: PlannedRequest) -> tuple[Any, ...]:
        return (request.pivots, request.label, request.facet_urns, request.fields)

    def _ask(self, planned: PlannedRequest) -> None:
        pending = [planned]
        while pending:
            current = pending.pop()
            body = self._send(current.request)
            self.requests_sent += 1
            elements = list(body.get("elements") or [])
            if len(elements) >= self._cap:
                # Silently truncated by LinkedIn: never keep it; ask again in two halves.
                self.cap_splits += 1
                pending.extend(reversed(current.split()))
                continue
            for element in elements:
                self._merge(current, element)

    def _merge(self, request: PlannedRequest, element: Mapping[str, Any]) -> None:
        key = element_key(element)
        day = key[1]
        if day <= self._finished_through:
            # A day already handed on: an element repeated outside its window.
            self.duplicates_dropped += 1
            return
        merge_key = (request.pivots, request.label, key)
        held = self._pending.get(merge_key)
        if held is None:
            merged = MergedElement(request.pivots, request.label, request.facet_urns, {})
            held = self._pending[merge_key] = (merged, set())
            self._keys_by_day.setdefault(day, []).append(merge_key)
        merged, chunks_seen = held
        if request.fields in chunks_seen:
            self.duplicates_dropped += 1
        chunks_seen.add(request.fields)
        merged.element.update(element)

    def _take(self, finished: Callable[[_Day], bool]) -> list[MergedElement]:
        days = sorted(day for day in self._keys_by_day if finished(day))
        if not days:
            return []
        self._finished_through = max(self._finished_through, days[-1])
        keys = sorted(key for day in days for key in self._keys_by_day.pop(day))
        batch = [self._pending.pop(key)[0] for key in keys]
        self.elements += len(batch)
        return batch


def execute_plan(
    plan: AnalyticsPlan | Sequence[PlannedRequest],
    send: Callable[[ApiRequest], Mapping[str, Any]],
    *,
    cap: int = ads.ANALYTICS_ROW_CAP,
) -> AnalyticsResult:
    """Send every planned request, split and resend any answer AT the cap, merge the chunks.

    Elements of different metric chunks merge on (pivots, label, pivotValues, dateRange); the
    same element twice in one answer set (LinkedIn can repeat one) keeps the last and is
    counted as a duplicate. A truncated answer is discarded before anything is merged.
    """
    return PlanExecution(plan, send, cap=cap).result()
