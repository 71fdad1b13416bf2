select
    {{ campaign_columns() }}
from {{ source('linkedin', 'campaigns') }}
