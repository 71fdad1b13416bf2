"""Who exists in the world: organizations, ad accounts and the people around them.

Plans here are plain data derived from the seed and the scale only (never from ``today``
except for the rolling cancellation date of a CANCELED account), so every entity keeps its id,
name and creation date whatever day the world is looked at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from linkedin_assets.sandbox.world_common import IdAllocator, person_urn, stable_int

# The world's timeline is anchored on a fixed Monday, so slot dates never depend on `today`.
EPOCH = dt.date(2016, 1, 4)
EPOCH_ORD = EPOCH.toordinal()

# A CANCELED account is canceled at the latest point of this 52-week grid that lies at least
# CANCEL_LAG days before today: it keeps a long history in view yet only moves once a year.
CANCEL_PERIOD_DAYS = 364
CANCEL_LAG_DAYS = 75

# Fixed conversion rates to USD (costInUsd = costInLocalCurrency x rate, exact in Decimal).
USD_RATES: dict[str, Decimal] = {
    "USD": Decimal("1"),
    "EUR": Decimal("1.0850"),
    "GBP": Decimal("1.2650"),
    "CAD": Decimal("0.7350"),
    "AUD": Decimal("0.6550"),
    "CHF": Decimal("1.1200"),
    "SGD": Decimal("0.7400"),
}


@dataclass(frozen=True)
class Market:
    """Where an ad account advertises: countries, campaign locale and language of copy."""

    key: str
    label: str
    countries: tuple[str, ...]  # ISO codes, resolved to geo URNs through the seeds
    locale_country: str
    language: str
    interface_locale: str


MARKETS: dict[str, Market] = {
    "USD": Market("na", "North America", ("US", "CA"), "US", "en", "en_US"),
    "EUR": Market("dach", "DACH", ("DE", "AT", "CH"), "DE", "de", "de_DE"),
    "GBP": Market("uki", "UK & Ireland", ("GB", "IE"), "GB", "en", "en_US"),
    "CAD": Market("ca", "Canada", ("CA",), "CA", "en", "en_US"),
    "AUD": Market("anz", "ANZ", ("AU", "NZ"), "AU", "en", "en_US"),
    "CHF": Market("ch", "Switzerland", ("CH",), "CH", "de", "de_DE"),
    "SGD": Market("sea", "South-East Asia", ("SG", "MY", "ID", "PH"), "SG", "en", "en_US"),
}
# Account currencies in creation order: the first three are the demo's USD, EUR, GBP.
ACCOUNT_CURRENCIES = ("USD", "EUR", "GBP", "USD", "EUR", "CAD", "AUD", "CHF", "SGD", "GBP")


@dataclass(frozen=True)
class OrgProfile:
    key: str
    names: dict[str, str]  # locale -> name; the first entry is the preferred locale
    vanity: str
    industry_id: int
    staff_count_range: str
    hq_country: str
    hq_city: str
    hq_area: str
    hq_postal_code: str
    hq_street: str
    founded: int
    base_followers: int
    daily_page_views: int
    organization_type: str
    specialties: tuple[str, ...]
    tagline: str


_ORG_PROFILES: tuple[OrgProfile, ...] = (
    OrgProfile(
        key="northwind",
        names={"en_US": "Northwind Analytics"},
        vanity="northwind-analytics",
        industry_id=4,
        staff_count_range="SIZE_201_TO_500",
        hq_country="US",
        hq_city="San Francisco",
        hq_area="CA",
        hq_postal_code="94105",
        hq_street="525 Market Street",
        founded=2014,
        base_followers=18_400,
        daily_page_views=240,
        organization_type="PRIVATELY_HELD",
        specialties=("Product analytics", "Data pipelines", "Self-serve BI", "Revenue dashboards"),
        tagline="Product analytics your whole company can read.",
    ),
    OrgProfile(
        key="brueckner",
        names={"de_DE": "Brückner Datensysteme GmbH", "en_US": "Brückner Data Systems"},
        vanity="brueckner-datensysteme",
        industry_id=96,
        staff_count_range="SIZE_51_TO_200",
        hq_country="DE",
        hq_city="München",
        hq_area="BY",
        hq_postal_code="80331",
        hq_street="Sendlinger Straße 12",
        founded=2009,
        base_followers=6_300,
        daily_page_views=105,
        organization_type="PRIVATELY_HELD",
        specialties=("Datenplattformen", "Cloud-Migration", "Prozessautomatisierung"),
        tagline="Datenplattformen für den Mittelstand – sicher, souverän, skalierbar.",
    ),
    OrgProfile(
        key="sakura",
        names={"ja_JP": "さくらロボティクス株式会社", "en_US": "Sakura Robotics K.K."},
        vanity="sakura-robotics",
        industry_id=25,
        staff_count_range="SIZE_1001_TO_5000",
        hq_country="JP",
        hq_city="Tokyo",
        hq_area="13",
        hq_postal_code="100-0005",
        hq_street="Marunouchi 1-9-2",
        founded=1998,
        base_followers=41_800,
        daily_page_views=520,
        organization_type="PUBLIC_COMPANY",
        specialties=("Industrial robotics", "Factory automation", "協働ロボット"),
        tagline="人とロボットが共に働く工場へ。",
    ),
)

# Fictitious company names used when `scale` asks for more organizations than the three above.
_EXTRA_ORG_NAMES = (
    "Fabrikam Cloud",
    "Contoso Logistics",
    "Tailspin Security",
    "Litware Health",
    "Proseware Finance",
    "Adatum Robotics",
    "Woodgrove Insights",
    "Wingtip Systems",
    "Lucerne Data",
    "Alpine Ski Analytics",
    "Margie's Travel Tech",
    "Relecloud Networks",
)
_EXTRA_INDUSTRIES = (4, 6, 96, 118, 2458, 3102, 43, 1594, 11, 84)
_EXTRA_STAFF = ("SIZE_51_TO_200", "SIZE_201_TO_500", "SIZE_501_TO_1000", "SIZE_1001_TO_5000")

PEOPLE_NAMES = (
    ("Maya", "Goldberg"),
    ("Jonas", "Weißmüller"),
    ("Priya", "Raman"),
    ("Liam", "O'Connor"),
    ("Sofia", "Almeida"),
    ("Kenji", "Watanabe"),
    ("Amara", "Okafor"),
    ("Lena", "Schröder"),
    ("Omar", "Haddad"),
    ("Chloé", "Lefèvre"),
)


@dataclass(frozen=True)
class OrganizationPlan:
    index: int
    id: int
    urn: str
    profile: OrgProfile
    administered: bool  # whether the token's member is an APPROVED ADMINISTRATOR
    created_ord: int
    base_followers: int
    daily_page_views: int

    @property
    def preferred_locale(self) -> str:
        return next(iter(self.profile.names))

    @property
    def localized_name(self) -> str:
        return self.profile.names[self.preferred_locale]

    @property
    def language(self) -> str:
        return self.preferred_locale.split("_")[0]


@dataclass(frozen=True)
class AccountPlan:
    index: int
    id: int
    urn: str
    currency: str
    usd_rate: Decimal
    market: Market
    organization: OrganizationPlan
    name: str
    account_type: str
    test: bool
    created_ord: int
    cancel_ord: int | None  # set for CANCELED accounts: nothing serves on or after it
    phase: int  # shifts this account's campaign slots so accounts do not move in lockstep

    def status(self, today_ord: int) -> str:
        if self.cancel_ord is not None and self.cancel_ord <= today_ord:
            return "CANCELED"
        return "ACTIVE"


def scaled_count(base: float, scale: float) -> int:
    return max(1, round(base * scale))


def build_organizations(seed: int, scale: float, ids: IdAllocator) -> list[OrganizationPlan]:
    admin_count = scaled_count(2, scale)
    other_count = scaled_count(1, scale)
    plans: list[OrganizationPlan] = []
    for index in range(admin_count + other_count):
        administered = index < admin_count
        profile = _profile_for(index, administered, admin_count)
        org_id = ids.allocate("organization", 2_000_000, 99_999_999, "org", profile.key, index)
        created = (
            dt.date(profile.founded + 1, 1, 1).toordinal()
            + stable_int(seed, "org-created", index) % 300
        )
        plans.append(
            OrganizationPlan(
                index=index,
                id=org_id,
                urn=f"urn:li:organization:{org_id}",
                profile=profile,
                administered=administered,
                created_ord=created,
                base_followers=profile.base_followers,
                daily_page_views=profile.daily_page_views,
            )
        )
    return plans


def _profile_for(index: int, administered: bool, admin_count: int) -> OrgProfile:
    # The two demo admin pages and the one non-admin page keep their hand-written profiles.
    if administered and index < 2:
        return _ORG_PROFILES[index]
    if not administered and index == admin_count:
        return _ORG_PROFILES[2]
    name = _EXTRA_ORG_NAMES[index % len(_EXTRA_ORG_NAMES)]
    if index >= len(_EXTRA_ORG_NAMES):
        name = f"{name} {index // len(_EXTRA_ORG_NAMES) + 1}"
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
    followers = 3_000 + stable_int("followers", index) % 30_000
    return OrgProfile(
        key=f"extra-{index}",
        names={"en_US": name},
        vanity=slug,
        industry_id=_EXTRA_INDUSTRIES[index % len(_EXTRA_INDUSTRIES)],
        staff_count_range=_EXTRA_STAFF[index % len(_EXTRA_STAFF)],
        hq_country="US",
        hq_city="Seattle",
        hq_area="WA",
        hq_postal_code="98101",
        hq_street=f"{100 + index} Pine Street",
        founded=2005 + index % 15,
        base_followers=followers,
        daily_page_views=max(40, followers // 70),
        organization_type="PRIVATELY_HELD",
        specialties=("B2B software", "Analytics"),
        tagline=f"{name} - software for modern operations teams.",
    )


def build_accounts(
    seed: int, scale: float, today_ord: int, organizations: list[OrganizationPlan], ids: IdAllocator
) -> list[AccountPlan]:
    admin_orgs = [org for org in organizations if org.administered]
    plans: list[AccountPlan] = []
    for index in range(scaled_count(3, scale)):
        currency = ACCOUNT_CURRENCIES[index % len(ACCOUNT_CURRENCIES)]
        market = MARKETS[currency]
        organization = admin_orgs[index % len(admin_orgs)]
        account_id = ids.allocate("account", 500_000_000, 519_999_999, "account", index)
        role = _account_role(index)
        created = EPOCH_ORD + 30 + stable_int(seed, "account-created", index) % 240
        phase = stable_int(seed, "account-phase", index) % 997
        cancel_ord = _rolling_cancel_ord(seed, index, today_ord) if role == "canceled" else None
        short = organization.profile.names.get("en_US", organization.localized_name)
        name = f"{short} – {market.label}"
        if role == "canceled":
            name += " (closed)"
        if role == "test":
            name = f"{short} – Sandbox test account"
        plans.append(
            AccountPlan(
                index=index,
                id=account_id,
                urn=f"urn:li:sponsoredAccount:{account_id}",
                currency=currency,
                usd_rate=USD_RATES[currency],
                market=market,
                organization=organization,
                name=name,
                account_type="ENTERPRISE" if index % 2 == 1 else "BUSINESS",
                test=role == "test",
                created_ord=created,
                cancel_ord=cancel_ord,
                phase=phase,
            )
        )
    return plans


def _account_role(index: int) -> str:
    # Account 2 (GBP) of every ten is closed; account 6 of every ten is a test account.
    if index % 10 == 2:
        return "canceled"
    if index % 10 == 6:
        return "test"
    return "normal"


def _rolling_cancel_ord(seed: int, index: int, today_ord: int) -> int:
    anchor = EPOCH_ORD + stable_int(seed, "cancel-anchor", index) % CANCEL_PERIOD_DAYS
    periods = (today_ord - CANCEL_LAG_DAYS - anchor) // CANCEL_PERIOD_DAYS
    return anchor + periods * CANCEL_PERIOD_DAYS


@dataclass(frozen=True)
class Person:
    urn: str
    first_name: str
    last_name: str


def build_people(seed: int) -> list[Person]:
    """Colleagues who hold ad-account and page roles next to the token's member."""
    return [
        Person(person_urn(seed, "colleague", index), first, last)
        for index, (first, last) in enumerate(PEOPLE_NAMES[:6])
    ]
