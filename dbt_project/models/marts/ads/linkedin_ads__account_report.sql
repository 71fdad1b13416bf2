{#- Daily ad performance per account, from the campaign pivot. One account has one currency,
    so a row never mixes currencies. -#}
{{ config(unique_key=['date_day', 'account_id']) }}

with performance as (

    select *
    from {{ ref('stg_linkedin__ad_analytics_by_campaign') }}
    where {{ in_partition_window('date_day') }}

),

accounts as (

    -- the newest version, so accounts deleted since still get their name
    select *
    from {{ ref('stg_linkedin__ad_accounts_history') }}
    where is_latest_version

),

daily as (

    select
        date_day,
        account_id,
        currency,
        {{ ads_metric_sums() }}
    from performance
    group by date_day, account_id, currency

)

select
    daily.date_day,
    daily.account_id,
    accounts.account_name,
    accounts.account_status,
    accounts.account_type,
    daily.currency,
    daily.* exclude (date_day, account_id, currency),
    {{ ads_rates() }}
from daily
left join accounts
    on accounts.account_id = daily.account_id
