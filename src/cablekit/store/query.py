"""Date bounds for the query language and ``--since``/``--until``.

Example::

    >>> date_bound("2009-02", end=True)
    '2009-03-01'
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


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
