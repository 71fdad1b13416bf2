{#- Lifetime totals of a post as of snapshot_date; is_latest_snapshot marks the newest
    snapshot of each post (the figures to report). -#}
select
    cast(snapshot_date as date) as snapshot_date,
    post_urn as post_id,
    cast(organization_id as bigint) as organization_id,
    cast(post_published_on as date) as post_published_on,
    cast(impression_count as bigint) as impressions,
    cast(unique_impressions_count as bigint) as unique_impressions,
    cast(click_count as bigint) as clicks,
    cast(like_count as bigint) as likes,
    cast(comment_count as bigint) as comments,
    cast(share_count as bigint) as shares,
    cast(share_mentions_count as bigint) as share_mentions,
    cast(comment_mentions_count as bigint) as comment_mentions,
    engagement as engagement_rate,
    row_number() over (partition by post_urn order by snapshot_date desc) = 1 as is_latest_snapshot,
    _synced_at
from {{ source('linkedin', 'post_statistics') }}
