"""Sensors evaluated with real contexts against the sandbox (in process and over a socket)."""

import datetime as dt
import json

import dagster as dg
import httpx
import pytest

from linkedin_assets.assets.ads import ad_accounts
from linkedin_assets.checks_token import TOKEN_ASSET, TOKEN_CHECK
from linkedin_assets.partitions import DAILY
from linkedin_assets.resources import LinkedInResource, WarehouseResource, shared_sandbox
from linkedin_assets.sandbox import Sandbox
from linkedin_assets.sensors_failures import linkedin_run_failure_summary
from linkedin_assets.sensors_leads import CURSOR_KEY, linkedin_new_lead_responses
from linkedin_assets.sensors_token import linkedin_token_expiry

DAY_SECONDS = 86400


@pytest.fixture
def served():
    sandbox = Sandbox()
    with sandbox.serve() as server:
        yield sandbox, server


def token_check(linkedin: LinkedInResource) -> tuple[dg.SensorResult, dg.AssetCheckEvaluation]:
    result = linkedin_token_expiry(dg.build_sensor_context(resources={"linkedin": linkedin}))
    (evaluation,) = result.asset_events
    assert evaluation.asset_key == TOKEN_ASSET and evaluation.check_name == TOKEN_CHECK
    return result, evaluation


def test_token_sensor_in_sandbox_mode_says_no_token_is_in_use():
    result, evaluation = token_check(LinkedInResource(sandbox=True))
    assert evaluation.passed
    assert "no LinkedIn token is in use" in result.skip_reason.skip_message
    assert not result.run_requests


def _token_issued_days_ago(sandbox: Sandbox, server, days: int) -> str:
    """An access token the sandbox issued `days` ago (its clock turned back meanwhile)."""
    real_clock = sandbox.clock
    sandbox.clock = lambda: real_clock() - days * DAY_SECONDS
    try:
        response = httpx.post(
            f"{server.oauth_base_url}/accessToken",
            data={
                "grant_type": "refresh_token",
                "refresh_token": f"consent-{days}",
                "client_id": "app",
                "client_secret": "app-secret",
            },
        )
        response.raise_for_status()
    finally:
        sandbox.clock = real_clock
    return response.json()["access_token"]


def test_token_sensor_warns_before_the_access_token_expires(served):
    sandbox, server = served

    def access_token_days_ago(days: int) -> LinkedInResource:
        return LinkedInResource(
            access_token=_token_issued_days_ago(sandbox, server, days),
            client_id="app",
            client_secret="app-secret",
            api_base_url=server.api_base_url,
            oauth_base_url=server.oauth_base_url,
        )

    _, fresh = token_check(access_token_days_ago(1))
    assert fresh.passed, fresh.description
    assert fresh.metadata["access_token_days_left"].value == pytest.approx(59, abs=0.2)

    expiring_resource = access_token_days_ago(55)  # tokens live 60 days
    result, expiring = token_check(expiring_resource)
    assert not expiring.passed
    assert expiring.severity == dg.AssetCheckSeverity.WARN
    assert "access token expires in 5" in expiring.description
    assert "LINKEDIN_ACCESS_TOKEN" in result.skip_reason.skip_message
    assert sandbox.ledger.count("introspectToken") == 2
    assert expiring_resource.access_token not in str(expiring)
    assert "app-secret" not in str(expiring)


def test_token_sensor_warns_before_the_refresh_token_expires(served):
    sandbox, server = served
    linkedin = LinkedInResource(
        client_id="app",
        client_secret="app-secret",
        refresh_token="refresh-granted-by-consent",
        api_base_url=server.api_base_url,
        oauth_base_url=server.oauth_base_url,
    )
    _, fresh = token_check(linkedin)  # the sandbox sees the refresh token for the first time
    assert fresh.passed
    assert fresh.metadata["refresh_token_days_left"].value > 360
    started = sandbox.clock()
    sandbox.clock = lambda: started + 358 * DAY_SECONDS
    _, expiring = token_check(linkedin)
    assert not expiring.passed
    assert "refresh token expires in 7" in expiring.description
    assert "Re-authorize" in expiring.description
    assert "refresh-granted-by-consent" not in str(expiring)


def test_token_sensor_reports_a_rejected_token_as_an_error(served):
    sandbox, server = served
    sandbox.revoke_refresh_token("revoked-refresh-token")  # LinkedIn answers invalid_grant
    linkedin = LinkedInResource(
        client_id="app",
        client_secret="app-secret",
        refresh_token="revoked-refresh-token",
        api_base_url=server.api_base_url,
        oauth_base_url=server.oauth_base_url,
    )
    _, evaluation = token_check(linkedin)
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    assert "Could not introspect" in evaluation.description
    assert "invalid_grant" in evaluation.description
    assert "revoked-refresh-token" not in evaluation.description


def _leads_in_world(after_ms: int) -> list[int]:
    return [
        r["submittedAt"]
        for r in shared_sandbox(7, 1.0).world.lead_form_responses
        if r["submittedAt"] > after_ms
    ]


def test_lead_sensor_requests_the_days_with_new_leads_then_waits():
    linkedin = LinkedInResource(sandbox=True)
    ledger = shared_sandbox(7, 1.0).ledger
    now = dt.datetime.now(dt.UTC)
    after_ms = int((now - dt.timedelta(days=20)).timestamp() * 1000)
    expected_days = {
        dt.datetime.fromtimestamp(ms / 1000, dt.UTC).date().isoformat()
        for ms in _leads_in_world(after_ms)
    }
    existing = set(DAILY.get_partition_keys(current_time=now))
    assert expected_days & existing, "the sandbox world has leads in the last 20 days"

    before = ledger.summary()
    context = dg.build_sensor_context(
        cursor=json.dumps({CURSOR_KEY: after_ms}), resources={"linkedin": linkedin}
    )
    result = linkedin_new_lead_responses(context)
    used = {k: v - before.get(k, 0) for k, v in ledger.summary().items()}
    accounts = len(shared_sandbox(7, 1.0).world.ad_accounts)
    assert used.get("leadFormResponses") == accounts  # one request per account
    assert used.get("adAccounts") == 1

    requested = {r.partition_key for r in result.run_requests}
    assert requested == expected_days & existing
    assert all(int(r.tags["linkedin/new_leads"]) > 0 for r in result.run_requests)
    cursor = json.loads(result.cursor)[CURSOR_KEY]
    newest_ready = max(
        ms
        for ms in _leads_in_world(after_ms)
        if dt.datetime.fromtimestamp(ms / 1000, dt.UTC).date().isoformat() in existing
    )
    assert cursor == newest_ready

    again = linkedin_new_lead_responses(
        dg.build_sensor_context(cursor=result.cursor, resources={"linkedin": linkedin})
    )
    assert not again.run_requests
    assert "No new lead form responses" in again.skip_reason.skip_message
    assert json.loads(again.cursor)[CURSOR_KEY] == cursor


def test_run_failure_sensor_explains_a_linkedin_error(served, tmp_path):
    _, server = served
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [ad_accounts],
        instance=instance,
        resources={
            "linkedin": LinkedInResource(
                access_token="revoked-token",
                api_base_url=server.api_base_url,
                oauth_base_url=server.oauth_base_url,
            ),
            "warehouse": WarehouseResource(path=str(tmp_path / "w.duckdb"), mode="live"),
        },
        raise_on_error=False,
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
    context = dg.build_run_status_sensor_context(
        sensor_name="linkedin_run_failure_summary",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=failure,
    ).for_run_failure()
    linkedin_run_failure_summary(context)

    tags = instance.get_run_by_id(result.run_id).tags
    assert tags["linkedin/failed_assets"] == "ad_accounts"
    assert tags["linkedin/error_class"] == "AuthenticationError"
    assert tags["linkedin/what_to_do"].startswith("The access token is invalid, expired or revoked")
    logged = [
        e.message
        for e in instance.all_logs(result.run_id)
        if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.ENGINE_EVENT
    ]
    summary = next(m for m in logged if "failed" in m and "What to do" in m)
    assert "ad_accounts: AuthenticationError: LinkedIn" in summary
    assert "401" in summary
    assert "revoked-token" not in summary
