"""Ads endpoints: ad accounts, account users, campaign groups, campaigns, creatives,
conversion rules, lead forms and lead form responses (linkedin_api.md §2, §3, §5.1, §7.4)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from linkedin_assets.sandbox.errors import (
    not_found,
    param_invalid,
    path_syntax_error,
    too_many_entities,
)
from linkedin_assets.sandbox.paging import (
    CURSOR_LIMITS,
    IndexWindow,
    cursor_page,
    index_page,
    index_window,
)
from linkedin_assets.sandbox.restli_parser import (
    RestliValue,
    as_boolean,
    as_enum,
    as_int,
    as_leaf_list,
    decode_path_key,
    require_keys,
    urn_id,
)

if TYPE_CHECKING:
    from linkedin_assets.sandbox.app import RouteContext
    from linkedin_assets.sandbox.world import World

ACCOUNT_STATUSES = ("ACTIVE", "DRAFT", "CANCELED", "PENDING_DELETION", "REMOVED")
ACCOUNT_TYPES = ("BUSINESS", "ENTERPRISE")
GROUP_STATUSES = (
    "ACTIVE",
    "ARCHIVED",
    "CANCELED",
    "DRAFT",
    "PAUSED",
    "PENDING_DELETION",
    "REMOVED",
)
CAMPAIGN_STATUSES = (
    "ACTIVE",
    "PAUSED",
    "ARCHIVED",
    "COMPLETED",
    "CANCELED",
    "DRAFT",
    "PENDING_DELETION",
    "REMOVED",
)
CAMPAIGN_TYPES = ("TEXT_AD", "SPONSORED_UPDATES", "SPONSORED_INMAILS", "DYNAMIC")
CREATIVE_STATUSES = (
    "ACTIVE",
    "PAUSED",
    "DRAFT",
    "ARCHIVED",
    "CANCELED",
    "PENDING_DELETION",
    "REMOVED",
)
SORT_ORDERS = ("ASCENDING", "DESCENDING")
LEAD_TYPES = ("SPONSORED", "EVENT", "COMPANY", "ORGANIZATION_PRODUCT")


def account_urn(account_id: int) -> str:
    return f"urn:li:sponsoredAccount:{account_id}"


def _numeric_id(value: Any) -> int:
    """Numeric id of an entity whose `id` is a number or a URN string (creatives)."""
    if isinstance(value, int):
        return value
    return int(str(value).rsplit(":", 1)[-1])


class AdsCatalog:
    """Indexes over the World's ad entities, plus what the token's member may see."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.accounts = sorted(world.ad_accounts, key=lambda account: account["id"])
        self.account_by_id = {account["id"]: account for account in self.accounts}
        member_accounts = {
            user["account"] for user in world.ad_account_users if user["user"] == world.member_urn
        }
        # A world that lists no role for the member still means "the member sees every account".
        self.accessible_urns = member_accounts or {account_urn(a["id"]) for a in self.accounts}
        self.group_by_urn: dict[str, dict[str, Any]] = {}
        self.groups_by_account: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for group in sorted(world.campaign_groups, key=lambda g: g["id"]):
            self.group_by_urn[f"urn:li:sponsoredCampaignGroup:{group['id']}"] = group
            self.groups_by_account[group["account"]].append(group)
        self.campaign_by_urn: dict[str, dict[str, Any]] = {}
        self.campaigns_by_account: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for campaign in sorted(world.campaigns, key=lambda c: c["id"]):
            self.campaign_by_urn[f"urn:li:sponsoredCampaign:{campaign['id']}"] = campaign
            self.campaigns_by_account[campaign["account"]].append(campaign)
        self.creative_by_urn: dict[str, dict[str, Any]] = {}
        self.creatives_by_account: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for creative in sorted(world.creatives, key=lambda c: _numeric_id(c["id"])):
            self.creative_by_urn[creative["id"]] = creative
            self.creatives_by_account[creative["account"]].append(creative)
        self.conversions_by_account: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for conversion in sorted(world.conversions, key=lambda c: c["id"]):
            self.conversions_by_account[conversion["account"]].append(conversion)

    def can_access(self, urn: str) -> bool:
        return urn in self.accessible_urns

    def accessible_accounts(self) -> list[dict[str, Any]]:
        return [a for a in self.accounts if account_urn(a["id"]) in self.accessible_urns]


# ---------------------------------------------------------------- shared helpers


def _search_record(ctx: RouteContext, allowed: Sequence[str]) -> dict[str, RestliValue]:
    record = ctx.query.record("search") or {}
    return require_keys(record, "search", allowed)


def _search_values(
    record: dict[str, RestliValue], key: str, allowed: Iterable[str] | None = None
) -> list[str] | None:
    """`key:(values:List(...))` of a search record, validated."""
    if key not in record:
        return None
    criterion = record[key]
    path = f"search.{key}"
    if not isinstance(criterion, dict) or set(criterion) != {"values"}:
        raise param_invalid(path, f"'{path}' must be (values:List(...))")
    values = as_leaf_list(criterion["values"], f"{path}.values")
    if allowed is not None:
        allowed = tuple(allowed)
        for value in values:
            as_enum(value, f"{path}.values", allowed)
    return values


def _search_test(record: dict[str, RestliValue]) -> bool | None:
    if "test" not in record:
        return None
    return as_boolean(record["test"], "search.test")


def _matches_name(name: str, wanted: list[str] | None) -> bool:
    if wanted is None:
        return True
    return any(value.lower() in name.lower() for value in wanted)


def _sorted(elements: list[dict[str, Any]], ctx: RouteContext) -> list[dict[str, Any]]:
    order = ctx.query.enum("sortOrder", SORT_ORDERS, default="ASCENDING")
    ordered = sorted(elements, key=lambda element: _numeric_id(element["id"]))
    return ordered[::-1] if order == "DESCENDING" else ordered


def page_cursor_endpoint(
    ctx: RouteContext, elements: list[dict[str, Any]], endpoint: str
) -> dict[str, Any]:
    """Cursor paging; `start`/`count` without cursor params is accepted too (§10 item 4)."""
    uses_index = ("start" in ctx.query or "count" in ctx.query) and not (
        "pageSize" in ctx.query or "pageToken" in ctx.query
    )
    if uses_index:
        count = ctx.query.integer("count")
        if count is not None and count > CURSOR_LIMITS[endpoint].maximum:
            raise too_many_entities()
        window = IndexWindow(
            start=ctx.query.integer("start", default=0) or 0,
            count=CURSOR_LIMITS[endpoint].default if count is None else count,
            count_given=count is not None,
        )
        return index_page(elements, window, ctx.path, ctx.query, include_total=True)
    return cursor_page(elements, ctx.query, endpoint, ctx.codec)


def _account_from_path(ctx: RouteContext, raw_id: str) -> dict[str, Any]:
    if not raw_id.isdigit():
        raise path_syntax_error()
    account = ctx.ads.account_by_id.get(int(raw_id))
    if account is None or not ctx.ads.can_access(account_urn(account["id"])):
        raise ctx.deny()
    return account


def _require_finder(ctx: RouteContext, *finders: str) -> str:
    finder = ctx.query.text("q")
    if finder not in finders:
        raise not_found()
    return finder


# ---------------------------------------------------------------- ad accounts


def ad_accounts(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAccounts?q=search[&search=(...)]."""
    _require_finder(ctx, "search")
    record = _search_record(ctx, ("id", "status", "type", "reference", "name", "test"))
    ids = _search_values(record, "id")
    wanted_ids = None if ids is None else {urn_id(v, "sponsoredAccount", "search.id") for v in ids}
    statuses = _search_values(record, "status", ACCOUNT_STATUSES)
    types = _search_values(record, "type", ACCOUNT_TYPES)
    references = _search_values(record, "reference")
    names = _search_values(record, "name")
    test = _search_test(record)
    elements = [
        account
        for account in ctx.ads.accessible_accounts()
        if (wanted_ids is None or account["id"] in wanted_ids)
        and (statuses is None or account.get("status") in statuses)
        and (types is None or account.get("type") in types)
        and (references is None or account.get("reference") in references)
        and _matches_name(account.get("name", ""), names)
        and (test is None or bool(account.get("test")) == test)
    ]
    return page_cursor_endpoint(ctx, _sorted(elements, ctx), "adAccounts")


def ad_account(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAccounts/{id}."""
    return _account_from_path(ctx, args[0])


def ad_account_users(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAccountUsers?q=authenticatedUser | q=accounts&accounts=<urn>."""
    finder = _require_finder(ctx, "authenticatedUser", "accounts")
    users = ctx.world.ad_account_users
    if finder == "authenticatedUser":
        elements = [
            user
            for user in users
            if user["user"] == ctx.world.member_urn and ctx.ads.can_access(user["account"])
        ]
    else:
        account = ctx.query.text("accounts", required=True)
        assert account is not None
        urn_id(account, "sponsoredAccount", "accounts")
        if not ctx.ads.can_access(account):
            raise ctx.deny()
        elements = [user for user in users if user["account"] == account]
    return index_page(
        elements, index_window(ctx.query, "adAccountUsers"), ctx.path, ctx.query, True
    )


# ---------------------------------------------------------------- campaign groups and campaigns


def campaign_groups(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAccounts/{id}/adCampaignGroups?q=search."""
    account = _account_from_path(ctx, args[0])
    _require_finder(ctx, "search")
    record = _search_record(ctx, ("id", "status", "name", "test"))
    ids = _search_values(record, "id")
    wanted = (
        None if ids is None else {urn_id(v, "sponsoredCampaignGroup", "search.id") for v in ids}
    )
    statuses = _search_values(record, "status", GROUP_STATUSES)
    names = _search_values(record, "name")
    test = _search_test(record)
    elements = [
        group
        for group in ctx.ads.groups_by_account.get(account_urn(account["id"]), [])
        if (wanted is None or group["id"] in wanted)
        and (statuses is None or group.get("status") in statuses)
        and _matches_name(group.get("name", ""), names)
        and (test is None or bool(group.get("test")) == test)
    ]
    return page_cursor_endpoint(ctx, _sorted(elements, ctx), "adCampaignGroups")


def campaign_group(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAccounts/{id}/adCampaignGroups/{groupId}."""
    account = _account_from_path(ctx, args[0])
    if not args[1].isdigit():
        raise path_syntax_error()
    group = ctx.ads.group_by_urn.get(f"urn:li:sponsoredCampaignGroup:{args[1]}")
    if group is None or group["account"] != account_urn(account["id"]):
        raise not_found()
    return group


def campaigns(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAccounts/{id}/adCampaigns?q=search."""
    account = _account_from_path(ctx, args[0])
    _require_finder(ctx, "search")
    record = _search_record(ctx, ("id", "status", "campaignGroup", "type", "name", "test"))
    ids = _search_values(record, "id")
    wanted = None if ids is None else {urn_id(v, "sponsoredCampaign", "search.id") for v in ids}
    statuses = _search_values(record, "status", CAMPAIGN_STATUSES)
    groups = _search_values(record, "campaignGroup")
    if groups is not None:
        for group in groups:
            urn_id(group, "sponsoredCampaignGroup", "search.campaignGroup")
    types = _search_values(record, "type", CAMPAIGN_TYPES)
    names = _search_values(record, "name")
    test = _search_test(record)
    elements = [
        campaign
        for campaign in ctx.ads.campaigns_by_account.get(account_urn(account["id"]), [])
        if (wanted is None or campaign["id"] in wanted)
        and (statuses is None or campaign.get("status") in statuses)
        and (groups is None or campaign.get("campaignGroup") in groups)
        and (types is None or campaign.get("type") in types)
        and _matches_name(campaign.get("name", ""), names)
        and (test is None or bool(campaign.get("test")) == test)
    ]
    return page_cursor_endpoint(ctx, _sorted(elements, ctx), "adCampaigns")


def campaign(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAccounts/{id}/adCampaigns/{campaignId}."""
    account = _account_from_path(ctx, args[0])
    if not args[1].isdigit():
        raise path_syntax_error()
    found = ctx.ads.campaign_by_urn.get(f"urn:li:sponsoredCampaign:{args[1]}")
    if found is None or found["account"] != account_urn(account["id"]):
        raise not_found()
    return found


# ---------------------------------------------------------------- creatives


def creatives(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAccounts/{id}/creatives?q=criteria (q=search is a 404 on LinkedIn too)."""
    account = _account_from_path(ctx, args[0])
    _require_finder(ctx, "criteria")
    campaign_urns = ctx.query.leaf_list("campaigns")
    for urn in campaign_urns or []:
        urn_id(urn, "sponsoredCampaign", "campaigns")
    creative_urns = ctx.query.leaf_list("creatives")
    for urn in creative_urns or []:
        urn_id(urn, "sponsoredCreative", "creatives")
    statuses = ctx.query.leaf_list("intendedStatuses")
    for status in statuses or []:
        as_enum(status, "intendedStatuses", CREATIVE_STATUSES)
    references = ctx.query.leaf_list("contentReferences")
    is_test = ctx.query.boolean("isTestAccount")
    if is_test is not None and bool(account.get("test")) != is_test:
        elements: list[dict[str, Any]] = []
    else:
        elements = [
            creative
            for creative in ctx.ads.creatives_by_account.get(account_urn(account["id"]), [])
            if (campaign_urns is None or creative.get("campaign") in campaign_urns)
            and (creative_urns is None or creative["id"] in creative_urns)
            and (statuses is None or creative.get("intendedStatus") in statuses)
            and (references is None or _content_reference(creative) in references)
        ]
    return page_cursor_endpoint(ctx, _sorted(elements, ctx), "creatives")


def creative(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /adAccounts/{id}/creatives/{encoded creative urn}."""
    account = _account_from_path(ctx, args[0])
    urn = decode_path_key(args[1], ctx.protocol_v2)
    found = ctx.ads.creative_by_urn.get(urn)
    if found is None or found["account"] != account_urn(account["id"]):
        raise not_found()
    return found


def _content_reference(creative: dict[str, Any]) -> str | None:
    content = creative.get("content") or {}
    reference = content.get("reference")
    return reference if isinstance(reference, str) else None


# ---------------------------------------------------------------- conversions


def conversions(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /conversions?q=account&account=<urn>."""
    _require_finder(ctx, "account")
    account = ctx.query.text("account", required=True)
    assert account is not None
    urn_id(account, "sponsoredAccount", "account")
    if not ctx.ads.can_access(account):
        raise ctx.deny()
    elements = ctx.ads.conversions_by_account.get(account, [])
    return index_page(elements, index_window(ctx.query, "conversions"), ctx.path, ctx.query, True)


# ---------------------------------------------------------------- lead gen


def _owner(ctx: RouteContext) -> tuple[str, str]:
    """`owner=(sponsoredAccount:<urn>)` or `owner=(organization:<urn>)`, access-checked."""
    record = ctx.query.record("owner", required=True)
    assert record is not None
    require_keys(record, "owner", ("sponsoredAccount", "organization"))
    if len(record) != 1:
        raise param_invalid("owner", "'owner' must name exactly one owner")
    (kind, value), *_ = record.items()
    if kind == "sponsoredAccount":
        urn_id(value, "sponsoredAccount", "owner.sponsoredAccount")
        allowed = ctx.ads.can_access(str(value))
    else:
        organization_id = urn_id(value, "organization", "owner.organization")
        allowed = ctx.orgs.is_admin(organization_id)
    if not allowed:
        raise ctx.deny()
    return kind, str(value)


def _owned_by(element: dict[str, Any], kind: str, urn: str) -> bool:
    owner = element.get("owner")
    if isinstance(owner, dict):
        return owner.get(kind) == urn
    return owner == urn


def lead_forms(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /leadForms?q=owner&owner=(sponsoredAccount:<urn>)."""
    _require_finder(ctx, "owner")
    kind, urn = _owner(ctx)
    elements = [form for form in ctx.world.lead_forms if _owned_by(form, kind, urn)]
    return index_page(elements, index_window(ctx.query, "leadForms"), ctx.path, ctx.query, True)


def lead_form_responses(ctx: RouteContext, args: tuple[str, ...]) -> dict[str, Any]:
    """GET /leadFormResponses?q=owner&owner=(...)&leadType=(leadType:SPONSORED)[&filters]."""
    _require_finder(ctx, "owner")
    kind, urn = _owner(ctx)
    lead_type = _lead_type(ctx)
    window_start, window_end = _submitted_range(ctx)
    form_urn = ctx.query.text("versionedLeadGenFormUrn")
    test_only = ctx.query.boolean("limitedToTestLeads")
    elements = [
        response
        for response in ctx.world.lead_form_responses
        if _owned_by(response, kind, urn)
        and (lead_type is None or response.get("leadType", lead_type) == lead_type)
        and window_start <= response.get("submittedAt", 0) < window_end
        and (form_urn is None or response.get("versionedLeadGenFormUrn") == form_urn)
        and (not test_only or bool(response.get("testLead")))
    ]
    window = index_window(ctx.query, "leadFormResponses")
    return index_page(elements, window, ctx.path, ctx.query, True)


def _lead_type(ctx: RouteContext) -> str | None:
    value = ctx.query.value("leadType")
    if value is None:
        return None
    if isinstance(value, dict):
        require_keys(value, "leadType", ("leadType",))
        value = value.get("leadType", "")
    return as_enum(value, "leadType", LEAD_TYPES)


def _submitted_range(ctx: RouteContext) -> tuple[int, int]:
    record = ctx.query.record("submittedAtTimeRange")
    if record is None:
        return 0, 2**63
    require_keys(record, "submittedAtTimeRange", ("start", "end"))
    start = as_int(record["start"], "submittedAtTimeRange.start") if "start" in record else 0
    end = as_int(record["end"], "submittedAtTimeRange.end") if "end" in record else 2**63
    if end < start:
        raise param_invalid("submittedAtTimeRange", "'end' must not be before 'start'")
    return start, end
