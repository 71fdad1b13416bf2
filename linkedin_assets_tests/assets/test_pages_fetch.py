"""Request economy of the page assets: windowed post listing, per-post statistics batches,
comment replies only when missing."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from linkedin_assets.assets.pages_fetch import (
    fetch_comments,
    fetch_window_posts,
    posts_in_window,
)
from linkedin_assets.linkedin import pages
from linkedin_assets.linkedin.request import ApiRequest
from linkedin_assets.linkedin.restli import epoch_ms
from linkedin_assets.resources import LinkedInResource

DAY_MS = 86_400_000
START, END = dt.date(2024, 3, 10), dt.date(2024, 3, 12)


def post_created(day: dt.date, hour: int = 12, urn: str | None = None) -> dict:
    created = epoch_ms(day) + hour * 3_600_000
    return {"id": urn or f"urn:li:share:{created}", "createdAt": created, "publishedAt": created}


def descending_pages(days: list[dt.date], per_page: int) -> list[dict]:
    posts = [post_created(day) for day in sorted(days, reverse=True)]
    return [{"elements": posts[i : i + per_page]} for i in range(0, len(posts), per_page)]


class CountingPages:
    """An iterable of pages that records how many were pulled."""

    def __init__(self, pages_: list[dict]) -> None:
        self.pages = pages_
        self.pulled = 0

    def __iter__(self):
        for page in self.pages:
            self.pulled += 1
            yield page


def test_listing_stops_on_the_first_page_past_the_window_margin():
    days = [START + dt.timedelta(days=offset) for offset in range(5, -200, -1)]
    source = CountingPages(descending_pages(days, per_page=10))
    listing = posts_in_window(source, START, END, margin_days=3)
    assert sorted(publish.get("createdAt") for publish in listing.posts) == [
        epoch_ms(START) + 12 * 3_600_000,
        epoch_ms(START + dt.timedelta(days=1)) + 12 * 3_600_000,
    ]
    # Posts down to START - 3 days sit on pages 1 (days +5..-4); page 1 ends before the cutoff.
    assert source.pulled == listing.pages_read == 1 and listing.stopped_early
    assert len(source.pages) > 10


def test_a_post_created_before_the_window_but_published_in_it_is_kept():
    scheduled = post_created(START - dt.timedelta(days=2), urn="urn:li:share:scheduled")
    scheduled["publishedAt"] = epoch_ms(START) + 60_000
    pages_ = [{"elements": [post_created(END), scheduled, post_created(START - dt.timedelta(40))]}]
    listing = posts_in_window(pages_, START, END, margin_days=31)
    assert [p["id"] for p in listing.posts] == ["urn:li:share:scheduled"]


class PagingClient:
    """Serves fixed pages to `iter_pages`, whatever the request."""

    def __init__(self, pages_: list[dict]) -> None:
        self.pages = pages_

    def iter_pages(self, request: ApiRequest):
        yield from self.pages


def test_a_post_repeated_across_pages_is_kept_once_in_its_last_version():
    first = post_created(START, hour=10, urn="urn:li:share:1")
    edited = {**first, "commentary": "edited"}
    pages_ = [
        {"elements": [post_created(START, hour=11), first]},
        {"elements": [edited, post_created(START - dt.timedelta(days=40))]},
    ]
    fetched = fetch_window_posts(PagingClient(pages_), [7], START, END)  # type: ignore[arg-type]
    posts = fetched.by_organization[7]
    assert [p["id"] for p in posts].count("urn:li:share:1") == 1
    assert next(p for p in posts if p["id"] == "urn:li:share:1")["commentary"] == "edited"
    assert fetched.metadata()["post_duplicates_dropped"] == 1
    assert fetched.post_count == 2


def test_a_listing_out_of_created_order_is_read_to_its_end():
    days = [START + dt.timedelta(days=offset) for offset in range(3, -60, -1)]
    pages_ = descending_pages(days, per_page=10)
    pages_[0]["elements"].reverse()  # LinkedIn ignoring sortBy must not cost posts
    source = CountingPages(pages_)
    listing = posts_in_window(source, START, END, margin_days=3)
    assert not listing.order_trusted and not listing.stopped_early
    assert source.pulled == len(pages_)
    assert len(listing.posts) == 2


def test_statistics_batches_take_at_least_fifty_and_fill_the_url_budget():
    urns = [f"urn:li:share:{7045020441609936898 + i}" for i in range(300)]
    urns += [f"urn:li:ugcPost:{6856810298419044352 + i}" for i in range(30)]
    urns += ["urn:li:instantRepost:1", urns[0]]  # not a post with statistics; a repeat
    prefix = len("https://api.linkedin.com/rest")
    batches = pages.post_share_statistics_batches(2414183, urns, url_prefix_length=prefix)
    sizes = [_urn_count(b) for b in batches]
    assert sum(sizes) == 330  # every share and ugcPost once, the other kind left out
    assert len(batches) == 4 and min(sizes[:-1]) > 50
    for batch in batches:
        first_page = batch.target((("start", 0), ("count", batch.paging.page_size)))
        assert prefix + len(first_page) <= 4000
    # Below the minimum the batch is not cut even when it outgrows the budget (the client
    # tunnels it): a tiny budget still gives batches of 50.
    tiny = pages.post_share_statistics_batches(
        1, urns[:120], url_prefix_length=prefix, url_budget=10
    )
    assert [_urn_count(b) for b in tiny] == [50, 50, 20]


def _urn_count(request: ApiRequest) -> int:
    params = dict(request.params)
    return len(params.get("shares") or []) + len(params.get("ugcPosts") or [])


class FakeClient:
    """Answers `fetch_all` from a dict keyed by request path and records each request."""

    def __init__(self, answers: dict[str, list[dict]]) -> None:
        self.answers = answers
        self.paths: list[str] = []

    def fetch_all(self, request: ApiRequest) -> list[dict]:
        self.paths.append(request.path)
        return self.answers[request.path]


POST = "urn:li:share:1"
TOP = "urn:li:comment:(urn:li:activity:1,10)"
OTHER = "urn:li:comment:(urn:li:activity:1,20)"


def _comment(urn: str, replies: int, parent: str | None = None) -> dict:
    comment = {
        "commentUrn": urn,
        "commentsSummary": {"totalFirstLevelComments": replies, "aggregatedTotalComments": replies},
    }
    if parent:
        comment["parentComment"] = parent
    return comment


def test_replies_are_fetched_only_for_comments_missing_them():
    reply_a = _comment("urn:li:comment:(urn:li:activity:1,11)", 0)
    reply_b = _comment("urn:li:comment:(urn:li:activity:1,21)", 0, parent=OTHER)
    client = FakeClient(
        {
            pages.comments(POST).path: [_comment(TOP, 1), _comment(OTHER, 1), reply_b],
            pages.comments(TOP).path: [reply_a],
        }
    )
    comments = fetch_comments(client, POST)  # type: ignore[arg-type]
    assert client.paths == [pages.comments(POST).path, pages.comments(TOP).path]
    parents = Counter(c.get("parentComment") for c in comments)
    assert parents == Counter({None: 2, OTHER: 1, TOP: 1})  # the fetched reply names its parent


def test_inline_replies_cost_no_extra_request():
    client = FakeClient(
        {pages.comments(POST).path: [_comment(TOP, 1), _comment(OTHER, 0, parent=TOP)]}
    )
    assert len(fetch_comments(client, POST)) == 2  # type: ignore[arg-type]
    assert client.paths == [pages.comments(POST).path]


@pytest.fixture(scope="module")
def sandbox_client():
    with LinkedInResource(sandbox=True).get_client() as client:
        yield client


def test_sandbox_serves_every_post_kind_newest_created_first(sandbox_client):
    """sortBy=CREATED, isDsc=true and viewContext=AUTHOR are honoured by the emulator."""
    acls = sandbox_client.fetch_all(pages.organization_acls())
    author = acls[0]["organization"]
    request = pages.organization_posts(author)
    assert "sortBy=CREATED&isDsc=true&viewContext=AUTHOR" in request.target()
    first_page = next(iter(sandbox_client.iter_pages(request)))["elements"]
    created = [p["createdAt"] for p in first_page]
    assert created == sorted(created, reverse=True)
    everything = sandbox_client.fetch_all(request)
    states = Counter(p["lifecycleState"] for p in everything)
    assert states["DRAFT"] > 0 and any((p.get("adContext") or {}).get("isDsc") for p in everything)
    published_only = sandbox_client.fetch_all(pages.posts_by_author(author, "CREATED"))
    assert len(published_only) < len(everything)
