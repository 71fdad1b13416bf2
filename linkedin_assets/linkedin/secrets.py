"""Secrets that cannot leak by accident.

A `Secret` hides its value from repr/str/format, so it never lands in a log line, a Dagster
event or an exception by being printed. Every secret value is also registered with the
redactor, which scrubs it from any message we build (error texts, logged bodies) as a second
line of defence.
"""

from __future__ import annotations

import threading

_MASK = "***"
# The sandbox's documented static token is public; masking it would garble every message
# that says "sandbox".
_PUBLIC_VALUES = frozenset({"sandbox"})
_known: set[str] = set()
_lock = threading.Lock()


class Secret:
    __slots__ = ("_value",)

    def __init__(self, value: str, *, public: bool = False) -> None:
        """`public` marks a well-known value (the sandbox's static token) that need not be
        scrubbed from messages."""
        self._value = value
        # Very short values ("a", "x") would turn every message into noise.
        if not public and value not in _PUBLIC_VALUES and len(value) >= 6:
            with _lock:
                _known.add(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({_MASK})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self):  # never pickle the value (Dagster serializes resources)
        raise TypeError("Secret values are not serializable")


def secret_or_none(value: str | None) -> Secret | None:
    return Secret(value) if value else None


def redact(text: str) -> str:
    """Replace every known secret value in `text` with a mask."""
    with _lock:
        values = sorted(_known, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, _MASK)
    return text
