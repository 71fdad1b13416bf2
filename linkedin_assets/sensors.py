"""Every sensor of the code location (each lives in a sensors_* module with its reasons).

| sensor                        | default | does                                              |
|-------------------------------|---------|---------------------------------------------------|
| linkedin_token_expiry         | RUNNING | records the linkedin_token check (introspection)  |
| linkedin_new_lead_responses   | STOPPED | loads the days that received new leads            |
| linkedin_run_failure_summary  | RUNNING | explains failed runs (asset, error, what to do)   |
| linkedin_facts_freshness      | RUNNING | evaluates the facts' freshness checks             |
"""

from __future__ import annotations

from linkedin_assets.checks_freshness import freshness_sensor
from linkedin_assets.sensors_failures import linkedin_run_failure_summary
from linkedin_assets.sensors_leads import linkedin_new_lead_responses
from linkedin_assets.sensors_token import linkedin_token_expiry

SENSORS = [
    linkedin_token_expiry,
    linkedin_new_lead_responses,
    linkedin_run_failure_summary,
    freshness_sensor,
]
