select
    {{ conversion_campaign_columns() }}
from {{ source('linkedin', 'conversion_campaigns') }}
