"""Materializations in child processes that can be SIGKILLed, or run two at once.

A "zygote" process imports Dagster, the assets and the sandbox once (and builds the sandbox
world), then forks one child per materialization, so each run starts in milliseconds instead of
seconds. Nothing that starts threads (DuckDB, a Dagster run) happens in the zygote itself.
Children talk on stdout, one line per event:

    pid <pid>              the child started
    begin <pid>            a DuckDB write transaction is open (nothing committed yet)
    commit <pid>           it committed
    failed <pid> <error>   the run failed
    exit <pid> <status>    (from the zygote) the child ended; status -9 = SIGKILL

The zygote reads commands on stdin: `run <db>`, `race <n> <db>`, `quit`.
Run it with `python -m linkedin_assets_tests.reliability.forked_runs FIRST LAST`.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from linkedin_assets.resources import SANDBOX, LinkedInResource, WarehouseResource
from linkedin_assets.storage import store
from linkedin_assets_tests.reliability import harness

# Assets of every write shape: a dimension with history, a daily fact range, a page fact range
# and a multi-asset writing six tables.
ASSETS = ("campaigns", "ad_analytics_by_campaign", "follower_statistics", "posts")
# Widens the dangerous moments of a write (see _announce_transactions) so kills land there.
PAUSE_SECONDS = 0.02
LINE_TIMEOUT_SECONDS = 300.0


# ------------------------------------------------------------------------ zygote side


def _say(*words: object) -> None:
    sys.stdout.write(" ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()


def _announce_transactions() -> None:
    """Make every DuckDB write transaction say when it opens and when it committed, and
    pause right after its DELETE and right before its COMMIT: the two moments where a crash
    would leave a partition empty or half-replaced if the write were not one transaction."""
    original_transaction = store.DuckDBStore._transaction
    original_delete = store._delete_slice

    @contextmanager
    def announced(self: store.DuckDBStore, con: object) -> Iterator[None]:
        _say("begin", os.getpid())
        with original_transaction(self, con):  # type: ignore[arg-type]
            yield
        _say("commit", os.getpid())

    def delete_then_pause(*args: object, **kwargs: object) -> int:
        deleted = original_delete(*args, **kwargs)  # type: ignore[arg-type]
        time.sleep(PAUSE_SECONDS)
        return deleted

    def pause_before_commit(self: store.DuckDBStore, con: object) -> None:
        time.sleep(PAUSE_SECONDS)

    store.DuckDBStore._transaction = announced  # type: ignore[method-assign]
    store.DuckDBStore._before_commit = pause_before_commit  # type: ignore[method-assign]
    store._delete_slice = delete_then_pause  # type: ignore[assignment]


def _child(path: str, window: harness.Window) -> None:
    _say("pid", os.getpid())
    resources = {
        "linkedin": LinkedInResource(sandbox=True),
        "warehouse": WarehouseResource(path=path, mode=SANDBOX),
    }
    outcome = harness.materialize_everything(
        resources, window, assets=harness.assets_named(*ASSETS)
    )
    if not outcome.ok:
        # The end of each error holds LinkedIn's or the store's message; the start is Dagster's.
        text = " | ".join(error[-1500:] for error in outcome.errors)
        _say("failed", os.getpid(), text.replace("\n", " "))
        os._exit(1)


def _fork_child(path: str, window: harness.Window) -> int:
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            # The child's own output would interleave with the protocol: Dagster's console
            # logs go to stderr, which the parent discards.
            _child(path, window)
        except BaseException as error:  # report, then leave without running zygote code
            _say("failed", os.getpid(), repr(error)[:2000])
            code = 1
        finally:
            sys.stdout.flush()
            os._exit(code)
    return pid


def _exit_status(status: int) -> int:
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def zygote(first: str, last: str) -> None:
    month = harness.recent_window(1).month
    window = harness.Window(dt.date.fromisoformat(first), dt.date.fromisoformat(last), month)
    LinkedInResource(sandbox=True).sandbox_instance()  # build the world once, before forking
    _announce_transactions()
    _say("ready")
    for line in sys.stdin:
        command = line.split()
        if not command:
            continue
        if command[0] == "quit":
            return
        if command[0] == "run":
            pids = [_fork_child(command[1], window)]
        elif command[0] == "race":
            pids = [_fork_child(command[2], window) for _ in range(int(command[1]))]
        else:
            _say("unknown", line.strip())
            continue
        for pid in pids:
            _, status = os.waitpid(pid, 0)
            _say("exit", pid, _exit_status(status))


# ------------------------------------------------------------------------ parent side


@dataclass
class ChildRun:
    """What one forked materialization said, in order."""

    pid: int = 0
    events: list[tuple[float, str]] = field(default_factory=list)  # (monotonic time, word)
    exit_status: int | None = None
    failure: str = ""

    @property
    def open_transaction(self) -> bool:
        """Its last word was `begin`: it died with a write transaction uncommitted."""
        words = [word for _, word in self.events if word in ("begin", "commit")]
        return bool(words) and words[-1] == "begin"

    def span(self) -> tuple[float, float]:
        times = [t for t, word in self.events if word in ("begin", "commit")]
        return min(times), max(times)


OnEvent = Callable[[ChildRun, str], None]


class Zygote:
    """The parent's handle on a zygote process."""

    def __init__(self, first: dt.date, last: dt.date, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "linkedin_assets_tests.reliability.forked_runs",
                first.isoformat(),
                last.isoformat(),
            ],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.expect("ready")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.strip())
        self._lines.put(None)

    def line(self) -> list[str]:
        try:
            line = self._lines.get(timeout=LINE_TIMEOUT_SECONDS)
        except queue.Empty:
            raise AssertionError("the zygote went silent") from None
        if line is None:
            raise AssertionError(f"the zygote exited ({self.process.poll()})")
        return line.split(" ", 2)

    def expect(self, word: str) -> None:
        got = self.line()
        assert got[0] == word, f"zygote said {got}, expected {word}"

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def follow(
        self, children: dict[int, ChildRun], expected: int, on_event: OnEvent | None = None
    ) -> None:
        """Read events until `expected` children have exited."""
        exited = 0
        while exited < expected:
            word, pid, *rest = self.line()
            child = children.setdefault(int(pid), ChildRun(pid=int(pid)))
            if word == "exit":
                child.exit_status = int(rest[0])
                exited += 1
            elif word == "failed":
                child.failure = rest[0] if rest else ""
            else:
                child.events.append((time.monotonic(), word))
                if on_event is not None:
                    on_event(child, word)

    def run(self, path: Path, on_event: OnEvent | None = None) -> ChildRun:
        """One materialization; `on_event(child, word)` may kill it."""
        children: dict[int, ChildRun] = {}
        self.send(f"run {path}")
        self.follow(children, 1, on_event)
        (child,) = children.values()
        return child

    def race(self, count: int, path: Path) -> list[ChildRun]:
        children: dict[int, ChildRun] = {}
        self.send(f"race {count} {path}")
        self.follow(children, count)
        return list(children.values())

    def close(self) -> None:
        if self.process.poll() is None:
            self.send("quit")
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


if __name__ == "__main__":
    import warnings

    warnings.filterwarnings("ignore")
    zygote(sys.argv[1], sys.argv[2])
