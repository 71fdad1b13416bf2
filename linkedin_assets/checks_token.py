"""Is the LinkedIn token about to expire? An asset check on the `linkedin_token` asset.

The token is represented by an external asset so its health shows in the catalog next to the
data it feeds. The check is evaluated by the `linkedin_token_expiry` sensor (no run needed)
and can be executed by hand from the UI. It reports dates and days left, never the token.
"""

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from linkedin_assets.linkedin.auth import TokenStatus
from linkedin_assets.linkedin.errors import AuthenticationError, LinkedInError
from linkedin_assets.resources import LinkedInResource

TOKEN_ASSET = dg.AssetKey("linkedin_token")
TOKEN_CHECK = "token_not_expiring"
WARN_DAYS_ENV = "LINKEDIN_TOKEN_WARN_DAYS"
DEFAULT_WARN_DAYS = 14

token_asset = dg.AssetSpec(
    TOKEN_ASSET,
    group_name="linkedin_access",
    kinds={"linkedin"},
    description=(
        "The LinkedIn OAuth credentials the assets use (never their value): an access token "
        "(60 days) or a refresh token (365 days from consent). Its check warns "
        f"{DEFAULT_WARN_DAYS} days ({WARN_DAYS_ENV}) before either expires."
    ),
)


@dataclass(frozen=True)
class TokenAssessment:
    passed: bool
    message: str
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.WARN
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def evaluation(self) -> dg.AssetCheckEvaluation:
        return dg.AssetCheckEvaluation(
            asset_key=TOKEN_ASSET,
            check_name=TOKEN_CHECK,
            passed=self.passed,
            severity=self.severity,
            description=self.message,
            metadata=dict(self.metadata),
        )

    def result(self) -> dg.AssetCheckResult:
        return dg.AssetCheckResult(
            passed=self.passed,
            severity=self.severity,
            description=self.message,
            metadata=dict(self.metadata),
        )


def warn_days(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    value = env.get(WARN_DAYS_ENV, "").strip()
    if not value:
        return DEFAULT_WARN_DAYS
    if not value.isdigit():
        raise ValueError(f"{WARN_DAYS_ENV}={value!r} must be a whole number of days.")
    return int(value)


def _days(moment: dt.datetime, now: dt.datetime) -> float:
    return round((moment - now).total_seconds() / 86400, 1)


def assess_token(
    status: TokenStatus | None,
    *,
    sandbox: bool,
    can_refresh: bool,
    now: dt.datetime,
    warn_within_days: int,
) -> TokenAssessment:
    """Turn what introspection said into pass / warn / error, with a message that says what
    to do. `status` is None only in sandbox mode."""
    if sandbox or status is None:
        return TokenAssessment(
            True,
            "Sandbox mode: no LinkedIn token is in use (set LINKEDIN_ACCESS_TOKEN or the "
            "refresh-token variables for live data).",
            metadata={"mode": "sandbox"},
        )
    metadata: dict[str, Any] = {"mode": "live", "status": status.status}
    if status.expires_at:
        metadata["access_token_expires_at"] = status.expires_at.isoformat()
        metadata["access_token_days_left"] = _days(status.expires_at, now)
    if status.refresh_token_expires_at:
        metadata["refresh_token_expires_at"] = status.refresh_token_expires_at.isoformat()
        metadata["refresh_token_days_left"] = _days(status.refresh_token_expires_at, now)
    if not status.active:
        return TokenAssessment(
            False,
            f"The LinkedIn access token is {status.status}. {AuthenticationError.hint}",
            dg.AssetCheckSeverity.ERROR,
            metadata,
        )
    if can_refresh:
        expiry, what = status.refresh_token_expires_at, "refresh token"
        fix = (
            "Re-authorize the app (README: Live credentials) and set the new "
            "LINKEDIN_REFRESH_TOKEN; refreshing does not extend it."
        )
    else:
        expiry, what = status.expires_at, "access token"
        fix = (
            "Generate a new token (README: Live credentials) and set LINKEDIN_ACCESS_TOKEN, or "
            "set LINKEDIN_CLIENT_ID, LINKEDIN_CLIENT_SECRET and LINKEDIN_REFRESH_TOKEN so it "
            "is renewed automatically."
        )
    if expiry is None:
        return TokenAssessment(
            False,
            f"Cannot tell when the LinkedIn {what} expires: introspection needs "
            "LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET. Set them to be warned before it does.",
            metadata=metadata,
        )
    days_left = _days(expiry, now)
    if days_left <= warn_within_days:
        return TokenAssessment(
            False,
            f"The LinkedIn {what} expires in {days_left} days ({expiry:%Y-%m-%d %H:%M} UTC). {fix}",
            dg.AssetCheckSeverity.ERROR if days_left <= 1 else dg.AssetCheckSeverity.WARN,
            metadata,
        )
    return TokenAssessment(
        True,
        f"The LinkedIn {what} is valid for {days_left} more days ({expiry:%Y-%m-%d} UTC).",
        metadata=metadata,
    )


def inspect_token(linkedin: LinkedInResource, now: dt.datetime | None = None) -> TokenAssessment:
    """Introspect the configured token (live) and assess it; sandbox mode makes no request."""
    now = now or dt.datetime.now(dt.UTC)
    if linkedin.is_sandbox:
        return assess_token(None, sandbox=True, can_refresh=False, now=now, warn_within_days=0)
    try:
        with linkedin.get_client() as client:
            status = client.token_status()
            can_refresh = client.config.can_refresh
    except LinkedInError as exc:
        # The message is already redacted by LinkedInError.
        return TokenAssessment(
            False,
            f"Could not introspect the LinkedIn token: {exc}",
            dg.AssetCheckSeverity.ERROR,
            {"mode": "live", "error": type(exc).__name__},
        )
    return assess_token(
        status, sandbox=False, can_refresh=can_refresh, now=now, warn_within_days=warn_days()
    )


@dg.asset_check(
    asset=TOKEN_ASSET,
    name=TOKEN_CHECK,
    description="Warns before the LinkedIn access or refresh token expires (introspection).",
)
def token_not_expiring(linkedin: LinkedInResource) -> dg.AssetCheckResult:
    return inspect_token(linkedin).result()
