"""The Dagster UI in a real browser: `dagster dev` on the real code location (sandbox mode),
driven by Playwright with Debian's chromium, as a person would use it.

One `dagster dev` serves the module (in its own process group, with the instance settings of
`python3 tasks.py dev`). As soon as it is up, a backfill of the whole graph over 7 days is
launched through GraphQL, the way the UI's "Materialize all" launches one; meanwhile the
catalog is checked and `organizations` is materialized with the UI's Materialize button. Once
the backfill has succeeded, the browser checks what a user sees: every asset on the asset
graph, the 7 materialized days on a daily asset's partitions page, and the follower growth
chart on its mart. Screenshots go to the folder printed at the start (UI_SCREENSHOTS_DIR, or a
temp dir).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from linkedin_assets import charts
from linkedin_assets_tests.test_deploy_support import (
    BIN,
    PROJECT_ROOT,
    Service,
    dagster_env,
    free_port,
    missing,
    service,
    wait_until,
)
from tasks import DAGSTER_YAML

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
GROUPS = ("linkedin_ads", "linkedin_pages", "linkedin_analytics")
# Run workers load the whole code location: allow minutes on a busy machine.
RUN_TIMEOUT_SECONDS = 300
SERVER_TIMEOUT_SECONDS = 180
BACKFILL_TIMEOUT_SECONDS = 480
BACKFILL_DAYS = 7
# Complete days every LinkedIn endpoint answers (page statistics lag about two days).
NEWEST_DAY_AGO = 3
DAILY_ASSET = "follower_statistics"
GROWTH_MART = "analytics/linkedin__follower_growth"
TERMINAL_BACKFILL = {"COMPLETED", "COMPLETED_SUCCESS", "COMPLETED_FAILED", "FAILED", "CANCELED"}
# The graph shortens long names in the middle ("stg_link…s_history").
ELLIPSIS = "…"


# ------------------------------------------------------------------------------ GraphQL


def graphql(base: str, query: str, variables: dict[str, Any] | None = None) -> dict:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    assert not body.get("errors"), body["errors"]
    return body["data"]


def location_loaded(base: str) -> bool:
    try:
        data = graphql(
            base,
            "{ workspaceOrError { ... on Workspace { locationEntries { name "
            "locationOrLoadError { __typename } } } } }",
        )
    except OSError:
        return False
    entries = data["workspaceOrError"]["locationEntries"]
    return any(e["locationOrLoadError"]["__typename"] == "RepositoryLocation" for e in entries)


def run_status(base: str, short_id: str) -> tuple[str, str] | None:
    data = graphql(base, "{ runsOrError(limit: 50) { ... on Runs { results { runId status } } } }")
    for run in data["runsOrError"]["results"]:
        if run["runId"].startswith(short_id):
            return run["runId"], run["status"]
    return None


ASSET_NODES = """
{ assetNodes {
    assetKey { path }
    isMaterializable
    partitionDefinition { description }
    partitionKeyConnection(limit: 40, ascending: false) { results }
} }
"""


@dataclass(frozen=True)
class Asset:
    path: tuple[str, ...]
    materializable: bool
    partitioned: bool
    recent_keys: tuple[str, ...]  # newest partition keys first

    @property
    def name(self) -> str:
        """What the graph prints on the asset's node."""
        return self.path[-1]

    @property
    def key(self) -> str:
        return "/".join(self.path)


def assets_of(base: str) -> list[Asset]:
    return [
        Asset(
            tuple(node["assetKey"]["path"]),
            node["isMaterializable"],
            node["partitionDefinition"] is not None,
            tuple((node["partitionKeyConnection"] or {}).get("results") or ()),
        )
        for node in graphql(base, ASSET_NODES)["assetNodes"]
    ]


def backfill_days(today: dt.date) -> list[str]:
    newest = today - dt.timedelta(days=NEWEST_DAY_AGO)
    return [(newest - dt.timedelta(days=n)).isoformat() for n in reversed(range(BACKFILL_DAYS))]


def whole_graph_selection(assets: Sequence[Asset], days: Sequence[str]) -> list[dict]:
    """Every materializable asset: the days for daily assets, the newest partition for coarser
    ones (the month), unpartitioned assets as they are."""
    selection = []
    for asset in assets:
        if not asset.materializable:
            continue  # the token is an external asset: nothing to run
        entry: dict[str, Any] = {"assetKey": {"path": list(asset.path)}}
        if asset.partitioned:
            first, last = (
                (days[0], days[-1])
                if set(days) <= set(asset.recent_keys)
                else (asset.recent_keys[0],) * 2
            )
            entry["partitions"] = {"range": {"start": first, "end": last}}
        selection.append(entry)
    return selection


LAUNCH_BACKFILL = """
mutation Launch($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message stack }
    ... on UnauthorizedError { message }
  }
}
"""
BACKFILL_STATUS = """
query Backfill($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    ... on PartitionBackfill { status runs(limit: 100) { runId status } }
  }
}
"""
RUN_FAILURES = """
query Failures($id: ID!) {
  logsForRun(runId: $id, limit: 5000) {
    ... on EventConnection {
      events { ... on ExecutionStepFailureEvent { stepKey error { message } } }
    }
  }
}
"""
MATERIALIZED = """
{ assetNodes {
    assetKey { path }
    isMaterializable
    partitionStats { numMaterialized numFailed }
    assetMaterializations(limit: 1) { timestamp }
} }
"""


def failure_report(base: str, runs: Sequence[dict]) -> str:
    lines = []
    for run in runs:
        if run["status"] == "SUCCESS":
            continue
        lines.append(f"run {run['runId']}: {run['status']}")
        events = graphql(base, RUN_FAILURES, {"id": run["runId"]})["logsForRun"]["events"]
        for event in events:
            if event.get("stepKey"):
                lines.append(f"  {event['stepKey']}: {event['error']['message'][:1500]}")
    return "\n".join(lines)


# ---------------------------------------------------------------------- the asset graph


def label_fits(label: str, name: str) -> bool:
    if ELLIPSIS not in label:
        return label == name
    head, tail = label.split(ELLIPSIS, 1)
    return len(name) > len(head) + len(tail) and name.startswith(head) and name.endswith(tail)


def unmatched_names(labels: Sequence[str], names: Sequence[str]) -> list[str]:
    """Names no node label can stand for, when each label stands for at most one name (a
    bipartite matching: a shortened label fits several names)."""
    owner: dict[int, int] = {}  # label index -> name index

    def claim(name: int, seen: set[int]) -> bool:
        for label, text in enumerate(labels):
            if label in seen or not label_fits(text, names[name]):
                continue
            seen.add(label)
            if label not in owner or claim(owner[label], seen):
                owner[label] = name
                return True
        return False

    return [names[n] for n in range(len(names)) if not claim(n, set())]


# ------------------------------------------------------------------------------ fixtures


@dataclass
class Dev:
    base: str
    process: Service
    duckdb_path: Path
    screenshots: Path

    def shot(self, page, name: str) -> Path:
        path = self.screenshots / f"{name}.png"
        page.screenshot(path=str(path))
        return path


@dataclass
class Backfill:
    backfill_id: str
    days: list[str]
    assets: list[Asset]


def remove_dbt_invocation_dirs(base: str) -> None:
    """dagster-dbt leaves a target folder per dbt invocation, named after the run."""
    data = graphql(base, "{ runsOrError(limit: 500) { ... on Runs { results { runId } } } }")
    target = PROJECT_ROOT / "dbt_project" / "target"
    for run in data["runsOrError"]["results"]:
        for folder in target.glob(f"linkedin_dbt_*-{run['runId'][:7]}-*"):
            shutil.rmtree(folder, ignore_errors=True)


def screenshots_dir(tmp_path_factory) -> Path:
    chosen = os.environ.get("UI_SCREENSHOTS_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("ui") / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def dev(tmp_path_factory) -> Iterator[Dev]:
    if not CHROMIUM.exists():
        missing("Debian's chromium is not installed (/usr/bin/chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the playwright package is not installed")
    root = tmp_path_factory.mktemp("dagster_dev")
    home = root / "dagster_home"
    home.mkdir()
    # What `python3 tasks.py dev` gives a person: telemetry and nux off, the DuckDB pool.
    (home / "dagster.yaml").write_text(DAGSTER_YAML)
    duckdb_path = root / "ui.duckdb"
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
    shots = screenshots_dir(tmp_path_factory)
    print(f"\nUI screenshots: {shots}")
    with service(command, env, root / "dagster_dev.log", PROJECT_ROOT) as process:
        try:
            wait_until(lambda: location_loaded(base), SERVER_TIMEOUT_SECONDS, "the code location")
        except BaseException:
            print(process.tail())
            raise
        yield Dev(base, process, duckdb_path, shots)
        remove_dbt_invocation_dirs(base)
    print(f"\nUI screenshots: {shots}: {', '.join(sorted(p.name for p in shots.glob('*.png')))}")


@pytest.fixture(scope="module")
def launched(dev) -> Backfill:
    """The whole graph over the last complete week, launched as soon as the server is up."""
    assets = assets_of(dev.base)
    days = backfill_days(dt.datetime.now(dt.UTC).date())
    params = {
        "partitionsByAssets": whole_graph_selection(assets, days),
        "title": f"UI test: whole graph {days[0]}..{days[-1]}",
    }
    result = graphql(dev.base, LAUNCH_BACKFILL, {"params": params})["launchPartitionBackfill"]
    assert result["__typename"] == "LaunchBackfillSuccess", result
    return Backfill(result["backfillId"], days, assets)


@pytest.fixture(scope="module")
def backfilled(dev, launched) -> Backfill:
    def finished() -> dict | None:
        status = graphql(dev.base, BACKFILL_STATUS, {"id": launched.backfill_id})
        backfill = status["partitionBackfillOrError"]
        return backfill if backfill["status"] in TERMINAL_BACKFILL else None

    backfill = wait_until(finished, BACKFILL_TIMEOUT_SECONDS, "the backfill", interval=3)
    runs = backfill["runs"]
    assert backfill["status"] == "COMPLETED_SUCCESS" and runs, (
        f"backfill {backfill['status']}\n{failure_report(dev.base, runs)}\n{dev.process.tail()}"
    )
    assert {r["status"] for r in runs} == {"SUCCESS"}
    return launched


@pytest.fixture
def page(dev, request):
    from playwright.sync_api import sync_playwright

    failed_before = request.session.testsfailed
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1440, "height": 900})
        tab.set_default_timeout(60_000)
        yield tab
        # A test's exception never reaches its fixtures: the session's count tells.
        if request.session.testsfailed > failed_before:
            dev.shot(tab, f"failure-{request.node.name}")
            print(dev.process.tail())
        browser.close()


# --------------------------------------------------------------------------------- tests


def test_catalog_lists_the_groups_and_materializes_from_the_ui(dev, launched, page):
    # Tall enough for the virtualized catalog to render every asset row at once.
    page.set_viewport_size({"width": 1440, "height": 6000})
    page.goto(f"{dev.base}/assets", wait_until="domcontentloaded")
    for group in GROUPS:
        page.get_by_text(group, exact=True).first.wait_for()
    page.get_by_text("ad_analytics_by_creative", exact=True).first.wait_for()
    catalog = dev.shot(page, "catalog")

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{dev.base}/assets/organizations", wait_until="domcontentloaded")
    materialize = page.get_by_role("button").filter(has_text=re.compile(r"^Materialize$"))
    materialize.first.click()
    toast = page.get_by_text(re.compile(r"Launched run [0-9a-f]{8}"))
    toast.wait_for()
    short_id = re.search(r"[0-9a-f]{8}", toast.inner_text()).group(0)

    def finished() -> tuple[str, str] | None:
        found = run_status(dev.base, short_id)
        return found if found and found[1] in ("SUCCESS", "FAILURE", "CANCELED") else None

    # The backfill runs meanwhile: this run takes its turn in the DuckDB pool.
    run_id, status = wait_until(finished, RUN_TIMEOUT_SECONDS, f"run {short_id}")
    assert status == "SUCCESS", dev.process.tail()
    page.goto(f"{dev.base}/runs/{run_id}", wait_until="domcontentloaded")
    page.get_by_text("Success", exact=True).first.wait_for()
    dev.shot(page, "run")
    assert catalog.stat().st_size > 10_000
    assert dev.duckdb_path.exists(), "the run wrote the DuckDB file dagster dev points at"


def test_the_backfill_materialized_the_whole_graph(dev, backfilled):
    """What the UI reads, from the same GraphQL: every partition asked for, nothing failed."""
    wanted_daily = {a.key for a in backfilled.assets if set(backfilled.days) <= set(a.recent_keys)}
    assert DAILY_ASSET in wanted_daily
    for node in graphql(dev.base, MATERIALIZED)["assetNodes"]:
        key = "/".join(node["assetKey"]["path"])
        if not node["isMaterializable"]:
            continue
        stats = node["partitionStats"]
        if stats is None:
            assert node["assetMaterializations"], f"{key} was never materialized"
        else:
            expected = BACKFILL_DAYS if key in wanted_daily else 1
            assert (stats["numMaterialized"], stats["numFailed"]) == (expected, 0), key


def test_the_asset_graph_shows_every_asset(dev, backfilled, page):
    # Tall: the analytics group is a long column, and the graph draws only what is in view.
    page.set_viewport_size({"width": 1600, "height": 4000})
    page.goto(f"{dev.base}/asset-groups", wait_until="domcontentloaded")
    page.get_by_text("linkedin_analytics").first.wait_for()
    page.keyboard.press("Alt+e")  # the graph's shortcut for "Expand all groups"
    page.wait_for_url(re.compile(r"expanded="))
    # CSS-module class of an asset node's name (hashed suffix), in full and zoomed-out nodes.
    names = page.locator('foreignObject [class*="AssetNode_assetName"]')
    zoom_out = page.locator("button:has([aria-label=zoom_out])").first

    def every_node_drawn() -> bool:
        if names.count() >= len(backfilled.assets):
            return True
        zoom_out.click()
        return False

    wait_until(every_node_drawn, 60, "every asset node in view", interval=0.5)
    labels = [text.strip() for text in names.all_inner_texts()]
    dev.shot(page, "asset_graph")
    expected = [a.name for a in backfilled.assets]
    assert len(labels) == len(expected), labels
    assert unmatched_names(labels, expected) == []


def test_a_daily_assets_partitions_page_shows_the_backfilled_days(dev, backfilled, page):
    page.goto(f"{dev.base}/assets/{DAILY_ASSET}?view=partitions", wait_until="domcontentloaded")
    page.get_by_text(f"Materialized ({BACKFILL_DAYS})", exact=True).wait_for()
    page.get_by_text("Failed (0)", exact=True).wait_for()
    page.get_by_text("Materializing (0)", exact=True).wait_for()
    dev.shot(page, "partitions")
    # Untick "Missing": the list then holds the backfilled week alone.
    page.get_by_text(re.compile(r"^Missing \(\d+\)$")).click()
    page.get_by_text(f"{BACKFILL_DAYS} Partitions Selected", exact=True).wait_for()
    listed = page.get_by_title(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    dev.shot(page, "partitions_materialized")
    days = sorted({listed.nth(i).get_attribute("title") for i in range(listed.count())})
    assert days == backfilled.days


def test_the_follower_growth_mart_shows_its_chart(dev, backfilled, page):
    page.goto(f"{dev.base}/assets/{GROWTH_MART}", wait_until="domcontentloaded")
    chart_row = page.get_by_role("row").filter(has=page.get_by_text("chart", exact=True))
    chart_row.get_by_text("[Show Markdown]").click()
    image = page.get_by_role("dialog").get_by_role("img", name="Follower growth")
    image.wait_for()
    loaded, width, height = image.evaluate("i => [i.complete, i.naturalWidth, i.naturalHeight]")
    dev.shot(page, "follower_growth_chart")
    assert loaded and (width, height) == (charts.WIDTH_PX, charts.HEIGHT_PX)
    assert image.bounding_box()["width"] > 400, "the chart is drawn at a readable size"
