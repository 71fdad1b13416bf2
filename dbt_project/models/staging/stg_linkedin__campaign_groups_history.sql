select
    {{ campaign_group_columns() }},
    {{ history_columns(['campaign_group_id']) }}
from {{ source('linkedin', 'campaign_groups_history') }}
