select
    cast(day as date) as date_day,
    cast(organization_id as bigint) as organization_id,
    organization_urn,
    cast(impression_count as bigint) as impressions,
    cast(unique_impressions_count as bigint) as unique_impressions,
    cast(click_count as bigint) as clicks,
    cast(like_count as bigint) as likes,
    cast(comment_count as bigint) as comments,
    cast(share_count as bigint) as shares,
    cast(share_mentions_count as bigint) as share_mentions,
    cast(comment_mentions_count as bigint) as comment_mentions,
    -- LinkedIn's own (clicks + likes + comments + shares) / impressions of the day
    engagement as engagement_rate,
    _synced_at
from {{ source('linkedin', 'share_statistics') }}
