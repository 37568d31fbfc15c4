"""Full-text search of the archive: one query language, a Tantivy index beside the SQLite file.

- `query`: the query language (`parse_query` -> syntax tree; `QuerySyntaxError`).
- `compile`: syntax tree -> Tantivy query.
- `index`: the index folder (``cables.db.idx/``), its schema and documents.
- `sync`: keeping the index in step with the archive, crash-safe.
- `engine`: a `SearchQuery` -> hits read back from SQLite; `facets`, `snippets` help it.
- `export`: the whole result set as CSV, JSON Lines or Parquet.

The store (`cablekit.store.open_store`) is the way in: ``store.search(SearchQuery(...))``,
``store.facets(...)``, ``store.iter_matches(...)``, ``store.sync_index()``.

Example::

    >>> from cablekit.search import parse_query
    >>> parse_query("tag:KZ")
    Term(text='KZ', field='tag', prefix=False, column=1)
"""
from __future__ import annotations

from ..errors import QuerySyntaxError
from .query import parse_query

__all__ = ["QuerySyntaxError", "parse_query"]
