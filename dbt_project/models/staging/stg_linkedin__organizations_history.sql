select
    {{ organization_columns() }},
    {{ history_columns(['organization_id']) }}
from {{ source('linkedin', 'organizations_history') }}
