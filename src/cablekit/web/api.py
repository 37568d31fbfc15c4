"""The JSON API: ``/api/search`` (a page of hits, facets), ``/api/cables/<ID>`` (the record),
``/openapi.json`` (its description) and ``/api`` (a page about it).

Search takes the query language of the search page (``q``, repeatable ``fq``)
and answers the same hits in the same order, with the exact total. Keys follow
`Cable.to_dict()` and `cablekit.store.base.Hit`; clients must ignore keys they
don't know. Every error is ``{"ok": false, "error": "...", "status": 400}``
(`web.errors.error_body`): a malformed query, an unknown sort or facet, a page
or page size out of range (400), an unknown cable or path (404).

Example: ``GET /api/search?q=overflight&facets=year`` gives
``{"ok": true, "total": 3, "hits": [{"reference_id": ..., "snippet": ...}], "facets": {"year": [...]}, ...}``.
"""
from __future__ import annotations

from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import NotFound
from ..store.base import FACETS, unmark
from . import urls
from .errors import BadRequest
from .facets_view import FACET_NAMES
from .openapi import openapi_document
from .search_form import SearchForm
from .views import archive_of, render

_ALL = ("1", "true", "yes", "all")


def requested_facets(value: str | None) -> tuple[str, ...]:
    """The facets asked for by ``facets=``: none when empty, the search page's set for
    ``1``/``true``/``all``, else the comma-separated names (any of `FACETS`).
    Raises BadRequest naming an unknown facet."""
    value = (value or "").strip()
    if not value or value.lower() in ("0", "false", "no"):
        return ()
    if value.lower() in _ALL:
        return FACET_NAMES
    names = tuple(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    for name in names:
        if name not in FACETS:
            raise BadRequest(f"unknown facet {name!r}; known: {', '.join(FACETS)}")
    return names


async def api_cable(request: Request) -> Response:
    """``/api/cables/<ID>``: the cable record as JSON, with its page URL and the IDs of the
    cables citing it (404 in the JSON error shape when unknown). Any ID form is accepted."""
    asked = request.path_params["reference_id"]
    store = archive_of(request).store
    cable = store.get(asked)
    if cable is None:
        raise NotFound(f"No cable {asked} in this archive.")
    return JSONResponse({"ok": True, "cable": cable.to_dict(), "url": urls.cable_url(cable.reference_id),
                         "cited_by": [hit.reference_id for hit in store.cited_by(cable.reference_id)]})


async def api_search(request: Request) -> Response:
    """``/api/search``: the search page's parameters -> a page of hits, the exact total and,
    with ``facets``, counts per facet value for the whole result set.

    Each hit's ``snippet`` is plain text; ``highlights`` lists the ``[start, end)``
    character spans of the matched words. Any parameter problem is a 400.
    """
    form = SearchForm.from_params(request.query_params)
    if form.problems:
        raise BadRequest(form.problems[0])
    names = requested_facets(request.query_params.get("facets"))
    form.check()
    archive = archive_of(request)
    results = archive.store.search(form.query())
    hits = []
    for hit in results.hits:
        record = asdict(hit)
        record["snippet"], record["highlights"] = unmark(hit.snippet)
        record["url"] = urls.cable_url(hit.reference_id)
        hits.append(record)
    body: dict[str, object] = {
        "ok": True, "query": form.text(), "sort": form.sort or None, "total": results.total,
        "page": form.page, "per_page": form.per_page, "pages": -(-results.total // form.per_page),
        "hits": hits, "index_behind": results.behind,
    }
    if names:
        counts = archive.facets(form.query(paged=False), names)
        body["facets"] = {name: [asdict(fc) for fc in counts.get(name, [])] for name in names}
    return JSONResponse(body)


async def openapi(request: Request) -> Response:
    """``/openapi.json``: the OpenAPI 3.1 description of the JSON API and the export."""
    return JSONResponse(openapi_document())


async def api_page(request: Request) -> Response:
    """``/api``: what the API offers, with examples, linking the OpenAPI description."""
    return render(request, "api.html", {"facets": FACETS})
