"""Copying the write-ahead log into the database file in the background while an ingest writes.

In WAL mode SQLite copies the log back into the database file (a checkpoint)
in the thread that commits, once the log passes 1,000 pages: in a bulk import
every batch's commit stopped for it (about a third of the commit's time at the
full dump's size, on the one thread that writes). A `Checkpointer` turns that
off for the writing connection and runs passive checkpoints from its own
connection in a thread instead (SQLite releases the GIL while it copies), so
the writer goes on with the next batch. A passive checkpoint never blocks the
writer or readers; what it has not copied when the store closes is copied then
(SQLite checkpoints when the last connection closes). Durability is unchanged:
a committed transaction is in the log either way.

Example::

    checkpointer = Checkpointer("cables.db", writing_connection)
    ...                          # write batches
    checkpointer.stop()
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

_LOG = logging.getLogger(__name__)
INTERVAL_SECONDS = 1.0
"""How often the thread checkpoints."""


class Checkpointer:
    """A thread that checkpoints ``path``'s log every `INTERVAL_SECONDS` until `stop`.

    writing: the connection that writes; its automatic checkpoints are turned off
    until `stop` turns them back on. Raises sqlite3.Error when the file can't be opened.
    """

    def __init__(self, path: str | Path, writing: sqlite3.Connection, interval: float = INTERVAL_SECONDS) -> None:
        self.writing = writing
        self.interval = interval
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 10000")
        self._stop = threading.Event()
        writing.execute("PRAGMA wal_autocheckpoint = 0")
        self._thread = threading.Thread(target=self._run, name="cablekit-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.checkpoint()

    def checkpoint(self) -> None:
        """One passive checkpoint now; a failure is logged (the next one, or closing, copies it)."""
        try:
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:
            _LOG.warning("background checkpoint failed: %s", exc)

    def stop(self) -> None:
        """End the thread, copy what is left, and give the writing connection its automatic checkpoints back."""
        self._stop.set()
        self._thread.join()
        self.checkpoint()
        self._conn.close()
        try:
            self.writing.execute("PRAGMA wal_autocheckpoint = 1000")
        except sqlite3.ProgrammingError:  # the writing connection is closed already
            pass
