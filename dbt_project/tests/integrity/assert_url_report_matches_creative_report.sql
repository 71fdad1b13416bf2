{#- Each url report row carries the same figures as the creative report row of its day and
    creative: the url report only adds the landing page. -#}
{{ config(meta={'dagster': {'ref': {'name': 'linkedin_ads__url_report'}}}) }}

select
    url_report.date_day,
    url_report.creative_id,
    url_report.impressions as url_report_impressions,
    creative_report.impressions as creative_report_impressions,
    url_report.clicks as url_report_clicks,
    creative_report.clicks as creative_report_clicks
from {{ ref('linkedin_ads__url_report') }} as url_report
left join {{ ref('linkedin_ads__creative_report') }} as creative_report
    on creative_report.date_day = url_report.date_day
    and creative_report.creative_id = url_report.creative_id
where creative_report.creative_id is null
    or url_report.impressions is distinct from creative_report.impressions
    or url_report.clicks is distinct from creative_report.clicks
    or abs(url_report.cost_in_local_currency - creative_report.cost_in_local_currency) >= 0.01
