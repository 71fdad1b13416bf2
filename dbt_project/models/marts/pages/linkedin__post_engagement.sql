{#- One row per published post with its latest lifetime statistics (the newest snapshot of
    post_statistics). engagement_rate_pct = 100 * (clicks + likes + comments + shares) /
    impressions, LinkedIn's definition; total_engagements = likes + comments + shares.
    Posts LinkedIn has no organic statistics for (e.g. dark posts) have NULL figures. -#}
with posts as (

    select *
    from {{ ref('stg_linkedin__posts') }}
    where is_published

),

latest_statistics as (

    select *
    from {{ ref('stg_linkedin__post_statistics') }}
    where is_latest_snapshot

),

organizations as (

    select organization_id, organization_name
    from {{ ref('stg_linkedin__organizations_history') }}
    where is_latest_version

),

content_types as (

    select content_type, description
    from {{ ref('linkedin_post_content_types') }}

),

previews as (

    select
        post_id,
        -- one line, at most 100 characters
        trim(regexp_replace(coalesce(commentary_text, ''), '\s+', ' ', 'g')) as one_line
    from posts

)

select
    posts.post_id,
    posts.organization_id,
    organizations.organization_name as organization,
    case
        when length(previews.one_line) > 100 then rtrim(left(previews.one_line, 99)) || '…'
        else nullif(previews.one_line, '')
    end as post_preview,
    posts.published_at,
    posts.published_on,
    posts.content_type,
    content_types.description as content_type_description,
    posts.is_dsc,
    latest_statistics.impressions,
    latest_statistics.unique_impressions,
    latest_statistics.clicks,
    latest_statistics.likes,
    latest_statistics.comments,
    latest_statistics.shares,
    {{ percentage(
        'latest_statistics.clicks + latest_statistics.likes + latest_statistics.comments + latest_statistics.shares',
        'latest_statistics.impressions'
    ) }} as engagement_rate_pct,
    latest_statistics.likes + latest_statistics.comments + latest_statistics.shares as total_engagements,
    latest_statistics.snapshot_date as statistics_as_of
from posts
inner join previews
    on previews.post_id = posts.post_id
left join latest_statistics
    on latest_statistics.post_id = posts.post_id
left join organizations
    on organizations.organization_id = posts.organization_id
left join content_types
    on content_types.content_type = posts.content_type
