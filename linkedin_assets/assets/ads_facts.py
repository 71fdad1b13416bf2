"""adAnalytics element -> fact row functions, and the entity directory they look ids up in.

Pure. An analytics element only names its pivot values (`urn:li:sponsoredCreative:1`); the
account, campaign, campaign group and account currency of a row come from the entities the
run fetched (AdsDirectory). Metric values are typed after the metric: counts as integers,
money as LinkedIn's exact decimal text (stored DECIMAL), ratios as floats.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from linkedin_assets.assets.ads_flatten import Row, id_of
from linkedin_assets.assets.kit import raw_json
from linkedin_assets.linkedin.errors import LinkedInError
from linkedin_assets.linkedin.planning import (
    DECIMAL_METRICS,
    FLOAT_METRICS,
    MergedElement,
    metric_column,
)

# ------------------------------------------------------------------------- directory


class UnattributedRowError(LinkedInError):
    """An analytics row names an entity the run cannot place in an account."""


@dataclass
class AdsDirectory:
    """Who belongs to whom, from the account / campaign / creative elements of this run."""

    currency_by_account: dict[int, str | None] = field(default_factory=dict)
    account_by_campaign: dict[str, int] = field(default_factory=dict)
    group_by_campaign: dict[str, int | None] = field(default_factory=dict)
    account_by_creative: dict[str, int] = field(default_factory=dict)
    campaign_by_creative: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        accounts: Iterable[Mapping[str, Any]],
        campaigns: Iterable[Mapping[str, Any]] = (),
        creatives: Iterable[Mapping[str, Any]] = (),
    ) -> AdsDirectory:
        directory = cls()
        for account in accounts:
            account_id = id_of(account.get("id"))
            if account_id is not None:
                directory.currency_by_account[account_id] = account.get("currency")
        for campaign in campaigns:
            urn = f"urn:li:sponsoredCampaign:{campaign.get('id')}"
            account_id = id_of(campaign.get("account"))
            if account_id is not None:
                directory.account_by_campaign[urn] = account_id
            directory.group_by_campaign[urn] = id_of(campaign.get("campaignGroup"))
        for creative in creatives:
            urn = str(creative.get("id"))
            account_id = id_of(creative.get("account"))
            if account_id is not None:
                directory.account_by_creative[urn] = account_id
            if isinstance(creative.get("campaign"), str):
                directory.campaign_by_creative[urn] = creative["campaign"]
        return directory

    def account_of(
        self, entity_urn: str, known: Mapping[str, int], facet_urns: Sequence[str]
    ) -> int:
        """The entity's account; an unlisted entity is placed by a single-account facet."""
        if entity_urn in known:
            return known[entity_urn]
        facet_accounts = [id_of(urn) for urn in facet_urns]
        if len(facet_accounts) == 1 and facet_accounts[0] is not None:
            return facet_accounts[0]
        raise UnattributedRowError(
            f"adAnalytics returned {entity_urn}, which is not among the entities listed for "
            f"the accounts asked about ({', '.join(facet_urns) or 'one campaign'}), so its "
            "account is unknown; rerun to pick up entities created during the run."
        )

    def currency(self, account_id: int) -> str | None:
        return self.currency_by_account.get(account_id)


# ----------------------------------------------------------------------------- values


def analytics_day(element: Mapping[str, Any]) -> dt.date:
    """First day of an element's dateRange (the day of a DAILY element)."""
    start = (element.get("dateRange") or {}).get("start") or {}
    return dt.date(int(start["year"]), int(start["month"]), int(start["day"]))


def metric_value(metric: str, value: Any) -> Any:
    """A metric value in its column's type; unparseable or absent values are NULL."""
    if value is None or isinstance(value, bool):
        return None
    try:
        if metric in DECIMAL_METRICS:
            return str(Decimal(str(value)))
        if metric in FLOAT_METRICS:
            return float(value)
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return None


@functools.cache
def _metric_columns(metrics: tuple[str, ...]) -> tuple[tuple[str, str, bool], ...]:
    """(metric, column, is a plain count) for each metric, worked out once per metric list."""
    return tuple(
        (m, metric_column(m), m not in DECIMAL_METRICS and m not in FLOAT_METRICS) for m in metrics
    )


def metric_values(element: Mapping[str, Any], metrics: Sequence[str]) -> Row:
    row: Row = {}
    for metric, column, is_count in _metric_columns(tuple(metrics)):
        value = element.get(metric)
        # Hot path (~100 values per row): a JSON integer count needs no Decimal round trip.
        row[column] = value if is_count and type(value) is int else metric_value(metric, value)
    return row


def _pivot(element: Mapping[str, Any], index: int = 0) -> str:
    values = element.get("pivotValues") or []
    return str(values[index])


# ------------------------------------------------------------------------ fact rows


def creative_fact_row(
    merged: MergedElement, directory: AdsDirectory, metrics: Sequence[str]
) -> Row:
    element = merged.element
    creative = _pivot(element)
    account_id = directory.account_of(creative, directory.account_by_creative, merged.facet_urns)
    campaign = directory.campaign_by_creative.get(creative)
    return {
        "day": analytics_day(element),
        "creative_id": id_of(creative),
        "creative_urn": creative,
        "account_id": account_id,
        "account_currency": directory.currency(account_id),
        "campaign_id": id_of(campaign),
        "campaign_group_id": directory.group_by_campaign.get(campaign) if campaign else None,
        **metric_values(element, metrics),
        "_raw": raw_json(element),
    }


def campaign_fact_row(
    merged: MergedElement, directory: AdsDirectory, metrics: Sequence[str]
) -> Row:
    element = merged.element
    campaign = _pivot(element)
    account_id = directory.account_of(campaign, directory.account_by_campaign, merged.facet_urns)
    return {
        "day": analytics_day(element),
        "campaign_id": id_of(campaign),
        "campaign_urn": campaign,
        "account_id": account_id,
        "account_currency": directory.currency(account_id),
        "campaign_group_id": directory.group_by_campaign.get(campaign),
        **metric_values(element, metrics),
        "_raw": raw_json(element),
    }


def conversion_fact_row(
    merged: MergedElement, directory: AdsDirectory, metrics: Sequence[str]
) -> Row:
    """pivots=List(CAMPAIGN,CONVERSION): pivotValues come in the order of the pivots."""
    element = merged.element
    position = {pivot: index for index, pivot in enumerate(merged.pivots)}
    campaign = _pivot(element, position["CAMPAIGN"])
    conversion = _pivot(element, position["CONVERSION"])
    account_id = directory.account_of(campaign, directory.account_by_campaign, merged.facet_urns)
    return {
        "day": analytics_day(element),
        "conversion_id": id_of(conversion),
        "campaign_id": id_of(campaign),
        "conversion_urn": conversion,
        "campaign_urn": campaign,
        "account_id": account_id,
        "account_currency": directory.currency(account_id),
        "campaign_group_id": directory.group_by_campaign.get(campaign),
        **metric_values(element, metrics),
        "_raw": raw_json(element),
    }


def demographic_rows(
    merged: Iterable[MergedElement], directory: AdsDirectory, metrics: Sequence[str]
) -> list[Row]:
    """(month, campaign, pivot, member value) rows. Elements of one month that arrive in
    pieces (a window split at the cap) are summed: every demographic metric is additive."""
    rows: dict[tuple[dt.date, str, str, str], Row] = {}
    pieces: dict[tuple[dt.date, str, str, str], list[Mapping[str, Any]]] = {}
    for item in merged:
        element = item.element
        campaign = item.label or item.facet_urns[0]
        pivot = item.pivots[0]
        day = analytics_day(element)
        key = (day.replace(day=1), campaign, pivot, _pivot(element))
        pieces.setdefault(key, []).append(element)
    for key, elements in pieces.items():
        month, campaign, pivot, value = key
        # Demographic requests are planned from listed campaigns, so the campaign is known.
        account_id = directory.account_of(campaign, directory.account_by_campaign, ())
        rows[key] = {
            "month": month,
            "campaign_id": id_of(campaign),
            "demographic_pivot": pivot,
            "member_value": value,
            "campaign_urn": campaign,
            "account_id": account_id,
            "account_currency": directory.currency(account_id),
            "campaign_group_id": directory.group_by_campaign.get(campaign),
            **_summed(elements, metrics),
            "_raw": raw_json(elements[0] if len(elements) == 1 else {"pieces": elements}),
        }
    return [rows[key] for key in sorted(rows)]


def _summed(elements: Sequence[Mapping[str, Any]], metrics: Sequence[str]) -> Row:
    if len(elements) == 1:
        return metric_values(elements[0], metrics)
    totals: Row = {}
    for metric in metrics:
        values = [metric_value(metric, e.get(metric)) for e in elements]
        present = [v for v in values if v is not None]
        if not present:
            totals[metric_column(metric)] = None
        elif metric in DECIMAL_METRICS:
            totals[metric_column(metric)] = str(sum((Decimal(v) for v in present), Decimal(0)))
        else:
            totals[metric_column(metric)] = sum(present)
    return totals
