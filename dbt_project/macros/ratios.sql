{#- Ratios of sums, never averages of daily ratios: ratio('sum(clicks)', 'sum(impressions)').
    NULL when the denominator is 0 or NULL. -#}
{% macro ratio(numerator, denominator) -%}
    (cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0))
{%- endmacro %}

{#- The same ratio as a percentage rounded to `digits` decimals. -#}
{% macro percentage(numerator, denominator, digits=2) -%}
    round(100 * {{ ratio(numerator, denominator) }}, {{ digits }})
{%- endmacro %}
