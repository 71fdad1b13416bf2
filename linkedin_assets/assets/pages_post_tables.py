"""Tables of the post assets: posts and their child tables, post statistics snapshots,
comments and reactions. Child rows carry the post's publish day so a partition window
replaces exactly the rows of the posts published in it."""

from __future__ import annotations

from linkedin_assets.assets.pages_tables import COMMON_DOCS, SHARE_COUNTERS
from linkedin_assets.storage import TableSpec

POST_KEY = {
    "post_urn": "VARCHAR",
    "organization_id": "BIGINT",
    "post_published_on": "DATE",
}

POSTS = TableSpec(
    name="posts",
    columns={
        "post_urn": "VARCHAR",
        "organization_id": "BIGINT",
        "published_on": "DATE",
        "post_kind": "VARCHAR",
        "author_urn": "VARCHAR",
        "published_at": "TIMESTAMPTZ",
        "created_at": "TIMESTAMPTZ",
        "last_modified_at": "TIMESTAMPTZ",
        "lifecycle_state": "VARCHAR",
        "is_edited_by_author": "BOOLEAN",
        "content_status": "VARCHAR",
        "review_status": "VARCHAR",
        "visibility": "VARCHAR",
        "feed_distribution": "VARCHAR",
        "target_entities": "JSON",
        "third_party_distribution_channels": "JSON",
        "is_reshare_disabled_by_author": "BOOLEAN",
        "commentary": "VARCHAR",
        "commentary_text": "VARCHAR",
        "hashtag_count": "INTEGER",
        "mention_count": "INTEGER",
        "content_type": "VARCHAR",
        "media_type": "VARCHAR",
        "media_id": "VARCHAR",
        "media_title": "VARCHAR",
        "media_alt_text": "VARCHAR",
        "article_source": "VARCHAR",
        "article_title": "VARCHAR",
        "article_description": "VARCHAR",
        "article_thumbnail": "VARCHAR",
        "article_thumbnail_alt_text": "VARCHAR",
        "poll_question": "VARCHAR",
        "poll_duration": "VARCHAR",
        "poll_vote_selection_type": "VARCHAR",
        "poll_is_voter_visible_to_author": "BOOLEAN",
        "poll_unique_voters_count": "BIGINT",
        "poll_option_count": "INTEGER",
        "multi_image_count": "INTEGER",
        "carousel_card_count": "INTEGER",
        "celebration_type": "VARCHAR",
        "celebration_media_id": "VARCHAR",
        "reference_id": "VARCHAR",
        "content_landing_page": "VARCHAR",
        "content_call_to_action_label": "VARCHAR",
        "is_reshare": "BOOLEAN",
        "reshare_parent_urn": "VARCHAR",
        "reshare_root_urn": "VARCHAR",
        "is_dsc": "BOOLEAN",
        "dsc_ad_account_urn": "VARCHAR",
        "dsc_ad_type": "VARCHAR",
        "dsc_name": "VARCHAR",
        "dsc_status": "VARCHAR",
        "ad_id": "VARCHAR",
        "ad_campaign_id": "VARCHAR",
    },
    primary_key=("post_urn",),
)

POST_HASHTAGS = TableSpec(
    name="post_hashtags",
    columns={
        **POST_KEY,
        "hashtag_index": "INTEGER",
        "hashtag": "VARCHAR",
        "hashtag_normalized": "VARCHAR",
        "source": "VARCHAR",
        "char_offset": "INTEGER",
    },
    primary_key=("post_urn", "hashtag_index"),
)

POST_MENTIONS = TableSpec(
    name="post_mentions",
    columns={
        **POST_KEY,
        "mention_index": "INTEGER",
        "fallback_text": "VARCHAR",
        "target_urn": "VARCHAR",
        "target_type": "VARCHAR",
        "target_id": "VARCHAR",
        "char_offset": "INTEGER",
    },
    primary_key=("post_urn", "mention_index"),
)

POST_POLL_OPTIONS = TableSpec(
    name="post_poll_options",
    columns={
        **POST_KEY,
        "option_index": "INTEGER",
        "option_text": "VARCHAR",
        "vote_count": "BIGINT",
        "is_voted_by_viewer": "BOOLEAN",
    },
    primary_key=("post_urn", "option_index"),
)

POST_CAROUSEL_CARDS = TableSpec(
    name="post_carousel_cards",
    columns={
        **POST_KEY,
        "card_index": "INTEGER",
        "landing_page": "VARCHAR",
        "media_id": "VARCHAR",
        "media_title": "VARCHAR",
    },
    primary_key=("post_urn", "card_index"),
)

POST_IMAGES = TableSpec(
    name="post_images",
    columns={
        **POST_KEY,
        "image_index": "INTEGER",
        "image_id": "VARCHAR",
        "image_role": "VARCHAR",
        "alt_text": "VARCHAR",
    },
    primary_key=("post_urn", "image_index"),
)

POST_STATISTICS = TableSpec(
    name="post_statistics",
    columns={"snapshot_date": "DATE", **POST_KEY, **SHARE_COUNTERS},
    primary_key=("snapshot_date", "post_urn"),
)

POST_COMMENTS = TableSpec(
    name="post_comments",
    columns={
        "comment_urn": "VARCHAR",
        **POST_KEY,
        "comment_id": "VARCHAR",
        "object_urn": "VARCHAR",
        "actor_urn": "VARCHAR",
        "actor_type": "VARCHAR",
        "agent_urn": "VARCHAR",
        "message_text": "VARCHAR",
        "message_attributes": "JSON",
        "content": "JSON",
        "parent_comment_urn": "VARCHAR",
        "is_reply": "BOOLEAN",
        "created_at": "TIMESTAMPTZ",
        "last_modified_at": "TIMESTAMPTZ",
        "like_count": "BIGINT",
        "aggregated_like_count": "BIGINT",
        "reply_count": "BIGINT",
        "aggregated_reply_count": "BIGINT",
    },
    primary_key=("comment_urn",),
)

POST_REACTIONS = TableSpec(
    name="post_reactions",
    columns={
        "reaction_urn": "VARCHAR",
        **POST_KEY,
        "actor_urn": "VARCHAR",
        "actor_type": "VARCHAR",
        "reaction_type": "VARCHAR",
        "root_urn": "VARCHAR",
        "created_at": "TIMESTAMPTZ",
        "last_modified_at": "TIMESTAMPTZ",
    },
    primary_key=("reaction_urn",),
)

POST_DOCS = {
    **COMMON_DOCS,
    "post_urn": "urn:li:share:N or urn:li:ugcPost:N.",
    "published_on": (
        "UTC day of publishedAt (createdAt for posts never published, e.g. drafts): the partition."
    ),
    "post_published_on": "UTC publish day of the post (the partition).",
    "post_kind": "share or ugcPost.",
    "commentary": "Commentary as LinkedIn sent it (little-text markup).",
    "commentary_text": "Commentary as readers see it: markup rendered, escapes removed.",
    "content_type": (
        "Key of the content block: MEDIA, ARTICLE, MULTI_IMAGE, POLL, CAROUSEL, CELEBRATION, "
        "REFERENCE; NONE for text-only posts and plain reshares."
    ),
    "media_type": "IMAGE, VIDEO or DOCUMENT (from the media URN) for MEDIA posts.",
    "is_dsc": "Direct Sponsored Content (a dark post made for an ad).",
    "hashtag_index": "Position of the hashtag in the commentary (0-based).",
    "source": "markup ({hashtag|\\#|tag}) or plain_text (#tag).",
    "fallback_text": "The mention's display name in the commentary.",
    "target_urn": "The mentioned entity (organization or person URN).",
    "image_role": "media, multi_image, celebration or article_thumbnail.",
    "snapshot_date": "UTC date of the run: lifetime totals as of that day.",
    "engagement": "(clicks + likes + comments + shares) / impressions, as LinkedIn computes it.",
    "parent_comment_urn": "The comment this one replies to (NULL for first-level comments).",
    "reaction_type": "LIKE, PRAISE, EMPATHY, INTEREST, APPRECIATION or ENTERTAINMENT.",
}
