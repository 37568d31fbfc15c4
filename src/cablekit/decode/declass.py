"""Classification reasons (``1.4(b)``) and the executive orders named on the E.O. line.

Source: tables ``tables/reasons.tsv`` (section 1.4 of E.O. 12958 as amended
and E.O. 13526, section 1.5 of E.O. 12958 as first issued) and
``tables/executive_orders.tsv``. They read the ``Classified By: ...: 1.4 (A),(B),(D)``
line and the ``E.O. 12958: DECL: 12/23/2029`` line of the body.

Example::

    >>> reason("1.4 (D)").meaning
    'Foreign relations or foreign activities of the United States, including confidential sources.'
    >>> executive_order("E.O. 12958").year
    1995
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .tables import Term, rows, terms

# "1.4(b)", "1.4 (B)", "1.4b", "1/4 (b)", "1.4.b"
_REASON = re.compile(r"^\s*1\s*[./]\s*([45])\s*[.(]?\s*([a-hA-H])\s*\)?\s*$")
_ORDER = re.compile(r"^\s*(?:E\.?\s*O\.?|EXECUTIVE\s+ORDER)?\s*(?:NO\.?\s*)?(\d{5})\s*$", re.I)


class ExecutiveOrder(NamedTuple):
    """An executive order on classified information.

    number: ``"12958"``; year: the year it was signed (int); meaning: one sentence.
    """

    number: str
    year: int
    meaning: str


def reason(text: str | None) -> Term | None:
    """Decode a classification reason, ``"1.4(b)"`` (also ``"1.4 (B)"``, ``"1.4b"``, ``"1/4(b)"``).

    The term's ``code`` is the canonical ``1.4(b)`` form and its ``note`` names
    the executive order and section. None when it is no reason we know.
    """
    m = _REASON.match(text or "")
    if not m:
        return None
    return terms("reasons").get(f"1.{m.group(1)}({m.group(2).lower()})".upper())


def canonical_reason(text: str | None) -> str | None:
    """The canonical form of a reason (``"1.4 (B)"`` -> ``"1.4(b)"``), or None when unknown."""
    term = reason(text)
    return term.code if term else None


def executive_order(text: str | None) -> ExecutiveOrder | None:
    """Decode an executive order number, ``"12958"``, ``"E.O. 12958"`` or ``"EO 13526"``; None when unknown."""
    m = _ORDER.match(text or "")
    return _orders().get(m.group(1)) if m else None


@functools.cache
def _orders() -> dict[str, ExecutiveOrder]:
    return {r["code"]: ExecutiveOrder(r["code"], int(r["year"]), r["meaning"]) for r in rows("executive_orders")}
