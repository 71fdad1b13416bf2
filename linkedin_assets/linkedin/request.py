"""A request to the versioned API, described as data so it can be planned, counted and tested."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from linkedin_assets.linkedin.restli import query_string

PagingStyle = Literal["none", "index", "cursor"]


@dataclass(frozen=True)
class Paging:
    """How an endpoint pages: `index` = start/count, `cursor` = pageSize/pageToken."""

    style: PagingStyle = "none"
    page_size: int = 0
    # Index paging only: a page shorter than page_size ends the listing. True where the answer
    # is bounded (one element per time bucket), saving the confirming empty-page request.
    short_page_ends: bool = False


NO_PAGING = Paging()


def index_paging(page_size: int, *, short_page_ends: bool = False) -> Paging:
    return Paging("index", page_size, short_page_ends)


def cursor_paging(page_size: int) -> Paging:
    return Paging("cursor", page_size)


@dataclass(frozen=True)
class ApiRequest:
    endpoint: str  # the resource name requests are counted under, e.g. "adAnalytics"
    path: str  # under the API base URL, already encoded, starting with "/"
    params: tuple[tuple[str, Any], ...] = ()
    paging: Paging = NO_PAGING
    headers: tuple[tuple[str, str], ...] = ()

    def query(self, extra: tuple[tuple[str, Any], ...] = ()) -> str:
        return query_string((*self.params, *extra))

    def target(self, extra: tuple[tuple[str, Any], ...] = ()) -> str:
        """Path and query exactly as they go on the wire."""
        query = self.query(extra)
        return f"{self.path}?{query}" if query else self.path
