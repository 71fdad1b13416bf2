"""Organization posts (organic and Direct Sponsored Content) and the element dicts of §7.1.

Each page posts on an absolute calendar (about 120 posts a year, mostly Tuesday to Thursday);
a post's content type follows a cycle over the page's post sequence, so every type - text,
image, video, document, article, poll, multi-image, celebration, reshare, sponsored carousel -
appears in any year of history, plus the odd DRAFT and edited post. Sponsored creatives point
at a dark (DSC) post made for them, or boost one of the page's recent organic posts.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field

from linkedin_assets.sandbox import content
from linkedin_assets.sandbox.world_accounts import EPOCH_ORD, AccountPlan, OrganizationPlan
from linkedin_assets.sandbox.world_campaigns import CreativePlan
from linkedin_assets.sandbox.world_common import (
    DAY_MS,
    activity_id,
    media_urn,
    ordinal_ms,
    rng_for,
    stable_int,
    unit_mix,
)

POSTS_PER_DAY = 108 / 365  # ~120 a year once double-post days are counted
POSTING_WEEKDAYS = (1.25, 1.5, 1.45, 1.3, 0.9, 0.3, 0.3)
CONTENT_CYCLE = (
    "IMAGE",
    "TEXT",
    "ARTICLE",
    "VIDEO",
    "IMAGE",
    "DOCUMENT",
    "POLL",
    "MULTI_IMAGE",
    "RESHARE",
    "IMAGE",
    "ARTICLE",
    "VIDEO",
    "CELEBRATION",
    "TEXT",
    "DOCUMENT",
    "IMAGE",
    "MULTI_IMAGE",
    "CAROUSEL",
    "ARTICLE",
    "IMAGE",
)
UGC_TYPES = frozenset({"VIDEO", "DOCUMENT", "POLL", "MULTI_IMAGE", "CAROUSEL", "CELEBRATION"})
DSC_TYPES = {"IMAGE": "IMAGE", "VIDEO": "VIDEO", "DOCUMENT": "DOCUMENT", "CAROUSEL": "CAROUSEL"}
DSC_AD_TYPES = {
    "IMAGE": "STANDARD",
    "VIDEO": "VIDEO",
    "DOCUMENT": "DOCUMENT",
    "CAROUSEL": "CAROUSEL",
}
# Relative organic reach of each content type.
TYPE_REACH = {
    "TEXT": 0.8,
    "IMAGE": 1.0,
    "VIDEO": 1.25,
    "DOCUMENT": 1.4,
    "ARTICLE": 0.7,
    "POLL": 1.6,
    "MULTI_IMAGE": 1.15,
    "CELEBRATION": 1.5,
    "RESHARE": 0.6,
    "CAROUSEL": 0.0,
}
CELEBRATION_TYPES = (
    "CELEBRATE_WELCOME",
    "CELEBRATE_AWARD",
    "CELEBRATE_ANNIVERSARY",
    "CELEBRATE_LAUNCH",
)
POLL_DURATIONS = (("ONE_DAY", 1), ("THREE_DAYS", 3), ("SEVEN_DAYS", 7), ("FOURTEEN_DAYS", 14))
# Partner pages mentioned in commentary (fictitious names, ids outside the world's own range).
PARTNERS = (("Globex Corporation", 1_035_101), ("Initech", 1_035_202), ("Hooli", 1_035_303))


@dataclass(frozen=True)
class DscInfo:
    account_urn: str
    name: str
    status: str
    ad_type: str
    landing_page: str
    call_to_action: str


@dataclass
class PostPlan:
    urn: str
    activity_urn: str
    organization: OrganizationPlan
    content_type: str
    sequence: int
    language: str
    created_ms: int
    publish_ord: int
    lifecycle: str  # PUBLISHED or DRAFT
    edited: bool
    totals: dict[str, int]  # final lifetime organic statistics
    dsc: DscInfo | None = None
    creative_urns: list[str] = field(default_factory=list)
    reshare_parent: str | None = None
    reshare_root: str | None = None
    element: dict | None = None

    @property
    def published_ms(self) -> int | None:
        return None if self.lifecycle == "DRAFT" else self.created_ms + 45_000

    @property
    def organic(self) -> bool:
        """Published, non-sponsored: the posts LinkedIn's organic share statistics count."""
        return self.lifecycle == "PUBLISHED" and self.dsc is None


def posts_on_day(salt: int, ordinal: int) -> int:
    weekday = POSTING_WEEKDAYS[(ordinal - 1) % 7]
    chance = POSTS_PER_DAY * weekday
    draw = unit_mix(salt, ordinal)
    if draw < chance * 0.12:
        return 2
    return 1 if draw < chance else 0


def build_organic_posts(
    seed: int,
    organizations: list[OrganizationPlan],
    accounts: list[AccountPlan],
    first_ord: int,
    today_ord: int,
) -> list[PostPlan]:
    plans: list[PostPlan] = []
    mentions = _mention_targets(organizations)
    for organization in organizations:
        salt = stable_int(seed, "posting", organization.id)
        org_accounts = [
            account for account in accounts if account.organization.id == organization.id
        ]
        sequence = 0
        for ordinal in range(EPOCH_ORD, today_ord + 1):
            for rank in range(posts_on_day(salt, ordinal)):
                if ordinal >= first_ord:
                    plans.append(
                        _organic_post(
                            seed, organization, org_accounts, mentions, ordinal, rank, sequence
                        )
                    )
                sequence += 1
    _link_reshares(seed, plans)
    return plans


def _mention_targets(organizations: list[OrganizationPlan]) -> list[content.Mention]:
    targets = [content.Mention(org.localized_name, org.urn) for org in organizations]
    targets += [content.Mention(name, f"urn:li:organization:{org_id}") for name, org_id in PARTNERS]
    return targets


def _post_language(organization: OrganizationPlan, sequence: int) -> str:
    if organization.language == "en" and sequence % 23 == 5:
        return "ar"  # the occasional announcement for the Middle East office
    if organization.language != "en" and sequence % 4 == 1:
        return "en"
    return organization.language


def _organic_post(
    seed: int,
    organization: OrganizationPlan,
    accounts: list[AccountPlan],
    mentions: list[content.Mention],
    ordinal: int,
    rank: int,
    sequence: int,
) -> PostPlan:
    rng = rng_for(seed, "post", organization.id, sequence)
    content_type = CONTENT_CYCLE[(sequence + organization.index * 3) % len(CONTENT_CYCLE)]
    if content_type == "CAROUSEL" and not accounts:
        content_type = "MULTI_IMAGE"  # a page without an ad account has no sponsored posts
    created_ms = ordinal_ms(ordinal) + int((7 + 10 * rng.random()) * 3_600_000) + rank * 600_000
    urn, activity = _post_ids(seed, content_type, created_ms, organization.id, sequence)
    lifecycle = "DRAFT" if sequence % 29 == 13 else "PUBLISHED"
    language = _post_language(organization, sequence)
    dsc = None
    if content_type == "CAROUSEL":
        account = accounts[sequence % len(accounts)]
        dsc = DscInfo(
            account.urn,
            f"Carousel test {sequence}",
            "ARCHIVED",
            "CAROUSEL",
            _landing_page(organization, "carousel"),
            content.call_to_action(rng),
        )
    plan = PostPlan(
        urn=urn,
        activity_urn=activity,
        organization=organization,
        content_type=content_type,
        sequence=sequence,
        language=language,
        created_ms=created_ms,
        publish_ord=ordinal,
        lifecycle=lifecycle,
        edited=lifecycle == "PUBLISHED" and sequence % 7 == 3,
        totals=_lifetime_totals(rng, organization, content_type) if dsc is None else {},
        dsc=dsc,
    )
    plan.element = _element(seed, plan, mentions)
    return plan


def _post_ids(seed: int, content_type: str, created_ms: int, *identity: object) -> tuple[str, str]:
    number = activity_id(created_ms, seed, "post", *identity)
    kind = "ugcPost" if content_type in UGC_TYPES else "share"
    activity = activity_id(created_ms + 1, seed, "activity", *identity)
    return f"urn:li:{kind}:{number}", f"urn:li:activity:{activity}"


def _lifetime_totals(
    rng: random.Random, organization: OrganizationPlan, content_type: str
) -> dict[str, int]:
    reach = organization.base_followers * rng.uniform(0.04, 0.12) * TYPE_REACH[content_type]
    impressions = max(20, int(reach * rng.lognormvariate(0, 0.45)))
    click_rate = rng.uniform(0.008, 0.03) * (2.0 if content_type == "ARTICLE" else 1.0)
    like_rate = rng.uniform(0.008, 0.03) * (2.0 if content_type == "CELEBRATION" else 1.0)
    comment_rate = rng.uniform(0.0008, 0.004) * (1.5 if content_type == "POLL" else 1.0)
    return {
        "impressionCount": impressions,
        "uniqueImpressionsCount": int(impressions * rng.uniform(0.72, 0.86)),
        "clickCount": int(impressions * click_rate),
        "likeCount": int(impressions * like_rate),
        "commentCount": int(impressions * comment_rate),
        "shareCount": int(impressions * rng.uniform(0.0004, 0.002)),
        "commentMentionsCount": rng.randint(0, 2),
        "shareMentionsCount": rng.randint(0, 3),
    }


def _link_reshares(seed: int, plans: list[PostPlan]) -> None:
    """Point reshares at a recent published post of another page (or at an outside post)."""
    published = sorted(
        (plan for plan in plans if plan.organic and plan.content_type != "RESHARE"),
        key=lambda plan: plan.created_ms,
    )
    created = [plan.created_ms for plan in published]
    for plan in plans:
        if plan.content_type != "RESHARE":
            continue
        candidates: list[PostPlan] = []
        position = bisect.bisect_left(created, plan.created_ms) - 1
        while position >= 0 and len(candidates) < 12:
            if published[position].organization.id != plan.organization.id:
                candidates.append(published[position])
            position -= 1
        if candidates:
            parent = candidates[stable_int(seed, "reshare", plan.urn) % len(candidates)]
            plan.reshare_parent = parent.urn
            plan.reshare_root = parent.urn
        else:
            outside = activity_id(plan.created_ms - 3 * DAY_MS, seed, "outside", plan.urn)
            plan.reshare_parent = plan.reshare_root = f"urn:li:share:{outside}"
        if plan.element is not None:
            plan.element["reshareContext"] = {
                "parent": plan.reshare_parent,
                "root": plan.reshare_root,
            }


def attach_creative_posts(
    seed: int, creatives: list[CreativePlan], organic: list[PostPlan], today_ord: int
) -> list[PostPlan]:
    """Give every creative its content reference; returns the dark posts made for them."""
    by_org: dict[int, list[PostPlan]] = {}
    for plan in organic:
        if plan.organic and plan.content_type in DSC_TYPES:
            by_org.setdefault(plan.organization.id, []).append(plan)
    dark_posts: list[PostPlan] = []
    for creative in creatives:
        if creative.kind == "MESSAGE":
            number = 1_000_000 + stable_int(seed, "inmail", creative.urn) % 9_000_000
            creative.reference = f"urn:li:adInMailContent:{number}"
            continue
        if creative.kind not in DSC_TYPES:
            continue
        boosted = _boostable_post(seed, creative, by_org)
        if boosted is not None:
            creative.reference = boosted.urn
            creative.boosted_post = True
            boosted.creative_urns.append(creative.urn)
            continue
        dark = _dark_post(seed, creative, today_ord)
        creative.reference = dark.urn
        dark_posts.append(dark)
    return dark_posts


def _boostable_post(
    seed: int, creative: CreativePlan, by_org: dict[int, list[PostPlan]]
) -> PostPlan | None:
    if creative.kind == "CAROUSEL" or stable_int(seed, "boost", creative.urn) % 3:
        return None
    organization = creative.campaign.account.organization
    window_start = creative.created_ord - 45
    for plan in reversed(by_org.get(organization.id, [])):
        if (
            plan.content_type == creative.kind
            and window_start <= plan.publish_ord <= creative.created_ord
        ):
            return plan
    return None


def _dark_post(seed: int, creative: CreativePlan, today_ord: int) -> PostPlan:
    account = creative.campaign.account
    organization = account.organization
    rng = rng_for(seed, "dsc", creative.urn)
    created_ms = ordinal_ms(creative.created_ord) + int((8 + 8 * rng.random()) * 3_600_000)
    content_type = DSC_TYPES[creative.kind]
    urn, activity = _post_ids(seed, content_type, created_ms, "dsc", creative.id)
    status = "ACTIVE" if creative.campaign.status(today_ord) in ("ACTIVE", "PAUSED") else "ARCHIVED"
    dsc = DscInfo(
        account_urn=account.urn,
        name=creative.name,
        status=status,
        ad_type=DSC_AD_TYPES[creative.kind],
        landing_page=_landing_page(organization, creative.campaign.kind.key),
        call_to_action=content.call_to_action(rng),
    )
    plan = PostPlan(
        urn=urn,
        activity_urn=activity,
        organization=organization,
        content_type=content_type,
        sequence=-1,
        language=account.market.language,
        created_ms=created_ms,
        publish_ord=creative.created_ord,
        lifecycle="PUBLISHED",
        edited=False,
        totals={},
        dsc=dsc,
        creative_urns=[creative.urn],
    )
    plan.element = _element(seed, plan, [])
    return plan


def _landing_page(organization: OrganizationPlan, campaign_key: str) -> str:
    return f"https://{organization.profile.vanity}.example/lp/{campaign_key}?utm_source=linkedin&utm_medium=paid"


def _domain(organization: OrganizationPlan) -> str:
    return f"www.{organization.profile.vanity}.example"


def _element(seed: int, plan: PostPlan, mentions: list[content.Mention]) -> dict:
    rng = rng_for(seed, "post-element", plan.urn)
    organization = plan.organization
    own = [target for target in mentions if target.urn != organization.urn]
    partner = PARTNERS[plan.sequence % len(PARTNERS)][0]
    if plan.content_type == "RESHARE" and rng.random() < 0.4:
        commentary = ""
    elif plan.dsc is not None:
        commentary = content.post_commentary(rng, plan.language, [], partner)
    else:
        commentary = content.post_commentary(rng, plan.language, own, partner)
    element: dict = {
        "id": plan.urn,
        "author": organization.urn,
        "commentary": commentary,
        "visibility": "PUBLIC" if plan.sequence % 17 != 9 else "LOGGED_IN",
        "distribution": {
            "feedDistribution": "NONE" if plan.dsc is not None else "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": plan.lifecycle,
        "lifecycleStateInfo": {"isEditedByAuthor": plan.edited},
        "isReshareDisabledByAuthor": plan.sequence % 31 == 7,
        "createdAt": plan.created_ms,
        "lastModifiedAt": plan.created_ms + 90_000,
    }
    if plan.published_ms is not None:
        element["publishedAt"] = plan.published_ms
    if plan.edited:
        element["lastModifiedAt"] = plan.created_ms + int(rng.uniform(0.2, 30) * 3_600_000)
    content_block = _content_block(rng, plan)
    if content_block is not None:
        element["content"] = content_block
    if plan.dsc is not None:
        element["adContext"] = {
            "dscAdAccount": plan.dsc.account_urn,
            "dscAdType": plan.dsc.ad_type,
            "dscName": plan.dsc.name,
            "dscStatus": plan.dsc.status,
            "isDsc": True,
        }
        element["contentLandingPage"] = plan.dsc.landing_page
        element["contentCallToActionLabel"] = plan.dsc.call_to_action
    return element


def _content_block(rng: random.Random, plan: PostPlan) -> dict | None:
    language = plan.language
    kind = plan.content_type
    identity = plan.urn
    if kind in ("TEXT", "RESHARE"):
        return None
    if kind == "IMAGE":
        return {
            "media": {
                "id": media_urn("image", identity),
                "altText": content.alt_text(rng, language),
            }
        }
    if kind == "VIDEO":
        return {
            "media": {
                "id": media_urn("video", identity),
                "title": content.media_title(language, "video"),
            }
        }
    if kind == "DOCUMENT":
        return {
            "media": {
                "id": media_urn("document", identity),
                "title": content.media_title(language, "document"),
            }
        }
    if kind == "ARTICLE":
        title, description, source = content.article(
            rng, language, _domain(plan.organization), plan.sequence
        )
        return {
            "article": {
                "source": source,
                "title": title,
                "description": description,
                "thumbnail": media_urn("image", identity, "thumbnail"),
                "thumbnailAltText": content.alt_text(rng, language),
            }
        }
    if kind == "MULTI_IMAGE":
        return {
            "multiImage": {
                "images": [
                    {
                        "id": media_urn("image", identity, index),
                        "altText": content.alt_text(rng, language),
                    }
                    for index in range(rng.randint(2, 5))
                ]
            }
        }
    if kind == "CAROUSEL":
        landing = (
            plan.dsc.landing_page if plan.dsc else _landing_page(plan.organization, "carousel")
        )
        return {
            "carousel": {
                "cards": [
                    {
                        "media": {
                            "id": media_urn("image", identity, index),
                            "title": f"Card {index + 1}",
                        },
                        "landingPage": f"{landing}&card={index + 1}",
                    }
                    for index in range(rng.randint(3, 5))
                ]
            }
        }
    if kind == "POLL":
        question, options = content.poll(rng, language)
        duration = POLL_DURATIONS[plan.sequence % len(POLL_DURATIONS)][0]
        return {
            "poll": {
                "question": question,
                "options": [{"text": option} for option in options],
                "settings": {
                    "duration": duration,
                    "voteSelectionType": "SINGLE_VOTE",
                    "isVoterVisibleToAuthor": True,
                },
            }
        }
    celebration = CELEBRATION_TYPES[plan.sequence % len(CELEBRATION_TYPES)]
    return {
        "celebration": {
            "type": celebration,
            "media": {
                "id": media_urn("image", identity, "celebration"),
                "altText": content.alt_text(rng, language),
            },
        }
    }
