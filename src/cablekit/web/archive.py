"""The web app's access to the store, and the browse figures built on the `Store` protocol.

`Archive` opens the archive read-only on first use (`cablekit.store.open_store`;
the SQLite store keeps one connection per thread itself) and adds what the
pages need on top of the protocol: cached facet counts and totals for the
browse pages. The archive is read-only while served, so
the cached figures stay right.

Example::

    archive = Archive(Path("cables.db"))
    archive.store.get("09ASTANA2204")
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable

from ..store import open_store
from ..store.base import FacetCount, SearchQuery, Store

StoreOpener = Callable[[Path], Store]


def open_sqlite_store(db_path: Path) -> Store:
    """Open the SQLite archive at ``db_path`` read-only; raises StoreError when it is missing or not one."""
    return open_store(db_path, read_only=True)


class Archive:
    """The store of one database, opened on first use, plus cached browse figures.

    db_path: the SQLite file; opener: how to open a store (read-only SQLite by default).
    """

    def __init__(self, db_path: Path, opener: StoreOpener = open_sqlite_store) -> None:
        self.db_path = Path(db_path)
        self._opener = opener
        self._lock = threading.Lock()
        self._cache: dict[str, Any] = {}
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """The store, opened on first use (raises StoreError when the database can't be opened)."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = self._opener(self.db_path)
        return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        with self._lock:
            close = getattr(self._store, "close", None)
            if callable(close):
                close()
            self._store = None
            self._cache.clear()

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """The value cached under ``key``, computed by ``compute()`` on first use (the archive
        is read-only while served, so figures stay right)."""
        if key not in self._cache:
            value = compute()
            with self._lock:
                self._cache[key] = value
        return self._cache[key]

    def facet(self, facet: str) -> list[FacetCount]:
        """Counts per value of a facet over the whole archive (cached): origin, tag, classification, year, month."""
        return self.cached(f"facet:{facet}", lambda: self.store.facet_counts(facet))

    def facets(self, query: SearchQuery, names: tuple[str, ...]) -> dict[str, list[FacetCount]]:
        """Counts per value of each facet in ``names`` among the cables matching ``query``
        (`Store.facets`); cached for the query of everything (the home page's).
        Raises QuerySyntaxError/ValueError as `Store.search` does."""
        if not query.text.strip() and not (query.tag or query.origin or query.classification
                                           or query.since or query.until):
            return self.cached(f"facets:{','.join(names)}", lambda: self.store.facets(query, names))
        return self.store.facets(query, names)

    def count(self) -> int:
        """Number of cables in the archive (cached)."""
        return self.cached("count", self.store.count)
