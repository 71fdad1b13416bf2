select
    {{ creative_columns() }}
from {{ source('linkedin', 'creatives') }}
