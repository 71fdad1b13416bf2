select
    {{ conversion_columns() }}
from {{ source('linkedin', 'conversions') }}
