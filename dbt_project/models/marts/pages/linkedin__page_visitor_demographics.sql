{#- Who visits each page: lifetime page views by every visitor facet (seniority, function,
    industry, geo, country, staff count range, ...) from the newest snapshot, with the name
    of each standardized value and its share of the facet's views. -#}
with latest as (

    select *
    from {{ ref('stg_linkedin__page_visitor_demographics') }}
    where is_latest_snapshot

),

names as (

    select *
    from {{ ref('int_linkedin__standardized_names') }}

),

organizations as (

    select organization_id, organization_name
    from {{ ref('stg_linkedin__organizations_history') }}
    where is_latest_version

)

select
    latest.organization_id,
    organizations.organization_name as organization,
    latest.snapshot_date,
    latest.facet,
    latest.value_urn,
    names.value_name,
    latest.all_page_views as total_views,
    latest.all_unique_page_views as unique_views,
    {{ percentage(
        'latest.all_page_views',
        'sum(latest.all_page_views) over (partition by latest.organization_id, latest.facet)',
        1
    ) }} as pct_of_total
from latest
left join names
    on names.facet = latest.facet
    and names.value_urn = latest.value_urn
left join organizations
    on organizations.organization_id = latest.organization_id
