"""``/timeline``: cables per month, stacked by classification level, as a server-side SVG
with a title and description, and the same figures as tables (per year, and per month).

Counts come from `Store.facet_counts("month", ...)` once for all cables and once
per classification marking (``classification:"SECRET//NOFORN"``), added up by
level (`decoding.marking_level`); what no marking claims is "Other or unknown". The figures
are cached per app (`Archive`).

Example: ``GET /timeline`` draws Dec 2009 as one bar whose parts are that month's
secret, confidential and unclassified cables; its table row links to
``/search?fq=created%3A2009-12``.
"""
from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from ..store.base import SearchQuery, Store
from . import decoding, urls
from .charts import Column, StackedChart, stacked_chart, year_ticks
from .views import archive_of, render

LEVEL_ORDER = ("u", "sbu", "lou", "c", "s", "ts", "other")
"""Series keys (`decoding.marking_level`), bottom of the stack first."""
LEVEL_LABELS = {"u": "Unclassified", "sbu": "Sensitive but unclassified", "lou": "Limited official use",
                "c": "Confidential", "s": "Secret", "ts": "Top secret", "other": "Other or unknown"}
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class Row:
    """A line of a table: its period (``"2009"`` or ``"2009-12"``), link, counts per series, total."""

    period: str
    label: str
    href: str
    counts: dict[str, int]
    total: int


@dataclass
class Timeline:
    """What /timeline shows: the chart, its series (key, label, total), a one-paragraph
    description, and the year and month tables."""

    chart: StackedChart | None
    series: list[tuple[str, str, int]]
    description: str
    years: list[Row]
    months: list[Row]


def month_label(month: str) -> str:
    """``"2009-12"`` -> ``"Dec 2009"``."""
    return f"{_MONTH_ABBR[int(month[5:7]) - 1]} {month[:4]}"


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _valid(month: str) -> bool:
    return len(month) == 7 and month[:4].isdigit() and month[5:7].isdigit() and 1 <= int(month[5:7]) <= 12


def monthly_by_level(store: Store) -> dict[str, dict[str, int]]:
    """``{"2009-12": {"s": 12, "c": 20, "u": 3, "other": 0}, ...}`` for every month with cables."""
    months = {fc.value: fc.count for fc in store.facet_counts("month") if _valid(fc.value)}
    out: dict[str, dict[str, int]] = {m: {} for m in months}
    for marking in store.facet_counts("classification"):
        key = decoding.marking_level(marking.value)
        if '"' in marking.value:
            continue
        for fc in store.facet_counts("month", SearchQuery(f'classification:"{marking.value}"')):
            if fc.value in out:
                out[fc.value][key] = out[fc.value].get(key, 0) + fc.count
    for month, counts in out.items():
        counts["other"] = counts.get("other", 0) + months[month] - sum(counts.values())
    return out


def build_timeline(by_month: dict[str, dict[str, int]]) -> Timeline:
    """The chart, series, description and tables from `monthly_by_level` figures."""
    totals = {key: sum(c.get(key, 0) for c in by_month.values()) for key in LEVEL_ORDER}
    series = [(k, LEVEL_LABELS[k], totals[k]) for k in LEVEL_ORDER if totals[k] > 0]
    keys = [k for k, _, _ in series]
    months = []
    for month in sorted(by_month):
        counts = {k: by_month[month].get(k, 0) for k in keys}
        months.append(Row(month, month_label(month), urls.facet_search_url(f"created:{month}"), counts,
                          sum(counts.values())))
    years: dict[str, Row] = {}
    for row in months:
        year = years.setdefault(row.period[:4], Row(row.period[:4], row.period[:4],
                                                    urls.facet_search_url(f"created:{row.period[:4]}"),
                                                    {k: 0 for k in keys}, 0))
        for k in keys:
            year.counts[k] += row.counts[k]
        year.total += row.total
    columns = [Column(_month_number(r.period), _column_label(r, series), r.href,
                      [(k, r.counts[k]) for k in keys]) for r in months]
    chart = None
    if months:
        first, last = int(months[0].period[:4]), int(months[-1].period[:4])
        chart = stacked_chart(columns, year_ticks(first, last, lambda y: y * 12))
    return Timeline(chart, series, _description(months, series), list(years.values()), months)


def _column_label(row: Row, series: list[tuple[str, str, int]]) -> str:
    parts = ", ".join(f"{label.lower()} {row.counts[k]:,}" for k, label, _ in series if row.counts[k])
    noun = "cable" if row.total == 1 else "cables"
    return f"{row.label}: {row.total:,} {noun} ({parts})"


def _description(months: list[Row], series: list[tuple[str, str, int]]) -> str:
    if not months:
        return "No dated cable."
    total = sum(r.total for r in months)
    busiest = max(months, key=lambda r: (r.total, r.period))
    shares = "; ".join(f"{label} {count:,}" for _, label, count in series)
    return (f"{total:,} cables from {months[0].label} to {months[-1].label}, in {len(months):,} months with cables. "
            f"The busiest month is {busiest.label} with {busiest.total:,}. By classification: {shares}.")


async def timeline(request: Request) -> Response:
    """``/timeline``: the stacked monthly chart with its description, and the year and month tables."""
    archive = archive_of(request)
    data = archive.cached("timeline", lambda: build_timeline(monthly_by_level(archive.store)))
    return render(request, "timeline.html", {"t": data})
