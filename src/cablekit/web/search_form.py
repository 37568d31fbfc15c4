"""The search form: request parameters -> a checked `SearchQuery`, and the pager.

Parameters: ``q`` (full-text words), ``tag``, ``origin``, ``classification``,
``since``/``until`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``page`` (from 1).
Bad values never raise: they become messages shown above the form.

Example::

    >>> form = SearchForm.from_params({"q": "overflight", "page": "2"})
    >>> form.query().offset
    20
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from ..store.base import SearchQuery
from . import urls

PAGE_SIZE = 20
_DATE = re.compile(r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")
_MAX_PAGE = 10_000
_FIELDS = ("q", "tag", "origin", "classification", "since", "until")


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
    page: int = 1
    problems: list[str] = field(default_factory=list)
    path: str = "/search"
    fixed: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> "SearchForm":
        """Read the form from query parameters; a malformed date or page is dropped with a problem noted."""
        values = {name: " ".join(str(params.get(name, "") or "").split())[:500] for name in _FIELDS}
        form = cls(**values)
        for name in ("since", "until"):
            value = getattr(form, name)
            if value and not _DATE.match(value):
                form.problems.append(f"Ignored the {name} date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD.")
                setattr(form, name, "")
        raw_page = str(params.get("page", "1") or "1")
        if raw_page.isdigit() and 1 <= int(raw_page) <= _MAX_PAGE:
            form.page = int(raw_page)
        else:
            form.problems.append(f"Ignored the page number {raw_page!r}.")
        return form

    @property
    def active(self) -> bool:
        """True when any field is filled in."""
        return any(getattr(self, name) for name in _FIELDS)

    def query(self) -> SearchQuery:
        """The store query for this form's page."""
        return SearchQuery(text=self.q, tag=self.tag or None, origin=self.origin or None,
                           classification=self.classification or None, since=self.since or None,
                           until=self.until or None, limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE)

    def params(self, **changes: object) -> dict[str, object]:
        """The form's parameters (for links), with ``changes`` applied."""
        out: dict[str, object] = {name: getattr(self, name) for name in _FIELDS}
        out["page"] = self.page
        out.update(changes)
        return out

    def url(self, **changes: object) -> str:
        """The URL of this form's page with ``changes`` (``form.url(page=3)``); parameters
        named in ``fixed`` are left out (the tag page carries its tag in ``path``)."""
        params = {k: v for k, v in self.params(**changes).items() if k not in self.fixed}
        return urls.with_query(self.path, **params)


@dataclass
class Pager:
    """Page links for ``total`` results: current page, last page, and a window of page numbers."""

    page: int
    last: int
    window: list[int]

    @classmethod
    def build(cls, page: int, total: int, size: int = PAGE_SIZE, span: int = 2) -> "Pager":
        """The pager around ``page`` (window of ``span`` pages either side, plus first and last)."""
        last = max(1, -(-total // size))
        shown = {1, last} | set(range(max(1, page - span), min(last, page + span) + 1))
        return cls(page, last, sorted(shown))
