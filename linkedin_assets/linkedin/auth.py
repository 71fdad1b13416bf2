"""Access tokens: a bare token, or the OAuth refresh-token grant with automatic renewal.

Tokens are refreshed ahead of their known expiry and once more when LinkedIn answers 401.
Expiry is learned from the token response (`expires_in`) or from token introspection.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from linkedin_assets.linkedin.config import ClientConfig
from linkedin_assets.linkedin.errors import AuthenticationError, ConfigurationError
from linkedin_assets.linkedin.ledger import RequestLedger
from linkedin_assets.linkedin.secrets import Secret


@dataclass(frozen=True)
class TokenStatus:
    """What introspection or the token response told us. Never holds the token itself."""

    active: bool
    status: str
    expires_at: dt.datetime | None
    scopes: tuple[str, ...] = ()
    created_at: dt.datetime | None = None
    refresh_token_expires_at: dt.datetime | None = None

    def days_left(self, now: dt.datetime | None = None) -> float | None:
        if self.expires_at is None:
            return None
        now = now or dt.datetime.now(dt.UTC)
        return (self.expires_at - now).total_seconds() / 86400


def _from_epoch_seconds(value: object) -> dt.datetime | None:
    if isinstance(value, int | float) and value > 0:
        return dt.datetime.fromtimestamp(value, dt.UTC)
    return None


class TokenManager:
    def __init__(
        self,
        config: ClientConfig,
        http: httpx.Client,
        ledger: RequestLedger,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._config = config
        self._http = http
        self._ledger = ledger
        self._clock = clock
        self._lock = threading.Lock()
        self._token: Secret | None = config.access_token
        self._refresh_token: Secret | None = config.refresh_token
        self._expires_at: float | None = None
        self._refresh_expires_at: float | None = None

    @property
    def can_refresh(self) -> bool:
        return self._config.can_refresh

    def bearer(self) -> str:
        """The token for the next request, refreshed first if missing or about to expire."""
        with self._lock:
            if self._needs_refresh():
                self._refresh_locked()
            assert self._token is not None
            return self._token.reveal()

    def renew_after_unauthorized(self, rejected: str) -> bool:
        """After a 401: refresh if possible. False when there is nothing to refresh with."""
        if not self.can_refresh:
            return False
        with self._lock:
            # Another thread may already have replaced the rejected token.
            if self._token is None or self._token.reveal() == rejected:
                self._refresh_locked()
        return True

    def _needs_refresh(self) -> bool:
        if self._token is None:
            return True
        if self._expires_at is None or not self.can_refresh:
            return False
        return self._clock() >= self._expires_at - self._config.refresh_margin_seconds

    def _refresh_locked(self) -> None:
        if not self.can_refresh:
            raise ConfigurationError(
                "No usable access token and no refresh credentials: set LINKEDIN_ACCESS_TOKEN or "
                "LINKEDIN_CLIENT_ID + LINKEDIN_CLIENT_SECRET + LINKEDIN_REFRESH_TOKEN."
            )
        assert self._refresh_token and self._config.client_secret
        form = {
            "grant_type": "refresh_token",
            "refresh_token": self._refresh_token.reveal(),
            "client_id": self._config.client_id or "",
            "client_secret": self._config.client_secret.reveal(),
        }
        body = self._post_oauth("accessToken", form)
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise AuthenticationError(
                endpoint="oauth/accessToken",
                status=200,
                detail="the token response carried no access_token",
            )
        now = self._clock()
        self._token = Secret(token)
        if isinstance(body.get("expires_in"), int | float):
            self._expires_at = now + float(body["expires_in"])
        if isinstance(body.get("refresh_token"), str) and body["refresh_token"]:
            self._refresh_token = Secret(body["refresh_token"])
        if isinstance(body.get("refresh_token_expires_in"), int | float):
            self._refresh_expires_at = now + float(body["refresh_token_expires_in"])
        self._ledger.record_token_refresh()

    def _post_oauth(self, action: str, form: dict[str, str]) -> dict:
        url = f"{self._config.oauth_base_url.rstrip('/')}/{action}"
        try:
            response = self._http.post(url, data=form)
        except httpx.HTTPError as exc:
            raise AuthenticationError(
                endpoint=f"oauth/{action}",
                status=0,
                detail=f"could not reach the OAuth server ({type(exc).__name__})",
            ) from None
        self._ledger.record_request(f"oauth/{action}", response.status_code, len(response.content))
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code != 200:
            raise AuthenticationError(
                endpoint=f"oauth/{action}", status=response.status_code, body=body
            )
        return body

    def status(self) -> TokenStatus:
        """Introspect the current token (needs client id + secret) to learn its expiry."""
        if not (self._config.client_id and self._config.client_secret):
            expires = _from_epoch_seconds(self._expires_at)
            return TokenStatus(active=self._token is not None, status="unknown", expires_at=expires)
        token = self.bearer()
        body = self._post_oauth(
            "introspectToken",
            {
                "token": token,
                "client_id": self._config.client_id,
                "client_secret": self._config.client_secret.reveal(),
            },
        )
        expires_at = _from_epoch_seconds(body.get("expires_at"))
        if expires_at is not None:
            with self._lock:
                self._expires_at = expires_at.timestamp()
        scope = body.get("scope") or ""
        return TokenStatus(
            active=bool(body.get("active")),
            status=str(body.get("status") or ("active" if body.get("active") else "inactive")),
            expires_at=expires_at,
            scopes=tuple(s for s in str(scope).replace(" ", ",").split(",") if s),
            created_at=_from_epoch_seconds(body.get("created_at")),
            refresh_token_expires_at=_from_epoch_seconds(self._refresh_expires_at),
        )
