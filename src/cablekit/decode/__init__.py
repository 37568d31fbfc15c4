"""Decoding tables: what the codes of a cable mean, in plain English.

Every element of a cable's header and captions has a lookup here. The tables
are TSV files in ``cablekit/tables/`` (each names its source in its first
line), read on first use and kept. Every ``get``-style function returns None
for a code it does not know; none of them raises on bad input.

Lookups (argument: what it reads -> what it returns):

- ``tag("PREL")``: a TAGS code or person tag -> `TagInfo` (code, kind, meaning, see)
- ``tag_kind("KZ")``: a TAGS code -> ``"country"``
- ``routing_indicator("RUEHC")``: a routing indicator -> ``"SECSTATE WASHDC"``
- ``routing_entry("RUEHTA")``: a routing indicator -> `RoutingEntry` (name, count, also, source)
- ``precedence("O")``: a prosign (``O``, ``OO``, ``O R``) or word (``NIACT IMMEDIATE``)
  -> `Precedence` (code, name, meaning)
- ``classification("S")``: a level (``SECRET``, ``S E C R E T``, ``S``) -> `Term`
- ``caveat("NOFORN")``: a caveat, caption or handling word -> `Term`
- ``portion_marking("S/NF")``: a whole marking (portion mark, banner, metadata value)
  -> ``"Secret, not releasable to foreign nationals"``
- ``security_group("SSSSS")``, ``security_warning("ZNY")``, ``operating_signal("ZZH")``:
  the groups of format line 4 and Z-signals -> `Term`
- ``security_line("ZNY SSSSS ZZH")``: format line 4 -> a phrase
- ``reason("1.4(b)")``: a classification reason -> `Term` (``note``: the order and section)
- ``executive_order("12958")``: an E.O. number -> `ExecutiveOrder` (number, year, meaning)

A value a table knows to occur but cannot decode is explained in a
``# Not decoded: ...`` comment of the table: ``explanation("classification", "N/SF")``
returns that line (TAGS instead have rows of kind ``unknown``).

Example::

    >>> from cablekit import decode
    >>> decode.routing_indicator("RUEHTA")
    'AMEMBASSY ASTANA'
    >>> decode.tag("KZ").meaning
    'Country: Kazakhstan.'
    >>> decode.reason("1.4(d)").meaning
    'Foreign relations or foreign activities of the United States, including confidential sources.'
"""
from __future__ import annotations

from .declass import ExecutiveOrder, canonical_reason, executive_order, reason
from .marking import caveat, classification, portion_marking
from .precedence import Precedence, precedence
from .routing import RoutingEntry, routing_entry, routing_indicator, routing_indicators
from .signals import operating_signal, security_group, security_line, security_warning
from .tables import Term, explanation, source
from .tags import KINDS, TagInfo, tag, tag_kind, tags

__all__ = [
    "ExecutiveOrder", "KINDS", "Precedence", "RoutingEntry", "TagInfo", "Term",
    "canonical_reason", "caveat", "classification", "executive_order", "explanation", "operating_signal",
    "portion_marking", "precedence", "reason", "routing_entry", "routing_indicator",
    "routing_indicators", "security_group", "security_line", "security_warning", "source",
    "tag", "tag_kind", "tags",
]
