"""The one HTTP client every LinkedIn request goes through.

It adds the versioned-API headers, tunnels long queries, retries transient failures within
bounds, refreshes the token on 401, pages through both pagination styles, turns LinkedIn's
error bodies into typed errors and counts every request in the ledger.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_before_delay,
    wait_random_exponential,
)

from linkedin_assets.linkedin.auth import TokenManager, TokenStatus
from linkedin_assets.linkedin.config import ClientConfig
from linkedin_assets.linkedin.errors import (
    LinkedInError,
    TransportError,
    error_for,
    is_daily_quota,
    is_data_volume,
)
from linkedin_assets.linkedin.ledger import RequestLedger
from linkedin_assets.linkedin.request import ApiRequest
from linkedin_assets.linkedin.secrets import redact

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})
USER_AGENT = "linkedin-assets/0.1 (+dagster)"


class _Retry(Exception):
    """One attempt failed in a way worth retrying; `final` is raised if retries run out."""

    def __init__(self, reason: str, final: LinkedInError, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.final = final
        self.wait = wait


def _retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _json_or_empty(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return {}


class LinkedInClient:
    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        ledger: RequestLedger | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config.validate()
        self.ledger = ledger or RequestLedger()
        self._sleep = sleep
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(
                config.timeout_seconds, connect=min(30.0, config.timeout_seconds)
            ),
            headers={"User-Agent": USER_AGENT},
        )
        self.tokens = TokenManager(config, self._http, self.ledger)
        self._backoff = wait_random_exponential(
            multiplier=config.retry.backoff_initial_seconds, max=config.retry.backoff_max_seconds
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LinkedInClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def token_status(self) -> TokenStatus:
        return self.tokens.status()

    # -- single calls ---------------------------------------------------------------------

    def send(self, request: ApiRequest, extra: tuple[tuple[str, Any], ...] = ()) -> dict:
        """One logical call (with its retries); returns the decoded JSON body."""
        policy = self.config.retry
        state = {"refreshed": False}
        retrying = Retrying(
            retry=retry_if_exception_type(_Retry),
            stop=stop_after_attempt(policy.max_attempts)
            | stop_before_delay(policy.max_elapsed_seconds),
            wait=self._wait,
            sleep=lambda seconds: self._sleep(seconds),
            before_sleep=lambda rs: self._before_sleep(request, rs),
            reraise=True,
        )
        try:
            return retrying(self._attempt, request, extra, state)
        except _Retry as exhausted:
            raise exhausted.final from None

    def _wait(self, retry_state: RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, _Retry) and exc.wait is not None:
            return exc.wait
        return self._backoff(retry_state)

    def _before_sleep(self, request: ApiRequest, retry_state: RetryCallState) -> None:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        reason = exc.reason if isinstance(exc, _Retry) else "error"
        self.ledger.record_retry(request.endpoint)
        log.warning(
            "LinkedIn %s: %s; retry %d in %.1f s",
            request.endpoint,
            reason,
            retry_state.attempt_number,
            retry_state.next_action.sleep if retry_state.next_action else 0.0,
        )

    def _attempt(self, request: ApiRequest, extra: tuple, state: dict) -> dict:
        token = self.tokens.bearer()
        response = self._transmit(request, extra, token)
        status = response.status_code
        self.ledger.record_request(request.endpoint, status, len(response.content))
        if status < 300:
            if not response.content:
                return {}
            try:
                return json.loads(response.content)
            except ValueError:
                raise _Retry(
                    f"{status} with a body that is not valid JSON (cut short?)",
                    TransportError(
                        f"LinkedIn {request.endpoint} kept sending incomplete responses; rerun later."
                    ),
                ) from None
        body = _json_or_empty(response)
        error = error_for(request.endpoint, status, body, version=self.config.api_version)
        if status == 401 and not state["refreshed"] and self.tokens.renew_after_unauthorized(token):
            state["refreshed"] = True
            raise _Retry("401: access token refreshed", error, wait=0.0)
        if status == 429:
            if is_daily_quota(body):
                raise error
            if is_data_volume(body):
                raise _Retry(
                    "429 data-volume throttle (45M metric values / 5 min)",
                    error,
                    wait=self.config.retry.data_volume_wait_seconds,
                )
            raise _Retry("429 throttled", error, wait=_retry_after_seconds(response))
        if status in RETRYABLE_STATUSES:
            raise _Retry(f"{status} server error", error)
        raise error

    def _transmit(self, request: ApiRequest, extra: tuple, token: str) -> httpx.Response:
        headers = {
            "Authorization": f"Bearer {token}",
            "LinkedIn-Version": self.config.api_version,
            "X-Restli-Protocol-Version": "2.0.0",
            "Accept": "application/json",
            **dict(request.headers),
        }
        base = self.config.api_base_url.rstrip("/")
        query = request.query(extra)
        url = f"{base}{request.path}"
        try:
            if len(url) + 1 + len(query) > self.config.tunnel_url_length:
                # Query tunnelling: LinkedIn answers 414 past ~4 KB of URL.
                headers["X-HTTP-Method-Override"] = "GET"
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                return self._http.post(url, content=query.encode("ascii"), headers=headers)
            return self._http.get(f"{url}?{query}" if query else url, headers=headers)
        except httpx.HTTPError as exc:
            self.ledger.record_request(request.endpoint, None, 0)
            reason = f"{type(exc).__name__}"
            raise _Retry(
                f"connection failed ({reason})",
                TransportError(
                    redact(
                        f"Could not get an answer from LinkedIn {request.endpoint} "
                        f"({reason}) after every retry; check the network and rerun."
                    )
                ),
            ) from None

    # -- paging ---------------------------------------------------------------------------

    def iter_pages(self, request: ApiRequest) -> Iterator[dict]:
        """Every page of a listing, in order, at the request's page size."""
        style, size = request.paging.style, request.paging.page_size
        if style == "none":
            yield self.send(request)
        elif style == "cursor":
            yield from self._cursor_pages(request, size)
        else:
            yield from self._index_pages(request, size)

    def iter_elements(self, request: ApiRequest) -> Iterator[dict]:
        for page in self.iter_pages(request):
            yield from page.get("elements") or []

    def fetch_all(self, request: ApiRequest) -> list[dict]:
        return list(self.iter_elements(request))

    def _cursor_pages(self, request: ApiRequest, size: int) -> Iterator[dict]:
        token: str | None = None
        while True:
            extra: tuple = (("pageSize", size),)
            if token:
                extra += (("pageToken", token),)
            page = self.send(request, extra)
            yield page
            token = (page.get("metadata") or {}).get("nextPageToken")
            if not token or not page.get("elements"):
                return

    def _index_pages(self, request: ApiRequest, size: int) -> Iterator[dict]:
        start = 0
        while True:
            page = self.send(request, (("start", start), ("count", size)))
            yield page
            elements = page.get("elements") or []
            if not elements:
                return
            start += len(elements)
            paging = page.get("paging") or {}
            total = paging.get("total")
            if isinstance(total, int):
                if start >= total:
                    return
                continue
            links = paging.get("links") or []
            if links and not any(link.get("rel") == "next" for link in links):
                return
            if request.paging.short_page_ends and len(elements) < size:
                return
            # Without `total` or links a short page does not prove the end (LinkedIn can
            # return fewer than `count` mid-listing), so only an empty page stops us.
