"""The request ledger: every HTTP request the client makes is counted here.

LinkedIn quotas are per day and per endpoint, so requests used is the first performance
figure of a run; assets report it as metadata and benchmarks compare strategies with it.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LedgerTotals:
    requests: dict[str, int] = field(default_factory=dict)
    retries: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    response_bytes: int = 0
    token_refreshes: int = 0

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())

    @property
    def total_retries(self) -> int:
        return sum(self.retries.values())

    def as_metadata(self) -> dict[str, object]:
        return {
            "api_requests": self.total_requests,
            "api_requests_by_endpoint": dict(sorted(self.requests.items())),
            "api_retries": self.total_retries,
            "api_errors_by_status": dict(sorted(self.errors.items())),
            "api_response_bytes": self.response_bytes,
            "token_refreshes": self.token_refreshes,
        }


class RequestLedger:
    """Thread-safe counters of requests, retries, error statuses and bytes, by endpoint."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[str] = Counter()
        self._retries: Counter[str] = Counter()
        self._errors: Counter[str] = Counter()
        self._bytes = 0
        self._refreshes = 0

    def record_request(self, endpoint: str, status: int | None, response_bytes: int) -> None:
        with self._lock:
            self._requests[endpoint] += 1
            self._bytes += response_bytes
            if status is None or status >= 400:
                self._errors[str(status or "transport")] += 1

    def record_retry(self, endpoint: str) -> None:
        with self._lock:
            self._retries[endpoint] += 1

    def record_token_refresh(self) -> None:
        with self._lock:
            self._refreshes += 1

    def totals(self) -> LedgerTotals:
        with self._lock:
            return LedgerTotals(
                requests=dict(self._requests),
                retries=dict(self._retries),
                errors=dict(self._errors),
                response_bytes=self._bytes,
                token_refreshes=self._refreshes,
            )

    def since(self, earlier: LedgerTotals) -> LedgerTotals:
        """What was used after `earlier` was taken (for per-asset figures on a shared client)."""
        now = self.totals()
        return LedgerTotals(
            requests=_minus(now.requests, earlier.requests),
            retries=_minus(now.retries, earlier.retries),
            errors=_minus(now.errors, earlier.errors),
            response_bytes=now.response_bytes - earlier.response_bytes,
            token_refreshes=now.token_refreshes - earlier.token_refreshes,
        )


def _minus(now: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {k: v - before.get(k, 0) for k, v in now.items() if v - before.get(k, 0)}
