"""DuckDBStore fact writers against real DuckDB files: replace_window, replace_snapshot,
replace_scope, validation before any write, and the read helpers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from linkedin_assets.storage import (
    CastError,
    DuckDBStore,
    DuplicateKeyError,
    FrameValidationError,
    SchemaConflictError,
    TableSpec,
    table_sql,
)

DAILY = TableSpec(
    name="ad_analytics_by_campaign",
    columns={
        "day": "DATE",
        "account_id": "BIGINT",
        "campaign_id": "BIGINT",
        "impressions": "BIGINT",
        "cost_in_usd": "DECIMAL(38,10)",
    },
    primary_key=("day", "campaign_id"),
)
JAN_1, JAN_2, JAN_3, JAN_4 = (date(2024, 1, d) for d in (1, 2, 3, 4))


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "nested" / "linkedin.duckdb", lock_timeout_seconds=5)


def daily_rows(*rows: tuple[date, int, int, int, str]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "day": pl.Date,
            "account_id": pl.Int64,
            "campaign_id": pl.Int64,
            "impressions": pl.Int64,
            "cost_in_usd": pl.String,
        },
        orient="row",
    )


def table_rows(store: DuckDBStore, spec: TableSpec, columns: str = "*") -> list[tuple]:
    with store.connect(read_only=True) as con:
        return con.execute(
            f"SELECT {columns} FROM {table_sql(con, spec.schema, spec.name)} ORDER BY ALL"
        ).fetchall()


def write_days(store: DuckDBStore, frame: pl.DataFrame, start=JAN_1, end=JAN_3, scope=None):
    return store.replace_window(
        DAILY, frame, window_column="day", start=start, end=end, scope=scope
    )


BASELINE = daily_rows(
    (JAN_1, 1, 11, 100, "1.5"),
    (JAN_2, 1, 11, 200, "2.5"),
    (JAN_1, 2, 21, 300, "3.5"),
    (JAN_2, 2, 21, 400, "4.5"),
)
KEY_AND_VALUES = "day, campaign_id, impressions, cost_in_usd"


def test_first_write_creates_schema_table_and_converts_types(store: DuckDBStore) -> None:
    result = write_days(store, BASELINE)

    assert result.table_created
    assert (result.rows_inserted, result.rows_deleted) == (4, 0)
    assert store.table_exists(DAILY)
    assert store.column_types(DAILY) == {
        "day": "DATE",
        "account_id": "BIGINT",
        "campaign_id": "BIGINT",
        "impressions": "BIGINT",
        "cost_in_usd": "DECIMAL(38,10)",
        "_raw": "JSON",
        "_synced_at": "TIMESTAMP WITH TIME ZONE",
    }
    assert table_rows(store, DAILY, KEY_AND_VALUES)[0] == (JAN_1, 11, 100, Decimal("1.5"))
    synced = table_rows(store, DAILY, "DISTINCT _synced_at")
    assert synced == [(result.synced_at,)]


def test_same_window_written_twice_leaves_the_same_content(store: DuckDBStore) -> None:
    write_days(store, BASELINE)
    first = table_rows(store, DAILY, KEY_AND_VALUES)

    second_result = write_days(store, BASELINE)

    assert table_rows(store, DAILY, KEY_AND_VALUES) == first
    assert store.row_count(DAILY) == 4
    assert (second_result.rows_deleted, second_result.rows_inserted) == (4, 4)


def test_window_end_is_exclusive(store: DuckDBStore) -> None:
    write_days(store, BASELINE)  # Jan 1 and Jan 2
    jan_3 = daily_rows((JAN_3, 1, 11, 999, "9"))
    write_days(store, jan_3, start=JAN_3, end=JAN_4)

    # Rewrite only Jan 1: the window [Jan 1, Jan 2) must not touch Jan 2 or Jan 3.
    write_days(store, daily_rows((JAN_1, 1, 11, 111, "1")), start=JAN_1, end=JAN_2)

    assert table_rows(store, DAILY, "day, campaign_id, impressions") == [
        (JAN_1, 11, 111),
        (JAN_2, 11, 200),
        (JAN_2, 21, 400),
        (JAN_3, 11, 999),
    ]


def test_scoped_write_never_deletes_other_accounts_rows(store: DuckDBStore) -> None:
    write_days(store, BASELINE)

    account_1_only = daily_rows((JAN_1, 1, 11, 150, "1"))
    result = write_days(store, account_1_only, scope={"account_id": [1]})

    assert result.rows_deleted == 2  # account 1's two days, nothing of account 2
    assert table_rows(store, DAILY, "account_id, day, impressions") == [
        (1, JAN_1, 150),
        (2, JAN_1, 300),
        (2, JAN_2, 400),
    ]


def test_rows_outside_the_window_or_scope_are_refused(store: DuckDBStore) -> None:
    write_days(store, BASELINE)
    before = table_rows(store, DAILY)

    with pytest.raises(FrameValidationError, match=r"outside.*day=2024-01-03"):
        write_days(store, daily_rows((JAN_3, 1, 11, 1, "1")), start=JAN_1, end=JAN_3)
    with pytest.raises(FrameValidationError, match=r"account_id=2"):
        write_days(store, daily_rows((JAN_1, 2, 21, 1, "1")), scope={"account_id": [1]})

    assert table_rows(store, DAILY) == before


def test_empty_frame_creates_the_table_and_empties_the_window(store: DuckDBStore) -> None:
    created = write_days(store, pl.DataFrame(), start=JAN_1, end=JAN_2)
    assert created.table_created
    assert store.table_exists(DAILY)
    assert store.row_count(DAILY) == 0

    write_days(store, BASELINE)
    result = write_days(store, BASELINE.clear(), start=JAN_1, end=JAN_2)

    assert (result.rows_deleted, result.rows_inserted) == (2, 0)
    assert table_rows(store, DAILY, "DISTINCT day") == [(JAN_2,)]


def test_spec_gaining_a_column_adds_it_and_keeps_old_rows(store: DuckDBStore) -> None:
    write_days(store, BASELINE)
    grown = TableSpec(DAILY.name, {**DAILY.columns, "clicks": "BIGINT"}, DAILY.primary_key)
    jan_3 = daily_rows((JAN_3, 1, 11, 5, "1")).with_columns(clicks=pl.lit(7))

    result = store.replace_window(grown, jan_3, window_column="day", start=JAN_3, end=JAN_4)

    assert result.columns_added == ("clicks",)
    assert list(store.column_types(DAILY))[-1] == "clicks"
    assert table_rows(store, grown, "day, clicks") == [
        (JAN_1, None),
        (JAN_1, None),
        (JAN_2, None),
        (JAN_2, None),
        (JAN_3, 7),
    ]
    # The old spec (a process not yet redeployed) still writes; its rows get NULL clicks.
    write_days(store, BASELINE)
    assert store.row_count(DAILY, "clicks IS NULL") == 4


def test_duplicate_keys_are_refused_with_a_sample_and_nothing_is_written(
    store: DuckDBStore,
) -> None:
    write_days(store, BASELINE)
    before = table_rows(store, DAILY)
    duplicated = daily_rows((JAN_1, 1, 11, 1, "1"), (JAN_1, 1, 11, 2, "2"), (JAN_2, 1, 12, 3, "3"))

    with pytest.raises(DuplicateKeyError) as raised:
        write_days(store, duplicated)

    message = str(raised.value)
    assert "linkedin.ad_analytics_by_campaign" in message
    assert "['day', 'campaign_id']" in message
    assert "'campaign_id': 11" in message and "2024, 1, 1" in message
    assert isinstance(raised.value, ValueError)
    assert table_rows(store, DAILY) == before


def test_keys_equal_after_conversion_count_as_duplicates(store: DuckDBStore) -> None:
    spec = TableSpec("posts", {"post_id": "BIGINT", "text": "VARCHAR"}, ("post_id",))
    frame = pl.DataFrame({"post_id": ["7", "07"], "text": ["a", "b"]})

    with pytest.raises(DuplicateKeyError, match="'post_id': 7"):
        store.replace_scope(spec, frame)
    assert not store.table_exists(spec)


def test_null_primary_key_is_refused(store: DuckDBStore) -> None:
    frame = daily_rows((JAN_1, 1, 11, 1, "1")).with_columns(campaign_id=pl.lit(None, pl.Int64))
    with pytest.raises(FrameValidationError, match="NULL in primary key"):
        write_days(store, frame)


def test_unconvertible_value_names_table_column_value_and_writes_nothing(
    store: DuckDBStore,
) -> None:
    write_days(store, BASELINE)
    before = table_rows(store, DAILY)
    bad_cost = daily_rows((JAN_1, 1, 11, 1, "1.0"), (JAN_2, 1, 11, 2, "twelve"))

    with pytest.raises(CastError) as raised:
        write_days(store, bad_cost)

    error = raised.value
    assert (error.table, error.column, error.value) == (
        "linkedin.ad_analytics_by_campaign",
        "cost_in_usd",
        "twelve",
    )
    assert "DECIMAL(38,10)" in str(error) and "'twelve'" in str(error)
    assert table_rows(store, DAILY) == before


def test_value_too_large_for_the_decimal_is_a_cast_error(store: DuckDBStore) -> None:
    with pytest.raises(CastError, match="1e40"):
        write_days(store, daily_rows((JAN_1, 1, 11, 1, "1e40")))
    assert not store.table_exists(DAILY)


def test_undeclared_frame_column_is_refused_before_touching_the_file(
    store: DuckDBStore,
) -> None:
    frame = BASELINE.with_columns(surprise=pl.lit(1))
    with pytest.raises(FrameValidationError, match=r"\['surprise'\] are not declared"):
        write_days(store, frame)
    assert not store.path.exists()


def test_changed_column_type_is_a_clear_conflict_and_data_survives(store: DuckDBStore) -> None:
    write_days(store, BASELINE)
    retyped = TableSpec(DAILY.name, {**DAILY.columns, "impressions": "VARCHAR"}, DAILY.primary_key)
    with pytest.raises(SchemaConflictError, match="impressions is BIGINT in the table"):
        store.replace_window(retyped, BASELINE, window_column="day", start=JAN_1, end=JAN_3)
    assert store.row_count(DAILY) == 4


MONEY_AND_TIME = TableSpec(
    name="typed",
    columns={
        "id": "BIGINT",
        "cost": "DECIMAL(38,10)",
        "created_at": "TIMESTAMPTZ",
        "day": "DATE",
        "is_active": "BOOLEAN",
        "share": "DOUBLE",
        "tags": "VARCHAR[]",
        "targeting": "JSON",
        "note": "VARCHAR",
    },
    primary_key=("id",),
)


def test_linkedin_shaped_values_are_converted_to_declared_types(store: DuckDBStore) -> None:
    frame = pl.DataFrame(
        {
            "id": [1, 2, 3],
            "cost": ["-2E-18", "509.980", "100"],
            "created_at": [1_700_000_000_000, 0, None],  # epoch milliseconds
            "day": ["2024-02-29", None, "2024-01-01"],
            "is_active": [True, False, None],
            "share": [0.25, None, 1.0],
            "tags": [["a", "b"], [], None],
            "targeting": [{"geo": "FR"}, {"geo": "US"}, None],  # a struct, stored as JSON
            "_raw": [json.dumps({"id": 1, "x": [1]}), None, "{}"],
        }
    )

    store.replace_scope(MONEY_AND_TIME, frame)

    rows = table_rows(
        store,
        MONEY_AND_TIME,
        "id, cost, created_at, day, is_active, share, tags, targeting, note, _raw",
    )
    assert rows[0] == (
        1,
        Decimal("0E-10"),
        datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
        date(2024, 2, 29),
        True,
        0.25,
        ["a", "b"],
        '{"geo":"FR"}',
        None,  # a declared column missing from the frame is NULL
        '{"id": 1, "x": [1]}',
    )
    assert rows[1][1:3] == (Decimal("509.98"), datetime(1970, 1, 1, tzinfo=UTC))
    assert rows[2][1] == Decimal(100)


def test_decimal_and_datetime_objects_are_accepted(store: DuckDBStore) -> None:
    frame = pl.DataFrame(
        {
            "id": [1, 2],
            "cost": [Decimal("1.25"), Decimal("-0.5")],
            "created_at": [
                datetime(2024, 5, 1, 12, tzinfo=UTC),
                datetime(2024, 5, 1, 12),  # naive: taken as UTC
            ],
        }
    )
    store.replace_scope(MONEY_AND_TIME, frame)
    assert table_rows(store, MONEY_AND_TIME, "cost, created_at") == [
        (Decimal("-0.5"), datetime(2024, 5, 1, 12, tzinfo=UTC)),
        (Decimal("1.25"), datetime(2024, 5, 1, 12, tzinfo=UTC)),
    ]


def test_invalid_json_in_raw_is_a_cast_error(store: DuckDBStore) -> None:
    frame = pl.DataFrame({"id": [1], "_raw": ["{not json"]})
    with pytest.raises(CastError, match="'_raw' declared JSON"):
        store.replace_scope(MONEY_AND_TIME, frame)


def test_epoch_out_of_timestamp_range_is_a_cast_error(store: DuckDBStore) -> None:
    frame = pl.DataFrame({"id": [1], "created_at": [2**62]})
    with pytest.raises(CastError, match="created_at"):
        store.replace_scope(MONEY_AND_TIME, frame)


SNAPSHOTS = TableSpec(
    "follower_demographics",
    {
        "snapshot_date": "DATE",
        "organization_id": "BIGINT",
        "facet": "VARCHAR",
        "value": "VARCHAR",
        "followers": "BIGINT",
    },
    ("snapshot_date", "organization_id", "facet", "value"),
)


def facets(organization: int, followers: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "organization_id": [organization, organization],
            "facet": ["country", "country"],
            "value": ["FR", "US"],
            "followers": [followers, followers + 1],
        }
    )


def test_snapshot_replaces_only_its_day_and_scope(store: DuckDBStore) -> None:
    for day in (JAN_1, JAN_2):
        for organization in (5, 6):
            store.replace_snapshot(
                SNAPSHOTS,
                facets(organization, 10),
                snapshot_column="snapshot_date",
                snapshot_value=day,
                scope={"organization_id": [organization]},
            )
    result = store.replace_snapshot(
        SNAPSHOTS,
        facets(5, 99),
        snapshot_column="snapshot_date",
        snapshot_value=JAN_2,
        scope={"organization_id": [5]},
    )

    assert (result.rows_deleted, result.rows_inserted) == (2, 2)
    assert store.row_count(SNAPSHOTS) == 8
    assert store.row_count(SNAPSHOTS, "followers >= 99") == 2
    assert store.row_count(SNAPSHOTS, "snapshot_date = ? AND followers >= 99", [JAN_2]) == 2


def test_snapshot_rows_of_another_day_are_refused(store: DuckDBStore) -> None:
    frame = facets(5, 1).with_columns(snapshot_date=pl.lit(JAN_1))
    with pytest.raises(FrameValidationError, match=r"snapshot_date = datetime\.date"):
        store.replace_snapshot(
            SNAPSHOTS, frame, snapshot_column="snapshot_date", snapshot_value=JAN_2
        )


ORGANIZATIONS = TableSpec(
    "organizations", {"organization_id": "BIGINT", "name": "VARCHAR"}, ("organization_id",)
)


def test_replace_scope_replaces_whole_table_or_only_the_scope(store: DuckDBStore) -> None:
    orgs = pl.DataFrame({"organization_id": [1, 2, 3], "name": ["a", "b", "c"]})
    store.replace_scope(ORGANIZATIONS, orgs)
    store.replace_scope(ORGANIZATIONS, orgs.filter(pl.col("organization_id") < 3))
    assert table_rows(store, ORGANIZATIONS, "organization_id") == [(1,), (2,)]

    renamed = pl.DataFrame({"organization_id": [2], "name": ["B"]})
    store.replace_scope(ORGANIZATIONS, renamed, scope={"organization_id": [2, 9]})
    assert table_rows(store, ORGANIZATIONS, "organization_id, name") == [(1, "a"), (2, "B")]


def test_awkward_identifiers_are_quoted(store: DuckDBStore) -> None:
    spec = TableSpec(
        'select "weird"',
        {"order": "BIGINT", "from date": "DATE", "it's": "VARCHAR"},
        ("order",),
        schema="my schema",
    )
    frame = pl.DataFrame({"order": [1], "from date": [JAN_1], "it's": ["ok"]})
    store.replace_window(spec, frame, window_column="from date", start=JAN_1, end=JAN_2)
    store.replace_window(spec, frame, window_column="from date", start=JAN_1, end=JAN_2)
    assert store.row_count(spec) == 1
    (row,) = store.fetch_preview(spec)
    assert {k: v for k, v in row.items() if k != "_synced_at"} == {
        "order": 1,
        "from date": JAN_1,
        "it's": "ok",
    }


def test_failure_before_commit_rolls_back_ddl_delete_and_insert(tmp_path: Path) -> None:
    class FailingStore(DuckDBStore):
        def _before_commit(self, con: duckdb.DuckDBPyConnection) -> None:
            raise RuntimeError("boom")

    path = tmp_path / "db.duckdb"
    DuckDBStore(path).replace_window(DAILY, BASELINE, window_column="day", start=JAN_1, end=JAN_3)
    grown = TableSpec(DAILY.name, {**DAILY.columns, "clicks": "BIGINT"}, DAILY.primary_key)

    with pytest.raises(RuntimeError, match="boom"):
        FailingStore(path).replace_window(
            grown, BASELINE.head(1), window_column="day", start=JAN_1, end=JAN_3
        )

    store = DuckDBStore(path)
    assert "clicks" not in store.column_types(DAILY)
    assert store.row_count(DAILY) == 4


def test_read_helpers(store: DuckDBStore) -> None:
    assert not store.table_exists(DAILY)  # the file does not even exist yet
    write_days(store, BASELINE.with_columns(_raw=pl.lit('{"big": "payload"}')))

    assert store.table_exists("ad_analytics_by_campaign")
    assert not store.table_exists("ad_analytics_by_campaign", schema="main")
    assert store.row_count("ad_analytics_by_campaign", "account_id = ?", [2]) == 2
    preview = store.fetch_preview(DAILY, limit=2)
    assert [(r["day"], r["campaign_id"]) for r in preview] == [(JAN_1, 11), (JAN_1, 21)]
    assert "_raw" not in preview[0]
    markdown = store.preview_markdown(DAILY, limit=1)
    assert markdown.splitlines()[0].startswith("| day | account_id | campaign_id |")
    assert "| 2024-01-01 | 1 | 11 | 100 | 1.5000000000 |" in markdown


def test_reads_work_while_this_process_holds_a_write_connection(store: DuckDBStore) -> None:
    write_days(store, BASELINE)
    with store.connect() as writer:
        writer.execute(
            f"DELETE FROM {table_sql(writer, DAILY.schema, DAILY.name)} WHERE account_id = 2"
        )
        assert store.row_count(DAILY) == 2


def test_misuse_of_the_api_is_reported_plainly(store: DuckDBStore) -> None:
    with pytest.raises(ValueError, match="slice column 'region' is not declared"):
        write_days(store, BASELINE, scope={"region": ["EU"]})
    with pytest.raises(TypeError, match="must be a list"):
        write_days(store, BASELINE, scope={"account_id": "1"})
    with pytest.raises(ValueError, match="must be before"):
        write_days(store, BASELINE, start=JAN_3, end=JAN_1)
    with pytest.raises(ValueError, match="must not be None"):
        store.replace_snapshot(
            SNAPSHOTS, facets(5, 1), snapshot_column="snapshot_date", snapshot_value=None
        )
    with pytest.raises(FrameValidationError, match="must not carry '_synced_at'"):
        store.replace_scope(
            ORGANIZATIONS, pl.DataFrame({"organization_id": [1], "_synced_at": [1]})
        )
    assert not store.path.exists()


@pytest.mark.parametrize(
    ("columns", "primary_key", "message"),
    [
        ({"id": "BIGINT", "_raw": "JSON"}, ("id",), "added by storage"),
        ({"id": "BIGINT"}, ("missing",), "not declared"),
        ({"id": "BIGINT"}, (), "needs a primary key"),
        ({}, ("id",), "declares no columns"),
    ],
)
def test_table_spec_rejects_inconsistent_definitions(columns, primary_key, message) -> None:
    with pytest.raises(ValueError, match=message):
        TableSpec("t", columns, primary_key)


def test_unknown_declared_type_is_named(store: DuckDBStore) -> None:
    spec = TableSpec("t", {"id": "BIGINT", "amount": "DECMAL(38,10)"}, ("id",))
    with pytest.raises(ValueError, match=r"'amount' declares unknown type 'DECMAL\(38,10\)'"):
        store.replace_scope(spec, pl.DataFrame({"id": [1]}))


def test_write_result_metadata_is_plain_values(store: DuckDBStore) -> None:
    metadata = write_days(store, BASELINE).as_metadata()
    assert metadata["table"] == "linkedin.ad_analytics_by_campaign"
    assert (metadata["rows_inserted"], metadata["rows_deleted"]) == (4, 0)
    assert isinstance(metadata["synced_at"], str)
