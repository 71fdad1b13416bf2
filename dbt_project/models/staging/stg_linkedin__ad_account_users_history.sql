select
    {{ ad_account_user_columns() }},
    {{ history_columns(['account_id', 'user_urn']) }}
from {{ source('linkedin', 'ad_account_users_history') }}
