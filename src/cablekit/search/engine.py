"""Answering a `SearchQuery` with the Tantivy index, reading the hits back from SQLite.

`query_tree` joins the query text (the query language, `cablekit.search.query`)
and the older structured filters of `SearchQuery` (tag, origin, classification,
since, until), which become clauses: ``tag`` and ``classification`` compare
the whole code, ``origin`` the whole name (case-insensitive), since/until bound
the created date. The index gives the page of ``cables.id`` values in order and
the exact total; SQLite gives the listing fields and the text the snippets are
cut from (`cablekit.search.snippets`).

Sorts (`SORTS`): ``relevance`` (BM25, the default when the query has words),
``newest`` (the default otherwise) and ``oldest``, by created date and, within
a minute, reference ID serial number; cables without a date come last either way.

Example::

    engine = SearchEngine(SearchIndex.open("cables.db"))
    engine.search(conn, SearchQuery('tag:KZ "northern distribution"', sort="oldest"))
"""
from __future__ import annotations

import sqlite3
from typing import Iterator

import tantivy
from tantivy import Order

from ..store.base import SORTS, FacetCount, Hit, SearchQuery, SearchResults, shorten
from ..store.query import date_bound
from . import facets
from .compile import Compiled, compile_query
from .index import SearchIndex
from .query import And, DateRange, Node, Phrase, parse_query
from .snippets import Highlighter

_LEAD = ("coalesce(c.summary, (SELECT p.text FROM paragraphs p WHERE p.cable = c.reference_id "
         "ORDER BY p.position LIMIT 1), '')")
_CHUNK = 500


def query_tree(query: SearchQuery) -> Node | None:
    """The syntax tree of ``query``: its text and its structured filters, all required.

    Raises QuerySyntaxError for malformed text and ValueError for a malformed
    since/until date (``"not a date: ..."``).
    """
    parts: list[Node] = []
    text = (query.text or "").strip()
    tree = parse_query(text)
    if tree is not None:
        parts.append(tree)
    if query.tag:
        parts.append(Phrase(query.tag, "tag"))
    if query.origin:
        parts.append(Phrase(query.origin, "origin"))
    if query.classification:
        parts.append(Phrase(query.classification, "classification"))
    if query.since or query.until:
        parts.append(DateRange("created", date_bound(query.since) if query.since else None,
                               date_bound(query.until, end=True) if query.until else None))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def resolve_sort(sort: str | None, compiled: Compiled) -> str:
    """The sort to use: the one asked for, else relevance for queries with words, newest otherwise.
    Raises ValueError for an unknown sort."""
    if sort is None or sort == "":
        return "relevance" if compiled.scored else "newest"
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; known: {', '.join(SORTS)}")
    return sort


class SearchEngine:
    """Searches one archive's index; the SQLite connection is passed per call (one per thread)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def compile(self, query: SearchQuery) -> Compiled:
        """The compiled query of a SearchQuery (see `query_tree`); raises QuerySyntaxError/ValueError."""
        return compile_query(query_tree(query), query.text or "")

    def _run(self, searcher: tantivy.Searcher, compiled: Compiled, sort: str, limit: int,
             offset: int) -> tantivy.SearchResult:
        if sort == "relevance":
            return searcher.search(compiled.query, limit, count=True, offset=offset)
        order = Order.Desc if sort == "newest" else Order.Asc
        return searcher.search(compiled.query, limit, count=True, order_by_field="created_sort",
                               offset=offset, order=order)

    def search(self, conn: sqlite3.Connection, query: SearchQuery) -> SearchResults:
        """A page of hits (listing fields, marked snippet, score) and the exact total.

        ``Hit.score`` is the negated BM25 score under relevance sort (lower is
        better, as the store protocol says) and 0.0 under a date sort.
        """
        compiled = self.compile(query)
        sort = resolve_sort(query.sort, compiled)
        limit, offset = max(0, int(query.limit)), max(0, int(query.offset))
        searcher = self.index.searcher()
        found = self._run(searcher, compiled, sort, max(limit, 1), offset)
        page = found.hits[:limit]
        if not page:
            return SearchResults(hits=[], total=found.count)
        rowids = searcher.fast_field_values("rowid", [address for _, address in page])
        highlighter = Highlighter.create(searcher, compiled.highlight)
        rows = _rows(conn, rowids, with_body=highlighter is not None)
        hits = []
        for (key, _), rowid in zip(page, rowids):
            row = rows.get(rowid)
            if row is None:  # the index is ahead of this connection's snapshot
                continue
            rid, created, classification, origin, subject, lead, body = row
            snippet = highlighter.snippet(subject, body) if highlighter else None
            score = -float(key) if sort == "relevance" else 0.0
            hits.append(Hit(rid, created, classification, origin, subject, snippet or shorten(lead), score))
        return SearchResults(hits=hits, total=found.count)

    def facets(self, query: SearchQuery, names: list[str] | tuple[str, ...],
               limit: int | None = None) -> dict[str, list[FacetCount]]:
        """Counts per value of each facet among the cables matching ``query`` (see `facets.counts`)."""
        facets.check(names)
        return facets.counts(self.index.searcher(), self.compile(query).query, names, limit)

    def rowids(self, query: SearchQuery) -> list[int]:
        """The ``cables.id`` of every matching cable, in the query's sort order (limit and offset ignored)."""
        compiled = self.compile(query)
        sort = resolve_sort(query.sort, compiled)
        searcher = self.index.searcher()
        total = self._run(searcher, compiled, sort, 1, 0).count
        if not total:
            return []
        found = self._run(searcher, compiled, sort, total, 0)
        return searcher.fast_field_values("rowid", [address for _, address in found.hits])


def _rows(conn: sqlite3.Connection, rowids: list[int], *, with_body: bool) -> dict[int, tuple]:
    """Listing fields (and the body when needed) of the given ``cables`` rows, by id."""
    body = "c.body" if with_body else "NULL"
    sql = (f"SELECT c.id, c.reference_id, c.created, c.classification, c.origin, c.subject, {_LEAD}, {body} "
           f"FROM cables c WHERE c.id IN ({', '.join('?' * len(rowids))})")
    return {row[0]: row[1:] for row in conn.execute(sql, rowids)}


def iter_chunks(rowids: list[int], size: int = _CHUNK) -> Iterator[list[int]]:
    """``rowids`` in lists of at most ``size`` (for ``IN (...)`` look-ups)."""
    for i in range(0, len(rowids), size):
        yield rowids[i:i + size]

