"""``/export``: the whole result set of a search as CSV, JSON Lines or Parquet, streamed.

Rows are `Store.iter_matches` records (`cablekit.store.base.EXPORT_COLUMNS`, in
the query's sort order), written by `cablekit.search.export.export_chunks`, the
writer of ``cablekit search --export`` too: list fields joined with
`CSV_LIST_SEPARATOR` in CSV, arrays in JSON Lines, ``list<string>`` in Parquet.
The chunks go out as they are made, so the first bytes leave before the last
row is read and memory stays small for the whole archive (Parquet a row group
at a time).

Example: ``GET /export?q=tag:KZ&format=parquet`` answers a Parquet file named
``cables-tag-KZ.parquet`` with the header ``X-Result-Count``.
"""
from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..search.export import check_format, export_chunks
from .errors import BadRequest
from .search_form import SearchForm
from .views import archive_of

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
               "parquet": "application/vnd.apache.parquet"}
"""Content type of each export format."""
_SLUG = re.compile(r"[^A-Za-z0-9]+")


def file_name(form: SearchForm, fmt: str) -> str:
    """The download's file name: ``cables-tag-KZ-overflight.csv`` (``cables.csv`` for everything)."""
    slug = _SLUG.sub("-", form.text()).strip("-")[:60].strip("-")
    return f"cables-{slug}.{fmt}" if slug else f"cables.{fmt}"


async def export(request: Request) -> Response:
    """``/export?q=...&format=csv|jsonl|parquet``: every matching cable, streamed (not a page).

    Takes the search page's parameters (``q``, ``fq``, filters, ``sort``); answers
    400 in the JSON error shape for an unknown format or a malformed query.
    """
    form = SearchForm.from_params(request.query_params)
    try:
        fmt = check_format(request.query_params.get("format") or "csv")
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc
    if form.problems:
        raise BadRequest(form.problems[0])
    store = archive_of(request).store
    form.check()
    total = store.search(form.query(paged=False)).total
    chunks = export_chunks(store.iter_matches(form.query(paged=False)), fmt)
    headers = {"content-disposition": f'attachment; filename="{file_name(form, fmt)}"',
               "x-result-count": str(total)}
    return StreamingResponse(chunks, media_type=MEDIA_TYPES[fmt], headers=headers)
