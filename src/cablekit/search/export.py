"""A whole result set as CSV, JSON Lines or Parquet: byte chunks, or a file.

Every matching cable is one row of `cablekit.store.base.EXPORT_COLUMNS` (the
structured fields, no body text), in the query's sort order. List fields
(`LIST_COLUMNS`: tags, caveats, addressees, cited references, signers,
reasons) are arrays in JSON Lines, ``list<string>`` in Parquet and joined with
`CSV_LIST_SEPARATOR` in CSV. `export_chunks` is the one writer: it yields the
file as chunks of bytes, ``rows_per_chunk`` records at a time (a Parquet row
group each), so memory stays small for the whole archive and a download can
start before the last row is read. `export` writes those chunks to a file
(``cablekit search --export``); the web's ``/export`` streams them.

Example::

    with open_store("cables.db", read_only=True) as store:
        n = export(store.iter_matches(SearchQuery("tag:KZ")), Path("kz.parquet"))
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..store.base import EXPORT_COLUMNS, LIST_COLUMNS

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
"""File name endings and the format each stands for."""
EXPORT_FORMATS = ("csv", "jsonl", "parquet")
CSV_LIST_SEPARATOR = "|"
"""Separator of list items in a CSV cell (TAGS such as ``OVIP (CLINTON, HILLARY)`` hold commas)."""
ROWS_PER_CHUNK = 1000
"""Records per chunk of `export_chunks` (and per Parquet row group)."""


def check_format(fmt: str) -> str:
    """``fmt`` lower-cased when it is one of `EXPORT_FORMATS` (``"CSV"`` -> ``"csv"``).

    Raises ValueError naming the known formats otherwise (``"xls"``).
    """
    name = fmt.strip().lower()
    if name not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {name!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return name


def format_of(path: Path, explicit: str | None = None) -> str:
    """The export format: ``explicit`` if given (`check_format`), else from the file name ending.

    Example: ``format_of(Path("kz.ndjson")) == "jsonl"``.
    Raises ValueError for an unknown explicit format or when neither says (``"cables.txt"``).
    """
    if explicit:
        return check_format(explicit)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"can't tell the export format of {path.name}: name it .csv, .jsonl or .parquet, "
                         "or give the format")
    return fmt


def export_chunks(records: Iterable[dict], fmt: str, rows_per_chunk: int = ROWS_PER_CHUNK) -> Iterator[bytes]:
    """The export of ``records`` (dicts of `EXPORT_COLUMNS`, e.g. `Store.iter_matches`) in
    format ``fmt`` (``csv``, ``jsonl``, ``parquet``), as chunks of bytes that concatenate to the file.

    CSV is UTF-8 with a header row; JSON Lines one UTF-8 object per line; Parquet
    one row group per chunk. Records are read lazily, ``rows_per_chunk`` at a time.
    Example: ``b"".join(export_chunks(rows, "jsonl"))``.
    Raises ValueError for an unknown format (at once, before any record is read).
    """
    return _CHUNKERS[check_format(fmt)](records, max(1, rows_per_chunk))


def export(records: Iterable[dict], path: Path, fmt: str | None = None) -> int:
    """Write ``records`` (dicts of `EXPORT_COLUMNS`) to ``path`` (`export_chunks`); return how many.

    fmt: ``csv``, ``jsonl`` or ``parquet`` (default: from the file name).
    Raises ValueError for an unknown format (before the file is created), OSError
    when the file can't be written.
    """
    chunks_of = _CHUNKERS[format_of(path, fmt)]
    count = 0

    def counted() -> Iterator[dict]:
        nonlocal count
        for record in records:
            count += 1
            yield record

    with open(path, "wb") as fh:
        for chunk in chunks_of(counted(), ROWS_PER_CHUNK):
            fh.write(chunk)
    return count


def _batches(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    """``records`` in lists of ``size`` (the last one shorter, none when there are no records)."""
    batch: list[dict] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _csv_chunks(records: Iterable[dict], size: int) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    yield buffer.getvalue().encode("utf-8")
    for batch in _batches(records, size):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows({k: CSV_LIST_SEPARATOR.join(v or ()) if k in LIST_COLUMNS else v for k, v in record.items()}
                         for record in batch)
        yield buffer.getvalue().encode("utf-8")


def _jsonl_chunks(records: Iterable[dict], size: int) -> Iterator[bytes]:
    for batch in _batches(records, size):
        yield "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in batch).encode("utf-8")


class _Drain(io.RawIOBase):
    """A write-only file that keeps what is written until `take` empties it (its
    `tell` keeps counting, as the Parquet writer records offsets)."""

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


def _parquet_chunks(records: Iterable[dict], size: int) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        pa.field(c, pa.list_(pa.string()) if c in LIST_COLUMNS else pa.int64() if c == "sections" else pa.string())
        for c in EXPORT_COLUMNS])
    sink = _Drain()
    with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema) as writer:
        for batch in _batches(records, size):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            yield sink.take()
    yield sink.take()


_CHUNKERS: dict[str, Callable[[Iterable[dict], int], Iterator[bytes]]] = {
    "csv": _csv_chunks, "jsonl": _jsonl_chunks, "parquet": _parquet_chunks}


def read_back(path: Path, fmt: str | None = None) -> list[dict]:
    """The records of an exported file, as `export` was given them (lists as lists,
    ``sections`` as int, empty CSV cells as None). For tests and checks."""
    fmt = format_of(path, fmt)
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            record: dict = {}
            for key, value in row.items():
                if key in LIST_COLUMNS:
                    record[key] = value.split(CSV_LIST_SEPARATOR) if value else []
                elif key == "sections":
                    record[key] = int(value) if value else None
                else:
                    record[key] = value if value != "" else None
            out.append(record)
    return out
