"""The server-drawn charts: accessible images (a title and a description that name them), every
text escaped, one bar per figure, sized in proportion, formatted in the page's language, and
nothing the Content Security Policy would block."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from network.charts import bar_chart, column_chart

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = [bar_chart, column_chart]


def draw(chart, labels=("Oslo", "Vestland"), series=(("Hubs", [10, 5]),), **kwargs):
    return chart(
        title=kwargs.pop("title", "Hubs by county"),
        description=kwargs.pop("description", "Member hubs in each county."),
        labels=list(labels),
        series=[(name, list(values)) for name, values in series],
        **kwargs,
    )


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, parsed to prove it well-formed)


def bars(svg: str) -> list[ET.Element]:
    rects = parsed(svg).iter(f"{SVG}rect")
    return [rect for rect in rects if "chart__bar" in rect.get("class", "").split()]


def texts(svg: str, css: str) -> list[str]:
    return [text.text for text in parsed(svg).iter(f"{SVG}text") if text.get("class") == css]


@pytest.mark.parametrize("chart", CHARTS)
def test_a_chart_is_an_image_named_by_its_title_and_description(chart):
    root = parsed(draw(chart, title="Visits & <guests>", description='Per "month"'))
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Visits & <guests>"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}desc").text == 'Per "month"'
    assert root.get("aria-hidden") is None


@pytest.mark.parametrize("chart", CHARTS)
def test_two_charts_with_the_same_title_get_different_ids(chart):
    first, second = parsed(draw(chart)), parsed(draw(chart))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


@pytest.mark.parametrize("chart", CHARTS)
def test_hostile_labels_and_series_names_stay_text(chart):
    hostile = ["<script>", '"&', "a' onload='x"]
    svg = draw(chart, labels=hostile, series=[(hostile[0], [1, 2, 3]), ('"&', [3, 2, 1])])
    assert "<script" not in svg
    assert "onload='" not in svg
    assert texts(svg, "chart__label") == hostile
    assert texts(svg, "chart__legend") == [hostile[0], '"&']


@pytest.mark.parametrize("chart", CHARTS)
def test_no_inline_style_and_no_script(chart):
    svg = draw(chart, series=[("Hosted", [3, 4]), ("Sent", [1, 0])]).lower()
    assert "style=" not in svg
    assert "<script" not in svg
    assert "javascript:" not in svg


@pytest.mark.parametrize("chart", CHARTS)
def test_one_bar_per_value_of_each_series_with_its_value(chart):
    svg = draw(chart, labels=["A", "B", "C"], series=[("Hosted", [1, 2, 3]), ("Sent", [4, 5, 6])])
    assert len(bars(svg)) == 6
    assert texts(svg, "chart__value") == ["1", "4", "2", "5", "3", "6"]


def test_bar_lengths_are_in_proportion_to_the_values():
    svg = draw(bar_chart, labels=["A", "B", "C"], series=[("Hubs", [8, 2, 6])])
    widths = [float(rect.get("width")) for rect in bars(svg)]
    assert widths[1] / widths[0] == pytest.approx(0.25, abs=0.01)
    assert widths[2] / widths[0] == pytest.approx(0.75, abs=0.01)


def test_column_heights_are_in_proportion_and_stand_on_one_baseline():
    svg = draw(column_chart, labels=["2024", "2025"], series=[("Members", [20, 5])])
    tall, short = bars(svg)
    assert float(short.get("height")) / float(tall.get("height")) == pytest.approx(0.25, abs=0.01)
    bottoms = {float(rect.get("y")) + float(rect.get("height")) for rect in (tall, short)}
    assert len(bottoms) == 1


@pytest.mark.parametrize("chart", CHARTS)
def test_all_zeros_draw_empty_bars_labelled_zero(chart):
    svg = draw(chart, series=[("Visits", [0, 0])])
    size = "width" if chart is bar_chart else "height"
    assert [float(rect.get(size)) for rect in bars(svg)] == [0, 0]
    assert texts(svg, "chart__value") == ["0", "0"]


@pytest.mark.parametrize("chart", CHARTS)
def test_no_data_draws_nothing(chart):
    assert draw(chart, labels=[], series=[("Visits", [])]) == ""
    assert draw(chart, series=[]) == ""


@pytest.mark.parametrize("chart", CHARTS)
def test_the_legend_is_shown_only_for_several_series(chart):
    assert texts(draw(chart), "chart__legend") == []
    two = draw(chart, series=[("Hosted", [1, 2]), ("Sent", [2, 1])])
    assert texts(two, "chart__legend") == ["Hosted", "Sent"]


def test_the_second_series_is_hatched_not_only_coloured():
    svg = draw(bar_chart, series=[("Hosted", [1, 2]), ("Sent", [2, 1])])
    fills = [rect.get("fill") for rect in bars(svg)]
    assert fills[0].startswith("#")
    patterns = [pattern.get("id") for pattern in parsed(svg).iter(f"{SVG}pattern")]
    assert fills[1] == f"url(#{patterns[0]})"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", ["1\xa0234\xa0567", "1\xa0234,50\xa0kr", "12,35\xa0kr"]),
        ("en", ["1,234,567", "1,234.50\xa0kr", "12.35\xa0kr"]),
    ],
)
def test_values_are_formatted_in_the_active_language(language, expected):
    series = [("Price", [1234567, Decimal("1234.50"), 12.345])]
    with translation.override(language):
        svg = draw(bar_chart, labels=["A", "B", "C"], series=series, unit="kr")
    assert texts(svg, "chart__value") == [expected[0] + "\xa0kr", *expected[1:]]


def test_a_negative_value_is_refused():
    with pytest.raises(ValueError, match="negative"):
        draw(bar_chart, series=[("Balance", [3, -1])])
