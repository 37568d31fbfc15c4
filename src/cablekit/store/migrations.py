"""Numbered schema migrations of the SQLite archive, recorded once applied.

Each migration is a number, a name and an SQL script; `migrate()` applies the
ones not yet listed in ``schema_migrations``, each in its own transaction
(the pattern of sqlite-utils' ``migrations.py``). Never edit an applied
migration: add the next number. Tables and columns are documented in
``docs/schema.md``.

Example: ``migrate(sqlite3.connect("cables.db", isolation_level=None))`` returns
the numbers it applied, ``[1]`` on a new file and ``[]`` afterwards.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import NamedTuple

from ..errors import StoreError


class Migration(NamedTuple):
    """One schema step: its number (1, 2, ...), a short name and its SQL script."""

    number: int
    name: str
    sql: str


_INITIAL = """
CREATE TABLE cables (
    id INTEGER PRIMARY KEY,                 -- stable rowid, the FTS5 content_rowid
    reference_id TEXT NOT NULL UNIQUE,      -- canonical reference ID, 09ASTANA2204
    version_id INTEGER NOT NULL,            -- cable_versions.id of the current text
    content_hash TEXT NOT NULL,             -- sha256 of the current text
    source TEXT,                            -- file the current text came from
    source_format TEXT,                     -- reader name, cablegate-html
    created TEXT,                           -- YYYY-MM-DDTHH:MM (UTC)
    released TEXT,
    classification TEXT COLLATE NOCASE,
    origin TEXT COLLATE NOCASE,
    subject TEXT,
    dtg TEXT,
    precedence TEXT,
    transmission_id TEXT,
    station TEXT,
    station_serial INTEGER,
    security_line TEXT,
    from_name TEXT,
    classified_by TEXT,
    reasons TEXT NOT NULL DEFAULT '[]',     -- JSON array, ["1.4(b)", "1.4(d)"]
    declassify_on TEXT,
    caveats TEXT NOT NULL DEFAULT '[]',     -- JSON array, ["NOFORN", "SIPDIS"]
    sections INTEGER NOT NULL DEFAULT 1,
    summary TEXT,
    header TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    record TEXT NOT NULL,                   -- Cable.to_dict() JSON without header, body, paragraphs
    updated_at TEXT NOT NULL
);
CREATE INDEX cables_created ON cables(created);
CREATE INDEX cables_origin_created ON cables(origin, created, reference_id);
CREATE INDEX cables_classification ON cables(classification);

CREATE TABLE cable_versions (
    id INTEGER PRIMARY KEY,
    cable TEXT NOT NULL,                    -- reference ID (not a foreign key: history outlives rows)
    content_hash TEXT NOT NULL,
    source TEXT,
    format TEXT,
    row INTEGER,
    imported_at TEXT NOT NULL,
    record TEXT,                            -- full Cable.to_dict() JSON of a superseded text; NULL while current
    UNIQUE (content_hash, cable)
);
CREATE INDEX cable_versions_cable ON cable_versions(cable);

CREATE TABLE cable_sources (
    cable TEXT NOT NULL REFERENCES cables(reference_id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES cable_versions(id),
    path TEXT NOT NULL,
    row INTEGER NOT NULL DEFAULT 0,         -- 0: the file holds one cable
    format TEXT,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (version_id, path, row)
) WITHOUT ROWID;
CREATE INDEX cable_sources_cable ON cable_sources(cable);
CREATE INDEX cable_sources_path ON cable_sources(path);

CREATE TABLE aliases (
    alias TEXT PRIMARY KEY,                 -- a published malformed form, 08ECTION01OF02MANAMA492
    cable TEXT NOT NULL REFERENCES cables(reference_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX aliases_cable ON aliases(cable);

CREATE TABLE addressees (
    cable TEXT NOT NULL REFERENCES cables(reference_id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('from', 'to', 'info')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    routing_indicator TEXT,
    precedence TEXT,
    serial INTEGER,
    exempt TEXT NOT NULL DEFAULT '[]',      -- JSON array of XMT-excluded names
    PRIMARY KEY (cable, role, position)
) WITHOUT ROWID;
CREATE INDEX addressees_name ON addressees(name);
CREATE INDEX addressees_routing_indicator ON addressees(routing_indicator);

CREATE TABLE tags (
    cable TEXT NOT NULL REFERENCES cables(reference_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (cable, position)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags(tag, cable);

CREATE TABLE cable_references (
    cable TEXT NOT NULL REFERENCES cables(reference_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT,
    text TEXT NOT NULL,
    reference_id TEXT NOT NULL,             -- the cited cable, canonical
    PRIMARY KEY (cable, position)
) WITHOUT ROWID;
CREATE INDEX cable_references_cited ON cable_references(reference_id);

CREATE TABLE other_references (
    cable TEXT NOT NULL REFERENCES cables(reference_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (cable, position)
) WITHOUT ROWID;

CREATE TABLE paragraphs (
    id INTEGER PRIMARY KEY,                 -- a rowid table: paragraph texts are long rows
    cable TEXT NOT NULL REFERENCES cables(reference_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number INTEGER,
    marking TEXT,
    text TEXT NOT NULL,
    UNIQUE (cable, position)
);

CREATE TABLE signers (
    cable TEXT NOT NULL REFERENCES cables(reference_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (cable, position)
) WITHOUT ROWID;

CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    row INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL,
    excerpt TEXT NOT NULL DEFAULT '',
    rejected_at TEXT NOT NULL,
    UNIQUE (path, row)
);

CREATE VIRTUAL TABLE cables_fts USING fts5(
    subject, body,
    content='cables', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO cables_fts(cables_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');
CREATE TRIGGER cables_fts_insert AFTER INSERT ON cables BEGIN
    INSERT INTO cables_fts(rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
CREATE TRIGGER cables_fts_delete AFTER DELETE ON cables BEGIN
    INSERT INTO cables_fts(cables_fts, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
END;
CREATE TRIGGER cables_fts_update AFTER UPDATE OF subject, body ON cables BEGIN
    INSERT INTO cables_fts(cables_fts, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
    INSERT INTO cables_fts(rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
"""

_SEARCH_LEDGER = """
CREATE TABLE search_index (
    cable TEXT PRIMARY KEY,                 -- reference ID of a cable whose current row is in the search index
    content_hash TEXT NOT NULL,             -- the text indexed (cables.content_hash then)
    updated_at TEXT NOT NULL,               -- cables.updated_at of the row indexed
    indexed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE search_index_meta (
    key TEXT PRIMARY KEY,                   -- uuid: the index folder this ledger describes; max_version
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER search_index_stale AFTER UPDATE ON cables BEGIN
    DELETE FROM search_index WHERE cable = old.reference_id;
END;
"""

# The Tantivy index (cablekit.search) answers every search; an FTS5 copy kept by triggers
# cost about half of a bulk import's write time (128 s of inserts for the full dump) and
# a sixth of the file. docs/schema.md shows SQL users how to build one when they want it.
_DROP_FTS = """
DROP TRIGGER IF EXISTS cables_fts_insert;
DROP TRIGGER IF EXISTS cables_fts_delete;
DROP TRIGGER IF EXISTS cables_fts_update;
DROP TABLE IF EXISTS cables_fts;
"""

_DEFERRED_INDEXES = """
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,                  -- an index a bulk import dropped (cablekit.store.indexes)
    sql TEXT NOT NULL                       -- its CREATE INDEX statement, to build it again
) WITHOUT ROWID;
"""

MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema: cables, versions, sources, child tables, rejects, FTS5", _INITIAL),
    Migration(2, "search index ledger: which cables the Tantivy index holds", _SEARCH_LEDGER),
    Migration(3, "no FTS5 copy of the text: the search index is Tantivy's", _DROP_FTS),
    Migration(4, "deferred indexes: secondary indexes a bulk import builds at its end", _DEFERRED_INDEXES),
]

LATEST = MIGRATIONS[-1].number

_LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    number INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def applied(conn: sqlite3.Connection) -> set[int]:
    """Numbers of the migrations recorded in ``schema_migrations`` (empty for a new file)."""
    has = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
    if not has:
        return set()
    return {n for (n,) in conn.execute("SELECT number FROM schema_migrations")}


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the pending migrations, each in one transaction; return their numbers.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Raises
    StoreError when a migration fails (that migration is rolled back) or when
    the file was written by a newer cablekit (unknown migration numbers).
    """
    conn.execute(_LEDGER)
    done = applied(conn)
    unknown = done - {m.number for m in MIGRATIONS}
    if unknown:
        raise StoreError(f"database schema is newer than this cablekit (migration {max(unknown)}); upgrade cablekit")
    ran = []
    for m in MIGRATIONS:
        if m.number in done:
            continue
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute("SELECT 1 FROM schema_migrations WHERE number = ?", (m.number,)).fetchone():
                conn.execute("ROLLBACK")  # another process applied it meanwhile
                continue
            for statement in _statements(m.sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations(number, name, applied_at) VALUES (?, ?, ?)",
                         (m.number, m.name, now))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"migration {m.number} ({m.name}) failed: {exc}") from exc
        ran.append(m.number)
    return ran


def _statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (triggers kept whole)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
