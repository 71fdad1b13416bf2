"""Unit tests of the sandbox's pure pieces: Rest.li parsing, versions, cursors, fault plans."""

from __future__ import annotations

import datetime as dt

import pytest

from linkedin_assets.sandbox.app import check_version
from linkedin_assets.sandbox.errors import ApiError
from linkedin_assets.sandbox.faults import FaultInjector, FaultPlan
from linkedin_assets.sandbox.paging import CursorCodec
from linkedin_assets.sandbox.restli_parser import (
    Query,
    RestliSyntaxError,
    parse_value,
    split_query,
)
from linkedin_assets.sandbox.routes_pages import sum_nested


def test_nested_records_and_lists_parse_into_python_values():
    value = parse_value("(start:(year:2024,month:1,day:1),end:(year:2024,month:1,day:31))")
    assert value == {
        "start": {"year": "2024", "month": "1", "day": "1"},
        "end": {"year": "2024", "month": "1", "day": "31"},
    }
    assert parse_value("(status:(values:List(ACTIVE,PAUSED)),test:false)") == {
        "status": {"values": ["ACTIVE", "PAUSED"]},
        "test": "false",
    }
    assert parse_value("List()") == []
    assert parse_value("()") == {}


def test_official_client_test_vectors_decode_leaves():
    assert parse_value("(k2:urn%3Ali%3Aapp%3A123)") == {"k2": "urn:li:app:123"}
    assert parse_value("List(v2,%20t%3F%27%3A%2C%2A%21)") == ["v2", " t?':,*!"]


@pytest.mark.parametrize(
    "raw",
    [
        "List(urn:li:sponsoredAccount:1)",  # raw colon inside a list
        "(id:urn:li:sponsoredAccount:1)",  # raw colon inside a record
        "(status%3A(values%3AList(ACTIVE)))",  # encoded colon where structure is expected
        "(a:b",  # unbalanced
        "List(a,b",
        "(a:)",  # missing value
        "(a:b,a:c)",  # duplicate key
        "(a:%zz)",  # bad escape
        "List(a)x",  # trailing garbage
    ],
)
def test_malformed_structures_are_syntax_errors(raw):
    with pytest.raises(RestliSyntaxError):
        parse_value(raw)


def test_fully_encoded_structure_is_just_a_string():
    # This is why LinkedIn answers 400 PARAM_INVALID: the record never reaches the parser.
    assert parse_value("%28status%3A%28values%3AList%28ACTIVE%29%29%29") == (
        "(status:(values:List(ACTIVE)))"
    )


def test_split_query_keeps_values_raw():
    assert split_query("q=search&search=(id:(values:List(urn%3Ali%3Ax%3A1)))&fields=a,b") == [
        ("q", "search"),
        ("search", "(id:(values:List(urn%3Ali%3Ax%3A1)))"),
        ("fields", "a,b"),
    ]


def test_query_accepts_bare_and_record_enums():
    assert Query.from_raw("pivot=CREATIVE").enum("pivot", ["CREATIVE"]) == "CREATIVE"
    assert Query.from_raw("pivot=(value:CREATIVE)").enum("pivot", ["CREATIVE"]) == "CREATIVE"
    with pytest.raises(ApiError) as error:
        Query.from_raw("pivot=(other:CREATIVE)").enum("pivot", ["CREATIVE"])
    assert error.value.status == 400


def test_fields_is_a_plain_comma_list():
    assert Query.from_raw("fields=dateRange,impressions").fields() == ["dateRange", "impressions"]
    for raw in ("fields=List(impressions)", "fields=a,,b"):
        with pytest.raises(ApiError):
            Query.from_raw(raw).fields()


def test_repeated_parameter_is_rejected():
    with pytest.raises(ApiError) as error:
        Query.from_raw("q=search&q=criteria").text("q")
    assert error.value.body["errorDetails"]["inputErrors"][0]["code"] == "PARAM_INVALID"


TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("202610", "20261001"),
        ("202610.01", "20261001"),
        ("20261001", "20261001"),
        ("202512", "20251201"),
    ],
)
def test_active_versions_in_every_accepted_form(header, normalised):
    assert check_version(header, TODAY) == normalised


@pytest.mark.parametrize("header", ["202511", "202401", "202612", "209901"])
def test_versions_older_than_a_year_or_in_the_future_are_426(header):
    with pytest.raises(ApiError) as error:
        check_version(header, TODAY)
    assert error.value.status == 426
    assert error.value.body["message"] == f"Requested version {header[:6]}01 is not active"


@pytest.mark.parametrize("header", ["2026-10", "202613", "abc", "2026101", "20261032"])
def test_malformed_versions_are_400(header):
    with pytest.raises(ApiError) as error:
        check_version(header, TODAY)
    assert error.value.status == 400


def test_missing_version_is_version_missing():
    with pytest.raises(ApiError) as error:
        check_version(None, TODAY)
    assert (error.value.status, error.value.body["code"]) == (400, "VERSION_MISSING")


def test_cursor_tokens_round_trip_and_are_bound_to_their_query():
    codec = CursorCodec(b"k" * 32)
    token = codec.encode(300, "adAccounts?q=search")
    assert "300" not in token and codec.decode(token, "adAccounts?q=search") == 300
    for bad_token, context in (
        (token, "adAccounts?q=other"),
        (token[:-2] + "xx", "adAccounts?q=search"),
    ):
        with pytest.raises(ApiError):
            codec.decode(bad_token, context)


def test_fault_plan_parse_reads_the_cli_spec():
    plan = FaultPlan.parse("rate_limit_rate=0.1, daily_quota=50,token_expiry_after=none,seed=3")
    assert plan == FaultPlan(seed=3, rate_limit_rate=0.1, daily_quota=50)
    for bad in ("nonsense=1", "rate_limit_rate", "rate_limit_rate=2"):
        with pytest.raises(ValueError):
            FaultPlan.parse(bad)


def test_fault_decisions_are_deterministic_and_streaks_are_bounded():
    plan = FaultPlan(seed=11, server_error_rate=0.5, rate_limit_rate=0.3)
    first = [FaultInjector(plan).decide(False).kind for _ in range(1)]
    injector_a, injector_b = FaultInjector(plan), FaultInjector(plan)
    kinds_a = [injector_a.decide(False).kind for _ in range(200)]
    kinds_b = [injector_b.decide(False).kind for _ in range(200)]
    assert kinds_a == kinds_b and kinds_a[:1] == first
    assert {"server_error", "rate_limit", None} <= set(kinds_a)
    streak = longest = 0
    for kind in kinds_a:
        streak = streak + 1 if kind else 0
        longest = max(longest, streak)
    assert longest == plan.max_consecutive_faults


def test_always_faulty_plan_still_lets_every_third_request_through():
    injector = FaultInjector(FaultPlan(server_error_rate=1.0))
    decisions = [injector.decide(False) for _ in range(9)]
    assert [d.kind is None for d in decisions] == [False, False, True] * 3
    assert [d.server_status for d in decisions if d.kind] == [500, 502, 503, 504, 500, 502]


def test_sum_nested_adds_counts_and_merges_facet_items():
    day1 = {"views": {"allPageViews": {"pageViews": 3}}, "clicks": [{"type": "A", "n": 1}]}
    day2 = {
        "views": {"allPageViews": {"pageViews": 4}},
        "clicks": [{"type": "A", "n": 2}, {"type": "B", "n": 5}],
    }
    assert sum_nested(sum_nested(None, day1), day2) == {
        "views": {"allPageViews": {"pageViews": 7}},
        "clicks": [{"type": "A", "n": 3}, {"type": "B", "n": 5}],
    }
