"""A loopback HTTP server that answers from a script of recorded responses.

Client tests use it to play exact sequences (429, then 200; 401, then a refresh...) over a
real socket and to inspect what the client sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict -> JSON; bytes -> sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop_connection: bool = False


@dataclass(frozen=True)
class Received:
    method: str
    path: str  # path + raw query exactly as received
    headers: dict[str, str]
    body: bytes


class ScriptedServer:
    """Replies are queued per path prefix; the longest matching prefix answers, in order.
    The last reply of a queue repeats, so a steady state needs one entry."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self._queues: dict[str, deque[Reply]] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server._record(Received(self.command, self.path, dict(self.headers), body))
                reply = server._next(self.path)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop_connection:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                payload = (
                    reply.body
                    if isinstance(reply.body, bytes)
                    else json.dumps(reply.body if reply.body is not None else {}).encode()
                )
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = _serve
            do_POST = _serve

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def script(self, path_prefix: str, *replies: Reply) -> None:
        with self._lock:
            self._queues[path_prefix] = deque(replies)

    def _record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)

    def _next(self, path: str) -> Reply:
        with self._lock:
            matches = [p for p in self._queues if path.startswith(p)]
            if not matches:
                return Reply(404, {"status": 404, "code": "RESOURCE_NOT_FOUND"})
            queue = self._queues[max(matches, key=len)]
            return queue.popleft() if len(queue) > 1 else queue[0]

    def requests_to(self, path_prefix: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path.startswith(path_prefix)]

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
