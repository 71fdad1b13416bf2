"""The sandbox's record of every request it answered, for tests and benchmarks."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class LedgerEntry:
    method: str  # the effective method (GET for a tunnelled POST)
    path: str  # the raw request path, without the query
    endpoint: str  # resource name, e.g. "adAnalytics", "adCampaigns", "accessToken"
    finder: str | None  # the `q=` finder
    pivot: str | None  # `pivot`, or the `pivots` joined by ","
    fields_count: int | None  # number of names in `fields=`
    status: int  # HTTP status; 0 when the connection was dropped without a response
    elements: int | None  # len(elements) (or batch results) of a JSON answer
    response_bytes: int
    tunneled: bool
    fault: str | None  # the injected fault, if any (see faults.py)


class SandboxLedger:
    """Thread-safe, append-only list of LedgerEntry."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LedgerEntry] = []

    def record(self, entry: LedgerEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> list[LedgerEntry]:
        with self._lock:
            return list(self._entries)

    def count(
        self, endpoint: str | None = None, status: int | None = None, finder: str | None = None
    ) -> int:
        return sum(
            1
            for entry in self.entries
            if (endpoint is None or entry.endpoint == endpoint)
            and (status is None or entry.status == status)
            and (finder is None or entry.finder == finder)
        )

    def reset(self) -> None:
        with self._lock:
            self._entries.clear()

    def summary(self) -> dict[str, int]:
        """Requests by endpoint."""
        return dict(Counter(entry.endpoint for entry in self.entries))

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
