"""Facet counts for a query: Tantivy terms aggregations, all in one pass.

Facets (`cablekit.store.base.FACETS`): ``origin``, ``tag``, ``classification``,
``caveat``, ``precedence``, ``year`` (``"2009"``), ``month`` (``"2009-12"``) and
``tag_<kind>`` for each kind of TAGS code (``tag_country``, ``tag_subject``,
``tag_program``, ``tag_organization``, ``tag_person``, ...; kinds from
`cablekit.decode`; one aggregation of the TAGS serves them all, split by
kind here). Counts are numbers of cables and exact: every segment reports all
its values. Year and month are sorted by value, the others by count (most
first), ties by value.

Example::

    counts(searcher, query, ["origin", "year"], limit=3)
    # {"origin": [FacetCount("Embassy Madrid", 88), ...], "year": [FacetCount("1966", 1), ...]}
"""
from __future__ import annotations

from functools import lru_cache

import tantivy

from .. import decode
from ..store.base import FACETS, FacetCount

FACET_FIELDS: dict[str, str] = {
    "origin": "origin_facet", "tag": "tags", "classification": "classification", "caveat": "caveats",
    "precedence": "precedence", "year": "year", "month": "month",
    **{f"tag_{kind}": "tags" for kind in decode.KINDS},
}
"""Index field aggregated for each facet (``tag_<kind>``: the TAGS of that kind)."""
_ALL_VALUES = 60_000
_BY_VALUE = ("year", "month")


def check(names: list[str] | tuple[str, ...]) -> None:
    """Raise ValueError naming the first facet that doesn't exist."""
    for name in names:
        if name not in FACET_FIELDS or name not in FACETS:
            raise ValueError(f"unknown facet {name!r}; known: {', '.join(FACETS)}")


def counts(searcher: tantivy.Searcher, query: tantivy.Query, names: list[str] | tuple[str, ...],
           limit: int | None = None) -> dict[str, list[FacetCount]]:
    """Cable counts per value of each facet in ``names`` among the cables matching ``query``;
    at most ``limit`` values per facet (the most frequent, or the first years and months).
    Raises ValueError for an unknown facet."""
    check(names)
    if not names:
        return {}
    fields = dict.fromkeys(FACET_FIELDS[name] for name in names)
    spec = {f: {"terms": {"field": f, "size": _ALL_VALUES, "segment_size": _ALL_VALUES}} for f in fields}
    found = searcher.aggregate(query, spec)
    out = {}
    for name in names:
        buckets = [(_value(name, b["key"]), int(b["doc_count"]))
                   for b in found.get(FACET_FIELDS[name], {}).get("buckets", [])]
        if name.startswith("tag_"):
            buckets = [(v, c) for v, c in buckets if f"tag_{_tag_kind(v)}" == name]
        if name in _BY_VALUE:
            buckets.sort()
        else:
            buckets.sort(key=lambda vc: (-vc[1], vc[0]))
        out[name] = [FacetCount(v, c) for v, c in buckets[:limit]]
    return out


@lru_cache(maxsize=65536)
def _tag_kind(code: str) -> str:
    """`cablekit.decode.tag_kind` of a TAGS code, ``unknown`` when it can't say (cached)."""
    return decode.tag_kind(code) or "unknown"


def _value(name: str, key: object) -> str:
    """A bucket key as shown: years ``"2009"``, months ``"2009-12"`` (indexed as 200912)."""
    if name == "year":
        return str(int(key))
    if name == "month":
        number = int(key)
        return f"{number // 100:04d}-{number % 100:02d}"
    return str(key)
