"""Display helpers for the templates: highlighted snippets, dates, counts.

`highlight` is the one place where the web app makes markup out of text: it
escapes the snippet first, then turns the store's HIGHLIGHT_START/END markers
(see `cablekit.store.base`) into ``<mark>`` elements.

Example::

    >>> str(highlight("a <b> \\x02overflight\\x03 route"))
    'a &lt;b&gt; <mark>overflight</mark> route'
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..store.base import HIGHLIGHT_END, HIGHLIGHT_START

_MARKERS = re.compile(f"([{re.escape(HIGHLIGHT_START)}{re.escape(HIGHLIGHT_END)}])")


def highlight(snippet: str | None) -> Markup:
    """The snippet escaped, its marked words wrapped in ``<mark>``; unbalanced markers are closed.

    Markers are read in order: START opens a mark (unless one is open), END closes it.
    """
    if not snippet:
        return Markup("")
    out: list[str] = []
    open_mark = False
    for piece in _MARKERS.split(snippet):
        if piece == HIGHLIGHT_START and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif piece == HIGHLIGHT_END and open_mark:
            out.append("</mark>")
            open_mark = False
        elif piece not in (HIGHLIGHT_START, HIGHLIGHT_END):
            out.append(str(escape(piece)))
    if open_mark:
        out.append("</mark>")
    return Markup("".join(out))


def format_created(value: str | None) -> str:
    """A created/released value for display: ``"2009-12-23T09:37"`` -> ``"2009-12-23 09:37"``; None -> ``""``."""
    if not value:
        return ""
    return value.replace("T", " ")[:16]


def thousands(value: int) -> str:
    """An int with thousands separators: ``251287`` -> ``"251,287"``."""
    return f"{value:,}"


def cables(value: int) -> str:
    """A count of cables in words: ``1`` -> ``"1 cable"``, ``2500`` -> ``"2,500 cables"``."""
    return f"{value:,} {'cable' if value == 1 else 'cables'}"
