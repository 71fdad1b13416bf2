{#- Names of LinkedIn's standardized values by demographic facet (the facet names of the
    page and follower demographics tables): one row per (facet, value_urn). -#}
select 'seniority' as facet, urn as value_urn, name as value_name
from {{ ref('linkedin_seniorities') }}

union all

select 'function', urn, name
from {{ ref('linkedin_job_functions') }}

union all

select 'industry', urn, name
from {{ ref('linkedin_industries') }}

union all

-- `geo` is the market area / region facet; LinkedIn answers it with any geo URN
select 'geo', urn, name
from {{ ref('linkedin_geos') }}

union all

select 'country', urn, name
from {{ ref('linkedin_geos') }}
where type = 'country'

union all

select 'staff_count_range', code, name
from {{ ref('linkedin_staff_count_ranges') }}

union all

select 'job_title', urn, name
from {{ ref('linkedin_job_titles') }}
