select
    {{ ad_account_columns() }},
    {{ history_columns(['account_id']) }}
from {{ source('linkedin', 'ad_accounts_history') }}
