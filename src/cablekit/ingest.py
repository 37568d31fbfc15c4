"""The ingest pipeline: files and folders -> readers -> parser -> store, in batches.

With ``jobs`` of 2 or more, three kinds of process work at once:

* a reader process streams each file through the reader
  `cablekit.sources.read_path` picks, hashes each raw cable (`content_hash`)
  and leaves out of parsing the texts already stored, in chunks of
  `DEFAULT_CHUNK_SIZE` (`cablekit.ingest_read`);
* ``jobs`` parse workers turn the chunks into database rows (`cablekit.ingest_worker`);
* the calling process is the one writer: it puts the chunks back in input
  order and writes ``batch_size`` cables per transaction (`cablekit.ingest_report`).

With ``jobs=1`` all of it runs in the calling thread, one step after the other.
Bad input never stops the run: a file or cable that can't be read or parsed
becomes a `Reject` (reported, kept in the ``rejects`` table); a file that
holds no cable (`Skipped`) is only counted. Ingest is idempotent, and as each
batch is one transaction, a run that is stopped (Ctrl-C: `Interrupted`) or
killed leaves whole cables only; running it again finishes the job.

Example::

    with open_store("cables.db") as store:
        summary = ingest(store, ["../shared/corpus/cablegate"], jobs=2)
        summary.stored, summary.rejected
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import CablekitError, StoreError
from .ingest_progress import Progress
from .ingest_read import content_hash, read_chunks, read_file, reader_loop
from .ingest_report import Batcher, Interrupted, Reporter, describe
from .ingest_worker import Skipped, fewer_collections, fill, known_stub, parse_loop, parse_raw
from .sources import iter_files
from .sources.base import RawCable
from .store.base import Incoming, IngestSummary, Reject, Store
from .store.history import History

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_CHUNK_SIZE", "Interrupted", "Progress", "Reporter", "Skipped",
           "content_hash", "default_jobs", "describe", "ingest", "read_cables"]

DEFAULT_BATCH_SIZE = 2000
DEFAULT_CHUNK_SIZE = 200
_SMALL_INPUT_BYTES = 2_000_000  # below this, `jobs=None` works in the calling process
_POLL_SECONDS = 0.5


def default_jobs() -> int:
    """Parse worker processes by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def read_cables(path: Path, format: str | None = None,
                known: Callable[[str], str | None] | None = None) -> Iterator[Incoming | Reject | Skipped]:
    """Every cable of one file, parsed in this process, or the problems met on the way.

    known: `Store.known_hash`, to skip parsing texts already stored (they come
    as an `Incoming` with ``parsed=False``); None parses every text.
    Yields an `Incoming` per parsed cable, a `Reject` per cable (or whole file)
    that can't be read or parsed, a `Skipped` when the file holds no cable.
    Never raises for bad input.
    """
    for item in read_file(path, format):
        if not isinstance(item, RawCable):
            yield item
            continue
        digest = content_hash(item)
        stored_as = known(digest) if known else None
        yield known_stub(item, digest, stored_as) if stored_as else parse_raw(item, digest)


def ingest(store: Store, paths: Iterable[str | Path], *, format: str | None = None,
           batch_size: int = DEFAULT_BATCH_SIZE, reparse: bool = False,
           reporter: Reporter | None = None, jobs: int | None = None,
           chunk_size: int = DEFAULT_CHUNK_SIZE) -> IngestSummary:
    """Read, parse and store every cable under ``paths`` (files or folders).

    format: force a reader by name (else each file's is detected).
    batch_size: cables per transaction (rejects found meanwhile are written with them).
    reparse: rewrite stored records of unchanged texts when the parser now makes
        a different record (after a parser upgrade); every text is parsed.
    jobs: parse worker processes; None: `default_jobs()`, or none at all for
        inputs under 2 MB; 1: everything in the calling thread.
    chunk_size: raw cables handed to a worker at a time.
    A path that does not exist is reported (``Reporter.rejected``) and counted
    as rejected; the others are read.
    Returns the counts (a `cablekit.store.writer.BatchSummary`) and the run
    time in seconds. Raises StoreError when the
    database can't be written (the current batch is rolled back), CablekitError
    when a helper process dies, `Interrupted` (a KeyboardInterrupt, with the
    counts committed) on Ctrl-C, also during start-up.
    """
    with fewer_collections():
        return _ingest(store, paths, format, batch_size, reparse, reporter, jobs, chunk_size)


def _ingest(store: Store, paths: Iterable[str | Path], format: str | None, batch_size: int, reparse: bool,
            reporter: Reporter | None, jobs: int | None, chunk_size: int) -> IngestSummary:
    """`ingest`, with its arguments in order."""
    started = time.perf_counter()
    report = reporter or Reporter()
    batcher = Batcher(store, batch_size, reparse, report, Progress(), started)
    try:
        paths = list(paths)
        missing = _missing(paths, report)
        batcher.total.rejected += len(missing)
        files = list(iter_files(p for p in paths if str(p) not in missing))
        sizes = [_size(p) for p in files]
        if jobs is None:
            jobs = default_jobs() if sum(sizes) >= _SMALL_INPUT_BYTES else 1
        progress = batcher.progress = Progress(files_total=len(files), bytes_total=sum(sizes))
        known = None if reparse else _known_texts(store)
        with store.bulk_load(sum(sizes)):  # a large import: reader-only indexes built at the end
            if jobs > 1:
                helpers, results = _start_helpers(files, sizes, format, known, chunk_size, jobs, not reparse,
                                                  batch_size)
                report.start(progress)  # after the fork: a progress bar may run a thread
                _collect(batcher, helpers, results)
            else:
                report.start(progress)
                lookup = store.known_hash if known is None and not reparse else known
                for chunk in read_chunks(files, sizes, format, lookup, chunk_size):
                    batcher.take(fill(chunk, not reparse))
            summary = batcher.finish()
        summary.seconds = round(time.perf_counter() - started, 2)  # the indexes built at the end included
    except KeyboardInterrupt:
        summary = batcher.total
        summary.seconds = round(time.perf_counter() - started, 2)
        raise Interrupted(summary) from None
    return summary


def _missing(paths: Iterable[str | Path], report: Reporter) -> set[str]:
    """The paths that don't exist, each reported as a `Reject` (not quarantined: there is no input)."""
    missing = set()
    for path in paths:
        if not os.path.lexists(path):
            missing.add(str(path))
            report.rejected(Reject(str(path), "no such file or directory", None, ""))
    return missing


def _start_helpers(files: list[Path], sizes: list[int], format: str | None, known: dict[bytes, str] | None,
                   chunk_size: int, jobs: int, make_rows: bool, batch_size: int) -> tuple[list[Any], Any]:
    """Start ``jobs`` parse workers and the reader process (forked where the
    platform allows); return them and the queue their chunks arrive on.

    The results queue holds a batch and more, so the workers go on parsing
    while the writer is busy with a transaction.
    """
    methods = multiprocessing.get_all_start_methods()
    context: Any = multiprocessing.get_context("fork" if "fork" in methods else None)
    room = 2 * jobs + -(-batch_size // chunk_size)
    tasks, results = context.Queue(maxsize=2 * jobs), context.Queue(maxsize=room)
    helpers = [context.Process(target=parse_loop, args=(tasks, results, make_rows), daemon=True,
                               name=f"cablekit-parse-{i + 1}") for i in range(jobs)]
    helpers.append(context.Process(target=reader_loop, daemon=True, name="cablekit-read",
                                   args=(files, sizes, format, known, chunk_size, tasks, results, jobs)))
    for process in helpers:
        process.start()
    return helpers, results


def _collect(batcher: Batcher, helpers: list[Any], results: Any) -> None:
    """Take the helpers' chunks, put them back in input order and write them; then stop the helpers."""
    done = False
    try:
        pending: dict[int, Any] = {}
        expected, next_seq = None, 0
        while expected is None or next_seq < expected:
            try:
                kind, value = results.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                _check_alive(helpers)
                continue
            if kind == "error":
                raise CablekitError(f"ingest stopped: {value}")
            if kind == "end":
                expected = value
                continue
            pending[value.seq] = value
            while next_seq in pending:
                batcher.take(pending.pop(next_seq))
                next_seq += 1
        done = True
    finally:
        for process in helpers:
            if done:
                process.join(timeout=_POLL_SECONDS)
            if process.is_alive():
                process.terminate()
            process.join()


def _check_alive(helpers: list[Any]) -> None:
    """Raise CablekitError when a reader or parse process ended abnormally."""
    for process in helpers:
        if process.exitcode not in (None, 0):
            raise CablekitError(f"ingest stopped: the {process.name} process ended with exit code {process.exitcode}")


def _known_texts(store: Store) -> dict[bytes, str] | None:
    """Every text stored before this run, raw content hash -> reference ID, for a
    SQLite archive (read once: a few seconds and ~100 bytes per text at the full
    dump's size, instead of one query per cable); None for other stores. Texts
    stored during the run are not in it: the writer finds those itself."""
    path = getattr(store, "path", None)
    if path is None or not Path(path).is_file():
        return None
    try:
        with History(path) as history:
            return history.known_hashes()
    except StoreError:
        return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
