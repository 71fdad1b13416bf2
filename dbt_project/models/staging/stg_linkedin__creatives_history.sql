select
    {{ creative_columns() }},
    {{ history_columns(['creative_id']) }}
from {{ source('linkedin', 'creatives_history') }}
