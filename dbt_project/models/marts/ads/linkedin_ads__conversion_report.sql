{#- Daily conversions per conversion rule and campaign (pivots CAMPAIGN x CONVERSION), with
    the campaign's clicks and cost of the day: cost_per_conversion and conversion_rate say what
    one conversion of this rule cost and how often a click led to it. -#}
{{ config(unique_key=['date_day', 'conversion_id', 'campaign_id']) }}

with conversion_performance as (

    select *
    from {{ ref('stg_linkedin__conversion_performance') }}
    where {{ in_partition_window('date_day') }}

),

campaign_performance as (

    select
        date_day,
        campaign_id,
        impressions as campaign_impressions,
        clicks as campaign_clicks,
        cost_in_local_currency as campaign_cost_in_local_currency,
        cost_in_usd as campaign_cost_in_usd
    from {{ ref('stg_linkedin__ad_analytics_by_campaign') }}
    where {{ in_partition_window('date_day') }}

),

conversions as (

    select *
    from {{ ref('stg_linkedin__conversions_history') }}
    where is_latest_version

),

campaigns as (

    select *
    from {{ ref('stg_linkedin__campaigns_history') }}
    where is_latest_version

),

accounts as (

    select *
    from {{ ref('stg_linkedin__ad_accounts_history') }}
    where is_latest_version

)

select
    conversion_performance.date_day,
    conversion_performance.conversion_id,
    conversions.conversion_name,
    conversions.conversion_type,
    conversions.attribution_type,
    conversions.is_enabled as is_conversion_enabled,
    conversion_performance.campaign_id,
    campaigns.campaign_name,
    campaigns.campaign_status,
    conversion_performance.campaign_group_id,
    conversion_performance.account_id,
    accounts.account_name,
    conversion_performance.currency,
    conversion_performance.external_website_conversions as conversions,
    conversion_performance.external_website_post_click_conversions as post_click_conversions,
    conversion_performance.external_website_post_view_conversions as post_view_conversions,
    conversion_performance.conversion_value_in_local_currency,
    conversion_performance.viral_external_website_conversions as viral_conversions,
    campaign_performance.campaign_impressions,
    campaign_performance.campaign_clicks,
    campaign_performance.campaign_cost_in_local_currency,
    campaign_performance.campaign_cost_in_usd,
    {{ ratio('campaign_performance.campaign_cost_in_local_currency', 'conversion_performance.external_website_conversions') }} as cost_per_conversion,
    {{ ratio('campaign_performance.campaign_cost_in_usd', 'conversion_performance.external_website_conversions') }} as cost_per_conversion_usd,
    {{ ratio('conversion_performance.external_website_conversions', 'campaign_performance.campaign_clicks') }} as conversion_rate
from conversion_performance
left join campaign_performance
    on campaign_performance.date_day = conversion_performance.date_day
    and campaign_performance.campaign_id = conversion_performance.campaign_id
left join conversions
    on conversions.conversion_id = conversion_performance.conversion_id
left join campaigns
    on campaigns.campaign_id = conversion_performance.campaign_id
left join accounts
    on accounts.account_id = conversion_performance.account_id
