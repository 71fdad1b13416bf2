select
    {{ organization_columns() }}
from {{ source('linkedin', 'organizations') }}
