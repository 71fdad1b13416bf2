"""PNG charts of the page marts, for the Dagster UI (no Dagster import here: rows in, bytes out).

- follower growth: cumulative followers gained per organization, day by day;
- top posts: likes, comments and shares of the most engaging posts, stacked.

Figures use matplotlib's object API with the Agg renderer, never pyplot: no global figure
state, no display, safe in a run worker's threads.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import NamedTuple

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

WIDTH_PX = 800
HEIGHT_PX = 400
DPI = 100
LABEL_CHARS = 40


class GrowthPoint(NamedTuple):
    report_date: dt.date
    organization: str
    cumulative_growth: int


class PostEngagement(NamedTuple):
    label: str
    likes: int
    comments: int
    shares: int
    engagement_rate_pct: float | None


def _figure() -> Figure:
    # Constrained layout keeps labels inside a fixed canvas (bbox_inches="tight" would
    # change the image size with the data).
    return Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # No "Software" entry: the same rows give the same bytes across matplotlib versions.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


def follower_growth_png(points: Sequence[GrowthPoint]) -> bytes:
    """One line per organization: followers gained since the first day in the warehouse."""
    if not points:
        raise ValueError("no follower growth rows to chart")
    by_organization: dict[str, list[GrowthPoint]] = {}
    for point in sorted(points, key=lambda p: (p.organization, p.report_date)):
        by_organization.setdefault(point.organization, []).append(point)
    figure = _figure()
    axes = figure.add_subplot()
    for organization, series in by_organization.items():
        axes.plot(
            [p.report_date for p in series],
            [p.cumulative_growth for p in series],
            marker="o" if len(series) < 15 else None,
            markersize=3,
            label=short_label(organization),
        )
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_title("Follower growth (cumulative followers gained)")
    axes.set_ylabel("followers gained")
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left", fontsize="small")
    return _png(figure)


def top_posts_png(posts: Sequence[PostEngagement]) -> bytes:
    """Horizontal stacked bars, the first post on top, its engagement rate at the bar's end."""
    if not posts:
        raise ValueError("no post engagement rows to chart")
    figure = _figure()
    axes = figure.add_subplot()
    rows = list(range(len(posts)))
    left = [0] * len(posts)
    for part, color in (("likes", "#0a66c2"), ("comments", "#5f9b41"), ("shares", "#e7a33e")):
        values = [getattr(p, part) or 0 for p in posts]
        axes.barh(rows, values, left=left, color=color, label=part)
        left = [a + b for a, b in zip(left, values, strict=True)]
    for row, total, post in zip(rows, left, posts, strict=True):
        if post.engagement_rate_pct is not None:
            axes.annotate(
                f" {post.engagement_rate_pct:.1f}%",
                (total, row),
                va="center",
                fontsize="small",
            )
    axes.set_yticks(rows, [short_label(p.label) for p in posts], fontsize="small")
    axes.invert_yaxis()
    axes.margins(x=0.12)
    # Over the whole figure: the long post labels push the axes to the right.
    figure.suptitle("Top posts by engagements (and engagement rate)")
    axes.set_xlabel("engagements")
    axes.legend(loc="lower right", fontsize="small")
    return _png(figure)
