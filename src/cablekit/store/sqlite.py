"""The SQLite store: one file, WAL mode, batched transactional writes, FTS5 search.

Tables are plain and normalized so that ``sqlite3 cables.db`` or Datasette can
query them (see ``docs/schema.md``); an external-content FTS5 index over
subject and body, kept in sync by triggers, ranks matches with bm25.

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

import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..errors import StoreError
from ..model import Cable
from ..refid import canonicalize
from . import rows, writer
from .base import (FACETS, HIGHLIGHT_END, HIGHLIGHT_START, FacetCount, Hit, Incoming, IngestSummary,
                   Reject, SearchQuery, SearchResults)
from .migrations import LATEST, applied, migrate
from .query import Where, filters, quote_fts

_HIT_COLUMNS = "c.reference_id, c.created, c.classification, c.origin, c.subject"
_LEAD = ("coalesce(c.summary, (SELECT p.text FROM paragraphs p WHERE p.cable = c.reference_id "
         "ORDER BY p.position LIMIT 1), '')")
_SNIPPET_WORDS = 24
_LEAD_CHARS = 240
_FACET_SQL = {
    "origin": ("c.origin", "c.origin IS NOT NULL", "count(*)"),
    "classification": ("c.classification", "c.classification IS NOT NULL", "count(*)"),
    "year": ("substr(c.created, 1, 4)", "c.created IS NOT NULL", "count(*)"),
    "month": ("substr(c.created, 1, 7)", "c.created IS NOT NULL", "count(*)"),
    "tag": ("tg.tag", "1", "count(DISTINCT c.id)"),
}


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
        conn = self._conn
        try:
            if read_only:
                done = applied(conn)
                if LATEST not in done:
                    raise StoreError(f"{self.path} has an older schema; run `cablekit ingest` on it to upgrade")
            else:
                migrate(conn)
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

    def close(self) -> None:
        """Close every connection this store opened (in any thread)."""
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

    def _scope(self, query: SearchQuery) -> tuple[str, Where, bool]:
        """FROM clause, conditions and whether the full-text index is joined."""
        where = filters(query)
        text = (query.text or "").strip()
        if not text:
            return "FROM cables c", where, False
        match = quote_fts(text)
        if not match:
            where.clauses.insert(0, "0")  # words without letters or digits match nothing
            return "FROM cables c", where, False
        where.clauses.insert(0, "cables_fts MATCH ?")
        where.params.insert(0, match)
        return "FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid", where, True

    def search(self, query: SearchQuery) -> SearchResults:
        """A page of matches and the exact total; see `Store.search`.

        Example: ``search(SearchQuery("overflight", origin="Embassy Astana")).hits[0].reference_id``.
        """
        source, where, fts = self._scope(query)
        conn = self._conn
        try:
            total = conn.execute(f"SELECT count(*) {source} WHERE {where.sql()}", where.params).fetchone()[0]
            page = [max(0, int(query.limit)), max(0, int(query.offset))]
            if fts:
                sql = (f"SELECT {_HIT_COLUMNS}, snippet(cables_fts, -1, ?, ?, '…', {_SNIPPET_WORDS}), "
                       f"cables_fts.rank {source} WHERE {where.sql()} "
                       "ORDER BY cables_fts.rank, c.reference_id LIMIT ? OFFSET ?")
                found = conn.execute(sql, [HIGHLIGHT_START, HIGHLIGHT_END, *where.params, *page])
                hits = [Hit(*row) for row in found]
            else:
                sql = (f"SELECT {_HIT_COLUMNS}, {_LEAD}, 0.0 {source} WHERE {where.sql()} "
                       "ORDER BY c.created DESC, c.reference_id DESC LIMIT ? OFFSET ?")
                hits = [Hit(*row[:5], _shorten(row[5]), row[6]) for row in conn.execute(sql, [*where.params, *page])]
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search failed on {self.path}: {exc}") from exc
        return SearchResults(hits=hits, total=total)

    def facet_counts(self, facet: str, query: SearchQuery | None = None, limit: int | None = None) -> list[FacetCount]:
        """Cable counts per value of ``facet`` among the cables matching ``query``.

        Example: ``facet_counts("month")[:1] == [FacetCount("1966-12", 1)]``.
        Raises ValueError for a facet not in `FACETS`.
        """
        if facet not in FACETS:
            raise ValueError(f"unknown facet {facet!r}; known: {', '.join(FACETS)}")
        value, present, counted = _FACET_SQL[facet]
        source, where, _ = self._scope(query or SearchQuery())
        if facet == "tag":
            source += " JOIN tags tg ON tg.cable = c.reference_id"
        order = "1" if facet in ("year", "month") else "2 DESC, 1"
        sql = (f"SELECT {value}, {counted} {source} WHERE {where.sql()} AND {present} "
               f"GROUP BY 1 ORDER BY {order}")
        params = list(where.params)
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [FacetCount(v, n) for v, n in self._conn.execute(sql, params)]

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
            out.append(Hit(*found[:5], _shorten(found[5]), found[6]) if found else None)
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
        try:
            return writer.write_batch(self._conn, items, rejects, reparse=reparse)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from exc


def _shorten(text: str | None, limit: int = _LEAD_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with ``…``."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"
