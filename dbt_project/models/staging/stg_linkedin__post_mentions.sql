select
    post_urn as post_id,
    cast(organization_id as bigint) as organization_id,
    cast(post_published_on as date) as post_published_on,
    cast(mention_index as integer) as mention_index,
    fallback_text,
    target_urn,
    target_type,
    target_id,
    cast(char_offset as integer) as char_offset,
    _synced_at
from {{ source('linkedin', 'post_mentions') }}
