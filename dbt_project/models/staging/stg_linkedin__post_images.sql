select
    post_urn as post_id,
    cast(organization_id as bigint) as organization_id,
    cast(post_published_on as date) as post_published_on,
    cast(image_index as integer) as image_index,
    image_id as image_urn,
    image_role,
    alt_text,
    _synced_at
from {{ source('linkedin', 'post_images') }}
