"""Writing cables to the SQLite archive: one batch, one transaction.

The common case, a batch of new cables, is written table by table with one
``executemany`` per table (the bulk path); the rows can be made beforehand in
a parse worker (`prepare`, giving a `Prepared` item), so the writer does
little Python per cable. Texts already stored, new texts of stored reference
IDs, ``reparse`` runs and a bulk write the database refuses go one cable at a
time, each in a savepoint, so a cable the database refuses is rolled back alone
and becomes a reject while the rest of the batch commits.

The rules (stored / replaced / kept as version / unchanged / reparsed) are
those of ``docs/schema.md`` and ``docs/ingest.md``: a text is known by its
content hash; a new text of a stored reference ID becomes current and the old
text's whole record moves to its ``cable_versions`` row, unless the new record
is degraded compared to the current one (`cablekit.store.history.degradation`):
then it is only kept as a version, its record in its ``cable_versions`` row.
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, NamedTuple, Sequence

from ..model import Cable
from . import rows
from .base import Incoming, IngestSummary, Reject
from .history import Shape, degradation

_EXCERPT_CHARS = 2000
_COLUMNS = ", ".join(rows.CABLE_COLUMNS)
_VALUES = ", ".join("?" * len(rows.CABLE_COLUMNS))
_UPSERT_CABLE = (f"INSERT INTO cables({_COLUMNS}) VALUES ({_VALUES}) ON CONFLICT(reference_id) DO UPDATE SET "
                 + ", ".join(f"{c} = excluded.{c}" for c in rows.CABLE_COLUMNS if c != "reference_id"))
_INSERT_CABLE = f"INSERT INTO cables(id, {_COLUMNS}) VALUES (?, {_VALUES})"
_INSERT_VERSION = ("INSERT INTO cable_versions(id, cable, content_hash, source, format, row, imported_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)")
_INSERT_SOURCE = ("INSERT OR IGNORE INTO cable_sources(cable, version_id, path, row, format, imported_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)")
_CLEAR_REJECT = "DELETE FROM rejects WHERE path = ? AND row = ?"
_VERSION_COL = rows.CABLE_COLUMNS.index("version_id")
_HASH_COL = rows.CABLE_COLUMNS.index("content_hash")
_HEADER_COL = rows.CABLE_COLUMNS.index("header")
_BODY_COL = rows.CABLE_COLUMNS.index("body")
_SUBJECT_COL = rows.CABLE_COLUMNS.index("subject")
_RECORD_COL = rows.CABLE_COLUMNS.index("record")
_PARAGRAPHS = rows.CHILD_TABLES.index("paragraphs")
_CURRENT_SHAPE = ("SELECT subject IS NOT NULL AND subject != '', "
                  "EXISTS (SELECT 1 FROM paragraphs WHERE cable = ?), length(body) FROM cables WHERE reference_id = ?")
_LOOKUP_CHUNK = 500  # host parameters per IN (...) query
_CACHE_KIB = 262_144
BULK_PRAGMAS = (f"PRAGMA cache_size = -{_CACHE_KIB}", "PRAGMA temp_store = MEMORY")
"""Connection settings for long imports: a 256 MiB page cache (the indexes of a
full dump stay in memory) and in-memory temporary tables."""


@dataclass
class BatchSummary(IngestSummary):
    """`IngestSummary` with one more count: kept_as_version, new texts of stored
    cables that did not become current because their record is degraded
    (`cablekit.store.history.degradation`); they are not counted as replaced.
    `write_batch` returns one; `add` takes either kind.
    """

    kept_as_version: int = 0


@dataclass
class Prepared(Incoming):
    """An `Incoming` whose database rows were made in advance (in a parse worker).

    cable_row: the ``cables`` row in `rows.CABLE_COLUMNS` order, with
        ``version_id`` and ``updated_at`` left for the writer to fill in.
    child_rows: the rows of each child table, in `rows.CHILD_INSERTS` order.
    ``cable`` holds only the reference ID and the source (the record is in the
    rows), so a Prepared item pickles small and fast.
    """

    cable_row: tuple = ()
    child_rows: tuple[list[tuple], ...] = ()
    document: str | None = None
    """The cable's search index document without its row id (JSON text,
    `cablekit.search.index.document`), when the parse worker made one: the store
    indexes the cable as soon as its batch commits. None: the next sync does."""


class Stored(NamedTuple):
    """A new cable as written by `write_batch`: its ``cables.id``, its prepared item and ``updated_at``."""

    rowid: int
    item: Prepared
    updated_at: str


def prepare(item: Incoming, record: dict[str, Any] | None = None) -> Incoming:
    """The item with its rows made now (a `Prepared`), or the item itself when
    it carries no parsed record (``parsed=False``).

    record: the cable's `rows.record_dict` when the caller has made it already.
    Example: ``prepare(Incoming(cable, digest, "a.html")).cable_row[0] == cable.reference_id``.
    """
    if not item.parsed or isinstance(item, Prepared):
        return item
    cable = item.cable
    stub = Cable(reference_id=cable.reference_id, source=cable.source, source_format=cable.source_format)
    return Prepared(stub, item.content_hash, item.path, item.format, item.row, True,
                    rows.cable_row(cable, 0, item.content_hash, "", record),
                    tuple(make_rows(cable) for _, make_rows in rows.CHILD_INSERTS))


def write_batch(conn: sqlite3.Connection, items: Sequence[Incoming], rejects: Sequence[Reject] = (),
                *, reparse: bool = False, stored: list[Stored] | None = None) -> tuple[BatchSummary, list[Reject]]:
    """Store parsed cables and record rejects in ONE transaction.

    A text already stored for its reference ID (same content hash) is
    "unchanged" (an item with ``parsed=False`` may only be such a text); a
    new text is "stored" (new ID) or "replaced" (becomes the current
    version; the old text's whole record moves to its ``cable_versions``
    row), or "kept_as_version" when its record is degraded compared to the
    current one (see `cablekit.store.history.degradation`). With ``reparse``,
    unchanged texts whose parsed record differs are rewritten in place
    ("reparsed"). An item the database refuses is rolled back alone
    and recorded as a reject. Returns the counts and those store-made rejects.
    ``conn`` must be in autocommit mode. Raises sqlite3.Error when the
    transaction itself fails (it is rolled back: nothing is written).
    stored: when given, a `Stored` entry is appended for each new cable of the
    bulk path (the common case), once the transaction has committed.

    Example: ``summary, failed = write_batch(conn, [Incoming(cable, digest, "a.html")])``.
    """
    summary, failed = BatchSummary(), []
    now = _now()
    _bulk_settings(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
        new: list[Stored] = []
        one_by_one = list(items) if reparse else _write_bulk(conn, items, now, summary, new)
        for item in one_by_one:
            conn.execute("SAVEPOINT cable")
            try:
                outcome = _write_one(conn, item, now, reparse)
            except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError, TypeError, ValueError) as exc:
                conn.execute("ROLLBACK TO cable")
                header, body = _texts(item)
                failed.append(Reject(item.path, f"cannot store {item.cable.reference_id}: {exc}", item.row,
                                     (header + "\n" + body).strip()[:_EXCERPT_CHARS]))
                outcome = None
            conn.execute("RELEASE cable")
            if outcome:
                setattr(summary, outcome, getattr(summary, outcome) + 1)
        for r in [*rejects, *failed]:
            _write_reject(conn, r, now)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    summary.rejected = len(rejects) + len(failed)
    if stored is not None:
        stored.extend(new)
    return summary, failed


def _write_bulk(conn: sqlite3.Connection, items: Sequence[Incoming], now: str,
                summary: IngestSummary, written: list[Stored]) -> list[Incoming]:
    """Write the common cases a table at a time (one executemany each) and count
    them: new reference IDs ("stored") and texts already stored for their
    reference ID ("unchanged"); return the items left for `_write_one`, in order.

    Left for `_write_one`: new texts of stored reference IDs, a reference ID met
    twice in the batch (order matters), and every new item when the database
    refuses the bulk write (which is then rolled back). Inside the open transaction.
    """
    ids = [item.cable.reference_id for item in items]
    twice = {rid for rid, n in Counter(ids).items() if n > 1}
    current = _existing(conn, "SELECT reference_id FROM cables WHERE reference_id IN ({})", ids)
    stored = _stored_versions(conn, [item.content_hash for item in items])
    new: list[Incoming] = []
    same: list[tuple[Incoming, int]] = []
    rest: list[Incoming] = []
    for item, rid in zip(items, ids):
        version_id = stored.get((item.content_hash, rid))
        if rid in twice:
            rest.append(item)
        elif version_id is not None:
            same.append((item, version_id))
        elif item.parsed and rid not in current:
            new.append(item)
        else:
            rest.append(item)
    if same:
        conn.executemany(_INSERT_SOURCE, [(i.cable.reference_id, vid, i.path, i.row or 0, i.format, now)
                                          for i, vid in same])
        conn.executemany(_CLEAR_REJECT, [(i.path, i.row or 0) for i, _ in same])
        summary.unchanged += len(same)
    if not new:
        return rest
    conn.execute("SAVEPOINT bulk")
    try:
        inserted = _insert_new(conn, [prepare(item) for item in new], now)  # type: ignore[misc]
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError, TypeError, ValueError):
        conn.execute("ROLLBACK TO bulk")
        conn.execute("RELEASE bulk")
        left = {id(item) for item in (*new, *rest)}
        return [item for item in items if id(item) in left]  # in input order
    conn.execute("RELEASE bulk")
    summary.stored += len(new)
    written.extend(inserted)
    return rest


def _stored_versions(conn: sqlite3.Connection, hashes: list[str]) -> dict[tuple[str, str], int]:
    """(content hash, reference ID) -> ``cable_versions.id`` for the stored texts among ``hashes``."""
    found: dict[tuple[str, str], int] = {}
    for i in range(0, len(hashes), _LOOKUP_CHUNK):
        chunk = hashes[i:i + _LOOKUP_CHUNK]
        sql = f"SELECT content_hash, cable, id FROM cable_versions WHERE content_hash IN ({', '.join('?' * len(chunk))})"
        found.update(((h, rid), vid) for h, rid, vid in conn.execute(sql, chunk))
    return found


def _insert_new(conn: sqlite3.Connection, new: list[Prepared], now: str) -> list[Stored]:
    """Insert new cables: their versions (ids numbered here), rows, child rows and sources;
    return what was stored, in order."""
    first = (conn.execute("SELECT max(id) FROM cable_versions").fetchone()[0] or 0) + 1
    version_ids = range(first, first + len(new))
    conn.executemany(_INSERT_VERSION, [
        (vid, p.cable.reference_id, p.content_hash, p.path, p.format, p.row, now)
        for vid, p in zip(version_ids, new)])
    first_row = conn.execute("SELECT coalesce(max(id), 0) FROM cables").fetchone()[0] + 1
    rowids = range(first_row, first_row + len(new))
    conn.executemany(_INSERT_CABLE, [(rowid, *_cable_row(p, vid, now))
                                     for rowid, vid, p in zip(rowids, version_ids, new)])
    for i, (statement, _) in enumerate(rows.CHILD_INSERTS):
        values = [r for p in new for r in p.child_rows[i]]
        if values:
            conn.executemany(statement, values)
    conn.executemany(_INSERT_SOURCE, [(p.cable.reference_id, vid, p.path, p.row or 0, p.format, now)
                                      for vid, p in zip(version_ids, new)])
    conn.executemany(_CLEAR_REJECT, [(p.path, p.row or 0) for p in new])
    return [Stored(rowid, p, now) for rowid, p in zip(rowids, new)]


def _existing(conn: sqlite3.Connection, sql: str, values: list[str]) -> set[str]:
    """The values a ``... IN ({})`` query finds, asked in chunks."""
    found: set[str] = set()
    for i in range(0, len(values), _LOOKUP_CHUNK):
        chunk = values[i:i + _LOOKUP_CHUNK]
        found.update(v for (v,) in conn.execute(sql.format(", ".join("?" * len(chunk))), chunk))
    return found


def _write_one(conn: sqlite3.Connection, item: Incoming, now: str, reparse: bool) -> str:
    """Write one cable inside the open transaction; return the summary field to count."""
    cable = item.cable
    rid = cable.reference_id
    known = conn.execute("SELECT id FROM cable_versions WHERE content_hash = ? AND cable = ?",
                         (item.content_hash, rid)).fetchone()
    current = conn.execute("SELECT version_id FROM cables WHERE reference_id = ?", (rid,)).fetchone()
    if known:
        version_id = known[0]
        _write_source(conn, rid, version_id, item, now)
        if not reparse or not item.parsed or isinstance(item, Prepared):
            return "unchanged"
        if current and current[0] == version_id:
            if rows.load_cable(conn, rid) == cable:
                return "unchanged"
            _write_cable(conn, item, version_id, now, replace=True)
            return "reparsed"
        whole = rows.full_record_json(cable)
        if conn.execute("SELECT record FROM cable_versions WHERE id = ?", (version_id,)).fetchone()[0] == whole:
            return "unchanged"
        conn.execute("UPDATE cable_versions SET record = ? WHERE id = ?", (whole, version_id))
        return "reparsed"
    if not item.parsed:
        raise ValueError("its text is no longer in the store; ingest the file again")
    if current and _is_degraded(conn, prepare(item)):  # kept as a version only, with its whole record
        version_id = conn.execute(
            "INSERT INTO cable_versions(cable, content_hash, source, format, row, imported_at, record) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rid, item.content_hash, item.path, item.format, item.row, now, _full_record(prepare(item)))).lastrowid
        _write_source(conn, rid, version_id, item, now)
        return "kept_as_version"
    if current:  # the current text becomes history: keep its whole record with its version
        old = rows.load_cable(conn, rid)
        conn.execute("UPDATE cable_versions SET record = ? WHERE id = ?",
                     (rows.full_record_json(old) if old else None, current[0]))
    version_id = conn.execute(
        "INSERT INTO cable_versions(cable, content_hash, source, format, row, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (rid, item.content_hash, item.path, item.format, item.row, now)).lastrowid
    _write_cable(conn, item, version_id, now, replace=current is not None)
    _write_source(conn, rid, version_id, item, now)
    return "replaced" if current else "stored"


def _is_degraded(conn: sqlite3.Connection, p: Incoming) -> bool:
    """Whether a new text's record is degraded compared to the stored current
    record of its reference ID (`cablekit.store.history.degradation`)."""
    assert isinstance(p, Prepared)
    rid = p.cable.reference_id
    has_subject, has_paragraphs, body_chars = conn.execute(_CURRENT_SHAPE, (rid, rid)).fetchone()
    new = Shape(bool(p.cable_row[_SUBJECT_COL]), bool(p.child_rows[_PARAGRAPHS]), len(p.cable_row[_BODY_COL] or ""))
    return degradation(new, Shape(bool(has_subject), bool(has_paragraphs), body_chars or 0)) is not None


def _full_record(p: Incoming) -> str:
    """The whole record (`rows.full_record_json`) of a prepared item, rebuilt from its rows."""
    assert isinstance(p, Prepared)
    paragraphs = [(n, m, t) for _, _, n, m, t in p.child_rows[_PARAGRAPHS]]
    cable = rows.cable_from_row(p.cable_row[_RECORD_COL], p.cable_row[_HEADER_COL], p.cable_row[_BODY_COL],
                                paragraphs)
    return rows.full_record_json(cable)


def _write_cable(conn: sqlite3.Connection, item: Incoming, version_id: int, now: str, *, replace: bool) -> None:
    """Upsert the ``cables`` row and rewrite its child rows."""
    p = prepare(item)
    assert isinstance(p, Prepared)
    conn.execute(_UPSERT_CABLE, _cable_row(p, version_id, now))
    if replace:
        for table in rows.CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE cable = ?", (p.cable.reference_id,))
    for (statement, _), values in zip(rows.CHILD_INSERTS, p.child_rows):
        if values:
            conn.executemany(statement, values)


def _cable_row(p: Prepared, version_id: int, now: str) -> tuple:
    """The prepared ``cables`` row with its version ID and write time filled in."""
    row = list(p.cable_row)
    row[_VERSION_COL], row[_HASH_COL], row[-1] = version_id, p.content_hash, now
    return tuple(row)


def _texts(item: Incoming) -> tuple[str, str]:
    """The header and body an item carries (from its rows when prepared)."""
    if isinstance(item, Prepared) and item.cable_row:
        return item.cable_row[_HEADER_COL] or "", item.cable_row[_BODY_COL] or ""
    return item.cable.header or "", item.cable.body or ""


def _bulk_settings(conn: sqlite3.Connection) -> None:
    """Apply `BULK_PRAGMAS` once per connection (they are asked for, not remembered)."""
    if conn.execute("PRAGMA cache_size").fetchone()[0] != -_CACHE_KIB:
        for pragma in BULK_PRAGMAS:
            conn.execute(pragma)


def _write_source(conn: sqlite3.Connection, rid: str, version_id: int, item: Incoming, now: str) -> None:
    """Record which file gave this text; clear a stale reject of that file/row."""
    row = item.row or 0
    conn.execute(_INSERT_SOURCE, (rid, version_id, item.path, row, item.format, now))
    conn.execute(_CLEAR_REJECT, (item.path, row))


def _write_reject(conn: sqlite3.Connection, reject: Reject, now: str) -> None:
    """Quarantine one reject; an identical earlier reject keeps its time."""
    conn.execute(
        "INSERT INTO rejects(path, row, reason, excerpt, rejected_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(path, row) DO UPDATE SET reason = excluded.reason, excerpt = excluded.excerpt, "
        "rejected_at = excluded.rejected_at WHERE reason IS NOT excluded.reason OR excerpt IS NOT excluded.excerpt",
        (reject.path, reject.row or 0, reject.reason, reject.excerpt[:_EXCERPT_CHARS], now))


def _now() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SS+00:00``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
