"""The facet panel of the search page and the chips of the chosen facets.

Facet counts come from `Store.facets` for the query being shown; each value
links to the same search narrowed by its clause (added to the ``fq``
parameters of `SearchForm`), so the count shown is the number of hits that
link gives. A chosen value is shown as a chip whose link removes it.

Clauses (query language): tags ``tag:"KZ"``, origin ``origin:"Embassy Astana"``,
classification ``classification:"SECRET//NOFORN"`` (the whole marking),
caveat ``caveat:"NOFORN"``, precedence ``precedence:"IMMEDIATE"``, year
``created:2009``, month ``created:2009-12``.

Example::

    groups = facet_groups(store.facets(form.query(), FACET_NAMES), form)
    [v.label for v in groups[0].values]   # ['CONFIDENTIAL', 'SECRET', 'SECRET//NOFORN', ...]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..store.base import FacetCount
from . import decoding
from .search_form import SearchForm, clause

FACETS: tuple[tuple[str, str, str], ...] = (
    ("classification", "Classification", "classification"),
    ("year", "Year", "created"),
    ("month", "Month", "created"),
    ("origin", "Origin", "origin"),
    ("tag_subject", "Subject tags", "tag"),
    ("tag_country", "Country tags", "tag"),
    ("tag_program", "Program tags", "tag"),
    ("tag_organization", "Organization tags", "tag"),
    ("tag_person", "Person tags", "tag"),
    ("caveat", "Caveat", "caveat"),
    ("precedence", "Precedence", "precedence"),
)
"""(facet name of `Store.facets`, heading, query-language field), in the panel's order."""
FACET_NAMES = tuple(name for name, _, _ in FACETS)
SHOWN = 8
"""Values listed openly per facet; the next ones sit behind "More"."""
MORE = 40
MONTHS_SHOWN = 24
"""The month facet is listed when the results span at most this many months, or a year is chosen."""

_CLAUSE = re.compile(r'^([a-z_]+):("?)([^"]*)\2$')
_YEAR_CLAUSE = re.compile(r"^created:\d{4}$")
_FIELD_LABELS = {"tag": "Tag", "origin": "Origin", "classification": "Classification", "caveat": "Caveat",
                 "precedence": "Precedence", "created": "Date", "declassify_on": "Declassify on",
                 "from": "From", "to": "To", "info": "Info", "signer": "Signer", "ref": "Cites", "id": "ID"}


@dataclass
class FacetValue:
    """One value of a facet: what is shown, how many hits, its clause and link.

    href: the search narrowed by ``clause`` (or widened again when ``selected``);
    None when the value can't be written as a clause. title: a meaning, if known.
    """

    label: str
    count: int
    clause: str | None
    selected: bool
    href: str | None
    title: str | None = None


@dataclass
class FacetGroup:
    """A facet as the panel shows it: heading, the first values, the next ones, a note."""

    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    more: list[FacetValue] = field(default_factory=list)
    note: str | None = None


@dataclass
class Chip:
    """A chosen facet clause: its label (``"Country tag: KZ"``) and the link that removes it."""

    clause: str
    label: str
    remove_href: str


def value_clause(facet: str, value: str) -> str | None:
    """The clause narrowing a search to ``value`` of ``facet``: ``value_clause("year", "2009")``
    -> ``"created:2009"``; ``value_clause("tag_country", "KZ")`` -> ``'tag:"KZ"'``; None if unquotable."""
    field_name = next(f for name, _, f in FACETS if name == facet)
    if facet in ("year", "month"):
        return f"created:{value}"
    return clause(field_name, value)


def _title(facet: str, value: str) -> str | None:
    if facet.startswith("tag"):
        return decoding.tag_meaning(value)
    if facet == "caveat":
        return decoding.caveat_meaning(value)
    if facet == "precedence":
        return decoding.precedence_meaning(value)
    return None


def _value(facet: str, fc: FacetCount, form: SearchForm) -> FacetValue:
    found = value_clause(facet, fc.value)
    selected = found is not None and found in form.fq
    href = None if found is None else form.without_clause(found) if selected else form.with_clause(found)
    return FacetValue(fc.value, fc.count, found, selected, href, _title(facet, fc.value))


def facet_groups(counts: dict[str, list[FacetCount]], form: SearchForm) -> list[FacetGroup]:
    """The panel's facets in `FACETS` order, each with its values for ``form``'s query; facets
    without values are left out. Months are listed when a year is chosen or they are few."""
    year_chosen = any(_YEAR_CLAUSE.match(c) for c in form.fq)
    groups = []
    for name, label, _ in FACETS:
        values = counts.get(name) or []
        if not values:
            continue
        group = FacetGroup(name, label)
        if name == "month" and not year_chosen and len(values) > MONTHS_SHOWN:
            group.note = "Choose a year to count its cables by month."
            groups.append(group)
            continue
        if name == "month":
            values = sorted(values, key=lambda fc: fc.value)
        shown = [_value(name, fc, form) for fc in values[:SHOWN + MORE]]
        group.values, group.more = shown[:SHOWN], shown[SHOWN:]
        groups.append(group)
    return groups


def chips(form: SearchForm) -> list[Chip]:
    """A chip per chosen facet clause (``fq``), in the order chosen."""
    out = []
    for extra in form.fq:
        m = _CLAUSE.match(extra)
        if m:
            field_name, value = m.group(1), m.group(3)
            label = _FIELD_LABELS.get(field_name, field_name)
            if field_name == "tag":
                kind = decoding.tag_kind(value)
                label = f"{kind.capitalize()} tag" if kind and kind != "unknown" else "Tag"
            text = f"{label}: {value}"
        else:
            text = extra
        out.append(Chip(extra, text, form.without_clause(extra)))
    return out
