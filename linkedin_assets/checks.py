"""Every asset check of the code location, built from the asset definitions and table specs.

| check                                   | on                          | module            |
|-----------------------------------------|-----------------------------|-------------------|
| primary_key_unique                      | every raw table             | checks_keys       |
| raw_fields_modelled (WARN)              | every raw table             | checks_drift      |
| creative_campaign_account_totals_agree  | ad_analytics_by_creative    | checks_ads        |
| no_window_at_element_cap                | the daily analytics tables  | checks_ads        |
| freshness (time partition)              | the daily facts             | checks_freshness  |
| token_not_expiring                      | linkedin_token              | checks_token      |

dbt tests become checks of the dbt models in assets/dbt.py.
"""

from __future__ import annotations

import dagster as dg

from linkedin_assets.checks_ads import build_cap_checks, creative_campaign_account_totals_agree
from linkedin_assets.checks_drift import build_drift_checks
from linkedin_assets.checks_freshness import FRESHNESS_CHECKS
from linkedin_assets.checks_keys import build_uniqueness_checks
from linkedin_assets.checks_tables import raw_table_specs
from linkedin_assets.checks_token import token_not_expiring
from linkedin_assets.jobs import ASSET_DEFS, keys_where

RAW_SPECS = raw_table_specs(keys_where(ASSET_DEFS, lambda a, key: True))

CHECKS: list[dg.AssetChecksDefinition] = [
    build_uniqueness_checks(RAW_SPECS),
    build_drift_checks(RAW_SPECS),
    creative_campaign_account_totals_agree,
    build_cap_checks(),
    *FRESHNESS_CHECKS,
    token_not_expiring,
]
