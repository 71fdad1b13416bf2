"""The emulator's request handler: one `Sandbox.handle()` turns a raw HTTP request into a
LinkedIn-shaped response. Transports (in-process httpx, loopback server) only move bytes.

Order of checks for /rest, as a LinkedIn front end would apply them:
URL length (414) -> query tunnelling -> injected transient faults -> token (401) ->
LinkedIn-Version (400/426) -> daily quota (429) -> routing (404) -> the endpoint.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from linkedin_assets.sandbox import faults as fault_kinds
from linkedin_assets.sandbox import routes_ads, routes_analytics, routes_pages
from linkedin_assets.sandbox.errors import (
    ApiError,
    OAuthError,
    access_denied,
    burst_throttled,
    daily_quota_exceeded,
    data_volume_exceeded,
    expired_token,
    invalid_token,
    method_not_allowed,
    nonexistent_version,
    not_found,
    param_invalid,
    server_error,
    uri_too_long,
    version_malformed,
    version_missing,
)
from linkedin_assets.sandbox.faults import FaultDecision, FaultInjector, FaultPlan
from linkedin_assets.sandbox.ledger import LedgerEntry, SandboxLedger
from linkedin_assets.sandbox.paging import CursorCodec
from linkedin_assets.sandbox.restli_parser import Query, as_leaf_list
from linkedin_assets.sandbox.routes_ads import AdsCatalog
from linkedin_assets.sandbox.routes_oauth import EXPIRED, OAUTH_ROUTES, UNKNOWN, TokenStore
from linkedin_assets.sandbox.routes_pages import OrgCatalog

if TYPE_CHECKING:
    import httpx

    from linkedin_assets.sandbox.server import SandboxServer
    from linkedin_assets.sandbox.world import World, WorldConfig

MAX_URL_LENGTH = 4096
RETRY_AFTER_SECONDS = 1
_VERSION = re.compile(r"(\d{4})(\d{2})(?:\.(\d{2})|(\d{2}))?")


@dataclass(frozen=True)
class SandboxResponse:
    """What the sandbox answers; transports turn `fault` fields into real network behaviour."""

    status: int
    headers: dict[str, str]
    body: bytes
    fault: str | None = None
    delay_seconds: float = 0.0  # slow_response: wait this long before answering
    drop_connection: bool = False  # connection_reset: close without any response

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class RouteContext:
    """Everything an endpoint handler may look at for one request."""

    world: World
    ads: AdsCatalog
    orgs: OrgCatalog
    codec: CursorCodec
    endpoint: str
    path: str
    query: Query
    headers: Mapping[str, str]
    version: str  # normalised YYYYMM01, used in 403 messages
    protocol_v2: bool

    def method_label(self) -> str:
        finder = self.query.raw("q") if "q" in self.query else None
        if finder:
            return f"FINDER-{finder}"
        if "ids" in self.query:
            return "BATCH_GET"
        return "GET"

    def deny(self) -> ApiError:
        return access_denied(self.endpoint, self.method_label(), self.version)


Handler = Callable[[RouteContext, tuple[str, ...]], dict[str, Any]]
KEY = object()  # matches any one path segment, handed to the handler
ROUTES: list[tuple[tuple[object, ...], str, Handler]] = [
    (("adAccounts",), "adAccounts", routes_ads.ad_accounts),
    (("adAccounts", KEY), "adAccounts", routes_ads.ad_account),
    (("adAccounts", KEY, "adCampaignGroups"), "adCampaignGroups", routes_ads.campaign_groups),
    (("adAccounts", KEY, "adCampaignGroups", KEY), "adCampaignGroups", routes_ads.campaign_group),
    (("adAccounts", KEY, "adCampaigns"), "adCampaigns", routes_ads.campaigns),
    (("adAccounts", KEY, "adCampaigns", KEY), "adCampaigns", routes_ads.campaign),
    (("adAccounts", KEY, "creatives"), "creatives", routes_ads.creatives),
    (("adAccounts", KEY, "creatives", KEY), "creatives", routes_ads.creative),
    (("adAccountUsers",), "adAccountUsers", routes_ads.ad_account_users),
    (("conversions",), "conversions", routes_ads.conversions),
    (("adAnalytics",), "adAnalytics", routes_analytics.ad_analytics),
    (("leadForms",), "leadForms", routes_ads.lead_forms),
    (("leadFormResponses",), "leadFormResponses", routes_ads.lead_form_responses),
    (("organizationAcls",), "organizationAcls", routes_pages.organization_acls),
    (("organizations",), "organizations", routes_pages.organizations),
    (("organizations", KEY), "organizations", routes_pages.organization),
    (
        ("organizationalEntityFollowerStatistics",),
        "organizationalEntityFollowerStatistics",
        routes_pages.follower_statistics,
    ),
    (("organizationPageStatistics",), "organizationPageStatistics", routes_pages.page_statistics),
    (
        ("organizationalEntityShareStatistics",),
        "organizationalEntityShareStatistics",
        routes_pages.share_statistics,
    ),
    (("networkSizes", KEY), "networkSizes", routes_pages.network_size),
    (("posts",), "posts", routes_pages.posts),
    (("posts", KEY), "posts", routes_pages.post),
    (("socialActions", KEY, "comments"), "comments", routes_pages.comments),
    (("reactions", KEY), "reactions", routes_pages.reactions),
]


def resolve(segments: list[str]) -> tuple[str, Handler, tuple[str, ...]] | None:
    for pattern, endpoint, handler in ROUTES:
        if len(pattern) != len(segments):
            continue
        keys: list[str] = []
        for expected, actual in zip(pattern, segments, strict=True):
            if expected is KEY:
                if not actual:
                    break
                keys.append(actual)
            elif expected != actual:
                break
        else:
            return endpoint, handler, tuple(keys)
    return None


def check_version(raw: str | None, today: dt.date) -> str:
    """Validate LinkedIn-Version; returns it normalised to YYYYMM01 (as LinkedIn echoes it).

    Accepts YYYYMM, YYYYMM.RR and YYYYMMDD. A version dated in the future or more than 12
    months before `today` is not active (426).
    """
    if raw is None or not raw.strip():
        raise version_missing()
    text = raw.strip()
    match = _VERSION.fullmatch(text)
    if match is None:
        raise version_malformed(text)
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(4)) if match.group(4) else 1
    try:
        dt.date(year, month, day)
        released = dt.date(year, month, 1)
    except ValueError:
        raise version_malformed(text) from None
    normalised = f"{year:04d}{month:02d}01"
    try:
        oldest = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        oldest = today.replace(year=today.year - 1, day=28)
    if released > today or released < oldest:
        raise nonexistent_version(normalised)
    return normalised


def _pivot_label(query: Query) -> str | None:
    """pivot, or pivots joined by ','; lenient because it also labels rejected requests."""
    try:
        pivot = query.value("pivot")
        if isinstance(pivot, dict):
            pivot = pivot.get("value")
        if isinstance(pivot, str):
            return pivot
        pivots = query.value("pivots")
        if pivots is not None:
            return ",".join(as_leaf_list(pivots, "pivots"))
    except ApiError:
        return query.raw("pivot") or query.raw("pivots")
    return None


def _finder_label(query: Query) -> str | None:
    try:
        return query.raw("q")
    except ApiError:
        return None


def _fields_count(query: Query) -> int | None:
    try:
        fields = query.fields()
    except ApiError:
        raw = query.raw("fields")
        return None if raw is None else len(raw.split(","))
    return None if fields is None else len(fields)


def _element_count(payload: Any) -> int | None:
    if isinstance(payload, dict):
        if isinstance(payload.get("elements"), list):
            return len(payload["elements"])
        if isinstance(payload.get("results"), dict):
            return len(payload["results"])
    return None


def _encode(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class _Outcome:
    status: int
    payload: Any
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None


class Sandbox:
    """A LinkedIn REST API emulator over a deterministic World."""

    STATIC_TOKEN = "sandbox"
    API_PATH = "/rest"
    OAUTH_PATH = "/oauth/v2"

    def __init__(
        self, world: World | WorldConfig | None = None, faults: FaultPlan | None = None
    ) -> None:
        from linkedin_assets.sandbox.world import World, WorldConfig

        if world is None:
            world = World(WorldConfig())
        elif isinstance(world, WorldConfig):
            world = World(world)
        self.world: World = world
        self.ledger = SandboxLedger()
        self.clock: Callable[[], float] = time.time
        seed = world.config.seed
        self._tokens = TokenStore(seed, self.STATIC_TOKEN, lambda: self.clock())
        self._injector = FaultInjector(faults or FaultPlan())
        self._codec = CursorCodec(hashlib.blake2b(f"cursor:{seed}".encode()).digest()[:32])
        self._ads = AdsCatalog(world)
        self._orgs = OrgCatalog(world)
        self._sequence_lock = threading.Lock()
        self._sequence = 0
        self._seed = seed

    # ------------------------------------------------------------ configuration

    @property
    def faults(self) -> FaultPlan:
        return self._injector.plan

    def set_faults(self, faults: FaultPlan) -> None:
        """Replace the fault plan; counters (sequence, quota, token calls) start over."""
        self._injector = FaultInjector(faults)

    def reset_quota(self) -> None:
        """Midnight UTC came: the daily quota is available again."""
        self._injector.reset_quota()

    def revoke_refresh_token(self, refresh_token: str) -> None:
        self._tokens.revoke_refresh_token(refresh_token)

    def today(self) -> dt.date:
        """The real UTC date per `clock` (API versions age in real time, not world time)."""
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC).date()

    # ------------------------------------------------------------ transports

    def transport(self) -> httpx.BaseTransport:
        from linkedin_assets.sandbox.transport import SandboxTransport

        return SandboxTransport(self)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> SandboxServer:
        from linkedin_assets.sandbox.server import SandboxServer

        return SandboxServer(self, host, port)

    # ------------------------------------------------------------ handling

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> SandboxResponse:
        """Answer one request; `target` is the path plus the raw query string as sent."""
        lowered = {name.lower(): value for name, value in headers.items()}
        path = target.partition("?")[0]
        if path == self.OAUTH_PATH or path.startswith(self.OAUTH_PATH + "/"):
            return self._handle_oauth(method.upper(), path, lowered, body)
        if path == self.API_PATH or path.startswith(self.API_PATH + "/"):
            return self._handle_rest(method.upper(), target, lowered, body)
        outcome = _Outcome(404, not_found().body)
        return self._finish(method.upper(), path, "unknown", Query(()), outcome, False)

    def _handle_oauth(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> SandboxResponse:
        name = path[len(self.OAUTH_PATH) + 1 :]
        route = OAUTH_ROUTES.get(name)
        if route is None:
            outcome = _Outcome(404, {"error": "not_found", "error_description": "Unknown endpoint"})
        elif method != "POST":
            outcome = _Outcome(
                405, {"error": "invalid_request", "error_description": "Use POST for " + name}
            )
        else:
            try:
                outcome = _Outcome(200, route(self._tokens, headers, body))
            except OAuthError as error:
                outcome = _Outcome(error.status, dict(error.body))
        return self._finish(method, path, name or "oauth", Query(()), outcome, False)

    def _handle_rest(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> SandboxResponse:
        path, _, raw_query = target.partition("?")
        segments = path[len(self.API_PATH) + 1 :].split("/") if path != self.API_PATH else []
        route = resolve(segments)
        endpoint = route[0] if route else (segments[0] if segments and segments[0] else "rest")
        if method == "GET" and len(target) > MAX_URL_LENGTH:
            return self._finish(
                method, path, endpoint, Query(()), _Outcome(414, uri_too_long().body), False
            )

        tunneled = method == "POST" and "x-http-method-override" in headers
        try:
            if tunneled:
                method, raw_query = self._untunnel(headers, raw_query, body)
        except ApiError as error:
            outcome = _Outcome(error.status, error.body, dict(error.headers))
            return self._finish("POST", path, endpoint, Query(()), outcome, True)
        query = Query.from_raw(raw_query)

        decision = self._injector.decide(is_analytics=endpoint == "adAnalytics")
        early = self._transient_fault(decision)
        if early is not None:
            return self._finish(method, path, endpoint, query, early, tunneled)

        try:
            payload = self._serve_rest(method, path, endpoint, route, query, headers)
            outcome = _Outcome(200, payload)
            self._injector.record_success()
        except ApiError as error:
            outcome = _Outcome(error.status, error.body, dict(error.headers), error.fault)
        return self._finish(method, path, endpoint, query, outcome, tunneled, decision)

    def _untunnel(self, headers: dict[str, str], raw_query: str, body: bytes) -> tuple[str, str]:
        """POST + X-HTTP-Method-Override: GET + form body = the GET with that query (§0.3)."""
        override = headers["x-http-method-override"].strip().upper()
        if override != "GET":
            raise param_invalid(
                "X-HTTP-Method-Override", f"The sandbox only tunnels GET, not {override}"
            )
        if "application/x-www-form-urlencoded" not in headers.get("content-type", ""):
            raise param_invalid(
                "Content-Type", "A tunnelled query must be application/x-www-form-urlencoded"
            )
        try:
            tunnelled_query = body.decode("ascii").strip()
        except UnicodeDecodeError:
            raise param_invalid(
                "body", "A tunnelled query must be ASCII (percent-encoded)"
            ) from None
        combined = "&".join(part for part in (raw_query, tunnelled_query) if part)
        return "GET", combined

    def _transient_fault(self, decision: FaultDecision) -> _Outcome | None:
        kind = decision.kind
        error: ApiError
        if kind == fault_kinds.CONNECTION_RESET:
            return _Outcome(0, None, fault=kind)
        if kind == fault_kinds.SERVER_ERROR:
            error = server_error(decision.server_status or 500)
        elif kind == fault_kinds.RATE_LIMIT:
            error = burst_throttled(RETRY_AFTER_SECONDS)
        elif kind == fault_kinds.RATE_LIMIT_NO_HEADER:
            error = burst_throttled(None)
        elif kind == fault_kinds.DATA_VOLUME:
            error = data_volume_exceeded()
        else:
            return None
        return _Outcome(error.status, error.body, dict(error.headers), fault=kind)

    def _serve_rest(
        self,
        method: str,
        path: str,
        endpoint: str,
        route: tuple[str, Handler, tuple[str, ...]] | None,
        query: Query,
        headers: dict[str, str],
    ) -> dict[str, Any]:
        token = self._authenticate(headers, query)
        if self._injector.token_call_expires(token):
            raise replace(expired_token(), fault=fault_kinds.TOKEN_EXPIRED)
        version = check_version(headers.get("linkedin-version"), self.today())
        if self._injector.quota_exhausted():
            raise replace(daily_quota_exceeded(), fault=fault_kinds.DAILY_QUOTA)
        if route is None:
            raise not_found()
        if method != "GET":
            raise method_not_allowed(method)
        _, handler, keys = route
        context = RouteContext(
            world=self.world,
            ads=self._ads,
            orgs=self._orgs,
            codec=self._codec,
            endpoint=endpoint,
            path=path,
            query=query,
            headers=headers,
            version=version,
            protocol_v2=headers.get("x-restli-protocol-version", "").strip() == "2.0.0",
        )
        return handler(context, keys)

    def _authenticate(self, headers: dict[str, str], query: Query) -> str:
        authorization = headers.get("authorization")
        if authorization is not None:
            scheme, _, token = authorization.strip().partition(" ")
            if scheme.lower() != "bearer":
                raise invalid_token("Unknown authentication schema")
            token = token.strip()
        else:
            token = query.raw("oauth2_access_token") or ""
        if not token:
            raise invalid_token("Empty oauth2_access_token")
        status = self._tokens.status(token)
        if status == UNKNOWN:
            raise invalid_token()
        if status == EXPIRED:
            raise expired_token()
        return token

    def _finish(
        self,
        method: str,
        path: str,
        endpoint: str,
        query: Query,
        outcome: _Outcome,
        tunneled: bool,
        decision: FaultDecision | None = None,
    ) -> SandboxResponse:
        fault = outcome.fault
        delay = 0.0
        if outcome.status == 0:  # the connection is dropped: nothing is sent
            body = b""
            response = SandboxResponse(0, {}, b"", fault=fault, drop_connection=True)
        else:
            body = _encode(outcome.payload)
            truncate = decision is not None and decision.kind == fault_kinds.TRUNCATED_BODY
            if truncate and outcome.status == 200:  # only a success can arrive truncated
                body = body[: len(body) // 2]
                fault = fault_kinds.TRUNCATED_BODY
            if decision is not None and decision.kind == fault_kinds.SLOW_RESPONSE:
                delay = self._injector.plan.slow_response_seconds
                fault = fault or fault_kinds.SLOW_RESPONSE
            headers = {**self._tracing_headers(), **outcome.headers}
            response = SandboxResponse(outcome.status, headers, body, fault, delay)
        self.ledger.record(
            LedgerEntry(
                method=method,
                path=path,
                endpoint=endpoint,
                finder=_finder_label(query),
                pivot=_pivot_label(query),
                fields_count=_fields_count(query),
                status=outcome.status,
                elements=_element_count(outcome.payload),
                response_bytes=len(body),
                tunneled=tunneled,
                fault=fault,
            )
        )
        return response

    def _tracing_headers(self) -> dict[str, str]:
        """LinkedIn's tracing headers; no X-RateLimit-* (LinkedIn sends none)."""
        with self._sequence_lock:
            self._sequence += 1
            sequence = self._sequence
        digest = hashlib.blake2b(f"uuid:{self._seed}:{sequence}".encode(), digest_size=16).digest()
        return {
            "Content-Type": "application/json",
            "X-RestLi-Protocol-Version": "2.0.0",
            "x-li-uuid": base64.b64encode(digest).decode("ascii"),
            "x-li-fabric": "prod-lva1",
            "x-li-pop": "prod-sandbox",
        }
