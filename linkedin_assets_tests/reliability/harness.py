"""What every reliability test shares: the raw assets, resources pointed at a sandbox server,
materializing every raw asset over a window, and reading a DuckDB file back for comparison.

No pytest here: the pooled scenarios (scenarios.py) and the subprocess workers import it too.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from linkedin_assets.checks_tables import TABLE_MODULES, specs_in
from linkedin_assets.jobs import ASSET_DEFS, RAW_GROUPS
from linkedin_assets.partitions import DAILY, MONTHLY
from linkedin_assets.resources import (
    LINKEDIN_ENV,
    LIVE,
    LinkedInResource,
    WarehouseResource,
    resources_from_env,
)
from linkedin_assets.storage import HISTORY_SUFFIX, TableSpec
from linkedin_assets.storage.spec import SYNCED_AT_COLUMN, VALID_FROM_COLUMN, VALID_TO_COLUMN

SCHEMA = "linkedin"
# Columns that say when a row was written rather than what LinkedIn sent: two runs over the
# same data differ only there.
RUN_TIME_COLUMNS = frozenset({SYNCED_AT_COLUMN, VALID_FROM_COLUMN, VALID_TO_COLUMN})
# Bookkeeping of the file itself, not LinkedIn data.
IGNORED_TABLES = frozenset({"_data_source"})

# Short waits for tests; production defaults are 2 s backoff and 330 s after a data-volume 429.
FAST_RETRY = {"retry_backoff_seconds": 0.01, "data_volume_wait_seconds": 0.02}


def _groups(asset_def: dg.AssetsDefinition) -> set[str]:
    return {asset_def.specs_by_key[key].group_name or "" for key in asset_def.keys}


RAW_ASSETS: tuple[dg.AssetsDefinition, ...] = tuple(
    a for a in ASSET_DEFS if _groups(a) and _groups(a) <= RAW_GROUPS
)
DAILY_ASSETS = tuple(a for a in RAW_ASSETS if a.partitions_def == DAILY)


def assets_named(*names: str) -> list[dg.AssetsDefinition]:
    """Raw asset definitions holding any of the given asset keys."""
    wanted = {dg.AssetKey(name) for name in names}
    found = [a for a in RAW_ASSETS if wanted & set(a.keys)]
    missing = wanted - {key for a in found for key in a.keys}
    if missing:
        raise KeyError(f"no raw asset named {sorted(k.to_user_string() for k in missing)}")
    return found


# --------------------------------------------------------------------------- windows


@dataclass(frozen=True)
class Window:
    """A range of daily partitions (inclusive keys) and one month partition."""

    first: dt.date
    last: dt.date
    month: str

    def range_tags(self) -> dict[str, str]:
        return {
            "dagster/asset_partition_range_start": self.first.isoformat(),
            "dagster/asset_partition_range_end": self.last.isoformat(),
        }


def recent_window(days: int) -> Window:
    """`days` complete days ending 5 days ago (inside every LinkedIn statistics window), and
    the last complete month."""
    last = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=5)
    return Window(last - dt.timedelta(days=days - 1), last, MONTHLY.get_partition_keys()[-1])


# ------------------------------------------------------------------------- resources


def socket_resources(
    api_base_url: str,
    oauth_base_url: str,
    duckdb_path: str | os.PathLike[str],
    **linkedin: Any,
) -> dict[str, dg.ConfigurableResource]:
    """Live mode pointed at a sandbox server (the code path of a real deployment), with
    short retry waits unless overridden."""
    settings = {"access_token": "sandbox", **FAST_RETRY, **linkedin}
    return {
        "linkedin": LinkedInResource(
            api_base_url=api_base_url, oauth_base_url=oauth_base_url, **settings
        ),
        "warehouse": WarehouseResource(path=str(duckdb_path), mode=LIVE),
    }


def configure(
    monkeypatch: Any, server: Any, path: str | os.PathLike[str], **env: str | None
) -> dict[str, dg.ConfigurableResource]:
    """Set the process environment of a live deployment pointed at a sandbox server, then
    `env` on top (None unsets), through pytest's `monkeypatch`. Returns the resources built
    exactly as definitions.py builds them."""
    for name in (*LINKEDIN_ENV, "LINKEDIN_SANDBOX", "LINKEDIN_DUCKDB_PATH"):
        monkeypatch.delenv(name, raising=False)
    settings = {
        "LINKEDIN_ACCESS_TOKEN": "sandbox",
        "LINKEDIN_API_BASE_URL": server.api_base_url,
        "LINKEDIN_OAUTH_BASE_URL": server.oauth_base_url,
        "LINKEDIN_DUCKDB_PATH": str(path),
        **env,
    }
    for name, value in settings.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return resources_from_env()


# --------------------------------------------------------------------- materializing


@dataclass
class RunOutcome:
    """What materializing a selection did: materializations (with metadata) and failed steps
    (with their full error texts)."""

    materialized: set[str] = field(default_factory=set)
    failed_steps: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed_steps

    def absorb(self, result: dg.ExecuteInProcessResult) -> None:
        for event in result.get_asset_materialization_events():
            materialization = event.materialization
            name = materialization.asset_key.to_user_string()
            self.materialized.add(name)
            self.metadata[name] = {
                key: getattr(value, "value", value)
                for key, value in materialization.metadata.items()
            }
        for event in result.all_events:
            if event.is_step_failure:
                self.failed_steps.add(event.step_key or "")
                self.errors.append(error_text(event.step_failure_data.error))


def error_text(error: Any) -> str:
    """A Dagster SerializableErrorInfo with every cause and context, as one text."""
    parts = []
    while error is not None:
        parts.append(error.to_string())
        error = error.cause or error.context
    return "\n".join(parts)


def materialize(
    assets: Sequence[dg.AssetsDefinition],
    resources: Mapping[str, Any],
    *,
    instance: dg.DagsterInstance | None = None,
    outcome: RunOutcome | None = None,
    **kwargs: Any,
) -> RunOutcome:
    """One run, never raising on a step failure: the outcome says what happened."""
    outcome = outcome if outcome is not None else RunOutcome()
    result = dg.materialize(
        list(assets),
        resources=dict(resources),
        instance=instance or dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        **kwargs,
    )
    outcome.absorb(result)
    return outcome


def materialize_everything(
    resources: Mapping[str, Any],
    window: Window,
    *,
    assets: Iterable[dg.AssetsDefinition] = RAW_ASSETS,
    instance: dg.DagsterInstance | None = None,
) -> RunOutcome:
    """Every given raw asset: snapshots and the daily range in one run (unpartitioned assets
    ignore the range), then the month in another."""
    chosen = list(assets)
    instance = instance or dg.DagsterInstance.ephemeral()
    outcome = RunOutcome()
    by_day = [a for a in chosen if a.partitions_def in (None, DAILY)]
    monthly = [a for a in chosen if a.partitions_def == MONTHLY]
    if by_day:
        materialize(by_day, resources, instance=instance, outcome=outcome, tags=window.range_tags())
    if monthly:
        materialize(
            monthly, resources, instance=instance, outcome=outcome, partition_key=window.month
        )
    return outcome


# ------------------------------------------------------------------- reading DuckDB

TableRows = dict[str, list[tuple]]


def _connect(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    # Read-write on purpose: opening replays the WAL, exactly what the next run would do.
    return duckdb.connect(str(path))


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
        "ORDER BY table_name",
        [SCHEMA],
    ).fetchall()
    return [name for (name,) in rows if name not in IGNORED_TABLES]


def data_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
        "AND table_name = ? ORDER BY ordinal_position",
        [SCHEMA, table],
    ).fetchall()
    return [name for (name,) in rows if name not in RUN_TIME_COLUMNS]


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def data_tables(path: str | os.PathLike[str]) -> list[str]:
    """Tables holding LinkedIn data (the file's own `_data_source` marker excluded)."""
    if not Path(path).exists():
        return []
    with duckdb.connect(str(path), read_only=True) as con:
        return table_names(con)


def table_contents(path: str | os.PathLike[str]) -> TableRows:
    """Every raw table's rows as sorted text tuples, without run-time columns."""
    with _connect(path) as con:
        contents: TableRows = {}
        for table in table_names(con):
            columns = data_columns(con, table)
            select = ", ".join(f"CAST({quoted(c)} AS VARCHAR)" for c in columns)
            rows = con.execute(
                f"SELECT {select} FROM {quoted(SCHEMA)}.{quoted(table)} ORDER BY ALL"
            ).fetchall()
            contents[table] = rows
        return contents


def content_differences(actual: TableRows, expected: TableRows, limit: int = 3) -> list[str]:
    """Readable differences table by table; empty when equal."""
    problems = []
    for table in sorted(set(actual) | set(expected)):
        if table not in actual:
            problems.append(f"{table}: missing ({len(expected[table])} rows expected)")
            continue
        if table not in expected:
            problems.append(f"{table}: unexpected table ({len(actual[table])} rows)")
            continue
        got, want = actual[table], expected[table]
        if got == want:
            continue
        extra = sorted(set(got) - set(want))[:limit]
        lost = sorted(set(want) - set(got))[:limit]
        problems.append(
            f"{table}: {len(got)} rows, expected {len(want)}; "
            f"unexpected e.g. {extra}; missing e.g. {lost}"
        )
    return problems


def spec_for(table: str) -> TableSpec | None:
    """The TableSpec of a raw table or of a dimension's `_history` table."""
    specs = {spec.name: spec for module in TABLE_MODULES for spec in specs_in(module)}
    if table in specs:
        return specs[table]
    if table.endswith(HISTORY_SUFFIX) and table.removesuffix(HISTORY_SUFFIX) in specs:
        return specs[table.removesuffix(HISTORY_SUFFIX)].history_spec()
    return None


def duplicate_keys(path: str | os.PathLike[str]) -> dict[str, int]:
    """Table -> number of primary-key values stored more than once (only tables with any)."""
    found: dict[str, int] = {}
    with _connect(path) as con:
        for table in table_names(con):
            spec = spec_for(table)
            if spec is None:
                raise AssertionError(f"table {table} has no TableSpec: cannot check its keys")
            key = ", ".join(quoted(c) for c in spec.primary_key)
            (repeated,) = con.execute(
                f"SELECT count(*) FROM (SELECT {key} FROM {quoted(SCHEMA)}.{quoted(table)} "
                f"GROUP BY ALL HAVING count(*) > 1)"
            ).fetchone()
            if repeated:
                found[table] = repeated
    return found


def synced_at_values(path: str | os.PathLike[str]) -> dict[str, set[str]]:
    """Table -> the distinct `_synced_at` values it holds (one per write that landed)."""
    with _connect(path) as con:
        return {
            table: {
                str(value)
                for (value,) in con.execute(
                    f"SELECT DISTINCT {SYNCED_AT_COLUMN} FROM {quoted(SCHEMA)}.{quoted(table)}"
                ).fetchall()
            }
            for table in table_names(con)
        }


def tables_of(assets: Iterable[dg.AssetsDefinition]) -> set[str]:
    """Table names the given assets write: table name = asset name (DESIGN.md)."""
    return {key.to_user_string() for a in assets for key in a.keys}


def restricted(contents: TableRows, tables: set[str]) -> TableRows:
    """Only the given tables and their `_history` tables."""
    return {
        name: rows
        for name, rows in contents.items()
        if name in tables or name.removesuffix(HISTORY_SUFFIX) in tables
    }


def assert_old_or_new(
    path: str | os.PathLike[str], expected: TableRows, context: str = ""
) -> dict[str, set[str]]:
    """The file opens, holds exactly the expected rows once, each table from one write."""
    differences = content_differences(table_contents(path), expected)
    assert differences == [], "\n".join([context, *differences])
    assert duplicate_keys(path) == {}, context
    writes = synced_at_values(path)
    mixed = {table: values for table, values in writes.items() if len(values) > 1}
    assert mixed == {}, f"{context}: tables holding rows of several writes: {mixed}"
    return writes


def copy_duckdb(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Copy a DuckDB file with its write-ahead log, if any."""
    shutil.copyfile(source, target)
    wal = Path(f"{source}.wal")
    if wal.exists():
        shutil.copyfile(wal, f"{target}.wal")


def file_bytes(root: str | os.PathLike[str]) -> Iterable[tuple[Path, bytes]]:
    """(path, bytes) of every file under root (or root itself)."""
    root = Path(root)
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in paths:
        yield path, path.read_bytes()
