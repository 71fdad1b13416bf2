"""Pure flatteners of posts (+ child rows), per-post statistics, comments and reactions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from linkedin_assets.assets.kit import dig, from_epoch_ms, raw_json
from linkedin_assets.assets.pages_commentary import parse_commentary
from linkedin_assets.assets.pages_flatten import share_counters

# Content block key -> content_type (Nekt / Kondado spelling).
CONTENT_TYPES = {
    "media": "MEDIA",
    "article": "ARTICLE",
    "multiImage": "MULTI_IMAGE",
    "poll": "POLL",
    "carousel": "CAROUSEL",
    "celebration": "CELEBRATION",
    "reference": "REFERENCE",
}
MEDIA_TYPES = {"image": "IMAGE", "video": "VIDEO", "document": "DOCUMENT"}


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _count(value: Any) -> int | None:
    return len(value) if isinstance(value, list) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    """A plain field value as text; structured values become canonical JSON."""
    if value is None or isinstance(value, str):
        return value
    return _json(value)


def urn_kind(urn: Any) -> str | None:
    """`urn:li:image:C4E...` -> `image`."""
    if isinstance(urn, str) and urn.startswith("urn:li:") and urn.count(":") >= 3:
        return urn.split(":")[2]
    return None


def publish_day(post: Mapping[str, Any]) -> dt.date | None:
    """The post's partition day: UTC day of publishedAt, or createdAt when never published."""
    moment = from_epoch_ms(post.get("publishedAt")) or from_epoch_ms(post.get("createdAt"))
    return moment.date() if moment else None


def is_published(post: Mapping[str, Any]) -> bool:
    return post.get("lifecycleState") == "PUBLISHED"


def content_type_of(post: Mapping[str, Any]) -> str:
    content = post.get("content")
    if isinstance(content, Mapping):
        for key in content:
            return CONTENT_TYPES.get(key, str(key).upper())
    return "NONE"


@dataclass
class PostRows:
    """Everything one fetch of posts writes: the posts and their five child tables."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    hashtags: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    poll_options: list[dict[str, Any]] = field(default_factory=list)
    carousel_cards: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)

    def extend(self, other: PostRows) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))


def post_key(post: Mapping[str, Any], organization_id: int) -> dict[str, Any]:
    return {
        "post_urn": post["id"],
        "organization_id": organization_id,
        "post_published_on": publish_day(post),
    }


def post_row(post: Mapping[str, Any], organization_id: int) -> dict[str, Any]:
    """One `posts` row: every field of the Nekt and Kondado post lists."""
    content = post.get("content") if isinstance(post.get("content"), Mapping) else {}
    media = content.get("media") or {}
    article = content.get("article") or {}
    poll = content.get("poll") or {}
    celebration = content.get("celebration") or {}
    ad_context = post.get("adContext") or {}
    reshare = post.get("reshareContext") or {}
    commentary = parse_commentary(post.get("commentary"))
    return {
        "post_urn": post["id"],
        "organization_id": organization_id,
        "published_on": publish_day(post),
        "post_kind": urn_kind(post["id"]),
        "author_urn": post.get("author"),
        "published_at": from_epoch_ms(post.get("publishedAt")),
        "created_at": from_epoch_ms(post.get("createdAt")),
        "last_modified_at": from_epoch_ms(post.get("lastModifiedAt")),
        "lifecycle_state": post.get("lifecycleState"),
        "is_edited_by_author": dig(post, "lifecycleStateInfo", "isEditedByAuthor"),
        "content_status": dig(post, "lifecycleStateInfo", "contentStatus"),
        "review_status": dig(post, "lifecycleStateInfo", "reviewStatus"),
        "visibility": post.get("visibility"),
        "feed_distribution": dig(post, "distribution", "feedDistribution"),
        "target_entities": _json(dig(post, "distribution", "targetEntities")),
        "third_party_distribution_channels": _json(
            dig(post, "distribution", "thirdPartyDistributionChannels")
        ),
        "is_reshare_disabled_by_author": post.get("isReshareDisabledByAuthor"),
        "commentary": post.get("commentary"),
        "commentary_text": commentary.text if post.get("commentary") is not None else None,
        "hashtag_count": len(commentary.hashtags),
        "mention_count": len(commentary.mentions),
        "content_type": content_type_of(post),
        "media_type": MEDIA_TYPES.get(urn_kind(media.get("id")) or "") if media else None,
        "media_id": media.get("id"),
        "media_title": media.get("title"),
        "media_alt_text": media.get("altText"),
        "article_source": article.get("source"),
        "article_title": article.get("title"),
        "article_description": article.get("description"),
        "article_thumbnail": article.get("thumbnail"),
        "article_thumbnail_alt_text": article.get("thumbnailAltText"),
        "poll_question": poll.get("question"),
        "poll_duration": dig(poll, "settings", "duration"),
        "poll_vote_selection_type": dig(poll, "settings", "voteSelectionType"),
        "poll_is_voter_visible_to_author": dig(poll, "settings", "isVoterVisibleToAuthor"),
        "poll_unique_voters_count": _int(poll.get("uniqueVotersCount")),
        "poll_option_count": _count(poll.get("options")),
        "multi_image_count": _count(dig(content, "multiImage", "images")),
        "carousel_card_count": _count(dig(content, "carousel", "cards")),
        "celebration_type": celebration.get("type"),
        "celebration_media_id": dig(celebration, "media", "id"),
        "reference_id": dig(content, "reference", "id"),
        "content_landing_page": post.get("contentLandingPage"),
        "content_call_to_action_label": post.get("contentCallToActionLabel"),
        "is_reshare": bool(reshare),
        "reshare_parent_urn": reshare.get("parent"),
        "reshare_root_urn": reshare.get("root"),
        "is_dsc": bool(ad_context.get("isDsc")),
        "dsc_ad_account_urn": ad_context.get("dscAdAccount"),
        "dsc_ad_type": ad_context.get("dscAdType"),
        "dsc_name": ad_context.get("dscName"),
        "dsc_status": ad_context.get("dscStatus"),
        "ad_id": _text(ad_context.get("adId")),
        "ad_campaign_id": _text(ad_context.get("campaignId")),
        "_raw": raw_json(post),
    }


def hashtag_rows(post: Mapping[str, Any], organization_id: int) -> list[dict[str, Any]]:
    key = post_key(post, organization_id)
    return [
        {
            **key,
            "hashtag_index": index,
            "hashtag": tag.tag,
            "hashtag_normalized": tag.normalized,
            "source": tag.source,
            "char_offset": tag.offset,
            "_raw": raw_json({"markup": tag.markup, "offset": tag.offset}),
        }
        for index, tag in enumerate(parse_commentary(post.get("commentary")).hashtags)
    ]


def mention_rows(post: Mapping[str, Any], organization_id: int) -> list[dict[str, Any]]:
    key = post_key(post, organization_id)
    return [
        {
            **key,
            "mention_index": index,
            "fallback_text": mention.name,
            "target_urn": mention.target_urn,
            "target_type": mention.target_type,
            "target_id": mention.target_id,
            "char_offset": mention.offset,
            "_raw": raw_json({"markup": mention.markup, "offset": mention.offset}),
        }
        for index, mention in enumerate(parse_commentary(post.get("commentary")).mentions)
    ]


def poll_option_rows(post: Mapping[str, Any], organization_id: int) -> list[dict[str, Any]]:
    key = post_key(post, organization_id)
    options = dig(post, "content", "poll", "options") or []
    return [
        {
            **key,
            "option_index": index,
            "option_text": option.get("text"),
            "vote_count": _int(option.get("voteCount")),
            "is_voted_by_viewer": option.get("isVotedByViewer"),
            "_raw": raw_json(option),
        }
        for index, option in enumerate(options)
        if isinstance(option, Mapping)
    ]


def carousel_card_rows(post: Mapping[str, Any], organization_id: int) -> list[dict[str, Any]]:
    key = post_key(post, organization_id)
    cards = dig(post, "content", "carousel", "cards") or []
    return [
        {
            **key,
            "card_index": index,
            "landing_page": card.get("landingPage"),
            "media_id": dig(card, "media", "id"),
            "media_title": dig(card, "media", "title"),
            "_raw": raw_json(card),
        }
        for index, card in enumerate(cards)
        if isinstance(card, Mapping)
    ]


def _post_images(post: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """(role, {id, altText}) of every image of a post, in reading order."""
    content = post.get("content") if isinstance(post.get("content"), Mapping) else {}
    images: list[tuple[str, Mapping[str, Any]]] = []
    media = content.get("media") or {}
    if urn_kind(media.get("id")) == "image":
        images.append(("media", media))
    for image in dig(content, "multiImage", "images") or []:
        if isinstance(image, Mapping):
            images.append(("multi_image", image))
    celebration_media = dig(content, "celebration", "media") or {}
    if urn_kind(celebration_media.get("id")) == "image":
        images.append(("celebration", celebration_media))
    article = content.get("article") or {}
    if urn_kind(article.get("thumbnail")) == "image":
        thumbnail = {"id": article["thumbnail"], "altText": article.get("thumbnailAltText")}
        images.append(("article_thumbnail", thumbnail))
    return images


def image_rows(post: Mapping[str, Any], organization_id: int) -> list[dict[str, Any]]:
    key = post_key(post, organization_id)
    return [
        {
            **key,
            "image_index": index,
            "image_id": image.get("id"),
            "image_role": role,
            "alt_text": image.get("altText"),
            "_raw": raw_json(image),
        }
        for index, (role, image) in enumerate(_post_images(post))
    ]


def flatten_post(post: Mapping[str, Any], organization_id: int) -> PostRows:
    """A post and all its child rows."""
    return PostRows(
        posts=[post_row(post, organization_id)],
        hashtags=hashtag_rows(post, organization_id),
        mentions=mention_rows(post, organization_id),
        poll_options=poll_option_rows(post, organization_id),
        carousel_cards=carousel_card_rows(post, organization_id),
        images=image_rows(post, organization_id),
    )


# ------------------------------------------------------------------ post statistics


def post_statistics_row(
    element: Mapping[str, Any],
    snapshot_date: dt.date,
    organization_id: int,
    published_on: Mapping[str, dt.date | None],
) -> dict[str, Any] | None:
    """One lifetime-totals row of a per-post share statistics element; None when the
    element names no post we asked about (`published_on` maps the asked posts)."""
    post_urn = element.get("share") or element.get("ugcPost")
    if not isinstance(post_urn, str) or post_urn not in published_on:
        return None
    return {
        "snapshot_date": snapshot_date,
        "post_urn": post_urn,
        "organization_id": organization_id,
        "post_published_on": published_on[post_urn],
        **share_counters(element.get("totalShareStatistics")),
        "_raw": raw_json(element),
    }


# ---------------------------------------------------------------- comments, reactions


def comment_urn_of(comment: Mapping[str, Any], object_urn: str) -> str | None:
    urn = comment.get("commentUrn") or comment.get("$URN")
    if isinstance(urn, str) and urn:
        return urn
    if comment.get("id") is not None:
        return f"urn:li:comment:({object_urn},{comment['id']})"
    return None


def comment_row(
    comment: Mapping[str, Any], post: Mapping[str, Any], organization_id: int
) -> dict[str, Any]:
    actor = comment.get("actor")
    parent = comment.get("parentComment")
    return {
        "comment_urn": comment_urn_of(comment, post["id"]),
        **post_key(post, organization_id),
        "comment_id": _text(comment.get("id")),
        "object_urn": comment.get("object"),
        "actor_urn": actor,
        "actor_type": urn_kind(actor),
        "agent_urn": comment.get("agent"),
        "message_text": dig(comment, "message", "text"),
        "message_attributes": _json(dig(comment, "message", "attributes")),
        "content": _json(comment.get("content")),
        "parent_comment_urn": parent,
        "is_reply": parent is not None,
        "created_at": from_epoch_ms(dig(comment, "created", "time")),
        "last_modified_at": from_epoch_ms(dig(comment, "lastModified", "time")),
        "like_count": _int(dig(comment, "likesSummary", "totalLikes")),
        "aggregated_like_count": _int(dig(comment, "likesSummary", "aggregatedTotalLikes")),
        "reply_count": _int(dig(comment, "commentsSummary", "totalFirstLevelComments")),
        "aggregated_reply_count": _int(dig(comment, "commentsSummary", "aggregatedTotalComments")),
        "_raw": raw_json(comment),
    }


def reaction_row(
    reaction: Mapping[str, Any], post: Mapping[str, Any], organization_id: int
) -> dict[str, Any]:
    actor = reaction.get("actor") or dig(reaction, "created", "actor")
    return {
        "reaction_urn": reaction.get("id") or f"urn:li:reaction:({actor},{post['id']})",
        **post_key(post, organization_id),
        "actor_urn": actor,
        "actor_type": urn_kind(actor),
        "reaction_type": reaction.get("reactionType"),
        "root_urn": reaction.get("root"),
        "created_at": from_epoch_ms(dig(reaction, "created", "time")),
        "last_modified_at": from_epoch_ms(dig(reaction, "lastModified", "time")),
        "_raw": raw_json(reaction),
    }
