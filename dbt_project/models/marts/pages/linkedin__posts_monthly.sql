{#- Per organization and calendar month (UTC): how many posts were published, the page's
    organic update statistics of the month (daily share statistics added up, rates from the
    sums) and the lifetime totals so far of the posts published that month. Direct Sponsored
    Content (dark posts, not on the page) is counted apart. -#}
with posts as (

    select
        organization_id,
        cast(date_trunc('month', published_on) as date) as date_month,
        post_id,
        is_dsc
    from {{ ref('stg_linkedin__posts') }}
    where is_published

),

latest_statistics as (

    select *
    from {{ ref('stg_linkedin__post_statistics') }}
    where is_latest_snapshot

),

posts_by_month as (

    select
        posts.organization_id,
        posts.date_month,
        count(*) filter (where not coalesce(posts.is_dsc, false)) as posts_published,
        count(*) filter (where posts.is_dsc) as sponsored_posts_created,
        sum(latest_statistics.impressions) as published_posts_lifetime_impressions,
        sum(latest_statistics.clicks) as published_posts_lifetime_clicks,
        sum(latest_statistics.likes + latest_statistics.comments + latest_statistics.shares)
            as published_posts_lifetime_engagements
    from posts
    left join latest_statistics
        on latest_statistics.post_id = posts.post_id
    group by posts.organization_id, posts.date_month

),

updates_by_month as (

    select
        organization_id,
        cast(date_trunc('month', date_day) as date) as date_month,
        count(*) as days_reported,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(likes) as likes,
        sum(comments) as comments,
        sum(shares) as shares
    from {{ ref('stg_linkedin__share_statistics') }}
    group by organization_id, date_month

),

months as (

    select organization_id, date_month from posts_by_month
    union
    select organization_id, date_month from updates_by_month

),

organizations as (

    select organization_id, organization_name
    from {{ ref('stg_linkedin__organizations_history') }}
    where is_latest_version

)

select
    months.organization_id,
    organizations.organization_name as organization,
    months.date_month,
    coalesce(posts_by_month.posts_published, 0) as posts_published,
    coalesce(posts_by_month.sponsored_posts_created, 0) as sponsored_posts_created,
    coalesce(updates_by_month.days_reported, 0) as days_reported,
    updates_by_month.impressions,
    updates_by_month.clicks,
    updates_by_month.likes,
    updates_by_month.comments,
    updates_by_month.shares,
    updates_by_month.likes + updates_by_month.comments + updates_by_month.shares as total_engagements,
    {{ percentage(
        'updates_by_month.clicks + updates_by_month.likes + updates_by_month.comments + updates_by_month.shares',
        'updates_by_month.impressions'
    ) }} as engagement_rate_pct,
    posts_by_month.published_posts_lifetime_impressions,
    posts_by_month.published_posts_lifetime_clicks,
    posts_by_month.published_posts_lifetime_engagements
from months
left join posts_by_month
    on posts_by_month.organization_id = months.organization_id
    and posts_by_month.date_month = months.date_month
left join updates_by_month
    on updates_by_month.organization_id = months.organization_id
    and updates_by_month.date_month = months.date_month
left join organizations
    on organizations.organization_id = months.organization_id
