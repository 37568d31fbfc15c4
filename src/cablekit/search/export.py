"""Writing a whole result set to a file: CSV, JSON Lines or Parquet.

Every matching cable is one row of `cablekit.store.base.EXPORT_COLUMNS` (the
structured fields, no body text), in the query's sort order. List fields
(`LIST_COLUMNS`: tags, caveats, addressees, cited references, signers,
reasons) are arrays in JSON Lines, ``list<string>`` in Parquet and joined with
`CSV_LIST_SEPARATOR` in CSV. Rows are streamed in batches, so memory stays
small for the whole archive.

Example::

    with open_store("cables.db", read_only=True) as store:
        n = export(store.iter_matches(SearchQuery("tag:KZ")), Path("kz.parquet"))
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterable

from ..store.base import EXPORT_COLUMNS, LIST_COLUMNS

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
"""File name endings and the format each stands for."""
EXPORT_FORMATS = ("csv", "jsonl", "parquet")
CSV_LIST_SEPARATOR = "|"
"""Separator of list items in a CSV cell (TAGS such as ``OVIP (CLINTON, HILLARY)`` hold commas)."""
_BATCH = 2000


def format_of(path: Path, explicit: str | None = None) -> str:
    """The export format: ``explicit`` if given, else from the file name ending.

    Raises ValueError when neither says (``"cables.txt"``).
    """
    if explicit:
        if explicit not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {explicit!r}; known: {', '.join(EXPORT_FORMATS)}")
        return explicit
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"can't tell the export format of {path.name}: name it .csv, .jsonl or .parquet, "
                         "or give the format")
    return fmt


def export(records: Iterable[dict], path: Path, fmt: str | None = None) -> int:
    """Write ``records`` (dicts of `EXPORT_COLUMNS`) to ``path``; return how many.

    fmt: ``csv``, ``jsonl`` or ``parquet`` (default: from the file name).
    Raises ValueError for an unknown format, OSError when the file can't be written.
    """
    fmt = format_of(path, fmt)
    writer = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[fmt]
    return writer(records, path)


def _csv(records: Iterable[dict], path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        out.writeheader()
        for record in records:
            row = {k: CSV_LIST_SEPARATOR.join(v) if k in LIST_COLUMNS else v for k, v in record.items()}
            out.writerow(row)
            n += 1
    return n


def _jsonl(records: Iterable[dict], path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def _parquet(records: Iterable[dict], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        pa.field(c, pa.list_(pa.string()) if c in LIST_COLUMNS else pa.int64() if c == "sections" else pa.string())
        for c in EXPORT_COLUMNS])
    n = 0
    with pq.ParquetWriter(path, schema) as out:
        batch: list[dict] = []
        for record in records:
            batch.append(record)
            if len(batch) >= _BATCH:
                out.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or not n:
            out.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


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
