"""The floors of the bulk import: what reading and indexing the same data cost with no cablekit in between.

* `read_csv_floor`: read every row of the CSV with the csv module (``escapechar='\\'``,
  ``doublequote=False``), no parsing at all: the least any importer of the dump pays.
* `fts_floor`: insert the same texts (subject + body) into a bare SQLite FTS5 table
  in a fresh file, in batches, with a porter tokenizer and the archive's pragmas:
  the least an SQL full-text archive of the dump pays for its index.
* `parse_floor`: cablekit's own cables.csv reader and parser (`parse_cable`) alone over
  every row, in one process on one core, nothing stored: the least cablekit's
  parsing costs, which the import shares out over its parse workers.
* `tantivy_floor`: index the same texts into a fresh Tantivy index with the archive's
  schema (subject and body stemmed with positions, and their unstemmed twins) and
  its writer settings: the least cablekit's own search index costs.

Example::

    read_csv_floor(Path("bench/out/cables.csv"))["rows_per_s"]
"""
from __future__ import annotations

import csv
import gzip
import json
import re
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import IO, Iterator

_SUBJECT = re.compile(r"^SUBJ(?:ECT)?:[ \t]*(.*)$", re.M)
DEFAULT_TOKENIZE = "porter unicode61 remove_diacritics 2"


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def csv_rows(path: Path) -> Iterator[list[str]]:
    """The rows of a cables.csv file as lists of 8 strings (plain or .gz)."""
    csv.field_size_limit(sys.maxsize)
    with _open_text(path) as fh:
        yield from csv.reader(fh, escapechar="\\", doublequote=False)


def read_csv_floor(path: Path) -> dict:
    """Seconds, rows/s and MB/s of reading every row of ``path`` with the csv module alone."""
    t0 = time.perf_counter()
    rows = chars = 0
    for row in csv_rows(path):
        rows += 1
        chars += len(row[-1])
    seconds = time.perf_counter() - t0
    size = path.stat().st_size
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds, 1),
            "mb_per_s": round(size / 1e6 / seconds, 1)}


def fts_floor(path: Path, db: Path, *, tokenize: str = DEFAULT_TOKENIZE, batch_size: int = 500,
              keep: bool = False) -> dict:
    """Seconds, rows/s and file size of indexing subject + body of every row in a bare FTS5 table.

    The subject is the first ``SUBJECT:`` line of the body (a string search, not a parse).
    ``db`` is deleted first, and afterwards unless ``keep``. Reading the CSV is included in the
    time (see `read_csv_floor`).
    """
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"CREATE VIRTUAL TABLE floor_fts USING fts5(subject, body, tokenize='{tokenize}')")
    t0 = time.perf_counter()
    rows = 0
    batch: list[tuple[str, str]] = []

    def flush() -> None:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO floor_fts(subject, body) VALUES (?, ?)", batch)
        conn.execute("COMMIT")
        batch.clear()

    for row in csv_rows(path):
        body = row[7]
        m = _SUBJECT.search(body)
        batch.append((m.group(1).strip() if m else "", body))
        rows += 1
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - t0
    conn.close()
    size = db.stat().st_size
    if not keep:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds, 1),
            "mb_per_s": round(path.stat().st_size / 1e6 / seconds, 1), "tokenize": tokenize,
            "db_bytes": size}


def parse_floor(path: Path) -> dict:
    """Seconds of cablekit's reader (`cablekit.sources.read_path`, format cables-csv) and of
    `cablekit.parse.parse_cable` over every row, apart, in this process (one core, the
    import's garbage-collector settings); rows/s and MB/s of the two together."""
    from cablekit.ingest_worker import fewer_collections
    from cablekit.parse import parse_cable
    from cablekit.sources import read_path

    read_s = parse_s = 0.0
    rows = 0
    with fewer_collections():
        cables = read_path(path, "cables-csv", on_error=lambda error: None)
        t = time.perf_counter()
        for raw in cables:
            t1 = time.perf_counter()
            parse_cable(raw)
            t2 = time.perf_counter()
            read_s, parse_s, t = read_s + t1 - t, parse_s + t2 - t1, t2
            rows += 1
    seconds = read_s + parse_s
    return {"rows": rows, "seconds": round(seconds, 2), "read_s": round(read_s, 2), "parse_s": round(parse_s, 2),
            "parse_us_per_cable": round(parse_s / max(rows, 1) * 1e6, 1), "rows_per_s": round(rows / seconds, 1),
            "mb_per_s": round(path.stat().st_size / 1e6 / seconds, 1)}


def tantivy_floor(path: Path, folder: Path, *, keep: bool = False) -> dict:
    """Seconds (wall and CPU of this process, the index's threads included), rows/s and size of
    indexing subject + body of every row with cablekit's index schema and writer settings.

    Documents go in as the JSON text the ingest hands the index (`IndexWriter.add_json`);
    one commit at the end. ``folder`` is emptied first, and removed afterwards unless ``keep``.
    Reading the CSV is included in the time.
    """
    import tantivy

    from cablekit.search.index import schema
    from cablekit.search.sync import _WRITER_HEAP

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = tantivy.Index(schema(), path=str(folder))
    writer = index.writer(heap_size=_WRITER_HEAP, num_threads=0)
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    rows = 0
    for row in csv_rows(path):
        body = row[7]
        m = _SUBJECT.search(body)
        subject = m.group(1).strip() if m else ""
        writer.add_json(json.dumps({"rowid": [rows], "subject": [subject], "subject_plain": [subject],
                                    "body": [body], "body_plain": [body]}))
        rows += 1
    writer.commit()
    writer.wait_merging_threads()
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return {"rows": rows, "seconds": round(seconds, 2), "cpu_s": round(cpu, 1), "rows_per_s": round(rows / seconds, 1),
            "mb_per_s": round(path.stat().st_size / 1e6 / seconds, 1), "db_bytes": size}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
