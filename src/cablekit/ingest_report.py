"""The writing side of ingest: results -> batches -> the store, and what the run tells its caller.

`Batcher` takes chunks of results in input order, writes them with
`Store.write_batch` ``batch_size`` cables per transaction, keeps the counts
and reports progress. `Reporter` is the interface a caller implements to
follow a run (the CLI's progress bar or plain lines); `Interrupted` is what
Ctrl-C becomes.

Example::

    batcher = Batcher(store, 2000, False, Reporter(), Progress(), time.perf_counter())
    batcher.take(chunk)
    summary = batcher.finish()
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Iterator

from .errors import SourceError
from .ingest_progress import Progress
from .ingest_worker import Skipped
from .store.base import Incoming, IngestSummary, Reject, Store
from .store.writer import BatchSummary


@contextmanager
def interrupt_held() -> Iterator[None]:
    """Run the block with Ctrl-C (SIGINT) held, then raise KeyboardInterrupt if one came.

    A batch's transaction commits, then the store indexes it: a Ctrl-C in between
    used to skip counting a committed batch, so "committed so far" under-counted.
    Only in the main thread (elsewhere signals can't be handled) and when Ctrl-C is not
    ignored (a background job); otherwise the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        yield
        return
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: came.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if came:
        raise KeyboardInterrupt


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped the ingest; ``summary`` holds what was committed before it.

    Every committed batch is whole; running the same ingest again finishes the job.
    """

    def __init__(self, summary: IngestSummary) -> None:
        super().__init__("ingest interrupted")
        self.summary = summary


class Reporter:
    """What the pipeline tells its caller; the base class stays silent.

    The CLI subclasses it for a progress bar (terminal) or plain lines. All
    calls come from the thread that called `cablekit.ingest.ingest`.
    """

    def start(self, progress: Progress) -> None:
        """The run begins: ``progress.files_total`` files of ``progress.bytes_total`` bytes."""

    def rejected(self, reject: Reject) -> None:
        """A file or cable was rejected (the rejects table keeps it)."""

    def skipped(self, skipped: Skipped) -> None:
        """A file held no cable."""

    def advanced(self, progress: Progress) -> None:
        """Progress since the last call: results arrived or a batch was committed."""


def describe(problem: Reject | Skipped | SourceError) -> str:
    """The one-line report of a problem: ``<file>[ (row N)]: <reason>``."""
    where = problem.path + (f" (row {problem.row})" if problem.row is not None else "")
    return f"{where}: {problem.reason}"


class Batcher:
    """Results in input order -> transactions of ``batch_size`` cables, counted and reported.

    take(chunk) adds a chunk's results (`cablekit.ingest_read.Chunk`, parsed)
    and writes a batch when one is full; finish() writes the rest and returns
    the counts. ``total`` always holds the counts committed so far.
    Raises StoreError (from the store) when a batch can't be written.
    """

    def __init__(self, store: Store, batch_size: int, reparse: bool, report: Reporter,
                 progress: Progress, started: float) -> None:
        self.store, self.batch_size, self.reparse, self.report = store, batch_size, reparse, report
        self.progress, self.started = progress, started
        self.total = BatchSummary()
        self._items: list[Incoming] = []
        self._rejects: list[Reject] = []

    def take(self, chunk: Any) -> None:
        """Add a chunk's results to the batch; write the batch when it is full."""
        for result in chunk.slots:
            if isinstance(result, Incoming):
                self._items.append(result)
                self.progress.cables += 1
            elif isinstance(result, Reject):
                self._rejects.append(result)
                self.report.rejected(result)
            elif isinstance(result, Skipped):
                self.total.no_cable += 1
                self.report.skipped(result)
        self.progress.files_done = max(self.progress.files_done, chunk.files_done)
        self.progress.bytes_read = max(self.progress.bytes_read, chunk.bytes_read)
        if len(self._items) >= self.batch_size:
            self._flush()
        else:
            self.report.advanced(self._snapshot())

    def finish(self) -> IngestSummary:
        """Write what is left; the counts of the whole run (seconds included)."""
        self._flush()
        summary = replace(self.total)
        summary.seconds = round(time.perf_counter() - self.started, 2)
        return summary

    def _flush(self) -> None:
        """Write the gathered items and rejects in one transaction and report progress."""
        if self._items or self._rejects:
            with interrupt_held():  # a batch committed is a batch counted, Ctrl-C or not
                counts, failed = self.store.write_batch(self._items, self._rejects, reparse=self.reparse)
                self._items, self._rejects = [], []
                self.total.add(counts)
            for reject in failed:
                self.report.rejected(reject)
        self.report.advanced(self._snapshot())

    def _snapshot(self) -> Progress:
        """A copy of the progress with the time and the counts so far."""
        return replace(self.progress, seconds=time.perf_counter() - self.started, summary=replace(self.total))
