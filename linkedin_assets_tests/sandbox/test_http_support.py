"""Shared helpers for the sandbox HTTP tests (no tests here; the name only follows the
directory's test_*.py convention).

Every HTTP test talks to a real loopback server with plain httpx, so nothing here depends on
the project's own LinkedIn client.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import httpx

from linkedin_assets.sandbox import FaultPlan, Sandbox, SandboxServer, World, WorldConfig

# A fixed world "today" keeps the data identical run to run; API versions age in real time.
WORLD_TODAY = dt.date(2026, 6, 15)
WORLD_CONFIG = WorldConfig(seed=7, today=WORLD_TODAY)


def active_version() -> str:
    """Last month's LinkedIn-Version: always active, whenever the suite runs."""
    first_of_month = dt.datetime.now(dt.UTC).date().replace(day=1)
    return f"{first_of_month - dt.timedelta(days=1):%Y%m}"


def api_headers(token: str = Sandbox.STATIC_TOKEN, version: str | None = None) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "LinkedIn-Version": version or active_version(),
        "X-Restli-Protocol-Version": "2.0.0",
    }


@functools.lru_cache(maxsize=4)
def shared_world(config: WorldConfig = WORLD_CONFIG) -> World:
    """Worlds are immutable and costly-ish to build: share one per config across tests."""
    return World(config)


def new_sandbox(faults: FaultPlan | None = None, config: WorldConfig = WORLD_CONFIG) -> Sandbox:
    return Sandbox(shared_world(config), faults=faults)


@contextmanager
def serving(
    sandbox: Sandbox | None = None, timeout: float = 10.0
) -> Iterator[tuple[Sandbox, SandboxServer, httpx.Client]]:
    """A sandbox on a loopback port and an httpx client aimed at its /rest base."""
    sandbox = sandbox or new_sandbox()
    with (
        sandbox.serve() as server,
        httpx.Client(
            base_url=server.api_base_url, headers=api_headers(), timeout=timeout, verify=False
        ) as client,
    ):
        yield sandbox, server, client


def plain_client(**kwargs: Any) -> httpx.Client:
    """An httpx client for plain-HTTP loopback use (verify=False skips loading CA bundles)."""
    return httpx.Client(verify=False, **kwargs)


def enc(value: str) -> str:
    """Rest.li 2.0 leaf encoding: percent-encode everything (Python's quote(v, safe=''))."""
    return quote(value, safe="")


def urn_list(urns: list[str]) -> str:
    return "List(" + ",".join(enc(urn) for urn in urns) + ")"


def date_range(start: dt.date, end: dt.date) -> str:
    return (
        f"(start:(year:{start.year},month:{start.month},day:{start.day}),"
        f"end:(year:{end.year},month:{end.month},day:{end.day}))"
    )


def epoch_ms(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days * 86_400_000


def account_urn(account: dict[str, Any]) -> str:
    return f"urn:li:sponsoredAccount:{account['id']}"


def member_account_ids(world: World) -> list[int]:
    """Accounts the token's member has a role on, in id order."""
    urns = {u["account"] for u in world.ad_account_users if u["user"] == world.member_urn}
    return sorted(a["id"] for a in world.ad_accounts if account_urn(a) in urns)


def admin_org_ids(world: World) -> list[int]:
    return sorted(
        int(acl["organization"].rsplit(":", 1)[1])
        for acl in world.organization_acls
        if acl["roleAssignee"] == world.member_urn
        and acl["role"] == "ADMINISTRATOR"
        and acl["state"] == "APPROVED"
    )


def foreign_org_id(world: World) -> int:
    """An organization of the world that the member does not administer."""
    admins = set(admin_org_ids(world))
    return next(org["id"] for org in world.organizations if org["id"] not in admins)


def error_code(response: httpx.Response) -> str | None:
    body = response.json()
    inputs = body.get("errorDetails", {}).get("inputErrors", [])
    return inputs[0]["code"] if inputs else body.get("code")


def field_path(response: httpx.Response) -> str:
    return response.json()["errorDetails"]["inputErrors"][0]["input"]["inputPath"]["fieldPath"]
