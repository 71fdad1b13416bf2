"""In-process httpx transport: the sandbox without sockets, for fast tests.

Faults become the exceptions a real network would raise: a reset connection is
`httpx.RemoteProtocolError`; a slow response is `httpx.ReadTimeout` when the request's read
timeout is shorter than the delay (nothing sleeps in-process); a truncated body arrives as the
truncated bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from linkedin_assets.sandbox.app import Sandbox


class SandboxTransport(httpx.BaseTransport):
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # raw_path is the path plus the query exactly as it goes on the wire.
        target = request.url.raw_path.decode("ascii")
        headers = {name: value for name, value in request.headers.items()}
        response = self.sandbox.handle(request.method, target, headers, request.read())
        if response.drop_connection:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if response.delay_seconds:
            timeouts = request.extensions.get("timeout") or {}
            read_timeout = timeouts.get("read")
            if read_timeout is not None and read_timeout < response.delay_seconds:
                raise httpx.ReadTimeout("The read operation timed out", request=request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            content=response.body,
            request=request,
        )
