"""The ingest pipeline: files and folders -> readers -> parser -> store, in batches.

Each file is read by the reader `cablekit.sources.read_path` picks, each raw
cable is parsed by `cablekit.parse.parse_cable`, and the records go to the
store `batch_size` at a time, one transaction per batch. Bad input never stops
the run: a file or cable that can't be read or parsed becomes a `Reject` (shown
by the reporter, kept in the ``rejects`` table); a file that holds no cable
(`NoCable`) is only counted. Ingest is idempotent: a text already stored under
its reference ID (same `content_hash`) counts as unchanged and is not even
parsed again (unless ``reparse``).

Example::

    with open_store("cables.db") as store:
        summary = ingest(store, ["../shared/corpus/cablegate"])
        summary.stored, summary.rejected
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import NoCable, SourceError, StoreError
from .model import Cable
from .parse import parse_cable
from .sources import iter_files, read_path
from .sources.base import RawCable, RowError
from .store.base import Incoming, IngestSummary, Reject, Store

DEFAULT_BATCH_SIZE = 500
_EXCERPT_CHARS = 2000


@dataclass
class Skipped:
    """A readable file (or row) that holds no cable, with the reader's reason."""

    path: str
    reason: str
    row: int | None = None


class Reporter:
    """What the pipeline tells its caller; the base class stays silent.

    The CLI subclasses it for a progress bar (terminal) or plain lines.
    """

    def start(self, files: int) -> None:
        """The run begins with ``files`` input files."""

    def rejected(self, reject: Reject) -> None:
        """A file or cable was rejected (called as soon as it is found)."""

    def skipped(self, skipped: Skipped) -> None:
        """A file held no cable."""

    def file_done(self, files: int, cables: int) -> None:
        """``files`` files and ``cables`` cables have been read and parsed so far."""

    def committed(self, summary: IngestSummary, files: int, cables: int) -> None:
        """A batch was committed; ``summary`` holds the counts so far."""


def describe(problem: Reject | Skipped | SourceError) -> str:
    """The one-line report of a problem: ``<file>[ (row N)]: <reason>``."""
    where = problem.path + (f" (row {problem.row})" if problem.row is not None else "")
    return f"{where}: {problem.reason}"


def content_hash(raw: RawCable) -> str:
    """sha256 hex of a raw cable's text: publisher metadata, header and body.

    The path, format and row are left out, so the same text read from another
    file (or again) hashes the same; parser changes don't alter it either.
    """
    payload = json.dumps({"metadata": raw.metadata, "header": raw.header, "body": raw.body},
                         ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def read_cables(path: Path, format: str | None = None,
                known: Callable[[str], str | None] | None = None) -> Iterator[Incoming | Reject | Skipped]:
    """Every cable of one file, parsed, or the problems met on the way.

    known: `Store.known_hash`, to skip parsing texts already stored (they come
    as an `Incoming` with ``parsed=False``); None parses every text.

    Yields an `Incoming` per parsed cable, a `Reject` per cable (or whole file)
    that can't be read or parsed (a reader's `RowError` included), a `Skipped`
    when the file holds no cable.
    Never raises for bad input: a reader error after some cables ends the file
    with a Reject, and the cables before it are kept.
    """
    broken: list[RowError] = []
    try:
        for raw in read_path(path, format, on_error=broken.append):
            yield from _row_rejects(broken)
            yield _parse(raw, known)
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


def _row_rejects(broken: list[RowError]) -> Iterator[Reject]:
    """Rejects for the broken records a reader reported so far (the list is emptied)."""
    for err in broken:
        yield Reject(err.path, err.reason, err.row, err.raw_text)
    broken.clear()


def _parse(raw: RawCable, known: Callable[[str], str | None] | None = None) -> Incoming | Reject:
    """Parse one raw cable into an Incoming, or a Reject saying why not.

    A text ``known`` to the store is not parsed again (``parsed=False``).
    """
    digest = content_hash(raw)
    stored_as = known(digest) if known else None
    if stored_as:
        stub = Cable(reference_id=stored_as, source=raw.path, source_format=raw.format)
        return Incoming(stub, digest, raw.path, raw.format, raw.row, parsed=False)
    excerpt = (raw.header + "\n" + raw.body).strip()[:_EXCERPT_CHARS]
    try:
        cable = parse_cable(raw)
    except SourceError as exc:
        return Reject(raw.path, exc.reason, exc.row if exc.row is not None else raw.row, excerpt)
    except Exception as exc:  # a parser bug on one cable must not abort the batch
        return Reject(raw.path, f"parser failed (a cablekit bug, please report): {type(exc).__name__}: {exc}",
                      raw.row, excerpt)
    if not cable.reference_id:
        return Reject(raw.path, "no reference ID in the metadata or the text", raw.row, excerpt)
    return Incoming(cable, digest, raw.path, raw.format, raw.row)


def ingest(store: Store, paths: Iterable[str | Path], *, format: str | None = None,
           batch_size: int = DEFAULT_BATCH_SIZE, reparse: bool = False,
           reporter: Reporter | None = None) -> IngestSummary:
    """Read, parse and store every cable under ``paths`` (files or folders).

    format: force a reader by name (else each file's is detected).
    batch_size: cables per transaction (rejects found meanwhile are written with them).
    reparse: rewrite stored records of unchanged texts when the parser now makes
        a different record (after a parser upgrade).
    Returns the counts and the run time in seconds. Raises StoreError when the
    database can't be written (the current batch is rolled back).
    """
    reporter = reporter or Reporter()
    started = time.perf_counter()
    files = list(iter_files(paths))
    reporter.start(len(files))
    total = IngestSummary()
    items: list[Incoming] = []
    rejects: list[Reject] = []
    cables = 0

    def flush() -> None:
        if not items and not rejects:
            return
        counts, failed = store.write_batch(items, rejects, reparse=reparse)
        for reject in failed:
            reporter.rejected(reject)
        total.add(counts)
        items.clear()
        rejects.clear()
        reporter.committed(total, done, cables)

    done = 0
    for path in files:
        for result in read_cables(path, format, None if reparse else store.known_hash):
            if isinstance(result, Incoming):
                items.append(result)
                cables += 1
            elif isinstance(result, Reject):
                rejects.append(result)
                reporter.rejected(result)
            else:
                total.no_cable += 1
                reporter.skipped(result)
            if len(items) >= batch_size:
                flush()
        done += 1
        reporter.file_done(done, cables)
    flush()
    total.seconds = round(time.perf_counter() - started, 2)
    return total


def _file_excerpt(path: Path) -> str:
    """The start of a file as text (for the rejects table); binary bytes become U+FFFD."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_EXCERPT_CHARS)
    except OSError:
        return ""
    text = head.decode("utf-8", errors="replace")
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in text)
