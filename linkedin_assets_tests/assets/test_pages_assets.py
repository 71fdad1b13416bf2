"""The LinkedIn Page assets materialized for real against the sandbox into DuckDB files.

One module-scoped range run over a recent window that holds every kind of post is shared by
the checks that only read; the others write their own files.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from linkedin_assets.assets import pages as page_assets
from linkedin_assets.assets import pages_posts
from linkedin_assets.assets.pages_posts_flatten import publish_day
from linkedin_assets.assets.pages_scope import utc_today
from linkedin_assets.assets.pages_tables import FOLLOWER_STATISTICS
from linkedin_assets.linkedin import pages
from linkedin_assets.linkedin.errors import ConfigurationError
from linkedin_assets.partitions import DAILY
from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource
from linkedin_assets.storage import DuckDBStore

UNPARTITIONED = [
    page_assets.organizations,
    page_assets.follower_demographics,
    page_assets.page_visitor_demographics,
]
DAILY_ASSETS = [
    page_assets.follower_statistics,
    page_assets.page_statistics,
    page_assets.share_statistics,
    pages_posts.organization_posts,
    pages_posts.post_statistics,
    pages_posts.post_engagement,
]
PAGE_TABLES = [
    "organizations",
    "organizations_history",
    "follower_statistics",
    "page_statistics",
    "share_statistics",
    "follower_demographics",
    "page_visitor_demographics",
    "posts",
    "post_hashtags",
    "post_mentions",
    "post_poll_options",
    "post_carousel_cards",
    "post_images",
    "post_statistics",
    "post_comments",
    "post_reactions",
]
# Table -> the day column a partition window applies to.
DAILY_TABLES = {
    "follower_statistics": "day",
    "page_statistics": "day",
    "share_statistics": "day",
    "posts": "published_on",
    "post_hashtags": "post_published_on",
    "post_mentions": "post_published_on",
    "post_poll_options": "post_published_on",
    "post_carousel_cards": "post_published_on",
    "post_images": "post_published_on",
    "post_statistics": "post_published_on",
    "post_comments": "post_published_on",
    "post_reactions": "post_published_on",
}


def resources(path: Path, **linkedin: Any) -> dict[str, Any]:
    return {
        "linkedin": LinkedInResource(sandbox=True, **linkedin),
        "warehouse": WarehouseResource(path=str(path), mode=SANDBOX),
    }


def materialize_range(assets: Sequence, res: dict, first: dt.date, last: dt.date, **kwargs):
    """A single run over the partitions first..last (inclusive keys)."""
    return dg.materialize(
        assets,
        resources=res,
        instance=dg.DagsterInstance.ephemeral(),
        tags={
            "dagster/asset_partition_range_start": first.isoformat(),
            "dagster/asset_partition_range_end": last.isoformat(),
        },
        **kwargs,
    )


def rows(path: Path, table: str, where: str = "", params: Sequence[Any] = ()) -> list[tuple]:
    """Every row, every column but _synced_at, in a stable order."""
    store = DuckDBStore(path)
    with store.connect(read_only=True) as con:
        columns = [
            c
            for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "'linkedin' AND table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            if c != "_synced_at"
        ]
        select = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in columns)
        sql = f'SELECT {select} FROM linkedin."{table}" {where} ORDER BY ALL'
        return con.execute(sql, list(params)).fetchall()


def metadata_by_asset(result: dg.ExecuteInProcessResult) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        found[materialization.asset_key.to_user_string()] = {
            key: getattr(value, "value", value) for key, value in materialization.metadata.items()
        }
    return found


# ---------------------------------------------------------------- the shared range run


@pytest.fixture(scope="module")
def sandbox_posts() -> dict[int, list[dict]]:
    with LinkedInResource(sandbox=True).get_client() as client:
        ids = [
            int(acl["organization"].rsplit(":", 1)[1])
            for acl in client.fetch_all(pages.organization_acls())
        ]
        return {
            org: client.fetch_all(pages.organization_posts(pages.organization_urn(org)))
            for org in ids
        }


@pytest.fixture(scope="module")
def window(sandbox_posts) -> tuple[dt.date, dt.date]:
    """The shortest window ending 3 days ago with a poll, a carousel, a multi-image post and
    a mention, so every child table gets rows (inclusive partition keys)."""
    last = utc_today() - dt.timedelta(days=3)
    posts = [p for listing in sandbox_posts.values() for p in listing]
    needed = {"poll", "carousel", "multiImage"}
    first = last
    while first > last - dt.timedelta(days=120):
        inside = [p for p in posts if first <= (publish_day(p) or dt.date.min) <= last]
        kinds = {key for p in inside for key in (p.get("content") or {})}
        if needed <= kinds and any("@[" in (p.get("commentary") or "") for p in inside):
            return first, last
        first -= dt.timedelta(days=1)
    raise AssertionError("the sandbox has no recent window with every kind of post")


@pytest.fixture(scope="module")
def full_run(tmp_path_factory, window):
    path = tmp_path_factory.mktemp("pages") / "full.duckdb"
    res = resources(path)
    snapshot = dg.materialize(UNPARTITIONED, resources=res)
    daily = materialize_range(DAILY_ASSETS, res, *window)
    return path, res, {**metadata_by_asset(snapshot), **metadata_by_asset(daily)}


def test_materializing_everything_fills_every_table(full_run):
    path, _, _ = full_run
    counts = {table: len(rows(path, table)) for table in PAGE_TABLES}
    assert all(counts.values()), counts
    assert counts["organizations"] == 2  # the sandbox member administers two pages
    facets = Counter(facet for (_, _, facet, *_) in rows(path, "follower_demographics"))
    assert set(facets) == {
        "association_type",
        "seniority",
        "function",
        "industry",
        "staff_count_range",
        "country",
        "geo",
    }


def test_each_statistics_asset_spends_one_request_per_organization(full_run, window):
    _, _, metadata = full_run
    first, last = window
    for name, endpoint in (
        ("follower_statistics", "organizationalEntityFollowerStatistics"),
        ("page_statistics", "organizationPageStatistics"),
        ("share_statistics", "organizationalEntityShareStatistics"),
    ):
        used = metadata[name]["api_requests_by_endpoint"]
        assert used[endpoint] == 2, (name, used)
        assert set(used) == {endpoint, "organizationAcls"}
        assert metadata[name]["organization_count"] == 2
        assert metadata[name]["data_source"].startswith("SANDBOX")
        assert metadata[name]["window_start"] == first.isoformat()
        assert metadata[name]["window_end_exclusive"] == (last + dt.timedelta(days=1)).isoformat()
        # window ends 3 days ago: LinkedIn's ~2 day lag leaves every day fetchable
        assert metadata[name]["days_skipped"] == 0
        assert "preview" in metadata[name]
    listing = metadata["posts"]["api_requests_by_endpoint"]
    assert listing["posts"] == 2  # one page per organization: paging stopped at the window
    assert metadata["posts"]["post_listings_stopped_at_window"] == 2
    used = metadata["post_statistics"]["api_requests_by_endpoint"]
    assert used["organizationalEntityShareStatistics"] == 2  # one batch per organization
    engagement = metadata["post_comments"]["api_requests_by_endpoint"]
    published = metadata["post_comments"]["posts_in_window"]
    assert engagement["socialActions/comments"] <= published


def test_post_tables_agree_with_each_other(full_run):
    path, _, _ = full_run
    store = DuckDBStore(path)
    with store.connect(read_only=True) as con:
        orphans = con.execute(
            "SELECT count(*) FROM linkedin.post_hashtags h "
            "LEFT JOIN linkedin.posts p USING (post_urn) WHERE p.post_urn IS NULL"
        ).fetchone()[0]
        hashtag_total = con.execute(
            "SELECT (SELECT sum(hashtag_count) FROM linkedin.posts), "
            "(SELECT count(*) FROM linkedin.post_hashtags)"
        ).fetchone()
        statistics_of_drafts = con.execute(
            "SELECT count(*) FROM linkedin.post_statistics s JOIN linkedin.posts p "
            "USING (post_urn) WHERE p.lifecycle_state <> 'PUBLISHED'"
        ).fetchone()[0]
        poll_counts = con.execute(
            "SELECT bool_and(p.poll_option_count = o.n) FROM linkedin.posts p JOIN "
            "(SELECT post_urn, count(*) AS n FROM linkedin.post_poll_options GROUP BY 1) o "
            "USING (post_urn)"
        ).fetchone()[0]
    assert orphans == 0
    assert hashtag_total[0] == hashtag_total[1]
    assert statistics_of_drafts == 0
    assert poll_counts is True


def test_rerunning_the_same_partitions_changes_nothing(full_run, window):
    path, res, _ = full_run
    before = {table: rows(path, table) for table in PAGE_TABLES}
    dg.materialize(UNPARTITIONED, resources=res)
    materialize_range(DAILY_ASSETS, res, *window)
    after = {table: rows(path, table) for table in PAGE_TABLES}
    for table in PAGE_TABLES:
        assert after[table] == before[table], table


def test_a_range_run_equals_single_day_runs(full_run, window, tmp_path):
    """The days with the most posts, each run on its own, give exactly the range run's rows."""
    path, _, _ = full_run
    posts_per_day = Counter(
        dt.date.fromisoformat(published_on) for (_, _, published_on, *_) in rows(path, "posts")
    )
    days = [day for day, _ in posts_per_day.most_common(2)]
    singles = tmp_path / "singles.duckdb"
    for day in days:
        dg.materialize(DAILY_ASSETS, resources=resources(singles), partition_key=day.isoformat())
    compared = 0
    for table, column in DAILY_TABLES.items():
        where = f'WHERE "{column}" IN (?, ?)'
        expected = rows(path, table, where, days)
        assert rows(singles, table) == expected, table
        compared += len(expected)
    assert compared > 50


def test_engagement_subset_asks_only_for_what_is_selected(full_run, tmp_path):
    path, _, _ = full_run
    published_on = rows(path, "posts", "WHERE lifecycle_state = 'PUBLISHED'")[0][2]
    only_comments = tmp_path / "comments.duckdb"
    result = dg.materialize(
        [pages_posts.post_engagement],
        resources=resources(only_comments),
        partition_key=published_on,
        selection=["post_comments"],
    )
    metadata = metadata_by_asset(result)
    assert set(metadata) == {"post_comments"}
    assert "reactions" not in metadata["post_comments"]["api_requests_by_endpoint"]
    assert not DuckDBStore(only_comments).table_exists("post_reactions")


# ------------------------------------------------------- LinkedIn's statistics window


def _seed_follower_row(path: Path, day: dt.date, organization_id: int, gain: int) -> None:
    """A stored row as an earlier run would have left it (only `gain` distinguishes it)."""
    import polars as pl

    store = DuckDBStore(path)
    frame = pl.DataFrame(
        {
            "day": [day],
            "organization_id": [organization_id],
            "organization_urn": [f"urn:li:organization:{organization_id}"],
            "organic_follower_gain": [gain],
            "paid_follower_gain": [0],
            "_raw": ["{}"],
        }
    )
    store.replace_window(
        FOLLOWER_STATISTICS,
        frame,
        window_column="day",
        start=day,
        end=day + dt.timedelta(days=1),
        scope={"organization_id": [organization_id]},
    )


def _gains(path: Path, day: dt.date) -> dict[int, int]:
    found = rows(path, "follower_statistics", "WHERE day = ?", [day])
    return {int(r[1]): int(r[3]) for r in found}


def test_days_linkedin_cannot_answer_are_skipped_never_deleted(sandbox_posts, tmp_path):
    path = tmp_path / "window.duckdb"
    res = resources(path)
    organization_id = next(iter(sandbox_posts))
    today = utc_today()
    too_recent = today - dt.timedelta(days=1)
    fetchable = today - dt.timedelta(days=3)
    too_old = dt.date.fromisoformat(DAILY.get_first_partition_key())
    assert too_old < today - dt.timedelta(days=366), "needs a partition older than 12 months"
    for day in (too_recent, fetchable, too_old):
        _seed_follower_row(path, day, organization_id, gain=-999_999)

    result = materialize_range([page_assets.follower_statistics], res, fetchable, too_recent)
    metadata = metadata_by_asset(result)["follower_statistics"]
    assert _gains(path, too_recent) == {organization_id: -999_999}  # kept as stored
    assert -999_999 not in _gains(path, fetchable).values()  # fetched days are replaced
    assert len(_gains(path, fetchable)) == 2
    assert metadata["days_skipped"] == 1
    assert "too recent" in metadata["days_skipped_detail"]
    assert metadata["api_requests_by_endpoint"]["organizationalEntityFollowerStatistics"] == 2

    old = dg.materialize(
        [page_assets.follower_statistics], resources=res, partition_key=too_old.isoformat()
    )
    old_metadata = metadata_by_asset(old)["follower_statistics"]
    assert _gains(path, too_old) == {organization_id: -999_999}
    assert old_metadata["fetched_window"] == "none"
    assert "12-month" in old_metadata["days_skipped_detail"]
    assert "organizationalEntityFollowerStatistics" not in old_metadata["api_requests_by_endpoint"]


def test_a_run_with_no_answerable_day_on_a_fresh_file_writes_nothing(tmp_path):
    path = tmp_path / "fresh.duckdb"
    result = dg.materialize(
        [page_assets.share_statistics],
        resources=resources(path),
        partition_key=DAILY.get_first_partition_key(),
    )
    metadata = metadata_by_asset(result)["share_statistics"]
    assert metadata["fetched_window"] == "none" and metadata["rows_inserted"] == 0
    assert metadata["organization_count"] == 2
    assert not DuckDBStore(path).table_exists("share_statistics")


# ----------------------------------------------------------- scope and settings


def test_a_run_narrowed_to_one_organization_leaves_the_others_rows(sandbox_posts, tmp_path):
    path = tmp_path / "scope.duckdb"
    kept, narrowed = list(sandbox_posts)
    day = utc_today() - dt.timedelta(days=4)
    dg.materialize(
        [page_assets.follower_statistics], resources=resources(path), partition_key=day.isoformat()
    )
    dg.materialize([page_assets.organizations], resources=resources(path))
    _seed_follower_row(path, day, kept, gain=-999_999)
    result = dg.materialize(
        [page_assets.organizations, page_assets.follower_statistics],
        resources=resources(path, organization_ids=str(narrowed)),
        partition_key=day.isoformat(),
    )
    assert _gains(path, day)[kept] == -999_999  # the other organization is untouched
    assert len(_gains(path, day)) == 2
    organizations = {int(r[0]) for r in rows(path, "organizations")}
    assert organizations == {kept, narrowed}  # dimension snapshot replaced in scope only
    metadata = metadata_by_asset(result)
    assert metadata["organizations"]["organizations_covered"] == str(narrowed)
    assert metadata["organizations"]["api_requests_by_endpoint"]["networkSizes"] == 1


def test_an_organization_the_token_does_not_administer_is_a_setting_error(tmp_path):
    with pytest.raises(ConfigurationError, match="LINKEDIN_ORGANIZATION_IDS lists 999"):
        dg.materialize(
            [page_assets.organizations],
            resources=resources(tmp_path / "x.duckdb", organization_ids="999"),
        )


def test_a_malformed_setting_fails_before_any_request(tmp_path):
    linkedin = LinkedInResource(sandbox=True, organization_ids="urn:li:organization:5")
    ledger = linkedin.sandbox_instance().ledger
    before = len(ledger)
    with pytest.raises(ConfigurationError, match="write the number only: 5"):
        dg.materialize(
            [page_assets.follower_demographics],
            resources={
                "linkedin": linkedin,
                "warehouse": WarehouseResource(path=str(tmp_path / "y.duckdb"), mode=SANDBOX),
            },
        )
    assert len(ledger) == before


# ------------------------------------------------------------ live code path over a socket


def test_live_mode_against_the_sandbox_server(socket_resources, served_sandbox, recent_day, store):
    sandbox, _ = served_sandbox
    result = dg.materialize(
        [page_assets.organizations, page_assets.share_statistics, pages_posts.organization_posts],
        resources=socket_resources,
        partition_key=recent_day.isoformat(),
    )
    metadata = metadata_by_asset(result)
    assert metadata["organizations"]["data_source"] == "LinkedIn API (live)"
    assert store.row_count("organizations") == 2
    assert store.row_count("share_statistics") == 2
    assert sandbox.ledger.count("organizationalEntityShareStatistics") == 2
