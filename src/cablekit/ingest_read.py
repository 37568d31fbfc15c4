"""The reading side of ingest: files -> raw cables -> numbered chunks for the parse workers.

`read_file` streams one file through the reader `cablekit.sources.read_path`
picks and turns what can't be read into `Reject`/`Skipped` values;
`read_chunks` hashes each raw cable (`content_hash`), looks the text up
among those already stored (a text known is not parsed again) and groups
everything, in input order, into `Chunk`s. In a parallel ingest `reader_loop`
runs this in a process of its own and hands chunks to the parse workers
(`cablekit.ingest_worker.parse_loop`).

Example::

    for chunk in read_chunks([Path("cables.csv")], [1_748_844_307], None, {}, 200):
        chunk.seq, len(chunk.slots), chunk.bytes_read
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from .errors import NoCable, SourceError, StoreError
from .ingest_progress import ReadPosition
from .ingest_worker import Skipped, init_worker, known_stub
from .jsontext import compact
from .sources import read_path
from .sources.base import RawCable, RowError
from .store.base import Incoming, Reject

Known = Callable[[str], Optional[str]]
"""content hash -> the reference ID the text is stored under, or None."""
_EXCERPT_CHARS = 2000


def content_hash(raw: RawCable) -> str:
    """sha256 hex of a raw cable's text: publisher metadata, header and body.

    The path, format and row are left out, so the same text read from another
    file (or again) hashes the same; parser changes don't alter it either.
    """
    payload = compact({"metadata": raw.metadata, "header": raw.header, "body": raw.body}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class Chunk:
    """Results in input order, numbered ``seq`` from 0; the raw cables among them still to parse.

    slots: an `Incoming` (a known text, or a parsed one), a `Reject`, a
    `Skipped`, or None where ``raws[i]`` (hash ``digests[i]``) goes once parsed.
    files_done/bytes_read: how far reading had got when the chunk was cut.
    """

    seq: int
    slots: list[Incoming | Reject | Skipped | None] = field(default_factory=list)
    raws: list[RawCable] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    files_done: int = 0
    bytes_read: int = 0


def read_chunks(files: list[Path], sizes: list[int], format: str | None, known: Known | dict[bytes, str] | None,
                chunk_size: int) -> Iterator[Chunk]:
    """Every file's raw cables and problems as chunks of ``chunk_size`` results, in order.

    known: a look-up (`Store.known_hash`), a dict of raw 32-byte hashes (as
    `cablekit.store.history.History.known_hashes` gives), or None to parse every
    text. The last chunk (perhaps empty) marks the end: all files done.
    """
    if isinstance(known, dict):
        table = known
        known = lambda digest: table.get(bytes.fromhex(digest))  # noqa: E731
    offsets = list(accumulate(sizes, initial=0))  # bytes before each file
    chunk = Chunk(0)
    for done, (path, size) in enumerate(zip(files, sizes)):
        position = ReadPosition(path, size)
        for item in read_file(path, format):
            if isinstance(item, RawCable):
                position.observe(item)
                digest = content_hash(item)
                stored_as = known(digest) if known else None
                if stored_as:
                    chunk.slots.append(known_stub(item, digest, stored_as))
                else:
                    chunk.slots.append(None)
                    chunk.raws.append(item)
                    chunk.digests.append(digest)
            else:
                chunk.slots.append(item)
            if len(chunk.slots) >= chunk_size:
                chunk.files_done, chunk.bytes_read = done, offsets[done] + position.bytes_read()
                yield chunk
                chunk = Chunk(chunk.seq + 1)
    chunk.files_done, chunk.bytes_read = len(files), offsets[-1]
    yield chunk


def reader_loop(files: list[Path], sizes: list[int], format: str | None, known: dict[bytes, str] | None,
                chunk_size: int, tasks: Any, results: Any, workers: int) -> None:
    """The reader process: chunks with texts to parse go to ``tasks`` (for the
    workers), the others straight to ``results``; then ``("end", chunks)`` and
    one None per worker on ``tasks``. A failure is sent as ``("error", text)``.
    """
    init_worker()
    try:
        count = 0
        for chunk in read_chunks(files, sizes, format, known, chunk_size):
            count += 1
            if chunk.raws:
                tasks.put(chunk)
            else:
                results.put(("chunk", chunk))
        results.put(("end", count))
    except BaseException as exc:  # the main process reports it
        results.put(("error", f"reading failed: {type(exc).__name__}: {exc}"))
    finally:
        for _ in range(workers):
            tasks.put(None)


def read_file(path: Path, format: str | None) -> Iterator[RawCable | Reject | Skipped]:
    """The raw cables of one file, with a Reject for each record (or the whole
    file) that can't be read and a Skipped when the file (or a record) holds no cable.

    Never raises for bad input: a reader error after some cables ends the file
    with a Reject, and the cables before it are kept.
    """
    broken: list[RowError] = []
    try:
        for raw in read_path(path, format, on_error=broken.append):
            yield from _row_rejects(broken)
            yield raw
        yield from _row_rejects(broken)
    except NoCable as exc:
        yield from _row_rejects(broken)
        yield Skipped(exc.path, exc.reason, exc.row)
    except SourceError as exc:
        yield from _row_rejects(broken)
        yield Reject(exc.path, exc.reason, exc.row, _file_excerpt(path))
    except OSError as exc:
        yield Reject(str(path), f"cannot read: {exc.strerror or exc}", None, "")
    except StoreError:
        raise
    except Exception as exc:  # a reader bug must not end a long run; name it instead
        yield Reject(str(path), f"reader failed (a cablekit bug, please report): {type(exc).__name__}: {exc}",
                     None, _file_excerpt(path))


def _row_rejects(broken: list[RowError]) -> Iterator[Reject | Skipped]:
    """Rejects for the broken records a reader reported so far (the list is emptied);
    a record that holds no cable (``RowError.no_cable``: metadata only) is a Skipped."""
    for err in broken:
        yield Skipped(err.path, err.reason, err.row) if err.no_cable else Reject(err.path, err.reason, err.row,
                                                                                  err.raw_text)
    broken.clear()


def _file_excerpt(path: Path) -> str:
    """The start of a file as text (for the rejects table); binary bytes become U+FFFD."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_EXCERPT_CHARS)
    except OSError:
        return ""
    text = head.decode("utf-8", errors="replace")
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in text)
