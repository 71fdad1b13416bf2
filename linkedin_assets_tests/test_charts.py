"""The chart functions alone: rows in, a PNG of the agreed size out."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from linkedin_assets import charts
from linkedin_assets.charts import GrowthPoint, PostEngagement

DAY = dt.date(2026, 11, 1)


def growth(gains: dict[str, list[int]]) -> list[GrowthPoint]:
    points = []
    for organization, daily in gains.items():
        total = 0
        for offset, gained in enumerate(daily):
            total += gained
            points.append(GrowthPoint(DAY + dt.timedelta(days=offset), organization, total))
    return points


POSTS = [
    PostEngagement("Hiring: senior data engineers in Lisbon " * 3, 120, 14, 9, 6.25),
    PostEngagement("Our Q3 product update", 80, 3, 2, None),
    PostEngagement("urn:li:share:7", 5, 0, 0, 0.4),
]


def decoded(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()  # decodes every pixel: a truncated or corrupt file raises here
    return image


@pytest.mark.parametrize(
    "png",
    [
        charts.follower_growth_png(growth({"Acme": [3, 0, 5, 2], "Globex": [1, 1, 1, 9]})),
        charts.top_posts_png(POSTS),
    ],
    ids=["follower_growth", "top_posts"],
)
def test_a_chart_is_a_png_of_the_agreed_size(png):
    image = decoded(png)
    assert image.format == "PNG"
    assert image.size == (charts.WIDTH_PX, charts.HEIGHT_PX)
    # Something was drawn: far more than one colour.
    assert len(image.convert("RGB").getcolors(maxcolors=1_000_000)) > 50


def test_follower_growth_charts_differ_with_the_data_and_repeat_with_the_same():
    rows = growth({"Acme": [3, 0, 5, 2]})
    assert charts.follower_growth_png(rows) == charts.follower_growth_png(list(reversed(rows)))
    assert charts.follower_growth_png(rows) != charts.follower_growth_png(
        growth({"Acme": [3, 0, 5, 40]})
    )


def test_top_post_charts_differ_with_the_data_and_repeat_with_the_same():
    assert charts.top_posts_png(POSTS) == charts.top_posts_png(list(POSTS))
    assert charts.top_posts_png(POSTS) != charts.top_posts_png(POSTS[:2])


def test_missing_figures_draw_as_zero():
    decoded(charts.top_posts_png([PostEngagement("no shares yet", 4, None, None, None)]))


def test_no_rows_is_refused_rather_than_drawn_as_an_empty_frame():
    with pytest.raises(ValueError):
        charts.follower_growth_png([])
    with pytest.raises(ValueError):
        charts.top_posts_png([])


def test_labels_are_one_short_line():
    assert charts.short_label("a\n b   c") == "a b c"
    label = charts.short_label("word " * 30)
    assert len(label) == charts.LABEL_CHARS and label.endswith("…")
