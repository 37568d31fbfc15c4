"""The cable archive: `open_store()` gives a `Store` (SQLite, one file).

Example::

    from cablekit.store import open_store, SearchQuery
    with open_store("cables.db", read_only=True) as store:
        print(store.search(SearchQuery("overflight")).total)
"""
from __future__ import annotations

import os
from pathlib import Path

from .base import (FACETS, HIGHLIGHT_END, HIGHLIGHT_START, SORTS, FacetCount, Hit, Incoming, IngestSummary,
                   Reject, SearchQuery, SearchResults, Store)
from .sqlite import SQLiteStore

DEFAULT_DB = "cables.db"
"""The database file used when neither ``--db`` nor ``CABLEKIT_DB`` names one."""

__all__ = [
    "DEFAULT_DB", "FACETS", "HIGHLIGHT_END", "HIGHLIGHT_START", "SORTS", "FacetCount", "Hit", "Incoming",
    "IngestSummary", "Reject", "SQLiteStore", "SearchQuery", "SearchResults", "Store", "default_db", "open_store",
]


def default_db() -> str:
    """The database path from ``CABLEKIT_DB``, else ``cables.db`` (in the current folder)."""
    return os.environ.get("CABLEKIT_DB") or DEFAULT_DB


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> SQLiteStore:
    """Open (creating and migrating unless ``read_only``) the archive at ``path``.

    path: a SQLite file; None means `default_db()`. ``read_only=True`` is for
    readers such as the web app: the file must exist and be up to date.
    Raises cablekit.errors.StoreError when the file can't be opened or migrated.
    """
    return SQLiteStore(path if path is not None else default_db(), read_only=read_only)
