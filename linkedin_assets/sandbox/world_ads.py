"""API element dicts for ad accounts, users, campaign groups, campaigns, creatives, conversions.

Shapes follow linkedin_api.md §2-3 and §5.1: camelCase keys, epoch-millisecond times, money
as ``{"currencyCode": ..., "amount": "<string>"}``, URNs where the API uses URNs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from linkedin_assets.sandbox import content, reference
from linkedin_assets.sandbox.world_accounts import AccountPlan, Person
from linkedin_assets.sandbox.world_campaigns import (
    CampaignPlan,
    ConversionPlan,
    CreativePlan,
    GroupPlan,
    staff_range_urn,
)
from linkedin_assets.sandbox.world_common import ordinal_ms, rng_for, stable_int

_HOUR_MS = 3_600_000
_MEMBER_ACCOUNT_ROLES = ("ACCOUNT_BILLING_ADMIN", "ACCOUNT_MANAGER", "ACCOUNT_MANAGER", "VIEWER")
_COLLEAGUE_ACCOUNT_ROLES = ("CAMPAIGN_MANAGER", "CREATIVE_MANAGER", "VIEWER", "ACCOUNT_MANAGER")


def money(currency: str, amount: Decimal) -> dict:
    return {"currencyCode": currency, "amount": str(amount)}


def _stamp(ordinal: int, hour: float) -> int:
    return ordinal_ms(ordinal) + int(hour * _HOUR_MS)


def _audit(created_ord: int, modified_ord: int, salt: int) -> dict:
    created = _stamp(created_ord, 8 + salt % 9)
    modified = max(created, _stamp(modified_ord, 9 + salt % 8))
    return {"created": {"time": created}, "lastModified": {"time": modified}}


def account_element(account: AccountPlan, today_ord: int) -> dict:
    status = account.status(today_ord)
    modified = (
        account.cancel_ord if status == "CANCELED" else max(account.created_ord, today_ord - 30)
    )
    salt = stable_int("account", account.id)
    return {
        "id": account.id,
        "name": account.name,
        "currency": account.currency,
        "status": status,
        "type": account.account_type,
        "reference": account.organization.urn,
        "test": account.test,
        "servingStatuses": ["RUNNABLE"] if status == "ACTIVE" else ["STOPPED"],
        "notifiedOnCampaignOptimization": account.index % 2 == 0,
        "notifiedOnCreativeApproval": True,
        "notifiedOnCreativeRejection": True,
        "notifiedOnEndOfCampaign": account.index % 3 != 1,
        "notifiedOnNewFeaturesEnabled": False,
        "version": {"versionTag": str(3 + salt % 9)},
        "changeAuditStamps": _audit(account.created_ord, modified, salt),
    }


def account_user_elements(
    accounts: list[AccountPlan], member_urn: str, colleagues: list[Person]
) -> list[dict]:
    users: list[dict] = []
    for account in accounts:
        salt = stable_int("users", account.id)
        people = [(member_urn, _MEMBER_ACCOUNT_ROLES[account.index % len(_MEMBER_ACCOUNT_ROLES)])]
        for offset in range(1 + salt % 3):
            colleague = colleagues[(account.index + offset) % len(colleagues)]
            people.append((colleague.urn, _COLLEAGUE_ACCOUNT_ROLES[(account.index + offset) % 4]))
        for position, (user, role) in enumerate(people):
            joined = account.created_ord + position * 41
            users.append(
                {
                    "account": account.urn,
                    "user": user,
                    "role": role,
                    "changeAuditStamps": _audit(joined, joined + salt % 60, salt + position),
                }
            )
    return users


def group_element(group: GroupPlan, today_ord: int) -> dict:
    statuses = [campaign.status(today_ord) for campaign in group.campaigns]
    running = any(status == "ACTIVE" for status in statuses)
    current_year = _year(today_ord) == group.year
    if group.account.status(today_ord) == "CANCELED":
        status = "CANCELED"
    elif all(status == "DRAFT" for status in statuses):
        status = "DRAFT"
    elif running or current_year:
        status = "ACTIVE"
    else:
        status = "ARCHIVED"
    start = min(campaign.start_ord for campaign in group.campaigns)
    ends = [campaign.end_ord for campaign in group.campaigns]
    schedule: dict = {"start": _stamp(start, 0)}
    if not current_year and None not in ends:
        schedule["end"] = _stamp(max(ends), 0)
    budgets = [
        campaign.total_budget for campaign in group.campaigns if campaign.total_budget is not None
    ]
    element = {
        "id": group.id,
        "account": group.account.urn,
        "name": group.name,
        "status": status,
        "servingStatuses": ["RUNNABLE"]
        if status == "ACTIVE" and running
        else ["CAMPAIGN_GROUP_END_DATE_HOLD"],
        "runSchedule": schedule,
        "test": group.account.test,
        "backfilled": False,
        "changeAuditStamps": _audit(
            min(campaign.created_ord for campaign in group.campaigns),
            max(campaign.last_event_ord(today_ord) for campaign in group.campaigns),
            stable_int("group", group.id),
        ),
    }
    if budgets:
        element["totalBudget"] = money(
            group.account.currency, sum(budgets, Decimal(0)) * Decimal("1.2")
        )
    return element


def _year(ordinal: int) -> int:
    return dt.date.fromordinal(ordinal).year


def campaign_element(campaign: CampaignPlan, group: GroupPlan, today_ord: int) -> dict:
    account = campaign.account
    status = campaign.status(today_ord)
    salt = stable_int("campaign", campaign.id)
    schedule: dict = {"start": _stamp(campaign.start_ord, 0)}
    if campaign.end_ord is not None:
        schedule["end"] = _stamp(campaign.end_ord, 0)
    element = {
        "id": campaign.id,
        "name": campaign.name,
        "account": account.urn,
        "campaignGroup": group.urn,
        "associatedEntity": account.organization.urn,
        "status": status,
        "type": campaign.kind.campaign_type,
        "format": campaign.kind.format,
        "objectiveType": campaign.kind.objective,
        "optimizationTargetType": campaign.kind.optimization,
        "costType": campaign.kind.cost_type,
        "unitCost": money(account.currency, campaign.unit_cost),
        "runSchedule": schedule,
        "locale": {"country": account.market.locale_country, "language": account.market.language},
        "pacingStrategy": "LIFETIME" if campaign.total_budget is not None else "DAILY",
        "creativeSelection": campaign.creative_selection,
        "offsiteDeliveryEnabled": campaign.offsite_delivery,
        "audienceExpansionEnabled": campaign.targeting.audience_expansion,
        "storyDeliveryEnabled": False,
        "offsitePreferences": {
            "iabCategories": {"exclude": []},
            "publisherRestrictionFiles": {"exclude": []},
        },
        "servingStatuses": _campaign_serving(status, campaign, today_ord),
        "test": account.test,
        "version": {"versionTag": str(2 + salt % 7 + (status != "ACTIVE"))},
        "changeAuditStamps": _audit(campaign.created_ord, campaign.last_event_ord(today_ord), salt),
        "targetingCriteria": targeting_criteria(campaign),
    }
    if campaign.daily_budget is not None:
        element["dailyBudget"] = money(account.currency, campaign.daily_budget)
    if campaign.total_budget is not None:
        element["totalBudget"] = money(account.currency, campaign.total_budget)
    return element


def _campaign_serving(status: str, campaign: CampaignPlan, today_ord: int) -> list[str]:
    if status == "ACTIVE":
        if today_ord < campaign.start_ord:
            return ["CAMPAIGN_START_DATE_HOLD"]
        return ["STOPPED"] if campaign.account.test else ["RUNNABLE"]
    if status == "COMPLETED" or status == "ARCHIVED":
        return ["CAMPAIGN_END_DATE_HOLD"]
    if status == "DRAFT":
        return ["DRAFT"]
    return ["STOPPED"]


def targeting_criteria(campaign: CampaignPlan) -> dict:
    targeting = campaign.targeting
    countries = reference.country_by_code()
    clauses = [
        {
            "or": {
                "urn:li:adTargetingFacet:locations": [
                    countries[code].urn for code in targeting.countries
                ]
            }
        },
        {
            "or": {
                "urn:li:adTargetingFacet:interfaceLocales": [
                    f"urn:li:locale:{campaign.account.market.interface_locale}"
                ]
            }
        },
    ]
    if targeting.seniorities:
        clauses.append(
            {
                "or": {
                    "urn:li:adTargetingFacet:seniorities": [
                        f"urn:li:seniority:{value}" for value in targeting.seniorities
                    ]
                }
            }
        )
    if targeting.functions:
        clauses.append(
            {
                "or": {
                    "urn:li:adTargetingFacet:jobFunctions": [
                        f"urn:li:function:{value}" for value in targeting.functions
                    ]
                }
            }
        )
    if targeting.industries:
        clauses.append(
            {
                "or": {
                    "urn:li:adTargetingFacet:industries": [
                        f"urn:li:industry:{value}" for value in targeting.industries
                    ]
                }
            }
        )
    if targeting.staff_ranges:
        clauses.append(
            {
                "or": {
                    "urn:li:adTargetingFacet:staffCountRanges": [
                        staff_range_urn(code) for code in targeting.staff_ranges
                    ]
                }
            }
        )
    criteria: dict = {"include": {"and": clauses}}
    if targeting.exclude_seniorities:
        criteria["exclude"] = {
            "or": {
                "urn:li:adTargetingFacet:seniorities": [
                    f"urn:li:seniority:{value}" for value in targeting.exclude_seniorities
                ]
            }
        }
    return criteria


def creative_element(
    creative: CreativePlan, today_ord: int, member_urn: str, colleagues: list[Person]
) -> dict:
    campaign = creative.campaign
    account = campaign.account
    intended = creative.intended_status(today_ord)
    serving = (
        campaign.status(today_ord) == "ACTIVE"
        and intended == "ACTIVE"
        and not creative.rejected
        and creative.serve_start <= today_ord < creative.serve_stop
    )
    author = (
        member_urn if creative.index % 2 == 0 else colleagues[creative.index % len(colleagues)].urn
    )
    created = _stamp(creative.created_ord, 10 + creative.index)
    modified_ord = max(
        creative.created_ord, min(today_ord, creative.pause_ord or creative.created_ord)
    )
    element: dict = {
        "id": creative.urn,
        "account": account.urn,
        "campaign": campaign.urn,
        "name": creative.name,
        "content": creative_content(creative),
        "intendedStatus": intended,
        "isServing": serving,
        "isTest": account.test,
        "createdAt": created,
        "createdBy": author,
        "lastModifiedAt": max(created, _stamp(modified_ord, 15)),
        "lastModifiedBy": author if creative.pause_ord is None else "urn:li:system:0",
    }
    if intended != "DRAFT":
        element["review"] = (
            {"status": "REJECTED", "rejectionReasons": ["LANDING_PAGE_NOT_WORKING"]}
            if creative.rejected
            else {"status": "APPROVED"}
        )
    if not serving and intended != "DRAFT":
        element["servingHoldReasons"] = _hold_reasons(creative, intended, today_ord)
    if campaign.lead_form_id is not None and creative.kind != "MESSAGE":
        element["leadgenCallToAction"] = {
            "destination": f"urn:li:adForm:{campaign.lead_form_id}",
            "label": "REQUEST_DEMO" if campaign.kind.creative_kind == "IMAGE" else "DOWNLOAD",
        }
    return element


def _hold_reasons(creative: CreativePlan, intended: str, today_ord: int) -> list[str]:
    campaign_status = creative.campaign.status(today_ord)
    if creative.rejected:
        return ["CREATIVE_REJECTED"]
    if intended == "PAUSED":
        return ["STOPPED"]
    if campaign_status in ("COMPLETED", "ARCHIVED"):
        return ["CAMPAIGN_END_DATE_HOLD"]
    if campaign_status in ("PAUSED", "CANCELED"):
        return ["CAMPAIGN_STOPPED"]
    if today_ord < creative.serve_start:
        return ["CAMPAIGN_START_DATE_HOLD"]
    return ["ACCOUNT_SERVING_HOLD"] if creative.campaign.account.test else ["CAMPAIGN_STOPPED"]


def creative_content(creative: CreativePlan) -> dict:
    campaign = creative.campaign
    organization = campaign.account.organization
    language = campaign.account.market.language
    rng = rng_for("creative-content", creative.urn)
    product = organization.profile.names.get("en_US", organization.localized_name).split(" ")[0]
    landing = f"https://www.{organization.profile.vanity}.example/lp/{campaign.kind.key}?utm_source=linkedin"
    if creative.kind == "TEXT_AD":
        return {
            "textAd": {
                "headline": content.ad_headline(rng, language, product)[:25],
                "description": content.ad_description(rng, language)[:75],
                "landingPage": landing,
            }
        }
    if creative.kind == "FOLLOW":
        return {
            "follow": {
                "headline": content.ad_headline(rng, language, product),
                "description": content.ad_description(rng, language),
                "organization": organization.urn,
                "callToAction": "FOLLOW",
            }
        }
    return {"reference": creative.reference}


def conversion_element(rule: ConversionPlan, campaigns: list[CampaignPlan]) -> dict:
    linked = [campaign for campaign in campaigns if rule in campaign.conversions]
    pixel = 100_000 + stable_int("pixel", rule.account.id) % 900_000
    element = {
        "id": rule.id,
        "name": rule.name,
        "account": rule.account.urn,
        "type": rule.type,
        "enabled": rule.enabled,
        "attributionType": rule.attribution_type,
        "postClickAttributionWindowSize": rule.post_click_window,
        "viewThroughAttributionWindowSize": rule.view_through_window,
        "imagePixelTag": (
            '<img height="1" width="1" style="display:none;" alt="" '
            f'src="https://px.ads.linkedin.com/collect/?pid={pixel}&conversionId={rule.id}&fmt=gif" />'
        ),
        "urlMatchRuleExpression": [
            [{"matchValue": f"/{rule.key.replace('_', '-')}/thank-you", "matchType": "CONTAINS"}]
        ],
        "urlRules": [
            {"type": "CONTAINS", "matchValue": f"/{rule.key.replace('_', '-')}/thank-you"}
        ],
        "campaigns": [campaign.urn for campaign in linked],
        "associatedCampaigns": [
            {
                "associatedAt": _stamp(campaign.created_ord, 12),
                "campaign": campaign.urn,
                "conversion": rule.urn,
            }
            for campaign in linked
        ],
        "created": _stamp(rule.created_ord, 10),
        "lastModified": _stamp(rule.last_modified_ord, 16),
    }
    if rule.value is not None:
        element["value"] = money(rule.account.currency, rule.value)
    return element
