"""GET /rest/adAnalytics: the analytics and statistics finders (linkedin_api.md §4, §5.2).

Every answer is computed from the World's per-creative daily rows: higher entity pivots
(CAMPAIGN, CAMPAIGN_GROUP, ACCOUNT, ...) and coarser granularities are `aggregate_metrics` over
those rows, so CREATIVE, CAMPAIGN, CAMPAIGN_GROUP and ACCOUNT totals agree exactly, as LinkedIn's
do. LinkedIn's limits are enforced: at most 20 fields, at most 3 pivots for `statistics` and no
MEMBER_* pivot there, unknown metrics rejected, and answers silently cut at 15,000 elements.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from linkedin_assets.sandbox.errors import (
    field_invalid,
    missing_param,
    not_found,
    param_invalid,
)
from linkedin_assets.sandbox.metrics import (
    METRICS,
    NON_DEMOGRAPHIC_METRICS,
    REACH_METRICS,
    aggregate_metrics,
    aggregation_fields,
)
from linkedin_assets.sandbox.paging import vestigial_paging
from linkedin_assets.sandbox.restli_parser import (
    RestliValue,
    as_enum,
    as_int,
    as_leaf_list,
    require_keys,
    urn_id,
)

if TYPE_CHECKING:
    from linkedin_assets.sandbox.app import RouteContext

MAX_FIELDS = 20
ELEMENT_CAP = 15_000
REACH_MAX_DAYS = 92
STRUCTURAL_FIELDS = ("dateRange", "pivotValues")
DEFAULT_FIELDS = ("dateRange", "pivotValues", "impressions", "clicks")
GRANULARITIES = ("DAILY", "MONTHLY", "YEARLY", "ALL")

# Pivots derived from the creative that served (one value per creative).
CREATIVE_PIVOTS = ("ACCOUNT", "CAMPAIGN_GROUP", "CAMPAIGN", "CREATIVE", "SHARE", "COMPANY")
MEMBER_PIVOTS = (
    "MEMBER_COMPANY_SIZE",
    "MEMBER_INDUSTRY",
    "MEMBER_SENIORITY",
    "MEMBER_JOB_TITLE",
    "MEMBER_JOB_FUNCTION",
    "MEMBER_COUNTRY_V2",
    "MEMBER_REGION_V2",
    "MEMBER_COMPANY",
)
# Real LinkedIn pivots whose breakdown the World does not model.
UNEMULATED_PIVOTS = (
    "SERVING_LOCATION",
    "CARD_INDEX",
    "CONVERSATION_NODE",
    "CONVERSATION_NODE_OPTION_INDEX",
    "PLACEMENT_NAME",
    "IMPRESSION_DEVICE_TYPE",
    "EVENT_STAGE",
)
ANALYTICS_PIVOTS = (*CREATIVE_PIVOTS, "CONVERSION", *MEMBER_PIVOTS, *UNEMULATED_PIVOTS)
STATISTICS_PIVOTS = (*ANALYTICS_PIVOTS, "OBJECTIVE_TYPE")

FACETS: dict[str, tuple[str, ...]] = {
    "accounts": ("sponsoredAccount",),
    "campaignGroups": ("sponsoredCampaignGroup",),
    "campaigns": ("sponsoredCampaign",),
    "creatives": ("sponsoredCreative",),
    "shares": ("share", "ugcPost"),
    "companies": ("organization",),
}


def _known_metrics() -> frozenset[str]:
    return frozenset(METRICS)


@dataclass(frozen=True)
class AnalyticsQuery:
    finder: str
    pivots: tuple[str, ...]
    granularity: str
    start: dt.date
    end: dt.date  # inclusive
    fields: tuple[str, ...]  # as requested (or the default projection)
    metrics: tuple[str, ...]  # the metric names to compute
    fetch: tuple[str, ...]  # metrics plus the weights aggregate_metrics needs for ratios
    facets: dict[str, list[str]]


# ---------------------------------------------------------------- parsing


def _parse_pivots(ctx: RouteContext, finder: str) -> tuple[str, ...]:
    if finder == "analytics":
        pivot = ctx.query.enum("pivot", ANALYTICS_PIVOTS)
        if pivot is None:
            raise missing_param("pivot")
        return (pivot,)
    raw = ctx.query.value("pivots")
    if raw is None:
        raise missing_param("pivots")
    pivots = tuple(
        as_enum(value, "pivots", STATISTICS_PIVOTS) for value in as_leaf_list(raw, "pivots")
    )
    if not pivots:
        raise param_invalid("pivots", "'pivots' must name at least one pivot")
    if len(pivots) > 3:
        raise param_invalid("pivots", "At most 3 pivots are allowed with q=statistics")
    if len(set(pivots)) != len(pivots):
        raise param_invalid("pivots", "'pivots' must not repeat a pivot")
    for pivot in pivots:
        if pivot in MEMBER_PIVOTS:
            raise field_invalid(
                "pivots", f"Pivot {pivot} is not supported with q=statistics; use q=analytics"
            )
    return pivots


def _parse_date(value: RestliValue | None, path: str) -> dt.date:
    if not isinstance(value, dict):
        raise param_invalid(path, f"'{path}' must be (year:YYYY,month:M,day:D)")
    require_keys(value, path, ("year", "month", "day"))
    try:
        return dt.date(
            as_int(value.get("year", ""), f"{path}.year"),
            as_int(value.get("month", ""), f"{path}.month"),
            as_int(value.get("day", ""), f"{path}.day"),
        )
    except ValueError:
        raise param_invalid(path, f"'{path}' is not a valid calendar date") from None


def _parse_date_range(ctx: RouteContext) -> tuple[dt.date, dt.date]:
    record = ctx.query.record("dateRange", required=True)
    assert record is not None
    require_keys(record, "dateRange", ("start", "end"))
    if "start" not in record:
        raise missing_param("dateRange.start")
    start = _parse_date(record["start"], "dateRange.start")
    today = ctx.world.today
    end = _parse_date(record["end"], "dateRange.end") if "end" in record else today
    if end < start:
        raise param_invalid("dateRange", "dateRange.end must not be before dateRange.start")
    return start, min(end, today)  # the open or future end stops at today


def _parse_fields(ctx: RouteContext) -> tuple[str, ...]:
    fields = ctx.query.fields()
    if fields is None:
        return DEFAULT_FIELDS
    if len(fields) > MAX_FIELDS:
        raise param_invalid(
            "fields", f"Requested {len(fields)} fields; at most {MAX_FIELDS} are allowed"
        )
    known = _known_metrics()
    for name in fields:
        if name not in known and name not in STRUCTURAL_FIELDS:
            raise param_invalid("fields", f"Unknown field '{name}' requested from adAnalytics")
    return tuple(dict.fromkeys(fields))


def _parse_facets(ctx: RouteContext) -> dict[str, list[str]]:
    facets: dict[str, list[str]] = {}
    for name, urn_types in FACETS.items():
        values = ctx.query.leaf_list(name)
        if values is None:
            continue
        for value in values:
            urn_id(value, urn_types, name)
        facets[name] = values
    if not facets:
        raise param_invalid(
            "accounts", "At least one facet (accounts, campaigns, creatives, ...) is required"
        )
    return facets


def _metrics_to_compute(fields: Sequence[str], pivots: Sequence[str], days: int) -> tuple[str, ...]:
    metrics = [name for name in fields if name not in STRUCTURAL_FIELDS]
    if any(pivot in MEMBER_PIVOTS for pivot in pivots):
        metrics = [name for name in metrics if name not in NON_DEMOGRAPHIC_METRICS]
    if days > REACH_MAX_DAYS:  # reach is only computed for ranges of up to 92 days
        metrics = [name for name in metrics if name not in REACH_METRICS | {"audiencePenetration"}]
    if tuple(pivots) != ("CAMPAIGN",):  # audiencePenetration needs pivot=CAMPAIGN
        metrics = [name for name in metrics if name != "audiencePenetration"]
    return tuple(metrics)


def parse_analytics_query(ctx: RouteContext) -> AnalyticsQuery:
    finder = ctx.query.text("q")
    if finder not in ("analytics", "statistics"):
        raise not_found()
    pivots = _parse_pivots(ctx, finder)
    for pivot in pivots:
        if pivot in UNEMULATED_PIVOTS:
            raise param_invalid(
                "pivot", f"The sandbox does not emulate the {pivot} breakdown of adAnalytics"
            )
    granularity = ctx.query.enum("timeGranularity", GRANULARITIES, required=True)
    assert granularity is not None
    start, end = _parse_date_range(ctx)
    fields = _parse_fields(ctx)
    facets = _parse_facets(ctx)
    metrics = _metrics_to_compute(fields, pivots, (end - start).days + 1)
    return AnalyticsQuery(
        finder=finder,
        pivots=pivots,
        granularity=granularity,
        start=start,
        end=end,
        fields=fields,
        metrics=metrics,
        fetch=aggregation_fields(metrics),
        facets=facets,
    )


# ---------------------------------------------------------------- computing


def _scope(ctx: RouteContext, query: AnalyticsQuery) -> list[dict[str, Any]]:
    """Creatives matched by every facet (facets intersect), in accounts the member can read.

    Facets naming entities the member cannot read simply match nothing: LinkedIn answers an
    empty `elements` for "no activity or no read access" (§4).
    """
    ads = ctx.ads
    selected = []
    for creative in ads.creative_by_urn.values():
        if not ads.can_access(creative["account"]):
            continue
        campaign = ads.campaign_by_urn.get(creative.get("campaign", ""), {})
        account = ads.account_by_id.get(int(creative["account"].rsplit(":", 1)[-1]), {})
        keys = {
            "accounts": creative["account"],
            "campaignGroups": campaign.get("campaignGroup"),
            "campaigns": creative.get("campaign"),
            "creatives": creative["id"],
            "shares": (creative.get("content") or {}).get("reference"),
            "companies": account.get("reference"),
        }
        if all(keys[name] in values for name, values in query.facets.items()):
            selected.append(creative)
    return selected


def _creative_pivot_value(ctx: RouteContext, creative: dict[str, Any], pivot: str) -> str | None:
    campaign = ctx.ads.campaign_by_urn.get(creative.get("campaign", ""), {})
    if pivot == "CREATIVE":
        return creative["id"]
    if pivot == "CAMPAIGN":
        return creative.get("campaign")
    if pivot == "CAMPAIGN_GROUP":
        return campaign.get("campaignGroup")
    if pivot == "ACCOUNT":
        return creative["account"]
    if pivot == "SHARE":
        reference = (creative.get("content") or {}).get("reference")
        return reference if isinstance(reference, str) else None
    if pivot == "COMPANY":
        account = ctx.ads.account_by_id.get(int(creative["account"].rsplit(":", 1)[-1]), {})
        return account.get("reference")
    if pivot == "OBJECTIVE_TYPE":
        return campaign.get("objectiveType")
    raise AssertionError(f"not a creative pivot: {pivot}")


def _serving_days(ctx: RouteContext, creative: dict[str, Any], start: dt.date, end: dt.date):
    """Days of [start, end] inside the creative's campaign runSchedule (metrics are None
    outside it anyway; clipping just saves calls)."""
    campaign = ctx.ads.campaign_by_urn.get(creative.get("campaign", ""), {})
    schedule = campaign.get("runSchedule") or {}
    first, last = start, end
    if isinstance(schedule.get("start"), int):
        first = max(first, _utc_date(schedule["start"]))
    if isinstance(schedule.get("end"), int):
        last = min(last, _utc_date(schedule["end"]))
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _utc_date(epoch_ms: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=epoch_ms // 86_400_000)


def _bucket(day: dt.date, query: AnalyticsQuery) -> tuple[dt.date, dt.date]:
    if query.granularity == "DAILY":
        return day, day
    if query.granularity == "ALL":
        return query.start, query.end
    if query.granularity == "MONTHLY":
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    else:  # YEARLY
        first, last = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return max(first, query.start), min(last, query.end)


def _conversions_for(ctx: RouteContext, creative: dict[str, Any]) -> list[str]:
    urns = []
    for conversion in ctx.ads.conversions_by_account.get(creative["account"], []):
        linked = conversion.get("campaigns")
        if isinstance(linked, list) and linked and creative.get("campaign") not in linked:
            continue
        urns.append(f"urn:lla:llaPartnerConversion:{conversion['id']}")
    return urns


def _rows(
    ctx: RouteContext, query: AnalyticsQuery, creative: dict[str, Any]
) -> Iterator[tuple[tuple[str, ...], dt.date, dict[str, Any]]]:
    """(expanding pivot values, day, metrics) for one creative over the window."""
    world = ctx.world
    member_pivot = next((p for p in query.pivots if p in MEMBER_PIVOTS), None)
    with_conversion = "CONVERSION" in query.pivots
    conversions = _conversions_for(ctx, creative) if with_conversion else []
    urn = creative["id"]
    for day in _serving_days(ctx, creative, query.start, query.end):
        if member_pivot is not None:
            for value, metrics in world.demographic_metrics(urn, member_pivot, day, query.fetch):
                yield (value,), day, metrics
        elif with_conversion:
            for conversion in conversions:
                metrics = world.conversion_metrics(urn, conversion, day, query.fetch)
                if metrics is not None:
                    yield (conversion,), day, metrics
        else:
            metrics = world.creative_metrics(urn, day, query.fetch)
            if metrics is not None:
                yield (), day, metrics


def compute_elements(ctx: RouteContext, query: AnalyticsQuery) -> list[dict[str, Any]]:
    groups: dict[tuple[tuple[str, ...], tuple[dt.date, dt.date]], list[dict[str, Any]]]
    groups = defaultdict(list)
    for creative in _scope(ctx, query):
        fixed: dict[str, str] = {}
        for pivot in query.pivots:
            if pivot in CREATIVE_PIVOTS or pivot == "OBJECTIVE_TYPE":
                value = _creative_pivot_value(ctx, creative, pivot)
                if value is None:
                    break  # e.g. a text ad has no SHARE: it has no row under that pivot
                fixed[pivot] = value
        else:
            for expanded, day, metrics in _rows(ctx, query, creative):
                expanding = iter(expanded)
                pivot_values = tuple(
                    fixed[pivot] if pivot in fixed else next(expanding) for pivot in query.pivots
                )
                groups[(pivot_values, _bucket(day, query))].append(metrics)
    ordered = sorted(groups.items(), key=lambda item: (item[0][1], item[0][0]))
    elements = []
    for (pivot_values, (first, last)), rows in ordered[:ELEMENT_CAP]:
        metrics = rows[0] if len(rows) == 1 else aggregate_metrics(rows, query.metrics)
        elements.append(_element(query, pivot_values, first, last, metrics))
    return elements


def _date(day: dt.date) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "day": day.day}


def _json_value(value: Any) -> Any:
    # LinkedIn sends money (and every other decimal) as a JSON string, e.g. "509.980" or "-2E-18".
    return str(value) if isinstance(value, Decimal) else value


def _element(
    query: AnalyticsQuery,
    pivot_values: tuple[str, ...],
    first: dt.date,
    last: dt.date,
    metrics: dict[str, Any],
) -> dict[str, Any]:
    element: dict[str, Any] = {}
    for name in query.fields:
        if name == "pivotValues":
            element["pivotValues"] = list(pivot_values)
        elif name == "dateRange":
            element["dateRange"] = {"start": _date(first), "end": _date(last)}
        elif name in metrics:
            element[name] = _json_value(metrics[name])
    return element


def ad_analytics(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAnalytics?q=analytics|statistics: no paging, a vestigial `paging` block."""
    query = parse_analytics_query(ctx)
    return {"paging": vestigial_paging(), "elements": compute_elements(ctx, query)}
