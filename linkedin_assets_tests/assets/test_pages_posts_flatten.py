"""Post, child-row, post-statistics, comment and reaction flatteners."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from linkedin_assets.assets.pages_frames import frame_for
from linkedin_assets.assets.pages_post_tables import (
    POST_CAROUSEL_CARDS,
    POST_COMMENTS,
    POST_HASHTAGS,
    POST_IMAGES,
    POST_MENTIONS,
    POST_POLL_OPTIONS,
    POST_REACTIONS,
    POST_STATISTICS,
    POSTS,
)
from linkedin_assets.assets.pages_posts_flatten import (
    comment_row,
    flatten_post,
    post_row,
    post_statistics_row,
    publish_day,
    reaction_row,
)

RESPONSES = Path(__file__).resolve().parents[1] / "fixtures" / "api_responses"
ORG = 2414183
AUTHOR = "urn:li:organization:2414183"
MS_2024_01_02 = 1704153600000


def recorded_post() -> dict:
    body = json.loads((RESPONSES / "posts_by_author.json").read_text())
    return body["response"]["elements"][0]


def post(**fields) -> dict:
    base = {
        "id": "urn:li:ugcPost:1",
        "author": AUTHOR,
        "commentary": "",
        "visibility": "PUBLIC",
        "distribution": {"feedDistribution": "MAIN_FEED", "thirdPartyDistributionChannels": []},
        "lifecycleState": "PUBLISHED",
        "lifecycleStateInfo": {"isEditedByAuthor": False},
        "createdAt": MS_2024_01_02 - 60_000,  # created the evening before, published after 0:00
        "publishedAt": MS_2024_01_02 + 5_000,
        "lastModifiedAt": MS_2024_01_02 + 9_000,
    }
    return {**base, **fields}


def test_recorded_single_image_post():
    element = recorded_post()
    rows = flatten_post(element, ORG)
    [row] = rows.posts
    assert row["post_urn"] == "urn:li:share:7045020441609936898"
    assert row["post_kind"] == "share"
    assert row["published_on"] == dt.date(2023, 3, 24)
    assert row["published_at"] == dt.datetime(2023, 3, 24, 13, 16, 4, 88000, tzinfo=dt.UTC)
    assert (row["content_type"], row["media_type"]) == ("MEDIA", "IMAGE")
    assert row["media_alt_text"] == "Image" and row["lifecycle_state"] == "PUBLISHED"
    assert row["is_edited_by_author"] is False and row["is_dsc"] is False
    assert row["commentary_text"] == "Don't forget the image."
    assert [(i["image_id"], i["image_role"]) for i in rows.images] == [
        ("urn:li:image:D4E10AQE71V5w_-aalA", "media")
    ]
    assert json.loads(row["_raw"]) == element
    assert frame_for(POSTS, rows.posts).height == 1


def test_publish_day_uses_published_at_then_created_at():
    assert publish_day(post()) == dt.date(2024, 1, 2)
    draft = post(lifecycleState="DRAFT")
    del draft["publishedAt"]
    assert publish_day(draft) == dt.date(2024, 1, 1)


def test_poll_post_with_options_hashtags_and_mentions():
    element = post(
        commentary=(
            "Wo steht Ihr Unternehmen? 🤔\nMit @[Hooli](urn:li:organization:1035303) ✨\n"
            "{hashtag|\\#|Cloud} {hashtag|\\#|Mittelstand}"
        ),
        content={
            "poll": {
                "question": "Wo steht Ihr Unternehmen?",
                "options": [
                    {"text": "Noch nicht gestartet", "voteCount": 28, "isVotedByViewer": False},
                    {"text": "Mittendrin", "voteCount": 17, "isVotedByViewer": True},
                ],
                "settings": {
                    "duration": "FOURTEEN_DAYS",
                    "voteSelectionType": "SINGLE_VOTE",
                    "isVoterVisibleToAuthor": True,
                },
                "uniqueVotersCount": 45,
            }
        },
    )
    rows = flatten_post(element, ORG)
    [row] = rows.posts
    assert row["content_type"] == "POLL" and row["poll_option_count"] == 2
    assert row["poll_duration"] == "FOURTEEN_DAYS" and row["poll_unique_voters_count"] == 45
    assert (row["hashtag_count"], row["mention_count"]) == (2, 1)
    assert [(o["option_index"], o["option_text"], o["vote_count"]) for o in rows.poll_options] == [
        (0, "Noch nicht gestartet", 28),
        (1, "Mittendrin", 17),
    ]
    assert [h["hashtag"] for h in rows.hashtags] == ["Cloud", "Mittelstand"]
    assert rows.hashtags[0]["hashtag_normalized"] == "cloud"
    [mention] = rows.mentions
    assert (mention["fallback_text"], mention["target_urn"]) == (
        "Hooli",
        "urn:li:organization:1035303",
    )
    assert all(r["post_published_on"] == dt.date(2024, 1, 2) for r in rows.hashtags)
    for spec, table in (
        (POST_POLL_OPTIONS, rows.poll_options),
        (POST_HASHTAGS, rows.hashtags),
        (POST_MENTIONS, rows.mentions),
    ):
        assert frame_for(spec, table).height == len(table)


def test_sponsored_carousel_post_has_cards_and_ad_context():
    element = post(
        distribution={"feedDistribution": "NONE", "targetEntities": []},
        content={
            "carousel": {
                "cards": [
                    {
                        "media": {"id": f"urn:li:image:C{i}", "title": f"Card {i}"},
                        "landingPage": f"https://x.example/lp?card={i}",
                    }
                    for i in (1, 2, 3)
                ]
            }
        },
        adContext={
            "dscAdAccount": "urn:li:sponsoredAccount:516976520",
            "dscAdType": "CAROUSEL",
            "dscName": "Carousel test",
            "dscStatus": "ARCHIVED",
            "isDsc": True,
        },
        contentLandingPage="https://x.example/lp",
        contentCallToActionLabel="LEARN_MORE",
    )
    rows = flatten_post(element, ORG)
    [row] = rows.posts
    assert row["is_dsc"] is True and row["dsc_ad_type"] == "CAROUSEL"
    assert row["dsc_ad_account_urn"] == "urn:li:sponsoredAccount:516976520"
    assert row["feed_distribution"] == "NONE" and row["carousel_card_count"] == 3
    assert row["content_call_to_action_label"] == "LEARN_MORE"
    assert [c["landing_page"] for c in rows.carousel_cards][-1] == "https://x.example/lp?card=3"
    assert rows.carousel_cards[1]["media_title"] == "Card 2"
    assert frame_for(POST_CAROUSEL_CARDS, rows.carousel_cards).height == 3


def test_images_of_multi_image_celebration_and_article_posts():
    multi = post(
        content={
            "multiImage": {
                "images": [
                    {"id": "urn:li:image:A", "altText": "one"},
                    {"id": "urn:li:image:B", "altText": "two"},
                ]
            }
        }
    )
    celebration = post(
        content={
            "celebration": {
                "type": "CELEBRATE_AWARD",
                "media": {"id": "urn:li:image:C", "altText": "award"},
            }
        }
    )
    article = post(
        content={
            "article": {
                "source": "https://x.example/blog",
                "title": "T",
                "thumbnail": "urn:li:image:D",
                "thumbnailAltText": "thumb",
            }
        }
    )
    multi_rows = flatten_post(multi, ORG)
    assert [(i["image_index"], i["image_role"], i["alt_text"]) for i in multi_rows.images] == [
        (0, "multi_image", "one"),
        (1, "multi_image", "two"),
    ]
    assert multi_rows.posts[0]["multi_image_count"] == 2
    assert flatten_post(celebration, ORG).images[0]["image_role"] == "celebration"
    assert flatten_post(celebration, ORG).posts[0]["celebration_type"] == "CELEBRATE_AWARD"
    article_rows = flatten_post(article, ORG)
    assert article_rows.images[0]["image_role"] == "article_thumbnail"
    assert article_rows.posts[0]["article_source"] == "https://x.example/blog"
    assert frame_for(POST_IMAGES, multi_rows.images).height == 2


def test_video_reshare_and_reference_posts():
    video = post_row(post(content={"media": {"id": "urn:li:video:V", "title": "Tour"}}), ORG)
    assert (video["content_type"], video["media_type"], video["media_title"]) == (
        "MEDIA",
        "VIDEO",
        "Tour",
    )
    reshare = post_row(
        post(reshareContext={"parent": "urn:li:share:9", "root": "urn:li:share:8"}), ORG
    )
    assert reshare["is_reshare"] is True and reshare["content_type"] == "NONE"
    assert (reshare["reshare_parent_urn"], reshare["reshare_root_urn"]) == (
        "urn:li:share:9",
        "urn:li:share:8",
    )
    reference = post_row(post(content={"reference": {"id": "urn:li:event:5"}}), ORG)
    assert (reference["content_type"], reference["reference_id"]) == ("REFERENCE", "urn:li:event:5")


def test_post_statistics_row_only_for_asked_posts():
    element = {
        "organizationalEntity": AUTHOR,
        "share": "urn:li:share:1",
        "totalShareStatistics": {
            "impressionCount": 400,
            "uniqueImpressionsCount": 320,
            "clickCount": 8,
            "likeCount": 15,
            "commentCount": 2,
            "shareCount": 3,
            "engagement": 0.07,
        },
    }
    today = dt.date(2024, 2, 1)
    published = {"urn:li:share:1": dt.date(2024, 1, 2)}
    row = post_statistics_row(element, today, ORG, published)
    assert row is not None
    assert (row["snapshot_date"], row["post_published_on"]) == (today, dt.date(2024, 1, 2))
    assert row["impression_count"] == 400 and row["engagement"] == 0.07
    assert frame_for(POST_STATISTICS, [row]).height == 1
    assert (
        post_statistics_row({**element, "share": "urn:li:share:2"}, today, ORG, published) is None
    )


def test_comment_and_reply_rows():
    parent_urn = "urn:li:comment:(urn:li:activity:1,11)"
    comment = {
        "id": "12",
        "commentUrn": "urn:li:comment:(urn:li:activity:1,12)",
        "actor": "urn:li:organization:2414183",
        "agent": "urn:li:person:abc",
        "object": "urn:li:ugcPost:1",
        "message": {"text": "Danke, Emma! 🙏", "attributes": [{"start": 7, "length": 4}]},
        "created": {"time": MS_2024_01_02 + 3_600_000},
        "lastModified": {"time": MS_2024_01_02 + 3_600_000},
        "likesSummary": {"totalLikes": 2, "aggregatedTotalLikes": 2},
        "commentsSummary": {"totalFirstLevelComments": 0, "aggregatedTotalComments": 0},
        "parentComment": parent_urn,
    }
    row = comment_row(comment, post(), ORG)
    assert row["comment_urn"] == "urn:li:comment:(urn:li:activity:1,12)"
    assert (row["actor_type"], row["agent_urn"]) == ("organization", "urn:li:person:abc")
    assert row["is_reply"] is True and row["parent_comment_urn"] == parent_urn
    assert row["message_text"] == "Danke, Emma! 🙏" and row["like_count"] == 2
    assert row["post_published_on"] == dt.date(2024, 1, 2)
    without_urn = comment_row({"id": "13", "actor": "urn:li:person:p"}, post(), ORG)
    assert without_urn["comment_urn"] == "urn:li:comment:(urn:li:ugcPost:1,13)"
    assert without_urn["is_reply"] is False
    assert frame_for(POST_COMMENTS, [row, without_urn]).height == 2


def test_reaction_row():
    reaction = {
        "id": "urn:li:reaction:(urn:li:person:p,urn:li:activity:1)",
        "actor": "urn:li:person:p",
        "reactionType": "PRAISE",
        "root": "urn:li:ugcPost:1",
        "created": {"actor": "urn:li:person:p", "time": MS_2024_01_02},
    }
    row = reaction_row(reaction, post(), ORG)
    assert (row["reaction_type"], row["actor_type"]) == ("PRAISE", "person")
    assert row["created_at"] == dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    assert frame_for(POST_REACTIONS, [row]).height == 1
