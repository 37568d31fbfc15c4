"""Helpers for SQL users of the archive: safe FTS5 expressions, and date bounds.

Searches of the store go through the query language (`cablekit.search`);
`quote_fts` is for querying the ``cables_fts`` table directly, and `date_bound`
reads the partial dates of the query language and of ``--since``/``--until``.
User text never reaches FTS5 as syntax: each word becomes a quoted string (the
approach of sqlite-utils' ``quote_fts``), so ``AND``, ``-``, ``:`` or a stray
``"`` can't break the query. Two conveniences survive the quoting: a
``"quoted phrase"`` stays a phrase and a trailing ``*`` makes a prefix search.

Example::

    >>> quote_fts('overflight "NDN amendments" terror* OR')
    '"overflight" "NDN amendments" "terror"* "OR"'
    >>> date_bound("2009-02", end=True)
    '2009-03-01'
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_FTS_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORDLIKE = re.compile(r"\w")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def quote_fts(text: str) -> str:
    """An FTS5 MATCH expression in which every word of ``text`` must occur.

    Words are double-quoted (inner quotes dropped); ``"a phrase"`` is kept as
    one phrase; ``word*`` becomes the prefix query ``"word"*``. Words without a
    letter or digit are dropped; the result is ``""`` when nothing is left.
    """
    out = []
    for m in _FTS_TOKEN.finditer(text):
        phrase, word = m.group(1), m.group(2)
        if phrase is not None:
            if _WORDLIKE.search(phrase):
                out.append('"' + " ".join(phrase.split()) + '"')
            continue
        prefix = word.endswith("*")
        word = word.replace('"', "").rstrip("*")
        if _WORDLIKE.search(word):
            out.append('"' + word + '"' + ("*" if prefix else ""))
    return " ".join(out)


def date_bound(text: str, *, end: bool = False) -> str:
    """A ``YYYY-MM-DD`` bound from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    With ``end=False`` the first day of the period; with ``end=True`` the day
    *after* the period (an exclusive upper bound): ``date_bound("2009", end=True)``
    is ``"2010-01-01"``. Raises ValueError on anything else (``"12/2009"``, ``"2009-13"``).
    """
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        first, last = date(year, 1, 1), date(year, 12, 31)
    elif day is None:
        mm = int(month)
        if not 1 <= mm <= 12:
            raise ValueError(f"not a date: {text!r} (month {mm})")
        first = date(year, mm, 1)
        last = date(year, mm, calendar.monthrange(year, mm)[1])
    else:
        try:
            first = last = date(year, int(month), int(day))
        except ValueError as exc:
            raise ValueError(f"not a date: {text!r} ({exc})") from None
    return (last + timedelta(days=1)).isoformat() if end else first.isoformat()
