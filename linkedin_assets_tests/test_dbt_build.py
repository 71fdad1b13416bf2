"""dbt really built through Dagster on sandbox data.

One module-scoped warehouse (dbt invocations cost seconds): the raw assets for three days
D1..D3, then the unpartitioned dbt models, then the daily marts for the partition D2 (they do
not exist yet, so they are built from every source row), then LinkedIn "restates" the raw
facts (D1's rows vanish, D3's figures change) and the daily marts run for the range D1..D2 in
one run: incremental, they replace exactly that window. The snapshot tables also hold an older
snapshot with other figures, so the marts must pick the newest one. Every mart's figures are
compared with a computation of the same figures in Python from the raw tables.

Two more warehouses load raw + dbt for D2..D3: one run per day in one, ONE single-run range
in the other (incremental, after losing D2); their raw tables and marts must be the same.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import dagster as dg
import duckdb
import pytest

from linkedin_assets.assets import ads, pages, pages_posts
from linkedin_assets.assets import dbt as dbt_assets_module
from linkedin_assets.partitions import DAILY, MONTHLY
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource

DAILY_MARTS = dbt_assets_module.linkedin_dbt_daily_marts
OTHER_MODELS = dbt_assets_module.linkedin_dbt_models
# The seed's vocabulary, plus REFERENCE (a content block the seed does not list yet).
CONTENT_TYPES = {
    "TEXT", "IMAGE", "VIDEO", "DOCUMENT", "ARTICLE", "POLL", "MULTI_IMAGE", "CAROUSEL",
    "CELEBRATION", "RESHARE", "REFERENCE",
}  # fmt: skip


# ---------------------------------------------------------------------------------- helpers


def query(path: str | Path, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    # Read-only and closed at once: dbt (another process) needs the write lock afterwards.
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def scalar(path: str | Path, sql: str, params: Sequence[Any] = ()) -> Any:
    return query(path, sql, params)[0][0]


def raw_assets() -> list[dg.AssetsDefinition]:
    found = []
    for module in (ads, pages, pages_posts):
        found += [v for v in vars(module).values() if isinstance(v, dg.AssetsDefinition)]
    return found


def materialize_range(assets: Iterable, resources: dict, first: str, last: str):
    """One single run over the partitions first..last (inclusive keys)."""
    return dg.materialize(
        list(assets),
        resources=resources,
        instance=dg.DagsterInstance.ephemeral(),
        tags={
            "dagster/asset_partition_range_start": first,
            "dagster/asset_partition_range_end": last,
        },
    )


def invocation_dirs(result: dg.ExecuteInProcessResult, op: str = "linkedin_dbt_*") -> list[Path]:
    """dagster-dbt's per-invocation target folders of a run (artifacts, run_results.json),
    of every dbt op or of the one named `op`."""
    target = dbt_assets_module.DBT_PROJECT.project_dir / "target"
    return sorted(target.glob(f"{op}-{result.run_id[:7]}-*"))


def remove_invocation_dirs(result: dg.ExecuteInProcessResult) -> None:
    for folder in invocation_dirs(result):
        shutil.rmtree(folder, ignore_errors=True)


def dbt_vars(result: dg.ExecuteInProcessResult, op: str = "linkedin_dbt_*") -> dict:
    """The --vars dbt received in the run (the only dbt invocation, or the one of `op`)."""
    [folder] = invocation_dirs(result, op)
    return json.loads((folder / "run_results.json").read_text())["args"].get("vars", {})


def next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def check_evaluations(result: dg.ExecuteInProcessResult) -> list:
    return [
        event.event_specific_data
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
    ]


def materialized_keys(result: dg.ExecuteInProcessResult) -> set[str]:
    return {
        event.asset_key.path[-1]
        for event in result.all_events
        if event.event_type_value == "ASSET_MATERIALIZATION"
    }


def sponsored_post_day(path: str, day: str) -> str | None:
    """Publish day of a post with a landing page that a creative running on `day` sponsors,
    from the sandbox world: the url report needs that post, published long before."""
    references = {
        row[0]
        for row in query(
            path,
            "SELECT DISTINCT c.content_reference FROM linkedin.ad_analytics_by_creative a "
            "JOIN linkedin.creatives c USING (creative_id) "
            "WHERE a.day = ? AND c.content_reference IS NOT NULL",
            [day],
        )
    }
    world = LinkedInResource(sandbox=True).sandbox_instance().world
    first_partition = dt.date.fromisoformat(DAILY.get_first_partition_key())
    days = set()
    for post in world.posts:
        if post["id"] in references and post.get("publishedAt") and post.get("contentLandingPage"):
            published = dt.datetime.fromtimestamp(post["publishedAt"] / 1000, dt.UTC).date()
            if first_partition <= published:
                days.add(published.isoformat())
    return max(days, default=None)


def dicts(path: str | Path, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    with duckdb.connect(str(path), read_only=True) as con:
        cursor = con.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def total(values: Iterable[Any]) -> Any:
    """SQL's sum(): NULLs left out, NULL when nothing is left."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def plus(*values: Any) -> Any:
    """SQL's a + b + ...: NULL when any term is NULL."""
    return None if any(v is None for v in values) else sum(values)


def percent(numerator: Any, denominator: Any) -> Fraction | None:
    """100 * numerator / denominator, exactly; None when undefined (as NULL in SQL)."""
    if numerator is None or not denominator:
        return None
    return Fraction(numerator) * 100 / Fraction(denominator)


def assert_rounded(value: float | None, exact: Fraction | None, digits: int, what: Any) -> None:
    """`value` is `exact` rounded to `digits` decimals (DuckDB rounds the double, so an exact
    half may go either way; anything further off is a wrong figure)."""
    if exact is None:
        assert value is None, what
        return
    assert value is not None, what
    scaled = value * 10**digits
    assert scaled == pytest.approx(round(scaled), abs=1e-6), (what, value)
    assert abs(Fraction(value) - exact) <= Fraction(1, 2 * 10**digits) + Fraction(1, 10**9), (
        what,
        value,
        float(exact),
    )


def newest_by(rows: Iterable[dict], key: str) -> dict[Any, dict]:
    """The row with the latest snapshot_date of each `key`."""
    newest: dict[Any, dict] = {}
    for row in rows:
        current = newest.get(row[key])
        if current is None or row["snapshot_date"] > current["snapshot_date"]:
            newest[row[key]] = row
    return newest


def latest_snapshot_rows(rows: list[dict]) -> list[dict]:
    """The rows of each organization's newest snapshot."""
    newest = {org: row["snapshot_date"] for org, row in newest_by(rows, "organization_id").items()}
    return [row for row in rows if row["snapshot_date"] == newest[row["organization_id"]]]


def assert_older_snapshots_differ(path: str, table: str, key: Sequence[str]) -> None:
    """The fixture's older snapshot is there and has other figures: picking it would show."""
    figures = " OR ".join(
        f"o.{column} IS DISTINCT FROM n.{column}" for column in SNAPSHOT_FIGURES[table]
    )
    on = " AND ".join(f"o.{column} = n.{column}" for column in key)
    differing = scalar(
        path,
        f"SELECT count(*) FROM linkedin.{table} o JOIN linkedin.{table} n ON {on} "
        f"AND o.snapshot_date < n.snapshot_date WHERE {figures}",
    )
    assert differing > 0, table


# The ads reports' measures (report column: raw analytics column), summed over the grain.
ADS_MEASURES = {
    "impressions": "impressions",
    "clicks": "clicks",
    "cost_in_local_currency": "cost_in_local_currency",
    "cost_in_usd": "cost_in_usd",
    "conversions": "external_website_conversions",
    "post_click_conversions": "external_website_post_click_conversions",
    "post_view_conversions": "external_website_post_view_conversions",
    "conversion_value_in_local_currency": "conversion_value_in_local_currency",
    "one_click_leads": "one_click_leads",
    "landing_page_clicks": "landing_page_clicks",
    "total_engagements": "total_engagements",
    "video_views": "video_views",
}
# rate: (numerator, denominator, factor), over the summed measures of the row
ADS_RATES = {
    "ctr": ("clicks", "impressions", 1),
    "cpc": ("cost_in_local_currency", "clicks", 1),
    "cpc_usd": ("cost_in_usd", "clicks", 1),
    "cpm": ("cost_in_local_currency", "impressions", 1000),
    "cpm_usd": ("cost_in_usd", "impressions", 1000),
    "cost_per_conversion": ("cost_in_local_currency", "conversions", 1),
    "cost_per_conversion_usd": ("cost_in_usd", "conversions", 1),
    "conversion_rate": ("conversions", "clicks", 1),
    "return_on_ad_spend": ("conversion_value_in_local_currency", "cost_in_local_currency", 1),
}


def raw_ads_sums(
    path: str, table: str, entity: str, end: dt.date, ids: Sequence[str] = ("account_id",)
) -> dict[tuple, dict]:
    """The raw analytics of `table` before `end`, summed in Python per (day, entity), with the
    entity's currency and the ids (`ids`) of what is above it."""
    columns = ", ".join(sorted(set(ADS_MEASURES.values())))
    sums: dict[tuple, dict] = {}
    for row in dicts(
        path,
        f"SELECT {', '.join(dict.fromkeys(['day', entity, *ids]))}, "
        f"account_currency AS currency, {columns} "
        f"FROM linkedin.{table} WHERE day < ?",
        [end],
    ):
        above = {column: row[column] for column in (*ids, "currency")}
        entry = sums.setdefault((row["day"], row[entity]), dict(above))
        assert {column: entry[column] for column in above} == above, (table, row[entity])
        for measure, raw_column in ADS_MEASURES.items():
            entry[measure] = total([entry.get(measure), row[raw_column]])
    return sums


def expected_rate(figures: dict, numerator: str, denominator: str, factor: int) -> Any:
    top, bottom = figures[numerator], figures[denominator]
    if top is None or not bottom:
        return None
    return pytest.approx(factor * float(top) / float(bottom), rel=1e-12)


def assert_ads_report_is(path: str, report: str, entity: str, expected: dict, end: dt.date):
    """The report's rows before `end` are exactly `expected` ((day, entity) -> columns):
    the measures equal, the rates those of the sums."""
    rows = dicts(path, f"SELECT * FROM analytics.{report} WHERE date_day < ?", [end])
    actual = {(row["date_day"], row[entity]): row for row in rows}
    assert len(actual) == len(rows), report
    assert sorted(actual) == sorted(expected), report
    for key, figures in expected.items():
        row = actual[key]
        assert {column: row[column] for column in figures} == figures, (report, key)
        rates = {rate: row[rate] for rate in ADS_RATES}
        assert rates == {rate: expected_rate(figures, *spec) for rate, spec in ADS_RATES.items()}, (
            report,
            key,
        )


def names_of(path: str, table: str, id_column: str, column: str) -> dict[Any, Any]:
    return dict(query(path, f"SELECT {id_column}, {column} FROM linkedin.{table}"))


# Columns that say when a row was written: two loads of the same data differ there only.
WRITTEN_AT_COLUMNS = frozenset({"_synced_at"})


@dataclass(frozen=True)
class TableDifference:
    rows: int
    only_left: int  # rows (with their multiplicity) the right table lacks
    only_right: int


def rows_missing(con: duckdb.DuckDBPyConnection, columns: str, table: str, other: str) -> int:
    """How many rows of `table` (counted with multiplicity) `other` lacks."""
    return con.execute(
        f"SELECT count(*) FROM (SELECT {columns} FROM {table} "
        f"EXCEPT ALL SELECT {columns} FROM {other})"
    ).fetchone()[0]


def schema_differences(left: str, right: str, schema: str) -> dict[str, TableDifference]:
    """Every table of `schema` in two DuckDB files, compared row by row on every column but
    WRITTEN_AT_COLUMNS (EXCEPT ALL: duplicates count, NULLs compare equal)."""
    with duckdb.connect() as con:
        for alias, path in (("l", left), ("r", right)):
            con.execute(f"ATTACH '{path}' AS {alias} (READ_ONLY)")

        def tables(alias: str) -> set[str]:
            return {
                name
                for (name,) in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? "
                    "AND table_schema = ? AND table_type = 'BASE TABLE' "
                    "AND NOT starts_with(table_name, '_')",
                    [alias, schema],
                ).fetchall()
            }

        names = tables("l")
        assert names == tables("r"), schema
        differences = {}

        def columns_of(alias: str, table: str) -> list[str]:
            return [
                column
                for (column,) in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_catalog = ? "
                    "AND table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                    [alias, schema, table],
                ).fetchall()
                if column not in WRITTEN_AT_COLUMNS
            ]

        for table in sorted(names):
            assert columns_of("l", table) == columns_of("r", table), table
            columns = ", ".join(f'"{column}"' for column in columns_of("l", table))
            one, other = f"l.{schema}.{table}", f"r.{schema}.{table}"
            differences[table] = TableDifference(
                rows=con.execute(f"SELECT count(*) FROM {one}").fetchone()[0],
                only_left=rows_missing(con, columns, one, other),
                only_right=rows_missing(con, columns, other, one),
            )
        return differences


# --------------------------------------------------------------------------------- fixtures

CAMPAIGN_DAY = (
    "SELECT campaign_id, impressions FROM analytics.linkedin_ads__campaign_report "
    "WHERE date_day = ? ORDER BY campaign_id"
)
# Figures of the snapshot tables that an older snapshot holds different values of.
SNAPSHOT_FIGURES = {
    "post_statistics": (
        "impression_count", "unique_impressions_count", "click_count", "like_count",
        "comment_count", "share_count",
    ),
    "page_visitor_demographics": ("all_page_views", "all_unique_page_views"),
    "follower_demographics": ("organic_follower_count", "paid_follower_count"),
}  # fmt: skip


@dataclass
class Built:
    path: str
    days: list[str]  # D1, D2, D3: the raw window's partition keys, oldest first
    models_run: dg.ExecuteInProcessResult
    partition_run: dg.ExecuteInProcessResult  # D2, first build of the marts
    range_run: dg.ExecuteInProcessResult  # D1..D2, after the restatement
    days_after_first_build: list[dt.date]
    first_day_rows_after_first_build: int
    last_day_after_first_build: list[tuple]
    sponsored_day: str | None  # the publish day of a sponsored post loaded for the url report

    @property
    def range_end(self) -> dt.date:
        """Exclusive end of the range run (D3)."""
        return dt.date.fromisoformat(self.days[2])


def resources_for(path: str) -> dict:
    return {
        "linkedin": LinkedInResource(sandbox=True),
        "warehouse": WarehouseResource(path=path, mode=SANDBOX),
        "dbt": dbt_assets_module.dbt_resource(),
    }


def raw_daily_assets() -> list[dg.AssetsDefinition]:
    return [a for a in raw_assets() if a.partitions_def == DAILY]


def copy_warehouse(source: str, target: Path) -> str:
    with duckdb.connect(source) as con:
        con.execute("CHECKPOINT")  # everything in the file itself, nothing left in a WAL
    shutil.copyfile(source, target)
    return str(target)


def materialize_daily_raw(res: dict, path: str, days: list[str]) -> str | None:
    """The daily raw assets for days (one run), plus the day of a sponsored post; returns
    that day."""
    materialize_range(raw_daily_assets(), res, days[0], days[-1])
    # One day of posts is enough to give the url report landing pages (for a creative of D2,
    # which the range run rebuilds).
    sponsored = sponsored_post_day(path, days[1])
    if sponsored:
        dg.materialize([pages_posts.organization_posts], resources=res, partition_key=sponsored)
    return sponsored


def restate_raw_facts(path: str, vanished_day: str, changed_day: str) -> None:
    """What LinkedIn does to recent days: rows disappear and figures change."""
    with duckdb.connect(path) as con:
        for table in ("ad_analytics_by_campaign", "ad_analytics_by_creative"):
            con.execute(f"DELETE FROM linkedin.{table} WHERE day = ?", [vanished_day])
            con.execute(
                f"UPDATE linkedin.{table} SET impressions = impressions + 1000 WHERE day = ?",
                [changed_day],
            )


def add_older_snapshots(path: str) -> None:
    """What the snapshot tables hold after earlier days' syncs: the day before's snapshot,
    with other (smaller) figures. The marts must report the newest snapshot only."""
    with duckdb.connect(path) as con:
        for table, figures in SNAPSHOT_FIGURES.items():
            halved = ", ".join(f"{column} // 2 AS {column}" for column in figures)
            con.execute(
                f"INSERT INTO linkedin.{table} SELECT * REPLACE "
                f"(snapshot_date - 1 AS snapshot_date, {halved}) FROM linkedin.{table}"
            )


@pytest.fixture(scope="module")
def days() -> list[str]:
    """D1..D3: complete days inside every LinkedIn window (page statistics lag about two
    days), computed once so every warehouse of the module loads the same days."""
    today = dt.datetime.now(dt.UTC).date()
    return [(today - dt.timedelta(days=n)).isoformat() for n in (6, 5, 4)]


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory) -> str:
    """The unpartitioned raw assets and last month's ad demographics, materialized once: every
    warehouse of the module starts as a copy of this file."""
    path = str(tmp_path_factory.mktemp("snapshots") / "snapshots.duckdb")
    res = resources_for(path)
    dg.materialize([a for a in raw_assets() if a.partitions_def is None], resources=res)
    dg.materialize(
        [ads.ad_demographics], resources=res, partition_key=MONTHLY.get_last_partition_key()
    )
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory, snapshots, days) -> Iterator[Built]:
    """Raw D1..D3 and older snapshots; dbt models; daily marts for D2 (first build: every
    day); the raw facts of D1 deleted and of D3 changed; daily marts for the range D1..D2
    (incremental)."""
    path = copy_warehouse(snapshots, tmp_path_factory.mktemp("dbt") / "warehouse.duckdb")
    res = resources_for(path)
    sponsored = materialize_daily_raw(res, path, days)
    add_older_snapshots(path)

    models_run = dg.materialize([OTHER_MODELS], resources=res)
    # The marts do not exist yet: this single partition builds them from every source row.
    partition_run = dg.materialize([DAILY_MARTS], resources=res, partition_key=days[1])
    report_days = [
        day
        for (day,) in query(
            path, "SELECT DISTINCT date_day FROM analytics.linkedin_ads__creative_report ORDER BY 1"
        )
    ]
    first_day_rows = scalar(
        path,
        "SELECT count(*) FROM analytics.linkedin_ads__campaign_report WHERE date_day = ?",
        [days[0]],
    )
    last_day = query(path, CAMPAIGN_DAY, [days[2]])

    restate_raw_facts(path, vanished_day=days[0], changed_day=days[2])
    # The marts exist now: the range run is incremental and replaces D1 and D2 only.
    range_run = materialize_range([DAILY_MARTS], res, days[0], days[1])
    yield Built(
        path,
        days,
        models_run,
        partition_run,
        range_run,
        report_days,
        first_day_rows,
        last_day,
        sponsored,
    )
    for run in (models_run, partition_run, range_run):
        remove_invocation_dirs(run)


@dataclass
class Backfill:
    days: list[str]
    range_path: str  # ends with raw + dbt for the days in ONE run
    daily_path: str  # raw + dbt one run per day
    range_run: dg.ExecuteInProcessResult
    daily_runs: list[dg.ExecuteInProcessResult]


def lose_day(path: str, day: str) -> None:
    """Delete every row of `day` from the raw daily facts (tables with a `day` column) and
    from the daily marts: only a run that reloads and rebuilds that day brings it back."""
    with duckdb.connect(path) as con:
        raw = con.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = 'linkedin' AND column_name = 'day'"
        ).fetchall()
        assert len(raw) >= 4
        for (table,) in raw:
            con.execute(f"DELETE FROM linkedin.{table} WHERE day = ?", [day])
        for key in DAILY_MARTS.keys:
            con.execute(f"DELETE FROM analytics.{key.path[-1]} WHERE date_day = ?", [day])


@pytest.fixture(scope="module")
def backfill(tmp_path_factory, snapshots, built, days) -> Iterator[Backfill]:
    """Two warehouses from the same snapshots (and the same sponsored post), for the two days
    D2..D3 (the days with posts). Day by day: one run per day, each with what the
    `linkedin_daily` job runs (the day's raw facts, the daily marts, the unpartitioned dbt
    models); the first builds the marts, the second is incremental. Range: a copy of the
    day-by-day warehouse after its first day, that day then lost (raw facts and mart rows),
    and ONE run of the same assets over both days: incremental too, it must reload and
    rebuild the first day and add the second. Two days keep it cheap (each dbt invocation
    costs seconds: six here)."""
    window = days[1:]
    folder = tmp_path_factory.mktemp("backfill")
    daily_path = copy_warehouse(snapshots, folder / "daily.duckdb")
    if built.sponsored_day:
        dg.materialize(
            [pages_posts.organization_posts],
            resources=resources_for(daily_path),
            partition_key=built.sponsored_day,
        )
    everything = [*raw_daily_assets(), OTHER_MODELS, DAILY_MARTS]

    def one_day(day: str) -> dg.ExecuteInProcessResult:
        return dg.materialize(everything, resources=resources_for(daily_path), partition_key=day)

    daily_runs = [one_day(window[0])]
    range_path = copy_warehouse(daily_path, folder / "range.duckdb")
    lose_day(range_path, window[0])
    daily_runs += [one_day(day) for day in window[1:]]
    range_run = materialize_range(everything, resources_for(range_path), window[0], window[-1])
    yield Backfill(window, range_path, daily_path, range_run, daily_runs)
    for run in (range_run, *daily_runs):
        remove_invocation_dirs(run)


# ------------------------------------------------------------------------------ the runs


def test_every_dbt_run_succeeds_and_materializes_its_models(built):
    assert built.models_run.success
    assert {"linkedin__post_engagement", "stg_linkedin__posts", "linkedin_geos"} <= (
        materialized_keys(built.models_run)
    )
    daily = {key.path[-1] for key in DAILY_MARTS.keys}
    assert materialized_keys(built.partition_run) == daily
    assert materialized_keys(built.range_run) == daily


def test_dbt_tests_ran_as_asset_checks_and_passed(built):
    for run, at_least in ((built.models_run, 50), (built.partition_run, 15), (built.range_run, 15)):
        evaluations = check_evaluations(run)
        assert len(evaluations) >= at_least
        assert [e.check_name for e in evaluations if not e.passed] == []
    names = {e.check_name for e in check_evaluations(built.range_run)}
    assert {"assert_ads_report_totals_agree", "assert_url_report_matches_creative_report"} <= names


def test_the_runs_passed_their_window_to_dbt(built):
    d1, d2, d3 = built.days
    assert dbt_vars(built.partition_run) == {"min_date": d2, "max_date": d3}
    # One run covers the whole range; its end is exclusive.
    assert dbt_vars(built.range_run) == {"min_date": d1, "max_date": d3}
    assert dbt_vars(built.models_run) == {}


# ------------------------------------------------------------ incremental window semantics


def test_the_first_partition_run_built_every_day_the_sources_held(built):
    assert [d.isoformat() for d in built.days_after_first_build] == built.days


def test_a_range_run_drops_window_rows_whose_source_rows_vanished(built):
    d1 = built.days[0]
    assert built.first_day_rows_after_first_build > 0
    for table in ("linkedin_ads__campaign_report", "linkedin_ads__creative_report"):
        rows = scalar(
            built.path, f"SELECT count(*) FROM analytics.{table} WHERE date_day = ?", [d1]
        )
        assert rows == 0, table


def test_days_outside_the_window_keep_what_they_had(built):
    d3 = built.days[2]
    assert built.last_day_after_first_build
    assert query(built.path, CAMPAIGN_DAY, [d3]) == built.last_day_after_first_build
    raw_now = query(
        built.path,
        "SELECT campaign_id, impressions - 1000 FROM linkedin.ad_analytics_by_campaign "
        "WHERE day = ? ORDER BY campaign_id",
        [d3],
    )
    assert raw_now == built.last_day_after_first_build  # the source did change meanwhile


def test_no_report_has_a_duplicate_key_after_the_rerun(built):
    grains = {
        "linkedin_ads__account_report": "date_day, account_id",
        "linkedin_ads__campaign_group_report": "date_day, campaign_group_id",
        "linkedin_ads__campaign_report": "date_day, campaign_id",
        "linkedin_ads__creative_report": "date_day, creative_id",
        "linkedin_ads__conversion_report": "date_day, conversion_id, campaign_id",
        "linkedin_ads__url_report": "date_day, creative_id",
    }
    for table, grain in grains.items():
        duplicates = scalar(
            built.path,
            f"SELECT count(*) FROM (SELECT {grain} FROM analytics.{table} "
            f"GROUP BY ALL HAVING count(*) > 1)",
        )
        assert duplicates == 0, table


# ------------------------------------------------- ads reports vs raw (the range's days)


def test_campaign_report_matches_the_raw_campaign_analytics(built):
    mismatches = query(
        built.path,
        """
        WITH r AS (SELECT * FROM linkedin.ad_analytics_by_campaign WHERE day < $end),
             m AS (SELECT * FROM analytics.linkedin_ads__campaign_report WHERE date_day < $end)
        SELECT r.day, r.campaign_id, m.date_day, m.campaign_id
        FROM r FULL JOIN m ON m.date_day = r.day AND m.campaign_id = r.campaign_id
        WHERE r.day IS NULL OR m.date_day IS NULL
            OR r.impressions IS DISTINCT FROM m.impressions
            OR r.clicks IS DISTINCT FROM m.clicks
            OR r.cost_in_local_currency IS DISTINCT FROM m.cost_in_local_currency
            OR r.cost_in_usd IS DISTINCT FROM m.cost_in_usd
            OR r.external_website_conversions IS DISTINCT FROM m.conversions
            OR r.conversion_value_in_local_currency
               IS DISTINCT FROM m.conversion_value_in_local_currency
            OR r.account_currency IS DISTINCT FROM m.currency
        """.replace("$end", "?"),
        [built.range_end, built.range_end],
    )
    assert mismatches == []
    compared = scalar(
        built.path,
        "SELECT count(*) FROM analytics.linkedin_ads__campaign_report WHERE date_day < ?",
        [built.range_end],
    )
    assert compared > 0


def test_account_report_sums_campaigns_without_mixing_currencies(built):
    (mismatches, compared) = query(
        built.path,
        """
        WITH raw AS (
            SELECT day, account_id, account_currency AS currency,
                   sum(impressions) AS impressions, sum(clicks) AS clicks,
                   sum(cost_in_local_currency) AS cost, sum(cost_in_usd) AS cost_usd
            FROM linkedin.ad_analytics_by_campaign WHERE day < ? GROUP BY ALL
        ),
        m AS (SELECT * FROM analytics.linkedin_ads__account_report WHERE date_day < ?)
        SELECT count(*) FILTER (WHERE m.date_day IS NULL OR raw.day IS NULL
                   OR m.impressions <> raw.impressions OR m.clicks <> raw.clicks
                   OR m.cost_in_local_currency <> raw.cost OR m.cost_in_usd <> raw.cost_usd
                   OR m.currency <> raw.currency),
               count(*)
        FROM raw FULL JOIN m ON m.date_day = raw.day AND m.account_id = raw.account_id
        """,
        [built.range_end, built.range_end],
    )[0]
    assert mismatches == 0 and compared > 0
    mixed = query(
        built.path,
        "SELECT account_id FROM analytics.linkedin_ads__account_report "
        "GROUP BY ALL HAVING count(DISTINCT currency) > 1",
    )
    assert mixed == []


def test_creative_report_matches_the_raw_creative_analytics_with_names(built):
    rows = query(
        built.path,
        """
        SELECT r.impressions = m.impressions AND r.clicks = m.clicks
                   AND r.cost_in_local_currency = m.cost_in_local_currency,
               m.creative_name IS NOT DISTINCT FROM c.name,
               m.creative_status = c.intended_status,
               m.campaign_name, m.account_name
        FROM linkedin.ad_analytics_by_creative r
        JOIN linkedin.creatives c ON c.creative_id = r.creative_id
        LEFT JOIN analytics.linkedin_ads__creative_report m
            ON m.date_day = r.day AND m.creative_id = r.creative_id
        WHERE r.day < ?
        """,
        [built.range_end],
    )
    assert rows
    for same_figures, same_name, same_status, campaign_name, account_name in rows:
        assert same_figures and same_name and same_status
        assert campaign_name and account_name


def test_rates_are_computed_from_sums_never_averaged(built):
    rows = query(
        built.path,
        "SELECT ctr, cpc, cpm, cost_per_conversion, conversion_rate, clicks, impressions, "
        "cost_in_local_currency, conversions FROM analytics.linkedin_ads__account_report",
    )
    assert rows
    for ctr, cpc, cpm, per_conversion, conversion_rate, clicks, impressions, cost, conv in rows:
        cost = float(cost)
        assert ctr == pytest.approx(clicks / impressions if impressions else None)
        assert cpc == pytest.approx(cost / clicks if clicks else None)
        assert cpm == pytest.approx(1000 * cost / impressions if impressions else None)
        assert per_conversion == pytest.approx(cost / conv if conv else None)
        assert conversion_rate == pytest.approx(conv / clicks if clicks else None)
    # An account-day whose campaigns have different ctrs: its ctr is the ratio of their sums,
    # not the mean of their ctrs.
    found = query(
        built.path,
        """
        SELECT a.ctr, sum(c.clicks) / sum(c.impressions), avg(c.ctr)
        FROM analytics.linkedin_ads__account_report a
        JOIN analytics.linkedin_ads__campaign_report c USING (date_day, account_id)
        GROUP BY a.date_day, a.account_id, a.ctr
        HAVING count(*) > 1 AND min(c.ctr) <> max(c.ctr)
        """,
    )
    assert found
    for account_ctr, ratio_of_sums, mean_of_ratios in found:
        assert account_ctr == pytest.approx(ratio_of_sums)
        assert account_ctr != pytest.approx(mean_of_ratios)


def test_conversion_report_matches_raw_conversions_with_campaign_cost(built):
    rows = query(
        built.path,
        """
        SELECT r.external_website_conversions, m.conversions, m.conversion_name,
               m.campaign_cost_in_local_currency, c.cost_in_local_currency, m.cost_per_conversion
        FROM linkedin.conversion_performance r
        JOIN analytics.linkedin_ads__conversion_report m
            ON m.date_day = r.day AND m.conversion_id = r.conversion_id
            AND m.campaign_id = r.campaign_id
        LEFT JOIN linkedin.ad_analytics_by_campaign c
            ON c.day = r.day AND c.campaign_id = r.campaign_id
        WHERE r.day < ?
        """,
        [built.range_end],
    )
    expected = scalar(
        built.path,
        "SELECT count(*) FROM linkedin.conversion_performance WHERE day < ?",
        [built.range_end],
    )
    assert len(rows) == expected
    for raw_conversions, conversions, name, campaign_cost, raw_cost, per_conversion in rows:
        assert conversions == raw_conversions and name
        assert campaign_cost == raw_cost
        if conversions and raw_cost is not None:
            assert per_conversion == pytest.approx(float(raw_cost) / conversions)


# Each daily report, its grain's entity, its raw analytics table and the names it shows:
# report column -> (raw table, id column of the raw table and of the report, raw column).
ACCOUNT_NAME = {"account_name": ("ad_accounts", "account_id", "name")}
# Each daily report: the entity of its grain, its raw analytics table, the ids above the
# entity it shows, and its names (report column: raw table, id column, raw column).
ADS_REPORTS = {
    "linkedin_ads__account_report": (
        "account_id",
        "ad_analytics_by_campaign",
        (),
        ACCOUNT_NAME | {"account_status": ("ad_accounts", "account_id", "status")},
    ),
    "linkedin_ads__campaign_group_report": (
        "campaign_group_id",
        "ad_analytics_by_campaign",
        ("account_id",),
        ACCOUNT_NAME
        | {
            "campaign_group_name": ("campaign_groups", "campaign_group_id", "name"),
            "campaign_group_status": ("campaign_groups", "campaign_group_id", "status"),
        },
    ),
    "linkedin_ads__campaign_report": (
        "campaign_id",
        "ad_analytics_by_campaign",
        ("account_id", "campaign_group_id"),
        ACCOUNT_NAME
        | {
            "campaign_name": ("campaigns", "campaign_id", "name"),
            "campaign_status": ("campaigns", "campaign_id", "status"),
            "campaign_group_name": ("campaign_groups", "campaign_group_id", "name"),
        },
    ),
    "linkedin_ads__creative_report": (
        "creative_id",
        "ad_analytics_by_creative",
        ("account_id", "campaign_group_id", "campaign_id"),
        ACCOUNT_NAME
        | {
            "creative_name": ("creatives", "creative_id", "name"),
            "creative_status": ("creatives", "creative_id", "intended_status"),
            "campaign_name": ("campaigns", "campaign_id", "name"),
            "campaign_group_name": ("campaign_groups", "campaign_group_id", "name"),
        },
    ),
}


@pytest.mark.parametrize("report", sorted(ADS_REPORTS))
def test_ads_report_figures_and_names_match_sums_of_the_raw_analytics(built, report):
    """Every measure summed per (day, entity) in Python from the raw analytics, every rate
    from those sums, the ids above the entity and the names from the raw dimension tables,
    for the range's days."""
    entity, raw_table, ids, names = ADS_REPORTS[report]
    expected = raw_ads_sums(built.path, raw_table, entity, built.range_end, ids)
    assert expected
    assert_ads_report_is(built.path, report, entity, expected, built.range_end)

    rows = dicts(
        built.path, f"SELECT * FROM analytics.{report} WHERE date_day < ?", [built.range_end]
    )
    for column, (table, id_column, raw_column) in names.items():
        lookup = names_of(built.path, table, id_column, raw_column)
        for row in rows:
            raw = expected[(row["date_day"], row[entity])]
            owner = row[entity] if id_column == entity else raw[id_column]
            assert row[column] == lookup[owner], (report, column, row[entity])
        assert any(row[column] for row in rows), (report, column)


def landing_pages(path: str) -> dict[int, str]:
    """Each creative's landing page from the raw tables: a text ad's own, else the
    call-to-action page or the article link of the post it sponsors."""
    posts = {
        urn: cta if cta is not None else article
        for urn, cta, article in query(
            path, "SELECT post_urn, content_landing_page, article_source FROM linkedin.posts"
        )
    }
    pages = {}
    for creative_id, text_ad_page, reference in query(
        path,
        "SELECT creative_id, text_ad_landing_page, content_reference FROM linkedin.creatives",
    ):
        page = text_ad_page if text_ad_page is not None else posts.get(reference)
        if page is not None:
            pages[creative_id] = page
    return pages


def url_parts(url: str) -> dict[str, str | None]:
    split = urlsplit(url)
    parameters = parse_qs(split.query)
    parts = {
        "base_url": re.split(r"[?#]", url, maxsplit=1)[0] or None,
        "url_host": split.hostname or None,
        "url_path": split.path or None,
    }
    for name in ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"):
        parts[name] = parameters[name][0] if name in parameters else None
    return parts


def test_url_report_matches_the_raw_creative_analytics_of_creatives_with_landing_pages(built):
    pages = landing_pages(built.path)
    expected = {
        key: figures | {"landing_page_url": pages[key[1]]}
        for key, figures in raw_ads_sums(
            built.path,
            "ad_analytics_by_creative",
            "creative_id",
            built.range_end,
            ("account_id", "campaign_group_id", "campaign_id"),
        ).items()
        if key[1] in pages
    }
    assert expected, "the sponsored posts' landing pages should reach the url report"
    assert_ads_report_is(
        built.path, "linkedin_ads__url_report", "creative_id", expected, built.range_end
    )
    # the parts of every row's landing page, split by urllib
    rows = dicts(built.path, "SELECT * FROM analytics.linkedin_ads__url_report")
    assert rows
    for row in rows:
        assert row["landing_page_url"] == pages[row["creative_id"]]
        parts = url_parts(row["landing_page_url"])
        assert {name: row[name] for name in parts} == parts, row["landing_page_url"]
    assert any(row["utm_source"] for row in rows)


# ------------------------------------------------------------------------------ page marts


def test_post_engagement_shows_each_published_post_with_its_latest_statistics(built):
    rows = query(
        built.path,
        """
        SELECT m.post_id, m.post_preview, m.content_type, m.impressions, s.impression_count,
               m.clicks, m.likes, m.comments, m.shares, m.total_engagements,
               m.engagement_rate_pct, m.published_at
        FROM analytics.linkedin__post_engagement m
        LEFT JOIN (
            SELECT * FROM linkedin.post_statistics
            QUALIFY row_number() OVER (PARTITION BY post_urn ORDER BY snapshot_date DESC) = 1
        ) s ON s.post_urn = m.post_id
        """,
    )
    published = scalar(
        built.path, "SELECT count(*) FROM linkedin.posts WHERE lifecycle_state = 'PUBLISHED'"
    )
    assert len(rows) == published > 0
    with_statistics = [r for r in rows if r[4] is not None]
    assert with_statistics
    for (_, preview, content_type, impressions, raw_impressions, clicks, likes, comments,
         shares, total, rate, published_at) in with_statistics:  # fmt: skip
        assert impressions == raw_impressions
        assert total == likes + comments + shares
        engaged = clicks + likes + comments + shares
        assert rate == pytest.approx(100 * engaged / impressions, abs=0.0051)
        assert content_type in CONTENT_TYPES
        assert preview is None or len(preview) <= 100
        assert published_at is not None


def test_follower_growth_accumulates_and_averages_the_daily_gains(built):
    rows = query(
        built.path,
        """
        SELECT organization_id, report_date, organic_gained, paid_gained, total_gained,
               cumulative_growth, seven_day_moving_avg, organic_pct, organization
        FROM analytics.linkedin__follower_growth ORDER BY organization_id, report_date
        """,
    )
    raw = query(
        built.path,
        "SELECT organization_id, day, organic_follower_gain, paid_follower_gain "
        "FROM linkedin.follower_statistics ORDER BY 1, 2",
    )
    assert [r[:4] for r in rows] == raw
    running: dict[int, list[int]] = {}
    for org, _, organic, paid, total, cumulative, moving_avg, organic_pct, name in rows:
        gains = running.setdefault(org, [])
        gains.append(total)
        assert total == organic + paid
        assert cumulative == sum(gains)
        # DuckDB rounds halves away from zero, Python to even: compare within the rounding.
        assert moving_avg == pytest.approx(sum(gains[-7:]) / len(gains[-7:]), abs=0.051)
        if total:
            assert organic_pct == pytest.approx(100 * organic / total, abs=0.051)
        else:
            assert organic_pct is None
        assert name


def test_page_visitor_demographics_cover_every_facet_with_names_and_shares(built):
    facets = query(
        built.path,
        """
        SELECT facet, count(*), count(value_name), sum(pct_of_total)
        FROM analytics.linkedin__page_visitor_demographics
        GROUP BY facet, organization_id
        """,
    )
    assert {f for f, *_ in facets} >= {
        "seniority",
        "function",
        "industry",
        "country",
        "geo",
        "staff_count_range",
    }
    for _, rows, named, pct in facets:
        assert named == rows  # every sandbox value is in the seeds
        assert pct == pytest.approx(100, abs=0.05 * rows)  # each share rounded to 0.1
    seniority = query(
        built.path,
        "SELECT value_urn, value_name, total_views "
        "FROM analytics.linkedin__page_visitor_demographics "
        "WHERE facet = 'seniority' AND value_urn = 'urn:li:seniority:4' LIMIT 1",
    )
    assert seniority and seniority[0][1] == "Senior"


def test_post_engagement_reports_every_figure_of_the_newest_statistics(built):
    assert_older_snapshots_differ(built.path, "post_statistics", ["post_urn"])
    latest = newest_by(
        dicts(built.path, "SELECT * EXCLUDE (_raw) FROM linkedin.post_statistics"), "post_urn"
    )
    published = [
        urn
        for (urn,) in query(
            built.path, "SELECT post_urn FROM linkedin.posts WHERE lifecycle_state = 'PUBLISHED'"
        )
    ]
    expected = {}
    for urn in published:
        s = latest.get(urn, dict.fromkeys(SNAPSHOT_FIGURES["post_statistics"] + ("snapshot_date",)))
        likes, comments, shares = s["like_count"], s["comment_count"], s["share_count"]
        expected[urn] = {
            "impressions": s["impression_count"],
            "unique_impressions": s["unique_impressions_count"],
            "clicks": s["click_count"],
            "likes": likes,
            "comments": comments,
            "shares": shares,
            "total_engagements": plus(likes, comments, shares),
            "statistics_as_of": s["snapshot_date"],
            "engagement_rate_pct": percent(
                plus(s["click_count"], likes, comments, shares), s["impression_count"]
            ),
        }
    rows = dicts(built.path, "SELECT * FROM analytics.linkedin__post_engagement")
    actual = {row["post_id"]: row for row in rows}
    assert len(actual) == len(rows) and sorted(actual) == sorted(expected)
    assert any(figures["impressions"] for figures in expected.values())
    for urn, figures in expected.items():
        rate = figures.pop("engagement_rate_pct")
        assert {column: actual[urn][column] for column in figures} == figures, urn
        assert_rounded(actual[urn]["engagement_rate_pct"], rate, 2, urn)


def test_page_visitor_demographics_are_the_newest_snapshot_with_shares_of_each_facet(built):
    assert_older_snapshots_differ(
        built.path, "page_visitor_demographics", ["organization_id", "facet", "value"]
    )
    latest = latest_snapshot_rows(
        dicts(
            built.path,
            "SELECT snapshot_date, organization_id, facet, value, all_page_views, "
            "all_unique_page_views FROM linkedin.page_visitor_demographics",
        )
    )
    facet_views: dict[tuple, list] = {}
    for row in latest:
        facet_views.setdefault((row["organization_id"], row["facet"]), []).append(
            row["all_page_views"]
        )
    expected = {
        (row["organization_id"], row["facet"], row["value"]): {
            "snapshot_date": row["snapshot_date"],
            "total_views": row["all_page_views"],
            "unique_views": row["all_unique_page_views"],
        }
        for row in latest
    }
    rows = dicts(built.path, "SELECT * FROM analytics.linkedin__page_visitor_demographics")
    actual = {(row["organization_id"], row["facet"], row["value_urn"]): row for row in rows}
    assert len(actual) == len(rows) and sorted(actual) == sorted(expected) and expected
    for key, figures in expected.items():
        row = actual[key]
        assert {column: row[column] for column in figures} == figures, key
        share = percent(figures["total_views"], total(facet_views[key[:2]]))
        assert_rounded(row["pct_of_total"], share, 1, key)


def test_follower_demographics_are_the_newest_snapshot_with_shares_of_each_facet(built):
    assert_older_snapshots_differ(
        built.path, "follower_demographics", ["organization_id", "facet", "value"]
    )
    latest = latest_snapshot_rows(
        dicts(
            built.path,
            "SELECT snapshot_date, organization_id, facet, value, organic_follower_count, "
            "paid_follower_count FROM linkedin.follower_demographics",
        )
    )
    expected = {}
    for row in latest:
        organic, paid = row["organic_follower_count"], row["paid_follower_count"]
        expected[(row["organization_id"], row["facet"], row["value"])] = {
            "snapshot_date": row["snapshot_date"],
            "organic_followers": organic,
            "paid_followers": paid,
            "total_followers": (organic or 0) + (paid or 0),
        }
    facet_followers: dict[tuple, int] = {}
    for (org, facet, _), figures in expected.items():
        facet_followers[(org, facet)] = (
            facet_followers.get((org, facet), 0) + figures["total_followers"]
        )
    rows = dicts(built.path, "SELECT * FROM analytics.linkedin__follower_demographics")
    actual = {(row["organization_id"], row["facet"], row["value_urn"]): row for row in rows}
    assert len(actual) == len(rows) and sorted(actual) == sorted(expected) and expected
    assert {row["facet"] for row in rows} >= {"seniority", "function", "industry", "geo"}
    for key, figures in expected.items():
        row = actual[key]
        assert {column: row[column] for column in figures} == figures, key
        share = percent(figures["total_followers"], facet_followers[key[:2]])
        assert_rounded(row["pct_of_total"], share, 1, key)
        assert row["organization"], key


def test_posts_monthly_counts_the_posts_and_adds_up_each_month(built):
    """Per organization and month: published posts (DSC apart) with the lifetime totals of
    their newest statistics, and the month's share statistics added up."""
    latest = newest_by(
        dicts(built.path, "SELECT * EXCLUDE (_raw) FROM linkedin.post_statistics"), "post_urn"
    )
    posts = dicts(
        built.path,
        "SELECT post_urn, organization_id, published_on, is_dsc FROM linkedin.posts "
        "WHERE lifecycle_state = 'PUBLISHED'",
    )
    updates = dicts(built.path, "SELECT * EXCLUDE (_raw) FROM linkedin.share_statistics")
    months: dict[tuple, dict[str, list]] = {}
    for post in posts:
        key = (post["organization_id"], post["published_on"].replace(day=1))
        months.setdefault(key, {"posts": [], "updates": []})["posts"].append(post)
    for update in updates:
        key = (update["organization_id"], update["day"].replace(day=1))
        months.setdefault(key, {"posts": [], "updates": []})["updates"].append(update)

    expected = {}
    for key, month in months.items():
        stats = [latest[p["post_urn"]] for p in month["posts"] if p["post_urn"] in latest]
        days = month["updates"]

        def summed(column: str, rows: list[dict] = days) -> Any:
            return total(row[column] for row in rows)

        likes, comments, shares = (
            summed("like_count"),
            summed("comment_count"),
            summed("share_count"),
        )
        expected[key] = {
            "posts_published": sum(1 for p in month["posts"] if not p["is_dsc"]),
            "sponsored_posts_created": sum(1 for p in month["posts"] if p["is_dsc"] is True),
            "days_reported": len(days),
            "impressions": summed("impression_count"),
            "clicks": summed("click_count"),
            "likes": likes,
            "comments": comments,
            "shares": shares,
            "total_engagements": plus(likes, comments, shares),
            "published_posts_lifetime_impressions": summed("impression_count", stats),
            "published_posts_lifetime_clicks": summed("click_count", stats),
            "published_posts_lifetime_engagements": total(
                plus(s["like_count"], s["comment_count"], s["share_count"]) for s in stats
            ),
            "engagement_rate_pct": percent(
                plus(summed("click_count"), likes, comments, shares), summed("impression_count")
            ),
        }
    rows = dicts(built.path, "SELECT * FROM analytics.linkedin__posts_monthly")
    actual = {(row["organization_id"], row["date_month"]): row for row in rows}
    assert len(actual) == len(rows) and sorted(actual) == sorted(expected)
    assert any(f["posts_published"] for f in expected.values())
    assert any(f["published_posts_lifetime_impressions"] for f in expected.values())
    assert any(f["impressions"] for f in expected.values())
    for key, figures in expected.items():
        rate = figures.pop("engagement_rate_pct")
        assert {column: actual[key][column] for column in figures} == figures, key
        assert_rounded(actual[key]["engagement_rate_pct"], rate, 2, key)
        assert actual[key]["organization"], key


# ------------------------------------------- a single-run backfill vs one run per day


def test_the_backfill_was_one_run_for_the_range_and_one_run_per_day(backfill):
    raw = {key.path[-1] for asset in raw_daily_assets() for key in asset.keys}
    marts = {key.path[-1] for key in DAILY_MARTS.keys}
    first, last = backfill.days[0], backfill.days[-1]
    assert backfill.range_run.success
    assert raw | marts | {"linkedin__follower_growth"} <= materialized_keys(backfill.range_run)
    assert dbt_vars(backfill.range_run, DAILY_MARTS.op.name) == {
        "min_date": first,
        "max_date": next_day(last),
    }
    assert len(backfill.daily_runs) == len(backfill.days) > 1
    for day, run in zip(backfill.days, backfill.daily_runs, strict=True):
        assert run.success
        assert raw | marts <= materialized_keys(run)
        assert dbt_vars(run, DAILY_MARTS.op.name) == {"min_date": day, "max_date": next_day(day)}
    for run in (backfill.range_run, *backfill.daily_runs):
        assert [e.check_name for e in check_evaluations(run) if not e.passed] == []
    # both warehouses hold every day of the range
    for path in (backfill.range_path, backfill.daily_path):
        report_days = query(
            path, "SELECT DISTINCT date_day FROM analytics.linkedin_ads__creative_report ORDER BY 1"
        )
        assert [day.isoformat() for (day,) in report_days] == backfill.days


def test_a_single_run_backfill_gives_the_raw_tables_of_day_by_day_runs(backfill):
    differences = schema_differences(backfill.range_path, backfill.daily_path, "linkedin")
    for table in ("ad_analytics_by_creative", "follower_statistics", "share_statistics"):
        assert differences[table].rows > 0, table
    assert {t: d for t, d in differences.items() if d.only_left or d.only_right} == {}


def test_a_single_run_backfill_gives_the_marts_of_day_by_day_runs(backfill):
    """Every mart (the incremental daily reports and the tables rebuilt in full), table by
    table and row by row."""
    differences = schema_differences(backfill.range_path, backfill.daily_path, "analytics")
    facts = {key.path[-1] for key in DAILY_MARTS.keys} | {
        "linkedin__follower_growth",
        "linkedin__posts_monthly",
        "linkedin__post_engagement",
    }
    assert facts <= set(differences)
    assert {t: d.rows for t, d in differences.items() if t in facts and not d.rows} == {}
    assert {t: d for t, d in differences.items() if d.only_left or d.only_right} == {}


# ------------------------------------------------------------------------ staging contract


def test_every_raw_table_has_a_staging_view(built):
    raw_tables = {
        name
        for (name,) in query(
            built.path,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'linkedin' "
            "AND NOT starts_with(table_name, '_')",
        )
    }
    views = {
        name.removeprefix("stg_linkedin__")
        for (name,) in query(
            built.path,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'staging'",
        )
    }
    assert raw_tables and raw_tables <= views


def test_staging_names_follow_the_conventions(built):
    columns = query(
        built.path,
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'staging'",
    )
    for table, column, data_type in columns:
        if data_type == "TIMESTAMP WITH TIME ZONE":
            assert column.endswith("_at"), (table, column)
        if data_type == "BOOLEAN":
            assert column.startswith("is_"), (table, column)
        assert column not in {"id", "day", "name", "status", "test", "_raw"}, (table, column)


def test_history_staging_flags_one_latest_version_per_entity(built):
    rows = query(
        built.path,
        """
        SELECT campaign_id, count(*) FILTER (WHERE is_latest_version),
               count(*) FILTER (WHERE is_current), max(version_number)
        FROM staging.stg_linkedin__campaigns_history GROUP BY campaign_id
        """,
    )
    assert rows
    for _, latest, current, versions in rows:
        assert latest == 1 and current <= 1 and versions >= 1


def test_seeds_are_loaded_with_their_types(built):
    rows = query(
        built.path,
        "SELECT min_employees, max_employees FROM reference.linkedin_staff_count_ranges "
        "WHERE code = 'SIZE_10001_OR_MORE'",
    )
    assert rows == [(10001, None)]
    assert isinstance(scalar(built.path, "SELECT id FROM reference.linkedin_geos LIMIT 1"), int)
    assert (
        scalar(built.path, "SELECT typeof(verified) FROM reference.linkedin_job_titles LIMIT 1")
        == "BOOLEAN"
    )
    # money stays DECIMAL in the reports
    assert scalar(
        built.path,
        "SELECT typeof(cost_in_local_currency) FROM analytics.linkedin_ads__account_report LIMIT 1",
    ).startswith("DECIMAL")
