{#- Daily ad performance per campaign group, from the campaign pivot. -#}
{{ config(unique_key=['date_day', 'campaign_group_id']) }}

with performance as (

    select *
    from {{ ref('stg_linkedin__ad_analytics_by_campaign') }}
    where {{ in_partition_window('date_day') }}

),

campaign_groups as (

    select *
    from {{ ref('stg_linkedin__campaign_groups_history') }}
    where is_latest_version

),

accounts as (

    select *
    from {{ ref('stg_linkedin__ad_accounts_history') }}
    where is_latest_version

),

daily as (

    select
        date_day,
        campaign_group_id,
        account_id,
        currency,
        {{ ads_metric_sums() }}
    from performance
    group by date_day, campaign_group_id, account_id, currency

)

select
    daily.date_day,
    daily.campaign_group_id,
    campaign_groups.campaign_group_name,
    campaign_groups.campaign_group_status,
    daily.account_id,
    accounts.account_name,
    daily.currency,
    daily.* exclude (date_day, campaign_group_id, account_id, currency),
    {{ ads_rates() }}
from daily
left join campaign_groups
    on campaign_groups.campaign_group_id = daily.campaign_group_id
left join accounts
    on accounts.account_id = daily.account_id
