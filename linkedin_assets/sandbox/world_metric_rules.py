"""How each ad metric derives from another: the rate table behind every creative's series.

A rule reads "child = parent x rate x daily jitter", with the rate drawn once per creative
from the range of its creative kind (IMAGE, VIDEO, ...); rules can be limited to objectives
(leads only for LEAD_GENERATION) or to creatives with conversion tracking. Sums, aliases and
always-zero metrics (formats this world does not run) complete the list of §4.5.
"""

from __future__ import annotations

from dataclasses import dataclass

SPONSORED_CONTENT = ("IMAGE", "VIDEO", "DOCUMENT", "CAROUSEL")
LEAD = frozenset({"LEAD_GENERATION"})
JOB = frozenset({"JOB_APPLICANT"})


@dataclass(frozen=True)
class MetricRule:
    """child = round(parent x rate x jitter), rate drawn per creative from its kind's range."""

    parent: str
    ranges: dict[str, tuple[float, float]]  # creative kind (or "*") -> rate range
    objectives: frozenset[str] | None = None
    capped: bool = True
    noise: float = 0.18
    needs_conversions: bool = False

    def rate_range(self, kind: str, objective: str) -> tuple[float, float] | None:
        if self.objectives is not None and objective not in self.objectives:
            return None
        return self.ranges.get(kind) or self.ranges.get("*")


def _sc(low: float, high: float, *extra_kinds: str) -> dict[str, tuple[float, float]]:
    return {kind: (low, high) for kind in (*SPONSORED_CONTENT, *extra_kinds)}


_ANY = "*"
CTR_RANGES = {
    "IMAGE": (0.0045, 0.011),
    "VIDEO": (0.0032, 0.0070),
    "DOCUMENT": (0.0060, 0.0130),
    "CAROUSEL": (0.0050, 0.0120),
    "TEXT_AD": (0.0031, 0.0055),
    "MESSAGE": (0.0080, 0.0140),
    "FOLLOW": (0.0032, 0.0060),
}


def _quartile_chain(
    prefix: str, root: str, first: tuple[float, float], kind: str
) -> dict[str, MetricRule]:
    """starts >= first quartile >= midpoint >= third quartile >= completions, by construction."""
    names = {
        "video": (
            "VideoStarts",
            "VideoViews",
            "VideoFirstQuartileCompletions",
            "VideoMidpointCompletions",
            "VideoThirdQuartileCompletions",
            "VideoCompletions",
        ),
        "document": (
            "DocumentFirstQuartileCompletions",
            "DocumentMidpointCompletions",
            "DocumentThirdQuartileCompletions",
            "DocumentCompletions",
        ),
    }["video" if kind == "VIDEO" else "document"]
    steps = ((0.45, 0.75), (0.50, 0.80), (0.55, 0.80), (0.65, 0.85), (0.60, 0.85))
    if kind == "DOCUMENT":
        steps = ((0.50, 0.75), (0.60, 0.80), (0.55, 0.80))
    rules: dict[str, MetricRule] = {}
    parent = root
    for index, suffix in enumerate(names):
        name = _metric_name(prefix, suffix)
        ranges = first if index == 0 else steps[index - 1]
        rules[name] = MetricRule(parent, {kind: ranges})
        parent = name
    return rules


def _metric_name(prefix: str, suffix: str) -> str:
    return prefix + suffix if prefix else suffix[0].lower() + suffix[1:]


def _build_rules() -> dict[str, MetricRule]:
    rules: dict[str, MetricRule] = {
        "clicks": MetricRule("impressions", CTR_RANGES),
        "landingPageClicks": MetricRule("clicks", _sc(0.50, 0.85, "TEXT_AD", "MESSAGE")),
        "companyPageClicks": MetricRule("clicks", _sc(0.01, 0.05, "FOLLOW")),
        "oneClickLeadFormOpens": MetricRule("clicks", _sc(0.50, 0.85, "MESSAGE"), LEAD),
        "oneClickLeads": MetricRule("oneClickLeadFormOpens", {_ANY: (0.12, 0.32)}, LEAD),
        "validWorkEmailLeads": MetricRule("oneClickLeads", {_ANY: (0.35, 0.65)}, LEAD),
        "qualifiedLeads": MetricRule("oneClickLeads", {_ANY: (0.15, 0.40)}, LEAD),
        "postClickJobApplyClicks": MetricRule("clicks", _sc(0.30, 0.55), JOB),
        "postViewJobApplyClicks": MetricRule("impressions", _sc(0.0002, 0.0006), JOB),
        "postClickJobApplications": MetricRule(
            "postClickJobApplyClicks", {_ANY: (0.15, 0.35)}, JOB
        ),
        "postViewJobApplications": MetricRule("postViewJobApplyClicks", {_ANY: (0.10, 0.30)}, JOB),
        "talentLeads": MetricRule("postClickJobApplications", {_ANY: (0.05, 0.20)}, JOB),
        "externalWebsitePostClickConversions": MetricRule(
            "clicks", {_ANY: (0.02, 0.08)}, needs_conversions=True
        ),
        "externalWebsitePostViewConversions": MetricRule(
            "impressions", {_ANY: (0.00003, 0.00015)}, needs_conversions=True
        ),
        "reactions": MetricRule("impressions", _sc(0.002, 0.007)),
        "likes": MetricRule("reactions", {_ANY: (0.62, 0.85)}),
        "comments": MetricRule("impressions", _sc(0.0001, 0.0006)),
        "commentLikes": MetricRule("comments", {_ANY: (0.2, 0.9)}),
        "shares": MetricRule("impressions", _sc(0.00005, 0.0003)),
        "follows": MetricRule("impressions", {**_sc(0.0001, 0.0005), "FOLLOW": (0.002, 0.006)}),
        "otherEngagements": MetricRule("impressions", _sc(0.001, 0.004, "FOLLOW")),
        "fullScreenPlays": MetricRule("videoStarts", {"VIDEO": (0.005, 0.03)}),
        "downloadClicks": MetricRule(
            "documentFirstQuartileCompletions", {"DOCUMENT": (0.02, 0.08)}
        ),
        "cardImpressions": MetricRule("impressions", {"CAROUSEL": (1.8, 3.2)}, capped=False),
        "cardClicks": MetricRule("cardImpressions", {"CAROUSEL": (0.002, 0.005)}),
        "sends": MetricRule("impressions", {"MESSAGE": (1.0, 1.0)}, noise=0.0),
        "opens": MetricRule("sends", {"MESSAGE": (0.35, 0.60)}),
        "actionClicks": MetricRule("opens", {"MESSAGE": (0.03, 0.09)}),
        "adUnitClicks": MetricRule("opens", {"MESSAGE": (0.005, 0.02)}),
        "textUrlClicks": MetricRule("opens", {"MESSAGE": (0.01, 0.04)}),
        "leadGenerationMailInterestedClicks": MetricRule("opens", {"MESSAGE": (0.01, 0.03)}, LEAD),
        "leadGenerationMailContactInfoShares": MetricRule(
            "actionClicks", {"MESSAGE": (0.3, 0.6)}, LEAD
        ),
        "approximateMemberReach": MetricRule("impressions", {_ANY: (0.55, 0.87)}, noise=0.06),
        # Viral activity: members resharing sponsored content to their own network.
        "viralImpressions": MetricRule("impressions", _sc(0.01, 0.05)),
        "viralClicks": MetricRule("viralImpressions", {_ANY: (0.003, 0.012)}),
        "viralLandingPageClicks": MetricRule("viralClicks", {_ANY: (0.5, 0.8)}),
        "viralCompanyPageClicks": MetricRule("viralClicks", {_ANY: (0.02, 0.06)}),
        "viralOneClickLeadFormOpens": MetricRule("viralClicks", {_ANY: (0.3, 0.6)}, LEAD),
        "viralOneClickLeads": MetricRule("viralOneClickLeadFormOpens", {_ANY: (0.1, 0.3)}, LEAD),
        "viralPostClickJobApplyClicks": MetricRule("viralClicks", {_ANY: (0.2, 0.4)}, JOB),
        "viralPostClickJobApplications": MetricRule(
            "viralPostClickJobApplyClicks", {_ANY: (0.15, 0.35)}, JOB
        ),
        "viralPostViewJobApplyClicks": MetricRule(
            "viralImpressions", {_ANY: (0.0002, 0.0006)}, JOB
        ),
        "viralPostViewJobApplications": MetricRule(
            "viralPostViewJobApplyClicks", {_ANY: (0.1, 0.3)}, JOB
        ),
        "viralExternalWebsitePostClickConversions": MetricRule(
            "viralClicks", {_ANY: (0.01, 0.05)}, needs_conversions=True
        ),
        "viralExternalWebsitePostViewConversions": MetricRule(
            "viralImpressions", {_ANY: (0.00002, 0.0001)}, needs_conversions=True
        ),
        "viralReactions": MetricRule("viralImpressions", {_ANY: (0.003, 0.010)}),
        "viralLikes": MetricRule("viralReactions", {_ANY: (0.62, 0.85)}),
        "viralComments": MetricRule("viralImpressions", {_ANY: (0.0002, 0.001)}),
        "viralCommentLikes": MetricRule("viralComments", {_ANY: (0.2, 0.8)}),
        "viralShares": MetricRule("viralImpressions", {_ANY: (0.0001, 0.0005)}),
        "viralFollows": MetricRule("viralImpressions", {_ANY: (0.0002, 0.0008)}),
        "viralOtherEngagements": MetricRule("viralImpressions", {_ANY: (0.001, 0.004)}),
        "viralFullScreenPlays": MetricRule("viralVideoStarts", {"VIDEO": (0.005, 0.03)}),
        "viralDownloadClicks": MetricRule(
            "viralDocumentFirstQuartileCompletions", {"DOCUMENT": (0.02, 0.08)}
        ),
        "viralCardImpressions": MetricRule(
            "viralImpressions", {"CAROUSEL": (1.8, 3.2)}, capped=False
        ),
        "viralCardClicks": MetricRule("viralCardImpressions", {"CAROUSEL": (0.002, 0.005)}),
    }
    rules.update(_quartile_chain("", "impressions", (0.35, 0.70), "VIDEO"))
    rules.update(_quartile_chain("viral", "viralImpressions", (0.35, 0.70), "VIDEO"))
    rules.update(_quartile_chain("", "impressions", (0.04, 0.12), "DOCUMENT"))
    rules.update(_quartile_chain("viral", "viralImpressions", (0.04, 0.12), "DOCUMENT"))
    return rules


RULES: dict[str, MetricRule] = _build_rules()

SUMS: dict[str, tuple[str, ...]] = {
    "externalWebsiteConversions": (
        "externalWebsitePostClickConversions",
        "externalWebsitePostViewConversions",
    ),
    "viralExternalWebsiteConversions": (
        "viralExternalWebsitePostClickConversions",
        "viralExternalWebsitePostViewConversions",
    ),
    "jobApplyClicks": ("postClickJobApplyClicks", "postViewJobApplyClicks"),
    "jobApplications": ("postClickJobApplications", "postViewJobApplications"),
    "viralJobApplyClicks": ("viralPostClickJobApplyClicks", "viralPostViewJobApplyClicks"),
    "viralJobApplications": ("viralPostClickJobApplications", "viralPostViewJobApplications"),
    "registrations": ("postClickRegistrations", "postViewRegistrations"),
    "viralRegistrations": ("viralPostClickRegistrations", "viralPostViewRegistrations"),
    "totalEngagements": (
        "clicks",
        "reactions",
        "comments",
        "shares",
        "follows",
        "otherEngagements",
    ),
    "viralTotalEngagements": (
        "viralClicks",
        "viralReactions",
        "viralComments",
        "viralShares",
        "viralFollows",
        "viralOtherEngagements",
    ),
}

# Formats this world does not run (conversation ads, newsletters, event registrations).
ALWAYS_ZERO = frozenset(
    {
        "headlineClicks",
        "headlineImpressions",
        "subscriptionClicks",
        "viralSubscriptionClicks",
        "postClickRegistrations",
        "postViewRegistrations",
        "viralPostClickRegistrations",
        "viralPostViewRegistrations",
    }
)
ALIASES = {"approximateUniqueImpressions": "approximateMemberReach"}
# Money and ratios computed from counts rather than drawn.
DERIVED = frozenset(
    {
        "costInLocalCurrency",
        "costInUsd",
        "conversionValueInLocalCurrency",
        "costPerQualifiedLead",
        "averageDwellTime",
        "audiencePenetration",
    }
)

CONVERSION_COUNT_METRICS = (
    "externalWebsitePostClickConversions",
    "externalWebsitePostViewConversions",
    "viralExternalWebsitePostClickConversions",
    "viralExternalWebsitePostViewConversions",
)
