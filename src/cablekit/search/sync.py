"""Keeping the search index in step with the SQLite archive, after any crash.

The archive's ``search_index`` table (the ledger, migration 2) lists each
cable whose current row is in the index: reference ID, content hash and the
row's ``updated_at``. A trigger on ``cables`` drops a cable's ledger row
whenever the row is rewritten, in the same transaction, so the ledger never
claims a text the index lacks. `sync` indexes the cables missing from the
ledger, deletes the documents of cables that are gone, commits the index and
only then records the work in the ledger. A crash at any point leaves at most
documents the ledger doesn't list yet: the next sync replaces them (each is
deleted by reference ID before it is added again).

During an ingest the index is fed as batches commit (`Feeder`): each new
cable's document, made by the parse worker, is added once its SQLite
transaction has committed, and recorded in the ledger once the index has
committed it, so the same rule holds; the `sync` that closes the ingest only
finds what the feeder did not take (replaced cables, a batch written one
cable at a time).

`in_sync` is the cheap check run when an archive is opened for search:
counts of cables, ledger rows and index documents, the newest version id
(``cable_versions.id`` grows with every text stored) and the index's id. An index
holding fewer documents than its ledger lists after an incremental pass (an older
copy of the folder, say) is rebuilt from scratch.

Example::

    report = sync(conn, SearchIndex.open("cables.db"))
    report.added, report.deleted
"""
from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import tantivy

from .index import SearchIndex, document, with_rowid

if TYPE_CHECKING:
    from ..store.writer import Stored

COMMIT_EVERY = 20_000
"""Documents per index commit (and ledger transaction) during a long sync."""
FEED_COMMIT_EVERY = 50_000
"""Documents per index commit while an ingest feeds the index (fewer, larger segments)."""
_CHUNK = 500
_WRITER_HEAP = 128_000_000
_LOCK_WAIT = 10.0
_STALE = ("SELECT c.id FROM cables c WHERE NOT EXISTS "  # no ORDER BY: a scan of the reference ID index
          "(SELECT 1 FROM search_index s WHERE s.cable = c.reference_id)")
_GONE = ("SELECT s.cable FROM search_index s WHERE NOT EXISTS "
         "(SELECT 1 FROM cables c WHERE c.reference_id = s.cable)")
_RECORD = ("INSERT OR REPLACE INTO search_index(cable, content_hash, updated_at, indexed_at) "
           "SELECT reference_id, content_hash, updated_at, ? FROM cables "
           "WHERE reference_id = ? AND content_hash = ? AND updated_at = ?")

Progress = Callable[[int, int], None]
"""Called with (documents indexed so far, documents to index) after each chunk."""


@dataclass
class SyncReport:
    """What a sync did: documents added (new or changed cables), deleted (cables gone),
    whether the index was rebuilt whole, the seconds it took, and why it did nothing
    (``skipped``: another process holds the index) or None."""

    added: int = 0
    deleted: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    skipped: str | None = None


@dataclass
class Counts:
    """The figures of the cheap check."""

    cables: int
    ledger: int
    documents: int
    max_version: str
    meta: dict[str, str]

    def agree(self, index_uuid: str) -> bool:
        """True when the index holds exactly the archive's current cables."""
        return (self.cables == self.ledger == self.documents and self.meta.get("uuid") == index_uuid
                and self.meta.get("max_version") == self.max_version)


def counts(conn: sqlite3.Connection, idx: SearchIndex) -> Counts:
    """The cheap check's figures (a few milliseconds at full size)."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731 - local shorthand
    return Counts(
        cables=one("SELECT count(*) FROM cables"),
        ledger=one("SELECT count(*) FROM search_index"),
        documents=idx.searcher().num_docs,
        max_version=str(one("SELECT coalesce(max(id), 0) FROM cable_versions")),
        meta=dict(conn.execute("SELECT key, value FROM search_index_meta")),
    )


def in_sync(conn: sqlite3.Connection, idx: SearchIndex) -> bool:
    """True when the index and the archive agree (see the module doc); reads only."""
    return counts(conn, idx).agree(idx.uuid)


def sync(conn: sqlite3.Connection, idx: SearchIndex, *, progress: Progress | None = None,
         lock_wait: float = _LOCK_WAIT, writer: tantivy.IndexWriter | None = None) -> SyncReport:
    """Bring the index up to date with the archive, unless the cheap check says it is; return what was done.

    conn: a writable connection in autocommit mode (the ledger is written).
    writer: the index's writer when the caller holds it (`Feeder.finish`); it is
    used up (merges awaited, lock released) either way.
    Waits up to ``lock_wait`` seconds for another writer of the index (another
    process syncing), then gives up with ``skipped`` set. Raises sqlite3.Error
    when the ledger can't be written, ValueError/OSError from Tantivy.
    """
    started = time.perf_counter()
    if not idx.fresh and in_sync(conn, idx):
        if writer is not None:
            writer.wait_merging_threads()
            idx.reload()
        return SyncReport(seconds=round(time.perf_counter() - started, 2))
    writer = writer or _writer(idx, lock_wait)
    if writer is None:
        return SyncReport(skipped="another process (an import?) is updating the search index",
                          seconds=round(time.perf_counter() - started, 2))
    try:
        before = counts(conn, idx)
        full = idx.fresh or before.meta.get("uuid") != idx.uuid
        report = _pass(conn, idx, writer, full=full, progress=progress)
        after = counts(conn, idx)
        if not full and after.ledger != after.documents:  # the index lost documents the ledger lists
            report = _pass(conn, idx, writer, full=True, progress=progress)
        idx.fresh = False
    finally:
        writer.wait_merging_threads()
    idx.reload()
    report.seconds = round(time.perf_counter() - started, 2)
    return report


class Feeder:
    """Indexes the cables an ingest stores, as their batches commit.

    `start` takes the index's writer (and empties a fresh or foreign index and
    the ledger, as a full sync would); `add` takes the new cables one
    `cablekit.store.writer.write_batch` stored (their ``item.document`` made by
    the parse worker, without its row id; entries without one are left for the
    next sync); every `FEED_COMMIT_EVERY` documents the index commits and the
    ledger records them. `finish` commits the rest and hands the writer on to
    `sync`. Raises what `sync` raises.

    Example::

        feeder = Feeder.start(conn, idx)
        feeder.add(stored)          # after each committed batch
        sync(conn, idx, writer=feeder.finish())
    """

    def __init__(self, conn: sqlite3.Connection, idx: SearchIndex, writer: tantivy.IndexWriter,
                 rebuilt: bool = False) -> None:
        self.conn, self.idx, self.writer = conn, idx, writer
        self.pending: list[tuple[str, str, str]] = []
        self.added = 0
        self.rebuilt = rebuilt  # the index was emptied first (fresh, or not this archive's)

    @classmethod
    def start(cls, conn: sqlite3.Connection, idx: SearchIndex, lock_wait: float = 0.0) -> "Feeder | None":
        """A feeder holding the index's writer, or None when another process holds it."""
        writer = _writer(idx, lock_wait)
        if writer is None:
            return None
        rebuild = idx.fresh or dict(conn.execute("SELECT key, value FROM search_index_meta")).get("uuid") != idx.uuid
        if rebuild:
            _ledger_write(conn, lambda: (conn.execute("DELETE FROM search_index"),
                                         _set_meta(conn, uuid=idx.uuid, max_version="")))
            writer.delete_all_documents()
            idx.fresh = False
        return cls(conn, idx, writer, rebuild)

    def add(self, stored: Iterable[Stored]) -> None:
        """Index the documents of newly stored cables (their transaction has committed)."""
        for rowid, item, updated_at in stored:
            doc = getattr(item, "document", None)
            if doc is None:
                continue
            self.writer.add_json(with_rowid(doc, rowid))
            item.document = None
            self.pending.append((item.cable.reference_id, item.content_hash, updated_at))
        if len(self.pending) >= FEED_COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        """Commit the index, then record the documents it now holds in the ledger."""
        if not self.pending:
            return
        self.writer.commit()
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        _ledger_write(self.conn, lambda: self.conn.executemany(_RECORD, [(now, *p) for p in self.pending]))
        self.added += len(self.pending)
        self.pending.clear()

    def finish(self) -> tantivy.IndexWriter:
        """Commit what is pending and give up the writer (for `sync`, which uses it up)."""
        self.commit()
        writer, self.writer = self.writer, None
        return writer


def _writer(idx: SearchIndex, wait: float) -> tantivy.IndexWriter | None:
    """The index's writer, waiting up to ``wait`` seconds while another one holds the lock."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return idx.index.writer(heap_size=_WRITER_HEAP, num_threads=0)
        except ValueError as exc:
            if "Lock" not in str(exc) or time.monotonic() >= deadline:
                if "Lock" in str(exc):
                    return None
                raise
            time.sleep(0.1)


def _pass(conn: sqlite3.Connection, idx: SearchIndex, writer: tantivy.IndexWriter, *, full: bool,
          progress: Progress | None) -> SyncReport:
    """One sync pass: incremental, or ``full`` (empty the index and the ledger first)."""
    report = SyncReport(rebuilt=full)
    if full:
        _ledger_write(conn, lambda: (conn.execute("DELETE FROM search_index"),
                                     _set_meta(conn, uuid=idx.uuid, max_version="")))
        writer.delete_all_documents()
    max_version = str(conn.execute("SELECT coalesce(max(id), 0) FROM cable_versions").fetchone()[0])
    gone = [r for (r,) in conn.execute(_GONE)]
    stale = sorted(i for (i,) in conn.execute(_STALE))
    for rid in gone:
        writer.delete_documents_by_term("reference_id", rid)
    report.deleted = len(gone)
    pending: list[tuple[str, str, str]] = []

    def commit(last: bool) -> None:
        writer.commit()
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")

        def record() -> None:
            if gone:
                conn.executemany("DELETE FROM search_index WHERE cable = ?", [(r,) for r in gone])
                gone.clear()
            conn.executemany(_RECORD, [(now, *p) for p in pending])
            _set_meta(conn, uuid=idx.uuid, **({"max_version": max_version} if last else {}))

        _ledger_write(conn, record)
        pending.clear()

    for rid, content_hash, updated_at, doc in _documents(conn, stale):
        if not full:
            writer.delete_documents_by_term("reference_id", rid)
        writer.add_json(doc)
        pending.append((rid, content_hash, updated_at))
        report.added += 1
        if len(pending) >= COMMIT_EVERY:
            commit(last=False)
        if progress and report.added % _CHUNK == 0:
            progress(report.added, len(stale))
    commit(last=True)
    idx.reload()
    if progress:
        progress(report.added, len(stale))
    return report


def _documents(conn: sqlite3.Connection, ids: list[int]) -> Iterator[tuple[str, str, str, str]]:
    """(reference ID, content hash, updated_at, index document) of the given ``cables`` rows."""
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        sql = ("SELECT id, reference_id, content_hash, updated_at, subject, body, record FROM cables "
               f"WHERE id IN ({', '.join('?' * len(chunk))}) ORDER BY id")
        for rowid, rid, content_hash, updated_at, subject, body, record in conn.execute(sql, chunk):
            yield rid, content_hash, updated_at, document(rowid, subject, body, json.loads(record))


def _ledger_write(conn: sqlite3.Connection, work: Callable[[], object]) -> None:
    """Run ``work`` in one immediate transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        work()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _set_meta(conn: sqlite3.Connection, **values: str) -> None:
    conn.executemany("INSERT OR REPLACE INTO search_index_meta(key, value) VALUES (?, ?)", values.items())
