"""write_dimension: the current snapshot table and its SCD-2 `<name>_history`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from linkedin_assets.storage import DuckDBStore, FrameValidationError, TableSpec, table_sql

CAMPAIGNS = TableSpec(
    "campaigns",
    {"campaign_id": "BIGINT", "account_id": "BIGINT", "name": "VARCHAR", "status": "VARCHAR"},
    ("campaign_id",),
)
DAY_1 = datetime(2024, 3, 1, 6, tzinfo=UTC)
DAY_2 = DAY_1 + timedelta(days=1)
DAY_3 = DAY_1 + timedelta(days=2)
DAY_4 = DAY_1 + timedelta(days=3)


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "dims.duckdb")


def campaigns(*rows: tuple[int, int, str, str]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["campaign_id", "account_id", "name", "status"], orient="row")


def history(store: DuckDBStore, spec: TableSpec = CAMPAIGNS) -> list[tuple]:
    """(id, status, valid_from, valid_to, is_current) ordered by id then valid_from."""
    with store.connect(read_only=True) as con:
        table = table_sql(con, spec.schema, spec.name + "_history")
        return con.execute(
            f"SELECT campaign_id, status, valid_from, valid_to, is_current FROM {table} "
            "ORDER BY campaign_id, valid_from"
        ).fetchall()


def current(store: DuckDBStore, spec: TableSpec = CAMPAIGNS) -> list[tuple]:
    with store.connect(read_only=True) as con:
        table = table_sql(con, spec.schema, spec.name)
        return con.execute(
            f"SELECT campaign_id, status FROM {table} ORDER BY campaign_id"
        ).fetchall()


SNAPSHOT = campaigns((1, 10, "Spring", "ACTIVE"), (2, 10, "Summer", "PAUSED"))


def test_first_snapshot_opens_one_version_per_entity(store: DuckDBStore) -> None:
    result = store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_1)

    assert (result.history_versions_opened, result.history_versions_closed) == (2, 0)
    assert current(store) == [(1, "ACTIVE"), (2, "PAUSED")]
    assert history(store) == [
        (1, "ACTIVE", DAY_1, None, True),
        (2, "PAUSED", DAY_1, None, True),
    ]
    assert "_row_hash" in store.column_types("campaigns_history")


def test_unchanged_snapshot_adds_no_version(store: DuckDBStore) -> None:
    store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_1)
    before = history(store)

    again = store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_2)
    # Row order in the frame does not matter either.
    reordered = store.write_dimension(CAMPAIGNS, SNAPSHOT.reverse(), as_of=DAY_3)

    assert history(store) == before
    for result in (again, reordered):
        assert (result.history_versions_opened, result.history_versions_closed) == (0, 0)


def test_changed_entity_closes_old_version_and_opens_new(store: DuckDBStore) -> None:
    store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_1)

    changed = campaigns((1, 10, "Spring", "PAUSED"), (2, 10, "Summer", "PAUSED"))
    result = store.write_dimension(CAMPAIGNS, changed, as_of=DAY_2)

    assert (result.history_versions_opened, result.history_versions_closed) == (1, 1)
    assert history(store) == [
        (1, "ACTIVE", DAY_1, DAY_2, False),
        (1, "PAUSED", DAY_2, None, True),
        (2, "PAUSED", DAY_1, None, True),
    ]
    assert current(store) == [(1, "PAUSED"), (2, "PAUSED")]


def test_missing_entity_is_closed_and_a_returning_one_reopens(store: DuckDBStore) -> None:
    store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_1)

    store.write_dimension(CAMPAIGNS, SNAPSHOT.filter(pl.col("campaign_id") == 1), as_of=DAY_2)
    assert current(store) == [(1, "ACTIVE")]
    assert history(store)[1] == (2, "PAUSED", DAY_1, DAY_2, False)

    store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_3)
    assert history(store)[1:] == [
        (2, "PAUSED", DAY_1, DAY_2, False),
        (2, "PAUSED", DAY_3, None, True),
    ]


def test_scope_limits_what_a_snapshot_can_close(store: DuckDBStore) -> None:
    two_accounts = campaigns((1, 10, "a", "ACTIVE"), (3, 30, "c", "ACTIVE"))
    store.write_dimension(CAMPAIGNS, two_accounts, as_of=DAY_1)

    # A run limited to account 30 that finds nothing must not close account 10's campaign.
    result = store.write_dimension(CAMPAIGNS, campaigns(), as_of=DAY_2, scope={"account_id": [30]})

    assert result.history_versions_closed == 1
    assert current(store) == [(1, "ACTIVE")]
    assert [(row[0], row[4]) for row in history(store)] == [(1, True), (3, False)]


def test_entity_outside_the_scope_is_refused(store: DuckDBStore) -> None:
    with pytest.raises(FrameValidationError, match="account_id=10"):
        store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_1, scope={"account_id": [30]})
    assert not store.table_exists(CAMPAIGNS)


def test_rerun_at_the_same_instant_leaves_no_zero_length_version(store: DuckDBStore) -> None:
    store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_1)
    changed = campaigns((1, 10, "Spring", "ARCHIVED"), (2, 10, "Summer", "PAUSED"))
    store.write_dimension(CAMPAIGNS, changed, as_of=DAY_2)

    corrected = campaigns((1, 10, "Spring", "DRAFT"), (2, 10, "Summer", "PAUSED"))
    store.write_dimension(CAMPAIGNS, corrected, as_of=DAY_2)

    assert history(store)[:2] == [
        (1, "ACTIVE", DAY_1, DAY_2, False),
        (1, "DRAFT", DAY_2, None, True),
    ]


def test_history_refuses_to_go_back_in_time(store: DuckDBStore) -> None:
    store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_3)
    before = history(store)

    with pytest.raises(FrameValidationError, match="history only moves forward"):
        store.write_dimension(CAMPAIGNS, SNAPSHOT.head(1), as_of=DAY_2)

    assert history(store) == before
    assert len(current(store)) == 2  # the current table was rolled back too


def test_raw_payload_change_is_a_new_version(store: DuckDBStore) -> None:
    with_raw = SNAPSHOT.with_columns(_raw=pl.lit('{"servingStatuses": ["RUNNABLE"]}'))
    store.write_dimension(CAMPAIGNS, with_raw, as_of=DAY_1)

    new_raw = SNAPSHOT.with_columns(_raw=pl.lit('{"servingStatuses": ["STOPPED"]}'))
    result = store.write_dimension(CAMPAIGNS, new_raw, as_of=DAY_2)

    assert result.history_versions_opened == 2


def test_new_spec_column_only_versions_entities_that_have_a_value(store: DuckDBStore) -> None:
    store.write_dimension(CAMPAIGNS, SNAPSHOT, as_of=DAY_1)
    grown = TableSpec(
        CAMPAIGNS.name, {**CAMPAIGNS.columns, "daily_budget": "DECIMAL(38,10)"}, ("campaign_id",)
    )
    frame = SNAPSHOT.with_columns(daily_budget=pl.Series([None, "50.00"], dtype=pl.String))

    result = store.write_dimension(grown, frame, as_of=DAY_2)

    assert result.columns_added == ("daily_budget",)
    assert result.history_columns_added == ("daily_budget",)
    # Campaign 1 has no budget: same content as before, no spurious version.
    assert (result.history_versions_opened, result.history_versions_closed) == (1, 1)
    assert [(row[0], row[4]) for row in history(store)] == [(1, True), (2, False), (2, True)]


def test_history_keeps_all_columns_and_sync_time(store: DuckDBStore) -> None:
    result = store.write_dimension(
        CAMPAIGNS, SNAPSHOT.with_columns(_raw=pl.lit('{"a": 1}')), as_of=DAY_1
    )
    (row,) = store.fetch_preview("campaigns_history", exclude=(), limit=1)
    assert row["name"] == "Spring"
    assert row["_raw"] == '{"a": 1}'
    assert row["_synced_at"] == result.synced_at
    assert len(row["_row_hash"]) == 32


def test_dimension_spec_may_not_use_history_column_names(store: DuckDBStore) -> None:
    clash = TableSpec("x", {"id": "BIGINT", "valid_from": "DATE"}, ("id",))
    with pytest.raises(ValueError, match="reserved for its history table"):
        store.write_dimension(clash, pl.DataFrame({"id": [1]}), as_of=DAY_1)
