"""Ad analytics metric names (linkedin_api.md §4.5), their value types, and roll-ups.

The HTTP layer computes CAMPAIGN / CAMPAIGN_GROUP / ACCOUNT / CONVERSION pivots and
MONTHLY / ALL buckets by summing creative-day rows with :func:`aggregate_metrics`, so sums
across levels agree exactly: counts are ints, money is ``Decimal`` (never float).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

METRICS: tuple[str, ...] = (
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

# Structural fields a request may list next to metrics; they are not metric values.
STRUCTURAL_FIELDS: frozenset[str] = frozenset({"dateRange", "pivotValues"})

DECIMAL_METRICS: frozenset[str] = frozenset(
    {"costInLocalCurrency", "costInUsd", "conversionValueInLocalCurrency", "costPerQualifiedLead"}
)
FLOAT_METRICS: frozenset[str] = frozenset({"averageDwellTime", "audiencePenetration"})
REACH_METRICS: frozenset[str] = frozenset(
    {"approximateMemberReach", "approximateUniqueImpressions"}
)

# Metrics that are ratios or de-duplicated counts: they never simply add up.
NON_ADDITIVE_METRICS: frozenset[str] = frozenset(
    {"averageDwellTime", "audiencePenetration", "costPerQualifiedLead"} | REACH_METRICS
)
ADDITIVE_METRICS: tuple[str, ...] = tuple(m for m in METRICS if m not in NON_ADDITIVE_METRICS)

# LinkedIn: "Non-demographic pivots only" (§4.2) - MEMBER_* rows never carry these.
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

# Metrics that exist per conversion rule (pivot CONVERSION).
CONVERSION_METRICS: tuple[str, ...] = (
    "externalWebsiteConversions",
    "externalWebsitePostClickConversions",
    "externalWebsitePostViewConversions",
    "conversionValueInLocalCurrency",
    "viralExternalWebsiteConversions",
    "viralExternalWebsitePostClickConversions",
    "viralExternalWebsitePostViewConversions",
)

_METRIC_SET = frozenset(METRICS)
_CENT = Decimal("0.01")
# Share of the smaller audiences assumed NOT to overlap the largest one when de-duplicated
# reach is combined; LinkedIn does not publish its estimator, this keeps reach sub-additive.
_REACH_OVERLAP_KEEP = 0.35


def is_metric(name: str) -> bool:
    return name in _METRIC_SET


def zero_value(metric: str) -> int | float | Decimal:
    if metric in DECIMAL_METRICS:
        return Decimal(0)
    if metric in FLOAT_METRICS:
        return 0.0
    return 0


def cost_per_qualified_lead(cost: Decimal, qualified_leads: int) -> Decimal:
    """Cost / qualified leads, to the cent; zero when there are no qualified leads."""
    if qualified_leads <= 0:
        return Decimal(0)
    return (cost / qualified_leads).quantize(_CENT, rounding=ROUND_HALF_UP)


def aggregation_fields(fields: Sequence[str]) -> tuple[str, ...]:
    """``fields`` plus the weights :func:`aggregate_metrics` needs to roll ratios up exactly.

    Ask the world for these when fetching rows to aggregate, then aggregate with the
    original ``fields``: averageDwellTime is weighted by impressions, audiencePenetration
    needs reach, costPerQualifiedLead is recomputed from cost and qualified leads.
    """
    wanted = list(dict.fromkeys(fields))
    extra: list[str] = []
    if "averageDwellTime" in wanted or REACH_METRICS & set(wanted):
        extra.append("impressions")
    if "audiencePenetration" in wanted:
        extra.append("approximateMemberReach")
    if "costPerQualifiedLead" in wanted:
        extra += ["costInLocalCurrency", "qualifiedLeads"]
    return tuple(dict.fromkeys(wanted + extra))


def aggregate_metrics(rows: Iterable[dict], fields: Sequence[str]) -> dict:
    """Roll metric rows (creative-days) up into one row holding exactly ``fields``.

    Additive metrics sum (ints stay ints, ``Decimal`` stays exact). Non-additive ones
    combine as follows: averageDwellTime is the impressions-weighted mean; de-duplicated
    reach is the largest part plus a fixed share of the rest (capped by impressions);
    audiencePenetration is combined reach over the largest audience; costPerQualifiedLead
    is total cost over total qualified leads. Pass rows fetched with
    :func:`aggregation_fields` for the exact forms; without the weights the ratios fall
    back to simple means / maxima.
    """
    rows = list(rows)
    result: dict = {}
    for field in fields:
        if field in STRUCTURAL_FIELDS:
            continue
        if field not in NON_ADDITIVE_METRICS:
            total = zero_value(field)
            for row in rows:
                value = row.get(field)
                if value is not None:
                    total += value
            result[field] = total
    for field in fields:
        if field in NON_ADDITIVE_METRICS:
            result[field] = _combine_non_additive(field, rows)
    return {field: result[field] for field in fields if field in result}


def _combine_non_additive(field: str, rows: list[dict]) -> int | float | Decimal:
    if field == "averageDwellTime":
        return _weighted_dwell(rows)
    if field in REACH_METRICS:
        return _combined_reach(rows, field)
    if field == "audiencePenetration":
        return _combined_penetration(rows)
    return _combined_cpql(rows)


def _weighted_dwell(rows: list[dict]) -> float:
    pairs = [
        (row["averageDwellTime"], row.get("impressions"))
        for row in rows
        if "averageDwellTime" in row
    ]
    if not pairs:
        return 0.0
    if all(weight is not None for _, weight in pairs):
        weight_sum = sum(weight for _, weight in pairs)
        if weight_sum > 0:
            return round(sum(value * weight for value, weight in pairs) / weight_sum, 3)
    return round(sum(value for value, _ in pairs) / len(pairs), 3)


def _combined_reach(rows: list[dict], field: str) -> int:
    parts = [row[field] for row in rows if row.get(field) is not None]
    if not parts:
        return 0
    largest = max(parts)
    combined = largest + round((sum(parts) - largest) * _REACH_OVERLAP_KEEP)
    impressions = [row.get("impressions") for row in rows]
    if impressions and all(value is not None for value in impressions):
        combined = min(combined, sum(impressions))
    return combined


def _combined_penetration(rows: list[dict]) -> float:
    usable = [
        row
        for row in rows
        if row.get("audiencePenetration") and row.get("approximateMemberReach") is not None
    ]
    if usable:
        audience = max(row["approximateMemberReach"] / row["audiencePenetration"] for row in usable)
        reach = _combined_reach(usable, "approximateMemberReach")
        return round(min(1.0, reach / audience), 6) if audience > 0 else 0.0
    values = [
        row["audiencePenetration"] for row in rows if row.get("audiencePenetration") is not None
    ]
    return max(values) if values else 0.0


def _combined_cpql(rows: list[dict]) -> Decimal:
    if rows and all("costInLocalCurrency" in row and "qualifiedLeads" in row for row in rows):
        cost = sum((row["costInLocalCurrency"] for row in rows), Decimal(0))
        leads = sum(row["qualifiedLeads"] for row in rows)
        return cost_per_qualified_lead(cost, leads)
    if rows and all("qualifiedLeads" in row and "costPerQualifiedLead" in row for row in rows):
        leads = sum(row["qualifiedLeads"] for row in rows)
        cost = sum(
            (row["costPerQualifiedLead"] * row["qualifiedLeads"] for row in rows), Decimal(0)
        )
        return cost_per_qualified_lead(cost, leads)
    values = [row["costPerQualifiedLead"] for row in rows if row.get("costPerQualifiedLead")]
    if not values:
        return Decimal(0)
    return (sum(values, Decimal(0)) / len(values)).quantize(_CENT, rounding=ROUND_HALF_UP)
