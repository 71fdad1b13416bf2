select
    post_urn as post_id,
    cast(organization_id as bigint) as organization_id,
    cast(post_published_on as date) as post_published_on,
    cast(card_index as integer) as card_index,
    landing_page as landing_page_url,
    media_id as media_urn,
    media_title,
    _synced_at
from {{ source('linkedin', 'post_carousel_cards') }}
