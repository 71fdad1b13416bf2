select
    {{ lead_form_columns() }}
from {{ source('linkedin', 'lead_forms') }}
