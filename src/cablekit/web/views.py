"""Handlers of the search page, the cable pages and the guide.

Each handler reads the request, asks the store (through ``request.app.state.archive``)
and renders one template with one context; no handler builds HTML itself.
Store calls are quick SQLite look-ups, so handlers run on the event loop.

Example: ``GET /cables/09ASTANA2204`` renders templates/cable.html.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from .. import refid
from ..errors import NotFound
from ..model import Cable
from ..store.base import SearchResults
from . import urls
from .archive import Archive
from .cable_page import cable_page
from .facets_view import FACET_NAMES, chips, facet_groups
from .search_form import SORT_LABELS, Pager, SearchForm

_TAG_LIST_LIMIT = 400


def archive_of(request: Request) -> Archive:
    """The archive of the app serving ``request``."""
    return request.app.state.archive


def render(request: Request, name: str, context: dict[str, object], status: int = 200) -> Response:
    """Render template ``name`` with ``context`` (plus ``request``)."""
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


SEARCH_STATUS_BAD_QUERY = 400
EXPORT_FORMATS = (("csv", "CSV"), ("jsonl", "JSON Lines"), ("parquet", "Parquet"))
"""Download formats of the search page: (format parameter, label)."""


def search_context(archive: Archive, form: SearchForm, *, with_facets: bool = False) -> dict[str, object]:
    """The hits (a page), exact total, pager, facets and chips for ``form`` (the search and tag pages).

    A malformed query gives no hits and ``error``: the `QuerySyntaxError` (or ValueError)
    to show with the form; the caller answers 400 then.
    """
    error: ValueError | None = None
    results, groups = SearchResults(), []
    try:
        form.check()
        results = archive.store.search(form.query())
        if with_facets:
            groups = facet_groups(archive.facets(form.query(paged=False), FACET_NAMES), form)
    except ValueError as exc:  # QuerySyntaxError is one
        error = exc
    return {
        "form": form,
        "results": results,
        "pages": Pager.build(form.page, results.total, form.per_page),
        "problems": list(form.problems),
        "first_number": form.query().offset + 1,
        "error": error,
        "facets": groups,
        "chips": chips(form),
        "query_text": form.text(),
        "sort_labels": SORT_LABELS,
    }


async def search(request: Request) -> Response:
    """``/`` and ``/search``: the query form, the exact count, a page of hits, facets with counts
    for the query, chips of the chosen facets and download links; 400 for a malformed query."""
    archive = archive_of(request)
    form = SearchForm.from_params(request.query_params)
    context = search_context(archive, form, with_facets=True)
    export_params = {k: v for k, v in form.params().items() if k not in ("page", "per_page")}
    context.update({
        "archive_count": archive.count(),
        "classifications": [fc.value for fc in archive.facet("classification")],
        "origins": sorted(fc.value for fc in archive.facet("origin")),
        "tag_choices": sorted(fc.value for fc in archive.facet("tag")[:_TAG_LIST_LIMIT]),
        "downloads": [(label, urls.export_url(fmt, **export_params)) for fmt, label in EXPORT_FORMATS],
    })
    status = SEARCH_STATUS_BAD_QUERY if context["error"] is not None else 200
    return render(request, "search.html", context, status)


def _lookup(request: Request) -> Cable | Response:
    """The cable the path names, or a redirect to its canonical URL; raises NotFound."""
    asked = request.path_params["reference_id"]
    canonical = refid.canonicalize(asked)
    if canonical != asked:
        raw = request.url.path.endswith("/raw")
        return RedirectResponse(urls.raw_url(canonical) if raw else urls.cable_url(canonical), status_code=301)
    cable = archive_of(request).store.get(canonical)
    if cable is None:
        raise NotFound(f"No cable {asked} in this archive.")
    if cable.reference_id != canonical:
        return RedirectResponse(urls.cable_url(cable.reference_id), status_code=301)
    return cable


async def cable(request: Request) -> Response:
    """``/cables/<ID>``: the cable page (metadata, decoded header, body, references, cited by)."""
    found = _lookup(request)
    if isinstance(found, Response):
        return found
    page = cable_page(found, archive_of(request).store)
    return render(request, "cable.html", {"page": page, "cable": found})


async def cable_raw(request: Request) -> Response:
    """``/cables/<ID>/raw``: the header and body as text/plain (UTF-8)."""
    found = _lookup(request)
    if isinstance(found, Response):
        return found
    text = "\n\n".join(part.strip("\n") for part in (found.header, found.body) if part.strip())
    return PlainTextResponse(text + "\n", media_type="text/plain; charset=utf-8")


async def legacy_cable(request: Request) -> Response:
    """``/cable/YYYY/MM/<ID>.html`` (the mirror's URLs): a permanent redirect to ``/cables/<ID>``."""
    name = request.path_params["name"]
    if not name.endswith(".html"):
        raise HTTPException(404, f"There is no page at {request.url.path}.")
    return RedirectResponse(urls.cable_url(refid.canonicalize(name[: -len(".html")])), status_code=301)


async def guide(request: Request) -> Response:
    """``/guide``: how to read a cable, element by element (our own words)."""
    return render(request, "guide.html", {})
