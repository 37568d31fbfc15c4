"""The SQLite store: one file, WAL mode, batched transactional writes; search through Tantivy.

Tables are plain and normalized so that ``sqlite3 cables.db`` or Datasette can
query them (see ``docs/schema.md``). `search`, `facets` and `iter_matches`
use the Tantivy index beside the file (``cables.db.idx/``, `cablekit.search`),
derived from the tables: the first search after opening checks that it agrees
with the archive and repairs it (`sync_index`), and so does the first search
after this store's own writes. New cables whose parse worker made their index
document are indexed as their batch commits (`cablekit.search.sync.Feeder`).

Threads: every thread gets its own connection (``threading.local``), so one
store object can serve uvicorn's worker threads; open it with
``read_only=True`` for the web. Writes go through `SQLiteStore.write_batch`
(`cablekit.store.writer`), one transaction per batch, so an interrupted ingest
leaves whole cables only.

Example::

    with SQLiteStore("cables.db") as store:
        store.get("09astana2204").subject
"""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Literal, Sequence

from ..errors import StoreError
from ..model import Cable
from ..refid import canonicalize
from . import indexes, rows, writer
from .base import (FACETS, FacetCount, Hit, Incoming, IngestSummary, OriginRange, Reject, SearchQuery, SearchResults,
                   shorten)
from .checkpoint import Checkpointer
from .migrations import LATEST, applied, migrate

if TYPE_CHECKING:
    from ..search.engine import SearchEngine
    from ..search.index import SearchIndex
    from ..search.sync import Feeder, Progress, SyncReport

_LOG = logging.getLogger(__name__)
_HIT_COLUMNS = "c.reference_id, c.created, c.classification, c.origin, c.subject"
_LEAD = ("coalesce(c.summary, (SELECT p.text FROM paragraphs p WHERE p.cable = c.reference_id "
         "ORDER BY p.position LIMIT 1), '')")


SEARCH_LOCK_WAIT = 0.2
"""Seconds a search waits for another process (an import) to release the search index's
writer before it searches the index as it is (`SearchResults.behind` says so)."""
BULK_MIN_BYTES = 64_000_000
"""`SQLiteStore.bulk_load` defers indexes for inputs of at least this many bytes..."""
BULK_BYTES_PER_CABLE = 7_000
"""...that are larger than the archive's cables at about this many input bytes each
(the cables.csv dump: 6,887 bytes a row)."""


class SQLiteStore:
    """A cable archive in one SQLite file (implements `cablekit.store.base.Store`).

    path: the database file; created and migrated unless ``read_only``.
    read_only: open with ``mode=ro`` (the web app); raises StoreError when the
        file is missing or its schema is older than this cablekit's.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._engine_lock = threading.Lock()
        self._engine: SearchEngine | None = None
        self._feeder: Feeder | None | Literal[False] = None  # False: not feeding in this run
        self._checkpointer: Checkpointer | None = None
        self._behind: str | None = None  # the last search's sync was skipped: why
        self._dirty = False
        conn = self._conn
        try:
            if read_only:
                if LATEST not in applied(conn) or (indexes.pending(conn) and not indexes.import_running(self.path)):
                    self._upgrade()
            else:
                migrate(conn)
                self._restore_indexes(conn)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(f"{self.path} is not a cablekit database: {exc}") from exc
        except StoreError:
            self.close()
            raise

    # -- connections -------------------------------------------------------

    @property
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.read_only:
                if not self.path.is_file():
                    raise StoreError(f"no database {self.path} (run `cablekit ingest` first)")
                conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True,
                                       isolation_level=None, check_same_thread=False)
            else:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 10000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        return conn

    def _upgrade(self) -> None:
        """Apply pending migrations (they add tables or drop derived ones) and build the indexes
        an interrupted bulk import left out, for a file opened read-only, through a short-lived
        writable connection; StoreError when that can't be done."""
        try:
            rw = sqlite3.connect(self.path, isolation_level=None)
            try:
                rw.execute("PRAGMA busy_timeout = 10000")
                migrate(rw)
                self._restore_indexes(rw)
            finally:
                rw.close()
        except (sqlite3.Error, StoreError) as exc:
            raise StoreError(f"{self.path} has an older schema and can't be upgraded here ({exc}); "
                             "run `cablekit ingest` on it") from exc

    def _restore_indexes(self, conn: sqlite3.Connection) -> None:
        """Build the indexes a bulk import that did not finish left out (`cablekit.store.indexes`)."""
        if indexes.pending(conn) and not indexes.import_running(self.path):
            _LOG.warning("%s: building the indexes an interrupted import left out", self.path)
            indexes.restore(conn)

    @contextmanager
    def bulk_load(self, expected_bytes: int, *, min_bytes: int = BULK_MIN_BYTES) -> Iterator[None]:
        """Write a large import with the reader-only indexes left out, built once at the end
        (`cablekit.store.indexes`), also after an error or Ctrl-C.

        Large: at least ``min_bytes`` of input, and more input than the archive's cables
        take (`BULK_BYTES_PER_CABLE` each), so that building the indexes whole is cheaper
        than keeping them up to date. Otherwise nothing changes. Raises StoreError.
        """
        if self.read_only or expected_bytes < max(min_bytes, self.count() * BULK_BYTES_PER_CABLE):
            yield
            return
        with indexes.import_lock(self.path):
            try:
                indexes.defer(self._conn)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot prepare {self.path} for a bulk import: {exc}") from exc
            try:
                yield
            finally:
                try:
                    indexes.restore(self._conn)
                except sqlite3.Error as exc:
                    raise StoreError(f"cannot build the indexes of {self.path} (the next open will): {exc}") \
                        from exc

    def close(self) -> None:
        """Close every connection this store opened (in any thread), after committing
        what an ingest fed the search index (an interrupted run keeps it)."""
        with self._engine_lock:
            if self._feeder:
                try:
                    self._feeder.finish().wait_merging_threads()
                except (sqlite3.Error, OSError, ValueError) as exc:
                    _LOG.warning("the search index of %s will be updated later: %s", self.path, exc)
            self._feeder = None
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- look-ups -----------------------------------------------------------

    def resolve(self, reference_id: str) -> str | None:
        """The stored reference ID for any case or malformed/alias form, or None.

        Example: ``resolve("08ection01of02manama492") == "08MANAMA492"`` when stored.
        """
        raw = "".join(reference_id.split()).upper()
        candidates = list(dict.fromkeys([raw, canonicalize(raw)]))
        conn = self._conn
        for cand in candidates:
            if conn.execute("SELECT 1 FROM cables WHERE reference_id = ?", (cand,)).fetchone():
                return cand
        for cand in candidates:
            row = conn.execute("SELECT cable FROM aliases WHERE alias = ?", (cand,)).fetchone()
            if row:
                return row[0]
        return None

    def get(self, reference_id: str) -> Cable | None:
        """The current record of a cable (any case or alias form), or None."""
        rid = self.resolve(reference_id)
        return rows.load_cable(self._conn, rid) if rid else None

    def known_hash(self, content_hash: str) -> str | None:
        """The reference ID under which this text (`cablekit.ingest.content_hash`)
        is stored, current or not; None for a new text."""
        try:
            row = self._conn.execute("SELECT cable FROM cable_versions WHERE content_hash = ? LIMIT 1",
                                     (content_hash,)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {exc}") from exc
        return row[0] if row else None

    def existing(self, reference_ids: Iterable[str]) -> set[str]:
        """Those of the given canonical reference IDs that are stored (exact match)."""
        ids = list(dict.fromkeys(reference_ids))
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            sql = f"SELECT reference_id FROM cables WHERE reference_id IN ({', '.join('?' * len(chunk))})"
            found.update(r for (r,) in self._conn.execute(sql, chunk))
        return found

    def cited_by(self, reference_id: str) -> list[Hit]:
        """Cables whose REF block cites ``reference_id``, oldest first; the
        snippet is the reference as written (several joined with ``"; "``)."""
        rid = self.resolve(reference_id) or canonicalize(reference_id)
        sql = (f"SELECT {_HIT_COLUMNS}, group_concat(r.text, '; '), 0.0 FROM cable_references r "
               "JOIN cables c ON c.reference_id = r.cable WHERE r.reference_id = ? "
               "GROUP BY c.id ORDER BY c.created, c.reference_id")
        return [Hit(*row) for row in self._conn.execute(sql, (rid,))]

    def count(self) -> int:
        """Number of cables stored."""
        return self._conn.execute("SELECT count(*) FROM cables").fetchone()[0]

    def iter_ids(self) -> Iterator[str]:
        """Every stored reference ID, sorted."""
        for (rid,) in self._conn.execute("SELECT reference_id FROM cables ORDER BY reference_id"):
            yield rid

    # -- search and browse --------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """A page of matches and the exact total; see `Store.search`.

        Example: ``search(SearchQuery('overflight origin:"Embassy Astana"')).hits[0].reference_id``.
        """
        results = self._search_engine().search(self._conn, query)
        results.behind = self._behind
        return results

    def facets(self, query: SearchQuery | None = None, names: Sequence[str] = FACETS,
               limit: int | None = None) -> dict[str, list[FacetCount]]:
        """Counts per value of each facet among the cables matching ``query``; see `Store.facets`.

        Example: ``facets(SearchQuery("overflight"), ["year"])["year"][0] == FacetCount("2005", 1)``.
        """
        return self._search_engine().facets(query or SearchQuery(), tuple(names), limit)

    def facet_counts(self, facet: str, query: SearchQuery | None = None, limit: int | None = None) -> list[FacetCount]:
        """Cable counts per value of ``facet`` among the cables matching ``query``.

        Example: ``facet_counts("month")[:1] == [FacetCount("1966-12", 1)]``.
        Raises ValueError for a facet not in `FACETS`.
        """
        return self.facets(query, [facet], limit)[facet]

    def iter_matches(self, query: SearchQuery) -> Iterator[dict]:
        """Every matching cable as a dict of `EXPORT_COLUMNS`, in the query's sort order; see `Store.iter_matches`."""
        from ..search.engine import iter_chunks

        rowids = self._search_engine().rowids(query)
        for chunk in iter_chunks(rowids):
            sql = f"SELECT id, record FROM cables WHERE id IN ({', '.join('?' * len(chunk))})"
            records = dict(self._conn.execute(sql, chunk))
            for rowid in chunk:
                if rowid in records:
                    yield rows.export_record(json.loads(records[rowid]))

    def sync_index(self, progress: Progress | None = None) -> SyncReport:
        """Bring the search index up to date now (see `cablekit.search.sync`) and return what was done.

        Called by `cablekit ingest` after its last batch; any search runs it when needed.
        Raises StoreError when the index or the ledger can't be written.
        """
        with self._engine_lock:
            return self._sync(progress)

    def _search_engine(self) -> SearchEngine:
        """The search engine, opened and checked on first use and after this store's writes."""
        with self._engine_lock:
            if self._engine is None or self._dirty or self._behind:
                self._behind = self._sync(None, lock_wait=SEARCH_LOCK_WAIT).skipped
            assert self._engine is not None
            return self._engine

    def _search_index(self) -> SearchIndex:
        """The search index beside the file, opened (and the engine made) on first use."""
        from ..search.engine import SearchEngine
        from ..search.index import SearchIndex

        if self._engine is None:
            self._engine = SearchEngine(SearchIndex.open(self.path))
        return self._engine.index

    def _sync(self, progress: Progress | None, lock_wait: float | None = None) -> SyncReport:
        """Open the index if needed and repair it unless the cheap check says it agrees;
        wait up to ``lock_wait`` seconds (`cablekit.search.sync.sync`'s default if None)
        for another process that holds the index's writer."""
        from ..search.sync import SyncReport, in_sync, sync

        try:
            index = self._search_index()
            self._dirty = False
            feeder, self._feeder = self._feeder, None
            if feeder:  # what this run's batches fed the index counts as indexed now
                report = sync(self._conn, index, progress=progress, writer=feeder.finish())
                report.added += feeder.added
                report.rebuilt = report.rebuilt or feeder.rebuilt
                return report
            if not index.fresh and in_sync(self._conn, index):
                return SyncReport()
            waits = {} if lock_wait is None else {"lock_wait": lock_wait}
            if not self.read_only:
                return sync(self._conn, index, progress=progress, **waits)
            rw = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            try:
                rw.execute("PRAGMA busy_timeout = 10000")
                return sync(rw, index, progress=progress, **waits)
            finally:
                rw.close()
        except (sqlite3.Error, OSError, ValueError) as exc:
            index = self._engine.index if self._engine is not None else None
            if self.read_only and index is not None and not index.fresh and index.searcher().num_docs:
                _LOG.warning("the search index of %s may be out of date: %s", self.path, exc)
                return SyncReport(skipped=str(exc))  # a reader on a file it can't write: search what is there
            raise StoreError(f"cannot update the search index of {self.path}: {exc}") from exc

    def origin_ranges(self) -> list[OriginRange]:
        """Every origin with its cable count and first/last created date; see `Store.origin_ranges`.

        One GROUP BY over ``cables`` (the ``cables_origin_created`` index covers it);
        origins group case-insensitively, as ``origin:`` searches match them.
        Example: ``origin_ranges()[0].origin == "Embassy Madrid"``.
        """
        sql = ("SELECT origin, count(*), substr(min(nullif(created, '')), 1, 10), "
               "substr(max(nullif(created, '')), 1, 10) FROM cables WHERE origin <> '' "
               "GROUP BY origin ORDER BY count(*) DESC, origin COLLATE BINARY")
        try:
            return [OriginRange(*row) for row in self._conn.execute(sql)]
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {exc}") from exc

    def neighbors(self, reference_id: str) -> tuple[Hit | None, Hit | None]:
        """The previous and next cable from the same origin by created date."""
        rid = self.resolve(reference_id)
        row = rid and self._conn.execute("SELECT origin, created FROM cables WHERE reference_id = ?", (rid,)).fetchone()
        if not row or row[0] is None or row[1] is None:
            return None, None
        out = []
        for op, direction in (("<", "DESC"), (">", "ASC")):
            sql = (f"SELECT {_HIT_COLUMNS}, {_LEAD}, 0.0 FROM cables c WHERE c.origin = ? "
                   f"AND (c.created, c.reference_id) {op} (?, ?) "
                   f"ORDER BY c.created {direction}, c.reference_id {direction} LIMIT 1")
            found = self._conn.execute(sql, (row[0], row[1], rid)).fetchone()
            out.append(Hit(*found[:5], shorten(found[5]), found[6]) if found else None)
        return out[0], out[1]

    # -- writing -------------------------------------------------------------

    def write_batch(self, items: Sequence[Incoming], rejects: Sequence[Reject] = (),
                    *, reparse: bool = False) -> tuple[IngestSummary, list[Reject]]:
        """Store parsed cables and record rejects in ONE transaction (see `writer.write_batch`).

        Returns the counts and the items the database refused (recorded as rejects).
        Raises StoreError when the store is read-only or the transaction fails.
        """
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")
        stored: list[writer.Stored] = []
        try:
            self._dirty = True
            if self._checkpointer is None:
                self._checkpointer = Checkpointer(self.path, self._conn)
            result = writer.write_batch(self._conn, items, rejects, reparse=reparse, stored=stored)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from exc
        if any(entry.item.document is not None for entry in stored):
            self._feed(stored)
        return result

    def _feed(self, stored: list[writer.Stored]) -> None:
        """Index newly stored cables now (`cablekit.search.sync.Feeder`), unless another
        process holds the index: then the next sync does. A failure of the index is
        logged and leaves the rest of the run to that sync (the archive is written)."""
        from ..search.sync import Feeder

        with self._engine_lock:
            if self._feeder is False:
                return
            try:
                if self._feeder is None:
                    self._feeder = Feeder.start(self._conn, self._search_index()) or False
                if self._feeder:
                    self._feeder.add(stored)
            except (sqlite3.Error, OSError, ValueError) as exc:
                _LOG.warning("the search index of %s will be updated later: %s", self.path, exc)
                self._feeder = False

