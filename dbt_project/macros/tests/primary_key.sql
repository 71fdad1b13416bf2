{#- The grain of a model: the columns identify a row, so none of them is NULL and no
    combination repeats. One test per model (cheaper than unique + not_null per column).
    Fails with the offending keys and how many rows carry each. Usage:
      data_tests:
        - primary_key:
            arguments:
              columns: [date_day, campaign_id] -#}
{% test primary_key(model, columns) %}
    {%- if columns is string -%}
        {%- set columns = [columns] -%}
    {%- endif -%}
    select
        {{ columns | join(',\n        ') }},
        count(*) as rows_with_this_key
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
        or {% for column in columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}
