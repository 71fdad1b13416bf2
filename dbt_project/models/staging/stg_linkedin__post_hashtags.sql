select
    post_urn as post_id,
    cast(organization_id as bigint) as organization_id,
    cast(post_published_on as date) as post_published_on,
    cast(hashtag_index as integer) as hashtag_index,
    hashtag,
    hashtag_normalized,
    source as hashtag_source,
    cast(char_offset as integer) as char_offset,
    _synced_at
from {{ source('linkedin', 'post_hashtags') }}
