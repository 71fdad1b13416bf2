"""Posts, comments, reactions and lead gen of the World."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from linkedin_assets.sandbox.world import World, WorldConfig

TODAY = dt.date(2026, 5, 20)
HASHTAG = re.compile(r"\{hashtag\|\\#\|[^}]+\}")
MENTION = re.compile(r"@\[[^\]]+\]\(urn:li:organization:\d+\)")


@pytest.fixture(scope="module")
def world() -> World:
    return World(WorldConfig(today=TODAY))


def content_type(post: dict) -> str:
    if "reshareContext" in post:
        return "RESHARE"
    block = post.get("content")
    if not block:
        return "TEXT"
    key = next(iter(block))
    if key == "media":
        return block["media"]["id"].split(":")[2].upper()
    return {"multiImage": "MULTI_IMAGE"}.get(key, key.upper())


def test_every_content_type_and_lifecycle_appears(world: World) -> None:
    types = Counter(content_type(post) for post in world.posts)
    assert set(types) == {
        "TEXT",
        "IMAGE",
        "VIDEO",
        "DOCUMENT",
        "ARTICLE",
        "POLL",
        "MULTI_IMAGE",
        "CAROUSEL",
        "CELEBRATION",
        "RESHARE",
    }
    assert {post["lifecycleState"] for post in world.posts} == {"PUBLISHED", "DRAFT"}
    assert any(post["lifecycleStateInfo"]["isEditedByAuthor"] for post in world.posts)
    for post in world.posts:
        if post["lifecycleState"] == "DRAFT":
            assert "publishedAt" not in post
        else:
            assert post["publishedAt"] >= post["createdAt"]
        assert post["lastModifiedAt"] >= post["createdAt"]


def test_post_ids_are_shares_or_ugc_posts_that_encode_their_creation_time(world: World) -> None:
    kinds = Counter(post["id"].split(":")[2] for post in world.posts)
    assert set(kinds) == {"share", "ugcPost"}
    for post in world.posts:
        number = int(post["id"].rsplit(":", 1)[1])
        assert abs((number >> 22) - post["createdAt"]) < 1_000


def test_commentary_carries_little_text_markup_and_many_scripts(world: World) -> None:
    texts = [post["commentary"] for post in world.posts]
    assert sum(bool(HASHTAG.search(text)) for text in texts) > len(texts) / 2
    assert any(MENTION.search(text) for text in texts)
    assert any("\n" in text for text in texts)
    assert any(re.search(r"[äöüß]", text) for text in texts)
    assert any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) for text in texts)  # Japanese
    assert any(re.search(r"[\u0600-\u06ff]", text) for text in texts)  # Arabic
    assert any(re.search(r"[\U0001F300-\U0001FAFF]", text) for text in texts)  # emoji
    assert any("\\(" in text for text in texts)  # escaped reserved characters


def test_sponsored_posts_and_structured_content(world: World) -> None:
    carousels = [post for post in world.posts if content_type(post) == "CAROUSEL"]
    assert carousels and all(post["adContext"]["isDsc"] for post in carousels)
    assert all(
        post["distribution"]["feedDistribution"] == "NONE"
        for post in world.posts
        if "adContext" in post
    )
    assert all(len(post["content"]["carousel"]["cards"]) >= 3 for post in carousels)
    polls = [
        post["content"]["poll"]
        for post in world.posts
        if content_type(post) == "POLL" and post["lifecycleState"] == "PUBLISHED"
    ]
    assert polls
    for poll in polls:
        assert poll["question"] and len(poll["options"]) >= 2
        assert poll["settings"]["duration"] in {
            "ONE_DAY",
            "THREE_DAYS",
            "SEVEN_DAYS",
            "FOURTEEN_DAYS",
        }
        assert sum(option["voteCount"] for option in poll["options"]) == poll["uniqueVotersCount"]
    articles = [
        post["content"]["article"] for post in world.posts if content_type(post) == "ARTICLE"
    ]
    assert all(
        article["source"].startswith("https://") and article["title"] for article in articles
    )


def test_comments_and_reactions_match_post_statistics(world: World) -> None:
    reaction_types: Counter = Counter()
    checked = 0
    for post in world.posts[::3]:
        statistics = world.post_statistics(post["id"])
        comments = world.comments_for(post["id"])
        reactions = world.reactions_for(post["id"])
        reaction_types.update(reaction["reactionType"] for reaction in reactions)
        if statistics is None:
            continue
        checked += 1
        assert len(comments) == statistics["commentCount"]
        assert len(reactions) == statistics["likeCount"]
        assert statistics["uniqueImpressionsCount"] <= statistics["impressionCount"]
        urns = {comment["commentUrn"] for comment in comments}
        times = [comment["created"]["time"] for comment in comments]
        assert times == sorted(times)
        for comment in comments:
            assert comment["object"] == post["id"] and comment["message"]["text"]
            assert comment.get("parentComment", next(iter(urns))) in urns
        assert len({reaction["actor"] for reaction in reactions}) == len(reactions)
    assert checked > 50
    assert set(reaction_types) == {
        "LIKE",
        "PRAISE",
        "EMPATHY",
        "INTEREST",
        "APPRECIATION",
        "ENTERTAINMENT",
    }


def test_drafts_and_sponsored_posts_have_no_organic_statistics(world: World) -> None:
    for post in world.posts:
        if post["lifecycleState"] == "DRAFT":
            assert world.post_statistics(post["id"]) is None
            assert world.comments_for(post["id"]) == [] and world.reactions_for(post["id"]) == []
        elif "adContext" in post:
            assert world.post_statistics(post["id"]) is None
    assert world.post_statistics("urn:li:share:1") is None


def test_sponsored_posts_collect_the_social_actions_of_their_ads(world: World) -> None:
    sponsored = {creative["content"].get("reference") for creative in world.creatives}
    dark = [post for post in world.posts if "adContext" in post and post["id"] in sponsored]
    with_reactions = [post for post in dark if world.reactions_for(post["id"])]
    assert with_reactions
    for post in with_reactions[:5]:
        times = [reaction["created"]["time"] for reaction in world.reactions_for(post["id"])]
        assert times == sorted(times) and times[0] >= post["createdAt"]


def test_replies_come_from_the_page_and_mention_the_commenter(world: World) -> None:
    replies = [
        comment
        for post in world.posts
        if world.post_statistics(post["id"])
        for comment in world.comments_for(post["id"])
        if comment.get("agent")
    ]
    assert replies
    for reply in replies:
        assert (
            reply["actor"].startswith("urn:li:organization:") and reply["agent"] == world.member_urn
        )
        attribute = reply["message"]["attributes"][0]
        mentioned = reply["message"]["text"][
            attribute["start"] : attribute["start"] + attribute["length"]
        ]
        assert (
            mentioned and attribute["value"]["com.linkedin.common.MemberAttributedEntity"]["member"]
        )


def test_lead_responses_match_the_leads_ad_analytics_report(world: World) -> None:
    forms = {form["id"]: form for form in world.lead_forms}
    assert forms
    leads_reported = 0
    lead_campaigns = {
        f"urn:li:sponsoredCampaign:{c['id']}"
        for c in world.campaigns
        if c["objectiveType"] == "LEAD_GENERATION"
    }
    for creative in world.creatives:
        if creative["campaign"] in lead_campaigns:
            for offset in range(451):
                metrics = world.creative_metrics(
                    creative["id"], TODAY - dt.timedelta(days=offset), ["oneClickLeads"]
                )
                leads_reported += metrics["oneClickLeads"] if metrics else 0
    responses = world.lead_form_responses
    assert sum(not response["testLead"] for response in responses) == leads_reported > 0
    assert any(response["testLead"] for response in responses)
    for response in responses:
        form_id = int(
            re.search(r"leadGenForm:(\d+),", response["versionedLeadGenFormUrn"]).group(1)
        )
        question_ids = {
            question["questionId"] for question in forms[form_id]["content"]["questions"]
        }
        assert {
            answer["questionId"] for answer in response["formResponse"]["answers"]
        } <= question_ids
        assert response["leadMetadata"]["sponsoredLeadMetadata"]["campaign"] in lead_campaigns
    submitted = [response["submittedAt"] for response in responses]
    assert submitted == sorted(submitted)
