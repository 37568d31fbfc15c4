"""Server-side SVG bar charts with stacked series, as plain values for the templates.

`stacked_chart` lays out columns at integer positions (month or year numbers,
gaps kept) and stacks each column's series counts bottom-up; the template
(``_macros.html`` ``stacked_svg``) draws it with a ``<title>`` and ``<desc>``
and every page that shows one also gives its figures as a table.

Example::

    chart = stacked_chart([Column(2009, "2009: 5 cables", "/search?fq=created%3A2009",
                                  [("s", 2), ("c", 3)])], ticks=[(2009, "2009")])
    chart.columns[0].segments[0].height   # the "s" part, bottom of the bar
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Segment:
    """One series' part of a column: its rectangle (SVG user units) and series key (a CSS class)."""

    key: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Column:
    """A bar: its position (``2009`` or a month number), label, link and ``(series key, count)`` parts."""

    position: int
    label: str
    href: str | None
    parts: list[tuple[str, int]]
    segments: list[Segment] = field(default_factory=list)

    @property
    def total(self) -> int:
        """The column's count (all series)."""
        return sum(count for _, count in self.parts)


@dataclass
class StackedChart:
    """The chart: viewBox size, plot height, columns with their segments, x ticks ``(x, label)``, peak."""

    width: float
    height: float
    plot_height: float
    columns: list[Column]
    ticks: list[tuple[float, str]]
    peak: int


def stacked_chart(columns: list[Column], ticks: list[tuple[int, str]], *, width: float = 720.0,
                  height: float = 220.0, axis_room: float = 16.0) -> StackedChart | None:
    """Lay out ``columns`` from the first to the last position, bars scaled to the tallest column.

    Each non-empty segment is at least 0.5 units high so a single cable still shows.
    ``ticks`` are ``(position, label)``; the result gives them in SVG x units. None without columns.
    """
    shown = [c for c in columns if c.total > 0]
    if not shown:
        return None
    first = min(c.position for c in shown)
    last = max(c.position for c in shown)
    step = width / (last - first + 1)
    plot = height - axis_room
    peak = max(c.total for c in shown)
    for column in shown:
        x = (column.position - first) * step
        y = plot
        column.segments = []
        for key, count in column.parts:
            if count <= 0:
                continue
            h = max(0.5, round(count / peak * (plot - 4), 2))
            y -= h
            column.segments.append(Segment(key, count, round(x, 3), round(y, 2), round(max(step * 0.8, 0.6), 3), h))
    tick_x = [(round((pos - first) * step + step * 0.4, 2), label) for pos, label in ticks if first <= pos <= last]
    return StackedChart(round((last - first + 1) * step, 2), height, plot, shown, tick_x, peak)


def year_ticks(first_year: int, last_year: int, to_position: object = None) -> list[tuple[int, str]]:
    """Year labels at a readable spacing (at most about 16): ``[(position, "2005"), ...]``.

    to_position: maps a year to a column position (for month charts); the year itself by default.
    """
    years = last_year - first_year + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= 16)
    place = to_position if callable(to_position) else (lambda y: y)
    return [(place(y), str(y)) for y in range(first_year, last_year + 1) if y % step == 0]
