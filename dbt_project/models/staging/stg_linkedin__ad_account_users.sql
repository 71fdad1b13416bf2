select
    {{ ad_account_user_columns() }}
from {{ source('linkedin', 'ad_account_users') }}
