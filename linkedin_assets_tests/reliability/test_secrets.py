"""Canary credentials must appear nowhere: not in stdout or stderr, not in any Dagster event
record or materialization metadata, not in exception texts, not in the DuckDB file.

A deployment-like subprocess (secrets_worker.py) takes a canary access token, client secret and
refresh token from its environment, keeps its event log under a temporary DAGSTER_HOME and
materializes every raw asset against a sandbox server that also echoes the credentials back in
error bodies (the way some APIs do), so the redaction of error texts is exercised too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import dagster as dg
import pytest
from dagster._serdes import serialize_value

from linkedin_assets.resources import LINKEDIN_ENV
from linkedin_assets.sandbox import Sandbox, SandboxResponse
from linkedin_assets_tests.reliability import harness, scenarios
from linkedin_assets_tests.reliability.secrets_worker import ECHO_ACCOUNT, ECHO_CLIENT

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CANARY_PREFIX = "CANARY"
CANARIES = {
    "access token": f"{CANARY_PREFIX}access-7Hq2mX9vLw4Rz",
    "client secret": f"{CANARY_PREFIX}secret-3Pn8sK1dTy6Vb",
    "refresh token": f"{CANARY_PREFIX}refresh-5Jc0fG7eWq2Nu",
}
WORKER_TIMEOUT_SECONDS = 600


def _json(status: int, payload: dict[str, Any]) -> SandboxResponse:
    return SandboxResponse(
        status, {"Content-Type": "application/json"}, json.dumps(payload).encode()
    )


class EchoingSandbox(Sandbox):
    """The sandbox, plus two hostile answers that repeat the credentials they were sent; it
    remembers the access tokens it issued (secrets too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issued_tokens: list[str] = []
        self.echoed: list[str] = []

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> SandboxResponse:
        path = target.partition("?")[0]
        if path == f"{self.OAUTH_PATH}/accessToken":
            form = dict(parse_qsl(body.decode("utf-8")))
            if form.get("client_id") == ECHO_CLIENT:
                self.echoed.append("refresh")
                return _json(
                    400,
                    {
                        "error": "invalid_grant",
                        "error_description": f"refresh token {form.get('refresh_token')} of "
                        f"client {ECHO_CLIENT} with secret {form.get('client_secret')} is revoked",
                    },
                )
            response = super().handle(method, target, headers, body)
            if response.status == 200:
                self.issued_tokens.append(json.loads(response.body)["access_token"])
            return response
        if path == f"{self.API_PATH}/adAccounts" and ECHO_ACCOUNT in target:
            authorization = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
            self.echoed.append("access")
            return _json(
                403,
                {
                    "status": 403,
                    "serviceErrorCode": 100,
                    "code": "ACCESS_DENIED",
                    "message": "Not enough permissions to access: adAccounts.FINDER-search.20261001 "
                    f"(sent {authorization})",
                },
            )
        return super().handle(method, target, headers, body)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("secrets")
    home = root / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    duckdb_path = root / "warehouse.duckdb"
    sandbox = EchoingSandbox(scenarios.shared_world())
    env = {k: v for k, v in os.environ.items() if k not in LINKEDIN_ENV and k != "LINKEDIN_SANDBOX"}
    with sandbox.serve() as server:
        env |= {
            "DAGSTER_HOME": str(home),
            "LINKEDIN_DUCKDB_PATH": str(duckdb_path),
            "LINKEDIN_API_BASE_URL": server.api_base_url,
            "LINKEDIN_OAUTH_BASE_URL": server.oauth_base_url,
            "LINKEDIN_ACCESS_TOKEN": CANARIES["access token"],
            "LINKEDIN_CLIENT_ID": "reliability-app",
            "LINKEDIN_CLIENT_SECRET": CANARIES["client secret"],
            "LINKEDIN_REFRESH_TOKEN": CANARIES["refresh token"],
        }
        completed = subprocess.run(
            [sys.executable, "-m", "linkedin_assets_tests.reliability.secrets_worker"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=WORKER_TIMEOUT_SECONDS,
        )
    yield {
        "completed": completed,
        "sandbox": sandbox,
        "home": home,
        "duckdb_path": duckdb_path,
    }


def secrets_of(deployment: dict[str, Any]) -> dict[str, str]:
    issued = {f"issued token {i}": t for i, t in enumerate(deployment["sandbox"].issued_tokens)}
    return {**CANARIES, "canary prefix": CANARY_PREFIX, **issued}


def leaks(places: Mapping[str, str], secrets: Mapping[str, str]) -> list[str]:
    return [
        f"{name} in {where}"
        for where, text in places.items()
        for name, secret in secrets.items()
        if secret in text
    ]


def event_records(home: Path) -> list[dg.EventLogEntry]:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return [event for run in instance.get_runs() for event in instance.all_logs(run.run_id)]


def test_the_worker_really_used_and_echoed_the_credentials(deployment):
    completed = deployment["completed"]
    assert completed.returncode == 0, completed.stderr[-4000:]
    stdout = completed.stdout
    assert "phase everything ok" in stdout, stdout[-4000:]
    assert "phase echoed_access_token failed" in stdout
    assert "adAccounts answered 403 ACCESS_DENIED" in stdout
    assert "phase echoed_refresh_credentials failed" in stdout
    assert "oauth/accessToken answered 400 invalid_grant" in stdout
    assert "(sent Bearer ***)" in stdout  # the echoed token, masked
    assert "refresh token *** of client echo-client with secret *** is revoked" in stdout
    sandbox = deployment["sandbox"]
    assert {"access", "refresh"} <= set(sandbox.echoed)
    assert sandbox.issued_tokens, "the refresh grant was never used"


def test_no_canary_in_stdout_stderr_or_exception_texts(deployment):
    completed = deployment["completed"]
    places = {"stdout": completed.stdout, "stderr": completed.stderr}
    assert leaks(places, secrets_of(deployment)) == []


def test_no_canary_in_the_dagster_event_log_or_metadata(deployment):
    records = event_records(deployment["home"])
    materializations = [
        r for r in records if r.dagster_event and r.dagster_event.is_step_materialization
    ]
    assert len(materializations) >= len(harness.tables_of(harness.RAW_ASSETS))
    assert any(r.dagster_event and r.dagster_event.is_step_failure for r in records)
    places = {f"event {i}": serialize_value(record) for i, record in enumerate(records)}
    # Every byte of $DAGSTER_HOME too: run storage, event logs, compute logs, schedules.
    for path, data in harness.file_bytes(deployment["home"]):
        places[str(path)] = data.decode("latin-1")
    assert leaks(places, secrets_of(deployment)) == []


def test_no_canary_in_the_duckdb_file(deployment):
    path = deployment["duckdb_path"]
    contents = harness.table_contents(path)
    assert sum(map(len, contents.values())) > 1000
    places = {f"table {t}": repr(rows) for t, rows in contents.items()}
    for file, data in harness.file_bytes(path.parent):
        if file.name.startswith(path.name):
            places[str(file)] = data.decode("latin-1")
    assert leaks(places, secrets_of(deployment)) == []
