{#- Keys and context renamed and cast; every adAnalytics metric column is kept under its
    snake_case LinkedIn name (see stg_linkedin__ad_analytics_by_creative). -#}
select
    cast(day as date) as date_day,
    cast(campaign_id as bigint) as campaign_id,
    campaign_urn,
    cast(account_id as bigint) as account_id,
    account_currency as currency,
    cast(campaign_group_id as bigint) as campaign_group_id,
    * exclude (day, campaign_id, campaign_urn, account_id, account_currency, campaign_group_id, _raw)
from {{ source('linkedin', 'ad_analytics_by_campaign') }}
