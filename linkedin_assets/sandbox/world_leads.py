"""Lead gen forms (one per LEAD_GENERATION campaign) and their responses (§7.4).

A form collects exactly as many responses on a day as its campaign's creatives report
``oneClickLeads`` that day (as of the world's today), so lead counts reconcile with ad
analytics. Each form also carries one test lead submitted by the advertiser's team.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linkedin_assets.sandbox import content, reference
from linkedin_assets.sandbox.world_campaigns import CampaignPlan, CreativePlan
from linkedin_assets.sandbox.world_common import (
    DAY_MS,
    ordinal_ms,
    person_urn,
    rng_for,
    stable_int,
    uuid_like,
)

_TEXTS = {
    "en": {
        "headline": "Book your personal demo",
        "description": "Tell us a little about your team and we will tailor the session to your data stack.",
        "firstName": "First name",
        "lastName": "Last name",
        "email": "Work email",
        "company": "Company name",
        "jobTitle": "Job title",
        "country": "Country/Region",
        "companySize": "How many people work at your company?",
        "message": "What would you like to see?",
        "thanks": "Thanks! We will be in touch within one business day.",
        "consent": "I agree to receive product updates by email.",
    },
    "de": {
        "headline": "Persönliche Demo vereinbaren",
        "description": "Erzählen Sie uns kurz von Ihrem Team – wir stimmen die Demo auf Ihre Datenlandschaft ab.",
        "firstName": "Vorname",
        "lastName": "Nachname",
        "email": "Geschäftliche E-Mail",
        "company": "Unternehmen",
        "jobTitle": "Position",
        "country": "Land/Region",
        "companySize": "Wie viele Mitarbeitende hat Ihr Unternehmen?",
        "message": "Was möchten Sie sehen?",
        "thanks": "Vielen Dank! Wir melden uns innerhalb eines Werktags.",
        "consent": "Ich möchte Produktneuigkeiten per E-Mail erhalten.",
    },
}
_SIZE_OPTIONS = ("1-50", "51-200", "201-1000", "1001-5000", "5000+")
_MESSAGES = ("Dashboards for the sales team", "Data quality monitoring", "Pricing for 50 seats", "")
_FIELDS = (
    ("firstName", "FIRST_NAME"),
    ("lastName", "LAST_NAME"),
    ("email", "EMAIL"),
    ("company", "COMPANY_NAME"),
    ("jobTitle", "JOB_TITLE"),
    ("country", "COUNTRY"),
)


@dataclass(frozen=True)
class LeadForm:
    id: int
    campaign: CampaignPlan
    version: int
    language: str

    @property
    def locale(self) -> str:
        return "de_DE" if self.language == "de" else "en_US"

    def question_id(self, position: int) -> int:
        return (self.id % 100_000) * 100 + position


def form_state(form: LeadForm, today_ord: int) -> str:
    status = form.campaign.status(today_ord)
    if status == "DRAFT":
        return "DRAFT"
    if (
        status in ("COMPLETED", "ARCHIVED", "CANCELED")
        and today_ord - form.campaign.serve_stop > 120
    ):
        return "ARCHIVED"
    return "PUBLISHED"


def form_element(form: LeadForm, today_ord: int) -> dict:
    texts = _TEXTS.get(form.language, _TEXTS["en"])
    language, country = form.locale.split("_")
    locale = {"country": country, "language": language}

    def localized(text: str) -> dict:
        return {"localized": {form.locale: text}, "preferredLocale": locale}

    questions = [
        {
            "questionId": form.question_id(position),
            "name": name,
            "question": localized(texts[name]),
            "questionDetails": {"textQuestionDetails": {"maxResponseLength": 300}},
            "predefinedField": predefined,
        }
        for position, (name, predefined) in enumerate(_FIELDS)
    ]
    questions.append(
        {
            "questionId": form.question_id(len(_FIELDS)),
            "name": "companySize",
            "question": localized(texts["companySize"]),
            "questionDetails": {
                "multipleChoiceQuestionDetails": {
                    "options": [
                        {"id": index + 1, "text": localized(option)}
                        for index, option in enumerate(_SIZE_OPTIONS)
                    ]
                }
            },
        }
    )
    questions.append(
        {
            "questionId": form.question_id(len(_FIELDS) + 1),
            "name": "message",
            "question": localized(texts["message"]),
            "questionDetails": {"textQuestionDetails": {"maxResponseLength": 500}},
        }
    )
    campaign = form.campaign
    organization = campaign.account.organization
    created = ordinal_ms(campaign.created_ord) + 9 * 3_600_000
    return {
        "id": form.id,
        "name": f"{campaign.name} – form",
        "state": form_state(form, today_ord),
        "owner": {"sponsoredAccount": campaign.account.urn},
        "creationLocale": locale,
        "versionId": form.version,
        "created": created,
        "lastModified": created + form.version * 5 * DAY_MS // 7,
        "content": {
            "headline": localized(texts["headline"]),
            "description": localized(texts["description"]),
            "questions": questions,
            "legalInfo": {
                "legalInfoId": 1_000 + form.id % 9_000,
                "privacyPolicyUrl": f"https://www.{organization.profile.vanity}.example/privacy",
                "consents": [
                    {"consentId": 1, "content": localized(texts["consent"]), "required": False}
                ],
            },
            "postSubmissionInfo": {
                "callToAction": "VISIT_COMPANY_WEBSITE",
                "landingPageUrl": f"https://www.{organization.profile.vanity}.example/thank-you",
                "message": localized(texts["thanks"]),
            },
            "hiddenFields": [{"name": "utm_campaign", "value": campaign.kind.key}],
        },
    }


def form_responses(
    seed: int,
    form: LeadForm,
    creatives: list[CreativePlan],
    first_ord: int,
    today_ord: int,
    daily_leads: Callable[[CreativePlan, int], int],
) -> list[dict]:
    responses = [_response(seed, form, None, form.campaign.created_ord + 1, 0, test=True)]
    for creative in creatives:
        for ordinal in range(
            max(creative.serve_start, first_ord), min(creative.serve_stop, today_ord + 1)
        ):
            for index in range(daily_leads(creative, ordinal)):
                responses.append(_response(seed, form, creative, ordinal, index, test=False))
    return responses


def _response(
    seed: int, form: LeadForm, creative: CreativePlan | None, ordinal: int, index: int, test: bool
) -> dict:
    identity = (form.id, creative.urn if creative else "test", ordinal, index)
    rng = rng_for(seed, "lead", *identity)
    first, last = content.person_name(rng)
    company = content.company_name(rng)
    titles = reference.job_titles()
    countries = [form.campaign.account.market.countries[0], *form.campaign.account.market.countries]
    country = reference.country_by_code()[rng.choice(countries)].name
    answers_text = (
        first,
        last,
        content.email_for(first, last, company),
        company,
        rng.choice(titles).name,
        country,
    )
    answers = [
        {
            "questionId": form.question_id(position),
            "answerDetails": {"textQuestionAnswer": {"answer": answer}},
        }
        for position, answer in enumerate(answers_text)
    ]
    answers.append(
        {
            "questionId": form.question_id(len(_FIELDS)),
            "answerDetails": {
                "multipleChoiceAnswer": {"options": [1 + rng.randrange(len(_SIZE_OPTIONS))]}
            },
        }
    )
    message = rng.choice(_MESSAGES)
    if message:
        answers.append(
            {
                "questionId": form.question_id(len(_FIELDS) + 1),
                "answerDetails": {"textQuestionAnswer": {"answer": message}},
            }
        )
    # Submissions follow office hours: 07:00-19:00 UTC.
    submitted = ordinal_ms(ordinal) + int((7 + 12 * rng.random()) * 3_600_000)
    version = form.version if ordinal >= form.campaign.start_ord + 20 else 1
    response = {
        "id": uuid_like(seed, "lead-response", *identity),
        "owner": {"sponsoredAccount": form.campaign.account.urn},
        "submitter": person_urn(seed, "lead", *identity),
        "leadType": "SPONSORED",
        "versionedLeadGenFormUrn": f"urn:li:versionedLeadGenForm:(urn:li:leadGenForm:{form.id},{version})",
        "submittedAt": submitted,
        "testLead": test,
        "formResponse": {
            "answers": answers,
            "consentResponses": [{"consentId": 1, "accepted": stable_int(*identity) % 3 != 0}],
        },
        "leadMetadata": {"sponsoredLeadMetadata": {"campaign": form.campaign.urn}},
    }
    if creative is not None:
        response["associatedEntity"] = creative.reference or creative.urn
    return response
