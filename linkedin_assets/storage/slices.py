"""The slice of a table one write replaces: a window, a snapshot value and/or a scope.

The same predicate is used twice: on the frame (every row must fall inside the slice, or a
rerun could not replace it) and on the table (DELETE before INSERT).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

ColumnSql = Callable[[str], str]


@dataclass(frozen=True)
class HalfOpenRange:
    """start <= column < end."""

    column: str
    start: date | datetime
    end: date | datetime

    def sql(self, column_sql: str, declared_type: str) -> tuple[str, list[Any]]:
        return (
            f"({column_sql} >= CAST(? AS {declared_type}) AND "
            f"{column_sql} < CAST(? AS {declared_type}))",
            [self.start, self.end],
        )

    def describe(self) -> str:
        return f"{self.column} in [{self.start}, {self.end})"


@dataclass(frozen=True)
class EqualTo:
    column: str
    value: Any

    def sql(self, column_sql: str, declared_type: str) -> tuple[str, list[Any]]:
        return f"{column_sql} = CAST(? AS {declared_type})", [self.value]

    def describe(self) -> str:
        return f"{self.column} = {self.value!r}"


@dataclass(frozen=True)
class OneOf:
    column: str
    values: tuple[Any, ...]

    def sql(self, column_sql: str, declared_type: str) -> tuple[str, list[Any]]:
        if not self.values:
            return "FALSE", []
        placeholders = ", ".join(f"CAST(? AS {declared_type})" for _ in self.values)
        return f"{column_sql} IN ({placeholders})", list(self.values)

    def describe(self) -> str:
        shown = ", ".join(repr(v) for v in self.values[:10])
        more = f", … ({len(self.values)} values)" if len(self.values) > 10 else ""
        return f"{self.column} in ({shown}{more})"


Condition = HalfOpenRange | EqualTo | OneOf


@dataclass(frozen=True)
class RowSlice:
    """Conditions joined with AND; no condition means the whole table."""

    conditions: tuple[Condition, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c.column for c in self.conditions)

    def predicate(
        self, column_sql: ColumnSql, declared_types: Mapping[str, str]
    ) -> tuple[str, list[Any]]:
        """SQL and parameters; `column_sql` maps a column name to the SQL that reads it."""
        parts: list[str] = []
        params: list[Any] = []
        for condition in self.conditions:
            text, values = condition.sql(
                column_sql(condition.column), declared_types[condition.column]
            )
            parts.append(text)
            params.extend(values)
        return (" AND ".join(parts) if parts else "TRUE"), params

    def describe(self) -> str:
        return " and ".join(c.describe() for c in self.conditions) or "the whole table"


def scope_conditions(scope: Mapping[str, Sequence[Any]] | None) -> tuple[OneOf, ...]:
    """One IN condition per scope column; a run limited to some accounts touches only those."""
    if not scope:
        return ()
    conditions = []
    for column, values in scope.items():
        if isinstance(values, str | bytes) or not isinstance(values, Sequence | set | frozenset):
            raise TypeError(
                f"scope[{column!r}] must be a list of values, got {type(values).__name__}"
            )
        # dict.fromkeys dedupes while keeping the caller's order (stable SQL, stable messages).
        conditions.append(OneOf(column, tuple(dict.fromkeys(values))))
    return tuple(conditions)


def window_condition(column: str, start: date | datetime, end: date | datetime) -> HalfOpenRange:
    if not start < end:
        raise ValueError(f"window start {start} must be before its (exclusive) end {end}")
    return HalfOpenRange(column, start, end)
