{#- Daily follower growth per organization. cumulative_growth adds up total_gained from the
    first day in the warehouse; seven_day_moving_avg averages total_gained over the day and the
    six days before it (days LinkedIn did not report are left out, not counted as 0).
    A table, rebuilt in full: each day's running figures depend on every earlier day. -#}
with daily as (

    select
        date_day,
        organization_id,
        organic_follower_gain,
        paid_follower_gain,
        coalesce(organic_follower_gain, 0) + coalesce(paid_follower_gain, 0) as total_gained
    from {{ ref('stg_linkedin__follower_statistics') }}

),

organizations as (

    select organization_id, organization_name
    from {{ ref('stg_linkedin__organizations_history') }}
    where is_latest_version

)

select
    daily.date_day as report_date,
    daily.organization_id,
    organizations.organization_name as organization,
    daily.organic_follower_gain as organic_gained,
    daily.paid_follower_gain as paid_gained,
    daily.total_gained,
    sum(daily.total_gained) over (
        partition by daily.organization_id
        order by daily.date_day
        rows between unbounded preceding and current row
    ) as cumulative_growth,
    round(avg(daily.total_gained) over (
        partition by daily.organization_id
        order by daily.date_day
        range between interval 6 days preceding and current row
    ), 1) as seven_day_moving_avg,
    {{ percentage('daily.organic_follower_gain', 'daily.total_gained', 1) }} as organic_pct
from daily
left join organizations
    on organizations.organization_id = daily.organization_id
