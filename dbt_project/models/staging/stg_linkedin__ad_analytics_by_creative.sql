{#- Keys and context renamed and cast; every adAnalytics metric column is kept under its
    snake_case LinkedIn name (impressions, clicks, cost_in_local_currency, ...), so a metric
    added to the raw table flows through without a change here. -#}
select
    cast(day as date) as date_day,
    cast(creative_id as bigint) as creative_id,
    creative_urn,
    cast(account_id as bigint) as account_id,
    account_currency as currency,
    cast(campaign_id as bigint) as campaign_id,
    cast(campaign_group_id as bigint) as campaign_group_id,
    * exclude (
        day, creative_id, creative_urn, account_id, account_currency, campaign_id,
        campaign_group_id, _raw
    )
from {{ source('linkedin', 'ad_analytics_by_creative') }}
