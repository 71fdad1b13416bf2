"""Benchmarks: each module is one command that PRINTS figures (none of them is a timed test).

.venv/bin/python -m benchmarks.request_economy     # requests per workload and strategy
.venv/bin/python -m benchmarks.ingest_throughput   # rows/s and peak RSS vs DuckDB read_json
.venv/bin/python -m benchmarks.backfill_cost       # one single-run backfill vs one run per day
.venv/bin/python -m benchmarks.run_all             # all three at their default sizes
"""

import warnings

# The assets use Dagster's beta BackfillPolicy; its warning at import says nothing about figures.
warnings.filterwarnings("ignore", message=".*is currently in beta.*")
