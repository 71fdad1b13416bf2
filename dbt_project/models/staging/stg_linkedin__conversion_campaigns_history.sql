select
    {{ conversion_campaign_columns() }},
    {{ history_columns(['conversion_id', 'campaign_id']) }}
from {{ source('linkedin', 'conversion_campaigns_history') }}
