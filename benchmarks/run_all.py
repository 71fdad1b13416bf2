"""Every benchmark, one after the other, at its default size (or its full size with --full).

.venv/bin/python -m benchmarks.run_all           # a few minutes
.venv/bin/python -m benchmarks.run_all --full    # the README's figures (the better part of an hour)
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from benchmarks import backfill_cost, ingest_throughput, request_economy

DEFAULT_ARGS: dict[str, list[str]] = {
    "request_economy": [],
    "ingest_throughput": [],
    "backfill_cost": [],
}
FULL_ARGS: dict[str, list[str]] = {
    "request_economy": ["--full"],
    "ingest_throughput": ["--rows", "1000000"],
    "backfill_cost": ["--runs", "365"],
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true", help="full sizes (slow)")
    args = parser.parse_args(argv)
    chosen = FULL_ARGS if args.full else DEFAULT_ARGS
    request_economy.main(chosen["request_economy"])
    ingest_throughput.main(chosen["ingest_throughput"])
    backfill_cost.main(chosen["backfill_cost"])


if __name__ == "__main__":
    main()
