"""A sandbox whose answers are altered the way real LinkedIn answers vary, without touching the
sandbox's code: `Sandbox.handle` is wrapped and the JSON of successful /rest answers rewritten.

Alterations (each element keeps its identity, so nothing may be lost):
- every element of every endpoint gains a field no LinkedIn version has yet;
- optional fields go missing, become null, or arrive with an unexpected type;
- cursor listings (campaigns, creatives) are split in two pages that share one element, and end
  with an extra empty page; index listings (conversions, posts) are split the same way; comment
  listings lose `paging.total`, so only an empty page ends them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from linkedin_assets.sandbox import Sandbox, SandboxResponse
from linkedin_assets.sandbox.app import resolve

NEW_FIELD = "reliabilityFutureField"
NEW_FIELD_VALUE = {"addedIn": "a future LinkedIn version", "values": [1, 2, 3]}
CURSOR_SPLIT = frozenset({"adCampaigns", "creatives"})
INDEX_SPLIT = frozenset({"conversions", "posts"})
NO_TOTAL = frozenset({"comments"})
SPLIT_TOKEN = "reliability-split~"
EMPTY_TOKEN = "reliability-empty-page"

Element = dict[str, Any]


# ------------------------------------------------------------------ element changes


def _analytics(element: Element, index: int) -> None:
    match index % 4:
        case 0:
            if "impressions" in element:  # a count as text
                element["impressions"] = str(element["impressions"])
        case 1:
            if "costInLocalCurrency" in element:  # money as a JSON number, not a string
                element["costInLocalCurrency"] = float(element["costInLocalCurrency"])
        case 2:
            element["clicks"] = None
            element["costInUsd"] = None
        case _:
            element.pop("costInUsd", None)


def _campaign(element: Element, index: int) -> None:
    match index % 3:
        case 0:
            for name in ("dailyBudget", "runSchedule", "unitCost", "locale"):
                element.pop(name, None)
        case 1:
            element["name"] = None
            element["test"] = "false"  # a boolean as text
        case _:
            element["servingStatuses"] = "RUNNABLE"  # a list as a bare string
            created = (element.get("changeAuditStamps") or {}).get("created")
            if isinstance(created, dict) and "time" in created:
                created["time"] = str(created["time"])


def _creative(element: Element, index: int) -> None:
    element.pop("review", None)
    if index % 2:
        element["isServing"] = "yes"


def _post(element: Element, index: int) -> None:
    if index % 2:
        element["isReshareDisabledByAuthor"] = None
        element["visibility"] = 3  # an enum as a number
    else:
        element.pop("lifecycleStateInfo", None)


def _follower_statistics(element: Element, index: int) -> None:
    gains = element.get("followerGains")
    if isinstance(gains, dict):
        gains["organicFollowerGain"] = str(gains.get("organicFollowerGain"))
        gains["paidFollowerGain"] = None


def _organization(element: Element, index: int) -> None:
    element["localizedWebsite"] = None
    element.pop("vanityName", None)


ELEMENT_CHANGES: dict[str, Callable[[Element, int], None]] = {
    "adAnalytics": _analytics,
    "adCampaigns": _campaign,
    "creatives": _creative,
    "posts": _post,
    "organizationalEntityFollowerStatistics": _follower_statistics,
    "organizations": _organization,
}


def _elements_of(payload: Any) -> list[Element]:
    if not isinstance(payload, dict):
        return []
    if isinstance(payload.get("elements"), list):
        return [e for e in payload["elements"] if isinstance(e, dict)]
    if isinstance(payload.get("results"), dict):  # batch get
        return [e for e in payload["results"].values() if isinstance(e, dict)]
    if "id" in payload:  # a single entity
        return [payload]
    return []


def alter_elements(endpoint: str, payload: Any) -> None:
    change = ELEMENT_CHANGES.get(endpoint)
    for index, element in enumerate(_elements_of(payload)):
        element[NEW_FIELD] = json.loads(json.dumps(NEW_FIELD_VALUE))
        if change is not None:
            change(element, index)


# -------------------------------------------------------------------------- the sandbox


def _without(query: str, *names: str) -> str:
    return "&".join(p for p in query.split("&") if p and p.split("=", 1)[0] not in names)


def _json_response(original: SandboxResponse, payload: Any) -> SandboxResponse:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return SandboxResponse(original.status, dict(original.headers), body, original.fault)


class AlteredSandbox(Sandbox):
    """The sandbox, with its successful JSON answers altered as described above."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._split_lock = threading.Lock()
        self._index_splits: dict[tuple[str, str], int] = {}  # listing -> where page 2 starts
        self.alterations: dict[str, int] = {}  # what was altered, for the tests

    def _count(self, what: str) -> None:
        with self._split_lock:
            self.alterations[what] = self.alterations.get(what, 0) + 1

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> SandboxResponse:
        path, _, query = target.partition("?")
        if not path.startswith(self.API_PATH + "/"):
            return super().handle(method, target, headers, body)
        route = resolve(path[len(self.API_PATH) + 1 :].split("/"))
        endpoint = route[0] if route else ""
        params = dict(parse_qsl(query))
        token = params.get("pageToken", "")
        if endpoint in CURSOR_SPLIT and token == EMPTY_TOKEN:
            return self._empty_page(method, path, query, headers, body)
        if endpoint in CURSOR_SPLIT and token.startswith(SPLIT_TOKEN):
            return self._second_cursor_page(method, path, query, headers, body, endpoint, token)
        listing = (path, _without(query, "start", "count"))
        with self._split_lock:
            split_at = self._index_splits.get(listing)
        if endpoint in INDEX_SPLIT and split_at and params.get("start") == str(split_at):
            # Page 2 starts one element early: that element arrives on both pages.
            query = _without(query, "start") + f"&start={split_at - 1}"
            self._count("duplicate_across_pages")
        response = super().handle(method, f"{path}?{query}" if query else path, headers, body)
        payload = self._payload(response)
        if payload is None:
            return response
        if endpoint in CURSOR_SPLIT and not token:
            self._split_cursor_page(payload)
        elif endpoint in CURSOR_SPLIT and not (payload.get("metadata") or {}).get("nextPageToken"):
            payload.setdefault("metadata", {})["nextPageToken"] = EMPTY_TOKEN
        if endpoint in INDEX_SPLIT and params.get("start", "0") == "0":
            self._split_index_page(listing, payload)
        if endpoint in NO_TOTAL and isinstance(payload.get("paging"), dict):
            payload["paging"].pop("total", None)
            payload["paging"]["links"] = []
            self._count("total_removed")
        alter_elements(endpoint, payload)
        return _json_response(response, payload)

    def _payload(self, response: SandboxResponse) -> dict[str, Any] | None:
        if response.status != 200 or response.fault or not response.body:
            return None
        payload = json.loads(response.body)
        return payload if isinstance(payload, dict) else None

    def _empty_page(
        self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes
    ) -> SandboxResponse:
        """A last page with no element (asked of the sandbox so auth and faults still apply)."""
        response = super().handle(method, f"{path}?{_without(query, 'pageToken')}", headers, body)
        if self._payload(response) is None:
            return response
        self._count("empty_page")
        return _json_response(response, {"elements": [], "metadata": {}})

    def _split_cursor_page(self, payload: dict[str, Any]) -> None:
        elements = payload.get("elements") or []
        if len(elements) < 2:
            return
        metadata = payload.setdefault("metadata", {})
        following = metadata.get("nextPageToken") or ""
        payload["elements"] = elements[: len(elements) // 2]
        metadata["nextPageToken"] = SPLIT_TOKEN + following
        self._count("cursor_split")

    def _second_cursor_page(
        self,
        method: str,
        path: str,
        query: str,
        headers: Mapping[str, str],
        body: bytes,
        endpoint: str,
        token: str,
    ) -> SandboxResponse:
        """The first page asked again; its second half (plus the last element of the first
        half, a duplicate across pages) is the answer, then the original next page."""
        response = super().handle(method, f"{path}?{_without(query, 'pageToken')}", headers, body)
        payload = self._payload(response)
        if payload is None:
            return response
        elements = payload.get("elements") or []
        payload["elements"] = elements[len(elements) // 2 - 1 :]
        following = token[len(SPLIT_TOKEN) :]
        metadata = payload.setdefault("metadata", {})
        metadata["nextPageToken"] = following or EMPTY_TOKEN
        self._count("duplicate_across_pages")
        alter_elements(endpoint, payload)
        return _json_response(response, payload)

    def _split_index_page(self, listing: tuple[str, str], payload: dict[str, Any]) -> None:
        elements = payload.get("elements") or []
        paging = payload.get("paging")
        if len(elements) < 2 or not isinstance(paging, dict) or "total" not in paging:
            return
        half = len(elements) // 2
        payload["elements"] = elements[:half]  # a short page mid-listing; `total` says more
        paging["links"] = []
        with self._split_lock:
            self._index_splits[listing] = half
        self._count("index_split")
