"""The security line and operating signals of the transmission header.

Source: table ``tables/signals.tsv``. Format line 4 of an ACP-127 header is
the security line: a security warning (``ZNY`` classified, ``ZNR``
unclassified), the five-letter security group (``SSSSS`` Secret) and operating
signals (``ZZH``). Operating signals also follow the date-time group
(``O 031223Z APR 08 ZDS``) or stand in place of a routing indicator
(``ZEN/AMEMBASSY MOSCOW``).

Example::

    >>> security_group("SSSSS").meaning
    'Security group: Secret.'
    >>> security_line("ZNY SSSSS ZZH")
    'classified message, Secret, State Department traffic'
"""
from __future__ import annotations

import re

from .tables import Term, rows, terms

_WS = re.compile(r"\s+")
_PARENS = re.compile(r"\([^()]*\)")


def security_group(group: str | None) -> Term | None:
    """Decode a security group (``"SSSSS"``, ``"CCCCC"``, ``"UUUUU"``, ``"EEEEE"``); None when unknown."""
    return _lookup(group, "security_group")


def security_warning(code: str | None) -> Term | None:
    """Decode a security warning (``"ZNY"``, ``"ZNR"``); None when unknown."""
    return _lookup(code, "security_warning")


def operating_signal(code: str | None) -> Term | None:
    """Decode an operating signal (``"ZZH"``, ``"ZDK"``, ``"ZEN"``...); None when unknown."""
    return _lookup(code, "operating_signal")


def security_line(text: str | None) -> str | None:
    """Spell out a security line, ``"ZNY SSSSS ZZH"`` -> ``"classified message, Secret, State Department traffic"``.

    Parenthesized notes the line may carry (``(CCY AD6CB6C9 MSI6493 634)``, a
    correction note) are left out. None when a group of the line is unknown.
    """
    groups = _WS.sub(" ", _PARENS.sub(" ", text or "")).strip().upper().split()
    if not groups:
        return None
    phrases = []
    for group in groups:
        term = terms("signals").get(group)
        if term is None:
            return None
        phrases.append(_phrase(term.code))
    return ", ".join(phrases)


def _lookup(code: str | None, kind: str) -> Term | None:
    """The signals-table term for ``code`` if it is of ``kind``."""
    term = terms("signals").get((code or "").strip().upper())
    return term if term and term.kind == kind else None


def _phrase(code: str) -> str:
    """The ``phrase`` column of the signals row ``code``."""
    for row in rows("signals"):
        if row["code"] == code:
            return row["phrase"]
    raise KeyError(code)
