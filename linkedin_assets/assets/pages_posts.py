"""LinkedIn Page post assets (group `linkedin_pages`), all partitioned by the post's UTC
publish day so a backfill range covers the posts of those days:

- posts + post_hashtags, post_mentions, post_poll_options, post_carousel_cards, post_images:
  one listing, six tables written for the same window in the same run;
- post_statistics: lifetime totals of those posts as of the run day (one snapshot per day
  kept, so running the trailing days daily builds each recent post's history);
- post_comments, post_reactions: the engagement on those posts.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg

from linkedin_assets.assets.kit import (
    DUCKDB_POOL,
    announce_mode,
    api_usage,
    days_between,
    dedupe_rows,
    window_days,
)
from linkedin_assets.assets.pages_fetch import (
    fetch_comments,
    fetch_post_statistics,
    fetch_reactions,
    fetch_window_posts,
)
from linkedin_assets.assets.pages_frames import column_schema, frame_for
from linkedin_assets.assets.pages_post_tables import (
    POST_CAROUSEL_CARDS,
    POST_COMMENTS,
    POST_DOCS,
    POST_HASHTAGS,
    POST_IMAGES,
    POST_MENTIONS,
    POST_POLL_OPTIONS,
    POST_REACTIONS,
    POST_STATISTICS,
    POSTS,
)
from linkedin_assets.assets.pages_posts_flatten import (
    PostRows,
    comment_row,
    flatten_post,
    is_published,
    post_statistics_row,
    publish_day,
    reaction_row,
)
from linkedin_assets.assets.pages_results import GROUP_NAME, KINDS, page_metadata
from linkedin_assets.assets.pages_scope import resolve_organizations, utc_today
from linkedin_assets.partitions import DAILY
from linkedin_assets.resources import LinkedInResource, WarehouseResource
from linkedin_assets.storage import TableSpec

# Table, attribute of PostRows, description.
POST_TABLES: tuple[tuple[TableSpec, str, str], ...] = (
    (
        POSTS,
        "posts",
        "Posts of the organizations covered (published, drafts, Direct Sponsored Content), "
        "partitioned by UTC publish day; key post_urn. Content type and every content block "
        "(media, article, poll, multi-image, carousel, celebration, reference), visibility, "
        "distribution, lifecycle, reshare and ad context, edited flag, commentary (raw and "
        "rendered). Listed newest-created first; paging stops once past the window.",
    ),
    (
        POST_HASHTAGS,
        "hashtags",
        "Hashtags of each post's commentary ({hashtag|\\#|tag} markup, or plain #tag text as "
        "a fallback); key (post_urn, hashtag_index). Written with posts.",
    ),
    (
        POST_MENTIONS,
        "mentions",
        "Mentions in each post's commentary (@[Name](urn:li:organization:N)): fallback text "
        "and target URN; key (post_urn, mention_index). Written with posts.",
    ),
    (
        POST_POLL_OPTIONS,
        "poll_options",
        "Options of poll posts with vote counts; key (post_urn, option_index). Written with posts.",
    ),
    (
        POST_CAROUSEL_CARDS,
        "carousel_cards",
        "Cards of carousel posts (landing page, media); key (post_urn, card_index). Written "
        "with posts.",
    ),
    (
        POST_IMAGES,
        "images",
        "Every image of a post (single media, multi-image, celebration, article thumbnail); "
        "key (post_urn, image_index). Written with posts.",
    ),
)


def _post_spec(spec: TableSpec, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        spec.name,
        group_name=GROUP_NAME,
        kinds=KINDS,
        description=description,
        metadata={"dagster/column_schema": column_schema(spec, POST_DOCS)},
    )


@dg.multi_asset(
    name="organization_posts",
    specs=[_post_spec(spec, description) for spec, _, description in POST_TABLES],
    partitions_def=DAILY,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=DUCKDB_POOL,
)
def organization_posts(
    context: dg.AssetExecutionContext, linkedin: LinkedInResource, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:
    announce_mode(context, linkedin)
    start, end = window_days(context)
    store = warehouse.get_store()
    with linkedin.get_client() as client, api_usage(client) as used:
        scope = resolve_organizations(client, linkedin)
        fetched = fetch_window_posts(client, scope.ids, start, end)
    rows = PostRows()
    for organization_id, posts in fetched.by_organization.items():
        for post in posts:
            rows.extend(flatten_post(post, organization_id))
    # Child tables first, posts last (each write is its own transaction): whoever sees a
    # post's new row also sees its new child rows.
    for spec, attribute, _ in reversed(POST_TABLES):
        table_rows, duplicates = dedupe_rows(getattr(rows, attribute), spec.primary_key)
        written = store.replace_window(
            spec,
            frame_for(spec, table_rows),
            window_column="published_on" if spec is POSTS else "post_published_on",
            start=start,
            end=end,
            scope=scope.storage_scope(),
        )
        yield dg.MaterializeResult(
            asset_key=spec.name,
            metadata=page_metadata(
                linkedin=linkedin,
                store=store,
                spec=spec,
                written=written,
                usage=used[0],
                scope=scope,
                window=(start, end),
                duplicates_dropped=duplicates,
                requests_shared_with="the six post tables (one listing)",
                **fetched.metadata(),
            ),
        )


# ------------------------------------------------------------------------ post statistics


@dg.asset(
    name="post_statistics",
    group_name=GROUP_NAME,
    kinds=KINDS,
    pool=DUCKDB_POOL,
    partitions_def=DAILY,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description=(
        "Lifetime totals per post (impressions, unique impressions, clicks, likes, comments, "
        "shares, engagement) as of the run day, for the published posts whose publish day is "
        "in the partition window; key (snapshot_date, post_urn). Earlier snapshots are kept, "
        "so materializing the trailing days (e.g. the last 30) every day records each recent "
        "post's daily growth; a range run snapshots every post of the range at once. URNs go "
        "in batches of 50 or more per request (as many as fit a 4,000-character URL)."
    ),
    metadata={"dagster/column_schema": column_schema(POST_STATISTICS, POST_DOCS)},
)
def post_statistics(
    context: dg.AssetExecutionContext, linkedin: LinkedInResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    announce_mode(context, linkedin)
    start, end = window_days(context)
    snapshot_date = utc_today()
    store = warehouse.get_store()
    rows: list[dict[str, Any]] = []
    asked = 0
    with linkedin.get_client() as client, api_usage(client) as used:
        scope = resolve_organizations(client, linkedin)
        fetched = fetch_window_posts(client, scope.ids, start, end)
        for organization_id, posts in fetched.by_organization.items():
            published_on = {p["id"]: publish_day(p) for p in posts if is_published(p)}
            asked += len(published_on)
            for element in fetch_post_statistics(client, organization_id, published_on):
                row = post_statistics_row(element, snapshot_date, organization_id, published_on)
                if row is not None:
                    rows.append(row)
    rows, duplicates = dedupe_rows(rows, POST_STATISTICS.primary_key)
    written = store.replace_snapshot(
        POST_STATISTICS,
        frame_for(POST_STATISTICS, rows),
        snapshot_column="snapshot_date",
        snapshot_value=snapshot_date,
        # Only this snapshot's rows of posts published in the window are replaced.
        scope={**scope.storage_scope(), "post_published_on": list(days_between(start, end))},
    )
    return dg.MaterializeResult(
        metadata=page_metadata(
            linkedin=linkedin,
            store=store,
            spec=POST_STATISTICS,
            written=written,
            usage=used[0],
            scope=scope,
            window=(start, end),
            snapshot_date=snapshot_date.isoformat(),
            posts_asked=asked,
            # LinkedIn omits posts without organic statistics (e.g. dark posts).
            posts_without_statistics=asked - len(rows),
            duplicates_dropped=duplicates,
            **fetched.metadata(),
        )
    )


# ---------------------------------------------------------------- comments and reactions

ENGAGEMENT_TABLES = {
    POST_COMMENTS.name: (
        POST_COMMENTS,
        "Comments (and replies) on the posts published in the partition window; key "
        "comment_urn. Author, text, parent comment, likes and reply counts, created time.",
    ),
    POST_REACTIONS.name: (
        POST_REACTIONS,
        "Reactions on the posts published in the partition window; key reaction_urn. Actor, "
        "reaction type, created time.",
    ),
}


@dg.multi_asset(
    name="post_engagement",
    specs=[
        _post_spec(spec, description).replace_attributes(skippable=True)
        for spec, description in ENGAGEMENT_TABLES.values()
    ],
    can_subset=True,
    partitions_def=DAILY,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=DUCKDB_POOL,
)
def post_engagement(
    context: dg.AssetExecutionContext, linkedin: LinkedInResource, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:
    announce_mode(context, linkedin)
    start, end = window_days(context)
    selected = {key.to_user_string() for key in context.selected_asset_keys}
    store = warehouse.get_store()
    comments: list[dict[str, Any]] = []
    reactions: list[dict[str, Any]] = []
    with linkedin.get_client() as client, api_usage(client) as used:
        scope = resolve_organizations(client, linkedin)
        fetched = fetch_window_posts(client, scope.ids, start, end)
        for organization_id, posts in fetched.by_organization.items():
            # Drafts have no engagement; asking would only spend requests.
            for post in filter(is_published, posts):
                if POST_COMMENTS.name in selected:
                    comments += [
                        comment_row(c, post, organization_id)
                        for c in fetch_comments(client, post["id"])
                    ]
                if POST_REACTIONS.name in selected:
                    reactions += [
                        reaction_row(r, post, organization_id)
                        for r in fetch_reactions(client, post["id"])
                    ]
    for spec, rows in ((POST_COMMENTS, comments), (POST_REACTIONS, reactions)):
        if spec.name not in selected:
            continue
        rows, duplicates = dedupe_rows(rows, spec.primary_key)
        written = store.replace_window(
            spec,
            frame_for(spec, rows),
            window_column="post_published_on",
            start=start,
            end=end,
            scope=scope.storage_scope(),
        )
        yield dg.MaterializeResult(
            asset_key=spec.name,
            metadata=page_metadata(
                linkedin=linkedin,
                store=store,
                spec=spec,
                written=written,
                usage=used[0],
                scope=scope,
                window=(start, end),
                duplicates_dropped=duplicates,
                requests_shared_with=", ".join(sorted(selected)),
                **fetched.metadata(),
            ),
        )
