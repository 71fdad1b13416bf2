"""Render preview rows as a Markdown table for Dagster metadata."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = format(value, "f")  # "0E-10" reads badly in a table
    # Pipes and newlines would break the table layout.
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return "_no rows_"
    columns = list(rows[0])
    lines = [
        "| " + " | ".join(columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]
    lines.extend("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |" for row in rows)
    return "\n".join(lines)
