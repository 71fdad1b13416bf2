"""OAuth 2.0 under /oauth/v2: the refresh-token grant, token introspection, and the token store.

Any client id/secret is accepted (the sandbox has no app registry) and any non-empty refresh
token is honoured, except strings the sandbox knows are access tokens or were revoked.
Access tokens live 60 days (LinkedIn's `expires_in` 5183999); refreshing never extends the
refresh token, which lives 365 days from the first time the sandbox saw it (§1.1).
"""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from linkedin_assets.sandbox.errors import OAuthError

ACCESS_TOKEN_SECONDS = 5_184_000  # 60 days
REFRESH_TOKEN_SECONDS = 31_536_000  # 365 days
SCOPES = (
    "r_ads,r_ads_reporting,r_organization_admin,r_organization_social,"
    "r_marketing_leadgen_automation"
)
VALID, EXPIRED, UNKNOWN = "valid", "expired", "unknown"


@dataclass(frozen=True)
class IssuedToken:
    token: str
    issued_at: float  # epoch seconds
    expires_in: int
    client_id: str

    def expires_at(self) -> float:
        return self.issued_at + self.expires_in


class TokenStore:
    """Access tokens the sandbox issued (plus the always-valid static one)."""

    def __init__(self, seed: int, static_token: str, clock: Callable[[], float]) -> None:
        self._lock = threading.Lock()
        self._seed = seed
        self._clock = clock
        self._issued: dict[str, IssuedToken] = {}
        self._refresh_first_seen: dict[str, float] = {}
        self._revoked_refresh: set[str] = set()
        self._counter = 0
        self.static_token = static_token
        self.started_at = clock()

    def set_clock(self, clock: Callable[[], float]) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock()

    def status(self, token: str) -> str:
        if token == self.static_token:
            return VALID
        with self._lock:
            issued = self._issued.get(token)
        if issued is None:
            return UNKNOWN
        return VALID if self.now() < issued.expires_at() else EXPIRED

    def lookup(self, token: str) -> IssuedToken | None:
        if token == self.static_token:
            return IssuedToken(token, self.started_at, ACCESS_TOKEN_SECONDS, "sandbox")
        with self._lock:
            return self._issued.get(token)

    def issue(self, client_id: str) -> IssuedToken:
        """A new opaque access token, unique and deterministic per sandbox instance."""
        with self._lock:
            self._counter += 1
            digest = hashlib.blake2b(
                f"sandbox-access-token:{self._seed}:{self._counter}".encode(), digest_size=48
            ).digest()
            token = "AQ" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
            issued = IssuedToken(token, self._clock(), ACCESS_TOKEN_SECONDS, client_id)
            self._issued[token] = issued
            return issued

    def new_refresh_token(self) -> str:
        with self._lock:
            self._counter += 1
            digest = hashlib.blake2b(
                f"sandbox-refresh-token:{self._seed}:{self._counter}".encode(), digest_size=48
            ).digest()
        token = "AQW" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
        self.refresh_remaining(token)
        return token

    def refresh_remaining(self, refresh_token: str) -> int:
        """Seconds left on a refresh token, counted from the first time it was presented."""
        with self._lock:
            first_seen = self._refresh_first_seen.setdefault(refresh_token, self._clock())
        return int(first_seen + REFRESH_TOKEN_SECONDS - self._clock())

    def refresh_usable(self, refresh_token: str) -> bool:
        if refresh_token == self.static_token or refresh_token in self._revoked_refresh:
            return False
        with self._lock:
            if refresh_token in self._issued:  # an access token is not a refresh token
                return False
        return self.refresh_remaining(refresh_token) > 0

    def revoke_refresh_token(self, refresh_token: str) -> None:
        with self._lock:
            self._revoked_refresh.add(refresh_token)


def _form(headers: Mapping[str, str], body: bytes) -> dict[str, str]:
    content_type = headers.get("content-type", "")
    if "application/x-www-form-urlencoded" not in content_type:
        raise OAuthError(
            400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded"
        )
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        raise OAuthError(400, "invalid_request", "The request body is not valid UTF-8") from None


def _required(form: Mapping[str, str], *names: str) -> None:
    for name in names:
        if not form.get(name):
            raise OAuthError(400, "invalid_request", f'A required parameter "{name}" is missing')


def access_token(store: TokenStore, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """POST /oauth/v2/accessToken (refresh_token and authorization_code grants)."""
    form = _form(headers, body)
    _required(form, "grant_type")
    grant = form["grant_type"]
    if grant == "refresh_token":
        _required(form, "refresh_token", "client_id", "client_secret")
        refresh_token = form["refresh_token"]
        if not store.refresh_usable(refresh_token):
            raise OAuthError(
                400,
                "invalid_grant",
                "The provided authorization grant or refresh token is invalid, expired or revoked",
            )
    elif grant == "authorization_code":
        _required(form, "code", "redirect_uri", "client_id", "client_secret")
        refresh_token = store.new_refresh_token()
    else:
        raise OAuthError(
            400, "unsupported_grant_type", f"The grant type '{grant}' is not supported"
        )
    issued = store.issue(form["client_id"])
    return {
        "access_token": issued.token,
        "expires_in": issued.expires_in - 1,  # real replies show 5183999
        "refresh_token": refresh_token,
        "refresh_token_expires_in": store.refresh_remaining(refresh_token),
        "scope": SCOPES,
        "token_type": "Bearer",
    }


def introspect_token(store: TokenStore, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """POST /oauth/v2/introspectToken; times are epoch seconds (§1.3)."""
    form = _form(headers, body)
    _required(form, "token", "client_id", "client_secret")
    issued = store.lookup(form["token"])
    if issued is None:
        return {"active": False}
    active = store.status(form["token"]) == VALID
    created = int(issued.issued_at)
    return {
        "active": active,
        "client_id": form["client_id"] if issued.client_id == "sandbox" else issued.client_id,
        "authorized_at": created,
        "created_at": created,
        "status": "active" if active else "expired",
        "expires_at": int(issued.expires_at()),
        "scope": SCOPES,
        "auth_type": "3L",
    }


OAUTH_ROUTES: dict[str, Callable[[TokenStore, Mapping[str, str], bytes], dict[str, Any]]] = {
    "accessToken": access_token,
    "introspectToken": introspect_token,
}
