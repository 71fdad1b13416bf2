select
    {{ campaign_group_columns() }}
from {{ source('linkedin', 'campaign_groups') }}
