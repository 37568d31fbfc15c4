"""The parsing side of ingest: raw cables in, store-ready items out (run in worker processes).

`parse_raw` turns one `RawCable` into an `Incoming` (or a `Reject` saying why
not); `parse_chunk` does it for a list and, unless told otherwise, makes the
database rows right there (`cablekit.store.writer.prepare`), so the single
writer only executes them. `parse_loop` is a worker process: chunks from the
reader process in, filled chunks out. Everything a worker returns is plain
data that pickles fast. `init_worker` makes a helper process ignore Ctrl-C
(the main process stops them) and end when the main process dies (SIGKILL).

Example::

    items = parse_chunk([raw], [content_hash(raw)])
    items[0].cable_row[0] == "09ASTANA2204"
"""
from __future__ import annotations

import gc
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from .errors import SourceError
from .model import Cable
from .parse import parse_cable
from .search.index import document
from .sources.base import RawCable
from .store.base import Incoming, Reject
from .store.rows import record_dict
from .store.writer import prepare

EXCERPT_CHARS = 2000
_PARENT_POLL_SECONDS = 1.0


@dataclass
class Skipped:
    """A readable file (or row) that holds no cable, with the reader's reason."""

    path: str
    reason: str
    row: int | None = None


def parse_raw(raw: RawCable, digest: str) -> Incoming | Reject:
    """Parse one raw cable (its `content_hash` is ``digest``) into an Incoming, or a Reject saying why not.

    Never raises for bad input: a ParseError, a parser crash (a cablekit bug,
    named as such) and a cable without reference ID each become a Reject with
    the file, row and the start of the text.
    """
    try:
        cable = parse_cable(raw)
    except SourceError as exc:
        return Reject(raw.path, exc.reason, exc.row if exc.row is not None else raw.row, excerpt(raw))
    except Exception as exc:  # a parser bug on one cable must not abort the batch
        return Reject(raw.path, f"parser failed (a cablekit bug, please report): {type(exc).__name__}: {exc}",
                      raw.row, excerpt(raw))
    if not cable.reference_id:
        return Reject(raw.path, "no reference ID in the metadata or the text", raw.row, excerpt(raw))
    return Incoming(cable, digest, raw.path, raw.format, raw.row)


def parse_chunk(raws: list[RawCable], digests: list[str], make_rows: bool = True) -> list[Incoming | Reject]:
    """`parse_raw` for each raw cable, in order; with ``make_rows`` each parsed
    cable comes as a `cablekit.store.writer.Prepared` (rows and search index
    document made, record left out).

    A cable whose rows can't be made becomes a Reject like a parse failure.
    """
    out: list[Incoming | Reject] = []
    for raw, digest in zip(raws, digests):
        item = parse_raw(raw, digest)
        if make_rows and isinstance(item, Incoming):
            try:
                cable, record = item.cable, record_dict(item.cable)
                item = prepare(item, record)
                item.document = document(None, cable.subject, cable.body, record)  # type: ignore[attr-defined]
            except Exception as exc:  # a record the row functions can't map: a cablekit bug
                item = Reject(raw.path, f"cannot map the record to rows (a cablekit bug, please report): "
                              f"{type(exc).__name__}: {exc}", raw.row, excerpt(raw))
        out.append(item)
    return out


def fill(chunk: Any, make_rows: bool = True) -> Any:
    """Parse a chunk's raw cables (`cablekit.ingest_read.Chunk`) into its empty
    slots, in order; the raw texts are dropped (they don't travel back)."""
    if chunk.raws:
        parsed = iter(parse_chunk(chunk.raws, chunk.digests, make_rows))
        chunk.slots = [next(parsed) if slot is None else slot for slot in chunk.slots]
        chunk.raws, chunk.digests = [], []
    return chunk


def parse_loop(tasks: Any, results: Any, make_rows: bool) -> None:
    """A parse worker process: fill each chunk from ``tasks`` and put ``("chunk", chunk)``
    on ``results`` until a None arrives; a failure is sent as ``("error", text)``."""
    init_worker()
    try:
        while (chunk := tasks.get()) is not None:
            results.put(("chunk", fill(chunk, make_rows)))
    except BaseException as exc:  # the main process reports it
        results.put(("error", f"parsing failed: {type(exc).__name__}: {exc}"))


def known_stub(raw: RawCable, digest: str, reference_id: str) -> Incoming:
    """The Incoming of a text the store already holds under ``reference_id`` (not parsed again)."""
    stub = Cable(reference_id=reference_id, source=raw.path, source_format=raw.format)
    return Incoming(stub, digest, raw.path, raw.format, raw.row, parsed=False)


def excerpt(raw: RawCable) -> str:
    """The start of a raw cable's text (header and body), for the rejects table."""
    return (raw.header + "\n" + raw.body).strip()[:EXCERPT_CHARS]


GC_THRESHOLDS = (50_000, 20, 100)
"""Cyclic garbage collector thresholds while an ingest runs (Python's default is 700, 10, 10).

Parsed records, row tuples and strings are made and dropped by the hundred
thousand and form no reference cycles, yet at the default thresholds the
collector runs every 700 allocations and walks the whole batch held in memory:
unpickling a chunk in the writer took three times as long (116 against 41 µs a
cable, measured with a 2,000-cable batch alive)."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with `GC_THRESHOLDS`, then put the thresholds back."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def init_worker() -> None:
    """Worker process set-up: ignore SIGINT, collect garbage less often (`GC_THRESHOLDS`),
    and exit when the parent process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(*GC_THRESHOLDS)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="cablekit-parent-watch", daemon=True).start()
