"""Deterministic primitives shared by the world generator: hashing, ids, time, integer splits.

Everything here is a pure function of its arguments. Nothing depends on Python's hash
randomisation, dict order or the clock, so the same seed gives the same world byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from hashlib import blake2b

_MASK64 = (1 << 64) - 1
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
DAY_MS = 86_400_000


def stable_int(*parts: object) -> int:
    """A 64-bit integer fingerprint of ``parts`` (blake2b: stable across runs and machines)."""
    text = "\x1f".join(str(part) for part in parts)
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def stable_unit(*parts: object) -> float:
    """A float in [0, 1) derived from ``parts``."""
    return stable_int(*parts) / 2.0**64


def rng_for(*parts: object) -> random.Random:
    """A private Random stream for one entity; seeding from an int is version-stable."""
    return random.Random(stable_int(*parts))


def mix64(value: int) -> int:
    """SplitMix64 finaliser: a fast integer hash for per-day jitter on hot paths."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK64
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK64
    return value ^ (value >> 31)


def unit_mix(*values: int) -> float:
    """A float in [0, 1) from a few integers, without allocating strings."""
    acc = 0
    for value in values:
        acc = mix64(acc ^ (value & _MASK64))
    return acc / 2.0**64


def base62(number: int, length: int) -> str:
    chars = []
    for _ in range(length):
        number, digit = divmod(number, 62)
        chars.append(_BASE62[digit])
    return "".join(chars)


def person_urn(*parts: object) -> str:
    """A member URN with LinkedIn's 10-character opaque id."""
    return f"urn:li:person:{base62(stable_int('person', *parts), 10)}"


def media_urn(kind: str, *parts: object) -> str:
    """urn:li:image / video / document ids shaped like LinkedIn's (D4E10AQ + opaque tail)."""
    prefix = {"image": "D4E10AQ", "video": "D5610AQ", "document": "D4D10AQ"}[kind]
    tail = base62(stable_int("media", kind, *parts), 11)
    return f"urn:li:{kind}:{prefix}{tail}"


def activity_id(epoch_ms: int, *parts: object) -> int:
    """Share / ugcPost / activity ids embed their creation time in the top bits, as LinkedIn's do."""
    return (epoch_ms << 22) | (stable_int("activity", *parts) & ((1 << 22) - 1))


def uuid_like(*parts: object) -> str:
    raw = f"{stable_int('uuid', *parts):016x}{stable_int('uuid2', *parts):016x}"
    return f"{raw[:8]}-{raw[8:12]}-4{raw[13:16]}-a{raw[17:20]}-{raw[20:32]}"


def day_ms(day: dt.date) -> int:
    """Epoch milliseconds of 00:00 UTC on ``day``."""
    return (day.toordinal() - _UNIX_EPOCH_ORDINAL) * DAY_MS


def ordinal_ms(ordinal: int) -> int:
    return (ordinal - _UNIX_EPOCH_ORDINAL) * DAY_MS


def ms_to_date(epoch_ms: int) -> dt.date:
    return dt.date.fromordinal(epoch_ms // DAY_MS + _UNIX_EPOCH_ORDINAL)


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` that sum to ``total`` exactly.

    A part whose weight is zero always gets zero, and no part exceeds the ceiling of its
    exact share, so splitting a child metric by its parent's parts keeps child <= parent.
    """
    weight_sum = float(sum(weights))
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    exact = [total * weight / weight_sum for weight in weights]
    parts = [int(value) for value in exact]
    missing = total - sum(parts)
    if missing:
        # Ties break by position so the split is deterministic.
        order = sorted(
            (index for index, weight in enumerate(weights) if weight > 0),
            key=lambda index: (parts[index] - exact[index], index),
        )
        for index in order[:missing]:
            parts[index] += 1
    return parts


def weighted_choice(unit: float, items: Sequence[object], weights: Sequence[float]) -> object:
    """Pick from ``items`` using a pre-drawn uniform ``unit`` in [0, 1)."""
    target = unit * sum(weights)
    running = 0.0
    for item, weight in zip(items, weights, strict=True):
        running += weight
        if target < running:
            return item
    return items[-1]


class IdAllocator:
    """Hands out hash-derived numeric ids, unique within a namespace.

    Ids derive from the entity's stable identity, so the same campaign keeps its id whatever
    ``today`` is; collisions (rare in 9-digit spaces) fall through to the next free number.
    """

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._used: dict[str, set[int]] = {}

    def allocate(self, namespace: str, low: int, high: int, *identity: object) -> int:
        used = self._used.setdefault(namespace, set())
        candidate = low + stable_int(self._seed, namespace, *identity) % (high - low)
        while candidate in used:
            candidate = candidate + 1 if candidate + 1 < high else low
        used.add(candidate)
        return candidate
