{#- Parts of a landing-page URL: host, path and UTM parameters (percent-decoded). -#}

{% macro url_host(url) -%}
    nullif(lower(regexp_extract({{ url }}, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)', 1)), '')
{%- endmacro %}

{% macro url_path(url) -%}
    nullif(regexp_extract({{ url }}, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+(/[^?#]*)', 1), '')
{%- endmacro %}

{#- The URL without query string and fragment. -#}
{% macro url_base(url) -%}
    nullif(regexp_extract({{ url }}, '^([^?#]*)', 1), '')
{%- endmacro %}

{% macro url_parameter(url, name) -%}
    nullif(url_decode(replace(regexp_extract({{ url }}, '[?&]{{ name }}=([^&#]*)', 1), '+', ' ')), '')
{%- endmacro %}
