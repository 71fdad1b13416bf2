select
    cast(day as date) as date_day,
    cast(conversion_id as bigint) as conversion_id,
    cast(campaign_id as bigint) as campaign_id,
    conversion_urn,
    campaign_urn,
    cast(account_id as bigint) as account_id,
    account_currency as currency,
    cast(campaign_group_id as bigint) as campaign_group_id,
    cast(external_website_conversions as bigint) as external_website_conversions,
    cast(external_website_post_click_conversions as bigint) as external_website_post_click_conversions,
    cast(external_website_post_view_conversions as bigint) as external_website_post_view_conversions,
    conversion_value_in_local_currency,
    cast(viral_external_website_conversions as bigint) as viral_external_website_conversions,
    cast(viral_external_website_post_click_conversions as bigint) as viral_external_website_post_click_conversions,
    cast(viral_external_website_post_view_conversions as bigint) as viral_external_website_post_view_conversions,
    _synced_at
from {{ source('linkedin', 'conversion_performance') }}
