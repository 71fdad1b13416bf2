{#- Fails with every group holding more than one distinct value of the column, e.g. one
    currency per account: a sum over such a group would mix values that must not be added. -#}
{% test one_value_per_group(model, column_name, group_by_columns) %}
    {%- if group_by_columns is string -%}
        {%- set group_by_columns = [group_by_columns] -%}
    {%- endif -%}
    select
        {{ group_by_columns | join(', ') }},
        count(distinct {{ column_name }}) as distinct_values
    from {{ model }}
    group by {{ group_by_columns | join(', ') }}
    having count(distinct {{ column_name }}) > 1
{% endtest %}
