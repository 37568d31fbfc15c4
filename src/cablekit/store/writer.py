"""Writing cables to the SQLite archive: one batch, one transaction.

Each cable is written inside a savepoint, so a cable the database refuses is
rolled back alone and becomes a reject while the rest of the batch commits.
The rules (stored / replaced / unchanged / reparsed) are those of
``docs/schema.md``: a text is known by its content hash; a new text of a
stored reference ID becomes current and the old text's whole record moves to
its ``cable_versions`` row.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import Sequence

from ..model import Cable
from . import rows
from .base import Incoming, IngestSummary, Reject

_EXCERPT_CHARS = 2000
_UPSERT_CABLE = (
    f"INSERT INTO cables({', '.join(rows.CABLE_COLUMNS)}) VALUES ({', '.join('?' * len(rows.CABLE_COLUMNS))}) "
    "ON CONFLICT(reference_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in rows.CABLE_COLUMNS if c != "reference_id")
)


def write_batch(conn: sqlite3.Connection, items: Sequence[Incoming], rejects: Sequence[Reject] = (),
                *, reparse: bool = False) -> tuple[IngestSummary, list[Reject]]:
    """Store parsed cables and record rejects in ONE transaction.

    A text already stored for its reference ID (same content hash) is
    "unchanged" (an item with ``parsed=False`` may only be such a text); a
    new text is "stored" (new ID) or "replaced" (becomes the current
    version; the old text's whole record moves to its ``cable_versions``
    row). With ``reparse``, unchanged texts whose parsed record differs are
    rewritten in place ("reparsed"). An item the database refuses is rolled back alone
    and recorded as a reject. Returns the counts and those store-made rejects.
    ``conn`` must be in autocommit mode. Raises sqlite3.Error when the
    transaction itself fails (it is rolled back: nothing is written).

    Example: ``summary, failed = write_batch(conn, [Incoming(cable, digest, "a.html")])``.
    """
    summary, failed = IngestSummary(), []
    now = _now()
    try:
        conn.execute("BEGIN IMMEDIATE")
        for item in items:
            conn.execute("SAVEPOINT cable")
            try:
                outcome = _write_one(conn, item, now, reparse)
            except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError, TypeError, ValueError) as exc:
                conn.execute("ROLLBACK TO cable")
                text = (item.cable.header + "\n" + item.cable.body).strip()
                failed.append(Reject(item.path, f"cannot store {item.cable.reference_id}: {exc}", item.row,
                                     text[:_EXCERPT_CHARS]))
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
    return summary, failed


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
        if not reparse or not item.parsed:
            return "unchanged"
        if current and current[0] == version_id:
            if rows.load_cable(conn, rid) == cable:
                return "unchanged"
            _write_cable(conn, cable, version_id, item.content_hash, now, replace=True)
            return "reparsed"
        whole = rows.full_record_json(cable)
        if conn.execute("SELECT record FROM cable_versions WHERE id = ?", (version_id,)).fetchone()[0] == whole:
            return "unchanged"
        conn.execute("UPDATE cable_versions SET record = ? WHERE id = ?", (whole, version_id))
        return "reparsed"
    if not item.parsed:
        raise ValueError("its text is no longer in the store; ingest the file again")
    if current:  # the current text becomes history: keep its whole record with its version
        old = rows.load_cable(conn, rid)
        conn.execute("UPDATE cable_versions SET record = ? WHERE id = ?",
                     (rows.full_record_json(old) if old else None, current[0]))
    version_id = conn.execute(
        "INSERT INTO cable_versions(cable, content_hash, source, format, row, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (rid, item.content_hash, item.path, item.format, item.row, now)).lastrowid
    _write_cable(conn, cable, version_id, item.content_hash, now, replace=current is not None)
    _write_source(conn, rid, version_id, item, now)
    return "replaced" if current else "stored"


def _write_cable(conn: sqlite3.Connection, cable: Cable, version_id: int, content_hash: str,
                 now: str, *, replace: bool) -> None:
    """Upsert the ``cables`` row and rewrite its child rows."""
    conn.execute(_UPSERT_CABLE, rows.cable_row(cable, version_id, content_hash, now))
    if replace:
        for table in rows.CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE cable = ?", (cable.reference_id,))
    for statement, make_rows in rows.CHILD_INSERTS:
        values = make_rows(cable)
        if values:
            conn.executemany(statement, values)


def _write_source(conn: sqlite3.Connection, rid: str, version_id: int, item: Incoming, now: str) -> None:
    """Record which file gave this text; clear a stale reject of that file/row."""
    row = item.row or 0
    conn.execute("INSERT OR IGNORE INTO cable_sources(cable, version_id, path, row, format, imported_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (rid, version_id, item.path, row, item.format, now))
    conn.execute("DELETE FROM rejects WHERE path = ? AND row = ?", (item.path, row))


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
