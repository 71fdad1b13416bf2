"""Pure flatteners of organization elements: lookup, time-bound statistics and lifetime
demographic facets. Element dict in, row dicts out; nothing here does I/O."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from linkedin_assets.assets.kit import dig, from_epoch_ms, raw_json
from linkedin_assets.assets.pages_tables import (
    CAREERS_CLICKS,
    PAGE_VIEW_FIELDS,
    snake,
)
from linkedin_assets.linkedin.restli import urn_id

ORGANIZATION_URN_PREFIX = "urn:li:organization:"


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _locale(value: Any) -> str | None:
    """{"language": "en", "country": "US"} -> "en_US"."""
    if not isinstance(value, Mapping) or not value.get("language"):
        return None
    country = value.get("country")
    return f"{value['language']}_{country}" if country else str(value["language"])


def organization_id_of(urn: Any) -> int | None:
    if isinstance(urn, str) and urn.startswith(ORGANIZATION_URN_PREFIX):
        return int(urn_id(urn))
    return None


def statistics_day(element: Mapping[str, Any]) -> dt.date | None:
    """The UTC day of a time-bound bucket (timeRange.start, epoch ms at midnight UTC)."""
    start = from_epoch_ms(dig(element, "timeRange", "start"))
    return start.date() if start else None


# ------------------------------------------------------------------------- organizations


def _headquarters(locations: Any) -> Mapping[str, Any]:
    if not isinstance(locations, list) or not locations:
        return {}
    for location in locations:
        if isinstance(location, Mapping) and location.get("locationType") == "HEADQUARTERS":
            return location
    first = locations[0]
    return first if isinstance(first, Mapping) else {}


def organization_row(element: Mapping[str, Any], follower_count: int | None) -> dict[str, Any]:
    """One `organizations` row from an organization lookup element (+ networkSizes)."""
    organization_id = int(element["id"])
    headquarters = _headquarters(element.get("locations"))
    industries = element.get("industries")
    return {
        "organization_id": organization_id,
        "organization_urn": f"{ORGANIZATION_URN_PREFIX}{organization_id}",
        "localized_name": element.get("localizedName"),
        "vanity_name": element.get("vanityName"),
        "names": _json(dig(element, "name", "localized")),
        "preferred_locale": _locale(dig(element, "name", "preferredLocale")),
        "default_locale": _locale(element.get("defaultLocale")),
        "localized_description": element.get("localizedDescription"),
        "descriptions": _json(dig(element, "description", "localized")),
        "localized_website": element.get("localizedWebsite"),
        "websites": _json(dig(element, "website", "localized")),
        "organization_type": element.get("organizationType"),
        "primary_organization_type": element.get("primaryOrganizationType"),
        "industries": _json(industries),
        "primary_industry_urn": industries[0]
        if isinstance(industries, list) and industries
        else None,
        "staff_count_range": element.get("staffCountRange"),
        "specialties": _json(element.get("localizedSpecialties") or element.get("specialties")),
        "locations": _json(element.get("locations")),
        "headquarters_country": dig(headquarters, "address", "country"),
        "headquarters_geographic_area": dig(headquarters, "address", "geographicArea"),
        "headquarters_city": dig(headquarters, "address", "city"),
        "headquarters_postal_code": dig(headquarters, "address", "postalCode"),
        "headquarters_geo_urn": headquarters.get("geoLocation"),
        "founded_year": _int(dig(element, "foundedOn", "year")),
        "logo_urn": dig(element, "logoV2", "original"),
        "auto_created": element.get("autoCreated"),
        "version_tag": element.get("versionTag"),
        "created_at": from_epoch_ms(dig(element, "created", "time")),
        "last_modified_at": from_epoch_ms(dig(element, "lastModified", "time")),
        "follower_count": follower_count,
        "_raw": raw_json(element),
    }


# ---------------------------------------------------------------------- daily statistics


def _day_key(element: Mapping[str, Any], organization_id: int) -> dict[str, Any]:
    return {
        "day": statistics_day(element),
        "organization_id": organization_id,
        "organization_urn": f"{ORGANIZATION_URN_PREFIX}{organization_id}",
    }


def follower_statistics_row(element: Mapping[str, Any], organization_id: int) -> dict[str, Any]:
    gains = element.get("followerGains") or {}
    return {
        **_day_key(element, organization_id),
        "organic_follower_gain": _int(gains.get("organicFollowerGain")),
        "paid_follower_gain": _int(gains.get("paidFollowerGain")),
        "_raw": raw_json(element),
    }


def page_view_values(views: Any) -> dict[str, int | None]:
    """Every page-view counter (and its unique variant when sent) of a `views` block."""
    views = views if isinstance(views, Mapping) else {}
    values: dict[str, int | None] = {}
    for key, column, unique_column in PAGE_VIEW_FIELDS:
        counter = views.get(key)
        counter = counter if isinstance(counter, Mapping) else {}
        values[column] = _int(counter.get("pageViews"))
        values[unique_column] = _int(counter.get("uniquePageViews"))
    return values


def _button_clicks(items: Any) -> dict[str, int]:
    clicks: dict[str, int] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping):
            button = str(item.get("customButtonType") or item.get("buttonId") or "UNKNOWN")
            clicks[button] = clicks.get(button, 0) + (_int(item.get("clicks")) or 0)
    return clicks


def click_values(clicks: Any) -> dict[str, Any]:
    """Careers-page clicks (all devices and mobile) and custom-button clicks by device."""
    clicks = clicks if isinstance(clicks, Mapping) else {}
    values: dict[str, Any] = {}
    for key in CAREERS_CLICKS:
        values[snake(key)] = _int(dig(clicks, "careersPageClicks", key))
        values["mobile_" + snake(key)] = _int(dig(clicks, "mobileCareersPageClicks", key))
    desktop = _button_clicks(clicks.get("desktopCustomButtonClickCounts"))
    mobile = _button_clicks(clicks.get("mobileCustomButtonClickCounts"))
    has_desktop = "desktopCustomButtonClickCounts" in clicks
    has_mobile = "mobileCustomButtonClickCounts" in clicks
    values["desktop_custom_button_clicks"] = sum(desktop.values()) if has_desktop else None
    values["mobile_custom_button_clicks"] = sum(mobile.values()) if has_mobile else None
    values["custom_button_clicks_by_type"] = (
        _json({"desktop": desktop, "mobile": mobile}) if has_desktop or has_mobile else None
    )
    return values


def page_statistics_row(element: Mapping[str, Any], organization_id: int) -> dict[str, Any]:
    totals = element.get("totalPageStatistics") or {}
    return {
        **_day_key(element, organization_id),
        **page_view_values(totals.get("views")),
        **click_values(totals.get("clicks")),
        "_raw": raw_json(element),
    }


def share_counters(statistics: Any) -> dict[str, Any]:
    """totalShareStatistics -> impression_count, ..., engagement (a float ratio)."""
    statistics = statistics if isinstance(statistics, Mapping) else {}
    return {
        "impression_count": _int(statistics.get("impressionCount")),
        "unique_impressions_count": _int(statistics.get("uniqueImpressionsCount")),
        "click_count": _int(statistics.get("clickCount")),
        "like_count": _int(statistics.get("likeCount")),
        "comment_count": _int(statistics.get("commentCount")),
        "share_count": _int(statistics.get("shareCount")),
        "share_mentions_count": _int(statistics.get("shareMentionsCount")),
        "comment_mentions_count": _int(statistics.get("commentMentionsCount")),
        "engagement": _float(statistics.get("engagement")),
    }


def share_statistics_row(element: Mapping[str, Any], organization_id: int) -> dict[str, Any]:
    return {
        **_day_key(element, organization_id),
        **share_counters(element.get("totalShareStatistics")),
        "_raw": raw_json(element),
    }


# ---------------------------------------------------------------- lifetime demographics

# Facet array -> our facet name. Later entries of the same facet win on a repeated value,
# so the V2 industry list replaces the legacy one when LinkedIn sends both.
FOLLOWER_FACETS = (
    ("followerCountsByAssociationType", "association_type"),
    ("followerCountsBySeniority", "seniority"),
    ("followerCountsByFunction", "function"),
    ("followerCountsByIndustry", "industry"),
    ("followerCountsByIndustryV2", "industry"),
    ("followerCountsByStaffCountRange", "staff_count_range"),
    ("followerCountsByGeoCountry", "country"),
    ("followerCountsByGeo", "geo"),
)
PAGE_VISITOR_FACETS = (
    ("pageStatisticsBySeniority", "seniority"),
    ("pageStatisticsByFunction", "function"),
    ("pageStatisticsByIndustry", "industry"),
    ("pageStatisticsByIndustryV2", "industry"),
    ("pageStatisticsByStaffCountRange", "staff_count_range"),
    ("pageStatisticsByGeoCountry", "country"),
    ("pageStatisticsByGeo", "geo"),
    ("pageStatisticsByTargetedContent", "targeted_content"),
)
_COUNT_BLOCKS = frozenset({"followerCounts", "pageStatistics"})


def facet_value(item: Mapping[str, Any]) -> str | None:
    """The facet's value: the one non-count field of an item ({"seniority": urn, ...}).
    Structured values (targeted content) are kept as canonical JSON text."""
    for key, value in item.items():
        if key in _COUNT_BLOCKS:
            continue
        if isinstance(value, str):
            return value
        if value is not None:
            return _json(value)
    return None


def _demographic_rows(
    element: Mapping[str, Any],
    organization_id: int,
    facets: tuple[tuple[str, str], ...],
    values_of: Any,
) -> list[dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for array, facet in facets:
        for item in element.get(array) or []:
            if not isinstance(item, Mapping):
                continue
            value = facet_value(item)
            if value is None:
                continue
            rows[(facet, value)] = {
                "organization_id": organization_id,
                "organization_urn": f"{ORGANIZATION_URN_PREFIX}{organization_id}",
                "facet": facet,
                "value": value,
                **values_of(item),
                "_raw": raw_json(item),
            }
    return list(rows.values())


def follower_demographic_rows(
    element: Mapping[str, Any], organization_id: int
) -> list[dict[str, Any]]:
    """Lifetime follower counts per facet value. LinkedIn rolls paid into organic for
    demographics, so paid_follower_count is kept as sent but is normally 0."""

    def counts(item: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "organic_follower_count": _int(dig(item, "followerCounts", "organicFollowerCount")),
            "paid_follower_count": _int(dig(item, "followerCounts", "paidFollowerCount")),
        }

    return _demographic_rows(element, organization_id, FOLLOWER_FACETS, counts)


def page_visitor_demographic_rows(
    element: Mapping[str, Any], organization_id: int
) -> list[dict[str, Any]]:
    """Lifetime page views per visitor facet value; geo and industry facets only carry
    all_page_views, the other counters are NULL there."""

    def views(item: Mapping[str, Any]) -> dict[str, Any]:
        return page_view_values(dig(item, "pageStatistics", "views"))

    return _demographic_rows(element, organization_id, PAGE_VISITOR_FACETS, views)
