"""Integrity checks of the ads facts across grains and against LinkedIn's response cap.

- Reconciliation: per day, the creative rows summed per campaign equal the campaign rows, and
  both summed per account agree (impressions, clicks, cost). LinkedIn computes every pivot
  from the same events, so a gap means a lost window, a missing account or a wrong join.
- Cap: adAnalytics silently truncates an answer at 15,000 elements. The planner sizes windows
  below it and splits an answer that reaches it, recording the splits in the materialization
  (`analytics_cap_splits`), but what is stored per window is not recorded. So the check looks
  at the data: an (account, day) with 15,000 rows or more could only come from a one-day
  answer at the cap, i.e. a truncated one.
"""

from collections.abc import Sequence
from decimal import Decimal

import dagster as dg
import duckdb

from linkedin_assets.assets.kit import DUCKDB_POOL
from linkedin_assets.checks_tables import existing_tables, read_only, table_ref
from linkedin_assets.linkedin.ads import ANALYTICS_ROW_CAP
from linkedin_assets.resources import WarehouseResource

CREATIVE = "ad_analytics_by_creative"
CAMPAIGN = "ad_analytics_by_campaign"
CAP_CHECKED_TABLES = (CREATIVE, CAMPAIGN, "conversion_performance")
RECONCILED_METRICS = ("impressions", "clicks", "cost_in_local_currency")
# Cost is a DECIMAL sum; LinkedIn rounds per pivot, so allow a cent of difference per group.
COST_TOLERANCE = Decimal("0.01")
SAMPLE_LIMIT = 5


def _sums(metric_table: str, group: str) -> str:
    metrics = ", ".join(f"sum(coalesce({m}, 0)) AS {m}" for m in RECONCILED_METRICS)
    return f"SELECT day, {group}, {metrics} FROM {table_ref(metric_table)} GROUP BY ALL"


def grain_mismatches(con: duckdb.DuckDBPyConnection, group: str) -> tuple[int, list[str]]:
    """(groups that disagree, a few described) comparing creative sums and campaign sums per
    (day, `group`), over the days both tables hold."""
    differs = " OR ".join(
        f"abs(coalesce(c.{m}, 0) - coalesce(p.{m}, 0)) > "
        + (str(COST_TOLERANCE) if m.startswith("cost") else "0")
        for m in RECONCILED_METRICS
    )
    picked = ", ".join(f"coalesce(c.{m}, 0), coalesce(p.{m}, 0)" for m in RECONCILED_METRICS)
    sql = f"""
        WITH shared_days AS (
            SELECT DISTINCT day FROM {table_ref(CREATIVE)}
            INTERSECT SELECT DISTINCT day FROM {table_ref(CAMPAIGN)}
        ),
        c AS ({_sums(CREATIVE, group)}), p AS ({_sums(CAMPAIGN, group)})
        SELECT coalesce(c.day, p.day) AS day, coalesce(c.{group}, p.{group}) AS grp, {picked}
        FROM c FULL OUTER JOIN p ON c.day = p.day AND c.{group} = p.{group}
        WHERE coalesce(c.day, p.day) IN (SELECT day FROM shared_days)
          AND coalesce(c.{group}, p.{group}) IS NOT NULL AND ({differs})
        ORDER BY 1, 2
    """
    rows = con.execute(sql).fetchall()
    described = []
    for row in rows[:SAMPLE_LIMIT]:
        day, grp, *values = row
        pairs = [
            f"{m} creatives={values[2 * i]} campaigns={values[2 * i + 1]}"
            for i, m in enumerate(RECONCILED_METRICS)
            if values[2 * i] != values[2 * i + 1]
        ]
        described.append(f"{day} {group}={grp}: {', '.join(pairs)}")
    return len(rows), described


def reconcile(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    present = existing_tables(con)
    missing = [t for t in (CREATIVE, CAMPAIGN) if t not in present]
    if missing:
        return dg.AssetCheckResult(
            passed=False,
            description=f"Cannot reconcile: {', '.join(missing)} not materialized yet.",
        )
    shared = con.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT day FROM {table_ref(CREATIVE)} "
        f"INTERSECT SELECT DISTINCT day FROM {table_ref(CAMPAIGN)})"
    ).fetchone()
    metadata: dict[str, object] = {"days_compared": shared[0] if shared else 0}
    problems = []
    # Creative rows of a creative LinkedIn no longer lists have no campaign: they still count
    # at the account grain.
    for group in ("campaign_id", "account_id"):
        count, sample = grain_mismatches(con, group)
        metadata[f"mismatched (day, {group})"] = count
        if count:
            problems.append(f"{count} (day, {group}) disagree, e.g. {'; '.join(sample)}")
    return dg.AssetCheckResult(
        passed=not problems,
        description=" | ".join(problems)
        or "Creative, campaign and account totals agree on every shared day.",
        metadata=metadata,
    )


@dg.asset_check(
    asset=CREATIVE,
    additional_deps=[CAMPAIGN],
    name="creative_campaign_account_totals_agree",
    pool=DUCKDB_POOL,
    description="Per day, impressions / clicks / cost summed over creatives equal the campaign "
    "rows, per campaign and per account.",
)
def creative_campaign_account_totals_agree(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with read_only(warehouse) as con:
        return reconcile(con)


def rows_at_cap(
    con: duckdb.DuckDBPyConnection, table: str, cap: int = ANALYTICS_ROW_CAP
) -> list[tuple]:
    """(account_id, day, rows) of every (account, day) holding `cap` rows or more."""
    return con.execute(
        f"SELECT account_id, day, count(*) AS n FROM {table_ref(table)} "
        "GROUP BY ALL HAVING count(*) >= ? ORDER BY n DESC, day",
        [cap],
    ).fetchall()


def cap_result(
    con: duckdb.DuckDBPyConnection, table: str, cap: int = ANALYTICS_ROW_CAP
) -> dg.AssetCheckResult:
    if table not in existing_tables(con):
        return dg.AssetCheckResult(
            asset_key=table,
            check_name="no_window_at_element_cap",
            passed=False,
            description=f"linkedin.{table} does not exist yet: materialize it first.",
        )
    hits = rows_at_cap(con, table, cap)
    largest = con.execute(
        f"SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM {table_ref(table)} "
        "GROUP BY account_id, day)"
    ).fetchone()
    described = [f"account {a} on {d}: {n} rows" for a, d, n in hits[:SAMPLE_LIMIT]]
    return dg.AssetCheckResult(
        asset_key=table,
        check_name="no_window_at_element_cap",
        passed=not hits,
        description=(
            f"{len(hits)} (account, day) reached LinkedIn's {cap:,}-element cap, so their "
            f"answers were truncated: {'; '.join(described)}. Narrow LINKEDIN_AD_ACCOUNT_IDS "
            "or report it: one day cannot be split further."
            if hits
            else f"No (account, day) reaches the {cap:,}-element cap."
        ),
        metadata={
            "largest_account_day_rows": largest[0] if largest else 0,
            "element_cap": cap,
            "account_days_at_cap": len(hits),
        },
    )


def build_cap_checks(tables: Sequence[str] = CAP_CHECKED_TABLES) -> dg.AssetChecksDefinition:
    @dg.multi_asset_check(
        specs=[
            dg.AssetCheckSpec(
                "no_window_at_element_cap",
                asset=table,
                description="No (account, day) holds 15,000 rows: no analytics answer was "
                "stored truncated at LinkedIn's element cap.",
            )
            for table in tables
        ],
        name="linkedin_analytics_below_element_cap",
        can_subset=True,
        pool=DUCKDB_POOL,
    )
    def linkedin_analytics_below_element_cap(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ):
        with read_only(warehouse) as con:
            for check_key in context.selected_asset_check_keys:
                yield cap_result(con, check_key.asset_key.to_user_string())

    return linkedin_analytics_below_element_cap
