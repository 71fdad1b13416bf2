"""LinkedIn Ads and Page data as Dagster software-defined assets in DuckDB."""
