{#- The measures of the ads reports, summed over the report's grain. Conversions are
    LinkedIn's externalWebsiteConversions (post-click + view-through). -#}
{% macro ads_metric_sums(relation_alias) -%}
    {%- set r = relation_alias ~ '.' if relation_alias else '' -%}
    sum({{ r }}impressions) as impressions,
    sum({{ r }}clicks) as clicks,
    sum({{ r }}cost_in_local_currency) as cost_in_local_currency,
    sum({{ r }}cost_in_usd) as cost_in_usd,
    sum({{ r }}external_website_conversions) as conversions,
    sum({{ r }}external_website_post_click_conversions) as post_click_conversions,
    sum({{ r }}external_website_post_view_conversions) as post_view_conversions,
    sum({{ r }}conversion_value_in_local_currency) as conversion_value_in_local_currency,
    sum({{ r }}one_click_leads) as one_click_leads,
    sum({{ r }}landing_page_clicks) as landing_page_clicks,
    sum({{ r }}total_engagements) as total_engagements,
    sum({{ r }}video_views) as video_views
{%- endmacro %}


{#- Rates over the summed measures of the same row (never an average of daily rates).
    Money rates are in the row's currency (local) and in USD. -#}
{% macro ads_rates() -%}
    {{ ratio('clicks', 'impressions') }} as ctr,
    {{ ratio('cost_in_local_currency', 'clicks') }} as cpc,
    {{ ratio('cost_in_usd', 'clicks') }} as cpc_usd,
    1000 * {{ ratio('cost_in_local_currency', 'impressions') }} as cpm,
    1000 * {{ ratio('cost_in_usd', 'impressions') }} as cpm_usd,
    {{ ratio('cost_in_local_currency', 'conversions') }} as cost_per_conversion,
    {{ ratio('cost_in_usd', 'conversions') }} as cost_per_conversion_usd,
    {{ ratio('conversions', 'clicks') }} as conversion_rate,
    {{ ratio('conversion_value_in_local_currency', 'cost_in_local_currency') }} as return_on_ad_spend
{%- endmacro %}
