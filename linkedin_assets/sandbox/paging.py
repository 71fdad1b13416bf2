"""LinkedIn's two paging regimes: cursor (`pageSize`/`pageToken`) and index (`start`/`count`).

Page-size ceilings (linkedin_api.md §0.4):
- cursor: adAccounts 1000 (singer); adCampaignGroups and adCampaigns 1000 — connectors were only
  seen using 500, but LinkedIn's campaign search page documents "The max allowed pageSize is
  1,000", so 1000 accepts every client seen in the wild; creatives 100 (500 -> 400).
- index: statistics endpoints and comments 1000, posts and reactions 100, every other 500.
Over the ceiling LinkedIn answers 400 "Request would return too many entities.".
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from linkedin_assets.sandbox.errors import param_invalid, too_many_entities
from linkedin_assets.sandbox.restli_parser import Query


@dataclass(frozen=True)
class PageLimit:
    default: int
    maximum: int


CURSOR_LIMITS: dict[str, PageLimit] = {
    "adAccounts": PageLimit(default=100, maximum=1000),
    "adCampaignGroups": PageLimit(default=100, maximum=1000),
    "adCampaigns": PageLimit(default=100, maximum=1000),
    "creatives": PageLimit(default=100, maximum=100),
}

_STATISTICS = PageLimit(default=1000, maximum=1000)
INDEX_LIMITS: dict[str, PageLimit] = {
    "organizationalEntityFollowerStatistics": _STATISTICS,
    "organizationPageStatistics": _STATISTICS,
    "organizationalEntityShareStatistics": _STATISTICS,
    "comments": PageLimit(default=10, maximum=1000),
    "posts": PageLimit(default=10, maximum=100),
    "reactions": PageLimit(default=10, maximum=100),
}
DEFAULT_INDEX_LIMIT = PageLimit(default=10, maximum=500)

# LinkedIn's index paging echoes a vestigial count of 10 when the client sent none.
VESTIGIAL_COUNT = 10


def index_limit(endpoint: str) -> PageLimit:
    return INDEX_LIMITS.get(endpoint, DEFAULT_INDEX_LIMIT)


@dataclass(frozen=True)
class IndexWindow:
    start: int
    count: int
    count_given: bool


def index_window(query: Query, endpoint: str) -> IndexWindow:
    limit = index_limit(endpoint)
    start = query.integer("start", default=0) or 0
    count = query.integer("count")
    if count is not None and count > limit.maximum:
        raise too_many_entities()
    return IndexWindow(
        start=start, count=limit.default if count is None else count, count_given=count is not None
    )


def index_page(
    elements: Sequence[dict[str, Any]],
    window: IndexWindow,
    request_path: str,
    query: Query,
    include_total: bool,
) -> dict[str, Any]:
    """`{"paging": {start, count, links[, total]}, "elements": [...]}` for one page."""
    page = list(elements[window.start : window.start + window.count])
    links: list[dict[str, str]] = []
    if window.start > 0:
        previous = max(0, window.start - window.count)
        links.append(_link("prev", request_path, query, previous, window.count))
    if window.start + window.count < len(elements):
        links.append(_link("next", request_path, query, window.start + window.count, window.count))
    paging: dict[str, Any] = {
        "start": window.start,
        "count": window.count if window.count_given else VESTIGIAL_COUNT,
        "links": links,
    }
    if include_total:
        paging["total"] = len(elements)
    return {"paging": paging, "elements": page}


def vestigial_paging() -> dict[str, Any]:
    """The paging block of responses that are not paged at all (adAnalytics)."""
    return {"start": 0, "count": VESTIGIAL_COUNT, "links": []}


def _link(rel: str, path: str, query: Query, start: int, count: int) -> dict[str, str]:
    pairs = [(name, value) for name, value in query.pairs if name not in ("start", "count")]
    pairs += [("start", str(start)), ("count", str(count))]
    href = path + "?" + "&".join(f"{name}={value}" for name, value in pairs)
    return {"rel": rel, "href": href, "type": "application/json"}


class CursorCodec:
    """Opaque page tokens bound to one finder call (its parameters minus paging)."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def encode(self, offset: int, context: str) -> str:
        mask = self._mask(context)
        payload = bytes(a ^ b for a, b in zip(offset.to_bytes(4, "big"), mask, strict=True))
        token = payload + self._mac(payload, context)
        return base64.urlsafe_b64encode(token).decode("ascii").rstrip("=")

    def decode(self, token: str, context: str) -> int:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except ValueError:
            raise _bad_token() from None
        payload, mac = raw[:4], raw[4:]
        if len(payload) != 4 or mac != self._mac(payload, context):
            raise _bad_token()
        mask = self._mask(context)
        return int.from_bytes(bytes(a ^ b for a, b in zip(payload, mask, strict=True)), "big")

    def _mask(self, context: str) -> bytes:
        return hashlib.blake2b(context.encode(), key=self._secret, digest_size=4).digest()

    def _mac(self, payload: bytes, context: str) -> bytes:
        data = payload + b"|" + context.encode()
        return hashlib.blake2b(data, key=self._secret, digest_size=28).digest()


def _bad_token():
    return param_invalid("pageToken", "Invalid pageToken")


def cursor_context(endpoint: str, query: Query) -> str:
    """What a token is bound to: the finder and its filters, not the paging params."""
    kept = sorted(
        (name, value) for name, value in query.pairs if name not in ("pageToken", "pageSize")
    )
    return endpoint + "?" + "&".join(f"{name}={value}" for name, value in kept)


def cursor_page(
    elements: Sequence[dict[str, Any]], query: Query, endpoint: str, codec: CursorCodec
) -> dict[str, Any]:
    """`{"elements": [...], "metadata": {"nextPageToken"?}}`; the last page has no token."""
    limit = CURSOR_LIMITS[endpoint]
    page_size = query.integer("pageSize", minimum=1)
    if page_size is not None and page_size > limit.maximum:
        raise too_many_entities()
    size = limit.default if page_size is None else page_size
    context = cursor_context(endpoint, query)
    token = query.text("pageToken")
    offset = 0 if token is None else codec.decode(token, context)
    page = list(elements[offset : offset + size])
    metadata: dict[str, Any] = {}
    if offset + size < len(elements):
        metadata["nextPageToken"] = codec.encode(offset + size, context)
    return {"elements": page, "metadata": metadata}
