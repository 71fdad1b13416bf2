"""`python -m linkedin_assets.sandbox serve --port N [--seed S] [--scale X] [--faults SPEC]`."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
import threading

from linkedin_assets.sandbox.app import Sandbox
from linkedin_assets.sandbox.faults import FaultPlan
from linkedin_assets.sandbox.world import World, WorldConfig


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m linkedin_assets.sandbox")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the LinkedIn API emulator on loopback")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    serve.add_argument("--seed", type=int, default=WorldConfig.seed)
    serve.add_argument("--scale", type=float, default=WorldConfig.scale)
    serve.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="the world's today (YYYY-MM-DD)"
    )
    serve.add_argument(
        "--faults", type=FaultPlan.parse, default=FaultPlan(), help='e.g. "rate_limit_rate=0.1"'
    )
    return parser


def main(argv: list[str] | None = None, stop: threading.Event | None = None) -> int:
    args = _parser().parse_args(argv)
    world = World(WorldConfig(seed=args.seed, scale=args.scale, today=args.today))
    sandbox = Sandbox(world, faults=args.faults)
    with sandbox.serve(args.host, args.port) as server:
        print(f"LinkedIn sandbox serving world seed={args.seed} scale={args.scale}", flush=True)
        print(f"  API base URL:   {server.api_base_url}", flush=True)
        print(f"  OAuth base URL: {server.oauth_base_url}", flush=True)
        print(f"  static token:   {Sandbox.STATIC_TOKEN}", flush=True)
        print("Press Ctrl+C to stop.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            (stop or threading.Event()).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
