"""DuckDBStore.window_spool: a window written frame by frame lands exactly like one
replace_window, in one transaction, and a bad part leaves the stored content untouched."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from linkedin_assets.storage import DuckDBStore, DuplicateKeyError, FrameValidationError
from linkedin_assets_tests.test_storage import (
    BASELINE,
    DAILY,
    JAN_1,
    JAN_2,
    JAN_3,
    MONEY_AND_TIME,
    daily_rows,
    table_rows,
    write_days,
)


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    return DuckDBStore(tmp_path / "linkedin.duckdb", lock_timeout_seconds=5)


def spool_days(store: DuckDBStore, *frames: pl.DataFrame, scope=None):
    with store.window_spool(
        DAILY, window_column="day", start=JAN_1, end=JAN_3, scope=scope
    ) as spool:
        for frame in frames:
            spool.add(frame)
        return store.write_spool(spool)


def test_frames_spooled_one_by_one_land_like_one_write(store: DuckDBStore, tmp_path: Path):
    direct = DuckDBStore(tmp_path / "direct.duckdb")
    write_days(direct, BASELINE)
    written = spool_days(store, BASELINE.slice(0, 1), BASELINE.slice(1, 1), BASELINE.slice(2))
    assert written.rows_inserted == 4 and written.table_created
    assert table_rows(store, DAILY, "* EXCLUDE (_synced_at)") == table_rows(
        direct, DAILY, "* EXCLUDE (_synced_at)"
    )
    # One transaction: every row carries the same _synced_at.
    assert len(set(table_rows(store, DAILY, "_synced_at"))) == 1
    # The spool's files are gone with the write.
    assert [p.name for p in tmp_path.iterdir() if "spool" in p.name] == []


def test_a_spooled_rerun_replaces_the_window_and_only_its_scope(store: DuckDBStore):
    spool_days(store, BASELINE)
    newer = daily_rows((JAN_1, 1, 11, 999, "9.5"))
    written = spool_days(store, newer, scope={"account_id": [1]})
    assert written.rows_deleted == 2 and written.rows_inserted == 1
    assert table_rows(store, DAILY, "account_id, impressions") == [(1, 999), (2, 300), (2, 400)]


def test_an_empty_spool_empties_its_window(store: DuckDBStore):
    spool_days(store, BASELINE)
    written = spool_days(store)
    assert written.rows_deleted == 4 and table_rows(store, DAILY) == []


def test_a_key_repeated_across_parts_writes_nothing(store: DuckDBStore):
    spool_days(store, BASELINE)
    before = table_rows(store, DAILY)
    again = daily_rows((JAN_2, 1, 11, 1, "1"))
    with pytest.raises(DuplicateKeyError, match="more than one part"):
        spool_days(store, BASELINE.slice(0, 2), again)
    assert table_rows(store, DAILY) == before


def test_a_bad_part_is_refused_when_added_and_nothing_is_written(store: DuckDBStore):
    spool_days(store, BASELINE)
    before = table_rows(store, DAILY)
    outside = daily_rows((JAN_3, 1, 11, 1, "1"))
    with pytest.raises(FrameValidationError, match="outside"):
        spool_days(store, BASELINE.slice(0, 1), outside)
    assert table_rows(store, DAILY) == before


def test_linkedin_shaped_values_survive_the_spool(store: DuckDBStore, tmp_path: Path):
    frame = pl.DataFrame(
        {
            "id": [1, 2, 3],
            "cost": ["-2E-18", "509.980", "100"],
            "created_at": [1_700_000_000_000, 0, None],
            "day": ["2024-02-29", None, "2024-01-01"],
            "is_active": [True, False, None],
            "share": [0.25, None, 1.0],
            "tags": [["a", "b"], [], None],
            "targeting": [{"geo": "FR"}, {"geo": "US"}, None],
            "_raw": [json.dumps({"id": 1, "text": "é 😀\nx"}), None, "{}"],
        }
    )
    direct = DuckDBStore(tmp_path / "direct.duckdb")
    direct.replace_window(MONEY_AND_TIME, frame, window_column="id", start=0, end=10)
    with store.window_spool(MONEY_AND_TIME, window_column="id", start=0, end=10) as spool:
        spool.add(frame.slice(0, 2))
        spool.add(frame.slice(2))
        store.write_spool(spool)
    columns = "* EXCLUDE (_synced_at)"
    assert table_rows(store, MONEY_AND_TIME, columns) == table_rows(direct, MONEY_AND_TIME, columns)
    assert store.column_types(MONEY_AND_TIME) == direct.column_types(MONEY_AND_TIME)
