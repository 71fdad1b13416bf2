"""Ad metrics of the World: schedules, subset relations, seasonality, restatement, roll-ups."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from linkedin_assets.sandbox import reference
from linkedin_assets.sandbox.metrics import (
    DECIMAL_METRICS,
    FLOAT_METRICS,
    aggregate_metrics,
    aggregation_fields,
)
from linkedin_assets.sandbox.world import DEMOGRAPHIC_PIVOTS, METRICS, World, WorldConfig
from linkedin_assets.sandbox.world_accounts import USD_RATES

TODAY = dt.date(2026, 5, 20)
HISTORY = 450
DAYS = [TODAY - dt.timedelta(days=offset) for offset in range(HISTORY + 1)]
CHAINS = (
    (
        "videoStarts",
        "videoFirstQuartileCompletions",
        "videoMidpointCompletions",
        "videoThirdQuartileCompletions",
        "videoCompletions",
    ),
    (
        "viralVideoStarts",
        "viralVideoFirstQuartileCompletions",
        "viralVideoMidpointCompletions",
        "viralVideoThirdQuartileCompletions",
        "viralVideoCompletions",
    ),
    (
        "documentFirstQuartileCompletions",
        "documentMidpointCompletions",
        "documentThirdQuartileCompletions",
        "documentCompletions",
    ),
    (
        "viralDocumentFirstQuartileCompletions",
        "viralDocumentMidpointCompletions",
        "viralDocumentThirdQuartileCompletions",
        "viralDocumentCompletions",
    ),
)
SUBSETS = (
    ("clicks", "impressions"),
    ("landingPageClicks", "clicks"),
    ("likes", "reactions"),
    ("approximateMemberReach", "impressions"),
    ("oneClickLeads", "oneClickLeadFormOpens"),
    ("qualifiedLeads", "oneClickLeads"),
    ("opens", "sends"),
    ("viralClicks", "viralImpressions"),
    ("externalWebsitePostClickConversions", "clicks"),
)


@pytest.fixture(scope="module")
def world() -> World:
    return World(WorldConfig(today=TODAY, history_days=HISTORY))


@pytest.fixture(scope="module")
def rows(world: World) -> list[tuple[dict, dt.date, dict]]:
    """Every (creative, day, all metrics) the world serves."""
    found = []
    for creative in world.creatives:
        for day in DAYS:
            metrics = world.creative_metrics(creative["id"], day, METRICS)
            if metrics is not None:
                found.append((creative, day, metrics))
    return found


def _campaigns(world: World) -> dict[str, dict]:
    return {f"urn:li:sponsoredCampaign:{campaign['id']}": campaign for campaign in world.campaigns}


def _ms_day(epoch_ms: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch_ms / 1000, dt.UTC).date()


def test_only_the_requested_fields_come_back_with_api_types(world: World, rows) -> None:
    creative, day, _ = rows[len(rows) // 2]
    subset = world.creative_metrics(
        creative["id"], day, ["clicks", "costInUsd", "dateRange", "averageDwellTime"]
    )
    assert set(subset) == {"clicks", "costInUsd", "averageDwellTime"}
    for _creative, _day, metrics in rows[:200]:
        assert set(metrics) == set(METRICS)
        for name, value in metrics.items():
            expected = (
                Decimal if name in DECIMAL_METRICS else float if name in FLOAT_METRICS else int
            )
            assert type(value) is expected, name
    with pytest.raises(ValueError):
        world.creative_metrics(creative["id"], day, ["impressions", "notAMetric"])


def test_no_metrics_outside_run_schedules_or_the_history_window(world: World, rows) -> None:
    campaigns = _campaigns(world)
    accounts = {
        f"urn:li:sponsoredAccount:{account['id']}": account for account in world.ad_accounts
    }
    assert rows
    for creative, day, _metrics in rows:
        campaign = campaigns[creative["campaign"]]
        schedule = campaign["runSchedule"]
        assert day >= _ms_day(schedule["start"])
        if "end" in schedule:
            assert day < _ms_day(schedule["end"])
        assert campaign["status"] != "DRAFT" and creative["intendedStatus"] != "DRAFT"
        assert creative.get("review", {}).get("status") != "REJECTED"
        if accounts[creative["account"]]["status"] == "CANCELED":
            assert day < _ms_day(
                accounts[creative["account"]]["changeAuditStamps"]["lastModified"]["time"]
            )
    creative = rows[0][0]
    assert world.creative_metrics(creative["id"], TODAY + dt.timedelta(days=1), METRICS) is None
    assert (
        world.creative_metrics(creative["id"], TODAY - dt.timedelta(days=HISTORY + 1), METRICS)
        is None
    )
    assert world.creative_metrics("urn:li:sponsoredCreative:1", TODAY, METRICS) is None


def test_paused_campaigns_stop_serving_when_paused(world: World, rows) -> None:
    campaigns = _campaigns(world)
    last_day: dict[str, dt.date] = {}
    for creative, day, _ in rows:
        last_day[creative["campaign"]] = max(day, last_day.get(creative["campaign"], day))
    for urn, campaign in campaigns.items():
        if campaign["status"] in ("PAUSED", "CANCELED") and urn in last_day:
            assert last_day[urn] < _ms_day(
                campaign["changeAuditStamps"]["lastModified"]["time"]
            ) + dt.timedelta(days=1)


def test_quartiles_are_monotone_and_subsets_stay_below_their_parent(rows) -> None:
    for _creative, _day, metrics in rows:
        for chain in CHAINS:
            values = [metrics[name] for name in chain]
            assert values == sorted(values, reverse=True), chain
        for child, parent in SUBSETS:
            assert metrics[child] <= metrics[parent], (child, parent)
        assert metrics["externalWebsiteConversions"] == (
            metrics["externalWebsitePostClickConversions"]
            + metrics["externalWebsitePostViewConversions"]
        )


def test_ratios_look_like_a_b2b_account(rows) -> None:
    totals: dict[str, float] = defaultdict(float)
    for _creative, _day, metrics in rows:
        for name in (
            "impressions",
            "clicks",
            "viralImpressions",
            "videoStarts",
            "videoCompletions",
        ):
            totals[name] += metrics[name]
    ctr = totals["clicks"] / totals["impressions"]
    assert 0.003 <= ctr <= 0.015
    assert 0 < totals["viralImpressions"] < 0.08 * totals["impressions"]  # viral << organic
    assert 0 < totals["videoCompletions"] < totals["videoStarts"]
    cpm_by_currency: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for creative, _day, metrics in rows:
        if metrics["sends"] == 0:  # message ads are priced per send, not per view
            bucket = cpm_by_currency[creative["account"]]
            bucket[0] += metrics["costInLocalCurrency"]
            bucket[1] += metrics["impressions"]
    for cost, impressions in cpm_by_currency.values():
        assert Decimal(8) < cost / impressions * 1000 < Decimal(90)


def test_leads_only_come_from_lead_generation_campaigns(world: World, rows) -> None:
    campaigns = _campaigns(world)
    leads = defaultdict(int)
    for creative, _day, metrics in rows:
        leads[campaigns[creative["campaign"]]["objectiveType"]] += metrics["oneClickLeads"]
        if campaigns[creative["campaign"]]["objectiveType"] != "JOB_APPLICANT":
            assert metrics["jobApplications"] == 0
    assert leads.pop("LEAD_GENERATION") > 0
    assert not any(leads.values())


def test_cost_in_usd_is_local_cost_at_a_fixed_rate(world: World, rows) -> None:
    currency = {
        f"urn:li:sponsoredAccount:{account['id']}": account["currency"]
        for account in world.ad_accounts
    }
    for creative, _day, metrics in rows:
        rate = USD_RATES[currency[creative["account"]]]
        assert metrics["costInUsd"] == metrics["costInLocalCurrency"] * rate


def test_weekdays_deliver_more_than_weekends(rows) -> None:
    by_weekday: dict[bool, list[int]] = defaultdict(list)
    daily: dict[dt.date, int] = defaultdict(int)
    for _creative, day, metrics in rows:
        daily[day] += metrics["impressions"]
    for day, impressions in daily.items():
        by_weekday[day.weekday() < 5].append(impressions)
    weekday_mean = sum(by_weekday[True]) / len(by_weekday[True])
    weekend_mean = sum(by_weekday[False]) / len(by_weekday[False])
    assert weekday_mean > 1.5 * weekend_mean


def test_recent_days_are_restated_upward_as_today_advances(world: World) -> None:
    later = World(WorldConfig(today=TODAY + dt.timedelta(days=2), history_days=HISTORY))
    fields = [
        "impressions",
        "clicks",
        "costInLocalCurrency",
        "externalWebsiteConversions",
        "videoCompletions",
    ]

    def totals(source: World, day: dt.date) -> dict:
        metric_rows = [
            source.creative_metrics(creative["id"], day, fields) for creative in world.creatives
        ]
        return aggregate_metrics([row for row in metric_rows if row], fields)

    yesterday = TODAY - dt.timedelta(days=1)
    early, settled = totals(world, yesterday), totals(later, yesterday)
    assert early["impressions"] < settled["impressions"]
    assert early["costInLocalCurrency"] < settled["costInLocalCurrency"]
    assert early["impressions"] > 0.7 * settled["impressions"]  # lower, not missing
    old = TODAY - dt.timedelta(days=10)
    for creative in world.creatives:
        assert world.creative_metrics(creative["id"], old, METRICS) == later.creative_metrics(
            creative["id"], old, METRICS
        )


def test_restated_rows_keep_subset_relations(world: World) -> None:
    for creative in world.creatives:
        for offset in range(4):
            metrics = world.creative_metrics(
                creative["id"], TODAY - dt.timedelta(days=offset), METRICS
            )
            if metrics is None:
                continue
            for chain in CHAINS:
                values = [metrics[name] for name in chain]
                assert values == sorted(values, reverse=True)
            for child, parent in SUBSETS:
                assert metrics[child] <= metrics[parent]
            assert metrics["totalEngagements"] >= metrics["clicks"]


def test_creative_sums_roll_up_exactly_to_campaigns_groups_and_accounts(world: World, rows) -> None:
    campaigns = _campaigns(world)
    fields = [
        "impressions",
        "clicks",
        "costInLocalCurrency",
        "costInUsd",
        "conversionValueInLocalCurrency",
    ]
    by_campaign: dict[str, list[dict]] = defaultdict(list)
    for creative, _day, metrics in rows:
        by_campaign[creative["campaign"]].append(metrics)
    campaign_totals = {urn: aggregate_metrics(items, fields) for urn, items in by_campaign.items()}
    by_account: dict[str, list[dict]] = defaultdict(list)
    for urn, totals in campaign_totals.items():
        by_account[campaigns[urn]["account"]].append(totals)
    for account, totals in by_account.items():
        via_campaigns = aggregate_metrics(totals, fields)
        direct = aggregate_metrics(
            [metrics for creative, _day, metrics in rows if creative["account"] == account], fields
        )
        assert via_campaigns == direct
        assert isinstance(direct["costInLocalCurrency"], Decimal)
        currency = next(
            a["currency"]
            for a in world.ad_accounts
            if f"urn:li:sponsoredAccount:{a['id']}" == account
        )
        assert direct["costInUsd"] == direct["costInLocalCurrency"] * USD_RATES[currency]


def test_non_additive_metrics_combine_sensibly(rows) -> None:
    sample = [metrics for _creative, _day, metrics in rows[:40]]
    fields = [
        "averageDwellTime",
        "approximateMemberReach",
        "audiencePenetration",
        "costPerQualifiedLead",
    ]
    combined = aggregate_metrics(sample, fields)
    impressions = sum(row["impressions"] for row in sample)
    weighted = sum(row["averageDwellTime"] * row["impressions"] for row in sample) / impressions
    assert combined["averageDwellTime"] == pytest.approx(weighted, abs=0.001)
    reaches = [row["approximateMemberReach"] for row in sample]
    assert max(reaches) <= combined["approximateMemberReach"] <= min(sum(reaches), impressions)
    assert 0 < combined["audiencePenetration"] <= 1
    assert set(aggregation_fields(fields)) >= {
        "impressions",
        "costInLocalCurrency",
        "qualifiedLeads",
    }
    lead_rows = [metrics for _creative, _day, metrics in rows if metrics["qualifiedLeads"]][:30]
    cpql = aggregate_metrics(lead_rows, ["costPerQualifiedLead"])["costPerQualifiedLead"]
    cost = sum((row["costInLocalCurrency"] for row in lead_rows), Decimal(0))
    leads = sum(row["qualifiedLeads"] for row in lead_rows)
    assert cpql == (cost / leads).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_conversion_rows_add_up_to_the_creative(world: World, rows) -> None:
    fields = [
        "externalWebsiteConversions",
        "externalWebsitePostViewConversions",
        "conversionValueInLocalCurrency",
    ]
    checked = 0
    for creative, day, metrics in rows:
        parts = [
            world.conversion_metrics(
                creative["id"], f"urn:lla:llaPartnerConversion:{rule['id']}", day, fields
            )
            for rule in world.conversions
            if rule["account"] == creative["account"]
        ]
        parts = [part for part in parts if part]
        for field in fields:
            assert sum((part[field] for part in parts), type(metrics[field])(0)) == metrics[field]
        checked += bool(parts)
    assert checked > 100
    assert (
        world.conversion_metrics(
            rows[0][0]["id"], "urn:lla:llaPartnerConversion:1", rows[0][1], fields
        )
        is None
    )


def test_demographics_use_seed_values_and_drop_small_rows(world: World, rows) -> None:
    known = reference.all_demographic_values()
    creative, day, totals = max(rows[:400], key=lambda item: item[2]["impressions"])
    fields = [
        "impressions",
        "clicks",
        "costInLocalCurrency",
        "approximateMemberReach",
        "videoCompletions",
    ]
    for pivot in DEMOGRAPHIC_PIVOTS:
        demographic = world.demographic_metrics(creative["id"], pivot, day, fields)
        assert demographic, pivot
        assert sum(metrics["impressions"] for _, metrics in demographic) < totals["impressions"]
        for value, metrics in demographic:
            assert "approximateMemberReach" not in metrics  # non-demographic metric
            assert metrics["impressions"] >= 3 and metrics["clicks"] <= metrics["impressions"]
            if pivot == "MEMBER_COMPANY":
                assert value.startswith("urn:li:organization:")
            else:
                assert value in known, value
    assert world.demographic_metrics(creative["id"], "MEMBER_SENIORITY", TODAY, fields) == []
    with pytest.raises(ValueError):
        world.demographic_metrics(creative["id"], "CAMPAIGN", day, fields)


def test_unknown_creatives_and_days_without_delivery_are_none(world: World) -> None:
    draft = next(creative for creative in world.creatives if creative["intendedStatus"] == "DRAFT")
    assert all(world.creative_metrics(draft["id"], day, ["impressions"]) is None for day in DAYS)
