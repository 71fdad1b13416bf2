"""A deployment-like process for the secrets test: credentials come from the environment,
Dagster keeps its event log under $DAGSTER_HOME, and everything the process says is captured.

Phases (each prints one `phase <name> <ok|failed>` line, then its error texts):
1. every raw asset and the token check, with the canary credentials;
2. LinkedIn echoing the access token in an error body (LINKEDIN_AD_ACCOUNT_IDS=ECHO_ACCOUNT);
3. the OAuth server echoing the refresh token and client secret (LINKEDIN_CLIENT_ID=ECHO_CLIENT).

Run as `python -m linkedin_assets_tests.reliability.secrets_worker`.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
import warnings

ECHO_ACCOUNT = "424242"
ECHO_CLIENT = "echo-client"


def _report(phase: str, outcome) -> None:
    print(f"phase {phase} {'ok' if outcome.ok else 'failed'}", flush=True)
    for text in outcome.errors:
        print(f"error {phase}: {text}", flush=True)
    print(f"metadata {phase}: {json.dumps(outcome.metadata, default=str)}", flush=True)


def main() -> None:
    warnings.filterwarnings("ignore")
    import dagster as dg

    from linkedin_assets.checks_token import token_asset, token_not_expiring
    from linkedin_assets.linkedin import ads
    from linkedin_assets.resources import resources_from_env
    from linkedin_assets_tests.reliability import harness

    instance = dg.DagsterInstance.get()  # the persistent one under $DAGSTER_HOME
    window = harness.recent_window(2)

    outcome = harness.materialize_everything(resources_from_env(), window, instance=instance)
    harness.materialize(
        [token_asset, token_not_expiring],
        resources_from_env(),
        instance=instance,
        outcome=outcome,
        selection=dg.AssetSelection.checks(token_not_expiring),
    )
    _report("everything", outcome)

    os.environ["LINKEDIN_AD_ACCOUNT_IDS"] = ECHO_ACCOUNT
    resources = resources_from_env()
    _report(
        "echoed_access_token",
        harness.materialize(harness.assets_named("ad_accounts"), resources, instance=instance),
    )
    # The same failure raised in this process, rendered every way a log might render it.
    try:
        with resources["linkedin"].get_client() as client:
            client.fetch_all(ads.search_ad_accounts(account_ids=(int(ECHO_ACCOUNT),)))
    except Exception as error:
        print(f"exception str: {error}", flush=True)
        print(f"exception repr: {error!r}", flush=True)
        print(f"exception args: {error.args!r}", flush=True)
        traceback.print_exc()
    del os.environ["LINKEDIN_AD_ACCOUNT_IDS"]

    os.environ["LINKEDIN_CLIENT_ID"] = ECHO_CLIENT
    _report(
        "echoed_refresh_credentials",
        harness.materialize(
            harness.assets_named("organizations"), resources_from_env(), instance=instance
        ),
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
