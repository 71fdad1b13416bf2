"""The LinkedIn API sandbox: a deterministic data World served by a faithful REST emulator.

    from linkedin_assets.sandbox import Sandbox, FaultPlan, WorldConfig

    sandbox = Sandbox(WorldConfig(seed=7), faults=FaultPlan(rate_limit_rate=0.1))
    client = httpx.Client(transport=sandbox.transport())      # in-process
    with sandbox.serve() as server:                            # or over a loopback socket
        server.api_base_url, server.oauth_base_url

`python -m linkedin_assets.sandbox serve --port N` runs the server in the foreground.
"""

from typing import TYPE_CHECKING, Any

from linkedin_assets.sandbox.app import Sandbox, SandboxResponse
from linkedin_assets.sandbox.faults import FaultPlan
from linkedin_assets.sandbox.ledger import LedgerEntry, SandboxLedger
from linkedin_assets.sandbox.server import SandboxServer

if TYPE_CHECKING:
    from linkedin_assets.sandbox.world import World, WorldConfig

__all__ = [
    "FaultPlan",
    "LedgerEntry",
    "Sandbox",
    "SandboxLedger",
    "SandboxResponse",
    "SandboxServer",
    "World",
    "WorldConfig",
]


def __getattr__(name: str) -> Any:
    # World is imported lazily so that importing a submodule (e.g. metrics) never depends on
    # the whole data generator importing cleanly.
    if name in ("World", "WorldConfig"):
        from linkedin_assets.sandbox import world

        return getattr(world, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
