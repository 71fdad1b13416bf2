"""Client configuration, validated before any request is made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linkedin_assets.linkedin.errors import ConfigurationError
from linkedin_assets.linkedin.secrets import Secret

# LinkedIn versions are monthly and each lives about a year (then 426 NONEXISTENT_VERSION).
# A test fails once this pin is 9 months old, well before LinkedIn retires it.
DEFAULT_API_VERSION = "202610"
DEFAULT_API_BASE_URL = "https://api.linkedin.com/rest"
DEFAULT_OAUTH_BASE_URL = "https://www.linkedin.com/oauth/v2"

_VERSION = re.compile(r"^(?P<year>20\d\d)(?P<month>0[1-9]|1[0-2])(\.\d{2}|\d{2})?$")


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds on retrying transient failures; both limits apply."""

    max_attempts: int = 8
    max_elapsed_seconds: float = 20 * 60
    backoff_initial_seconds: float = 2.0
    backoff_max_seconds: float = 120.0
    # LinkedIn's adAnalytics data throttle counts a rolling 5-minute window.
    data_volume_wait_seconds: float = 330.0


@dataclass(frozen=True)
class ClientConfig:
    api_base_url: str = DEFAULT_API_BASE_URL
    oauth_base_url: str = DEFAULT_OAUTH_BASE_URL
    api_version: str = DEFAULT_API_VERSION
    access_token: Secret | None = None
    client_id: str | None = None
    client_secret: Secret | None = None
    refresh_token: Secret | None = None
    timeout_seconds: float = 120.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # The official client tunnels from 4,000 characters; LinkedIn answers 414 past ~4 KB.
    tunnel_url_length: int = 4000
    # Refresh this long before the access token's known expiry.
    refresh_margin_seconds: float = 300.0

    @property
    def can_refresh(self) -> bool:
        return bool(self.refresh_token and self.client_id and self.client_secret)

    def validate(self) -> ClientConfig:
        if not _VERSION.match(self.api_version):
            raise ConfigurationError(
                f"LINKEDIN_API_VERSION={self.api_version!r} is not a LinkedIn version: use YYYYMM "
                f"(e.g. {DEFAULT_API_VERSION}) or YYYYMM.RR."
            )
        for name, url in (
            ("LINKEDIN_API_BASE_URL", self.api_base_url),
            ("LINKEDIN_OAUTH_BASE_URL", self.oauth_base_url),
        ):
            if not re.match(r"^https?://[^/\s]+", url or ""):
                raise ConfigurationError(
                    f"{name}={url!r} is not an http(s) URL; leave it unset for LinkedIn's default."
                )
        if self.refresh_token and not (self.client_id and self.client_secret):
            missing = [
                n
                for n, v in (
                    ("LINKEDIN_CLIENT_ID", self.client_id),
                    ("LINKEDIN_CLIENT_SECRET", self.client_secret),
                )
                if not v
            ]
            raise ConfigurationError(
                f"LINKEDIN_REFRESH_TOKEN is set but {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not: the refresh-token grant needs the app's "
                "client id and secret (LinkedIn Developer Portal > your app > Auth)."
            )
        if not self.access_token and not self.refresh_token:
            raise ConfigurationError(
                "No LinkedIn credentials: set LINKEDIN_ACCESS_TOKEN, or LINKEDIN_CLIENT_ID + "
                "LINKEDIN_CLIENT_SECRET + LINKEDIN_REFRESH_TOKEN (or run in sandbox mode)."
            )
        return self
