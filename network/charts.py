"""Charts drawn on the server as accessible SVG: no script, no inline style (the Content Security
Policy forbids both), nothing loaded from elsewhere.

Each chart is an image (`role="img"`) named by its own `<title>` and `<desc>`; the caller puts the
same numbers in a table beside it, which is what assistive technology and a careful reader use.
Series are told apart by pattern as well as colour, and named in a legend when there are several.
Every bar carries its value, formatted in the active language ("1 234,5" in Norwegian).

The drawing has a fixed coordinate system (`viewBox`) and scales to its container (the "Charts"
block of static/css/site.css caps how wide it grows); it is laid out so that its text stays legible
on a 320 px screen: a bar chart puts each label on its own line above its bars, and a column chart
turns its labels and values upright when they do not fit beside each other.

Only figures of zero or more are drawn (counts, sums, prices): a negative value is refused with a
ValueError rather than drawn wrongly. No labels or no series: an empty string, so that the caller
shows its table or its empty state alone.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

Number = int | float | Decimal
Series = list[tuple[str, list[Number]]]

WIDTH = 360  # the viewBox's width; the CSS scales it to the container
FONT = 15  # labels and the legend: 12 px on a 320 px screen
VALUE_FONT = 14  # the value beside or above a bar
CHAR = 0.58  # a character's width, as a share of the font size (system sans-serif, generous)
# A bar chart's label longer than the width is shortened ("…"); the table beside has it whole.
LABEL_CHARS = int(WIDTH / (FONT * CHAR))
COLUMN_LABEL_CHARS = 14  # the same for an upright column label
COLUMN_HEIGHT = 150  # the tallest column

INK = "#1b2420"  # --cn-ink: text, 15.7:1 on white
AXIS = "#6b7a72"  # --cn-border-strong: the baseline, 4.4:1 on white


@dataclass(frozen=True)
class _Look:
    """How one series is drawn: a solid fill, or a hatch in a colour with an outline of it, so that
    series differ by more than colour. Every colour is 3:1 or more on white (WCAG 1.4.11)."""

    colour: str
    hatch: str = ""  # the pattern's lines, in a tile of 8 by 8; empty for a solid fill


LOOKS = (
    _Look("#1d5c4b"),  # --cn-green, 7.8:1
    _Look("#c2410c", "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4"),  # --cn-marker, 4.6:1, diagonal
    _Look("#4a5751", "M0,2 h8 M0,6 h8"),  # --cn-muted, 7.3:1, horizontal
    _Look("#13463a", "M2,0 v8 M6,0 v8"),  # --cn-green-dark, 10.9:1, vertical
)


def bar_chart(
    *, title: str, description: str, labels: list[str], series: Series, unit: str = ""
) -> SafeString:
    """Horizontal bars, one group per label (a hub's hosted and sent visits; members by county)."""
    if not _has_data(labels, series):
        return mark_safe("")
    chart = _Chart(title, description, labels, series, unit)
    return chart.svg("bar", _bars(chart))


def column_chart(
    *, title: str, description: str, labels: list[str], series: Series, unit: str = ""
) -> SafeString:
    """Vertical columns, one group per label, left to right: a series over time (members per year,
    visits per month)."""
    if not _has_data(labels, series):
        return mark_safe("")
    chart = _Chart(title, description, labels, series, unit)
    return chart.svg("column", _columns(chart))


def _has_data(labels: list[str], series: Series) -> bool:
    if not labels or not series:
        return False
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"Series {name!r} has {len(values)} values for {len(labels)} labels.")
        if any(value < 0 for value in values):
            raise ValueError(f"Series {name!r} has a negative value: charts draw 0 or more.")
    return True


def value_text(value: Number, unit: str = "") -> str:
    """A figure in the active language: grouped thousands, a float to at most two decimals."""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else round(value, 2)
    text = formats.number_format(value, use_l10n=True, force_grouping=True)
    return f"{text}\xa0{unit}" if unit else text


def _text_width(text: str, font: int) -> float:
    return len(text) * font * CHAR


def _shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _n(number: float) -> str:
    """A coordinate, short: 12, 12.5."""
    return f"{number:.1f}".removesuffix(".0")


class _Chart:
    """What both kinds share: the figures as text, the ids, the legend and the frame."""

    def __init__(self, title, description, labels, series, unit):
        self.title, self.description, self.unit = title, description, unit
        self.labels = [str(label) for label in labels]
        self.names = [str(name) for name, _values in series]
        self.values = [list(values) for _name, values in series]
        self.texts = [[value_text(value, unit) for value in values] for values in self.values]
        self.top = max((max(values) for values in self.values), default=0)
        self.id = f"chart-{slugify(title)[:30] or 'figure'}-{uuid.uuid4().hex[:8]}"

    def scale(self, value: Number, length: float) -> float:
        return float(value) / float(self.top) * length if self.top else 0.0

    def look(self, index: int) -> _Look:
        return LOOKS[index % len(LOOKS)]

    def fill(self, index: int) -> str:
        look = self.look(index)
        return f"url(#{self.id}-p{index})" if look.hatch else look.colour

    def bar(self, index: int, x: float, y: float, width: float, height: float, part="bar") -> str:
        """A bar, or (part="key") the legend's swatch of its series."""
        look = self.look(index)
        return (
            f'<rect class="chart__{part} chart__{part}--{index % len(LOOKS) + 1}" x="{_n(x)}" '
            f'y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{self.fill(index)}" '
            f'stroke="{look.colour}" stroke-width="{1 if look.hatch else 0}"/>'
        )

    def legend(self) -> tuple[list[str], float]:
        """The series' names beside their swatches, wrapped to the width; and the height used."""
        if len(self.names) < 2:
            return [], 0
        parts, x, y = [], 0.0, 0.0
        for index, name in enumerate(self.names):
            name = _shorten(name, LABEL_CHARS - 4)
            width = 22 + _text_width(name, FONT)
            if x and x + width > WIDTH:
                x, y = 0.0, y + 24
            parts.append(self.bar(index, x + 1, y + 3, 14, 14, part="key"))
            parts.append(_text(x + 21, y + 15, name, "chart__legend"))
            x += width + 16
        return parts, y + 24 + 8

    def patterns(self) -> str:
        tiles = [
            f'<pattern id="{self.id}-p{index}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="#fff"/><path d="{look.hatch}" '
            f'class="chart__hatch chart__hatch--{index % len(LOOKS) + 1}" stroke="{look.colour}" '
            f'stroke-width="2"/></pattern>'
            for index in range(len(self.names))
            if (look := self.look(index)).hatch
        ]
        return f"<defs>{''.join(tiles)}</defs>" if tiles else ""

    def svg(self, kind: str, drawing: tuple[list[str], float]) -> SafeString:
        parts, height = drawing
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{kind}" role="img" '
            f'aria-labelledby="{self.id}-title {self.id}-desc" viewBox="0 0 {WIDTH} {_n(height)}" '
            f'font-family="system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, sans-serif" '
            f'font-size="{FONT}" fill="{INK}">'
            f'<title id="{self.id}-title">{escape(self.title)}</title>'
            f'<desc id="{self.id}-desc">{escape(self.description)}</desc>'
        )
        # Every text from the caller went through escape() (_text and the head above).
        return mark_safe(head + self.patterns() + "".join(parts) + "</svg>")  # noqa: S308


def _text(x: float, y: float, text: str, css: str, extra: str = "") -> str:
    return f'<text class="{css}" x="{_n(x)}" y="{_n(y)}"{extra}>{escape(text)}</text>'


def _bars(chart: _Chart) -> tuple[list[str], float]:
    """Each label on its own line, its bars under it from a baseline, each bar's value just past its
    end: the value space is kept free at the right, so that a longest bar's value still fits."""
    parts, y = chart.legend()
    values_width = max(_text_width(text, VALUE_FONT) for texts in chart.texts for text in texts)
    length = WIDTH - 2 - 6 - values_width
    bar_height = 18 if len(chart.names) == 1 else 15
    for row, label in enumerate(chart.labels):
        parts.append(_text(0, y + FONT, _shorten(label, LABEL_CHARS), "chart__label"))
        y += FONT + 6
        group_top = y
        for index in range(len(chart.names)):
            width = chart.scale(chart.values[index][row], length)
            parts.append(chart.bar(index, 2, y, width, bar_height))
            parts.append(_value(2 + width + 5, y + bar_height / 2, chart.texts[index][row]))
            y += bar_height + 3
        # The baseline runs along the group's bars only, never through the next label.
        parts.append(_axis(1, group_top - 2, 1, y - 1))
        y += 11
    return parts, y - 8


def _value(x: float, middle: float, text: str) -> str:
    """A bar's value just past its end, centred on the bar's height."""
    return _text(x, middle + VALUE_FONT * 0.35, text, "chart__value", f' font-size="{VALUE_FONT}"')


def _axis(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line class="chart__axis" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{AXIS}" stroke-width="2"/>'
    )


def _columns(chart: _Chart) -> tuple[list[str], float]:
    """Columns on a baseline, values above, labels under: upright (turned a quarter) when the
    labels or the values do not fit across their slot, which is how twelve months fit a phone."""
    parts, top = chart.legend()
    slot = WIDTH / len(chart.labels)
    column = slot * 0.8 / len(chart.names)
    labels = [_shorten(label, COLUMN_LABEL_CHARS) for label in chart.labels]
    labels_room = max(_text_width(label, FONT) for label in labels)
    labels_upright = labels_room > slot - 4
    values_room = max(_text_width(text, VALUE_FONT) for texts in chart.texts for text in texts)
    values_upright = values_room > column - 1
    baseline = top + (values_room if values_upright else VALUE_FONT) + 6 + COLUMN_HEIGHT
    for row in range(len(chart.labels)):
        for index in range(len(chart.names)):
            x = row * slot + slot * 0.1 + index * column
            parts += _column(chart, index, row, (x, column, baseline), values_upright)
    parts.append(_axis(0, baseline + 1, WIDTH, baseline + 1))
    for row, label in enumerate(labels):
        parts.append(_column_label(row * slot + slot / 2, baseline + 8, label, labels_upright))
    return parts, baseline + 8 + (labels_room if labels_upright else FONT) + 6


def _column(chart: _Chart, index: int, row: int, place: tuple, upright: bool) -> list[str]:
    """One column and its value, centred above it: across, or read upwards from its top."""
    x, width, baseline = place
    height = chart.scale(chart.values[index][row], COLUMN_HEIGHT)
    middle, above = x + width / 2, baseline - height - 5
    if upright:
        turn = f' transform="rotate(-90 {_n(middle)} {_n(above)})" dy="{_n(VALUE_FONT * 0.35)}"'
        extra = f' font-size="{VALUE_FONT}"{turn}'
    else:
        extra = f' font-size="{VALUE_FONT}" text-anchor="middle"'
    value = _text(middle, above, chart.texts[index][row], "chart__value", extra)
    return [chart.bar(index, x + 1, baseline - height, max(width - 2, 1), height), value]


def _column_label(middle: float, y: float, label: str, upright: bool) -> str:
    """A label under its columns; upright, it reads upwards and ends just under the baseline."""
    if not upright:
        return _text(middle, y + FONT, label, "chart__label", ' text-anchor="middle"')
    turn = f' transform="rotate(-90 {_n(middle)} {_n(y)})" dy="{_n(FONT * 0.35)}"'
    return _text(middle, y, label, "chart__label", f' text-anchor="end"{turn}')
