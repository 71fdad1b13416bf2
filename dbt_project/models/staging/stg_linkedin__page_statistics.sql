{#- Page views by section x device (all_page_views, desktop_about_page_views, ...), unique
    page views, careers-page and custom-button clicks, kept under their raw names. -#}
select
    cast(day as date) as date_day,
    cast(organization_id as bigint) as organization_id,
    organization_urn,
    * exclude (day, organization_id, organization_urn, _raw)
from {{ source('linkedin', 'page_statistics') }}
