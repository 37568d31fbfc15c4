"""The search form: request parameters -> one query in the query language, and the pager.

Parameters (the same for the search page, ``/api/search`` and ``/export``):
``q`` (the query language of `cablekit.search.query`), ``fq`` (repeatable:
one clause each, set by choosing a facet value, e.g. ``tag:"KZ"``), the
filter inputs ``tag``, ``origin``, ``classification``, ``since``/``until``
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), which become clauses too, ``sort``
(``relevance``, ``newest``, ``oldest``; empty: relevance with words, else
newest), ``page`` (from 1) and ``per_page``.

The query run is ``q`` alone when nothing else is given (so the page, the API
and ``cablekit search Q`` run the same text), else ``(q) clause clause ...``.
On the page a bad date, sort or page never raises: it becomes a message
shown above the form; `SearchForm.check` raises `QuerySyntaxError` for
malformed query text, with the column counted in the text the user typed.

Example::

    >>> form = SearchForm.from_params({"q": "overflight", "tag": "KZ", "page": "2"})
    >>> form.text()
    '(overflight) tag:"KZ"'
    >>> form.query().offset
    20
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..errors import QuerySyntaxError
from ..search.query import MAX_QUERY_LENGTH, parse_query
from ..store.base import SORTS, SearchQuery
from . import urls

PAGE_SIZE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_CLAUSES = 20
SORT_LABELS = {"relevance": "Best match first", "newest": "Newest first", "oldest": "Oldest first"}
"""The sorts offered, with their labels on the page."""

_DATE = re.compile(r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")
_FIELDS = ("q", "tag", "origin", "classification", "since", "until", "sort")
_MAX_TEXT = MAX_QUERY_LENGTH + 1  # one more than the parser takes: a longer query is refused, not cut
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def quote_value(value: str) -> str | None:
    """``value`` as a quoted value of the query language (``'"Embassy Astana"'``), or None
    when it can't be written as one (it holds a double quote: the language has no escape)."""
    if '"' in value:
        return None
    return f'"{value}"'


def clause(field_name: str, value: str) -> str | None:
    """The clause ``field:"value"`` (``clause("tag", "KZ")`` -> ``'tag:"KZ"'``), None when unquotable."""
    quoted = quote_value(value)
    return f"{field_name}:{quoted}" if quoted else None


def _clean(value: object, limit: int = 500) -> str:
    """A parameter without control characters, trimmed, inner whitespace collapsed, cut at ``limit``."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())[:limit]


def _get_list(params: Mapping[str, Any], name: str) -> list[str]:
    """Every value of a repeatable parameter (Starlette's QueryParams or a plain dict)."""
    getlist = getattr(params, "getlist", None)
    values = getlist(name) if callable(getlist) else params.get(name, [])
    if isinstance(values, str):
        values = [values]
    return [v for v in (_clean(v, _MAX_TEXT) for v in values) if v]


@dataclass
class SearchForm:
    """The values of the search form as the user gave them (trimmed), with any problems found.

    path: the page the form's links go to; fixed: parameters that path already implies.
    """

    q: str = ""
    tag: str = ""
    origin: str = ""
    classification: str = ""
    since: str = ""
    until: str = ""
    sort: str = ""
    fq: list[str] = field(default_factory=list)
    page: int = 1
    per_page: int = PAGE_SIZE
    problems: list[str] = field(default_factory=list)
    path: str = "/search"
    fixed: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> "SearchForm":
        """Read the form from query parameters; a malformed date, sort, page or page size
        is dropped with a problem noted (`problems`), never raised."""
        values = {name: _clean(params.get(name, ""), _MAX_TEXT if name == "q" else 500) for name in _FIELDS}
        form = cls(**values)
        form.fq = list(dict.fromkeys(_get_list(params, "fq")))[:MAX_CLAUSES]
        for name in ("since", "until"):
            value = getattr(form, name)
            if value and not _DATE.match(value):
                form.problems.append(f"Ignored the {name} date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD.")
                setattr(form, name, "")
        for name in ("tag", "origin", "classification"):
            if '"' in getattr(form, name):
                form.problems.append(f"Ignored the {name} {getattr(form, name)!r}: it can't contain a double quote.")
                setattr(form, name, "")
        if form.sort and form.sort not in SORTS:
            form.problems.append(f"Ignored the sort {form.sort!r}: use one of {', '.join(SORTS)}.")
            form.sort = ""
        form.page = form._number(params, "page", 1, MAX_PAGE, "page number")
        form.per_page = form._number(params, "per_page", PAGE_SIZE, MAX_PER_PAGE, "page size")
        return form

    def _number(self, params: Mapping[str, Any], name: str, default: int, most: int, what: str) -> int:
        raw = _clean(params.get(name, "")) or str(default)
        if raw.isdigit() and 1 <= int(raw) <= most:
            return int(raw)
        self.problems.append(f"Ignored the {what} {raw!r}: use a whole number from 1 to {most:,}.")
        return default

    @property
    def active(self) -> bool:
        """True when the form asks for anything (a query, a filter or a facet)."""
        return bool(self.q or self.clauses())

    def filter_clauses(self) -> list[str]:
        """The filter inputs as clauses: ``tag:"KZ"``, ``origin:"Embassy Astana"``,
        ``classification:"SECRET"``, ``created:2009-12..2009-12-31``."""
        out = [c for c in (clause(name, getattr(self, name)) for name in ("tag", "origin", "classification")
                           if getattr(self, name)) if c]
        if self.since or self.until:
            out.append(f"created:{self.since}..{self.until}" if self.since and self.until
                       else f"created:{self.since}.." if self.since else f"created:..{self.until}")
        return out

    def clauses(self) -> list[str]:
        """Every clause added to ``q``: the filter inputs', then the chosen facets (``fq``)."""
        return [*self.filter_clauses(), *self.fq]

    def text(self) -> str:
        """The query run: ``q`` alone, or ``(q) clause ...`` when filters or facets are given."""
        extra = self.clauses()
        if not extra:
            return self.q
        return " ".join([f"({self.q})", *extra] if self.q else extra)

    def check(self) -> None:
        """Parse ``q`` and each ``fq`` alone; raises `QuerySyntaxError` for the first malformed one,
        or when ``q`` with its filters is longer than `MAX_QUERY_LENGTH` (the query run).

        The column of an error in ``q`` counts in ``q`` as typed; an error in a facet
        clause names the clause (its ``query`` is that clause).
        """
        parse_query(self.q)
        for extra in self.fq:
            try:
                parse_query(extra)
            except QuerySyntaxError as exc:
                raise QuerySyntaxError(f"{exc.reason} in the filter {extra}", exc.column, extra) from None
        text = self.text()
        if len(text) > MAX_QUERY_LENGTH:
            raise QuerySyntaxError(f"the query with its filters is longer than {MAX_QUERY_LENGTH} characters",
                                   MAX_QUERY_LENGTH + 1, text)

    def query(self, *, paged: bool = True) -> SearchQuery:
        """The store query for this form (its page unless ``paged`` is False)."""
        if not paged:
            return SearchQuery(text=self.text(), sort=self.sort or None, limit=0, offset=0)
        return SearchQuery(text=self.text(), sort=self.sort or None, limit=self.per_page,
                           offset=(self.page - 1) * self.per_page)

    def params(self, **changes: object) -> dict[str, object]:
        """The form's parameters (for links), with ``changes`` applied; ``page`` goes back
        to 1 unless given (a changed query starts at its first page)."""
        out: dict[str, object] = {name: getattr(self, name) for name in _FIELDS}
        out["fq"] = list(self.fq)
        out["per_page"] = self.per_page if self.per_page != PAGE_SIZE else None
        out["page"] = self.page if "page" in changes or not changes else 1
        out.update(changes)
        return out

    def url(self, **changes: object) -> str:
        """The URL of this form's page with ``changes`` (``form.url(page=3)``); parameters
        named in ``fixed`` are left out (the tag page carries its tag in ``path``)."""
        params = {k: v for k, v in self.params(**changes).items() if k not in self.fixed}
        return urls.with_query(self.path, **params)

    def with_clause(self, extra: str) -> str:
        """The URL narrowed by one more facet clause."""
        return self.url(fq=[*self.fq, extra] if extra not in self.fq else list(self.fq))

    def without_clause(self, extra: str) -> str:
        """The URL with one facet clause removed."""
        return self.url(fq=[c for c in self.fq if c != extra])


@dataclass
class Pager:
    """Page links for ``total`` results: current page, last page, and a window of page numbers."""

    page: int
    last: int
    window: list[int]

    @classmethod
    def build(cls, page: int, total: int, size: int = PAGE_SIZE, span: int = 2) -> "Pager":
        """The pager around ``page`` (window of ``span`` pages either side, plus first and last)."""
        last = max(1, min(MAX_PAGE, -(-total // size)))
        shown = {1, last} | set(range(max(1, page - span), min(last, page + span) + 1))
        return cls(page, last, sorted(shown))
