select
    {{ ad_account_columns() }}
from {{ source('linkedin', 'ad_accounts') }}
