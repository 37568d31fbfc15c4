"""The JSON API: ``/api/cables/<ID>`` (the record) and ``/api/search`` (a page of hits).

Keys follow `Cable.to_dict()` and `cablekit.store.base.Hit`; clients must ignore
keys they don't know. Errors use the one JSON shape of `web.errors.error_body`.

Example: ``GET /api/search?q=overflight`` gives
``{"ok": true, "total": 3, "hits": [{"reference_id": ..., "snippet": ...}], ...}``.
"""
from __future__ import annotations

from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import refid
from ..errors import NotFound
from ..store.base import HIGHLIGHT_END, HIGHLIGHT_START
from .errors import error_body
from .search_form import SearchForm
from .views import archive_of


async def api_cable(request: Request) -> Response:
    """``/api/cables/<ID>``: the cable record as JSON (404 in the JSON error shape when unknown)."""
    asked = request.path_params["reference_id"]
    cable = archive_of(request).store.get(refid.canonicalize(asked))
    if cable is None:
        raise NotFound(f"No cable {asked} in this archive.")
    return JSONResponse({"ok": True, "cable": cable.to_dict()})


async def api_search(request: Request) -> Response:
    """``/api/search``: the search page's parameters, a page of hits and the exact total.

    Each hit's ``snippet`` is plain text; ``highlights`` lists the ``[start, end]``
    character spans of the matched words (the store's markers removed).
    """
    form = SearchForm.from_params(request.query_params)
    try:
        results = archive_of(request).store.search(form.query())
    except ValueError as exc:
        return JSONResponse(error_body(400, str(exc), form.problems), status_code=400)
    hits = []
    for hit in results.hits:
        record = asdict(hit)
        record["snippet"], record["highlights"] = _plain_snippet(hit.snippet)
        hits.append(record)
    return JSONResponse({"ok": True, "total": results.total, "page": form.page, "hits": hits,
                         "problems": form.problems})


def _plain_snippet(snippet: str) -> tuple[str, list[list[int]]]:
    """The snippet without markers and the ``[start, end]`` character spans that were marked."""
    text: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    start: int | None = None
    for ch in snippet:
        if ch == HIGHLIGHT_START:
            start = pos
        elif ch == HIGHLIGHT_END:
            if start is not None:
                spans.append([start, pos])
            start = None
        else:
            text.append(ch)
            pos += 1
    return "".join(text), spans
