select
    {{ lead_form_columns() }},
    {{ history_columns(['lead_form_id']) }}
from {{ source('linkedin', 'lead_forms_history') }}
