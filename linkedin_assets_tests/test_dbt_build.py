"""dbt really built through Dagster on sandbox data.

One module-scoped warehouse (dbt invocations cost seconds): the raw assets for three days
D1..D3, then the unpartitioned dbt assets, then the daily marts for the partition D2 (they do
not exist yet, so they are built from every source row), then LinkedIn "restates" the raw
facts (D1's rows vanish, D3's figures change) and the daily marts run for the range D1..D2 in
one run: incremental, they replace exactly that window.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def invocation_dirs(result: dg.ExecuteInProcessResult) -> list[Path]:
    """dagster-dbt's per-invocation target folders of a run (artifacts, run_results.json)."""
    target = dbt_assets_module.DBT_PROJECT.project_dir / "target"
    return sorted(target.glob(f"linkedin_dbt_*-{result.run_id[:7]}-*"))


def remove_invocation_dirs(result: dg.ExecuteInProcessResult) -> None:
    for folder in invocation_dirs(result):
        shutil.rmtree(folder, ignore_errors=True)


def dbt_vars(result: dg.ExecuteInProcessResult) -> dict:
    """The --vars dbt received in the run, from its run_results.json."""
    [folder] = invocation_dirs(result)
    return json.loads((folder / "run_results.json").read_text())["args"].get("vars", {})


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


# --------------------------------------------------------------------------------- fixtures

CAMPAIGN_DAY = (
    "SELECT campaign_id, impressions FROM analytics.linkedin_ads__campaign_report "
    "WHERE date_day = ? ORDER BY campaign_id"
)


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


def materialize_raw(res: dict, path: str, days: list[str]) -> None:
    everything = raw_assets()
    dg.materialize([a for a in everything if a.partitions_def is None], resources=res)
    materialize_range([a for a in everything if a.partitions_def == DAILY], res, days[0], days[-1])
    dg.materialize(
        [ads.ad_demographics], resources=res, partition_key=MONTHLY.get_last_partition_key()
    )
    # One day of posts is enough to give the url report landing pages (for a creative of D2,
    # which the range run rebuilds).
    sponsored = sponsored_post_day(path, days[1])
    if sponsored:
        dg.materialize([pages_posts.organization_posts], resources=res, partition_key=sponsored)


def restate_raw_facts(path: str, vanished_day: str, changed_day: str) -> None:
    """What LinkedIn does to recent days: rows disappear and figures change."""
    with duckdb.connect(path) as con:
        for table in ("ad_analytics_by_campaign", "ad_analytics_by_creative"):
            con.execute(f"DELETE FROM linkedin.{table} WHERE day = ?", [vanished_day])
            con.execute(
                f"UPDATE linkedin.{table} SET impressions = impressions + 1000 WHERE day = ?",
                [changed_day],
            )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Iterator[Built]:
    """Raw D1..D3; dbt models; daily marts for D2 (first build: every day); the raw facts of
    D1 deleted and of D3 changed; daily marts for the range D1..D2 (incremental)."""
    path = str(tmp_path_factory.mktemp("dbt") / "warehouse.duckdb")
    res = resources_for(path)
    today = dt.datetime.now(dt.UTC).date()
    # Complete days inside every LinkedIn window (page statistics lag about two days).
    days = [(today - dt.timedelta(days=n)).isoformat() for n in (6, 5, 4)]
    materialize_raw(res, path, days)

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
        path, days, models_run, partition_run, range_run, report_days, first_day_rows, last_day
    )
    for run in (models_run, partition_run, range_run):
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


def test_url_report_splits_landing_pages_into_utm_parts(built):
    rows = query(
        built.path,
        "SELECT landing_page_url, url_host, url_path, base_url, utm_source, utm_medium "
        "FROM analytics.linkedin_ads__url_report",
    )
    assert rows, "the sponsored posts' landing pages should reach the url report"
    for url, host, path, base, source, medium in rows:
        assert url.startswith(f"https://{host}{path}")
        assert base == url.split("?")[0]
        assert f"utm_source={source}" in url
        assert medium is None or f"utm_medium={medium}" in url


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


def test_posts_monthly_counts_posts_and_adds_up_the_month(built):
    rows = query(
        built.path,
        """
        SELECT m.organization_id, m.date_month, m.posts_published, m.impressions, m.clicks,
               m.engagement_rate_pct,
               (SELECT count(*) FROM linkedin.posts p
                WHERE p.organization_id = m.organization_id
                  AND date_trunc('month', p.published_on) = m.date_month
                  AND p.lifecycle_state = 'PUBLISHED' AND NOT coalesce(p.is_dsc, false)),
               (SELECT sum(impression_count) FROM linkedin.share_statistics s
                WHERE s.organization_id = m.organization_id
                  AND date_trunc('month', s.day) = m.date_month)
        FROM analytics.linkedin__posts_monthly m
        """,
    )
    assert rows
    for _, _, posts, impressions, clicks, rate, raw_posts, raw_impressions in rows:
        assert posts == raw_posts
        assert impressions == raw_impressions
        if impressions:
            assert rate is not None and 0 <= rate <= 100
        assert clicks is None or clicks <= (impressions or 0)


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
