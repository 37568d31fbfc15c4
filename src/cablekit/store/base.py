"""What every store offers: the shapes the CLI and the web app rely on.

A store keeps parsed cables (the store of record is SQLite, see `store.sqlite`)
and answers look-ups and searches. Snippets mark matched words with
`HIGHLIGHT_START` / `HIGHLIGHT_END` (control characters that never occur in
cable text), so each front end escapes the text first and then turns the
markers into its own highlighting (``<mark>`` on the web, bold in a terminal).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Protocol

from ..model import Cable

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"


@dataclass
class SearchQuery:
    """A search: full-text words (FTS5 query syntax, user text quoted safely) and filters.

    since/until: ``"YYYY-MM-DD"`` (inclusive) on the created date.
    tag/origin/classification: exact values (tag ``"PREL"``, origin ``"Embassy Astana"``).
    """

    text: str = ""
    tag: str | None = None
    origin: str | None = None
    classification: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass
class Hit:
    """One search result: the cable's listing fields, its snippet and bm25 score (lower is better)."""

    reference_id: str
    created: str | None
    classification: str | None
    origin: str | None
    subject: str | None
    snippet: str = ""
    score: float = 0.0


@dataclass
class SearchResults:
    """A page of hits and the exact number of matching cables."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0


@dataclass
class IngestSummary:
    """Counts of one ingest run: stored (new), replaced (new text), unchanged, rejected."""

    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected: int = 0
    no_cable: int = 0
    seconds: float = 0.0


class Store(Protocol):
    """The store protocol (SQLite now; PostgreSQL may follow)."""

    def get(self, reference_id: str) -> Cable | None: ...

    def existing(self, reference_ids: Iterable[str]) -> set[str]: ...

    def cited_by(self, reference_id: str) -> list[Hit]: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def count(self) -> int: ...

    def iter_ids(self) -> Iterator[str]: ...
