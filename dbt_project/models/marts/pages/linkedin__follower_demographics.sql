{#- Who follows each page: lifetime follower counts by facet from the newest snapshot, with
    value names and each value's share of the facet's followers. -#}
with latest as (

    select *
    from {{ ref('stg_linkedin__follower_demographics') }}
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

),

counted as (

    select
        *,
        coalesce(organic_follower_count, 0) + coalesce(paid_follower_count, 0) as total_followers
    from latest

)

select
    counted.organization_id,
    organizations.organization_name as organization,
    counted.snapshot_date,
    counted.facet,
    counted.value_urn,
    names.value_name,
    counted.organic_follower_count as organic_followers,
    counted.paid_follower_count as paid_followers,
    counted.total_followers,
    {{ percentage(
        'counted.total_followers',
        'sum(counted.total_followers) over (partition by counted.organization_id, counted.facet)',
        1
    ) }} as pct_of_total
from counted
left join names
    on names.facet = counted.facet
    and names.value_urn = counted.value_urn
left join organizations
    on organizations.organization_id = counted.organization_id
