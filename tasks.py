#!/usr/bin/env python3
"""Project bootstrap: `python3 tasks.py dev` starts Dagster, `python3 tasks.py test` runs the suite.

Needs only python3. Creates `.venv/` on first use and reinstalls the project whenever
pyproject.toml changes, so both commands work on a fresh clone.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".installed-from"
DAGSTER_HOME = ROOT / ".dagster_home"
DAGSTER_YAML = """\
# Local instance for `python3 tasks.py dev`. Deployment settings live in deploy/.
telemetry:
  enabled: false
nux:
  enabled: false
# DuckDB allows one writing process per file (same limits as deploy/dagster.yaml): without
# them, the runs of a backfill write at once and fail on the file lock.
concurrency:
  pools:
    default_limit: 1
    granularity: op
  runs:
    max_concurrent_runs: 4
    tag_concurrency_limits:
      - key: dagster/asset_partition_range_start
        limit: 1
"""


def _requirements_fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    """Create the virtualenv and install the project (editable, with dev extras) if stale."""
    if not PYTHON.exists():
        print("tasks.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = _requirements_fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    print("tasks.py: installing the project and its dependencies into .venv", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True, cwd=ROOT)
    STAMP.write_text(fingerprint)


def ensure_dagster_home() -> dict[str, str]:
    env = dict(os.environ)
    if "DAGSTER_HOME" not in env:
        DAGSTER_HOME.mkdir(exist_ok=True)
        config = DAGSTER_HOME / "dagster.yaml"
        if not config.exists():
            config.write_text(DAGSTER_YAML)
        env["DAGSTER_HOME"] = str(DAGSTER_HOME)
    return env


def run_dev(extra: list[str]) -> int:
    env = ensure_dagster_home()
    command = [str(BIN / "dagster"), "dev", "-w", str(ROOT / "workspace.yaml"), *extra]
    return subprocess.call(command, cwd=ROOT, env=env)


def run_tests(extra: list[str]) -> int:
    return subprocess.call([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT)


COMMANDS = {"dev": run_dev, "test": run_tests}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in (*COMMANDS, "setup"):
        print(__doc__.strip())
        print("\nusage: python3 tasks.py {dev|test|setup} [extra arguments]")
        return 2
    ensure_environment()
    if argv[0] == "setup":
        return 0
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
