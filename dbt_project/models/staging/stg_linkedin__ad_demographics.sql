{#- member_value is a standardized URN (urn:li:seniority:4, urn:li:geo:...) or an enum
    (SIZE_11_TO_50), depending on demographic_pivot. LinkedIn drops small counts, so these rows
    do not add up to campaign totals. -#}
select
    cast(month as date) as date_month,
    cast(campaign_id as bigint) as campaign_id,
    demographic_pivot,
    member_value,
    campaign_urn,
    cast(account_id as bigint) as account_id,
    account_currency as currency,
    cast(campaign_group_id as bigint) as campaign_group_id,
    * exclude (
        month, campaign_id, demographic_pivot, member_value, campaign_urn, account_id,
        account_currency, campaign_group_id, _raw
    )
from {{ source('linkedin', 'ad_demographics') }}
