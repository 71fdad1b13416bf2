select
    {{ conversion_columns() }},
    {{ history_columns(['conversion_id']) }}
from {{ source('linkedin', 'conversions_history') }}
