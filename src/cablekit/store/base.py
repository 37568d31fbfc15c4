"""What every store offers: the shapes the CLI and the web app rely on.

A store keeps parsed cables (the store of record is SQLite, see `store.sqlite`)
and answers look-ups and searches. Snippets mark matched words with
`HIGHLIGHT_START` / `HIGHLIGHT_END` (control characters that never occur in
cable text), so each front end escapes the text first and then turns the
markers into its own highlighting (``<mark>`` on the web, bold in a terminal).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import ContextManager, Iterable, Iterator, Protocol, Sequence

from ..decode import KINDS as _TAG_KINDS
from ..model import Cable

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"


def unmark(snippet: str) -> tuple[str, list[list[int]]]:
    """A snippet without its markers, and the ``[start, end)`` character spans they marked.

    Example: ``unmark("the \\x02overflight\\x03 of") == ("the overflight of", [[4, 14]])``.
    """
    text: list[str] = []
    spans: list[list[int]] = []
    start: int | None = None
    for ch in snippet:
        if ch == HIGHLIGHT_START:
            start = len(text) if start is None else start
        elif ch == HIGHLIGHT_END:
            if start is not None:
                spans.append([start, len(text)])
            start = None
        else:
            text.append(ch)
    return "".join(text), spans


SORTS = ("relevance", "newest", "oldest")
"""Orders of search results: BM25 relevance, or by created date."""


def shorten(text: str | None, limit: int = 240) -> str:
    """``text`` with whitespace collapsed, cut at a word boundary to at most ``limit``
    characters and ended with ``" …"`` when cut (the lead shown for a hit without a snippet)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


@dataclass
class SearchQuery:
    """A search: a query in the query language, optional structured filters, sort and page.

    text: the query language of `cablekit.search.query` (words, "phrases",
        prefix*, AND/OR/NOT/-word, parentheses, NEAR(a b, 5), field:value
        clauses such as ``tag:PREL``, ``origin:"Embassy Astana"``,
        ``created:2009-01..2009-06``). Malformed text raises
        `cablekit.errors.QuerySyntaxError` (a ValueError) naming the column.
    tag/origin/classification: exact values, case-insensitive (tag ``"PREL"``,
        origin ``"Embassy Astana"``); the same as ``tag:"PREL"`` clauses.
    since/until: ``"YYYY-MM-DD"`` (inclusive) on the created date; ``"YYYY"`` and
        ``"YYYY-MM"`` stand for the whole year or month (``until="2009"`` ends 2009-12-31).
    sort: one of `SORTS`, or None: relevance when the text has words, else newest first.
    limit/offset: the page (hits per page, hits skipped).
    """

    text: str = ""
    tag: str | None = None
    origin: str | None = None
    classification: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = 20
    offset: int = 0
    sort: str | None = None


@dataclass
class Hit:
    """One search result: the cable's listing fields, its snippet and score.

    snippet: the best passage with the matched words between HIGHLIGHT_START
        and HIGHLIGHT_END, or the cable's summary/first paragraph when no word matched.
    score: the negated BM25 score under relevance sort (lower is better), 0.0 under a date sort.
    """

    reference_id: str
    created: str | None
    classification: str | None
    origin: str | None
    subject: str | None
    snippet: str = ""
    score: float = 0.0


@dataclass
class SearchResults:
    """A page of hits and the exact number of matching cables.

    behind: why the search index may not hold every cable of the archive yet
    (another process, an import, is writing it), or None when it agrees with the archive.
    """

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    behind: str | None = None


@dataclass
class IngestSummary:
    """Counts of one ingest run: stored (new), replaced (new text), unchanged, rejected."""

    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected: int = 0
    no_cable: int = 0
    seconds: float = 0.0
    reparsed: int = 0

    def add(self, other: "IngestSummary") -> None:
        """Add the counts (and seconds) of ``other`` to this summary, in place; a count
        one of them lacks (a subclass's own) counts as 0."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name, 0))


@dataclass
class Incoming:
    """One parsed cable on its way into the store.

    content_hash: sha256 hex of the raw text (see `cablekit.ingest.content_hash`);
        a text already stored under the same reference ID counts as unchanged.
    path/format/row: where it came from (row None for one-cable files).
    parsed: False when the text was already stored (`Store.known_hash`) and so
        not parsed again; ``cable`` then holds only the reference ID and source.
    """

    cable: Cable
    content_hash: str
    path: str
    format: str | None = None
    row: int | None = None
    parsed: bool = True


@dataclass
class Reject:
    """A cable (or file) that could not be stored: where, why, and the start of its text."""

    path: str
    reason: str
    row: int | None = None
    excerpt: str = ""


@dataclass
class FacetCount:
    """How many cables share one value of a facet (``FacetCount("Embassy Astana", 12)``)."""

    value: str
    count: int


@dataclass
class OriginRange:
    """A post (origin) with its number of cables and the created dates of its first
    and last cable, ``YYYY-MM-DD`` (None when no cable of it has a date).

    Example: ``OriginRange("Embassy Astana", 5, "2008-02-15", "2010-01-25")``.
    """

    origin: str
    count: int
    first: str | None
    last: str | None


FACETS = ("origin", "tag", "classification", "caveat", "precedence", "year", "month",
          *(f"tag_{kind}" for kind in _TAG_KINDS))
"""Facet names accepted by `Store.facet_counts` and `Store.facets`: ``tag_<kind>`` counts
the TAGS codes of one kind (``tag_country``, ``tag_subject``, ``tag_program``,
``tag_organization``, ``tag_person``, ...; kinds of `cablekit.decode.tag_kind`)."""

EXPORT_COLUMNS = (
    "reference_id", "created", "released", "classification", "caveats", "origin", "subject", "tags",
    "precedence", "dtg", "from", "to", "info", "references", "signers", "classified_by", "reasons",
    "declassify_on", "sections", "summary",
)
"""Keys of the records `Store.iter_matches` yields (the structured fields of a cable)."""
LIST_COLUMNS = frozenset({"caveats", "tags", "to", "info", "references", "signers", "reasons"})
"""Those of `EXPORT_COLUMNS` whose values are lists of strings (``to``: addressee names;
``references``: cited reference IDs); the others are strings, ``sections`` an int, or None."""


class Store(Protocol):
    """The store protocol (SQLite now; PostgreSQL may follow).

    Reference IDs given to look-ups may be in any case or a malformed/alias
    form (``08ECTION01OF02MANAMA492``); they are resolved with
    `cablekit.refid.canonicalize` and the ``aliases`` the parser recorded.
    """

    def get(self, reference_id: str) -> Cable | None:
        """The current record of a cable, or None when it is not in the archive."""
        ...

    def existing(self, reference_ids: Iterable[str]) -> set[str]:
        """Those of the given canonical reference IDs that are in the archive."""
        ...

    def cited_by(self, reference_id: str) -> list[Hit]:
        """Cables whose REF block cites ``reference_id``, oldest first; each
        hit's snippet is the reference as written (``"A. STATE 128489"``)."""
        ...

    def search(self, query: SearchQuery) -> SearchResults:
        """A page of cables matching the query, in ``query.sort`` order (relevance for
        text with words, else newest first), snippets marked with HIGHLIGHT_START/END.
        ``total`` is exact. Raises QuerySyntaxError (a ValueError) for malformed query
        text, ValueError for a malformed since/until date or an unknown sort."""
        ...

    def facets(self, query: SearchQuery | None = None, names: Sequence[str] = FACETS,
               limit: int | None = None) -> dict[str, list[FacetCount]]:
        """`facet_counts` of several facets at once (one pass): ``{name: [FacetCount, ...]}``,
        at most ``limit`` values each. Raises ValueError for an unknown facet."""
        ...

    def iter_matches(self, query: SearchQuery) -> Iterator[dict]:
        """Every cable matching ``query`` (limit and offset ignored), in its sort order,
        as a dict of `EXPORT_COLUMNS`. Raises as `search` does."""
        ...

    def count(self) -> int:
        """Number of cables (reference IDs) in the archive."""
        ...

    def known_hash(self, content_hash: str) -> str | None:
        """The reference ID under which a text with this content hash is stored
        (as its current text or an older one), or None for a new text."""
        ...

    def iter_ids(self) -> Iterator[str]:
        """Every reference ID, sorted."""
        ...

    def facet_counts(self, facet: str, query: SearchQuery | None = None, limit: int | None = None) -> list[FacetCount]:
        """Cable counts per value of ``facet`` (one of `FACETS`: ``origin``,
        ``tag``, ``classification``, ``caveat``, ``precedence``, ``tag_<kind>``,
        ``year`` ``"2009"``, ``month`` ``"2009-12"``) among the cables matching
        ``query`` (all cables when None). Year and month are sorted by value, the
        others by count, most first. Raises ValueError for an unknown facet."""
        ...

    def origin_ranges(self) -> list[OriginRange]:
        """Every origin with its number of cables and the created dates (``YYYY-MM-DD``) of its
        first and last cable, most cables first (ties by origin); cables without an origin
        are left out. One pass over the archive, no search index needed. Raises StoreError
        when the archive can't be read.

        Example: ``origin_ranges()[0] == OriginRange("Embassy Madrid", 88, "1986-05-12", "2010-02-12")``.
        """
        ...

    def sync_index(self) -> object:
        """Bring the search index up to date with the archive now and return what was done
        (`cablekit.search.sync.SyncReport`); searches do it on their own when needed.
        Raises StoreError when the index can't be written."""
        ...

    def neighbors(self, reference_id: str) -> tuple[Hit | None, Hit | None]:
        """The previous and next cable from the same origin by created date
        (ties broken by reference ID); None at either end or when unknown."""
        ...

    def write_batch(self, items: Sequence[Incoming], rejects: Sequence[Reject] = (),
                    *, reparse: bool = False) -> tuple[IngestSummary, list[Reject]]:
        """Store parsed cables and record rejects in ONE transaction; return the
        counts (stored, replaced, unchanged, reparsed, rejected) and the items the
        store itself had to reject (recorded too). Raises StoreError."""
        ...

    def bulk_load(self, expected_bytes: int) -> ContextManager[None]:
        """A context for writing about ``expected_bytes`` of input in batches: the store may
        prepare for a large import (and finish it on exit, also after an error). Raises StoreError."""
        ...

    def resolve(self, reference_id: str) -> str | None:
        """The stored reference ID for any case or malformed/alias form, or None
        (``resolve("09astana2204") == "09ASTANA2204"``)."""
        ...

    def close(self) -> None:
        """Release the store's connections."""
        ...
