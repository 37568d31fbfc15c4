"""Routing indicators: the station a ``RUEHTA``-style indicator stands for.

Source: table ``tables/routing_indicators.tsv``, built by
``tools/build_routing_table.py`` from the indicator/name pairs of the corpus's
TO/INFO lines (``RUEHBJ/AMEMBASSY BEIJING``), the DE line paired with the FM
line, and ACP 117 (the public Allied Routing Indicator Book).

Example::

    >>> routing_indicator("RUEHC")
    'SECSTATE WASHDC'
    >>> routing_entry("RUEHTA").also
    ('AMEMBASSY ALMATY (3)',)
"""
from __future__ import annotations

import functools
from typing import NamedTuple

from .tables import rows


class RoutingEntry(NamedTuple):
    """One routing indicator of the table.

    indicator: ``"RUEHTA"``.
    name: the station's most common plain-language address, ``"AMEMBASSY ASTANA"``.
    count: indicator/name pairs seen in the corpus (0 for an ACP 117-only entry).
    also: other names the corpus gives the indicator, each with its count
        (``"AMEMBASSY ALMATY (3)"``: the embassy moved and kept its indicator).
    source: ``"corpus"``, ``"ACP 117"`` or both.
    """

    indicator: str
    name: str
    count: int
    also: tuple[str, ...]
    source: str


@functools.cache
def _table() -> dict[str, RoutingEntry]:
    out: dict[str, RoutingEntry] = {}
    for r in rows("routing_indicators"):
        also = tuple(a.strip() for a in r["also"].split(";") if a.strip())
        out[r["indicator"]] = RoutingEntry(r["indicator"], r["name"], int(r["count"] or 0), also, r["source"])
    return out


def routing_entry(indicator: str | None) -> RoutingEntry | None:
    """The table entry of a routing indicator (case and spaces ignored), or None."""
    if not indicator:
        return None
    return _table().get(indicator.strip().upper())


def routing_indicator(indicator: str | None) -> str | None:
    """The station name of a routing indicator (``"RUEHC"`` -> ``"SECSTATE WASHDC"``), or None."""
    entry = routing_entry(indicator)
    return entry.name if entry else None


def routing_indicators() -> tuple[RoutingEntry, ...]:
    """Every entry of the table, sorted by indicator."""
    return tuple(_table().values())
