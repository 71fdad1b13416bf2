{#- value_urn is a standardized URN (urn:li:seniority:N, urn:li:geo:N, ...) or an enum
    (SIZE_11_TO_50) depending on the facet. Page views by section x device stay as in raw. -#}
select
    cast(snapshot_date as date) as snapshot_date,
    cast(organization_id as bigint) as organization_id,
    facet,
    value as value_urn,
    organization_urn,
    snapshot_date = max(snapshot_date) over (partition by organization_id) as is_latest_snapshot,
    * exclude (snapshot_date, organization_id, facet, value, organization_urn, _raw)
from {{ source('linkedin', 'page_visitor_demographics') }}
