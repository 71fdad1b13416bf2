"""Harness shared by the deployment and browser tests: real servers in temp dirs.

No tests here. Tools that are missing skip the test locally with the reason, and fail it when
CI is set (.ci/run sets CI=1), so CI can never silently skip.
"""

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
POSTGRES_USER = "postgres"  # Debian's package creates it; postgres refuses to run as root
DB_USER = "dagster"
DB_NAME = "dagster"


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(reason: str) -> None:
    """Skip locally, fail on CI."""
    if on_ci():
        pytest.fail(f"{reason} (CI is set, so this cannot be skipped: .ci/run installs it)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    condition: Callable[[], object], timeout: float, what: str, interval: float = 0.5
) -> object:
    """Poll `condition` until it returns something truthy; fail naming `what` on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


@dataclass
class Service:
    process: subprocess.Popen
    log: Path

    def tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def service(command: list[str], env: Mapping[str, str], log: Path, cwd: Path) -> Iterator[Service]:
    """A process in its own session (dagster's children ignore SIGTERM here): the whole group
    is killed at the end."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            env=dict(env),
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield Service(process, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def dagster_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a Dagster process: this venv first on PATH, sandbox mode."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINKEDIN_", "DAGSTER_"))}
    env.update(
        DAGSTER_HOME=str(home),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
        LINKEDIN_SANDBOX="1",
    )
    env.update(extra)
    return env


# ------------------------------------------------------------------------------ PostgreSQL


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        missing("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin")
    return Path(found[-1]).parent


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int

    def env(self) -> dict[str, str]:
        """The variables deploy/dagster.yaml reads."""
        return {
            "DAGSTER_PG_HOST": self.host,
            "DAGSTER_PG_PORT": str(self.port),
            "DAGSTER_PG_DB": DB_NAME,
            "DAGSTER_PG_USERNAME": DB_USER,
            "DAGSTER_PG_PASSWORD": "unused-with-trust-auth",
        }


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam(POSTGRES_USER)
    except KeyError:
        missing(f"running as root and there is no '{POSTGRES_USER}' user to run PostgreSQL as")
    return ["runuser", "-u", POSTGRES_USER, "--", *command]


def _run(binaries: Path, *args: str) -> None:
    result = subprocess.run(
        _as_server_user([str(binaries / args[0]), *args[1:]]),
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    if result.returncode:
        pytest.fail(f"{args[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """initdb + pg_ctl on a free port in a temp dir, as a non-root user; stopped at the end.

    The dir is made directly under the system temp dir: pytest's own temp tree is private to
    root, and the server user must reach its data directory."""
    binaries = postgres_bin()
    base = Path(tempfile.mkdtemp(prefix="linkedin-pg-"))
    data, sockets = base / "pgdata", base / "pgsock"
    sockets.mkdir()
    if os.geteuid() == 0:
        for path in (base, sockets):
            shutil.chown(path, user=POSTGRES_USER)
    run = lambda *args: _run(binaries, *args)  # noqa: E731
    run("initdb", "-D", str(data), "-U", DB_USER, "--auth=trust", "-E", "UTF8", "--no-sync")
    port = free_port()
    log = base / "postgres.log"
    run(
        "pg_ctl",
        "-D",
        str(data),
        "-l",
        str(log),
        "-w",
        "-t",
        "60",
        "-o",
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off",
        "start",
    )
    try:
        run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", DB_USER, DB_NAME)
        yield Postgres("127.0.0.1", port)
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            cwd="/",
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)
