"""The adAnalytics request planner: metric chunks, window sizing, account grouping, idle
skipping and the 15,000-element cap split; pure tests first, then against the sandbox."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from typing import Any

import pytest

from linkedin_assets.assets import ads_fetch
from linkedin_assets.linkedin import ads, planning
from linkedin_assets.linkedin.planning import (
    ActiveSpan,
    AnalyticsCapError,
    MetricChunk,
    PlannedRequest,
    campaign_activity,
    chunk_metrics,
    creative_activity,
    daily_load,
    execute_plan,
    group_accounts,
    metrics_for_pivot,
    plan_account_analytics,
    plan_demographics,
    plan_windows,
)
from linkedin_assets.linkedin.restli import epoch_ms
from linkedin_assets.resources import LinkedInResource
from linkedin_assets.sandbox.metrics import METRICS as SANDBOX_METRICS

D0 = dt.date(2025, 1, 1)
BUDGET = ads.ANALYTICS_ROW_CAP - 1


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# ------------------------------------------------------------------------- metrics


def test_our_metric_list_is_the_api_list_the_sandbox_serves() -> None:
    assert set(planning.ALL_METRICS) == set(SANDBOX_METRICS)
    assert len(planning.ALL_METRICS) == len(set(planning.ALL_METRICS))


def test_metrics_per_pivot_leave_out_what_linkedin_does_not_offer_there() -> None:
    creative = metrics_for_pivot("CREATIVE")
    campaign = metrics_for_pivot("CAMPAIGN")
    assert "audiencePenetration" not in creative and "audiencePenetration" in campaign
    assert "approximateUniqueImpressions" not in campaign  # legacy name, never requested
    assert set(campaign) == set(planning.ALL_METRICS) - planning.LEGACY_METRICS
    member = metrics_for_pivot("MEMBER_SENIORITY")
    assert not set(member) & planning.NON_DEMOGRAPHIC_METRICS
    assert "impressions" in member


def test_chunks_hold_at_most_twenty_fields_and_keep_reach_in_92_day_chunks() -> None:
    metrics = metrics_for_pivot("CAMPAIGN")
    chunks = chunk_metrics(metrics)
    assert all(len(c.fields) <= ads.MAX_ANALYTICS_FIELDS for c in chunks)
    assert all(c.fields[:2] == ("dateRange", "pivotValues") for c in chunks)
    requested = [m for c in chunks for m in c.metrics]
    assert sorted(requested) == sorted(metrics)  # every metric exactly once
    assert len(chunks) == -(-len(metrics) // planning.METRICS_PER_REQUEST)  # no wasted chunk
    for chunk in chunks:
        has_reach = bool(set(chunk.metrics) & planning.REACH_METRICS)
        assert (chunk.max_days == planning.REACH_MAX_DAYS) == has_reach


def test_metric_columns_are_snake_case() -> None:
    assert planning.metric_column("costInUsd") == "cost_in_usd"
    assert (
        planning.metric_column("viralExternalWebsitePostClickConversions")
        == "viral_external_website_post_click_conversions"
    )


# ------------------------------------------------------------------------ activity


def campaign(
    status: str = "ACTIVE",
    start: dt.date = D0,
    end: dt.date | None = None,
    modified: dt.date | None = None,
) -> dict[str, Any]:
    schedule: dict[str, int] = {"start": epoch_ms(start) + 3_600_000}
    if end is not None:
        schedule["end"] = epoch_ms(end)
    element: dict[str, Any] = {"id": 1, "status": status, "runSchedule": schedule}
    if modified is not None:
        element["changeAuditStamps"] = {"lastModified": {"time": epoch_ms(modified) + 5}}
    return element


def test_campaign_activity_reads_schedule_status_and_stop_time() -> None:
    assert campaign_activity(campaign("DRAFT")) is None
    assert campaign_activity(campaign()) == ActiveSpan(D0, None)
    # runSchedule.end is exclusive: a campaign ending at midnight ran until the day before.
    assert campaign_activity(campaign(end=D0 + days(10))) == ActiveSpan(D0, D0 + days(9))
    # Paused by the advertiser: nothing after its last modification.
    assert campaign_activity(campaign("PAUSED", modified=D0 + days(4))) == ActiveSpan(
        D0, D0 + days(4)
    )
    # COMPLETED is LinkedIn's doing (budget, end date): lastModified does not bound it.
    completed = campaign("COMPLETED", end=D0 + days(20), modified=D0 + days(3))
    assert campaign_activity(completed) == ActiveSpan(D0, D0 + days(19))


def test_creative_activity_is_inside_its_campaign() -> None:
    span = ActiveSpan(D0, D0 + days(30))
    creative = {"intendedStatus": "ACTIVE", "createdAt": epoch_ms(D0 + days(5))}
    assert creative_activity(creative, span) == ActiveSpan(D0 + days(5), D0 + days(30))
    paused = {**creative, "intendedStatus": "PAUSED", "lastModifiedAt": epoch_ms(D0 + days(8))}
    assert creative_activity(paused, span) == ActiveSpan(D0 + days(5), D0 + days(8))
    assert creative_activity({**creative, "intendedStatus": "DRAFT"}, span) is None
    assert creative_activity(creative, None) is None  # its campaign never ran
    # A creative whose campaign was not listed is still asked about.
    assert creative_activity(creative, None, campaign_known=False) == ActiveSpan(D0 + days(5), None)


def test_daily_load_counts_weighted_entities_per_day() -> None:
    spans = [(ActiveSpan(D0, D0 + days(2)), 1), (ActiveSpan(D0 + days(1), None), 3)]
    assert daily_load(spans, D0, D0 + days(5)) == [1, 4, 4, 3, 3]
    assert daily_load(spans, D0 - days(3), D0) == [0, 0, 0]


# ------------------------------------------------------------------------- windows


def test_windows_stay_under_the_cap_and_cover_every_active_day() -> None:
    load = [100] * 365
    windows = plan_windows(load, D0, budget=BUDGET)
    assert [w.days for w in windows] == [149, 149, 67]  # 150 x 100 would be exactly the cap
    assert all(w.bound <= BUDGET for w in windows)
    assert windows[0].first == D0 and windows[-1].last == D0 + days(364)
    for before, after in itertools.pairwise(windows):
        assert after.first == before.last + days(1)


def test_windows_skip_idle_days_and_respect_max_days() -> None:
    load = [0, 0, 5, 5, 0, 0, 0, 5, 0, 0]
    windows = plan_windows(load, D0, budget=BUDGET)
    # One window is enough (idle days inside cost nothing) and idle edges are trimmed.
    assert [(w.first, w.last, w.bound) for w in windows] == [(D0 + days(2), D0 + days(7), 15)]
    assert plan_windows([0] * 10, D0, budget=BUDGET) == []
    capped = plan_windows([1] * 200, D0, budget=BUDGET, max_days=92)
    assert [w.days for w in capped] == [92, 92, 16]


def test_a_single_day_over_budget_still_gets_its_own_window() -> None:
    windows = plan_windows([10, 50, 10], D0, budget=40)
    assert [(w.days, w.bound) for w in windows] == [(1, 10), (1, 50), (1, 10)]


def test_accounts_share_a_facet_only_when_it_saves_requests() -> None:
    small = {1: [10] * 30, 2: [20] * 30, 3: [0] * 30}
    assert group_accounts(small, budget=BUDGET) == [(1, 2)]  # idle account 3 left out
    big = {1: [9000] * 2, 2: [9000] * 2}
    assert sorted(group_accounts(big, budget=BUDGET)) == [(1,), (2,)]


def test_economy_target_one_account_100_creatives_a_year_in_at_most_24_requests() -> None:
    start, end = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
    creatives = [(ActiveSpan(start, None), 1)] * 100
    plan = plan_account_analytics(
        pivots=("CREATIVE",),
        start=start,
        end=end,
        loads={42: daily_load(creatives, start, end)},
        chunks=chunk_metrics(metrics_for_pivot("CREATIVE")),
    )
    assert len(plan) <= 24
    assert all(
        r.expected_elements is not None and r.expected_elements < 15_000 for r in plan.requests
    )
    asked = {m for r in plan.requests for m in r.fields} - {"dateRange", "pivotValues"}
    assert asked == set(metrics_for_pivot("CREATIVE"))
    # Every metric is asked for every day of the year.
    for metric in asked:
        covered = sorted((r.first, r.last) for r in plan.requests if metric in r.fields)
        assert covered[0][0] == start and covered[-1][1] == end - days(1)
        assert all(b[0] == a[1] + days(1) for a, b in itertools.pairwise(covered))


def test_plan_asks_by_account_facet_and_skips_idle_accounts() -> None:
    loads = {7: [3, 3, 0, 0], 8: [0, 0, 0, 0], 9: [0, 1, 1, 0]}
    plan = plan_account_analytics(
        pivots=("CAMPAIGN",),
        start=D0,
        end=D0 + days(4),
        loads=loads,
        chunks=(MetricChunk(("impressions",)), MetricChunk(("clicks",))),
    )
    assert plan.accounts_asked == (7, 9) and plan.accounts_idle == (8,)
    assert len(plan) == 2  # one window, two chunks, accounts 7 and 9 in one facet
    for planned in plan.requests:
        assert planned.facet == "accounts"
        assert planned.facet_urns == (ads.account_urn(7), ads.account_urn(9))
        assert (planned.first, planned.last) == (D0, D0 + days(2))
        assert planned.expected_elements == 8
        query = planned.request.query()
        assert "q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY" in query
        assert (
            "accounts=List(urn%3Ali%3AsponsoredAccount%3A7,urn%3Ali%3AsponsoredAccount%3A9)"
            in query
        )


def test_demographics_are_planned_per_campaign_and_month_only_when_it_ran() -> None:
    start, end = dt.date(2025, 3, 1), dt.date(2025, 6, 1)
    spans = {
        "urn:li:sponsoredCampaign:1": ActiveSpan(dt.date(2025, 4, 10), dt.date(2025, 4, 20)),
        "urn:li:sponsoredCampaign:2": ActiveSpan(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        "urn:li:sponsoredCampaign:3": None,
    }
    plan = plan_demographics(campaigns=spans, start=start, end=end)
    assert len(plan) == len(planning.DEMOGRAPHIC_PIVOTS)  # campaign 1 only, one chunk each
    assert {r.pivots[0] for r in plan.requests} == set(planning.DEMOGRAPHIC_PIVOTS)
    for planned in plan.requests:
        assert planned.facet_urns == ("urn:li:sponsoredCampaign:1",)
        assert planned.granularity == "MONTHLY"
        assert (planned.first, planned.last) == (dt.date(2025, 4, 1), dt.date(2025, 4, 30))
        assert len(planned.fields) <= ads.MAX_ANALYTICS_FIELDS


# --------------------------------------------------------------- executing a plan


def element(pivot: str, day: dt.date, **metrics: Any) -> dict[str, Any]:
    date = {"year": day.year, "month": day.month, "day": day.day}
    return {"pivotValues": [pivot], "dateRange": {"start": date, "end": date}, **metrics}


class FakeAnalytics:
    """Answers adAnalytics from a table of (creative, day) rows, cut at `cap` like LinkedIn."""

    def __init__(self, rows: Mapping[tuple[str, dt.date], int], cap: int) -> None:
        self.rows = rows
        self.cap = cap
        self.windows: list[tuple[dt.date, dt.date, int]] = []

    def send(self, request) -> dict[str, Any]:
        params = dict(request.params)
        date_range = params["dateRange"]
        first = dt.date(**date_range["start"])
        last = dt.date(**date_range["end"])
        fields = params["fields"]
        answer = [
            element(pivot, day, **{m: value for m in fields[2:]})
            for (pivot, day), value in sorted(self.rows.items(), key=lambda i: (i[0][1], i[0][0]))
            if first <= day <= last
        ]
        self.windows.append((first, last, len(answer)))
        return {"paging": {}, "elements": answer[: self.cap]}


def planned(first: dt.date, last: dt.date, fields=("impressions",), urns=("a",)) -> PlannedRequest:
    return PlannedRequest(
        pivots=("CREATIVE",),
        granularity="DAILY",
        first=first,
        last=last,
        facet="accounts",
        facet_urns=tuple(ads.account_urn(i) for i in range(len(urns))),
        fields=("dateRange", "pivotValues", *fields),
        expected_elements=None,
    )


def test_chunks_merge_on_pivot_and_day() -> None:
    rows = {("c1", D0): 5, ("c2", D0): 6, ("c1", D0 + days(1)): 7}
    fake = FakeAnalytics(rows, cap=15_000)
    result = execute_plan(
        [planned(D0, D0 + days(1), ("impressions",)), planned(D0, D0 + days(1), ("clicks",))],
        fake.send,
    )
    merged = {
        (e.element["pivotValues"][0], e.element["dateRange"]["start"]["day"]): e.element
        for e in result.elements
    }
    assert len(merged) == 3
    assert merged[("c2", 1)]["impressions"] == 6 and merged[("c2", 1)]["clicks"] == 6
    assert result.requests_sent == 2 and result.cap_splits == 0


def test_an_answer_at_the_cap_is_split_and_never_kept() -> None:
    rows = {(f"c{i}", D0 + days(d)): 1 for i in range(4) for d in range(4)}  # 16 elements
    fake = FakeAnalytics(rows, cap=6)
    result = execute_plan([planned(D0, D0 + days(3))], fake.send, cap=6)
    # 16 -> cut at 6 (discarded); halves of 8 -> cut (discarded); quarters of 4 -> kept.
    assert [w[2] for w in fake.windows] == [16, 8, 4, 4, 8, 4, 4]
    assert result.cap_splits == 3 and result.requests_sent == 7
    assert len(result.elements) == 16  # everything, nothing truncated or doubled


def test_a_single_day_at_the_cap_is_split_by_facet_then_refused() -> None:
    request = planned(D0, D0, urns=("a", "b"))
    left, right = request.split()
    assert left.facet_urns == (ads.account_urn(0),) and right.facet_urns == (ads.account_urn(1),)
    with pytest.raises(AnalyticsCapError, match="cannot be split further"):
        left.split()
    fake = FakeAnalytics({(f"c{i}", D0): 1 for i in range(10)}, cap=10)
    with pytest.raises(AnalyticsCapError):
        execute_plan([planned(D0, D0)], fake.send, cap=10)


def test_window_split_halves_cover_the_same_days() -> None:
    left, right = planned(D0, D0 + days(4)).split()
    assert (left.first, left.last, right.first, right.last) == (
        D0,
        D0 + days(1),
        D0 + days(2),
        D0 + days(4),
    )


def test_repeated_elements_keep_the_last_and_are_counted() -> None:
    def send(request) -> dict[str, Any]:
        return {"elements": [element("c1", D0, impressions=1), element("c1", D0, impressions=2)]}

    result = execute_plan([planned(D0, D0)], send)
    assert result.duplicates_dropped == 1
    assert [e.element["impressions"] for e in result.elements] == [2]


def test_batches_hand_on_each_window_once_every_chunk_has_covered_it() -> None:
    rows = {(f"c{i}", D0 + days(d)): i + d for i in range(3) for d in range(6)}
    fake = FakeAnalytics(rows, cap=15_000)
    windows = [(D0, D0 + days(2)), (D0 + days(3), D0 + days(5))]
    plan = [planned(a, b, chunk) for a, b in windows for chunk in (("impressions",), ("clicks",))]
    execution = planning.PlanExecution(plan, fake.send)
    sent_when_yielded, batches = [], []
    for batch in execution.batches():
        sent_when_yielded.append(execution.requests_sent)
        batches.append(batch)
    # The first window's days come out before the second window is asked about.
    assert sent_when_yielded == [2, 4]
    first_days = {e.element["dateRange"]["start"]["day"] for e in batches[0]}
    assert first_days == {1, 2, 3}
    assert all({"impressions", "clicks"} <= set(e.element) for b in batches for e in b)
    assert execution.elements == 18
    whole = execute_plan(plan, FakeAnalytics(rows, cap=15_000).send)
    streamed = sorted(
        (planning.element_key(e.element), e.element["clicks"]) for b in batches for e in b
    )
    assert streamed == sorted(
        (planning.element_key(e.element), e.element["clicks"]) for e in whole.elements
    )


def test_an_element_repeated_after_its_day_was_handed_on_is_dropped() -> None:
    answers = iter(
        [
            {"elements": [element("c1", D0, impressions=1)]},
            # LinkedIn repeating a day of the earlier window in a later answer
            {
                "elements": [
                    element("c1", D0, impressions=9),
                    element("c1", D0 + days(1), impressions=2),
                ]
            },
        ]
    )
    execution = planning.PlanExecution(
        [planned(D0, D0), planned(D0 + days(1), D0 + days(1))], lambda request: next(answers)
    )
    values = [e.element["impressions"] for batch in execution.batches() for e in batch]
    assert values == [1, 2]
    assert execution.duplicates_dropped == 1


# ------------------------------------------------------------- against the sandbox


def _creative_loads(client, start: dt.date, end: dt.date) -> dict[int, list[int]]:
    scope = ads_fetch.discover_accounts(client, ())
    spans = ads_fetch.campaign_spans(ads_fetch.fetch_campaigns(client, scope).elements)
    creatives = ads_fetch.fetch_creatives(client, scope).elements
    return ads_fetch.creative_loads(scope, creatives, spans, start, end)


def test_planned_bounds_hold_on_the_sandbox() -> None:
    """The activity estimate is an upper bound: no answer exceeds its planned bound."""
    resource = LinkedInResource(sandbox=True)
    client = resource.get_client()
    end = resource.sandbox_instance().world.today - days(2)
    start = end - days(240)
    loads = _creative_loads(client, start, end)
    plan = plan_account_analytics(
        pivots=("CREATIVE",),
        start=start,
        end=end,
        loads=loads,
        chunks=(MetricChunk(("impressions",)),),
        budget=300,  # small windows: many bounds checked
    )
    assert len(plan) > 3
    for request in plan.requests:
        answered = len(client.send(request.request)["elements"])
        assert answered <= request.expected_elements


def test_cap_split_end_to_end_stores_exactly_what_small_windows_get() -> None:
    """A big world and a window planned far past the cap: the sandbox silently truncates at
    15,000 like LinkedIn; the executor must notice, split, and end with the same elements as
    a plan of small windows."""
    resource = LinkedInResource(sandbox=True, sandbox_scale=16)
    client = resource.get_client()
    end = resource.sandbox_instance().world.today - days(3)
    start = end - days(120)
    loads = _creative_loads(client, start, end)
    assert sum(map(sum, loads.values())) > ads.ANALYTICS_ROW_CAP  # really beyond the cap
    chunks = (MetricChunk(("impressions", "costInUsd")),)

    def plan(budget: int):
        return plan_account_analytics(
            pivots=("CREATIVE",), start=start, end=end, loads=loads, chunks=chunks, budget=budget
        )

    sizes: list[int] = []

    def send(request):
        body = client.send(request)
        sizes.append(len(body["elements"]))
        return body

    forced = execute_plan(plan(10**9), send)
    assert ads.ANALYTICS_ROW_CAP in sizes  # the sandbox really cut an answer
    assert forced.cap_splits >= 1
    careful = execute_plan(plan(BUDGET), client.send)
    assert careful.cap_splits == 0
    assert [e.element for e in forced.elements] == [e.element for e in careful.elements]
    assert len(forced.elements) > ads.ANALYTICS_ROW_CAP
