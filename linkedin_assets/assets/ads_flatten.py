"""Element -> row functions of the ads dimension tables (accounts, campaigns, creatives, ...).

Pure: one LinkedIn element (a dict exactly as the API sends it) in, one row dict out, with the
column names of ads_tables. Money stays LinkedIn's decimal text (exact), times become UTC
datetimes, lists of enums stay lists, nested records worth querying become JSON text, and the
whole element is kept in `_raw`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from linkedin_assets.assets.kit import dig, from_epoch_ms, money_amount, money_currency, raw_json
from linkedin_assets.linkedin.restli import urn_id

Row = dict[str, Any]
T = TypeVar("T")


# ---------------------------------------------------------------------------- helpers


def money_text(money: Any) -> str | None:
    """LinkedIn's amount as exact decimal text ("509.980", "-2E-18"); storage makes it DECIMAL."""
    amount = money_amount(money)
    return None if amount is None else str(amount)


def id_of(urn: Any) -> int | None:
    """Numeric id at the end of a simple URN (`urn:li:sponsoredCampaign:7` -> 7)."""
    if isinstance(urn, int) and not isinstance(urn, bool):
        return urn
    if isinstance(urn, str) and urn:
        tail = urn_id(urn)
        return int(tail) if tail.isdigit() else None
    return None


def text_list(value: Any) -> list[str] | None:
    if isinstance(value, list):
        return [str(item) for item in value]
    return None


def json_text(value: Any) -> str | None:
    """Nested records as JSON text (key order kept, so equal input gives equal text)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def audit_time(element: Mapping[str, Any], stamp: str) -> dt.datetime | None:
    return from_epoch_ms(dig(element, "changeAuditStamps", stamp, "time"))


def epoch_time(value: Any) -> dt.datetime | None:
    """A time sent as epoch ms, or as an audit stamp `{"time": ms, "actor": ...}`."""
    if isinstance(value, Mapping):
        value = value.get("time")
    return from_epoch_ms(value)


def as_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None


def as_text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def localized(record: Any) -> str | None:
    """The text of a LinkedIn localized string in its preferred locale (else the first one)."""
    if isinstance(record, str):
        return record
    values = dig(record, "localized") if isinstance(record, Mapping) else None
    if not isinstance(values, Mapping) or not values:
        return None
    preferred = dig(record, "preferredLocale") or {}
    key = f"{preferred.get('language', '')}_{preferred.get('country', '')}"
    return str(values.get(key, next(iter(values.values()))))


# ------------------------------------------------------------------------ flatteners


def ad_account_row(element: Mapping[str, Any]) -> Row:
    account_id = as_int(element.get("id"))
    return {
        "account_id": account_id,
        "account_urn": f"urn:li:sponsoredAccount:{account_id}",
        "name": as_text(element.get("name")),
        "currency": as_text(element.get("currency")),
        "status": as_text(element.get("status")),
        "type": as_text(element.get("type")),
        "reference": as_text(element.get("reference")),
        "reference_organization_id": id_of(element.get("reference")),
        "test": as_bool(element.get("test")),
        "serving_statuses": text_list(element.get("servingStatuses")),
        "notified_on_campaign_optimization": as_bool(element.get("notifiedOnCampaignOptimization")),
        "notified_on_creative_approval": as_bool(element.get("notifiedOnCreativeApproval")),
        "notified_on_creative_rejection": as_bool(element.get("notifiedOnCreativeRejection")),
        "notified_on_end_of_campaign": as_bool(element.get("notifiedOnEndOfCampaign")),
        "notified_on_new_features_enabled": as_bool(element.get("notifiedOnNewFeaturesEnabled")),
        "version_tag": as_text(dig(element, "version", "versionTag")),
        "created_at": audit_time(element, "created"),
        "last_modified_at": audit_time(element, "lastModified"),
        "_raw": raw_json(element),
    }


def ad_account_user_row(element: Mapping[str, Any]) -> Row:
    account = as_text(element.get("account"))
    return {
        "account_id": id_of(account),
        "account_urn": account,
        "user_urn": as_text(element.get("user")),
        "role": as_text(element.get("role")),
        "created_at": audit_time(element, "created"),
        "last_modified_at": audit_time(element, "lastModified"),
        "_raw": raw_json(element),
    }


def _budgets(element: Mapping[str, Any]) -> Row:
    return {
        "daily_budget_amount": money_text(element.get("dailyBudget")),
        "daily_budget_currency": money_currency(element.get("dailyBudget")),
        "total_budget_amount": money_text(element.get("totalBudget")),
        "total_budget_currency": money_currency(element.get("totalBudget")),
    }


def _schedule(element: Mapping[str, Any]) -> Row:
    return {
        "run_schedule_start": from_epoch_ms(dig(element, "runSchedule", "start")),
        "run_schedule_end": from_epoch_ms(dig(element, "runSchedule", "end")),
    }


def campaign_group_row(element: Mapping[str, Any]) -> Row:
    group_id = as_int(element.get("id"))
    account = as_text(element.get("account"))
    return {
        "campaign_group_id": group_id,
        "campaign_group_urn": f"urn:li:sponsoredCampaignGroup:{group_id}",
        "account_id": id_of(account),
        "account_urn": account,
        "name": as_text(element.get("name")),
        "status": as_text(element.get("status")),
        "serving_statuses": text_list(element.get("servingStatuses")),
        **_schedule(element),
        **_budgets(element),
        "objective_type": as_text(element.get("objectiveType")),
        "budget_optimization": json_text(element.get("budgetOptimization")),
        "test": as_bool(element.get("test")),
        "backfilled": as_bool(element.get("backfilled")),
        "created_at": audit_time(element, "created"),
        "last_modified_at": audit_time(element, "lastModified"),
        "_raw": raw_json(element),
    }


def campaign_row(element: Mapping[str, Any]) -> Row:
    campaign_id = as_int(element.get("id"))
    account = as_text(element.get("account"))
    group = as_text(element.get("campaignGroup"))
    associated = as_text(element.get("associatedEntity"))
    return {
        "campaign_id": campaign_id,
        "campaign_urn": f"urn:li:sponsoredCampaign:{campaign_id}",
        "account_id": id_of(account),
        "account_urn": account,
        "campaign_group_id": id_of(group),
        "campaign_group_urn": group,
        "name": as_text(element.get("name")),
        "status": as_text(element.get("status")),
        "type": as_text(element.get("type")),
        "format": as_text(element.get("format")),
        "objective_type": as_text(element.get("objectiveType")),
        "optimization_target_type": as_text(element.get("optimizationTargetType")),
        "cost_type": as_text(element.get("costType")),
        "unit_cost_amount": money_text(element.get("unitCost")),
        "unit_cost_currency": money_currency(element.get("unitCost")),
        **_budgets(element),
        **_schedule(element),
        "locale_country": as_text(dig(element, "locale", "country")),
        "locale_language": as_text(dig(element, "locale", "language")),
        "pacing_strategy": as_text(element.get("pacingStrategy")),
        "creative_selection": as_text(element.get("creativeSelection")),
        "offsite_delivery_enabled": as_bool(element.get("offsiteDeliveryEnabled")),
        "audience_expansion_enabled": as_bool(element.get("audienceExpansionEnabled")),
        "story_delivery_enabled": as_bool(element.get("storyDeliveryEnabled")),
        "associated_entity": associated,
        "associated_entity_id": urn_id(associated) if associated else None,
        "serving_statuses": text_list(element.get("servingStatuses")),
        "test": as_bool(element.get("test")),
        "version_tag": as_text(dig(element, "version", "versionTag")),
        "targeting_criteria": json_text(element.get("targetingCriteria")),
        "offsite_preferences": json_text(element.get("offsitePreferences")),
        "created_at": audit_time(element, "created"),
        "last_modified_at": audit_time(element, "lastModified"),
        "_raw": raw_json(element),
    }


def creative_content_type(content: Any) -> str | None:
    """`reference` for sponsored posts/InMails, else the content record's single key."""
    if not isinstance(content, Mapping) or not content:
        return None
    if "reference" in content:
        return "reference"
    return sorted(content)[0]


def creative_row(element: Mapping[str, Any]) -> Row:
    urn = as_text(element.get("id"))
    account = as_text(element.get("account"))
    campaign = as_text(element.get("campaign"))
    content = element.get("content")
    return {
        "creative_id": id_of(urn),
        "creative_urn": urn,
        "account_id": id_of(account),
        "account_urn": account,
        "campaign_id": id_of(campaign),
        "campaign_urn": campaign,
        "name": as_text(element.get("name")),
        "intended_status": as_text(element.get("intendedStatus")),
        "is_serving": as_bool(element.get("isServing")),
        "serving_hold_reasons": text_list(element.get("servingHoldReasons")),
        "review_status": as_text(dig(element, "review", "status")),
        "review_rejection_reasons": text_list(dig(element, "review", "rejectionReasons")),
        "is_test": as_bool(element.get("isTest")),
        "content_type": creative_content_type(content),
        "content_reference": as_text(dig(element, "content", "reference")),
        "text_ad_headline": as_text(dig(element, "content", "textAd", "headline")),
        "text_ad_description": as_text(dig(element, "content", "textAd", "description")),
        "text_ad_landing_page": as_text(dig(element, "content", "textAd", "landingPage")),
        "leadgen_call_to_action_destination": as_text(
            dig(element, "leadgenCallToAction", "destination")
        ),
        "leadgen_call_to_action_label": as_text(dig(element, "leadgenCallToAction", "label")),
        "content": json_text(content),
        "created_at": from_epoch_ms(element.get("createdAt")),
        "created_by": as_text(element.get("createdBy")),
        "last_modified_at": from_epoch_ms(element.get("lastModifiedAt")),
        "last_modified_by": as_text(element.get("lastModifiedBy")),
        "_raw": raw_json(element),
    }


def conversion_urn(conversion_id: Any) -> str:
    return f"urn:lla:llaPartnerConversion:{conversion_id}"


def conversion_row(element: Mapping[str, Any]) -> Row:
    conversion_id = as_int(element.get("id"))
    account = as_text(element.get("account"))
    return {
        "conversion_id": conversion_id,
        "conversion_urn": conversion_urn(conversion_id),
        "account_id": id_of(account),
        "account_urn": account,
        "name": as_text(element.get("name")),
        "type": as_text(element.get("type")),
        "enabled": as_bool(element.get("enabled")),
        "attribution_type": as_text(element.get("attributionType")),
        "post_click_attribution_window_size": as_int(element.get("postClickAttributionWindowSize")),
        "view_through_attribution_window_size": as_int(
            element.get("viewThroughAttributionWindowSize")
        ),
        "value_amount": money_text(element.get("value")),
        "value_currency": money_currency(element.get("value")),
        "image_pixel_tag": as_text(element.get("imagePixelTag")),
        "url_match_rule_expression": json_text(element.get("urlMatchRuleExpression")),
        "url_rules": json_text(element.get("urlRules")),
        "campaign_count": len(linked_campaigns(element)),
        # Conversions carry plain epoch ms here, not audit stamps (linkedin_api.md §5.1).
        "created_at": epoch_time(element.get("created")),
        "last_modified_at": epoch_time(element.get("lastModified")),
        "last_callback_at": epoch_time(element.get("lastCallbackAt")),
        "_raw": raw_json(element),
    }


def linked_campaigns(element: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Campaign URN -> its association record (empty when only `campaigns` lists it)."""
    linked: dict[str, Mapping[str, Any]] = {}
    for association in element.get("associatedCampaigns") or []:
        campaign = association.get("campaign") if isinstance(association, Mapping) else None
        if isinstance(campaign, str):
            linked[campaign] = association
    for campaign in element.get("campaigns") or []:
        if isinstance(campaign, str):
            linked.setdefault(campaign, {})
    return linked


def conversion_campaign_rows(element: Mapping[str, Any]) -> list[Row]:
    """One row per (conversion, campaign) association."""
    conversion_id = as_int(element.get("id"))
    account = as_text(element.get("account"))
    rows = []
    for campaign, association in linked_campaigns(element).items():
        rows.append(
            {
                "conversion_id": conversion_id,
                "campaign_id": id_of(campaign),
                "account_id": id_of(account),
                "account_urn": account,
                "conversion_urn": as_text(association.get("conversion"))
                or conversion_urn(conversion_id),
                "campaign_urn": campaign,
                "associated_at": from_epoch_ms(association.get("associatedAt")),
                "_raw": raw_json(association or {"campaign": campaign}),
            }
        )
    return rows


def lead_form_questions(element: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Questions as {question_id, name, predefined_field, question, options{id: text}}."""
    questions = []
    for question in dig(element, "content", "questions", default=[]) or []:
        if not isinstance(question, Mapping):
            continue
        options = dig(question, "questionDetails", "multipleChoiceQuestionDetails", "options")
        questions.append(
            {
                "question_id": question.get("questionId"),
                "name": question.get("name"),
                "predefined_field": question.get("predefinedField"),
                "question": localized(question.get("question")),
                "options": {
                    str(option.get("id")): localized(option.get("text"))
                    for option in options or []
                    if isinstance(option, Mapping)
                },
            }
        )
    return questions


def lead_form_row(element: Mapping[str, Any]) -> Row:
    form_id = as_int(element.get("id"))
    owner = element.get("owner") or {}
    owner_urn = as_text(owner.get("sponsoredAccount") or owner.get("organization"))
    questions = lead_form_questions(element)
    return {
        "lead_form_id": form_id,
        "lead_form_urn": f"urn:li:leadGenForm:{form_id}",
        "account_id": id_of(owner.get("sponsoredAccount")),
        "account_urn": as_text(owner.get("sponsoredAccount")),
        "owner_urn": owner_urn,
        "name": as_text(element.get("name")),
        "state": as_text(element.get("state")),
        "version_id": as_int(element.get("versionId")),
        "creation_locale_country": as_text(dig(element, "creationLocale", "country")),
        "creation_locale_language": as_text(dig(element, "creationLocale", "language")),
        "headline": localized(dig(element, "content", "headline")),
        "description": localized(dig(element, "content", "description")),
        "question_count": len(questions),
        "questions": json_text(questions),
        "hidden_fields": json_text(dig(element, "content", "hiddenFields")),
        "privacy_policy_url": as_text(dig(element, "content", "legalInfo", "privacyPolicyUrl")),
        "landing_page_url": as_text(
            dig(element, "content", "postSubmissionInfo", "landingPageUrl")
        ),
        "created_at": epoch_time(element.get("created")),
        "last_modified_at": epoch_time(element.get("lastModified")),
        "_raw": raw_json(element),
    }


_VERSIONED_FORM = re.compile(r"urn:li:versionedLeadGenForm:\(urn:li:leadGenForm:(\d+),(\d+)\)")


def versioned_form(urn: Any) -> tuple[int | None, int | None]:
    """`urn:li:versionedLeadGenForm:(urn:li:leadGenForm:12,3)` -> (12, 3)."""
    match = _VERSIONED_FORM.fullmatch(urn) if isinstance(urn, str) else None
    if match is None:
        return None, None
    return int(match.group(1)), int(match.group(2))


def lead_answer(answer: Mapping[str, Any], question: Mapping[str, Any] | None) -> dict[str, Any]:
    """One answer with its question: free text, or the chosen option ids and their texts."""
    details = answer.get("answerDetails") or {}
    text = dig(details, "textQuestionAnswer", "answer")
    options = dig(details, "multipleChoiceAnswer", "options")
    option_texts = (question or {}).get("options") or {}
    return {
        "question_id": answer.get("questionId"),
        "name": (question or {}).get("name"),
        "predefined_field": (question or {}).get("predefined_field"),
        "question": (question or {}).get("question"),
        "answer": text,
        "options": options if isinstance(options, list) else None,
        "option_texts": [option_texts.get(str(o)) for o in options]
        if isinstance(options, list)
        else None,
    }


def lead_response_row(
    element: Mapping[str, Any],
    questions: Mapping[Any, Mapping[str, Any]],
    predefined_columns: Mapping[str, str],
) -> Row:
    """A lead with its answers (JSON) and the predefined fields (email, name...) as columns.

    `questions` maps question id -> question of lead_form_questions (from the account's forms);
    an answer whose question is unknown is still kept, without its question text.
    """
    owner = element.get("owner") or {}
    submitted = from_epoch_ms(element.get("submittedAt"))
    form_id, version = versioned_form(element.get("versionedLeadGenFormUrn"))
    campaign = as_text(dig(element, "leadMetadata", "sponsoredLeadMetadata", "campaign"))
    answers = [
        lead_answer(answer, questions.get(answer.get("questionId")))
        for answer in dig(element, "formResponse", "answers", default=[]) or []
        if isinstance(answer, Mapping)
    ]
    typed = dict.fromkeys(predefined_columns.values())
    for answer in answers:
        column = predefined_columns.get(answer["predefined_field"] or "")
        if column:
            typed[column] = answer["answer"] or ", ".join(
                str(t) for t in answer["option_texts"] or [] if t
            )
    return {
        "response_id": as_text(element.get("id")),
        "submitted_date": submitted.date() if submitted else None,
        "submitted_at": submitted,
        "account_id": id_of(owner.get("sponsoredAccount")),
        "account_urn": as_text(owner.get("sponsoredAccount")),
        "owner_urn": as_text(owner.get("sponsoredAccount") or owner.get("organization")),
        "lead_type": as_text(element.get("leadType")),
        "test_lead": as_bool(element.get("testLead")),
        "submitter_urn": as_text(element.get("submitter")),
        "lead_form_id": form_id,
        "lead_form_version": version,
        "versioned_lead_form_urn": as_text(element.get("versionedLeadGenFormUrn")),
        "campaign_id": id_of(campaign),
        "campaign_urn": campaign,
        "associated_entity": as_text(element.get("associatedEntity")),
        **typed,
        "answers": json_text(answers),
        "consent_responses": json_text(dig(element, "formResponse", "consentResponses")),
        "_raw": raw_json(element),
    }
