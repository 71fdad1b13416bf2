{#- Daily ad performance per creative, from the creative pivot, with names and statuses of the
    creative and everything above it. -#}
{{ config(unique_key=['date_day', 'creative_id']) }}

with performance as (

    select *
    from {{ ref('stg_linkedin__ad_analytics_by_creative') }}
    where {{ in_partition_window('date_day') }}

),

creatives as (

    select *
    from {{ ref('stg_linkedin__creatives_history') }}
    where is_latest_version

),

campaigns as (

    select *
    from {{ ref('stg_linkedin__campaigns_history') }}
    where is_latest_version

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
        creative_id,
        campaign_id,
        campaign_group_id,
        account_id,
        currency,
        {{ ads_metric_sums() }}
    from performance
    group by date_day, creative_id, campaign_id, campaign_group_id, account_id, currency

)

select
    daily.date_day,
    daily.creative_id,
    creatives.creative_name,
    creatives.creative_status,
    creatives.review_status,
    creatives.content_type as creative_content_type,
    daily.campaign_id,
    campaigns.campaign_name,
    campaigns.campaign_status,
    daily.campaign_group_id,
    campaign_groups.campaign_group_name,
    campaign_groups.campaign_group_status,
    daily.account_id,
    accounts.account_name,
    accounts.account_status,
    daily.currency,
    daily.* exclude (date_day, creative_id, campaign_id, campaign_group_id, account_id, currency),
    {{ ads_rates() }}
from daily
left join creatives
    on creatives.creative_id = daily.creative_id
left join campaigns
    on campaigns.campaign_id = daily.campaign_id
left join campaign_groups
    on campaign_groups.campaign_group_id = daily.campaign_group_id
left join accounts
    on accounts.account_id = daily.account_id
