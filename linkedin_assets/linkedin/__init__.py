"""Pure LinkedIn REST API client. Nothing in this package imports Dagster."""
