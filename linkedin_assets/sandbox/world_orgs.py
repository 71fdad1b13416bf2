"""Company pages: organization elements, ACLs, followers and page statistics (§6.1-6.4, 6.6).

Daily figures are pure functions of (page, day): weekday seasonality, noise from an integer
hash, and bumps on days the page's posts are seen. Demographic facets use LinkedIn's real
standardized URNs from the seeds; like LinkedIn's they omit members without the attribute,
so they do not add up to the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from linkedin_assets.sandbox import reference
from linkedin_assets.sandbox.world_accounts import OrganizationPlan, Person
from linkedin_assets.sandbox.world_common import (
    base62,
    day_ms,
    largest_remainder,
    ordinal_ms,
    stable_int,
    unit_mix,
)

PAGE_SECTIONS = (
    ("overview", "Overview", 0.42),
    ("about", "About", 0.12),
    ("people", "People", 0.09),
    ("jobs", "Jobs", 0.10),
    ("careers", "Careers", 0.07),
    ("lifeAt", "LifeAt", 0.06),
    ("products", "Products", 0.10),
    ("insights", "Insights", 0.04),
)
VISIT_WEEKDAYS = (1.12, 1.18, 1.15, 1.08, 0.92, 0.45, 0.5)
FOLLOW_WEEKDAYS = (1.15, 1.2, 1.15, 1.1, 0.95, 0.35, 0.4)
GROWTH_REFERENCE = dt.date(2024, 1, 1).toordinal()
ANNUAL_NET_GROWTH = 0.14
CUSTOM_BUTTONS = ("VISIT_WEBSITE", "CONTACT_US", "LEARN_MORE", "SIGN_UP", "REGISTER")

_SENIORITY_MIX = {
    1: 0.01,
    2: 0.04,
    3: 0.20,
    4: 0.30,
    5: 0.15,
    6: 0.08,
    7: 0.04,
    8: 0.05,
    9: 0.02,
    10: 0.04,
}
_FUNCTION_MIX_SOFTWARE = {
    8: 0.22,
    13: 0.14,
    25: 0.10,
    4: 0.09,
    15: 0.07,
    18: 0.08,
    19: 0.05,
    10: 0.04,
    6: 0.05,
    20: 0.04,
    24: 0.02,
    26: 0.03,
    12: 0.02,
    1: 0.01,
    2: 0.01,
    3: 0.01,
}
_FUNCTION_MIX_INDUSTRIAL = {
    8: 0.30,
    18: 0.15,
    22: 0.08,
    21: 0.06,
    13: 0.08,
    25: 0.08,
    24: 0.06,
    4: 0.05,
    20: 0.04,
    10: 0.03,
    12: 0.02,
    26: 0.02,
}
_STAFF_MIX = {
    "SIZE_1": 0.03,
    "SIZE_2_TO_10": 0.06,
    "SIZE_11_TO_50": 0.09,
    "SIZE_51_TO_200": 0.12,
    "SIZE_201_TO_500": 0.11,
    "SIZE_501_TO_1000": 0.09,
    "SIZE_1001_TO_5000": 0.17,
    "SIZE_5001_TO_10000": 0.10,
    "SIZE_10001_OR_MORE": 0.23,
}
_NEIGHBOUR_COUNTRIES = {
    "US": ("US", "IN", "CA", "GB", "DE", "AU", "BR", "FR", "NL", "IL"),
    "DE": ("DE", "AT", "CH", "NL", "US", "IN", "FR", "GB", "PL", "IT"),
    "JP": ("JP", "US", "IN", "KR", "SG", "CN", "DE", "TW", "GB", "AU"),
}
_EMPLOYEES = {
    "SIZE_51_TO_200": 140,
    "SIZE_201_TO_500": 320,
    "SIZE_501_TO_1000": 700,
    "SIZE_1001_TO_5000": 2_600,
    "SIZE_5001_TO_10000": 7_000,
}


def _noisy(mean: float, *draw_parts: int) -> int:
    """An integer around ``mean`` (+-40 %), stochastic rounding keeps small means alive."""
    return int(mean * (0.6 + 0.8 * unit_mix(*draw_parts, 1)) + unit_mix(*draw_parts, 2))


class OrganizationStats:
    def __init__(
        self,
        seed: int,
        organizations: list[OrganizationPlan],
        first_ord: int,
        today_ord: int,
        post_impressions: Callable[[int, int], int],
        paid_follows: Callable[[int, int], int],
    ) -> None:
        self._seed = seed
        self._organizations = {org.id: org for org in organizations}
        self._first_ord = first_ord
        self._today_ord = today_ord
        self._post_impressions = post_impressions
        self._paid_follows = paid_follows
        self._network: dict[int, int] = {}
        self._page_lifetime: dict[int, dict] = {}

    def organization(self, organization_id: int) -> OrganizationPlan:
        plan = self._organizations.get(organization_id)
        if plan is None:
            raise KeyError(f"unknown organization {organization_id}")
        return plan

    # ------------------------------------------------------------- followers

    def follower_gains(self, organization_id: int, ordinal: int) -> dict:
        org = self.organization(organization_id)
        if ordinal > self._today_ord or ordinal < org.created_ord:
            return {"organicFollowerGain": 0, "paidFollowerGain": 0}
        salt = stable_int(self._seed, "followers", organization_id)
        daily_net = org.base_followers * ANNUAL_NET_GROWTH / 365
        weekday = FOLLOW_WEEKDAYS[(ordinal - 1) % 7]
        gross_mean = (
            daily_net * 1.6 * weekday + self._post_impressions(organization_id, ordinal) * 0.0015
        )
        churn_mean = daily_net * 0.6 * (4.0 if unit_mix(salt, ordinal, 9) < 0.03 else 1.0)
        organic = _noisy(gross_mean, salt, ordinal, 3) - _noisy(churn_mean, salt, ordinal, 5)
        return {
            "organicFollowerGain": organic,
            "paidFollowerGain": self._paid_follows(organization_id, ordinal),
        }

    def network_size(self, organization_id: int) -> int:
        if organization_id not in self._network:
            org = self.organization(organization_id)
            baseline = int(
                org.base_followers
                * (1 + ANNUAL_NET_GROWTH * (self._first_ord - GROWTH_REFERENCE) / 365)
            )
            gained = 0
            for ordinal in range(self._first_ord, self._today_ord + 1):
                gains = self.follower_gains(organization_id, ordinal)
                gained += gains["organicFollowerGain"] + gains["paidFollowerGain"]
            self._network[organization_id] = max(baseline + gained, 10)
        return self._network[organization_id]

    def follower_lifetime(self, organization_id: int) -> dict:
        org = self.organization(organization_id)
        total = self.network_size(organization_id)
        mixes = _audience_mixes(self._seed, org, "followers")

        def facet(key: str, mix: dict[str, float], coverage: float) -> list[dict]:
            values = list(mix)
            counts = largest_remainder(int(total * coverage), [mix[value] for value in values])
            return [
                {
                    key: value,
                    "followerCounts": {"organicFollowerCount": count, "paidFollowerCount": 0},
                }
                for value, count in sorted(
                    zip(values, counts, strict=True), key=lambda pair: -pair[1]
                )
                if count > 0
            ]

        employees = _EMPLOYEES.get(org.profile.staff_count_range, 80)
        return {
            "followerCountsByAssociationType": [
                {
                    "associationType": "EMPLOYEE",
                    "followerCounts": {"organicFollowerCount": employees, "paidFollowerCount": 0},
                }
            ],
            "followerCountsBySeniority": facet("seniority", mixes["seniority"], 0.93),
            "followerCountsByIndustry": facet("industry", mixes["industry"], 0.90),
            "followerCountsByFunction": facet("function", mixes["function"], 0.85),
            "followerCountsByStaffCountRange": facet("staffCountRange", mixes["staff"], 0.90),
            "followerCountsByGeoCountry": facet("geo", mixes["country"], 0.97),
            "followerCountsByGeo": facet("geo", mixes["region"], 0.62),
        }

    # ------------------------------------------------------------------ pages

    def page_statistics(self, organization_id: int, ordinal: int) -> dict:
        org = self.organization(organization_id)
        salt = stable_int(self._seed, "page", organization_id)
        if ordinal > self._today_ord or ordinal < org.created_ord:
            return _page_block({}, {}, salt, 0)
        weekday = VISIT_WEEKDAYS[(ordinal - 1) % 7]
        buzz = 1 + self._post_impressions(organization_id, ordinal) / 2_500
        total = _noisy(org.daily_page_views * weekday * buzz, salt, ordinal, 1)
        weights = [
            share * (0.75 + 0.5 * unit_mix(salt, ordinal, index))
            for index, (_, _, share) in enumerate(PAGE_SECTIONS)
        ]
        desktop: dict[str, int] = {}
        mobile: dict[str, int] = {}
        for (key, _title, _share), count, index in zip(
            PAGE_SECTIONS, largest_remainder(total, weights), range(len(PAGE_SECTIONS)), strict=True
        ):
            desktop_share = 0.42 + 0.2 * unit_mix(salt, ordinal, 100 + index)
            desktop[key] = min(
                count, int(count * desktop_share + unit_mix(salt, ordinal, 200 + index))
            )
            mobile[key] = count - desktop[key]
        return _page_block(desktop, mobile, salt, ordinal)

    def page_lifetime(self, organization_id: int) -> dict:
        if organization_id in self._page_lifetime:
            return self._page_lifetime[organization_id]
        org = self.organization(organization_id)
        views: dict[str, int] = {}
        clicks: dict = {}
        for ordinal in range(self._first_ord, self._today_ord + 1):
            day = self.page_statistics(organization_id, ordinal)
            for key, value in day["views"].items():
                views[key] = views.get(key, 0) + value["pageViews"]
            _add_clicks(clicks, day["clicks"])
        mixes = _audience_mixes(self._seed, org, "visitors")

        def full_facet(key: str, mix: dict[str, float], coverage: float) -> list[dict]:
            weight_sum = sum(mix.values())
            rows = []
            for value, weight in sorted(mix.items(), key=lambda item: -item[1]):
                share = weight / weight_sum * coverage
                facet_views = {
                    name: {"pageViews": int(count * share)} for name, count in views.items()
                }
                if facet_views["allPageViews"]["pageViews"] > 0:
                    rows.append({key: value, "pageStatistics": {"views": facet_views}})
            return rows

        def total_only_facet(key: str, mix: dict[str, float], coverage: float) -> list[dict]:
            values = list(mix)
            counts = largest_remainder(
                int(views["allPageViews"] * coverage), [mix[value] for value in values]
            )
            return [
                {key: value, "pageStatistics": {"views": {"allPageViews": {"pageViews": count}}}}
                for value, count in sorted(
                    zip(values, counts, strict=True), key=lambda pair: -pair[1]
                )
                if count > 0
            ]

        lifetime = {
            "totalPageStatistics": {
                "views": {key: {"pageViews": value} for key, value in views.items()},
                "clicks": clicks,
            },
            "pageStatisticsBySeniority": full_facet("seniority", mixes["seniority"], 0.9),
            "pageStatisticsByFunction": full_facet("function", mixes["function"], 0.82),
            "pageStatisticsByStaffCountRange": full_facet("staffCountRange", mixes["staff"], 0.88),
            "pageStatisticsByIndustryV2": total_only_facet("industryV2", mixes["industry"], 0.87),
            "pageStatisticsByGeoCountry": total_only_facet("geo", mixes["country"], 0.95),
            "pageStatisticsByGeo": total_only_facet("geo", mixes["region"], 0.6),
            "pageStatisticsByTargetedContent": [],
        }
        self._page_lifetime[organization_id] = lifetime
        return lifetime


def _page_block(desktop: dict[str, int], mobile: dict[str, int], salt: int, ordinal: int) -> dict:
    views: dict[str, dict[str, int]] = {}
    all_desktop = sum(desktop.values())
    all_mobile = sum(mobile.values())
    views["allPageViews"] = {"pageViews": all_desktop + all_mobile}
    views["allDesktopPageViews"] = {"pageViews": all_desktop}
    views["allMobilePageViews"] = {"pageViews": all_mobile}
    for key, title, _share in PAGE_SECTIONS:
        section_desktop = desktop.get(key, 0)
        section_mobile = mobile.get(key, 0)
        views[f"{key}PageViews"] = {"pageViews": section_desktop + section_mobile}
        views[f"desktop{title}PageViews"] = {"pageViews": section_desktop}
        views[f"mobile{title}PageViews"] = {"pageViews": section_mobile}
    careers = desktop.get("careers", 0) + mobile.get("careers", 0)
    careers_mobile = mobile.get("careers", 0)

    def rate(count: int, low: float, high: float, part: int) -> int:
        return int(
            count * (low + (high - low) * unit_mix(salt, ordinal, part))
            + unit_mix(salt, ordinal, part + 50)
        )

    jobs = rate(careers, 0.15, 0.35, 301)
    promo = rate(careers, 0.03, 0.10, 302)
    employees = rate(careers, 0.02, 0.08, 303)
    button = CUSTOM_BUTTONS[salt % len(CUSTOM_BUTTONS)]
    return {
        "views": views,
        "clicks": {
            "careersPageClicks": {
                "careersPagePromoLinksClicks": promo,
                "careersPageBannerPromoClicks": rate(careers, 0.01, 0.05, 304),
                "careersPageJobsClicks": jobs,
                "careersPageEmployeesClicks": employees,
            },
            "mobileCareersPageClicks": {
                "careersPagePromoLinksClicks": min(promo, rate(careers_mobile, 0.03, 0.10, 305)),
                "careersPageJobsClicks": min(jobs, rate(careers_mobile, 0.15, 0.35, 306)),
                "careersPageEmployeesClicks": min(employees, rate(careers_mobile, 0.02, 0.08, 307)),
            },
            "mobileCustomButtonClickCounts": [
                {"customButtonType": button, "clicks": rate(all_mobile, 0.01, 0.03, 308)}
            ],
            "desktopCustomButtonClickCounts": [
                {"customButtonType": button, "clicks": rate(all_desktop, 0.015, 0.04, 309)}
            ],
        },
    }


def _add_clicks(into: dict, day: dict) -> None:
    for key, value in day.items():
        if isinstance(value, dict):
            bucket = into.setdefault(key, {})
            for name, count in value.items():
                bucket[name] = bucket.get(name, 0) + count
        else:
            merged = {item["customButtonType"]: item["clicks"] for item in into.get(key, [])}
            for item in value:
                merged[item["customButtonType"]] = (
                    merged.get(item["customButtonType"], 0) + item["clicks"]
                )
            into[key] = [
                {"customButtonType": name, "clicks": count} for name, count in merged.items()
            ]


def _audience_mixes(seed: int, org: OrganizationPlan, audience: str) -> dict[str, dict[str, float]]:
    """Relative weights of each standardized value among a page's followers or visitors."""
    salt = stable_int(seed, "mix", org.id, audience)

    def jitter(values: dict, tag: int) -> dict[str, float]:
        return {
            key: weight * (0.7 + 0.6 * unit_mix(salt, tag, index))
            for index, (key, weight) in enumerate(values.items())
        }

    industrial = org.profile.industry_id in (25, 53, 7, 3)
    functions = _FUNCTION_MIX_INDUSTRIAL if industrial else _FUNCTION_MIX_SOFTWARE
    function_mix = {f"urn:li:function:{key}": weight for key, weight in functions.items()}
    for item in reference.job_functions():
        function_mix.setdefault(item.urn, 0.004)
    industry_mix = {item.urn: 0.004 for item in reference.industries()}
    own = f"urn:li:industry:{org.profile.industry_id}"
    industry_mix[own] = 0.22
    for neighbour in (
        (4, 6, 96, 1594, 2458, 3102, 11, 43, 118) if not industrial else (25, 53, 7, 3, 17, 116, 96)
    ):
        industry_mix[f"urn:li:industry:{neighbour}"] = (
            industry_mix.get(f"urn:li:industry:{neighbour}", 0) + 0.05
        )
    countries = reference.country_by_code()
    neighbours = _NEIGHBOUR_COUNTRIES.get(org.profile.hq_country, _NEIGHBOUR_COUNTRIES["US"])
    country_mix = {geo.urn: 0.003 for geo in reference.countries()}
    for rank, code in enumerate(neighbours):
        if code in countries:
            country_mix[countries[code].urn] = 0.5 if rank == 0 else 0.12 / rank
    by_code = {
        geo.country_code: weight
        for geo in reference.countries()
        for weight in [country_mix[geo.urn]]
    }
    region_mix = {geo.urn: by_code.get(geo.country_code, 0.001) for geo in reference.regions()}
    return {
        "seniority": jitter(
            {f"urn:li:seniority:{key}": weight for key, weight in _SENIORITY_MIX.items()}, 1
        ),
        "function": jitter(function_mix, 2),
        "industry": jitter(industry_mix, 3),
        "staff": jitter(_STAFF_MIX, 4),
        "country": jitter(country_mix, 5),
        "region": jitter(region_mix, 6),
    }


# ------------------------------------------------------------------ elements


def organization_element(org: OrganizationPlan, today_ord: int, actor: str) -> dict:
    profile = org.profile
    preferred = org.preferred_locale
    language, country = preferred.split("_")
    preferred_locale = {"country": country, "language": language}
    description = {preferred: profile.tagline}
    website = f"https://www.{profile.vanity}.example"
    created_ms = ordinal_ms(org.created_ord) + 9 * 3_600_000
    modified_ord = min(
        today_ord, max(org.created_ord, today_ord - stable_int("org-modified", org.id) % 90)
    )
    logo = f"urn:li:digitalmediaAsset:C4D0BAQ{base62(stable_int('logo', org.id), 11)}"
    return {
        "id": org.id,
        "$URN": org.urn,
        "localizedName": org.localized_name,
        "vanityName": profile.vanity,
        "name": {"localized": dict(profile.names), "preferredLocale": preferred_locale},
        "defaultLocale": preferred_locale,
        "description": {"localized": description, "preferredLocale": preferred_locale},
        "localizedDescription": profile.tagline,
        "website": {"localized": {preferred: website}, "preferredLocale": preferred_locale},
        "localizedWebsite": website,
        "organizationType": profile.organization_type,
        "primaryOrganizationType": "NONE",
        "industries": [f"urn:li:industry:{profile.industry_id}"],
        "staffCountRange": profile.staff_count_range,
        "specialties": [],
        "localizedSpecialties": list(profile.specialties),
        "locations": [
            {
                "locationType": "HEADQUARTERS",
                "description": {
                    "localized": {preferred: "Headquarters"},
                    "preferredLocale": preferred_locale,
                },
                "address": {
                    "country": profile.hq_country,
                    "geographicArea": profile.hq_area,
                    "city": profile.hq_city,
                    "postalCode": profile.hq_postal_code,
                    "line1": profile.hq_street,
                },
                "streetAddressFieldState": "SET",
                "geoLocation": reference.country_by_code()[profile.hq_country].urn,
            }
        ],
        "foundedOn": {"year": profile.founded},
        "groups": [],
        "alternativeNames": [],
        "autoCreated": False,
        "logoV2": {
            "original": logo,
            "cropped": logo,
            "cropInfo": {"x": 0, "y": 0, "width": 400, "height": 400},
        },
        "versionTag": str(1 + stable_int("org-version", org.id) % 40),
        "created": {"actor": actor, "time": created_ms},
        "lastModified": {
            "actor": actor,
            "time": day_ms(dt.date.fromordinal(modified_ord)) + 11 * 3_600_000,
        },
    }


def organization_acls(
    member_urn: str, organizations: list[OrganizationPlan], colleagues: list[Person]
) -> list[dict]:
    """The member's roles (admin on its pages, analyst / pending admin elsewhere) and colleagues'."""
    acls: list[dict] = []

    def acl(person: str, org: OrganizationPlan, role: str, state: str) -> None:
        acls.append({"roleAssignee": person, "state": state, "role": role, "organization": org.urn})

    administered = [org for org in organizations if org.administered]
    others = [org for org in organizations if not org.administered]
    for org in administered:
        acl(member_urn, org, "ADMINISTRATOR", "APPROVED")
    acl(member_urn, administered[0], "DIRECT_SPONSORED_CONTENT_POSTER", "APPROVED")
    for index, org in enumerate(others):
        acl(member_urn, org, "ANALYST", "APPROVED")
        if index == 0:
            acl(member_urn, org, "ADMINISTRATOR", "REQUESTED")
    roles = (
        ("ADMINISTRATOR", "APPROVED"),
        ("CONTENT_ADMIN", "APPROVED"),
        ("CURATOR", "REVOKED"),
        ("LEAD_GEN_FORMS_MANAGER", "APPROVED"),
        ("RECRUITING_POSTER", "REJECTED"),
        ("ANALYST", "APPROVED"),
    )
    for index, (person, (role, state)) in enumerate(zip(colleagues, roles, strict=False)):
        acl(person.urn, administered[index % len(administered)], role, state)
    return acls
