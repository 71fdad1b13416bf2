"""Tables of the organization (Company Page) assets: organizations, daily statistics and
lifetime demographic snapshots. Column names are LinkedIn's field names in snake_case."""

from __future__ import annotations

import re

from linkedin_assets.storage import TableSpec

# Page sections of organizationPageStatistics `views`, as LinkedIn spells them.
PAGE_SECTIONS = (
    "all",
    "overview",
    "about",
    "people",
    "jobs",
    "careers",
    "lifeAt",
    "products",
    "insights",
)
DEVICES = ("", "desktop", "mobile")
# careersPageClicks / mobileCareersPageClicks counters (Kondado's careers-page click columns).
CAREERS_CLICKS = (
    "careersPagePromoLinksClicks",
    "careersPageBannerPromoClicks",
    "careersPageJobsClicks",
    "careersPageEmployeesClicks",
)


def snake(name: str) -> str:
    """`desktopLifeAtPageViews` -> `desktop_life_at_page_views`."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def view_key(section: str, device: str) -> str:
    """LinkedIn's key: allPageViews, allDesktopPageViews, overviewPageViews,
    desktopOverviewPageViews, mobileLifeAtPageViews..."""
    if section == "all":
        return f"all{device.capitalize()}PageViews"
    if not device:
        return f"{section}PageViews"
    return f"{device}{section[0].upper()}{section[1:]}PageViews"


# (LinkedIn key, page-views column, unique-page-views column), e.g.
# ("desktopAboutPageViews", "desktop_about_page_views", "desktop_about_unique_page_views").
PAGE_VIEW_FIELDS: tuple[tuple[str, str, str], ...] = tuple(
    (
        view_key(section, device),
        snake(view_key(section, device)),
        snake(view_key(section, device)).replace("_page_views", "_unique_page_views"),
    )
    for section in PAGE_SECTIONS
    for device in DEVICES
)
PAGE_VIEW_COLUMNS = {column: "BIGINT" for _, column, _ in PAGE_VIEW_FIELDS}
UNIQUE_VIEW_COLUMNS = {unique: "BIGINT" for _, _, unique in PAGE_VIEW_FIELDS}
CAREERS_CLICK_COLUMNS = {
    **{snake(key): "BIGINT" for key in CAREERS_CLICKS},
    **{"mobile_" + snake(key): "BIGINT" for key in CAREERS_CLICKS},
}

ORGANIZATION_KEY = {"organization_id": "BIGINT", "organization_urn": "VARCHAR"}

ORGANIZATIONS = TableSpec(
    name="organizations",
    columns={
        **ORGANIZATION_KEY,
        "localized_name": "VARCHAR",
        "vanity_name": "VARCHAR",
        "names": "JSON",
        "preferred_locale": "VARCHAR",
        "default_locale": "VARCHAR",
        "localized_description": "VARCHAR",
        "descriptions": "JSON",
        "localized_website": "VARCHAR",
        "websites": "JSON",
        "organization_type": "VARCHAR",
        "primary_organization_type": "VARCHAR",
        "industries": "JSON",
        "primary_industry_urn": "VARCHAR",
        "staff_count_range": "VARCHAR",
        "specialties": "JSON",
        "locations": "JSON",
        "headquarters_country": "VARCHAR",
        "headquarters_geographic_area": "VARCHAR",
        "headquarters_city": "VARCHAR",
        "headquarters_postal_code": "VARCHAR",
        "headquarters_geo_urn": "VARCHAR",
        "founded_year": "INTEGER",
        "logo_urn": "VARCHAR",
        "auto_created": "BOOLEAN",
        "version_tag": "VARCHAR",
        "created_at": "TIMESTAMPTZ",
        "last_modified_at": "TIMESTAMPTZ",
        "follower_count": "BIGINT",
    },
    primary_key=("organization_id",),
)

DAY_KEY = {"day": "DATE", **ORGANIZATION_KEY}

FOLLOWER_STATISTICS = TableSpec(
    name="follower_statistics",
    columns={**DAY_KEY, "organic_follower_gain": "BIGINT", "paid_follower_gain": "BIGINT"},
    primary_key=("day", "organization_id"),
)

PAGE_STATISTICS = TableSpec(
    name="page_statistics",
    columns={
        **DAY_KEY,
        **PAGE_VIEW_COLUMNS,
        **UNIQUE_VIEW_COLUMNS,
        **CAREERS_CLICK_COLUMNS,
        "desktop_custom_button_clicks": "BIGINT",
        "mobile_custom_button_clicks": "BIGINT",
        "custom_button_clicks_by_type": "JSON",
    },
    primary_key=("day", "organization_id"),
)

SHARE_COUNTERS = {
    "impression_count": "BIGINT",
    "unique_impressions_count": "BIGINT",
    "click_count": "BIGINT",
    "like_count": "BIGINT",
    "comment_count": "BIGINT",
    "share_count": "BIGINT",
    "share_mentions_count": "BIGINT",
    "comment_mentions_count": "BIGINT",
    "engagement": "DOUBLE",
}

SHARE_STATISTICS = TableSpec(
    name="share_statistics",
    columns={**DAY_KEY, **SHARE_COUNTERS},
    primary_key=("day", "organization_id"),
)

DEMOGRAPHIC_KEY = {
    "snapshot_date": "DATE",
    "organization_id": "BIGINT",
    "facet": "VARCHAR",
    "value": "VARCHAR",
    "organization_urn": "VARCHAR",
}
DEMOGRAPHIC_PRIMARY_KEY = ("snapshot_date", "organization_id", "facet", "value")

FOLLOWER_DEMOGRAPHICS = TableSpec(
    name="follower_demographics",
    columns={
        **DEMOGRAPHIC_KEY,
        "organic_follower_count": "BIGINT",
        "paid_follower_count": "BIGINT",
    },
    primary_key=DEMOGRAPHIC_PRIMARY_KEY,
)

PAGE_VISITOR_DEMOGRAPHICS = TableSpec(
    name="page_visitor_demographics",
    columns={**DEMOGRAPHIC_KEY, **PAGE_VIEW_COLUMNS, **UNIQUE_VIEW_COLUMNS},
    primary_key=DEMOGRAPHIC_PRIMARY_KEY,
)

# ------------------------------------------------------------------------- column docs

COMMON_DOCS = {
    "organization_id": "Numeric id of the organization (Company Page).",
    "organization_urn": "urn:li:organization:<id>.",
    "day": "UTC day of the statistics bucket (timeRange.start).",
    "snapshot_date": "UTC date of the run that took this lifetime snapshot.",
    "facet": (
        "Demographic dimension: seniority, function, industry, geo (market area), country, "
        "staff_count_range, association_type (followers) or targeted_content (visitors)."
    ),
    "value": "Standardized URN (urn:li:seniority:N, urn:li:geo:N...) or enum of the facet.",
}

ORGANIZATION_DOCS = {
    **COMMON_DOCS,
    "localized_name": "Name in the page's preferred locale.",
    "names": 'Name by locale, e.g. {"de_DE": ..., "en_US": ...}.',
    "preferred_locale": "Preferred locale of the localized fields, e.g. en_US.",
    "industries": "Industry URNs (urn:li:industry:N).",
    "staff_count_range": "Company size enum, e.g. SIZE_201_TO_500.",
    "locations": "Every location as LinkedIn sent it.",
    "follower_count": "Total followers (networkSizes firstDegreeSize) when the run happened.",
    "created_at": "When the page was created.",
}

STATISTICS_DOCS = {
    **COMMON_DOCS,
    "organic_follower_gain": "Net organic follower gain of the day (negative with unfollows).",
    "paid_follower_gain": "Followers gained from sponsored content that day.",
    "engagement": "(clicks + likes + comments + shares) / impressions, as LinkedIn computes it.",
    "custom_button_clicks_by_type": '{"desktop": {button: clicks}, "mobile": {...}}.',
    **{column: f"{key} page views" for key, column, _ in PAGE_VIEW_FIELDS},
    **{
        unique: f"{key} unique page views (NULL when LinkedIn does not send them)"
        for key, _, unique in PAGE_VIEW_FIELDS
    },
}
