"""LinkedIn's error bodies, as `ApiError` exceptions the request handler turns into responses.

Two body shapes exist on /rest (linkedin_api.md §9.1): the simple one
`{status, serviceErrorCode?, code, message}` and the validation one with
`errorDetails.inputErrors[].input.inputPath.fieldPath`. OAuth uses RFC 6749 bodies instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

QUOTA_MESSAGE = (
    "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."
)
BURST_MESSAGE = "Resource level throttle limit for calls to this resource is reached."
DATA_VOLUME_MESSAGE = (
    "The data request limit has been exceeded. More than 45 million metric values were "
    "requested in a 5-minute window."
)
TOO_MANY_ENTITIES_MESSAGE = "Request would return too many entities. "
INVALID_QUERY_MESSAGE = "Invalid query parameters passed to request"


@dataclass
class ApiError(Exception):
    """An error response: HTTP status, JSON body and extra headers."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None  # set when an injected fault (faults.py) caused this error

    def __str__(self) -> str:
        return f"{self.status} {self.body.get('message') or self.body}"


def simple_error(
    status: int, code: str | None, message: str, service_error_code: int | None = None
) -> ApiError:
    body: dict[str, Any] = {"status": status}
    if service_error_code is not None:
        body["serviceErrorCode"] = service_error_code
    if code is not None:
        body["code"] = code
    body["message"] = message
    return ApiError(status, body)


@dataclass(frozen=True)
class InputError:
    field_path: str
    code: str
    description: str


def validation_error(
    input_errors: list[InputError], message: str = INVALID_QUERY_MESSAGE, status: int = 400
) -> ApiError:
    body = {
        "errorDetailType": "com.linkedin.common.error.BadRequest",
        "message": message,
        "errorDetails": {
            "inputErrors": [
                {
                    "description": error.description,
                    "input": {"inputPath": {"fieldPath": error.field_path}},
                    "code": error.code,
                }
                for error in input_errors
            ]
        },
        "status": status,
    }
    return ApiError(status, body)


def param_invalid(field_path: str, description: str) -> ApiError:
    return validation_error([InputError(field_path, "PARAM_INVALID", description)])


def field_invalid(field_path: str, description: str) -> ApiError:
    return validation_error([InputError(field_path, "FIELD_INVALID", description)])


def missing_param(field_path: str) -> ApiError:
    return validation_error(
        [InputError(field_path, "PARAM_INVALID", f"Required parameter '{field_path}' is missing")]
    )


def not_allowed_param(field_path: str, description: str) -> ApiError:
    return validation_error([InputError(field_path, "QUERY_PARAM_NOT_ALLOWED", description)])


def illegal_argument(message: str) -> ApiError:
    return simple_error(400, "ILLEGAL_ARGUMENT", message)


def path_syntax_error() -> ApiError:
    return illegal_argument("Syntax exception in path variables")


def too_many_entities() -> ApiError:
    # LinkedIn's documented body for this one has no `code` (create-and-manage-campaigns page).
    return simple_error(400, None, TOO_MANY_ENTITIES_MESSAGE)


def not_found() -> ApiError:
    return simple_error(404, "RESOURCE_NOT_FOUND", "No virtual resource found")


def access_denied(resource: str, method: str, version: str) -> ApiError:
    return simple_error(
        403,
        "ACCESS_DENIED",
        f"Not enough permissions to access: {resource}.{method}.{version}",
        100,
    )


def invalid_token(message: str = "Invalid access token") -> ApiError:
    return simple_error(401, "INVALID_ACCESS_TOKEN", message, 65600)


def expired_token() -> ApiError:
    return simple_error(
        401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65602
    )


def version_missing() -> ApiError:
    return simple_error(
        400,
        "VERSION_MISSING",
        "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
    )


def version_malformed(raw: str) -> ApiError:
    return simple_error(
        400,
        "INVALID_VERSION",
        f"Invalid LinkedIn-Version header value '{raw}'. Use YYYYMM, YYYYMM.RR or YYYYMMDD.",
    )


def nonexistent_version(normalised: str) -> ApiError:
    return simple_error(426, "NONEXISTENT_VERSION", f"Requested version {normalised} is not active")


def daily_quota_exceeded() -> ApiError:
    return simple_error(429, None, QUOTA_MESSAGE, 101)


def burst_throttled(retry_after: int | None) -> ApiError:
    error = simple_error(429, None, BURST_MESSAGE, 101)
    if retry_after is not None:
        error.headers["Retry-After"] = str(retry_after)
    return error


def data_volume_exceeded() -> ApiError:
    return simple_error(429, None, DATA_VOLUME_MESSAGE)


def server_error(status: int) -> ApiError:
    messages = {
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
    }
    return simple_error(status, None, messages.get(status, "Server Error"))


def uri_too_long() -> ApiError:
    return simple_error(414, None, "URI Too Long")


def method_not_allowed(method: str) -> ApiError:
    return simple_error(405, None, f"Method {method} is not supported by this resource")


@dataclass
class OAuthError(Exception):
    """RFC 6749 error of the OAuth endpoints."""

    status: int
    error: str
    description: str

    @property
    def body(self) -> Mapping[str, str]:
        return {"error": self.error, "error_description": self.description}
