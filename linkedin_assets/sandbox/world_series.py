"""Daily ad metrics of one creative: a lazily built, per-metric series over its serving days.

Impressions are the driver: a budget-derived base volume shaped by weekday seasonality, a
campaign trend, a start-up ramp, creative fatigue and noise. Every other count derives from a
parent metric through a per-creative rate and daily jitter (clicks from impressions, video
quartiles each from the previous one, ...), rounded stochastically so small volumes still
produce occasional events, and capped by the parent where the metric is a subset of it.
Series are built the first time a metric is asked for and then served by index, which keeps
``World.creative_metrics`` at a few microseconds per call.

Final values never depend on ``today``; the last few days are "restated" on read: each count
is scaled down by a factor that grows back to 1 as the day ages (sums are recomputed from
their restated parts, money from restated counts), so subset relations still hold.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from array import array
from collections.abc import Sequence
from decimal import Decimal

from linkedin_assets.sandbox.metrics import STRUCTURAL_FIELDS, cost_per_qualified_lead, is_metric
from linkedin_assets.sandbox.world_campaigns import ConversionPlan, CreativePlan
from linkedin_assets.sandbox.world_common import largest_remainder, stable_int, unit_mix
from linkedin_assets.sandbox.world_metric_rules import (
    ALIASES,
    ALWAYS_ZERO,
    CONVERSION_COUNT_METRICS,
    CTR_RANGES,
    DERIVED,
    RULES,
    SUMS,
    MetricRule,
)

# Share (per mille) of the final value visible `age` days after the day; 4+ days: final.
RESTATEMENT_PER_MILLE: dict[int, int] = {0: 450, 1: 820, 2: 930, 3: 980}
RESTATEMENT_DAYS = max(RESTATEMENT_PER_MILLE)

# B2B audiences browse LinkedIn at work: weekdays carry the volume (Monday = 0).
WEEKDAY_FACTORS = (1.08, 1.14, 1.13, 1.07, 0.90, 0.38, 0.42)
RAMP_FACTORS = (0.35, 0.70, 0.90)
ZERO_DAY_PROBABILITY = 0.012  # billing / review holds: a serving day with no delivery

_DWELL_SECONDS = {
    "VIDEO": (6.0, 14.0),
    "DOCUMENT": (8.0, 20.0),
    "CAROUSEL": (4.0, 9.0),
    "MESSAGE": (9.0, 22.0),
    "TEXT_AD": (1.0, 2.5),
}


class CreativeSeries:
    """All daily metrics of one creative, built lazily and indexed by serving day."""

    def __init__(self, seed: int, creative: CreativePlan) -> None:
        campaign = creative.campaign
        self.seed = seed
        self.creative = creative
        self.urn = creative.urn
        self.kind = creative.kind
        self.objective = campaign.kind.objective
        self.cost_type = campaign.kind.cost_type
        self.usd_rate: Decimal = campaign.account.usd_rate
        self.start = creative.serve_start
        self.length = max(0, creative.serve_stop - creative.serve_start)
        self.conversions: list[ConversionPlan] = list(campaign.conversions)
        self.conversion_values = [
            int(rule.value * 100) if rule.value is not None else 0 for rule in self.conversions
        ]
        self.audience_size = campaign.targeting.audience_size
        self.salt = stable_int(seed, "series", creative.urn)
        self._rates: dict[str, float] = {}
        self._cache: dict[str, Sequence] = {}
        self._plans: dict[tuple[str, ...], tuple[dict, tuple[tuple[str, Sequence], ...]]] = {}
        self._zero = array("q", bytes(8 * self.length))

    # ----------------------------------------------------------------- reading

    def row(self, ordinal: int, fields: Sequence[str], age: int) -> dict | None:
        """Metrics of one day (``age`` = days before the world's today), or None if it did not serve."""
        offset = ordinal - self.start
        if offset < 0 or offset >= self.length:
            return None
        impressions = self._cache.get("impressions") or self._series("impressions")
        if not impressions[offset]:
            return None
        if age > RESTATEMENT_DAYS:
            # Callers repeat the same field lists: remember which series serve each list.
            key = fields if type(fields) is tuple else tuple(fields)
            plan = self._plans.get(key)
            if plan is None:
                plan = self._plan(key)
            template, pairs = plan
            out = template.copy()  # pre-sized: filling it never triggers a dict resize
            for field, column in pairs:
                out[field] = column[offset]
            return out
        per_mille = RESTATEMENT_PER_MILLE[age]
        if impressions[offset] * per_mille // 1000 == 0:
            return None
        return {
            field: self.value(field, offset, per_mille)
            for field in fields
            if field not in STRUCTURAL_FIELDS
        }

    def _plan(self, fields: tuple[str, ...]) -> tuple[dict, tuple[tuple[str, Sequence], ...]]:
        pairs: list[tuple[str, Sequence]] = []
        for field in fields:
            series = self._series(field)
            if series is not None:  # structural fields (dateRange, pivotValues) are skipped
                pairs.append((field, series))
        if len(self._plans) > 64:
            self._plans.clear()
        plan = (dict.fromkeys(field for field, _ in pairs), tuple(pairs))
        self._plans[fields] = plan
        return plan

    def serves(self, ordinal: int) -> bool:
        offset = ordinal - self.start
        if offset < 0 or offset >= self.length:
            return False
        impressions = self._cache.get("impressions") or self._series("impressions")
        return impressions[offset] > 0

    def value(self, field: str, offset: int, per_mille: int = 1000):
        """One metric on one serving day, restated to ``per_mille`` of its final value."""
        if per_mille >= 1000:
            series = self._cache.get(field) or self._series(field)
            if series is None:
                raise ValueError(f"not a metric: {field}")
            return series[offset]
        if field in SUMS:
            return sum(self.value(part, offset, per_mille) for part in SUMS[field])
        if field in ALIASES:
            return self.value(ALIASES[field], offset, per_mille)
        if field == "costInLocalCurrency":
            return Decimal(self._int("_costCents")[offset] * per_mille // 1000).scaleb(-2)
        if field == "costInUsd":
            return self.value("costInLocalCurrency", offset, per_mille) * self.usd_rate
        if field == "conversionValueInLocalCurrency":
            return Decimal(self._conversion_value_cents(offset, per_mille)).scaleb(-2)
        if field == "costPerQualifiedLead":
            return cost_per_qualified_lead(
                self.value("costInLocalCurrency", offset, per_mille),
                self.value("qualifiedLeads", offset, per_mille),
            )
        if field == "averageDwellTime":
            return self._series("averageDwellTime")[offset]
        if field == "audiencePenetration":
            return round(
                self.value("approximateMemberReach", offset, per_mille) / self.audience_size, 6
            )
        if field in RULES or field in ALWAYS_ZERO or field == "impressions":
            return self._int(field)[offset] * per_mille // 1000
        raise ValueError(f"not a metric: {field}")

    def conversion_split(self, offset: int, per_mille: int) -> list[tuple[int, int, int, int]]:
        """Per conversion rule: (post-click, post-view, viral post-click, viral post-view) counts.

        The split of each creative total is exact (largest remainder), so summing the rows of
        all rules gives back the creative's externalWebsite*Conversions.
        """
        if not self.conversions:
            return []
        weights = [
            rule.weight * (0.7 + 0.6 * unit_mix(self.salt, offset, rule.id))
            for rule in self.conversions
        ]
        columns = [
            largest_remainder(self.value(metric, offset, per_mille), weights)
            for metric in CONVERSION_COUNT_METRICS
        ]
        return list(zip(*columns, strict=True))

    # ---------------------------------------------------------------- building

    def _int(self, field: str) -> Sequence[int]:
        return self._cache.get(field) or self._series(field)

    def _series(self, field: str) -> Sequence | None:
        cached = self._cache.get(field)
        if cached is not None:
            return cached
        if field in STRUCTURAL_FIELDS:
            return None
        if field == "impressions":
            series = self._impressions()
        elif field in RULES:
            series = self._rule_series(field, RULES[field])
        elif field in SUMS:
            parts = [self._int(part) for part in SUMS[field]]
            series = array("q", map(sum, zip(*parts, strict=True))) if self.length else array("q")
        elif field in ALWAYS_ZERO:
            series = self._zero
        elif field in ALIASES:
            series = self._int(ALIASES[field])
        elif field == "_costCents":
            series = self._cost_cents()
        elif field in DERIVED:
            series = self._derived(field)
        elif is_metric(field):
            series = self._zero
        else:
            raise ValueError(f"not a metric: {field}")
        self._cache[field] = series
        return series

    def _rng(self, *parts: object) -> random.Random:
        return random.Random(stable_int(self.seed, self.urn, *parts))

    def _rate(self, field: str, low: float, high: float) -> float:
        rate = self._rates.get(field)
        if rate is None:
            rate = self._rng("rate", field).uniform(low, high)
            self._rates[field] = rate
        return rate

    def _impressions(self) -> array:
        creative = self.creative
        campaign = creative.campaign
        rng = self._rng("impressions")
        share = creative.weight / max(campaign.creative_weight_total, 1e-9)
        base = campaign.pacing_daily_local / campaign.ecpm_local * 1000 * share
        slope = rng.uniform(-0.12, 0.22)  # campaign-level trend per 60 days
        slope_campaign = random.Random(stable_int(self.seed, "trend", campaign.id)).uniform(
            -0.12, 0.22
        )
        slope = 0.7 * slope_campaign + 0.3 * slope
        fatigue_days = rng.uniform(25, 120)
        season_phase = rng.uniform(0, 2 * math.pi)
        values = array("q", bytes(8 * self.length))
        for offset in range(self.length):
            ordinal = self.start + offset
            noise = 1 + 0.16 * (rng.random() + rng.random() - 1)
            rounding = rng.random()
            if rng.random() < ZERO_DAY_PROBABILITY:
                continue
            since_launch = ordinal - campaign.start_ord
            trend = min(2.2, max(0.3, 1 + slope * since_launch / 60))
            ramp = RAMP_FACTORS[since_launch] if since_launch < len(RAMP_FACTORS) else 1.0
            fatigue = 0.62 + 0.38 * math.exp(-offset / fatigue_days)
            season = 1 + 0.08 * math.sin(2 * math.pi * ordinal / 365.25 + season_phase)
            weekday = WEEKDAY_FACTORS[(ordinal - 1) % 7]
            expected = base * weekday * trend * ramp * fatigue * season * noise * _holiday(ordinal)
            values[offset] = int(expected + rounding)
        return values

    def _rule_series(self, field: str, rule: MetricRule) -> Sequence[int]:
        rate_range = rule.rate_range(self.kind, self.objective)
        if (
            rate_range is None
            or (rule.needs_conversions and not self.conversions)
            or not self.length
        ):
            return self._zero
        parent = self._int(rule.parent)
        rate = self._rate(field, *rate_range)
        rng = self._rng("daily", field)
        noise = rule.noise
        values = array("q", bytes(8 * self.length))
        for offset, source in enumerate(parent):
            jitter = 1 + noise * (rng.random() + rng.random() - 1)
            rounding = rng.random()
            if not source:
                continue
            value = int(source * rate * jitter + rounding)
            values[offset] = min(value, source) if rule.capped else value
        return values

    def _cost_cents(self) -> Sequence[int]:
        campaign = self.creative.campaign
        ecpm = campaign.ecpm_local
        if self.cost_type == "CPC":
            quantity = self._int("clicks")
            unit_price = (
                ecpm
                / 1000
                / max(self._rate("clicks", *CTR_RANGES.get(self.kind, (0.005, 0.01))), 1e-6)
            )
        elif self.cost_type == "CPV" and self.kind == "VIDEO":
            quantity = self._int("videoViews")
            starts = self._rate("videoStarts", 0.35, 0.70)
            views = self._rate("videoViews", 0.45, 0.75)
            unit_price = ecpm / 1000 / (starts * views)
        else:
            quantity = self._int("impressions")
            unit_price = ecpm / 1000
        rng = self._rng("price")
        values = array("q", bytes(8 * self.length))
        for offset, amount in enumerate(quantity):
            jitter = 1 + 0.10 * (rng.random() + rng.random() - 1)
            if amount:
                values[offset] = round(amount * unit_price * jitter * 100)
        return values

    def _derived(self, field: str) -> Sequence:
        offsets = range(self.length)
        if field == "costInLocalCurrency":
            return [Decimal(cents).scaleb(-2) for cents in self._int("_costCents")]
        if field == "costInUsd":
            local = self._series("costInLocalCurrency")
            return [value * self.usd_rate for value in local]
        if field == "conversionValueInLocalCurrency":
            return [
                Decimal(self._conversion_value_cents(offset, 1000)).scaleb(-2) for offset in offsets
            ]
        if field == "costPerQualifiedLead":
            cost = self._series("costInLocalCurrency")
            leads = self._int("qualifiedLeads")
            return [cost_per_qualified_lead(cost[offset], leads[offset]) for offset in offsets]
        if field == "audiencePenetration":
            reach = self._int("approximateMemberReach")
            return array("d", (round(value / self.audience_size, 6) for value in reach))
        return self._dwell()

    def _dwell(self) -> array:
        low, high = _DWELL_SECONDS.get(self.kind, (2.5, 8.0))
        base = self._rate("averageDwellTime", low, high)
        rng = self._rng("daily", "averageDwellTime")
        impressions = self._int("impressions")
        values = array("d", bytes(8 * self.length))
        for offset, count in enumerate(impressions):
            jitter = 1 + 0.12 * (rng.random() + rng.random() - 1)
            if count:
                values[offset] = round(base * jitter, 2)
        return values

    def _conversion_value_cents(self, offset: int, per_mille: int) -> int:
        total = 0
        for (click, view, _viral_click, _viral_view), cents in zip(
            self.conversion_split(offset, per_mille), self.conversion_values, strict=True
        ):
            total += (click + view) * cents
        return total


def _holiday(ordinal: int) -> float:
    """Year-end lull: B2B delivery collapses between Christmas and New Year."""
    date = dt.date.fromordinal(ordinal)
    if (date.month == 12 and date.day >= 22) or (date.month == 1 and date.day <= 2):
        return 0.55
    return 1.0
