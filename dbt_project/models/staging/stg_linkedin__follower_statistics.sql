select
    cast(day as date) as date_day,
    cast(organization_id as bigint) as organization_id,
    organization_urn,
    cast(organic_follower_gain as bigint) as organic_follower_gain,
    cast(paid_follower_gain as bigint) as paid_follower_gain,
    _synced_at
from {{ source('linkedin', 'follower_statistics') }}
