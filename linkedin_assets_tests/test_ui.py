"""The Dagster UI in a real browser: `dagster dev` on the real code location (sandbox mode),
driven by Playwright with Debian's chromium.

Opens the asset catalog, checks the LinkedIn asset groups are listed, launches a
materialization of `organizations` with the UI's Materialize button, and waits until the run
page shows it succeeded. Screenshots go to the test's temp dir.
"""

import json
import re
import urllib.request
from pathlib import Path

import pytest

from linkedin_assets_tests.test_deploy_support import (
    BIN,
    PROJECT_ROOT,
    dagster_env,
    free_port,
    missing,
    service,
    wait_until,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTANCE_YAML = "telemetry:\n  enabled: false\nnux:\n  enabled: false\n"
GROUPS = ("linkedin_ads", "linkedin_pages", "linkedin_analytics")
# Run workers load the whole code location (dbt parses under `dagster dev`): allow minutes.
RUN_TIMEOUT_SECONDS = 300
SERVER_TIMEOUT_SECONDS = 180


def _graphql(base: str, query: str) -> dict:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]


def _location_loaded(base: str) -> bool:
    try:
        data = _graphql(
            base,
            "{ workspaceOrError { ... on Workspace { locationEntries { name "
            "locationOrLoadError { __typename } } } } }",
        )
    except OSError:
        return False
    entries = data["workspaceOrError"]["locationEntries"]
    return any(e["locationOrLoadError"]["__typename"] == "RepositoryLocation" for e in entries)


def _run_status(base: str, short_id: str) -> tuple[str, str] | None:
    data = _graphql(base, "{ runsOrError(limit: 20) { ... on Runs { results { runId status } } } }")
    for run in data["runsOrError"]["results"]:
        if run["runId"].startswith(short_id):
            return run["runId"], run["status"]
    return None


def test_catalog_lists_the_groups_and_materializes_from_the_ui(tmp_path):
    if not CHROMIUM.exists():
        missing("Debian's chromium is not installed (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed")

    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(INSTANCE_YAML)
    duckdb_path = tmp_path / "ui.duckdb"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dagster_env(home, LINKEDIN_DUCKDB_PATH=str(duckdb_path))
    command = [
        str(BIN / "dagster"),
        "dev",
        "-w",
        str(PROJECT_ROOT / "workspace.yaml"),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
    ]
    with service(command, env, tmp_path / "dagster_dev.log", PROJECT_ROOT) as dev:
        try:
            wait_until(lambda: _location_loaded(base), SERVER_TIMEOUT_SECONDS, "the code location")
        except BaseException:
            print(dev.tail())
            raise
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            # Tall enough for the virtualized catalog to render every asset row at once.
            page = browser.new_page(viewport={"width": 1440, "height": 6000})
            try:
                page.goto(f"{base}/assets", wait_until="networkidle")
                for group in GROUPS:
                    page.get_by_text(group, exact=True).first.wait_for(timeout=60_000)
                page.get_by_text("ad_analytics_by_creative", exact=True).first.wait_for()
                page.screenshot(path=str(tmp_path / "catalog.png"))

                page.set_viewport_size({"width": 1440, "height": 900})
                page.goto(f"{base}/assets/organizations", wait_until="networkidle")
                materialize = page.get_by_role("button").filter(
                    has_text=re.compile(r"^Materialize$")
                )
                materialize.first.click()
                toast = page.get_by_text(re.compile(r"Launched run [0-9a-f]{8}"))
                toast.wait_for(timeout=60_000)
                short_id = re.search(r"[0-9a-f]{8}", toast.inner_text()).group(0)

                def finished() -> tuple[str, str] | None:
                    found = _run_status(base, short_id)
                    return (
                        found if found and found[1] in ("SUCCESS", "FAILURE", "CANCELED") else None
                    )

                run_id, status = wait_until(finished, RUN_TIMEOUT_SECONDS, f"run {short_id}")
                assert status == "SUCCESS", dev.tail()
                page.goto(f"{base}/runs/{run_id}", wait_until="networkidle")
                page.get_by_text("Success", exact=True).first.wait_for(timeout=60_000)
                page.screenshot(path=str(tmp_path / "run.png"))
            except BaseException:
                page.screenshot(path=str(tmp_path / "failure.png"))
                print(dev.tail())
                raise
            finally:
                browser.close()
    assert (tmp_path / "catalog.png").stat().st_size > 10_000
    assert duckdb_path.exists(), "the materialization wrote the DuckDB file dagster dev points at"


@pytest.fixture(autouse=True)
def _report_screenshots(tmp_path):
    yield
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    if shots:
        print(f"screenshots in {tmp_path}: {', '.join(shots)}")
