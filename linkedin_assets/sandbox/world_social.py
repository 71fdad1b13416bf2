"""Post engagement: lifetime post statistics, daily share statistics, comments and reactions.

A post collects its lifetime totals over the days after publishing along a fixed curve
(about half on day one, practically all after three weeks). The visible total on any day is
``floor(total x curve(age))``, so a page's daily share statistics - the sum of its posts'
day-over-day increments - add up exactly to the posts' lifetime statistics, and the comment
and reaction lists of a post are exactly as long as its commentCount and likeCount.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from linkedin_assets.sandbox import content
from linkedin_assets.sandbox.world_common import (
    DAY_MS,
    activity_id,
    largest_remainder,
    ordinal_ms,
    person_urn,
    rng_for,
    stable_int,
    unit_mix,
)
from linkedin_assets.sandbox.world_posts import POLL_DURATIONS, PostPlan

CURVE_DAYS = 20
SHARE_KEYS = (
    "impressionCount",
    "uniqueImpressionsCount",
    "clickCount",
    "likeCount",
    "commentCount",
    "shareCount",
)
REACTION_TYPES = ("LIKE", "PRAISE", "EMPATHY", "INTEREST", "APPRECIATION", "ENTERTAINMENT")
REACTION_WEIGHTS = (0.62, 0.12, 0.09, 0.08, 0.06, 0.03)


def visible_fraction(age_days: int) -> float:
    """Share of a post's lifetime engagement that exists by the end of day ``age_days``."""
    if age_days < 0:
        return 0.0
    if age_days >= CURVE_DAYS:
        return 1.0
    return 1.0 - math.exp(-(age_days + 1) / 1.6)


def visible(total: int, age_days: int) -> int:
    return int(total * visible_fraction(age_days))


@dataclass(frozen=True)
class PaidSocial:
    """Social actions on a sponsored post, summed from its creatives' ad metrics."""

    reactions: int
    comments: int
    first_ord: int
    last_ord: int


class PostEngagement:
    def __init__(
        self,
        seed: int,
        posts: list[PostPlan],
        today_ord: int,
        member_urn: str,
        paid_social: Callable[[PostPlan], PaidSocial],
    ) -> None:
        self._seed = seed
        self._today_ord = today_ord
        self._member_urn = member_urn
        self._paid_social = paid_social
        self._posts = {plan.urn: plan for plan in posts}
        self._by_org_day: dict[tuple[int, int], list[PostPlan]] = {}
        for plan in posts:
            if plan.organic:
                self._by_org_day.setdefault((plan.organization.id, plan.publish_ord), []).append(
                    plan
                )
        for plan in posts:
            if plan.content_type == "POLL" and plan.organic:
                self._add_poll_votes(plan)

    # ------------------------------------------------------------ statistics

    def post_statistics(self, post_urn: str) -> dict | None:
        plan = self._posts.get(post_urn)
        if plan is None or not plan.organic or plan.publish_ord > self._today_ord:
            return None
        age = self._today_ord - plan.publish_ord
        stats = {key: visible(plan.totals[key], age) for key in SHARE_KEYS}
        stats["shareMentionsCount"] = plan.totals["shareMentionsCount"] if age > 0 else 0
        stats["commentMentionsCount"] = min(
            plan.totals["commentMentionsCount"], stats["commentCount"]
        )
        stats["engagement"] = _engagement(stats)
        return stats

    def share_statistics(self, organization_id: int, ordinal: int) -> dict:
        totals = dict.fromkeys(SHARE_KEYS, 0)
        if ordinal <= self._today_ord:
            for published in range(ordinal - CURVE_DAYS, ordinal + 1):
                for plan in self._by_org_day.get((organization_id, published), ()):
                    age = ordinal - published
                    for key in SHARE_KEYS:
                        total = plan.totals[key]
                        totals[key] += visible(total, age) - visible(total, age - 1)
        totals["engagement"] = _engagement(totals)
        return totals

    def share_lifetime(self, organization_id: int) -> dict:
        totals = dict.fromkeys((*SHARE_KEYS, "shareMentionsCount", "commentMentionsCount"), 0)
        for plan in self._posts.values():
            if plan.organization.id == organization_id:
                stats = self.post_statistics(plan.urn)
                if stats:
                    for key in totals:
                        totals[key] += stats[key]
        totals["engagement"] = _engagement(totals)
        return totals

    def impressions_on(self, organization_id: int, ordinal: int) -> int:
        return self.share_statistics(organization_id, ordinal)["impressionCount"]

    # ------------------------------------------------------- comments, reactions

    def comments_for(self, post_urn: str) -> list[dict]:
        plan = self._posts.get(post_urn)
        if plan is None or plan.lifecycle != "PUBLISHED":
            return []
        times = self._timeline(plan, "comments")
        rng = rng_for(self._seed, "comments", post_urn)
        comments: list[dict] = []
        top_level: list[int] = []
        for index, time in enumerate(times):
            is_reply = bool(top_level) and rng.random() < 0.3
            parent = comments[top_level[rng.randrange(len(top_level))]] if is_reply else None
            comments.append(self._comment(plan, index, time, rng, parent))
            if parent is None:
                top_level.append(index)
        replies: dict[str, int] = {}
        for comment in comments:
            if "parentComment" in comment:
                replies[comment["parentComment"]] = replies.get(comment["parentComment"], 0) + 1
        for comment in comments:
            count = replies.get(comment["commentUrn"], 0)
            comment["commentsSummary"] = {
                "totalFirstLevelComments": count,
                "aggregatedTotalComments": count,
            }
            del comment["_name"]  # the commenter's first name was only needed for replies
        return comments

    def reactions_for(self, post_urn: str) -> list[dict]:
        plan = self._posts.get(post_urn)
        if plan is None or plan.lifecycle != "PUBLISHED":
            return []
        reactions = []
        for index, time in enumerate(self._timeline(plan, "reactions")):
            actor = person_urn(self._seed, "reactor", post_urn, index)
            draw = unit_mix(stable_int(self._seed, "reaction", post_urn), index)
            reaction_type = _weighted(draw, REACTION_TYPES, REACTION_WEIGHTS)
            reactions.append(
                {
                    "id": f"urn:li:reaction:({actor},{plan.activity_urn})",
                    "actor": actor,
                    "reactionType": reaction_type,
                    "root": plan.urn,
                    "created": {"actor": actor, "time": time},
                    "lastModified": {"actor": actor, "time": time},
                }
            )
        return reactions

    def _timeline(self, plan: PostPlan, what: str) -> list[int]:
        """Timestamps (ms, ascending) of the post's comments or reactions visible today."""
        if plan.organic:
            total = plan.totals["commentCount" if what == "comments" else "likeCount"]
            age = self._today_ord - plan.publish_ord
            count = visible(total, age)
            days = [_first_day_reaching(total, index) for index in range(count)]
            start_ms = plan.published_ms or plan.created_ms
            return _spread(days, plan.publish_ord, start_ms)
        paid = self._paid_social(plan)
        count = paid.comments if what == "comments" else paid.reactions
        span = max(1, paid.last_ord - paid.first_ord + 1)
        days = [index * span // max(count, 1) for index in range(count)]
        return _spread(days, paid.first_ord, max(plan.created_ms, ordinal_ms(paid.first_ord)))

    def _comment(
        self, plan: PostPlan, index: int, time: int, rng: random.Random, parent: dict | None
    ) -> dict:
        language = plan.language
        number = activity_id(time, self._seed, "comment", plan.urn, index)
        urn = f"urn:li:comment:({plan.activity_urn},{number})"
        attributes: list[dict] = []
        agent = None
        if parent is not None and rng.random() < 0.45:
            actor = plan.organization.urn
            agent = self._member_urn
            name = parent["_name"]
            text = content.reply_text(rng, language, name)
            attributes.append(
                {
                    "start": text.index(name),
                    "length": len(name),
                    "value": {
                        "com.linkedin.common.MemberAttributedEntity": {"member": parent["actor"]}
                    },
                }
            )
            display = ""
        else:
            actor = person_urn(self._seed, "commenter", plan.urn, index)
            first, _last = content.person_name(rng)
            display = first
            text = content.comment_text(rng, language)
        likes = int(rng.random() ** 2 * 6)
        comment = {
            "id": str(number),
            "commentUrn": urn,
            "$URN": urn,
            "actor": actor,
            "object": plan.urn,
            "message": {"text": text, "attributes": attributes},
            "created": {"actor": actor, "time": time},
            "lastModified": {"actor": actor, "time": time},
            "likesSummary": {
                "totalLikes": likes,
                "aggregatedTotalLikes": likes,
                "likedByCurrentUser": False,
                "selectedLikes": [],
            },
        }
        if agent is not None:
            comment["agent"] = agent
        if parent is not None:
            comment["parentComment"] = parent["commentUrn"]
        comment["_name"] = display
        return comment

    def _add_poll_votes(self, plan: PostPlan) -> None:
        poll = plan.element["content"]["poll"]
        duration_days = dict(POLL_DURATIONS)[poll["settings"]["duration"]]
        age = min(self._today_ord - plan.publish_ord, duration_days - 1)
        voters = visible(int(plan.totals["likeCount"] * 1.6) + 3, age)
        weights = [
            1 + unit_mix(stable_int(self._seed, "poll", plan.urn), index) * 3
            for index in range(len(poll["options"]))
        ]
        for option, votes in zip(poll["options"], largest_remainder(voters, weights), strict=True):
            option["voteCount"] = votes
            option["isVotedByViewer"] = False
        poll["uniqueVotersCount"] = voters


def _engagement(stats: dict) -> float:
    impressions = stats["impressionCount"]
    if impressions <= 0:
        return 0.0
    interactions = (
        stats["clickCount"] + stats["likeCount"] + stats["commentCount"] + stats["shareCount"]
    )
    # A quiet day can see late likes on old posts with almost no new impressions; cap at 1.
    return min(1.0, round(interactions / impressions, 6))


def _first_day_reaching(total: int, index: int) -> int:
    for age in range(CURVE_DAYS + 1):
        if visible(total, age) > index:
            return age
    return CURVE_DAYS


def _spread(days: list[int], first_ord: int, start_ms: int) -> list[int]:
    """Timestamps for events on the given day offsets, evenly spaced and strictly ascending."""
    per_day: dict[int, int] = {}
    for day in days:
        per_day[day] = per_day.get(day, 0) + 1
    seen: dict[int, int] = {}
    times = []
    for day in days:
        day_start = max(ordinal_ms(first_ord + day), start_ms + 60_000)
        day_end = ordinal_ms(first_ord + day) + DAY_MS - 1
        rank = seen.get(day, 0)
        seen[day] = rank + 1
        step = max(1, (day_end - day_start) // (per_day[day] + 1))
        times.append(day_start + step * (rank + 1))
    return times


def _weighted(draw: float, items: tuple[str, ...], weights: tuple[float, ...]) -> str:
    running = 0.0
    for item, weight in zip(items, weights, strict=True):
        running += weight
        if draw < running:
            return item
    return items[-1]
