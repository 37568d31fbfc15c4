"""``/declassification``: the declassification calendar.

Each cable's E.O. line says when it may be declassified (``declassify_on``,
see ``../shared/gold/README.md``): a date (``2029-12-23``) or an instruction
that is not one (``OADR``: originating agency's determination required,
``N/A``, ``X1``...). The calendar counts the dated cables per year and how many
of those dates have passed as of today, and lists the instructions apart, with
the cables that have no E.O. line at all.

Counts come from the search index with the query language (``declassify_on:2019``,
``declassify_on:2025-01-01..2025-11-29``): a count per decade, then per year of
the decades that have cables; the cables without a date in 1900-2199 are read
(`Store.iter_matches`) to sort their instructions. The result is cached per day.

Example: ``declassification_calendar(store, date(2025, 11, 29)).years[0]``
is ``YearRow(year=1973, count=..., passed=..., href=...)``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone

from starlette.requests import Request
from starlette.responses import Response

from ..store.base import SearchQuery, Store
from . import urls
from .charts import Column, StackedChart, stacked_chart, year_ticks
from .views import archive_of, render

FIRST_YEAR, LAST_YEAR = 1900, 2199
"""The years counted through the index; dates outside them are read from the records."""
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass
class YearRow:
    """A year of declassify-on dates: cables, how many of those dates have passed, the search link."""

    year: int
    count: int
    passed: int
    href: str

    @property
    def status(self) -> str:
        """``"passed"``, ``"pending"`` or ``"partly passed"``."""
        return "passed" if self.passed == self.count else "pending" if not self.passed else "partly passed"


@dataclass
class Instruction:
    """A declassify-on value that is not a date (``OADR``), how many cables give it, its search link."""

    value: str
    count: int
    href: str | None


@dataclass
class Calendar:
    """The calendar as of ``today``: year rows, instructions, cables without an E.O. line,
    totals, the chart (passed and pending parts per year) and its description."""

    today: date
    years: list[YearRow]
    instructions: list[Instruction]
    no_eo_line: int
    dated: int
    passed: int
    chart: StackedChart | None
    description: str

    @property
    def pending(self) -> int:
        """Dated cables whose date is still to come."""
        return self.dated - self.passed


def _count(store: Store, text: str) -> int:
    return store.search(SearchQuery(text, limit=0)).total


def _year_counts(store: Store) -> dict[int, int]:
    """Cables per declassify-on year in `FIRST_YEAR`..`LAST_YEAR` (a query per decade, then per year)."""
    out: dict[int, int] = {}
    for decade in range(FIRST_YEAR, LAST_YEAR + 1, 10):
        if not _count(store, f"declassify_on:{decade}..{decade + 9}"):
            continue
        for year in range(decade, decade + 10):
            n = _count(store, f"declassify_on:{year}")
            if n:
                out[year] = n
    return out


def declassification_calendar(store: Store, today: date) -> Calendar:
    """Count the cables by declassify-on year and instruction, as of ``today``."""
    counts = _year_counts(store)
    passed = {y: n for y, n in counts.items() if y < today.year}
    if today.year in counts:
        passed[today.year] = _count(store, f"declassify_on:{today.year}-01-01..{today.isoformat()}")
    instructions: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    no_eo_line = 0
    for record in store.iter_matches(SearchQuery(f"-declassify_on:{FIRST_YEAR}..{LAST_YEAR}")):
        value = " ".join((record.get("declassify_on") or "").split())
        m = _ISO_DATE.match(value)
        if not value:
            no_eo_line += 1
        elif m:
            year = int(m.group(1))
            counts[year] = counts.get(year, 0) + 1
            passed[year] = passed.get(year, 0) + (value <= today.isoformat())
        else:
            instructions[value.upper()] += 1
            spellings.setdefault(value.upper(), Counter())[value] += 1
    years = [YearRow(y, n, passed.get(y, 0), urls.facet_search_url(f"declassify_on:{y}"))
             for y, n in sorted(counts.items())]
    listed = []
    for key, n in sorted(instructions.items(), key=lambda kv: (-kv[1], kv[0])):
        shown = spellings[key].most_common(1)[0][0]
        listed.append(Instruction(shown, n, None if '"' in shown else urls.facet_search_url(f'declassify_on:"{shown}"')))
    dated = sum(r.count for r in years)
    done = sum(r.passed for r in years)
    chart = None
    if years:
        columns = [Column(r.year, f"{r.year}: {r.count:,} cables, {r.passed:,} passed", r.href,
                          [("passed", r.passed), ("pending", r.count - r.passed)]) for r in years]
        chart = stacked_chart(columns, year_ticks(years[0].year, years[-1].year))
    description = (f"{dated:,} cables give a declassify-on date, from {years[0].year} to {years[-1].year}; "
                   f"as of {today.isoformat()} the dates of {done:,} have passed and {dated - done:,} are to come."
                   if years else "No cable gives a declassify-on date.")
    return Calendar(today, years, listed, no_eo_line, dated, done, chart, description)


def utc_today() -> date:
    """Today's date in UTC (the cables' dates are UTC)."""
    return datetime.now(timezone.utc).date()


async def calendar(request: Request) -> Response:
    """``/declassification``: the calendar as of today (UTC): years, passed and pending, instructions."""
    archive = archive_of(request)
    today = utc_today()
    data = archive.cached(f"declassification:{today.isoformat()}",
                          lambda: declassification_calendar(archive.store, today))
    return render(request, "declassification.html", {"cal": data})
