"""Typed errors that say what happened at LinkedIn and what the user should do about it.

Messages are built from LinkedIn's error body (never from request headers), and every message
is passed through the secret redactor before it is stored, so a token can never leak through
an exception text.
"""

from __future__ import annotations

from typing import Any

from linkedin_assets.linkedin.secrets import redact

QUOTA_RESET_HINT = (
    "LinkedIn's daily API quota for this application or member is used up. Quotas reset at "
    "midnight UTC; rerun the same partitions after that and the run resumes where it stopped "
    "(completed partitions are kept, nothing is half-written). Usage per endpoint is in the "
    "LinkedIn Developer Portal under your app > Analytics."
)


class LinkedInError(Exception):
    """Base class of everything this package raises."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


class ConfigurationError(LinkedInError, ValueError):
    """A setting is missing or malformed; the message names the setting and the fix."""


class LinkedInAPIError(LinkedInError):
    """LinkedIn answered with an error status."""

    status: int = 0
    hint: str = ""

    def __init__(
        self,
        *,
        endpoint: str,
        status: int,
        body: Any = None,
        detail: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.status = status
        self.body = body if isinstance(body, dict) else {}
        self.code = self.body.get("code") or self.body.get("error")
        self.service_error_code = self.body.get("serviceErrorCode")
        self.linkedin_message = (
            self.body.get("message") or self.body.get("error_description") or detail or ""
        )
        parts = [f"LinkedIn {endpoint} answered {status}"]
        if self.code:
            parts[0] += f" {self.code}"
        if self.linkedin_message:
            parts.append(f": {self.linkedin_message}")
        message = "".join(parts)
        hint = self.describe()
        if hint:
            message += f". {hint}"
        super().__init__(message)

    def describe(self) -> str:
        return self.hint


class BadRequestError(LinkedInAPIError):
    hint = "The request was malformed; this is a bug in the request we built or a bad setting."

    @property
    def invalid_parameters(self) -> list[str]:
        """Parameter paths LinkedIn flagged (`errorDetails.inputErrors[].input.inputPath`)."""
        details = self.body.get("errorDetails") or {}
        paths = []
        for item in details.get("inputErrors") or []:
            path = ((item.get("input") or {}).get("inputPath") or {}).get("fieldPath")
            if path:
                paths.append(f"{path} ({item.get('code', 'invalid')})")
        return paths

    def describe(self) -> str:
        params = self.invalid_parameters
        if params:
            return f"Offending parameter: {', '.join(params)}. {self.hint}"
        return self.hint


class AuthenticationError(LinkedInAPIError):
    hint = (
        "The access token is invalid, expired or revoked. Set a fresh LINKEDIN_ACCESS_TOKEN, or set "
        "LINKEDIN_CLIENT_ID, LINKEDIN_CLIENT_SECRET and LINKEDIN_REFRESH_TOKEN so tokens are "
        "refreshed automatically; if the refresh token itself expired (365 days after consent), "
        "re-authorize the app (README: Live credentials)."
    )


class PermissionDeniedError(LinkedInAPIError):
    hint = (
        "The token lacks a scope or role for this resource. Ads need r_ads and r_ads_reporting "
        "(Advertising API / Marketing Developer Platform access); organization pages need "
        "r_organization_admin and r_organization_social with an ADMINISTRATOR role on the page; "
        "lead forms need r_marketing_leadgen_automation. Check LINKEDIN_AD_ACCOUNT_IDS / "
        "LINKEDIN_ORGANIZATION_IDS name entities this member can access."
    )

    def describe(self) -> str:
        resource = ""
        marker = "Not enough permissions to access: "
        if marker in self.linkedin_message:
            resource = self.linkedin_message.split(marker, 1)[1].split(".", 1)[0]
        if resource:
            return f"Access to '{resource}' was refused. {self.hint}"
        return self.hint


class NotFoundError(LinkedInAPIError):
    hint = (
        "The entity does not exist or is not visible to this token; check the configured ids "
        "(LINKEDIN_AD_ACCOUNT_IDS / LINKEDIN_ORGANIZATION_IDS)."
    )


class UnprocessableError(LinkedInAPIError):
    hint = "LinkedIn rejected the request's content."


class VersionNotActiveError(LinkedInAPIError):
    def __init__(self, *, endpoint: str, status: int, body: Any = None, version: str = "") -> None:
        self.version = version
        super().__init__(endpoint=endpoint, status=status, body=body)

    def describe(self) -> str:
        return (
            f"LinkedIn-Version {self.version} is no longer (or not yet) active: versions live about "
            "a year. Set LINKEDIN_API_VERSION to a recent month (YYYYMM) or upgrade this project, "
            "which pins a current one."
        )


class RateLimitError(LinkedInAPIError):
    hint = (
        "LinkedIn kept throttling after every retry. Wait a few minutes and rerun; reduce "
        "concurrent runs against the same app."
    )


class DailyQuotaExceededError(RateLimitError):
    hint = QUOTA_RESET_HINT


class DataVolumeThrottledError(RateLimitError):
    hint = (
        "More than 45 million metric values were requested within 5 minutes, and the wait did not "
        "clear it. Rerun later or materialize a shorter date range per run."
    )


class ServerError(LinkedInAPIError):
    hint = "LinkedIn kept failing after every retry; this is usually transient, rerun later."


class TransportError(LinkedInError):
    """The connection failed (reset, timeout, bad body) on every attempt."""


STATUS_ERRORS: dict[int, type[LinkedInAPIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableError,
    429: RateLimitError,
}


def is_daily_quota(body: dict) -> bool:
    message = str(body.get("message", ""))
    return "DAY limit" in message


def is_data_volume(body: dict) -> bool:
    return "data request limit" in str(body.get("message", ""))


def error_for(endpoint: str, status: int, body: Any, *, version: str) -> LinkedInAPIError:
    """Map a LinkedIn error response to its typed exception."""
    body = body if isinstance(body, dict) else {}
    if status == 426:
        return VersionNotActiveError(endpoint=endpoint, status=status, body=body, version=version)
    if status == 429:
        if is_daily_quota(body):
            return DailyQuotaExceededError(endpoint=endpoint, status=status, body=body)
        if is_data_volume(body):
            return DataVolumeThrottledError(endpoint=endpoint, status=status, body=body)
    if status >= 500:
        return ServerError(endpoint=endpoint, status=status, body=body)
    cls = STATUS_ERRORS.get(status, LinkedInAPIError)
    return cls(endpoint=endpoint, status=status, body=body)
