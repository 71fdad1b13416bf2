"""Rest.li 2.0 query encoding, written as raw query strings so nothing is encoded twice.

LinkedIn parses structure literally — `List(a,b)`, records `(k:v,k2:(x:y))` — and rejects
structural characters that arrive percent-encoded (400 PARAM_INVALID). Only leaf values are
percent-encoded, with nothing left safe, so a URN inside a parameter reads
`urn%3Ali%3AsponsoredAccount%3A1`. `fields` is the one Rest.li 1.0 holdover: a plain comma list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote


class Literal(str):
    """A value already in Rest.li form; written to the query string untouched."""


def encode(value: Any) -> str:
    """Encode one Rest.li 2.0 value: lists, records (insertion order kept), leaves escaped."""
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return quote(value, safe="")
    if isinstance(value, Mapping):
        return (
            "(" + ",".join(f"{quote(str(k), safe='')}:{encode(v)}" for k, v in value.items()) + ")"
        )
    if isinstance(value, Iterable):
        return "List(" + ",".join(encode(v) for v in value) + ")"
    raise TypeError(f"cannot Rest.li-encode a {type(value).__name__}: {value!r}")


def query_string(params: Iterable[tuple[str, Any]]) -> str:
    """Join (name, value) pairs into a raw query string; None values are left out."""
    parts = []
    for name, value in params:
        if value is None:
            continue
        if name == "fields":
            parts.append(f"fields={','.join(value) if not isinstance(value, str) else value}")
        else:
            parts.append(f"{quote(name, safe='')}={encode(value)}")
    return "&".join(parts)


def path_key(urn: str) -> str:
    """A URN used as a path segment is percent-encoded entirely (raw colons are a 400)."""
    return quote(urn, safe="")


def compound_key(**parts: str) -> str:
    """A compound path key such as `(entity:urn%3Ali%3Ashare%3A1)`."""
    return encode(dict(parts))


def date_record(day: dt.date) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "day": day.day}


def date_range(start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """adAnalytics `dateRange`: calendar days, both ends INCLUSIVE."""
    return {"start": date_record(start), "end": date_record(end)}


def epoch_ms(day: dt.date) -> int:
    """Midnight UTC of a day in epoch milliseconds."""
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def time_intervals(start: dt.date, end: dt.date, granularity: str = "DAY") -> dict[str, Any]:
    """Organization statistics `timeIntervals`: epoch-ms midnight UTC, end EXCLUSIVE."""
    return {
        "timeRange": {"start": epoch_ms(start), "end": epoch_ms(end)},
        "timeGranularityType": granularity,
    }


def urn(kind: str, identifier: int | str) -> str:
    """`urn("sponsoredAccount", 1)` -> `urn:li:sponsoredAccount:1`."""
    return f"urn:li:{kind}:{identifier}"


def urn_id(value: str) -> str:
    """The last segment of a simple URN: `urn:li:sponsoredCampaign:7` -> `7`."""
    return value.rsplit(":", 1)[-1]


def urns(kind: str, identifiers: Sequence[int | str]) -> list[str]:
    return [urn(kind, i) for i in identifiers]
