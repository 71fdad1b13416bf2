"""Deterministic fault injection: LinkedIn's throttles, outages and flaky networks, on demand.

Each /rest request gets a sequence number; whether it is faulted (and how) is a pure function of
the plan's seed and that number, so a single-threaded run replays exactly. At most
`max_consecutive_faults` transient faults happen in a row, so a client with bounded retries
always gets through.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from dataclasses import dataclass

RATE_LIMIT = "rate_limit"
RATE_LIMIT_NO_HEADER = "rate_limit_no_header"
DATA_VOLUME = "data_volume"
SERVER_ERROR = "server_error"
CONNECTION_RESET = "connection_reset"
SLOW_RESPONSE = "slow_response"
TRUNCATED_BODY = "truncated_body"
DAILY_QUOTA = "daily_quota"
TOKEN_EXPIRED = "token_expired"

# Draw order matters for determinism: never reorder.
_TRANSIENT_KINDS = (
    CONNECTION_RESET,
    SERVER_ERROR,
    RATE_LIMIT,
    RATE_LIMIT_NO_HEADER,
    DATA_VOLUME,
    SLOW_RESPONSE,
    TRUNCATED_BODY,
)
SERVER_ERROR_STATUSES = (500, 502, 503, 504)


@dataclass(frozen=True)
class FaultPlan:
    """What goes wrong, and how often; rates are per /rest request."""

    seed: int = 0
    rate_limit_rate: float = 0.0  # burst 429 WITH a Retry-After header (1 s)
    rate_limit_no_header_rate: float = 0.0  # burst 429 without Retry-After (LinkedIn's usual)
    data_volume_rate: float = 0.0  # 429 with the 45-million-metric-values message (adAnalytics)
    server_error_rate: float = 0.0  # 500/502/503/504 in turn
    connection_reset_rate: float = 0.0  # connection dropped with no response
    slow_response_rate: float = 0.0  # response delayed by slow_response_seconds
    slow_response_seconds: float = 2.0
    truncated_body_rate: float = 0.0  # 200 whose JSON body is cut in half
    daily_quota: int | None = None  # successful /rest calls allowed before the day quota 429
    token_expiry_after: int | None = None  # calls a token serves before 401 EXPIRED_ACCESS_TOKEN
    max_consecutive_faults: int = 2  # so bounded retries always eventually succeed

    def __post_init__(self) -> None:
        for name in _RATE_FIELDS:
            rate = getattr(self, name)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], got {rate}")
        if self.max_consecutive_faults < 0:
            raise ValueError("max_consecutive_faults must be >= 0")

    @classmethod
    def parse(cls, spec: str) -> FaultPlan:
        """Parse `"rate_limit_rate=0.1,daily_quota=50"` (the CLI's --faults)."""
        types = {field.name: field.type for field in dataclasses.fields(cls)}
        values: dict[str, object] = {}
        for part in filter(None, (piece.strip() for piece in spec.split(","))):
            name, sep, text = part.partition("=")
            name = name.strip()
            if not sep or name not in types:
                raise ValueError(f"unknown fault setting {part!r}; known: {', '.join(types)}")
            values[name] = _convert(text.strip(), str(types[name]), name)
        return cls(**values)  # type: ignore[arg-type]

    def rate_of(self, kind: str) -> float:
        return float(getattr(self, f"{kind}_rate"))


_RATE_FIELDS = tuple(f"{kind}_rate" for kind in _TRANSIENT_KINDS)


def _convert(text: str, type_name: str, name: str) -> object:
    if "None" in type_name and text.lower() in ("none", ""):
        return None
    try:
        if "int" in type_name:
            return int(text)
        return float(text)
    except ValueError:
        raise ValueError(f"bad value {text!r} for {name}") from None


def _uniform(seed: int, sequence: int, kind: str) -> float:
    digest = hashlib.blake2b(f"{seed}:{sequence}:{kind}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(frozen=True)
class FaultDecision:
    kind: str | None
    server_status: int | None = None


class FaultInjector:
    """Thread-safe state behind a FaultPlan: sequence, streaks, quota and token counters."""

    def __init__(self, plan: FaultPlan) -> None:
        self._lock = threading.Lock()
        self.plan = plan
        self._sequence = 0
        self._consecutive = 0
        self._server_errors = 0
        self._successes = 0
        self._token_calls: dict[str, int] = {}

    def decide(self, is_analytics: bool) -> FaultDecision:
        """The transient fault (if any) for the next /rest request."""
        with self._lock:
            sequence = self._sequence
            self._sequence += 1
            if self._consecutive >= self.plan.max_consecutive_faults:
                self._consecutive = 0
                return FaultDecision(None)
            for kind in _TRANSIENT_KINDS:
                if kind == DATA_VOLUME and not is_analytics:
                    continue  # LinkedIn's data throttle is specific to adAnalytics
                rate = self.plan.rate_of(kind)
                if rate and _uniform(self.plan.seed, sequence, kind) < rate:
                    self._consecutive += 1
                    if kind == SERVER_ERROR:
                        status = SERVER_ERROR_STATUSES[
                            self._server_errors % len(SERVER_ERROR_STATUSES)
                        ]
                        self._server_errors += 1
                        return FaultDecision(kind, status)
                    return FaultDecision(kind)
            self._consecutive = 0
            return FaultDecision(None)

    def quota_exhausted(self) -> bool:
        with self._lock:
            quota = self.plan.daily_quota
            return quota is not None and self._successes >= quota

    def record_success(self) -> None:
        with self._lock:
            self._successes += 1

    def reset_quota(self) -> None:
        with self._lock:
            self._successes = 0

    def token_call_expires(self, token: str) -> bool:
        """Count one call on `token`; True when it is past `token_expiry_after` calls."""
        limit = self.plan.token_expiry_after
        if limit is None:
            return False
        with self._lock:
            calls = self._token_calls.get(token, 0) + 1
            self._token_calls[token] = calls
            return calls > limit
