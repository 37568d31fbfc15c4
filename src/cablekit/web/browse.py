"""Browse pages: posts (origins), TAGS, one tag, the timeline (server-side SVG), classifications.

Figures come from `Store.facet_counts` through the `Archive` cache, so each
page costs a few queries the first time and none afterwards.

Example: ``GET /timeline`` draws one bar per month from the first to the last
cable's month; each bar links to the search page limited to that month.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..store.base import FacetCount
from . import decoding, urls
from .search_form import SearchForm
from .views import archive_of, render, search_context

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class Bar:
    """One month of the timeline: its rectangle (SVG user units), label and link."""

    x: float
    y: float
    width: float
    height: float
    label: str
    href: str


@dataclass
class Timeline:
    """The timeline chart: viewBox size, bars, year ticks ``(x, "2009")``, the busiest month's
    count and the first and last month (``"Dec 1966"``)."""

    width: float
    height: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    peak: int
    first: str
    last: str


def _month_index(month: str) -> int:
    year, mm = month.split("-")[:2]
    return int(year) * 12 + int(mm) - 1


def build_timeline(months: list[FacetCount], width: float = 720.0, height: float = 200.0) -> Timeline | None:
    """A bar chart of cables per month (``FacetCount("2009-12", 41)``) from the first to the last month.

    The chart is about ``width`` by ``height`` SVG units; bars are at least 1 unit wide
    and a month with cables at least 1 unit high; empty months get no bar. None when
    ``months`` is empty.
    """
    valid = [fc for fc in months if len(fc.value) >= 7 and fc.value[:4].isdigit() and fc.value[5:7].isdigit()]
    if not valid:
        return None
    first = min(_month_index(fc.value) for fc in valid)
    last = max(_month_index(fc.value) for fc in valid)
    peak = max(fc.count for fc in valid)
    bar_width = max(1.0, round(width / (last - first + 1), 3))
    bars = []
    for fc in valid:
        i = _month_index(fc.value) - first
        h = max(1.0, round(fc.count / peak * (height - 20), 2))
        year, mm = fc.value[:4], int(fc.value[5:7])
        noun = "cable" if fc.count == 1 else "cables"
        bars.append(Bar(i * bar_width, height - 14 - h, bar_width * 0.8, h,
                        f"{_MONTH_ABBR[mm - 1]} {year}: {fc.count} {noun}",
                        urls.search_url(since=fc.value[:7], until=fc.value[:7])))
    years = last // 12 - first // 12 + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50) if years / s <= 16)
    ticks = [((y * 12 - first) * bar_width, str(y)) for y in range(first // 12, last // 12 + 1)
             if y % step == 0 and y * 12 >= first]
    return Timeline((last - first + 1) * bar_width, height, bars, ticks, peak,
                    _month_label(first), _month_label(last))


def _month_label(index: int) -> str:
    return f"{_MONTH_ABBR[index % 12]} {index // 12}"


async def origins(request: Request) -> Response:
    """``/origins``: every post with its number of cables and the dates of its first and last one."""
    archive = archive_of(request)
    return render(request, "origins.html", {"origins": archive.origin_ranges()})


async def tags(request: Request) -> Response:
    """``/tags``: TAGS codes grouped by kind, with counts and meanings."""
    archive = archive_of(request)
    order = {kind: i for i, kind in enumerate(decoding.TAG_KINDS)}
    rows = [(decoding.tag_kind(fc.value) or "unknown", fc) for fc in archive.facet("tag")]
    rows.sort(key=lambda r: (order.get(r[0], len(order)), r[1].value))
    groups = [(kind, [(fc, decoding.tag_meaning(fc.value)) for _, fc in items])
              for kind, items in groupby(rows, key=lambda r: r[0])]
    return render(request, "tags.html", {"groups": groups, "total_tags": len(rows)})


async def tag(request: Request) -> Response:
    """``/tags/<TAG>``: the tag's meaning and the cables carrying it (paginated, newest first)."""
    code = request.path_params["tag"].strip()
    params = dict(request.query_params)
    params["tag"] = code
    form = SearchForm.from_params(params)
    form.path, form.fixed = urls.tag_url(code), ("tag",)
    context = search_context(archive_of(request), form)
    if getattr(context["results"], "total", 0) == 0 and not form.q and form.page == 1:
        raise NotFound(f"No cable in this archive carries the tag {code}.")
    context.update({"tag": code, "meaning": decoding.tag_meaning(code), "kind": decoding.tag_kind(code)})
    return render(request, "tag.html", context)


async def timeline(request: Request) -> Response:
    """``/timeline``: cables per month as an SVG bar chart, and per year as a table."""
    archive = archive_of(request)
    chart = build_timeline(archive.facet("month"))
    return render(request, "timeline.html", {"chart": chart, "years": archive.facet("year")})


async def classifications(request: Request) -> Response:
    """``/classifications``: cables per classification, each linked to the search filtered on it."""
    archive = archive_of(request)
    rows = [(fc, decoding.marking_level(fc.value)) for fc in archive.facet("classification")]
    return render(request, "classifications.html", {"rows": rows, "total": archive.count()})
