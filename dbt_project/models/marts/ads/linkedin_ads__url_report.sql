{#- Daily ad performance per creative with the landing page it sends members to, split into
    host, path and UTM parameters. Text ads carry their landing page; sponsored posts take the
    call-to-action landing page or the article link of the post they sponsor. Creatives
    without a known landing page (follower ads, posts not in the warehouse) are left out. -#}
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

sponsored_posts as (

    select
        post_id,
        coalesce(content_landing_page_url, article_url) as landing_page_url
    from {{ ref('stg_linkedin__posts') }}

),

creative_urls as (

    select
        creatives.creative_id,
        creatives.creative_name,
        coalesce(creatives.text_ad_landing_page_url, sponsored_posts.landing_page_url) as landing_page_url
    from creatives
    left join sponsored_posts
        on sponsored_posts.post_id = creatives.content_reference_urn

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

),

daily as (

    select
        performance.date_day,
        performance.creative_id,
        performance.campaign_id,
        performance.campaign_group_id,
        performance.account_id,
        performance.currency,
        creative_urls.creative_name,
        creative_urls.landing_page_url,
        {{ ads_metric_sums('performance') }}
    from performance
    inner join creative_urls
        on creative_urls.creative_id = performance.creative_id
    where creative_urls.landing_page_url is not null
    group by all

)

select
    daily.date_day,
    daily.creative_id,
    daily.creative_name,
    daily.landing_page_url,
    {{ url_base('daily.landing_page_url') }} as base_url,
    {{ url_host('daily.landing_page_url') }} as url_host,
    {{ url_path('daily.landing_page_url') }} as url_path,
    {{ url_parameter('daily.landing_page_url', 'utm_source') }} as utm_source,
    {{ url_parameter('daily.landing_page_url', 'utm_medium') }} as utm_medium,
    {{ url_parameter('daily.landing_page_url', 'utm_campaign') }} as utm_campaign,
    {{ url_parameter('daily.landing_page_url', 'utm_content') }} as utm_content,
    {{ url_parameter('daily.landing_page_url', 'utm_term') }} as utm_term,
    daily.campaign_id,
    campaigns.campaign_name,
    daily.campaign_group_id,
    daily.account_id,
    accounts.account_name,
    daily.currency,
    daily.* exclude (
        date_day, creative_id, creative_name, landing_page_url, campaign_id, campaign_group_id,
        account_id, currency
    ),
    {{ ads_rates() }}
from daily
left join campaigns
    on campaigns.campaign_id = daily.campaign_id
left join accounts
    on accounts.account_id = daily.account_id
