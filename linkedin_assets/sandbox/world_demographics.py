"""MEMBER_* demographic breakdowns of a creative's day (§4.2), using LinkedIn's real values.

The day's totals are split over the pivot's standardized values with weights that follow the
campaign's targeting (targeted seniorities, functions, countries... dominate; audience
expansion leaks a little elsewhere). Each metric is split by its parent metric's rows, so a
row's clicks never exceed its impressions and quartiles stay ordered. Rows under the privacy
threshold are dropped and only the top values kept, so - as on LinkedIn - they do not add up
to the creative's totals. Demographic data lag a day: today has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

from linkedin_assets.sandbox import reference
from linkedin_assets.sandbox.metrics import (
    NON_DEMOGRAPHIC_METRICS,
    STRUCTURAL_FIELDS,
    cost_per_qualified_lead,
)
from linkedin_assets.sandbox.world_campaigns import CampaignPlan
from linkedin_assets.sandbox.world_common import largest_remainder, stable_int, unit_mix
from linkedin_assets.sandbox.world_metric_rules import ALIASES, ALWAYS_ZERO, RULES, SUMS
from linkedin_assets.sandbox.world_series import RESTATEMENT_PER_MILLE, CreativeSeries

PIVOTS = (
    "MEMBER_COMPANY_SIZE",
    "MEMBER_INDUSTRY",
    "MEMBER_SENIORITY",
    "MEMBER_JOB_TITLE",
    "MEMBER_JOB_FUNCTION",
    "MEMBER_COUNTRY_V2",
    "MEMBER_REGION_V2",
    "MEMBER_COMPANY",
)
PRIVACY_THRESHOLD = 3
TOP_VALUES = 100
TARGET_ACCOUNT_COUNT = 150
_CENT = Decimal("0.01")
_NATURAL_SENIORITY = {
    1: 0.01,
    2: 0.04,
    3: 0.2,
    4: 0.3,
    5: 0.15,
    6: 0.08,
    7: 0.04,
    8: 0.05,
    9: 0.02,
    10: 0.04,
}
_NATURAL_STAFF = {
    "SIZE_1": 0.02,
    "SIZE_2_TO_10": 0.05,
    "SIZE_11_TO_50": 0.09,
    "SIZE_51_TO_200": 0.13,
    "SIZE_201_TO_500": 0.12,
    "SIZE_501_TO_1000": 0.09,
    "SIZE_1001_TO_5000": 0.17,
    "SIZE_5001_TO_10000": 0.1,
    "SIZE_10001_OR_MORE": 0.23,
}


class Demographics:
    def __init__(self, seed: int, own_organization_ids: set[int]) -> None:
        self._seed = seed
        self._weights: dict[tuple[int, str], tuple[tuple[str, ...], tuple[float, ...]]] = {}
        self._companies = _target_accounts(seed, own_organization_ids)

    def rows(
        self, series: CreativeSeries, pivot: str, ordinal: int, age: int, fields: Sequence[str]
    ) -> list[tuple[str, dict]]:
        if pivot not in PIVOTS:
            raise ValueError(f"unsupported demographic pivot: {pivot}")
        if age < 1 or not series.serves(ordinal):
            return []
        offset = ordinal - series.start
        per_mille = RESTATEMENT_PER_MILLE.get(age, 1000)
        if series.value("impressions", offset, per_mille) == 0:
            return []
        values, base = self._pivot_weights(series.creative.campaign, pivot)
        salt = stable_int(self._seed, "demo-day", series.urn, pivot)
        weights = [
            weight * (0.75 + 0.5 * unit_mix(salt, offset, index))
            for index, weight in enumerate(base)
        ]
        splitter = _Splitter(series, offset, per_mille, weights)
        wanted = [
            field
            for field in fields
            if field not in STRUCTURAL_FIELDS and field not in NON_DEMOGRAPHIC_METRICS
        ]
        columns = {field: splitter.column(field) for field in wanted}
        impressions = splitter.column("impressions")
        ranked = sorted(range(len(values)), key=lambda index: (-impressions[index], index))
        rows = []
        for index in ranked[:TOP_VALUES]:
            # Demographic counts are approximate and rounded down to protect privacy: scale a
            # whole row by one factor so its subset relations (clicks <= impressions) survive.
            keep = 880 + int(120 * unit_mix(salt, offset, index, 7))
            if impressions[index] * keep // 1000 < PRIVACY_THRESHOLD:
                break
            rows.append((values[index], _approximate_row(splitter, columns, wanted, index, keep)))
        return rows

    def _pivot_weights(
        self, campaign: CampaignPlan, pivot: str
    ) -> tuple[tuple[str, ...], tuple[float, ...]]:
        key = (campaign.id, pivot)
        if key not in self._weights:
            pairs = [
                (value, weight)
                for value, weight in self._raw_weights(campaign, pivot)
                if weight > 0
            ]
            salt = stable_int(self._seed, "demo-weights", campaign.id, pivot)
            self._weights[key] = (
                tuple(value for value, _ in pairs),
                tuple(
                    weight * (0.5 + unit_mix(salt, index))
                    for index, (_, weight) in enumerate(pairs)
                ),
            )
        return self._weights[key]

    def _raw_weights(self, campaign: CampaignPlan, pivot: str) -> list[tuple[str, float]]:
        targeting = campaign.targeting
        spill = 0.10 if targeting.audience_expansion else 0.03
        if pivot == "MEMBER_SENIORITY":
            if not targeting.seniorities:
                return [
                    (f"urn:li:seniority:{key}", weight)
                    for key, weight in _NATURAL_SENIORITY.items()
                ]
            return [
                (
                    item.urn,
                    0.0
                    if item.id in targeting.exclude_seniorities
                    else 1.0
                    if item.id in targeting.seniorities
                    else spill,
                )
                for item in reference.seniorities()
            ]
        if pivot == "MEMBER_JOB_FUNCTION":
            return [
                (item.urn, 1.0 if item.id in targeting.functions else spill / 2)
                for item in reference.job_functions()
            ]
        if pivot == "MEMBER_INDUSTRY":
            return [
                (item.urn, 1.0 if item.id in targeting.industries else spill / 4)
                for item in reference.industries()
            ]
        if pivot == "MEMBER_COMPANY_SIZE":
            if not targeting.staff_ranges:
                return list(_NATURAL_STAFF.items())
            return [
                (item.code, 1.0 if item.code in targeting.staff_ranges else spill)
                for item in reference.staff_count_ranges()
            ]
        if pivot == "MEMBER_COUNTRY_V2":
            ranks = {code: rank for rank, code in enumerate(targeting.countries)}
            return [
                (
                    geo.urn,
                    1.0 / (1 + ranks[geo.country_code]) if geo.country_code in ranks else 0.002,
                )
                for geo in reference.countries()
            ]
        if pivot == "MEMBER_REGION_V2":
            return [
                (geo.urn, 1.0 if geo.country_code in targeting.countries else 0.0)
                for geo in reference.regions()
            ]
        if pivot == "MEMBER_JOB_TITLE":
            functions = {f"urn:li:function:{value}" for value in targeting.functions}
            return [
                (title.urn, 1.0 if title.function_urn in functions else spill)
                for title in reference.job_titles()
            ]
        return [(urn, 1.0 / (rank + 1) ** 0.8) for rank, urn in enumerate(self._companies)]


def _approximate_row(
    splitter: _Splitter, columns: dict[str, list], wanted: list[str], index: int, keep: int
) -> dict:
    """One demographic row scaled down to ``keep`` per mille (money recomputed from the scaled cost)."""
    cost = None
    if {"costInLocalCurrency", "costInUsd", "costPerQualifiedLead"} & set(wanted):
        raw = splitter.column("costInLocalCurrency")[index]
        cost = (raw * keep / 1000).quantize(_CENT, rounding=ROUND_DOWN)
    row: dict = {}
    for field in wanted:
        if field == "costInLocalCurrency":
            row[field] = cost
        elif field == "costInUsd":
            row[field] = cost * splitter.usd_rate
        elif field == "costPerQualifiedLead":
            row[field] = cost_per_qualified_lead(
                cost, splitter.column("qualifiedLeads")[index] * keep // 1000
            )
        elif field == "averageDwellTime":
            row[field] = columns[field][index]
        else:
            row[field] = columns[field][index] * keep // 1000
    return row


def _target_accounts(seed: int, own_ids: set[int]) -> tuple[str, ...]:
    """Companies whose employees see the ads (MEMBER_COMPANY values): stable fake org ids."""
    ids: list[int] = []
    counter = 0
    while len(ids) < TARGET_ACCOUNT_COUNT:
        candidate = 1_000_000 + stable_int(seed, "target-account", counter) % 90_000_000
        counter += 1
        if candidate not in own_ids and candidate not in ids:
            ids.append(candidate)
    return tuple(f"urn:li:organization:{value}" for value in ids)


class _Splitter:
    """Splits one day's metric totals over demographic values, parent metric by parent metric."""

    def __init__(
        self, series: CreativeSeries, offset: int, per_mille: int, weights: list[float]
    ) -> None:
        self._series = series
        self._offset = offset
        self._per_mille = per_mille
        self._weights = weights
        self._columns: dict[str, list] = {}
        self.usd_rate = series.usd_rate

    def column(self, field: str) -> list:
        if field not in self._columns:
            self._columns[field] = self._compute(field)
        return self._columns[field]

    def _total(self, field: str):
        return self._series.value(field, self._offset, self._per_mille)

    def _compute(self, field: str) -> list:
        size = len(self._weights)
        if field == "impressions":
            return largest_remainder(self._total("impressions"), self._weights)
        if field in ALIASES:
            return self.column(ALIASES[field])
        if field in ALWAYS_ZERO:
            return [0] * size
        if field in SUMS:
            parts = [self.column(part) for part in SUMS[field]]
            return [sum(values) for values in zip(*parts, strict=True)]
        if field in RULES:
            rule = RULES[field]
            parent = self.column(rule.parent)
            values = largest_remainder(self._total(field), parent)
            return (
                [min(value, cap) for value, cap in zip(values, parent, strict=True)]
                if rule.capped
                else values
            )
        if field in ("costInLocalCurrency", "costInUsd", "costPerQualifiedLead"):
            cents = largest_remainder(
                int(self._total("costInLocalCurrency") * 100), self.column("impressions")
            )
            cost = [Decimal(value).scaleb(-2) for value in cents]
            if field == "costInLocalCurrency":
                return cost
            if field == "costInUsd":
                return [value * self._series.usd_rate for value in cost]
            leads = self.column("qualifiedLeads")
            return [
                cost_per_qualified_lead(value, count)
                for value, count in zip(cost, leads, strict=True)
            ]
        if field == "averageDwellTime":
            base = self._total("averageDwellTime")
            salt = stable_int("dwell", self._series.urn, self._offset)
            return [round(base * (0.85 + 0.3 * unit_mix(salt, index)), 2) for index in range(size)]
        raise ValueError(f"not a metric: {field}")
