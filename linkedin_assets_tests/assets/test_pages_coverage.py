"""Issue 5's coverage promises, proven end to end against the sandbox:

- a backfill over 18 months stores exactly the days LinkedIn can answer (the last 12 months,
  not the newest ~2 days) and reports the rest as unavailable, in metadata and in the log;
- every content type of the sandbox's posts lands with its child rows, and commentary with
  emoji, non-Latin scripts and newlines is stored byte for byte.

Expectations are computed here from the sandbox world and the sandbox's own refusals, never
from the assets' helpers, so a wrong clamp or flattener fails these tests.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from linkedin_assets.assets import pages as page_assets
from linkedin_assets.assets import pages_posts
from linkedin_assets.assets.pages_scope import utc_today
from linkedin_assets.linkedin import pages
from linkedin_assets.linkedin.errors import LinkedInAPIError
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource
from linkedin_assets.sandbox.world import World
from linkedin_assets.storage import DuckDBStore

STATISTICS = {
    "follower_statistics": (page_assets.follower_statistics, pages.follower_statistics),
    "page_statistics": (page_assets.page_statistics, pages.page_statistics),
    "share_statistics": (page_assets.share_statistics, pages.share_statistics),
}


def _resources(path: Path) -> dict[str, Any]:
    return {
        "linkedin": LinkedInResource(sandbox=True),
        "warehouse": WarehouseResource(path=str(path), mode=SANDBOX),
    }


def _range_tags(first: dt.date, last: dt.date) -> dict[str, str]:
    return {
        "dagster/asset_partition_range_start": first.isoformat(),
        "dagster/asset_partition_range_end": last.isoformat(),
    }


def _metadata(result: dg.ExecuteInProcessResult) -> dict[str, dict[str, Any]]:
    return {
        event.materialization.asset_key.to_user_string(): {
            key: getattr(value, "value", value)
            for key, value in event.materialization.metadata.items()
        }
        for event in result.get_asset_materialization_events()
    }


def _query(path: Path, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    with DuckDBStore(path).connect(read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _same_day_months_back(day: dt.date, months: int) -> dt.date:
    """Calendar arithmetic of our own (31 Mar - 1 month = 28/29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return dt.date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def world() -> World:
    """The world behind LinkedInResource(sandbox=True): what the API serves."""
    return LinkedInResource(sandbox=True).sandbox_instance().world


@pytest.fixture(scope="module")
def administered(world) -> list[str]:
    """Organization URNs the sandbox member administers (the ones the assets cover)."""
    return sorted(
        acl["organization"]
        for acl in world.organization_acls
        if acl["roleAssignee"] == world.member_urn
        and acl["role"] == "ADMINISTRATOR"
        and acl["state"] == "APPROVED"
    )


# ------------------------------------------------- 18-month backfill of page statistics


def _answers(client, builder, organization_id: int, day: dt.date) -> bool:
    """Does the sandbox answer a one-day time-bound request for `day`? (400 = refused)."""
    try:
        client.send(builder(organization_id, day, day + dt.timedelta(days=1)))
    except LinkedInAPIError as error:
        assert error.status == 400, error
        return False
    return True


def test_an_18_month_backfill_stores_the_last_12_months_and_reports_the_rest(
    tmp_path, administered
):
    today = utc_today()
    first = _same_day_months_back(today, 18)
    last = today - dt.timedelta(days=1)  # the newest daily partition
    # LinkedIn's window, from the sandbox's own answers: `year_ago` is the oldest day it serves,
    # today - 2 the newest. The assets keep a one-day margin at the old edge (a run crossing
    # midnight UTC must not be refused), so storing starts the day after.
    year_ago = _same_day_months_back(today, 12)
    newest = today - dt.timedelta(days=2)
    organization_ids = [int(urn.rsplit(":", 1)[1]) for urn in administered]
    linkedin = LinkedInResource(sandbox=True)
    with linkedin.get_client() as client:
        for name, (_, builder) in STATISTICS.items():
            for organization_id in organization_ids:
                probes = {
                    day: _answers(client, builder, organization_id, day)
                    for day in (year_ago - dt.timedelta(days=1), year_ago, newest, last)
                }
                assert list(probes.values()) == [False, True, True, False], (name, probes)
    oldest_stored = year_ago + dt.timedelta(days=1)
    expected_days = [
        oldest_stored + dt.timedelta(days=n) for n in range((newest - oldest_stored).days + 1)
    ]
    assert len(expected_days) >= 360

    # The default partitions may start later than 18 months ago: the same assets on an
    # earlier start, so the range really spans 18 months.
    early = dg.DailyPartitionsDefinition(start_date=first.isoformat(), timezone="UTC")
    assets = dg.map_asset_specs(
        lambda spec: spec.replace_attributes(partitions_def=early),
        [asset for asset, _ in STATISTICS.values()],
    )
    path = tmp_path / "backfill.duckdb"
    ledger = linkedin.sandbox_instance().ledger
    before = len(ledger)
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        assets, resources=_resources(path), instance=instance, tags=_range_tags(first, last)
    )
    assert result.success
    sent = ledger.entries[before:]

    too_old = (oldest_stored - first).days
    metadata = _metadata(result)
    assert set(metadata) == set(STATISTICS)
    for name, (_, builder) in STATISTICS.items():
        endpoint = builder(organization_ids[0], first, last).endpoint
        # Stored: exactly the answerable days, for every organization, nothing older or newer.
        stored = _query(
            path,
            f"SELECT organization_id, day FROM linkedin.{name} ORDER BY organization_id, day",
        )
        by_organization: dict[int, list[dt.date]] = {}
        for organization_id, day in stored:
            by_organization.setdefault(organization_id, []).append(day)
        assert set(by_organization) == set(organization_ids), name
        for organization_id, days in by_organization.items():
            assert days == expected_days, (name, organization_id, days[0], days[-1], len(days))
        # One request per organization over the answerable part: no refused request, no loop.
        asked = [entry for entry in sent if entry.endpoint == endpoint]
        assert [entry.status for entry in asked] == [200] * len(organization_ids), name
        # Reported: the window asked, what was fetched and which days LinkedIn cannot give.
        found = metadata[name]
        assert found["window_start"] == first.isoformat()
        assert found["window_end_exclusive"] == today.isoformat()
        assert found["fetched_window"] == (
            f"{oldest_stored.isoformat()}..{(newest + dt.timedelta(days=1)).isoformat()} "
            "(end exclusive)"
        )
        assert found["days_skipped"] == too_old + 1
        detail = found["days_skipped_detail"]
        old_part = (
            f"{first.isoformat()}..{year_ago.isoformat()} ({too_old} days): older than "
            "LinkedIn's 12-month statistics window"
        )
        recent_part = f"{last.isoformat()} (1 day): too recent"
        assert old_part in detail and recent_part in detail, detail
        assert found["rows_inserted"] == len(expected_days) * len(organization_ids)
        assert found["days_without_data"] == 0
        # ... and the log says it too, once per skipped part.
        warnings = [
            entry.user_message
            for entry in instance.all_logs(result.run_id)
            if not entry.is_dagster_event and entry.user_message.startswith(f"{name}: skipped")
        ]
        assert len(warnings) == 2, warnings
        assert any(old_part in message for message in warnings), warnings
        assert any(recent_part in message for message in warnings), warnings


# --------------------------------------------------------- posts: content and commentary

HASHTAG = re.compile(r"\{hashtag\|\\#\|((?:\\.|[^}\\])*)\}")
MENTION = re.compile(r"@\[((?:\\.|[^\]\\])*)\]\((urn:li:[A-Za-z]+:[^)\s]+)\)")
NON_LATIN_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "ARABIC", "HANGUL", "CYRILLIC", "HEBREW")
# What the task names, all of which the sandbox world generates.
REQUIRED_KINDS = {"text", "image", "video", "article", "poll", "multiImage", "carousel", "reshare"}


def _kind(post: dict) -> str:
    """The content type of an API post element, read here from the element itself."""
    content = post.get("content") or {}
    if not content:
        return "reshare" if post.get("reshareContext") else "text"
    (key,) = content
    if key == "media":
        return content["media"]["id"].split(":")[2]  # image, video or document
    return key


def _publish_day(post: dict) -> dt.date:
    moment = post.get("publishedAt") or post["createdAt"]
    return dt.datetime.fromtimestamp(moment / 1000, dt.UTC).date()


def _is_emoji(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF


def _is_non_latin_letter(ch: str) -> bool:
    return ch.isalpha() and unicodedata.name(ch, "").startswith(NON_LATIN_SCRIPTS)


def _expected_images(post: dict) -> list[tuple[str, str | None]]:
    """(image id, alt text) of every image the element carries, in reading order."""
    content = post.get("content") or {}
    kind = _kind(post)
    if kind == "image":
        return [(content["media"]["id"], content["media"].get("altText"))]
    if kind == "multiImage":
        return [(image["id"], image.get("altText")) for image in content["multiImage"]["images"]]
    if kind == "celebration":
        media = content["celebration"]["media"]
        return [(media["id"], media.get("altText"))]
    if kind == "article":
        article = content["article"]
        return [(article["thumbnail"], article.get("thumbnailAltText"))]
    return []


@pytest.fixture(scope="module")
def administered_posts(world, administered) -> list[dict]:
    return [post for post in world.posts if post["author"] in administered]


@pytest.fixture(scope="module")
def posts_window(administered_posts) -> tuple[dt.date, dt.date]:
    """The shortest window ending at the newest partition (yesterday) that holds every content
    type of the sandbox's posts, a mention, emoji and a non-Latin script (inclusive keys)."""
    kinds = {_kind(post) for post in administered_posts}
    assert kinds >= REQUIRED_KINDS, kinds
    last = utc_today() - dt.timedelta(days=1)
    first = last
    while first > last - dt.timedelta(days=365):
        inside = [p for p in administered_posts if first <= _publish_day(p) <= last]
        texts = [post["commentary"] for post in inside]
        if (
            {_kind(post) for post in inside} == kinds
            and any(MENTION.search(text) for text in texts)
            and any(any(map(_is_non_latin_letter, text)) for text in texts)
            and any(any(map(_is_emoji, text)) for text in texts)
        ):
            return first, last
        first -= dt.timedelta(days=1)
    raise AssertionError("no window of the last year holds every content type")


@pytest.fixture(scope="module")
def posts_run(tmp_path_factory, posts_window, administered_posts):
    path = tmp_path_factory.mktemp("coverage") / "posts.duckdb"
    result = dg.materialize(
        [pages_posts.organization_posts],
        resources=_resources(path),
        instance=dg.DagsterInstance.ephemeral(),
        tags=_range_tags(*posts_window),
    )
    assert result.success
    first, last = posts_window
    expected = {
        post["id"]: post for post in administered_posts if first <= _publish_day(post) <= last
    }
    return path, expected


def _child_rows(path: Path, table: str, columns: str, order: str) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    for post_urn, *values in _query(
        path, f"SELECT post_urn, {columns} FROM linkedin.{table} ORDER BY post_urn, {order}"
    ):
        found.setdefault(post_urn, []).append(tuple(values))
    return found


def test_commentary_survives_byte_for_byte(posts_run):
    path, expected = posts_run
    stored = {
        post_urn: (commentary, text, raw)
        for post_urn, commentary, text, raw in _query(
            path, "SELECT post_urn, encode(commentary), commentary_text, _raw FROM linkedin.posts"
        )
    }
    assert set(stored) == set(expected)  # drafts and sponsored posts included
    compared = Counter()
    for post_urn, post in expected.items():
        api = post["commentary"]
        commentary, text, raw = stored[post_urn]
        # DuckDB's own bytes of the stored value, against the API's UTF-8 bytes.
        assert commentary == api.encode("utf-8"), post_urn
        assert json.loads(raw)["commentary"] == api, post_urn
        # The rendered text drops markup and escapes only: every line break, emoji and
        # non-ASCII letter is still there.
        assert text.count("\n") == api.count("\n"), post_urn
        non_ascii = Counter(ch for ch in api if not ch.isascii())
        assert Counter(ch for ch in text if not ch.isascii()) == non_ascii, post_urn
        compared["emoji"] += any(map(_is_emoji, api))
        compared["non_latin"] += any(map(_is_non_latin_letter, api))
        compared["newline"] += "\n" in api
        compared["empty"] += api == ""
    assert compared["emoji"] and compared["non_latin"] and compared["newline"], compared


def test_every_content_type_lands_with_its_child_rows(posts_run):
    path, expected = posts_run
    posts = {
        row[0]: row[1:]
        for row in _query(
            path,
            "SELECT post_urn, content_type, media_type, media_id, is_reshare, "
            "reshare_parent_urn, poll_question, article_source FROM linkedin.posts",
        )
    }
    polls = _child_rows(path, "post_poll_options", "option_text", "option_index")
    cards = _child_rows(
        path, "post_carousel_cards", "media_id, media_title, landing_page", "card_index"
    )
    images = _child_rows(path, "post_images", "image_id, alt_text", "image_index")
    hashtags = _child_rows(path, "post_hashtags", "hashtag", "hashtag_index")
    mentions = _child_rows(path, "post_mentions", "fallback_text, target_urn", "mention_index")

    seen = Counter()
    for post_urn, post in expected.items():
        kind = _kind(post)
        seen[kind] += 1
        content = post.get("content") or {}
        content_type, media_type, media_id, is_reshare, parent, question, source = posts[post_urn]
        if kind in ("image", "video", "document"):
            assert (content_type, media_type) == ("MEDIA", kind.upper()), post_urn
            assert media_id == content["media"]["id"], post_urn
        elif kind in ("text", "reshare"):
            assert content_type == "NONE", post_urn
        else:
            assert content_type == {"multiImage": "MULTI_IMAGE"}.get(kind, kind.upper()), post_urn
        assert is_reshare == (kind == "reshare"), post_urn
        if kind == "reshare":
            assert parent == post["reshareContext"]["parent"], post_urn
        if kind == "article":
            assert source == content["article"]["source"], post_urn
        if kind == "poll":
            assert question == content["poll"]["question"], post_urn
            options = [(option["text"],) for option in content["poll"]["options"]]
            assert polls.get(post_urn) == options, post_urn
        else:
            assert post_urn not in polls, post_urn
        if kind == "carousel":
            cards_sent = [
                (card["media"]["id"], card["media"].get("title"), card["landingPage"])
                for card in content["carousel"]["cards"]
            ]
            assert cards.get(post_urn) == cards_sent, post_urn
        else:
            assert post_urn not in cards, post_urn
        assert images.get(post_urn, []) == _expected_images(post), post_urn
        commentary = post["commentary"]
        assert hashtags.get(post_urn, []) == [(t,) for t in HASHTAG.findall(commentary)], post_urn
        assert mentions.get(post_urn, []) == MENTION.findall(commentary), post_urn
    assert set(seen) >= REQUIRED_KINDS, seen
    # Every child table was exercised, not just left empty by a matching absence.
    assert polls and cards and hashtags and mentions, "a child table got no rows"
    assert any(len(rows) > 1 for rows in images.values()), "no multi-image post stored"
