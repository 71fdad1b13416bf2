"""Printing figures: Markdown tables (pasted as-is into the README) and the machine they ran on."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        lines.append("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:,.1f}x" if denominator else "n/a"


def memory_gib() -> float:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def machine() -> str:
    return (
        f"machine: {os.cpu_count()} CPUs (nproc), {memory_gib():.1f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}"
    )


def heading(text: str) -> None:
    print(f"\n## {text}\n", flush=True)
