{#- SCD-2 bookkeeping of a `<name>_history` table, renamed, plus latest-version flags.
    is_current: the version is open (the entity was in the last snapshot).
    is_latest_version: the newest version of the entity, open or closed (a deleted entity keeps
    its last version here, with is_current false). -#}
{% macro history_columns(key_columns) -%}
    {%- set partition_by = key_columns | join(', ') -%}
    valid_from as valid_from_at,
    valid_to as valid_to_at,
    is_current,
    row_number() over (partition by {{ partition_by }} order by valid_from desc) = 1 as is_latest_version,
    row_number() over (partition by {{ partition_by }} order by valid_from) as version_number,
    _row_hash
{%- endmacro %}
