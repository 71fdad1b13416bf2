"""The helpers every asset shares."""

from __future__ import annotations

from decimal import Decimal

from linkedin_assets.assets.kit import dedupe_last, dedupe_rows, dig, from_epoch_ms, money_amount


def test_dedupe_keeps_the_last_copy_of_each_key():
    items = [{"id": 1, "v": "old"}, {"id": 2, "v": "x"}, {"id": 1, "v": "new"}]
    kept, dropped = dedupe_last(items, key=lambda i: i["id"])
    assert dropped == 1
    assert {i["id"]: i["v"] for i in kept} == {1: "new", 2: "x"}


def test_dedupe_rows_uses_every_key_column():
    rows = [{"a": 1, "b": 1, "v": 1}, {"a": 1, "b": 2, "v": 2}, {"a": 1, "b": 1, "v": 3}]
    kept, dropped = dedupe_rows(rows, ["a", "b"])
    assert dropped == 1 and sorted(r["v"] for r in kept) == [2, 3]


def test_linkedin_value_formats():
    assert money_amount({"currencyCode": "EUR", "amount": "-2E-18"}) == Decimal("-2E-18")
    assert money_amount("") is None
    assert from_epoch_ms(1704067200000).isoformat() == "2024-01-01T00:00:00+00:00"
    assert from_epoch_ms(True) is None
    assert dig({"a": {"b": 1}}, "a", "b") == 1 and dig({"a": 2}, "a", "b", default=0) == 0
