select
    cast(snapshot_date as date) as snapshot_date,
    cast(organization_id as bigint) as organization_id,
    facet,
    value as value_urn,
    organization_urn,
    cast(organic_follower_count as bigint) as organic_follower_count,
    cast(paid_follower_count as bigint) as paid_follower_count,
    snapshot_date = max(snapshot_date) over (partition by organization_id) as is_latest_snapshot,
    _synced_at
from {{ source('linkedin', 'follower_demographics') }}
