"""Golden tests: our request builders produce every example URL of the API reference.

Top-level parameter order is not significant to LinkedIn, so URLs compare as sets of raw
`name=value` pairs; each value must match byte for byte (structure literal, leaves encoded).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from linkedin_assets.linkedin import ads, pages
from linkedin_assets.linkedin.request import ApiRequest
from linkedin_assets.linkedin.restli import encode, query_string

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "api_example_urls.txt"
BASE = "https://api.linkedin.com/rest"
ACCOUNT = 508720451
ORG = 2414183
SHARE = "urn:li:share:7045020441609936898"
JAN = (dt.date(2024, 1, 1), dt.date(2024, 2, 1))  # end exclusive = 1706745600000


def _paging(request: ApiRequest, url: str) -> tuple:
    """The first-page paging parameters, at the page size the example happened to use."""
    params = dict(p.split("=", 1) for p in url.split("?", 1)[1].split("&"))
    if request.paging.style == "cursor":
        return (("pageSize", int(params["pageSize"])),)
    if request.paging.style == "index" and "count" in params:
        return (("start", 0), ("count", int(params["count"])))
    return ()


BUILDERS = {
    "adAccountUsers?q=accounts": lambda: ads.account_users(ACCOUNT),
    "adAccountUsers?q=authenticatedUser": ads.authenticated_user_accounts,
    "adAccounts/508720451/adCampaignGroups": lambda: ads.campaign_groups(ACCOUNT),
    "adAccounts/508720451/adCampaigns": lambda: ads.campaigns(ACCOUNT),
    "adAccounts/508720451/creatives": lambda: ads.creatives(
        ACCOUNT, campaign_ids=[252074216], statuses=()
    ),
    "adAccounts?q=search&search=(id": lambda: ads.search_ad_accounts(
        [508720451, 508774356], statuses=()
    ),
    "adAccounts?q=search&search=(status": lambda: ads.search_ad_accounts(
        statuses=["ACTIVE"], test=False
    ),
    "pivot=CREATIVE": lambda: ads.ad_analytics(
        pivots=["CREATIVE"],
        granularity="DAILY",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 1, 31),
        facet="accounts",
        facet_urns=[ads.account_urn(ACCOUNT)],
        fields=[
            "dateRange",
            "pivotValues",
            "impressions",
            "clicks",
            "costInLocalCurrency",
            "costInUsd",
            "externalWebsiteConversions",
        ],
    ),
    "pivot=MEMBER_SENIORITY": lambda: ads.ad_analytics(
        pivots=["MEMBER_SENIORITY"],
        granularity="MONTHLY",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 3, 31),
        facet="campaigns",
        facet_urns=["urn:li:sponsoredCampaign:252074216"],
        fields=["dateRange", "pivotValues", "impressions", "clicks", "costInLocalCurrency"],
    ),
    "pivots=List(CAMPAIGN,CONVERSION)": lambda: ads.ad_analytics(
        pivots=["CAMPAIGN", "CONVERSION"],
        granularity="DAILY",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 1, 31),
        facet="accounts",
        facet_urns=[ads.account_urn(ACCOUNT)],
        fields=[
            "dateRange",
            "pivotValues",
            "externalWebsiteConversions",
            "externalWebsitePostClickConversions",
            "externalWebsitePostViewConversions",
            "conversionValueInLocalCurrency",
        ],
    ),
    "pivots=List(CAMPAIGN,IMPRESSION_DEVICE_TYPE)": lambda: ads.ad_analytics(
        pivots=["CAMPAIGN", "IMPRESSION_DEVICE_TYPE"],
        granularity="DAILY",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 1, 7),
        facet="campaigns",
        facet_urns=["urn:li:sponsoredCampaign:252074216", "urn:li:sponsoredCampaign:168387646"],
        fields=["dateRange", "pivotValues", "impressions", "clicks"],
    ),
    "conversions?q=account": lambda: ads.conversions(ACCOUNT),
    "leadFormResponses": lambda: ads.lead_form_responses(
        "sponsoredAccount", ads.account_urn(ACCOUNT)
    ),
    "networkSizes": lambda: pages.network_size(ORG),
    "organizationAcls": pages.organization_acls,
    "organizationPageStatistics": lambda: pages.page_statistics(ORG, *JAN),
    "FollowerStatistics?q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A2414183&": lambda: (
        pages.follower_statistics(ORG, *JAN)
    ),
    "FollowerStatistics?q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A2414183": lambda: (
        pages.follower_statistics(ORG)
    ),
    "ShareStatistics?q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A2414183&shares": lambda: (
        pages.post_share_statistics(ORG, [SHARE, "urn:li:ugcPost:6856810298419044352"])
    ),
    "ShareStatistics?q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A2414183&timeIntervals": lambda: (
        pages.share_statistics(ORG, *JAN)
    ),
    "posts?q=author": lambda: pages.posts_by_author(pages.organization_urn(ORG)),
    "reactions/": lambda: pages.reactions(SHARE),
    "socialActions/": lambda: pages.comments(SHARE),
}


def _examples() -> list[str]:
    lines = EXAMPLES.read_text().splitlines()
    return [line.strip() for line in lines if line.startswith("https://")]


def _builder_for(url: str):
    # The longest matching marker wins, so more specific markers shadow general ones.
    matches = [marker for marker in BUILDERS if marker in url]
    assert matches, f"no builder covers the example {url}"
    return BUILDERS[max(matches, key=len)]


def _pairs(query: str) -> set[str]:
    return set(query.split("&")) if query else set()


@pytest.mark.parametrize("url", _examples())
def test_builder_reproduces_reference_url(url: str) -> None:
    request = _builder_for(url)()
    path, _, query = url.removeprefix(BASE).partition("?")
    assert request.path == path
    assert _pairs(request.query(_paging(request, url))) == _pairs(query)


def test_every_reference_example_is_covered() -> None:
    assert len(_examples()) == 23


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"k2": "urn:li:app:123"}, "(k2:urn%3Ali%3Aapp%3A123)"),
        (["v2", " t?':,*!"], "List(v2,%20t%3F%27%3A%2C%2A%21)"),
        ({"a": {"b": [1, 2]}, "c": True}, "(a:(b:List(1,2)),c:true)"),
        ([], "List()"),
        ("Müller & Söhne", "M%C3%BCller%20%26%20S%C3%B6hne"),
    ],
)
def test_encode_matches_the_official_vectors(value, expected) -> None:
    assert encode(value) == expected


def test_fields_is_a_plain_comma_list_and_none_is_omitted() -> None:
    assert query_string([("fields", ["a", "b"]), ("x", None), ("q", "s")]) == "fields=a,b&q=s"
