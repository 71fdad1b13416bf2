select
    reaction_urn as reaction_id,
    post_urn as post_id,
    cast(organization_id as bigint) as organization_id,
    cast(post_published_on as date) as post_published_on,
    actor_urn,
    actor_type,
    reaction_type,
    root_urn,
    created_at,
    last_modified_at,
    _synced_at
from {{ source('linkedin', 'post_reactions') }}
