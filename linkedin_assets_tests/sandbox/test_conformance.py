"""Conformance: every recorded response example of linkedin_api.md (fixtures/api_responses/)
is replayed against the sandbox, whose answer must have the same keys, nesting and value types.

Lists are compared by their first element. Keys that legitimately differ are listed in
OPTIONAL_KEYS with the reason; a fixture the sandbox cannot answer is in NOT_EMULATED.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from linkedin_assets.sandbox import FaultPlan
from linkedin_assets_tests.sandbox.test_http_support import (
    WORLD_TODAY,
    admin_org_ids,
    api_headers,
    date_range,
    enc,
    epoch_ms,
    foreign_org_id,
    member_account_ids,
    new_sandbox,
    serving,
    urn_list,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "api_responses"

NOT_EMULATED = {
    "images_initialize_upload": "write side (Images API uploads) is outside the sandbox's scope",
}

# fixture name -> {dotted path: reason}. "[]" marks "every list item".
OPTIONAL_KEYS: dict[str, dict[str, str]] = {
    "creatives_criteria": {
        "elements[].servingHoldReasons": "LinkedIn omits it while the creative is serving",
        "elements[].review.rejectionReasons": "present only on rejected creatives",
        "elements[].name": "newer versions name creatives; the 3.3 example predates it",
        "elements[].leadgenCallToAction": "only on LEAD_GENERATION creatives",
        "elements[].content.textAd": "text ads carry textAd instead of reference",
        "elements[].content.reference": "text ads carry textAd instead of reference",
    },
    "ad_campaign_groups_search": {
        "elements[].runSchedule.end": "open-ended groups have no end",
        "elements[].totalBudget": "groups without a lifetime budget",
        "elements[].objectiveType": "newer versions add it (§3.1)",
        "elements[].dailyBudget": "newer versions add it (§3.1)",
        "elements[].budgetOptimization": "newer versions add it (§3.1)",
    },
    "posts_by_author": {
        "elements[].distribution.targetEntities": "present when the post was targeted",
        "elements[].content": "text-only posts have no content",
        "elements[].content.media.altText": "optional on media",
        "elements[].content.media.title": "optional on media",
        "elements[].reshareContext": "reshares only",
        "elements[].adContext": "direct sponsored content only",
        "elements[].publishedAt": "drafts are not published",
    },
}

Request = tuple[str, str, dict[str, str], bytes]


def _api(path: str, headers: dict[str, str] | None = None) -> Request:
    return "GET", "/rest" + path, headers or api_headers(), b""


def _form(path: str, fields: dict[str, str]) -> Request:
    body = "&".join(f"{k}={enc(v)}" for k, v in fields.items()).encode()
    return "POST", path, {"Content-Type": "application/x-www-form-urlencoded"}, body


def _requests(sandbox) -> dict[str, Callable[[], Request]]:
    world = sandbox.world
    account = member_account_ids(world)[0]
    account_urn = f"urn:li:sponsoredAccount:{account}"
    org = admin_org_ids(world)[0]
    org_urn = enc(f"urn:li:organization:{org}")
    recent = (WORLD_TODAY - dt.timedelta(days=30), WORLD_TODAY - dt.timedelta(days=2))
    intervals = f"(timeRange:(start:{epoch_ms(recent[0])},end:{epoch_ms(recent[1])}),timeGranularityType:DAY)"
    refresh = {
        "grant_type": "refresh_token",
        "refresh_token": "rt",
        "client_id": "c",
        "client_secret": "s",
    }
    no_version = {k: v for k, v in api_headers().items() if k != "LinkedIn-Version"}
    return {
        "oauth_access_token_refresh": lambda: _form("/oauth/v2/accessToken", refresh),
        "oauth_introspect_token": lambda: _form(
            "/oauth/v2/introspectToken",
            {"token": "sandbox", "client_id": "c", "client_secret": "s"},
        ),
        "oauth_error_invalid_request": lambda: _form(
            "/oauth/v2/accessToken", {k: v for k, v in refresh.items() if k != "refresh_token"}
        ),
        "ad_accounts_search": lambda: _api("/adAccounts?q=search&pageSize=1"),
        "ad_account_users_authenticated_user": lambda: _api(
            "/adAccountUsers?q=authenticatedUser&start=0&count=100"
        ),
        "ad_campaign_groups_search": lambda: _api(
            f"/adAccounts/{account}/adCampaignGroups?q=search&search=(status:(values:List("
            "ACTIVE,ARCHIVED,CANCELED,DRAFT,PAUSED,PENDING_DELETION,REMOVED)))&pageSize=500"
        ),
        "creatives_criteria": lambda: _api(
            f"/adAccounts/{account}/creatives?q=criteria&sortOrder=ASCENDING&pageSize=1"
        ),
        "ad_analytics_campaign_daily": lambda: _api(
            f"/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY&dateRange={date_range(*recent)}"
            f"&accounts={urn_list([account_urn])}&fields=pivotValues,dateRange,impressions,clicks,costInUsd"
        ),
        "organization_acls_role_assignee": lambda: _api(
            "/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&start=0&count=100"
        ),
        "follower_statistics_lifetime": lambda: _api(
            f"/organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity={org_urn}"
        ),
        "follower_statistics_time_bound": lambda: _api(
            f"/organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity={org_urn}"
            f"&timeIntervals={intervals}"
        ),
        "share_statistics_time_bound": lambda: _api(
            f"/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={org_urn}"
            f"&timeIntervals={intervals}"
        ),
        "network_sizes": lambda: _api(
            f"/networkSizes/{org_urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER"
        ),
        "posts_by_author": lambda: _api(
            f"/posts?q=author&author={org_urn}&count=100&start=0&sortBy=LAST_MODIFIED"
        ),
        "error_401_invalid_access_token": lambda: _api(
            "/adAccounts?q=search", {**api_headers(), "Authorization": "Bearer wrong"}
        ),
        "error_400_param_invalid_search": lambda: _api(
            "/adAccounts?q=search&search=%28status%3A%28values%3AList%28ACTIVE%29%29%29"
        ),
        "error_403_access_denied": lambda: _api(
            "/organizationalEntityFollowerStatistics?q=organizationalEntity"
            f"&organizationalEntity={enc(f'urn:li:organization:{foreign_org_id(world)}')}"
        ),
        "error_404_resource_not_found": lambda: _api(f"/adAccounts/{account}/creatives?q=search"),
        "error_426_nonexistent_version": lambda: _api(
            "/adAccounts?q=search", {**api_headers(), "LinkedIn-Version": "202001"}
        ),
        "error_429_throttle": lambda: _api("/adAccounts?q=search"),
        "error_400_version_missing": lambda: _api("/adAccounts?q=search", no_version),
        "error_400_illegal_argument_path": lambda: _api(
            f"/posts/{next(p['id'] for p in world.posts if p['author'] == f'urn:li:organization:{org}')}"
        ),
    }


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number" if not isinstance(value, float) else "float"
    return type(value).__name__


def shape_differences(
    expected: Any, actual: Any, optional: dict[str, str], path: str = ""
) -> list[str]:
    """Where `actual` differs from `expected` in keys, nesting or value types."""
    if _kind(expected) != _kind(actual):
        if {_kind(expected), _kind(actual)} == {"number", "float"} and isinstance(expected, float):
            return [f"{path or '<root>'}: expected float, got int {actual!r}"]
        return [f"{path or '<root>'}: expected {_kind(expected)}, got {_kind(actual)}"]
    if isinstance(expected, dict):
        problems = []
        for key in sorted(set(expected) | set(actual)):
            child = f"{path}.{key}" if path else key
            if key not in actual or key not in expected:
                if child not in optional:
                    side = "missing from the sandbox" if key not in actual else "not in the fixture"
                    problems.append(f"{child}: {side}")
                continue
            problems += shape_differences(expected[key], actual[key], optional, child)
        return problems
    if isinstance(expected, list):
        if expected and actual:
            return shape_differences(expected[0], actual[0], optional, f"{path}[]")
        if expected and not actual and f"{path}[]" not in optional:
            return [f"{path}: the sandbox answered an empty list"]
    return []


def _fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.json"))


def test_every_fixture_is_a_documented_example():
    assert len(_fixtures()) >= 20
    for path in _fixtures():
        fixture = json.loads(path.read_text(encoding="utf-8"))
        assert set(fixture) == {"section", "request", "response"}, path.name
        assert "…" not in json.dumps(fixture["response"], ensure_ascii=False), path.name


@pytest.mark.parametrize("fixture_path", _fixtures(), ids=lambda p: p.stem)
def test_sandbox_answers_like_the_fixture(fixture_path):
    name = fixture_path.stem
    if name in NOT_EMULATED:
        pytest.skip(NOT_EMULATED[name])
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    faults = FaultPlan(daily_quota=0) if name == "error_429_throttle" else None
    sandbox = new_sandbox(faults)
    requests = _requests(sandbox)
    assert name in requests, f"no sandbox request is mapped for fixture {name}"
    method, target, headers, body = requests[name]()
    with serving(sandbox) as (_, server, _client), httpx.Client(verify=False) as http:
        response = http.request(method, server.base_url + target, headers=headers, content=body)
    expected_status = int(name.split("_")[1]) if name.startswith("error_") else None
    if expected_status is not None:
        assert response.status_code == expected_status
    elif name == "oauth_error_invalid_request":
        assert response.status_code == 400
    else:
        assert response.status_code == 200, response.text
    differences = shape_differences(
        fixture["response"], response.json(), OPTIONAL_KEYS.get(name, {})
    )
    assert differences == [], f"{name} (§{fixture['section']}): " + "; ".join(differences)
