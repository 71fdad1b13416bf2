"""Charts on the materializations of two page marts: follower growth and top-post engagement.

The charts read the marts dbt has just built, but DuckDB lets no other process open a file
while dbt holds it for writing. So the events of a charted mart (its Output and its dbt tests)
are held back until dbt has exited, then the Output is yielded with the chart as a markdown
image (a base64 PNG data URI, which the UI renders) and the checks after it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtCliRuntimeError, DagsterDbtTranslator

from linkedin_assets.storage import DuckDBStore

CHART_LABEL = "chart"
TOP_POSTS = 10
MAX_ORGANIZATIONS = 10


@dataclass(frozen=True)
class Chart:
    title: str
    draw: Callable[[duckdb.DuckDBPyConnection, str], bytes | None]  # None: nothing to chart


def _follower_growth(con: duckdb.DuckDBPyConnection, relation: str) -> bytes | None:
    from linkedin_assets import charts  # matplotlib takes a second to import: only when used

    rows = con.execute(
        f"""
        WITH growth AS (
            SELECT report_date, organization_id,
                   coalesce(organization, organization_id::varchar) AS organization,
                   cumulative_growth
            FROM {relation}
        ),
        -- the organizations that gained the most, so the legend stays readable
        shown AS (
            SELECT organization_id FROM growth GROUP BY organization_id
            ORDER BY max_by(cumulative_growth, report_date) DESC NULLS LAST, organization_id
            LIMIT {MAX_ORGANIZATIONS}
        )
        SELECT report_date, organization, coalesce(cumulative_growth, 0)
        FROM growth SEMI JOIN shown USING (organization_id)
        ORDER BY organization_id, report_date
        """
    ).fetchall()
    return charts.follower_growth_png([charts.GrowthPoint(*row) for row in rows]) if rows else None


def _top_posts(con: duckdb.DuckDBPyConnection, relation: str) -> bytes | None:
    from linkedin_assets import charts

    rows = con.execute(
        f"""
        SELECT coalesce(post_preview, post_id), likes, comments, shares, engagement_rate_pct
        FROM {relation}
        WHERE total_engagements IS NOT NULL
        ORDER BY total_engagements DESC, impressions DESC NULLS LAST, post_id
        LIMIT {TOP_POSTS}
        """
    ).fetchall()
    return charts.top_posts_png([charts.PostEngagement(*row) for row in rows]) if rows else None


CHARTS: Mapping[str, Chart] = {
    "linkedin__follower_growth": Chart("Follower growth", _follower_growth),
    "linkedin__post_engagement": Chart(f"Top {TOP_POSTS} posts by engagement", _top_posts),
}


def markdown_image(title: str, png: bytes) -> str:
    return f"![{title}](data:image/png;base64,{base64.b64encode(png).decode('ascii')})"


def chart_metadata(duckdb_path: str, model: str, relation: str) -> dict[str, dg.MetadataValue]:
    """The chart of one mart, or a sentence saying why there is none (an empty mart)."""
    chart = CHARTS[model]
    # The store's reader waits politely should another process hold the file.
    with DuckDBStore(duckdb_path).connect(read_only=True) as con:
        png = chart.draw(con, relation)
    if png is None:
        return {CHART_LABEL: dg.MetadataValue.text(f"No chart: {relation} has no rows yet.")}
    return {CHART_LABEL: dg.MetadataValue.md(markdown_image(chart.title, png))}


def charted_relations(
    manifest: Mapping[str, Any], translator: DagsterDbtTranslator
) -> dict[str, tuple[str, str]]:
    """Output name -> (model, schema.alias) of each charted model. Not the manifest's
    relation_name: its database part is the name of the DuckDB file dbt parsed with."""
    found = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["name"] in CHARTS:
            output = translator.get_asset_key(node).to_python_identifier()
            found[output] = (node["name"], f"{node['schema']}.{node['alias']}")
    return found


def _output_name(event: Any) -> str | None:
    if isinstance(event, dg.Output):
        return event.output_name
    if isinstance(event, dg.AssetCheckResult) and event.asset_key is not None:
        return event.asset_key.to_python_identifier()
    return None


def with_charts(
    events: Iterator[Any],
    manifest: Mapping[str, Any],
    translator: DagsterDbtTranslator,
    duckdb_path: str,
) -> Iterator[Any]:
    """dbt's events as they come, except the charted marts': those follow once dbt has exited,
    the Outputs carrying their chart. A failed build still reports the marts it built."""
    relations = charted_relations(manifest, translator)
    held: list[Any] = []
    failure: DagsterDbtCliRuntimeError | None = None
    try:
        for event in events:
            if _output_name(event) in relations:
                held.append(event)
            else:
                yield event
    except DagsterDbtCliRuntimeError as error:
        failure = error
    for event in held:
        if isinstance(event, dg.Output):
            model, relation = relations[event.output_name]
            event = event.with_metadata(
                {**event.metadata, **chart_metadata(duckdb_path, model, relation)}
            )
        yield event
    if failure is not None:
        raise failure
