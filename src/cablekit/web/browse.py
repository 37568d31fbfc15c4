"""Browse pages: posts (origins), TAGS, one tag, classifications (the timeline is `web.timeline`,
the declassification calendar `web.declassification`).

Figures come from `Store.facet_counts` through the `Archive` cache, so each
page costs a few queries the first time and none afterwards (the posts page: one
grouped `Store.origin_ranges` query).

Example: ``GET /classifications`` lists each level with its markings and counts.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from starlette.requests import Request
from starlette.responses import Response

from .. import decode
from ..errors import NotFound
from ..store.base import FacetCount
from . import decoding, urls
from .search_form import SearchForm
from .views import archive_of, render, search_context


async def origins(request: Request) -> Response:
    """``/origins``: every post with its number of cables and the dates of its first and last one."""
    archive = archive_of(request)
    return render(request, "origins.html", {"origins": archive.cached("origins", archive.store.origin_ranges)})


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


@dataclass
class Marking:
    """A classification marking as the metadata gives it, its count, meaning and search link."""

    value: str
    count: int
    meaning: str
    href: str | None


@dataclass
class Level:
    """A classification level with its total, meaning, search link and its markings."""

    value: str
    key: str
    count: int
    meaning: str | None
    href: str | None
    markings: list[Marking]


def level_clause(markings: list[str]) -> str | None:
    """The clause finding every marking of a level: ``classification:("SECRET" OR "SECRET//NOFORN")``;
    None if a marking can't be quoted."""
    if any('"' in m for m in markings):
        return None
    return "classification:(" + " OR ".join(f'"{m}"' for m in markings) + ")"


def classification_levels_view(counts: list[FacetCount]) -> list[Level]:
    """The levels of ``counts`` (whole markings, `Store.facet_counts("classification")`), each with
    its markings, most cables first."""
    groups: dict[str, list[FacetCount]] = {}
    for fc in counts:
        groups.setdefault(fc.value.split("//")[0].strip() or fc.value, []).append(fc)
    out = []
    for level, markings in groups.items():
        term = decode.classification(level)
        found = level_clause([m.value for m in markings])
        rows = [Marking(fc.value, fc.count, decoding.marking_description(fc.value),
                        None if '"' in fc.value else urls.facet_search_url(f'classification:"{fc.value}"'))
                for fc in markings]
        out.append(Level(level, decoding.marking_level(level), sum(m.count for m in markings),
                         term.meaning if term else None, urls.search_url(q=found) if found else None, rows))
    out.sort(key=lambda lv: (-lv.count, lv.value))
    return out


async def classifications(request: Request) -> Response:
    """``/classifications``: cables per classification level and per marking, each linked to its search."""
    archive = archive_of(request)
    levels = archive.cached("levels", lambda: classification_levels_view(archive.facet("classification")))
    return render(request, "classifications.html", {"levels": levels, "total": archive.count()})
