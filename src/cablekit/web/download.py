"""``/export``: the whole result set of a search as CSV, JSON Lines or Parquet, streamed.

Rows are `Store.iter_matches` records (`cablekit.store.base.EXPORT_COLUMNS`, in
the query's sort order), written the way ``cablekit search --export`` writes
them (`cablekit.search.export`): list fields joined with `CSV_LIST_SEPARATOR`
in CSV, arrays in JSON Lines, ``list<string>`` in Parquet. Each format is a
generator of byte chunks, so the first bytes leave before the last row is
read and memory stays small for the whole archive; Parquet is written a row
group at a time into a buffer that is emptied after each group.

Example: ``GET /export?q=tag:KZ&format=parquet`` answers a Parquet file named
``cables-tag-KZ.parquet`` with the header ``X-Result-Count``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Iterable, Iterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..search.export import CSV_LIST_SEPARATOR, EXPORT_FORMATS
from ..store.base import EXPORT_COLUMNS, LIST_COLUMNS
from .errors import BadRequest
from .search_form import SearchForm
from .views import archive_of

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
               "parquet": "application/vnd.apache.parquet"}
"""Content type of each export format."""
_ROWS_PER_CHUNK = 500
_SLUG = re.compile(r"[^A-Za-z0-9]+")


def csv_chunks(records: Iterable[dict]) -> Iterator[bytes]:
    """CSV (UTF-8, header row of `EXPORT_COLUMNS`), about `_ROWS_PER_CHUNK` rows per chunk."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for n, record in enumerate(records, 1):
        writer.writerow({k: CSV_LIST_SEPARATOR.join(v or ()) if k in LIST_COLUMNS else v for k, v in record.items()})
        if n % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def jsonl_chunks(records: Iterable[dict]) -> Iterator[bytes]:
    """JSON Lines: one JSON object per cable and line, UTF-8."""
    lines: list[str] = []
    for record in records:
        lines.append(json.dumps(record, ensure_ascii=False))
        if len(lines) >= _ROWS_PER_CHUNK:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


class _Drain(io.RawIOBase):
    """A write-only file that keeps what is written until `take` empties it."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._chunks.append(bytes(data))
        self._size += len(data)
        return len(data)

    def tell(self) -> int:
        return self._size

    def take(self) -> bytes:
        """Everything written since the last call."""
        out, self._chunks = b"".join(self._chunks), []
        return out


def parquet_chunks(records: Iterable[dict]) -> Iterator[bytes]:
    """Parquet, one row group per `_ROWS_PER_CHUNK` cables; the schema of `cablekit.search.export`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        pa.field(c, pa.list_(pa.string()) if c in LIST_COLUMNS else pa.int64() if c == "sections" else pa.string())
        for c in EXPORT_COLUMNS])
    sink = _Drain()
    with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema) as writer:
        batch: list[dict] = []
        for record in records:
            batch.append(record)
            if len(batch) >= _ROWS_PER_CHUNK:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
                yield sink.take()
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    yield sink.take()


CHUNKERS = {"csv": csv_chunks, "jsonl": jsonl_chunks, "parquet": parquet_chunks}


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
    fmt = (request.query_params.get("format") or "csv").strip().lower()
    if fmt not in CHUNKERS:
        raise BadRequest(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if form.problems:
        raise BadRequest(form.problems[0])
    store = archive_of(request).store
    form.check()
    total = store.search(form.query(paged=False)).total
    chunks = CHUNKERS[fmt](store.iter_matches(form.query(paged=False)))
    headers = {"content-disposition": f'attachment; filename="{file_name(form, fmt)}"',
               "x-result-count": str(total)}
    return StreamingResponse(chunks, media_type=MEDIA_TYPES[fmt], headers=headers)
