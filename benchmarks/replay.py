"""Recorded sandbox responses, replayed byte for byte: the ingest benchmark times our pipeline,
not the emulator generating data.

`RecordingTransport` wraps the sandbox's in-process transport and saves every response body
under a key of the request (method, path + query, body); a request already recorded (by an
earlier range, or another part) is answered from its file. `ReplayTransport` answers the same
requests from those files, and refuses any request it has no recording of (so a recorder that
drifted from the asset fails loudly instead of measuring something else).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx

from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.resources import LinkedInResource

MANIFEST_GLOB = "manifest*.json"
JSON_HEADERS = {"Content-Type": "application/json", "X-RestLi-Protocol-Version": "2.0.0"}


def request_key(request: httpx.Request) -> str:
    digest = hashlib.sha1(request.method.encode())
    digest.update(request.url.raw_path)
    digest.update(request.read())
    return digest.hexdigest()


def load_manifests(directory: Path) -> dict[str, str]:
    manifest: dict[str, str] = {}
    for path in sorted(directory.glob(MANIFEST_GLOB)):
        manifest.update(json.loads(path.read_text("utf-8")))
    return manifest


class RecordingTransport(httpx.BaseTransport):
    """Passes requests on and saves each successful body as `<directory>/<group>/<name>.json`."""

    def __init__(self, inner: httpx.BaseTransport, directory: Path, part: str = "0") -> None:
        self.inner = inner
        self.directory = directory
        self.part = part  # several recorders may share a directory: names never collide
        self.group = "other"  # the caller names what it is recording (e.g. a metric chunk)
        directory.mkdir(parents=True, exist_ok=True)
        self.known = load_manifests(directory)
        self.manifest: dict[str, str] = {}
        self.used: dict[str, list[str]] = {}  # group -> files this recorder's requests used

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = request_key(request)
        name = self.known.get(key) or self.manifest.get(key)
        if name is not None:
            self.used.setdefault(self.group, []).append(name)
            body = (self.directory / name).read_bytes()
            return httpx.Response(200, headers=JSON_HEADERS, content=body, request=request)
        response = self.inner.handle_request(request)
        body = response.read()
        if response.status_code == 200:
            (self.directory / self.group).mkdir(exist_ok=True)
            name = f"{self.group}/{self.part}-{len(self.manifest):06d}.json"
            (self.directory / name).write_bytes(body)
            self.manifest[key] = name
            self.used.setdefault(self.group, []).append(name)
        return httpx.Response(
            response.status_code, headers=response.headers, content=body, request=request
        )

    def save_manifest(self) -> None:
        # Merged with what an earlier recorder of the same name saved: re-recording into a
        # kept directory must never forget a recording.
        path = self.directory / f"manifest-{self.part}.json"
        earlier = json.loads(path.read_text("utf-8")) if path.exists() else {}
        path.write_text(json.dumps({**earlier, **self.manifest}), encoding="utf-8")


class ReplayMissError(RuntimeError):
    """The pipeline sent a request that was never recorded."""


class ReplayTransport(httpx.BaseTransport):
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.manifest = load_manifests(directory)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        name = self.manifest.get(request_key(request))
        if name is None:
            raise ReplayMissError(
                f"no recording of {request.method} {request.url.raw_path[:200]!r}: the "
                "benchmark's recorder no longer plans what the asset asks; update "
                "benchmarks/ingest_throughput.py:record"
            )
        body = (self.directory / name).read_bytes()
        return httpx.Response(200, headers=JSON_HEADERS, content=body, request=request)


class ReplayLinkedIn(LinkedInResource):
    """The project's LinkedIn resource (sandbox settings) answered from a recording."""

    replay_dir: str

    def get_client(self) -> LinkedInClient:
        return LinkedInClient(
            self.client_config(), transport=ReplayTransport(Path(self.replay_dir))
        )
