{#- The account, campaign group, campaign and creative reports add up to the same totals per
    day, account and currency. Account, group and campaign reports come from the campaign
    pivot and must agree exactly; the creative report comes from the creative pivot, which
    LinkedIn sums to the same figures. Money is compared to the cent. Returns the
    disagreeing (day, account, report) rows. -#}
{{ config(meta={'dagster': {'ref': {'name': 'linkedin_ads__account_report'}}}) }}

{%- set reports = [
    'linkedin_ads__account_report',
    'linkedin_ads__campaign_group_report',
    'linkedin_ads__campaign_report',
    'linkedin_ads__creative_report',
] -%}

with totals as (

    {% for report in reports %}
    select
        '{{ report }}' as report,
        date_day,
        account_id,
        currency,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(conversions) as conversions,
        sum(cost_in_local_currency) as cost_in_local_currency,
        sum(cost_in_usd) as cost_in_usd
    from {{ ref(report) }}
    group by date_day, account_id, currency
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

keys as (

    select distinct date_day, account_id, currency
    from totals

),

-- every (day, account, currency) seen in any report, expected in each of the other reports
expected as (

    select keys.*, reports.report
    from keys
    cross join (
        values {% for report in reports[1:] %}('{{ report }}'){% if not loop.last %}, {% endif %}{% endfor %}
    ) as reports (report)

),

compared as (

    select
        expected.report,
        expected.date_day,
        expected.account_id,
        expected.currency,
        account_totals.date_day is null as is_missing_in_account_report,
        report_totals.date_day is null as is_missing_in_report,
        account_totals.impressions as account_impressions,
        report_totals.impressions as report_impressions,
        account_totals.clicks as account_clicks,
        report_totals.clicks as report_clicks,
        account_totals.conversions as account_conversions,
        report_totals.conversions as report_conversions,
        account_totals.cost_in_local_currency as account_cost,
        report_totals.cost_in_local_currency as report_cost,
        account_totals.cost_in_usd as account_cost_in_usd,
        report_totals.cost_in_usd as report_cost_in_usd
    from expected
    left join totals as account_totals
        on account_totals.report = 'linkedin_ads__account_report'
        and account_totals.date_day = expected.date_day
        and account_totals.account_id = expected.account_id
        and account_totals.currency = expected.currency
    left join totals as report_totals
        on report_totals.report = expected.report
        and report_totals.date_day = expected.date_day
        and report_totals.account_id = expected.account_id
        and report_totals.currency = expected.currency

)

select *
from compared
where is_missing_in_account_report
    or is_missing_in_report
    or account_impressions is distinct from report_impressions
    or account_clicks is distinct from report_clicks
    or account_conversions is distinct from report_conversions
    or abs(coalesce(account_cost, 0) - coalesce(report_cost, 0)) >= 0.01
    or abs(coalesce(account_cost_in_usd, 0) - coalesce(report_cost_in_usd, 0)) >= 0.01
