"""Secondary indexes left out during a bulk import and built once at its end.

A cable's child rows (addressees, tags, cited references) arrive in the dump's
date order, which is random in the order of their indexes: at the full dump's
size every batch touched a leaf page of each index per row, the largest cost
of the writer. `defer` drops the indexes the import itself never reads
(`DEFERRABLE`) and records their SQL in the ``deferred_indexes`` table in the
same transaction; `restore` builds them again from that SQL (SQLite sorts the
whole table once, a few seconds per index for the full dump) and clears the
record. An import killed in between leaves the record, and the next open of
the archive restores them (`cablekit.store.sqlite.SQLiteStore`), so an index
is never lost; an import still running holds `import_lock` (an OS file lock,
which dies with its process), and an open that finds it held leaves the
indexes to that import. The definitions stay those of the migrations.

While they are deferred, queries that use them (addressees by name, cables by
tag, who cites a cable, an origin's cables by date) are answered by scans.

Example::

    deferred = defer(conn)      # ["addressees_name", ...]
    ...                         # write the batches
    restore(conn)
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # not on a POSIX system: no lock, an open always restores
    fcntl = None  # type: ignore[assignment]

DEFERRABLE = (
    "addressees_name", "addressees_routing_indicator", "tags_tag", "cable_references_cited",
    "cables_origin_created", "cable_versions_cable", "cable_sources_cable",
)
"""Indexes for readers only: no statement of the ingest's writer uses them."""


def defer(conn: sqlite3.Connection) -> list[str]:
    """Drop the `DEFERRABLE` indexes that exist, recording their SQL; return their names.

    One transaction; ``conn`` in autocommit mode. Raises sqlite3.Error (nothing is dropped then).
    """
    marks = ", ".join("?" * len(DEFERRABLE))
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
                             DEFERRABLE).fetchall()
        conn.executemany("INSERT OR REPLACE INTO deferred_indexes(name, sql) VALUES (?, ?)", found)
        for name, _ in found:
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return [name for name, _ in found]


def pending(conn: sqlite3.Connection) -> list[str]:
    """Names of the indexes dropped by `defer` and not yet restored."""
    return [name for (name,) in conn.execute("SELECT name FROM deferred_indexes ORDER BY name")]


def restore(conn: sqlite3.Connection) -> list[str]:
    """Build every deferred index again, each in its own transaction with its record's removal;
    return their names. Raises sqlite3.Error (the indexes built so far stay, the rest stay recorded)."""
    done = []
    for name, sql in conn.execute("SELECT name, sql FROM deferred_indexes ORDER BY name").fetchall():
        conn.execute("BEGIN IMMEDIATE")
        try:
            exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).fetchone()
            if not exists:
                conn.execute(sql)
            conn.execute("DELETE FROM deferred_indexes WHERE name = ?", (name,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        done.append(name)
    return done


def lock_path(db_path: str | Path) -> Path:
    """The lock file of an archive's bulk imports: the database path with ``.lock`` added."""
    return Path(str(db_path) + ".lock")


@contextmanager
def import_lock(db_path: str | Path) -> Iterator[None]:
    """Hold the archive's import lock (exclusive; waits for another import to end)."""
    with open(lock_path(db_path), "a+b") as fh:
        if fcntl is not None:
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield  # closing the file releases the lock, also when the process dies


def import_running(db_path: str | Path) -> bool:
    """Whether another process holds the archive's import lock now."""
    path = lock_path(db_path)
    if fcntl is None or not path.exists():
        return False
    with open(path, "a+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False
