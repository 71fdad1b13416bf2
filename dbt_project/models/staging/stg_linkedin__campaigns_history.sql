select
    {{ campaign_columns() }},
    {{ history_columns(['campaign_id']) }}
from {{ source('linkedin', 'campaigns_history') }}
