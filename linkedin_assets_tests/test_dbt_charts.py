"""Charts on the materializations of the follower growth and post engagement marts.

The real path: the raw page assets those marts read are materialized from the sandbox for a
week, dbt really builds the marts through Dagster, and the materialization events must carry a
PNG drawn from the rows the mart holds. An empty mart and a failing dbt build are exercised on
a copy of the built warehouse.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import dagster as dg
import duckdb
import pytest
from dagster_dbt import DagsterDbtCliRuntimeError
from PIL import Image

from linkedin_assets import charts
from linkedin_assets.assets import dbt as dbt_assets_module
from linkedin_assets.assets import dbt_charts, pages, pages_posts
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource

MODELS = dbt_assets_module.linkedin_dbt_models
GROWTH = dg.AssetKey(["analytics", "linkedin__follower_growth"])
ENGAGEMENT = dg.AssetKey(["analytics", "linkedin__post_engagement"])
DATA_URI = re.compile(r"^!\[[^\]]+\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)$")


@dataclass
class Built:
    path: str
    result: dg.ExecuteInProcessResult


def materializations(
    result: dg.ExecuteInProcessResult,
) -> dict[dg.AssetKey, dg.AssetMaterialization]:
    return {
        m.asset_key: m
        for m in (
            e.event_specific_data.materialization for e in result.get_asset_materialization_events()
        )
    }


def chart_png(materialization: dg.AssetMaterialization) -> bytes:
    value = materialization.metadata[dbt_charts.CHART_LABEL]
    assert isinstance(value, dg.MarkdownMetadataValue), value
    found = DATA_URI.match(value.md_str)
    assert found, value.md_str[:120]
    return base64.b64decode(found.group(1), validate=True)


def query(path: str, sql: str) -> list[tuple]:
    with duckdb.connect(path, read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Iterator[Built]:
    """A week of the page data the two marts read, then dbt for the marts and their parents."""
    path = str(tmp_path_factory.mktemp("charts") / "warehouse.duckdb")
    resources = {
        "linkedin": LinkedInResource(sandbox=True),
        "warehouse": WarehouseResource(path=path, mode=SANDBOX),
        "dbt": dbt_assets_module.dbt_resource(),
    }
    today = dt.datetime.now(dt.UTC).date()
    # Complete days that every page endpoint can answer (statistics lag about two days).
    first, last = (today - dt.timedelta(days=n) for n in (9, 3))
    assert dg.materialize([pages.organizations], resources=resources).success
    assert dg.materialize(
        [pages.follower_statistics, pages_posts.organization_posts, pages_posts.post_statistics],
        resources=resources,
        tags={
            "dagster/asset_partition_range_start": first.isoformat(),
            "dagster/asset_partition_range_end": last.isoformat(),
        },
    ).success
    result = dg.materialize(
        [MODELS],
        resources=resources,
        selection=dg.AssetSelection.assets(GROWTH, ENGAGEMENT).upstream(),
    )
    yield Built(path, result)
    target = dbt_assets_module.DBT_PROJECT.project_dir / "target"
    for folder in target.glob(f"linkedin_dbt_*-{result.run_id[:7]}-*"):
        shutil.rmtree(folder, ignore_errors=True)


def test_the_marts_materialize_with_a_png_chart(built):
    assert built.result.success
    found = materializations(built.result)
    for key in (GROWTH, ENGAGEMENT):
        image = Image.open(io.BytesIO(chart_png(found[key])))
        image.load()
        assert (image.format, image.size) == ("PNG", (charts.WIDTH_PX, charts.HEIGHT_PX))
        # dagster-dbt's own metadata is kept beside the chart.
        assert found[key].metadata["unique_id"] == dg.MetadataValue.text(
            f"model.linkedin.{key.path[-1]}"
        )


def test_the_follower_growth_chart_is_drawn_from_the_mart(built):
    rows = query(
        built.path,
        "SELECT report_date, coalesce(organization, organization_id::varchar), cumulative_growth "
        "FROM analytics.linkedin__follower_growth ORDER BY organization_id, report_date",
    )
    assert len({r[0] for r in rows}) == 7, "a week of follower statistics"
    organizations = {r[1] for r in rows}
    assert 0 < len(organizations) <= dbt_charts.MAX_ORGANIZATIONS
    expected = charts.follower_growth_png([charts.GrowthPoint(*r) for r in rows])
    assert chart_png(materializations(built.result)[GROWTH]) == expected


def test_the_engagement_chart_shows_the_top_posts_of_the_mart(built):
    rows = query(
        built.path,
        "SELECT coalesce(post_preview, post_id), likes, comments, shares, engagement_rate_pct "
        "FROM analytics.linkedin__post_engagement WHERE total_engagements IS NOT NULL "
        "ORDER BY total_engagements DESC, impressions DESC NULLS LAST, post_id "
        f"LIMIT {dbt_charts.TOP_POSTS}",
    )
    assert rows, "the sandbox published posts with statistics that week"
    # Independent of the SQL order: the chart's first bar has the most engagements.
    totals = [likes + comments + shares for _, likes, comments, shares, _ in rows]
    assert totals == sorted(totals, reverse=True)
    expected = charts.top_posts_png([charts.PostEngagement(*r) for r in rows])
    assert chart_png(materializations(built.result)[ENGAGEMENT]) == expected


def test_a_marts_dbt_tests_are_reported_after_its_charted_materialization(built):
    events = built.result.all_events
    for key in (GROWTH, ENGAGEMENT):
        [materialized] = [
            i
            for i, e in enumerate(events)
            if e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key == key
        ]
        checks = [
            i
            for i, e in enumerate(events)
            if e.event_type_value == "ASSET_CHECK_EVALUATION"
            and e.event_specific_data.asset_key == key
        ]
        assert checks, f"{key.to_user_string()} has dbt tests"
        assert min(checks) > materialized


# ------------------------------------------------------------- an empty mart, a failed build


@pytest.fixture
def emptied(built, tmp_path) -> str:
    """A copy of the built warehouse whose two marts have no rows."""
    path = str(tmp_path / "emptied.duckdb")
    shutil.copy(built.path, path)
    with duckdb.connect(path) as con:
        con.execute("DELETE FROM analytics.linkedin__follower_growth")
        con.execute("DELETE FROM analytics.linkedin__post_engagement")
    return path


def test_an_empty_mart_says_so_instead_of_a_chart(emptied):
    for model in dbt_charts.CHARTS:
        metadata = dbt_charts.chart_metadata(emptied, model, f"analytics.{model}")
        value = metadata[dbt_charts.CHART_LABEL]
        assert isinstance(value, dg.TextMetadataValue)
        assert f"analytics.{model} has no rows" in value.text


class BuildFailed(DagsterDbtCliRuntimeError):
    """What dagster-dbt raises when `dbt build` exits with an error, once its events are out."""


def test_a_failed_build_still_reports_the_charted_mart_after_dbt_exits(emptied):
    manifest = json.loads(dbt_assets_module.MANIFEST.read_text())
    growth_output = GROWTH.to_python_identifier()
    other = dg.Output(None, output_name="staging__stg_linkedin__posts")
    check = dg.AssetCheckResult(asset_key=GROWTH, check_name="not_null", passed=True)

    def dbt_events():
        yield dg.Output(None, output_name=growth_output, metadata={"unique_id": "x"})
        yield check
        yield other
        raise BuildFailed("a later model failed")

    seen = []
    with pytest.raises(BuildFailed):
        for event in dbt_charts.with_charts(
            dbt_events(), manifest, dbt_assets_module.TRANSLATOR, emptied
        ):
            seen.append(event)
    assert seen[0] is other  # not held: no chart
    assert seen[1].output_name == growth_output
    assert seen[1].metadata["unique_id"] == dg.MetadataValue.text("x")
    assert isinstance(seen[1].metadata[dbt_charts.CHART_LABEL], dg.TextMetadataValue)
    assert seen[2] is check
