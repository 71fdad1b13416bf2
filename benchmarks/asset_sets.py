"""The groups of the project's real assets the benchmarks materialize."""

from __future__ import annotations

from linkedin_assets.assets import ads as ads_assets
from linkedin_assets.assets import pages as page_assets
from linkedin_assets.assets import pages_posts as post_assets

ADS_DAILY_ASSETS = (
    ads_assets.ad_analytics_by_creative,
    ads_assets.ad_analytics_by_campaign,
    ads_assets.conversion_performance,
    ads_assets.lead_form_responses,
)
PAGE_LIFETIME_ASSETS = (
    page_assets.organizations,
    page_assets.follower_demographics,
    page_assets.page_visitor_demographics,
)
PAGE_DAILY_ASSETS = (
    page_assets.follower_statistics,
    page_assets.page_statistics,
    page_assets.share_statistics,
    post_assets.organization_posts,
    post_assets.post_statistics,
    post_assets.post_engagement,
)
# Every asset on the daily partitions (ad_demographics is monthly, so it runs apart).
DAILY_ASSETS = (*ADS_DAILY_ASSETS, *PAGE_DAILY_ASSETS)
