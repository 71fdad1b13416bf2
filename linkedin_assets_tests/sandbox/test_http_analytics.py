"""adAnalytics over a real socket: pivots, granularities, limits, the silent 15,000 cap, and
exact agreement of sums across entity pivots."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest

from linkedin_assets.sandbox.metrics import ADDITIVE_METRICS, METRICS, NON_DEMOGRAPHIC_METRICS
from linkedin_assets_tests.sandbox.test_http_support import (
    WORLD_TODAY,
    date_range,
    error_code,
    field_path,
    member_account_ids,
    serving,
    urn_list,
)

ADDITIVE = ("impressions", "clicks", "costInLocalCurrency", "externalWebsiteConversions", "likes")
PIVOTS = ("CREATIVE", "CAMPAIGN", "CAMPAIGN_GROUP", "ACCOUNT")
WINDOW = (dt.date(2026, 3, 1), dt.date(2026, 4, 30))


@pytest.fixture(scope="module")
def served():
    with serving() as (sandbox, server, client):
        yield sandbox, server, client


@pytest.fixture
def accounts_facet(served):
    world = served[0].world
    return urn_list([f"urn:li:sponsoredAccount:{i}" for i in member_account_ids(world)])


def analytics(
    client, pivot: str, granularity: str, facet: str, fields, window=WINDOW, finder="analytics"
):
    pivot_param = f"pivots=List({pivot})" if finder == "statistics" else f"pivot={pivot}"
    response = client.get(
        f"/adAnalytics?q={finder}&{pivot_param}&timeGranularity={granularity}"
        f"&dateRange={date_range(*window)}&accounts={facet}&fields={','.join(fields)}"
    )
    assert response.status_code == 200, response.text
    return response.json()


def totals(elements, metrics=ADDITIVE) -> dict[str, Decimal]:
    summed: dict[str, Decimal] = defaultdict(Decimal)
    for element in elements:
        for metric in metrics:
            summed[metric] += Decimal(str(element.get(metric, 0)))
    return dict(summed)


def daily_totals(elements, metrics=ADDITIVE) -> dict[dt.date, dict[str, Decimal]]:
    by_day = defaultdict(list)
    for element in elements:
        by_day[dt.date(**element["dateRange"]["start"])].append(element)
    return {day: totals(rows, metrics) for day, rows in by_day.items()}


def test_creative_campaign_group_and_account_sums_agree_exactly(served, accounts_facet):
    client = served[2]
    fields = ["dateRange", "pivotValues", *ADDITIVE]
    by_pivot = {
        pivot: analytics(client, pivot, "DAILY", accounts_facet, fields)["elements"]
        for pivot in PIVOTS
    }
    sums = {pivot: totals(elements) for pivot, elements in by_pivot.items()}
    assert sums["CREATIVE"]["impressions"] > 0
    assert sums["CREATIVE"] == sums["CAMPAIGN"] == sums["CAMPAIGN_GROUP"] == sums["ACCOUNT"]
    all_time = analytics(client, "ACCOUNT", "ALL", accounts_facet, fields)["elements"]
    monthly = analytics(client, "CAMPAIGN", "MONTHLY", accounts_facet, fields)["elements"]
    assert totals(all_time) == totals(monthly) == sums["ACCOUNT"]


@pytest.mark.parametrize("chunk", range(0, len(ADDITIVE_METRICS), 18))
def test_every_additive_metric_agrees_across_pivots_day_by_day(served, accounts_facet, chunk):
    client = served[2]
    metrics = list(ADDITIVE_METRICS[chunk : chunk + 18])
    fields = ["dateRange", "pivotValues", *metrics]
    per_day = {
        pivot: daily_totals(
            analytics(client, pivot, "DAILY", accounts_facet, fields)["elements"], metrics
        )
        for pivot in PIVOTS
    }
    assert any(
        value for totals_of_day in per_day["ACCOUNT"].values() for value in totals_of_day.values()
    )
    assert (
        per_day["CREATIVE"]
        == per_day["CAMPAIGN"]
        == per_day["CAMPAIGN_GROUP"]
        == per_day["ACCOUNT"]
    )


def test_statistics_pivot_values_follow_the_pivots_order_and_roll_up(served, accounts_facet):
    sandbox, _, client = served
    fields = ["pivotValues", "impressions", "clicks"]
    rows = analytics(
        client, "CAMPAIGN,CREATIVE", "ALL", accounts_facet, fields, finder="statistics"
    )
    campaign_rows = analytics(client, "CAMPAIGN", "ALL", accounts_facet, fields)["elements"]
    by_campaign: dict[str, int] = defaultdict(int)
    for element in rows["elements"]:
        campaign, creative = element["pivotValues"]
        assert campaign.startswith("urn:li:sponsoredCampaign:")
        assert sandbox.world.creatives and creative.startswith("urn:li:sponsoredCreative:")
        by_campaign[campaign] += element["impressions"]
    assert by_campaign == {e["pivotValues"][0]: e["impressions"] for e in campaign_rows}


def test_granularities_bucket_the_inclusive_date_range(served, accounts_facet):
    client = served[2]
    window = (dt.date(2026, 3, 30), dt.date(2026, 4, 2))
    daily = analytics(
        client, "ACCOUNT", "DAILY", accounts_facet, ["dateRange", "impressions"], window
    )
    days = {dt.date(**e["dateRange"]["start"]) for e in daily["elements"]}
    assert days == {window[0] + dt.timedelta(days=i) for i in range(4)}  # both ends included
    assert all(e["dateRange"]["start"] == e["dateRange"]["end"] for e in daily["elements"])
    monthly = analytics(
        client, "ACCOUNT", "MONTHLY", accounts_facet, ["dateRange", "impressions"], window
    )
    ranges = {
        (dt.date(**e["dateRange"]["start"]), dt.date(**e["dateRange"]["end"]))
        for e in monthly["elements"]
    }
    assert ranges == {(window[0], dt.date(2026, 3, 31)), (dt.date(2026, 4, 1), window[1])}
    everything = analytics(
        client, "ACCOUNT", "ALL", accounts_facet, ["dateRange", "impressions"], window
    )
    assert {
        (dt.date(**e["dateRange"]["start"]), dt.date(**e["dateRange"]["end"]))
        for e in everything["elements"]
    } == {window}


def test_response_shape_costs_as_strings_and_only_requested_fields(served, accounts_facet):
    client = served[2]
    body = analytics(
        client,
        "CAMPAIGN",
        "MONTHLY",
        accounts_facet,
        ["pivotValues", "impressions", "costInUsd", "costInLocalCurrency"],
    )
    assert body["paging"] == {"start": 0, "count": 10, "links": []}
    element = body["elements"][0]
    assert set(element) == {"pivotValues", "impressions", "costInUsd", "costInLocalCurrency"}
    assert isinstance(element["impressions"], int)
    assert isinstance(element["costInUsd"], str) and Decimal(element["costInUsd"]) >= 0


def test_days_without_activity_are_omitted(served, accounts_facet):
    sandbox, _, client = served
    world = sandbox.world
    window = (WORLD_TODAY - dt.timedelta(days=60), WORLD_TODAY - dt.timedelta(days=1))
    body = analytics(
        client,
        "CREATIVE",
        "DAILY",
        accounts_facet,
        ["pivotValues", "dateRange", "impressions"],
        window,
    )
    served_rows = {
        (e["pivotValues"][0], dt.date(**e["dateRange"]["start"])) for e in body["elements"]
    }
    expected = {
        (creative["id"], window[0] + dt.timedelta(days=offset))
        for creative in world.creatives
        for offset in range(60)
        if world.creative_metrics(
            creative["id"], window[0] + dt.timedelta(days=offset), ["impressions"]
        )
        is not None
        and creative["account"]
        in {f"urn:li:sponsoredAccount:{i}" for i in member_account_ids(world)}
    }
    assert served_rows == expected
    assert len(served_rows) < len(world.creatives) * 60  # some creatives did not serve some days


def test_twenty_fields_pass_and_twenty_one_are_rejected(served, accounts_facet):
    client = served[2]
    metrics = [m for m in METRICS if m not in ("audiencePenetration",)][:19]
    analytics(client, "CAMPAIGN", "ALL", accounts_facet, ["pivotValues", *metrics[:19]])
    response = client.get(
        f"/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=ALL&dateRange={date_range(*WINDOW)}"
        f"&accounts={accounts_facet}&fields={','.join(['pivotValues', 'dateRange', *metrics])}"
    )
    assert (response.status_code, field_path(response)) == (400, "fields")


def test_unknown_metric_is_400(served, accounts_facet):
    response = served[2].get(
        f"/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=ALL&dateRange={date_range(*WINDOW)}"
        f"&accounts={accounts_facet}&fields=impressions,notAMetric"
    )
    assert (response.status_code, error_code(response)) == (400, "PARAM_INVALID")


def test_statistics_allows_three_pivots_not_four_and_no_member_pivots(served, accounts_facet):
    client = served[2]
    body = analytics(
        client,
        "ACCOUNT,CAMPAIGN,CREATIVE",
        "ALL",
        accounts_facet,
        ["pivotValues", "clicks"],
        finder="statistics",
    )
    assert all(len(e["pivotValues"]) == 3 for e in body["elements"]) and body["elements"]
    base = (
        f"/adAnalytics?q=statistics&timeGranularity=ALL&dateRange={date_range(*WINDOW)}"
        f"&accounts={accounts_facet}&fields=clicks"
    )
    four = client.get(base + "&pivots=List(ACCOUNT,CAMPAIGN_GROUP,CAMPAIGN,CREATIVE)")
    assert (four.status_code, field_path(four)) == (400, "pivots")
    member = client.get(base + "&pivots=List(CAMPAIGN,MEMBER_SENIORITY)")
    assert (member.status_code, error_code(member)) == (400, "FIELD_INVALID")


def test_member_pivots_drop_non_demographic_metrics(served, accounts_facet):
    client = served[2]
    body = analytics(
        client,
        "MEMBER_SENIORITY",
        "MONTHLY",
        accounts_facet,
        [
            "pivotValues",
            "impressions",
            "approximateMemberReach",
            "cardClicks",
            "conversionValueInLocalCurrency",
        ],
    )
    assert body["elements"]
    for element in body["elements"]:
        assert element["pivotValues"][0].startswith("urn:li:seniority:")
        assert not set(element) & NON_DEMOGRAPHIC_METRICS
        assert "impressions" in element


def test_conversion_pivot_uses_conversion_urns(served, accounts_facet):
    client = served[2]
    fields = ["pivotValues", "externalWebsiteConversions", "conversionValueInLocalCurrency"]
    single = analytics(client, "CONVERSION", "ALL", accounts_facet, fields)["elements"]
    assert single and all(
        e["pivotValues"][0].startswith("urn:lla:llaPartnerConversion:") for e in single
    )
    paired = analytics(
        client, "CAMPAIGN,CONVERSION", "ALL", accounts_facet, fields, finder="statistics"
    )
    assert totals(paired["elements"], fields[1:]) == totals(single, fields[1:])


def test_the_15000_element_cap_cuts_silently(served, accounts_facet):
    client = served[2]
    fields = ["pivotValues", "dateRange", "impressions"]
    end = WORLD_TODAY - dt.timedelta(days=1)
    window = (end - dt.timedelta(days=199), end)  # ~100 companies a day x 200 days > 15,000
    capped = analytics(client, "MEMBER_COMPANY", "DAILY", accounts_facet, fields, window)
    assert set(capped) == {"paging", "elements"}  # no flag, no error: silent truncation
    assert len(capped["elements"]) == 15_000
    last_day = analytics(client, "MEMBER_COMPANY", "DAILY", accounts_facet, fields, (end, end))
    assert last_day["elements"]
    kept = {
        (tuple(e["pivotValues"]), dt.date(**e["dateRange"]["start"])) for e in capped["elements"]
    }
    missing = [
        e
        for e in last_day["elements"]
        if (tuple(e["pivotValues"]), dt.date(**e["dateRange"]["start"])) not in kept
    ]
    assert missing  # rows that exist were cut from the big answer


def test_facets_are_required_and_inaccessible_accounts_answer_empty(served):
    client = served[2]
    base = f"/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=ALL&dateRange={date_range(*WINDOW)}&fields=clicks"
    assert client.get(base).status_code == 400
    foreign = client.get(base + "&accounts=" + urn_list(["urn:li:sponsoredAccount:1"]))
    assert foreign.status_code == 200 and foreign.json()["elements"] == []


@pytest.mark.parametrize(
    "broken",
    [
        "dateRange=(start:(year:2026,month:2,day:30))",
        "dateRange=(end:(year:2026,month:2,day:3))",
        "dateRange=(start:(year:2026,month:3,day:1),end:(year:2026,month:2,day:1))",
        "timeGranularity=WEEKLY",
    ],
)
def test_invalid_dates_and_granularities_are_400(served, accounts_facet, broken):
    params = {
        "dateRange": f"dateRange={date_range(*WINDOW)}",
        "timeGranularity": "timeGranularity=DAILY",
    }
    params[broken.split("=", 1)[0]] = broken
    response = served[2].get(
        f"/adAnalytics?q=analytics&pivot=CAMPAIGN&{'&'.join(params.values())}&accounts={accounts_facet}"
    )
    assert response.status_code == 400
