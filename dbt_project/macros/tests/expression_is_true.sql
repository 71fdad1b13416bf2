{#- Fails with every row where the SQL expression is not true (NULL counts as a failure
    unless the expression handles it). -#}
{% test expression_is_true(model, expression, column_name=none) %}
    select *
    from {{ model }}
    where not coalesce(({{ expression }}), false)
{% endtest %}
