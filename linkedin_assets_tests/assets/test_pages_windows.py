"""Clamping statistics windows to what LinkedIn answers (12 months back, ~2 days lag)."""

from __future__ import annotations

import datetime as dt

import pytest

from linkedin_assets.assets.pages_scope import utc_today
from linkedin_assets.assets.pages_windows import (
    TOO_OLD,
    TOO_RECENT,
    answerable_range,
    months_before,
    statistics_window,
)
from linkedin_assets.linkedin import pages
from linkedin_assets.linkedin.errors import BadRequestError
from linkedin_assets.resources import LinkedInResource

TODAY = dt.date(2026, 3, 31)
D = dt.date


def test_months_before_clamps_to_the_end_of_shorter_months():
    assert months_before(D(2026, 3, 31), 1) == D(2026, 2, 28)
    assert months_before(D(2024, 3, 31), 1) == D(2024, 2, 29)
    assert months_before(D(2026, 1, 15), 12) == D(2025, 1, 15)


def test_answerable_range_is_twelve_months_plus_margin_to_two_days_ago():
    assert answerable_range(TODAY) == (D(2025, 4, 1), D(2026, 3, 30))


def test_window_inside_is_fetched_whole():
    window = statistics_window(D(2026, 3, 1), D(2026, 3, 8), TODAY)
    assert window.fetch == (D(2026, 3, 1), D(2026, 3, 8))
    assert window.skipped == () and window.days_skipped == 0


def test_recent_days_are_skipped_and_named():
    window = statistics_window(D(2026, 3, 27), D(2026, 4, 1), TODAY)
    assert window.fetch == (D(2026, 3, 27), D(2026, 3, 30))
    [skipped] = window.skipped
    assert (skipped.start, skipped.end, skipped.reason) == (
        D(2026, 3, 30),
        D(2026, 4, 1),
        TOO_RECENT,
    )
    metadata = window.metadata()
    assert metadata["days_skipped"] == 2
    assert "2026-03-30..2026-03-31 (2 days)" in metadata["days_skipped_detail"]


def test_old_days_are_skipped_and_a_window_fully_outside_fetches_nothing():
    straddling = statistics_window(D(2025, 3, 20), D(2025, 4, 3), TODAY)
    assert straddling.fetch == (D(2025, 4, 1), D(2025, 4, 3))
    assert [(s.days, s.reason) for s in straddling.skipped] == [(12, TOO_OLD)]
    too_old = statistics_window(D(2025, 1, 1), D(2025, 2, 1), TODAY)
    assert too_old.fetch is None and too_old.days_skipped == 31
    too_recent = statistics_window(D(2026, 3, 30), D(2026, 3, 31), TODAY)
    assert too_recent.fetch is None
    assert too_recent.metadata()["fetched_window"] == "none"


@pytest.fixture(scope="module")
def sandbox_client():
    with LinkedInResource(sandbox=True).get_client() as client:
        yield client


@pytest.fixture(scope="module")
def organization_id(sandbox_client) -> int:
    acls = sandbox_client.fetch_all(pages.organization_acls())
    return int(acls[0]["organization"].rsplit(":", 1)[1])


def test_the_clamped_edges_are_accepted_and_one_step_further_is_refused(
    sandbox_client, organization_id
):
    """The emulator applies LinkedIn's rule (§6.7): our edges must pass and be tight."""
    oldest, end = answerable_range(utc_today())
    day = dt.timedelta(days=1)
    for request in (
        pages.follower_statistics(organization_id, oldest, oldest + day),
        pages.page_statistics(organization_id, end - day, end),
    ):
        assert len(sandbox_client.fetch_all(request)) == 1
    # The margin is one day at the old edge; two days further and LinkedIn refuses.
    for request in (
        pages.share_statistics(organization_id, oldest - 2 * day, oldest),
        pages.share_statistics(organization_id, end - day, end + day),
    ):
        with pytest.raises(BadRequestError, match="Invalid timeIntervals"):
            sandbox_client.fetch_all(request)
