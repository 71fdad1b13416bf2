"""The code location loads as `dagster dev` loads it."""

from __future__ import annotations

import dagster as dg

from linkedin_assets.definitions import defs


def test_definitions_are_loadable():
    dg.Definitions.validate_loadable(defs)


def test_every_asset_writes_through_the_duckdb_pool_and_names_its_group():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if node.is_external:
            continue
        assert node.group_name.startswith("linkedin"), key
        # DuckDB allows one writing process: raw writers and dbt share one pool.
        assert node.pools == {"linkedin_duckdb"}, key
