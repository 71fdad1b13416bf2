"""Strict Rest.li 2.0 parsing of a raw query string, the way LinkedIn's servers read it.

Grammar (linkedin_api.md §0.2):
    value  := list | record | leaf
    list   := "List(" [value ("," value)*] ")"
    record := "(" [leaf ":" value ("," leaf ":" value)*] ")"
    leaf   := percent-encoded text without the literal structural characters ( ) , :

Structure must be literal: a structural character sent percent-encoded is data, so
`search=%28status%3A...%29` arrives as a plain string where a record was expected, and a URN
with raw colons inside a record or list breaks the grammar. Both become 400 PARAM_INVALID.
`fields` is the exception: a plain comma list (see `Query.fields`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from linkedin_assets.sandbox.errors import missing_param, param_invalid, path_syntax_error

RestliValue = str | list["RestliValue"] | dict[str, "RestliValue"]

_STRUCTURAL = "(),:"
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class RestliSyntaxError(ValueError):
    """Malformed Rest.li text; `position` is the offset in the raw value."""

    def __init__(self, detail: str, position: int) -> None:
        super().__init__(f"{detail} at position {position}")
        self.position = position


def decode_leaf(raw: str) -> str:
    """Percent-decode one leaf strictly (a stray `%` is malformed)."""
    if _BAD_ESCAPE.search(raw):
        raise RestliSyntaxError("malformed percent-encoding", raw.index("%"))
    if raw == "''":  # Rest.li 2.0 spelling of the empty string
        return ""
    return unquote(raw, errors="strict")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def parse_document(self) -> RestliValue:
        value = self.value()
        if self.pos != len(self.text):
            raise RestliSyntaxError(f"unexpected {self.text[self.pos]!r}", self.pos)
        return value

    def value(self) -> RestliValue:
        if self.text.startswith("List(", self.pos):
            return self.list_()
        if self.peek() == "(":
            return self.record()
        return self.leaf()

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            found = repr(self.peek()) if self.peek() else "end of value"
            raise RestliSyntaxError(f"expected {char!r}, found {found}", self.pos)
        self.pos += 1

    def list_(self) -> list[RestliValue]:
        self.pos += len("List(")
        items: list[RestliValue] = []
        if self.peek() == ")":
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect(")")
            return items

    def record(self) -> dict[str, RestliValue]:
        self.expect("(")
        fields: dict[str, RestliValue] = {}
        if self.peek() == ")":
            self.pos += 1
            return fields
        while True:
            key_at = self.pos
            key = self.leaf()
            if key in fields:
                raise RestliSyntaxError(f"duplicate key {key!r}", key_at)
            self.expect(":")
            fields[key] = self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect(")")
            return fields

    def leaf(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _STRUCTURAL:
            self.pos += 1
        if self.pos == start:
            found = repr(self.peek()) if self.peek() else "end of value"
            raise RestliSyntaxError(f"expected a value, found {found}", start)
        try:
            return decode_leaf(self.text[start : self.pos])
        except RestliSyntaxError as error:
            raise RestliSyntaxError("malformed percent-encoding", start + error.position) from None


def parse_value(raw: str) -> RestliValue:
    """Parse one raw (still percent-encoded) parameter value.

    A value that does not start with `List(` or `(` is a top-level leaf: it is decoded whole and
    may contain raw `:` (LinkedIn tolerates `account=urn:li:...` at the top level) but not raw
    parentheses.
    """
    if raw.startswith(("List(", "(")):
        return _Parser(raw).parse_document()
    for index, char in enumerate(raw):
        if char in "()":
            raise RestliSyntaxError(f"unexpected {char!r}", index)
    return decode_leaf(raw)


def split_query(raw_query: str) -> list[tuple[str, str]]:
    """Split a raw query on `&` and the first `=`; names decoded, values left raw."""
    pairs: list[tuple[str, str]] = []
    for part in raw_query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((unquote(name), value))
    return pairs


@dataclass(frozen=True)
class Query:
    """The parameters of one request, parsed lazily and validated LinkedIn-style."""

    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def from_raw(cls, raw_query: str) -> Query:
        return cls(tuple(split_query(raw_query)))

    def names(self) -> list[str]:
        return [name for name, _ in self.pairs]

    def __contains__(self, name: object) -> bool:
        return any(existing == name for existing, _ in self.pairs)

    def raw(self, name: str) -> str | None:
        values = [value for existing, value in self.pairs if existing == name]
        if len(values) > 1:
            raise param_invalid(name, f"Parameter '{name}' is given more than once")
        return values[0] if values else None

    def value(self, name: str, required: bool = False) -> RestliValue | None:
        raw = self.raw(name)
        if raw is None:
            if required:
                raise missing_param(name)
            return None
        try:
            return parse_value(raw)
        except RestliSyntaxError as error:
            raise param_invalid(name, f"Malformed Rest.li value for '{name}': {error}") from None

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.value(name, required)
        if value is not None and not isinstance(value, str):
            raise param_invalid(name, f"Parameter '{name}' must be a single value")
        return value

    def record(self, name: str, required: bool = False) -> dict[str, RestliValue] | None:
        value = self.value(name, required)
        if value is not None and not isinstance(value, dict):
            raise param_invalid(name, f"Parameter '{name}' must be a Rest.li record '(key:value)'")
        return value

    def leaf_list(self, name: str, required: bool = False) -> list[str] | None:
        value = self.value(name, required)
        if value is None:
            return None
        return as_leaf_list(value, name)

    def enum(
        self, name: str, allowed: Iterable[str], required: bool = False, default: str | None = None
    ) -> str | None:
        """An enum param, bare (`pivot=CREATIVE`) or as a record (`pivot=(value:CREATIVE)`)."""
        value = self.value(name, required)
        if value is None:
            return default
        return as_enum(value, name, allowed)

    def integer(self, name: str, default: int | None = None, minimum: int = 0) -> int | None:
        text = self.text(name)
        if text is None:
            return default
        if not re.fullmatch(r"-?\d+", text):
            raise param_invalid(name, f"Parameter '{name}' must be an integer, got '{text}'")
        number = int(text)
        if number < minimum:
            raise param_invalid(name, f"Parameter '{name}' must be >= {minimum}")
        return number

    def boolean(self, name: str, default: bool | None = None) -> bool | None:
        text = self.text(name)
        if text is None:
            return default
        return as_boolean(text, name)

    def fields(self) -> list[str] | None:
        """The projection: a plain comma list, never `List(...)` (Rest.li 1.0 style)."""
        raw = self.raw("fields")
        if raw is None:
            return None
        if raw.startswith(("List(", "(")) or any(char in raw for char in "():"):
            raise param_invalid("fields", "'fields' must be a plain comma-separated list")
        names = [decode_leaf(part) for part in raw.split(",")]
        if any(not name for name in names):
            raise param_invalid("fields", "'fields' contains an empty field name")
        return names


def as_leaf_list(value: RestliValue, field_path: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise param_invalid(field_path, f"'{field_path}' must be a Rest.li list 'List(v1,v2)'")
    return [item for item in value if isinstance(item, str)]


def as_enum(value: RestliValue, field_path: str, allowed: Iterable[str]) -> str:
    if isinstance(value, dict):
        if set(value) != {"value"} or not isinstance(value["value"], str):
            raise param_invalid(field_path, f"'{field_path}' must be ENUM or (value:ENUM)")
        value = value["value"]
    if not isinstance(value, str):
        raise param_invalid(field_path, f"'{field_path}' must be ENUM or (value:ENUM)")
    allowed_values = list(allowed)
    if value not in allowed_values:
        raise param_invalid(
            field_path,
            f"Invalid value '{value}' for '{field_path}'; expected one of {', '.join(allowed_values)}",
        )
    return value


def as_boolean(text: RestliValue, field_path: str) -> bool:
    if text == "true":
        return True
    if text == "false":
        return False
    raise param_invalid(field_path, f"'{field_path}' must be true or false")


def as_int(value: RestliValue, field_path: str) -> int:
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
        raise param_invalid(field_path, f"'{field_path}' must be an integer")
    return int(value)


def require_keys(
    record: dict[str, RestliValue], field_path: str, allowed: Sequence[str]
) -> dict[str, RestliValue]:
    """Reject unknown keys in a record, as Rest.li's schema validation does."""
    unknown = [key for key in record if key not in allowed]
    if unknown:
        raise param_invalid(
            f"{field_path}.{unknown[0]}", f"Unknown field '{unknown[0]}' in '{field_path}'"
        )
    return record


def decode_path_key(raw: str, protocol_v2: bool) -> str:
    """Decode a path key such as an encoded URN; raw colons are a syntax error under 2.0.0."""
    if protocol_v2 and ":" in raw:
        raise path_syntax_error()
    try:
        return decode_leaf(raw)
    except RestliSyntaxError:
        raise path_syntax_error() from None


def parse_path_record(raw: str) -> dict[str, RestliValue]:
    """A compound path key such as `(entity:urn%3Ali%3Ashare%3A1)`."""
    try:
        value = _Parser(raw).parse_document() if raw.startswith("(") else None
    except RestliSyntaxError:
        value = None
    if not isinstance(value, dict):
        raise path_syntax_error()
    return value


_URN_ID = re.compile(r"urn:li:([A-Za-z]+):(\d+)")


def urn_id(value: RestliValue, entity_types: str | Sequence[str], field_path: str) -> int:
    """The numeric id of `urn:li:<type>:<id>`; anything else is a 400 PARAM_INVALID."""
    types = (entity_types,) if isinstance(entity_types, str) else tuple(entity_types)
    match = _URN_ID.fullmatch(value) if isinstance(value, str) else None
    if match is None or match.group(1) not in types:
        raise param_invalid(
            field_path, f"'{value}' is not a valid urn:li:{types[0]} URN for '{field_path}'"
        )
    return int(match.group(2))
