"""Which LinkedIn Pages a run covers: the organizations the token administers, narrowed by
LINKEDIN_ORGANIZATION_IDS. Every page asset writes only inside this scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linkedin_assets.linkedin import pages
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.linkedin.errors import ConfigurationError
from linkedin_assets.linkedin.restli import urn_id
from linkedin_assets.resources import LinkedInResource

ORGANIZATION_SETTING = "LINKEDIN_ORGANIZATION_IDS"
ORGANIZATION_URN_PREFIX = "urn:li:organization:"


def utc_today() -> dt.date:
    """The run date in UTC: snapshot dates and LinkedIn's statistics window are UTC days."""
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class OrganizationScope:
    """The organizations a run reads and writes, in a stable order."""

    ids: tuple[int, ...]

    @property
    def urns(self) -> tuple[str, ...]:
        return tuple(pages.organization_urn(i) for i in self.ids)

    def storage_scope(self) -> dict[str, list[int]]:
        """The `scope=` of every write: rows of other organizations are never touched."""
        return {"organization_id": list(self.ids)}

    def metadata(self) -> dict[str, Any]:
        return {
            "organizations_covered": ", ".join(str(i) for i in self.ids),
            "organization_count": len(self.ids),
        }


def administered_organization_ids(acls: Iterable[Mapping[str, Any]]) -> list[int]:
    """Organization ids of APPROVED ADMINISTRATOR ACLs, first-seen order, no repeats.

    Some LinkedIn samples name the organization `organizationTarget` instead of
    `organization`; both are read.
    """
    ids: dict[int, None] = {}
    for acl in acls:
        if acl.get("role") != "ADMINISTRATOR" or acl.get("state") != "APPROVED":
            continue
        target = acl.get("organization") or acl.get("organizationTarget")
        if isinstance(target, str) and target.startswith(ORGANIZATION_URN_PREFIX):
            ids[int(urn_id(target))] = None
    return list(ids)


def select_organizations(administered: Sequence[int], configured: Sequence[int]) -> tuple[int, ...]:
    """The configured ids (all administered ones when none are configured).

    A configured id the token does not administer is a setting error, not an empty result:
    the run would otherwise silently write nothing for it.
    """
    if not configured:
        if not administered:
            raise ConfigurationError(
                "This LinkedIn token administers no organization page (no APPROVED "
                "ADMINISTRATOR role in organizationAcls). Page assets need a member who is an "
                "administrator of the page, with the r_organization_admin and "
                "r_organization_social scopes."
            )
        return tuple(administered)
    unknown = [i for i in configured if i not in set(administered)]
    if unknown:
        listed = ", ".join(str(i) for i in unknown)
        available = ", ".join(str(i) for i in administered) or "none"
        raise ConfigurationError(
            f"{ORGANIZATION_SETTING} lists {listed}, which this token does not administer "
            f"(APPROVED ADMINISTRATOR role required). Organizations it administers: "
            f"{available}. Fix {ORGANIZATION_SETTING} or have a page admin grant the role."
        )
    return tuple(configured)


def resolve_organizations(client: LinkedInClient, linkedin: LinkedInResource) -> OrganizationScope:
    """Discover administered pages (one ACL listing) and apply LINKEDIN_ORGANIZATION_IDS."""
    configured = linkedin.organization_id_filter()  # bad settings fail before any request
    administered = administered_organization_ids(client.iter_elements(pages.organization_acls()))
    return OrganizationScope(select_organizations(administered, configured))
