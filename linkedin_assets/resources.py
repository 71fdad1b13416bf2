"""Dagster resources: configuration in, API client and DuckDB store out.

Mode selection lives here. With no LinkedIn credentials (or LINKEDIN_SANDBOX=1) the project
runs on the in-process sandbox and writes to its own DuckDB file; with a token it talks to
LinkedIn (or to any server LINKEDIN_API_BASE_URL points at, such as the sandbox server).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from pathlib import Path

import dagster as dg
from pydantic import Field

from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.config import (
    DEFAULT_API_BASE_URL,
    DEFAULT_API_VERSION,
    DEFAULT_OAUTH_BASE_URL,
    ClientConfig,
    RetryPolicy,
)
from linkedin_assets.linkedin.errors import ConfigurationError
from linkedin_assets.linkedin.secrets import Secret, secret_or_none
from linkedin_assets.storage import DuckDBStore
from linkedin_assets.storage.store import DEFAULT_MEMORY_LIMIT

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
SANDBOX_DUCKDB = DATA_DIR / "linkedin_sandbox.duckdb"
LIVE_DUCKDB = DATA_DIR / "linkedin_live.duckdb"
SANDBOX_HOST = "https://sandbox.linkedin.invalid"

SANDBOX = "sandbox"
LIVE = "live"

# Environment variable -> resource field. Set variables are passed as dg.EnvVar so the UI
# shows the variable's name, never its value.
LINKEDIN_ENV = {
    "LINKEDIN_ACCESS_TOKEN": "access_token",
    "LINKEDIN_CLIENT_ID": "client_id",
    "LINKEDIN_CLIENT_SECRET": "client_secret",
    "LINKEDIN_REFRESH_TOKEN": "refresh_token",
    "LINKEDIN_API_BASE_URL": "api_base_url",
    "LINKEDIN_OAUTH_BASE_URL": "oauth_base_url",
    "LINKEDIN_API_VERSION": "api_version",
    "LINKEDIN_AD_ACCOUNT_IDS": "ad_account_ids",
    "LINKEDIN_ORGANIZATION_IDS": "organization_ids",
}
TRUE_WORDS = {"1", "true", "yes", "on"}


def parse_id_list(value: str, setting: str) -> tuple[int, ...]:
    """`"123, 456"` -> (123, 456); anything else is a ConfigurationError naming the setting."""
    ids = []
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            hint = ""
            if part.startswith("urn:li:"):
                hint = f" (write the number only: {part.rsplit(':', 1)[-1]})"
            raise ConfigurationError(
                f"{setting} must be comma-separated numeric ids, but contains {part!r}{hint}."
            )
        ids.append(int(part))
    return tuple(dict.fromkeys(ids))


@functools.cache
def shared_sandbox(seed: int, scale: float):
    """One emulator per process and world, so every asset of a run sees the same data."""
    from linkedin_assets.sandbox import Sandbox, WorldConfig

    return Sandbox(WorldConfig(seed=seed, scale=scale))


class LinkedInResource(dg.ConfigurableResource):
    """LinkedIn API access: live with credentials, the in-process sandbox without."""

    access_token: str | None = Field(default=None, description="LINKEDIN_ACCESS_TOKEN")
    client_id: str | None = Field(default=None, description="LINKEDIN_CLIENT_ID")
    client_secret: str | None = Field(default=None, description="LINKEDIN_CLIENT_SECRET")
    refresh_token: str | None = Field(default=None, description="LINKEDIN_REFRESH_TOKEN")
    api_base_url: str = DEFAULT_API_BASE_URL
    oauth_base_url: str = DEFAULT_OAUTH_BASE_URL
    api_version: str = DEFAULT_API_VERSION
    ad_account_ids: str = Field(default="", description="LINKEDIN_AD_ACCOUNT_IDS; empty = all")
    organization_ids: str = Field(default="", description="LINKEDIN_ORGANIZATION_IDS; empty = all")
    sandbox: bool = Field(default=False, description="LINKEDIN_SANDBOX: force the emulator")
    sandbox_seed: int = 7
    sandbox_scale: float = 1.0
    request_timeout_seconds: float = Field(default=120.0, description="read timeout per request")
    max_attempts: int = Field(default=8, description="attempts per request, retries included")
    retry_backoff_seconds: float = Field(default=2.0, description="first backoff; grows to 120 s")
    data_volume_wait_seconds: float = Field(
        default=330.0, description="wait after LinkedIn's 5-minute data-volume 429"
    )

    @property
    def mode(self) -> str:
        has_credentials = bool(self.access_token or self.refresh_token)
        return SANDBOX if self.sandbox or not has_credentials else LIVE

    @property
    def is_sandbox(self) -> bool:
        return self.mode == SANDBOX

    def account_id_filter(self) -> tuple[int, ...]:
        return parse_id_list(self.ad_account_ids, "LINKEDIN_AD_ACCOUNT_IDS")

    def organization_id_filter(self) -> tuple[int, ...]:
        return parse_id_list(self.organization_ids, "LINKEDIN_ORGANIZATION_IDS")

    def client_config(self) -> ClientConfig:
        limits = {
            "api_version": self.api_version,
            "timeout_seconds": self.request_timeout_seconds,
            "retry": RetryPolicy(
                max_attempts=self.max_attempts,
                backoff_initial_seconds=self.retry_backoff_seconds,
                data_volume_wait_seconds=self.data_volume_wait_seconds,
            ),
        }
        if self.is_sandbox:
            return ClientConfig(
                api_base_url=f"{SANDBOX_HOST}/rest",
                oauth_base_url=f"{SANDBOX_HOST}/oauth/v2",
                access_token=Secret("sandbox", public=True),
                **limits,
            ).validate()
        return ClientConfig(
            api_base_url=self.api_base_url,
            oauth_base_url=self.oauth_base_url,
            access_token=secret_or_none(self.access_token),
            client_id=self.client_id or None,
            client_secret=secret_or_none(self.client_secret),
            refresh_token=secret_or_none(self.refresh_token),
            **limits,
        ).validate()

    def sandbox_instance(self):
        return shared_sandbox(self.sandbox_seed, self.sandbox_scale)

    def get_client(self) -> LinkedInClient:
        """A new client; settings are validated before any request is made."""
        self.account_id_filter()
        self.organization_id_filter()
        config = self.client_config()
        transport = self.sandbox_instance().transport() if self.is_sandbox else None
        return LinkedInClient(config, transport=transport)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file the raw assets write and dbt reads."""

    path: str = Field(description="LINKEDIN_DUCKDB_PATH")
    mode: str = Field(default=SANDBOX, description="sandbox or live: what this file may hold")
    memory_limit: str = Field(
        default=DEFAULT_MEMORY_LIMIT, description="LINKEDIN_DUCKDB_MEMORY_LIMIT, e.g. 2GB"
    )

    def get_store(self) -> DuckDBStore:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        store = DuckDBStore(self.path, memory_limit=duckdb_memory_limit(self.memory_limit))
        claim_data_source(store, self.mode)
        return store


def claim_data_source(store: DuckDBStore, mode: str) -> None:
    """Mark the file with its data source on first use and refuse to mix sandbox and live."""
    with store.connect() as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS linkedin")
        con.execute("CREATE TABLE IF NOT EXISTS linkedin._data_source (mode VARCHAR NOT NULL)")
        rows = con.execute("SELECT mode FROM linkedin._data_source").fetchall()
        if not rows:
            con.execute("INSERT INTO linkedin._data_source VALUES (?)", [mode])
        elif rows[0][0] != mode:
            raise ConfigurationError(
                f"{store.path} holds {rows[0][0]} data, and this run is in {mode} mode. Sandbox "
                "and live data never share a file: point LINKEDIN_DUCKDB_PATH at another file "
                "(or unset it to use the default for this mode)."
            )


def duckdb_memory_limit(value: str) -> str:
    """A DuckDB memory_limit such as 2GB or 512MiB, or ConfigurationError naming the setting."""
    text = value.strip()
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", text, re.IGNORECASE):
        raise ConfigurationError(
            f"LINKEDIN_DUCKDB_MEMORY_LIMIT={value!r} is not a size: use a number and a unit, "
            f"e.g. {DEFAULT_MEMORY_LIMIT} or 512MB."
        )
    return text


def duckdb_path(env: Mapping[str, str], mode: str) -> str:
    configured = env.get("LINKEDIN_DUCKDB_PATH")
    if configured:
        return str(Path(configured).expanduser().resolve())
    return str(SANDBOX_DUCKDB if mode == SANDBOX else LIVE_DUCKDB)


def _number(env: Mapping[str, str], name: str, kind: type, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a {kind.__name__}.") from None


def linkedin_resource_from_env(env: Mapping[str, str] | None = None) -> LinkedInResource:
    env = os.environ if env is None else env
    settings: dict = {
        field: dg.EnvVar(name) for name, field in LINKEDIN_ENV.items() if env.get(name, "").strip()
    }
    return LinkedInResource(
        **settings,
        sandbox=env.get("LINKEDIN_SANDBOX", "").strip().lower() in TRUE_WORDS,
        sandbox_seed=int(_number(env, "LINKEDIN_SANDBOX_SEED", int, 7)),
        sandbox_scale=_number(env, "LINKEDIN_SANDBOX_SCALE", float, 1.0),
    )


def resources_from_env(env: Mapping[str, str] | None = None) -> dict[str, dg.ConfigurableResource]:
    env = os.environ if env is None else env
    linkedin = linkedin_resource_from_env(env)
    mode = resolved_mode(env)
    return {
        "linkedin": linkedin,
        "warehouse": WarehouseResource(
            path=duckdb_path(env, mode),
            mode=mode,
            memory_limit=duckdb_memory_limit(
                env.get("LINKEDIN_DUCKDB_MEMORY_LIMIT", "") or DEFAULT_MEMORY_LIMIT
            ),
        ),
    }


def resolved_mode(env: Mapping[str, str]) -> str:
    """The mode the environment selects, read without resolving the resource (for paths)."""
    forced = env.get("LINKEDIN_SANDBOX", "").strip().lower() in TRUE_WORDS
    has_credentials = bool(
        env.get("LINKEDIN_ACCESS_TOKEN", "").strip()
        or env.get("LINKEDIN_REFRESH_TOKEN", "").strip()
    )
    return SANDBOX if forced or not has_credentials else LIVE
