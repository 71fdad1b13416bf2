select
    post_urn as post_id,
    cast(organization_id as bigint) as organization_id,
    cast(post_published_on as date) as post_published_on,
    cast(option_index as integer) as option_index,
    option_text,
    cast(vote_count as bigint) as vote_count,
    is_voted_by_viewer,
    _synced_at
from {{ source('linkedin', 'post_poll_options') }}
