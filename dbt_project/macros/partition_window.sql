{#- The partition window Dagster passes to the daily marts: vars min_date (inclusive) and
    max_date (exclusive), ISO dates. Both or neither. -#}

{% macro partition_window() %}
    {%- set min_date = var('min_date', none) -%}
    {%- set max_date = var('max_date', none) -%}
    {%- if min_date is none and max_date is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if min_date is none or max_date is none -%}
        {{ exceptions.raise_compiler_error("Pass both vars min_date and max_date (or neither); got min_date=" ~ min_date ~ ", max_date=" ~ max_date) }}
    {%- endif -%}
    {#- Parsed, not pasted: a var that is not a date must never reach the SQL. -#}
    {%- set start = modules.datetime.date.fromisoformat(min_date | string) -%}
    {%- set end = modules.datetime.date.fromisoformat(max_date | string) -%}
    {%- if start >= end -%}
        {{ exceptions.raise_compiler_error("min_date " ~ start ~ " must be before max_date " ~ end ~ " (max_date is exclusive)") }}
    {%- endif -%}
    {{ return([start.isoformat(), end.isoformat()]) }}
{% endmacro %}


{#- SQL condition keeping the rows of the window in an incremental run; `true` when the model
    is built in full (first run, --full-refresh) or no window was passed. -#}
{% macro in_partition_window(column) %}
    {%- set window = partition_window() -%}
    {%- if is_incremental() and window is not none -%}
        {{ column }} >= date '{{ window[0] }}' and {{ column }} < date '{{ window[1] }}'
    {%- else -%}
        true
    {%- endif -%}
{% endmacro %}


{#- Pre-hook of the daily marts: empty the window before it is inserted again, so rows whose
    source rows disappeared (a creative that no longer reports) do not survive a rerun. The
    unique_key delete of delete+insert alone would only replace keys present in the new batch. -#}
{% macro delete_partition_window(column) %}
    {%- set window = partition_window() -%}
    {%- if is_incremental() and window is not none -%}
        delete from {{ this }} where {{ in_partition_window(column) }}
    {%- endif -%}
{% endmacro %}
