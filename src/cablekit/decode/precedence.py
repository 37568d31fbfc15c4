"""Precedence: prosigns (``O``, ``OO``, ``O R``) and words (``IMMEDIATE``, ``NIACT IMMEDIATE``).

Source: table ``tables/precedence.tsv``. Precedence appears three times in a
cable: doubled on format line 2 (``OO RUEHBI ...``), as the prosign before the
date-time group (``O 230937Z DEC 09``, or ``O R`` for action and info), and as
a word after an addressee (``TO RUEHC/SECSTATE WASHDC IMMEDIATE 7069``).

Example::

    >>> precedence("O").name
    'IMMEDIATE'
    >>> precedence("O R").meaning
    'Immediate for the action addressees, Routine for the information addressees.'
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .tables import rows

_WS = re.compile(r"\s+")


class Precedence(NamedTuple):
    """A decoded precedence.

    code: the prosign or word as looked up, normalized (``"O R"``, ``"IMMEDIATE"``).
    name: the precedence it gives (the action precedence for a pair):
        ``FLASH``/``IMMEDIATE``/``PRIORITY``/``ROUTINE``/``NIACT IMMEDIATE``.
    meaning: one plain-English sentence.
    """

    code: str
    name: str
    meaning: str


@functools.cache
def _table() -> dict[str, Precedence]:
    return {r["code"]: Precedence(r["code"], r["name"], r["meaning"]) for r in rows("precedence")}


def precedence(text: str | None) -> Precedence | None:
    """Decode a precedence prosign or word; None when it is none we know.

    Case and spacing are normalized (``"o  r"`` is ``"O R"``).
    """
    if not text:
        return None
    return _table().get(_WS.sub(" ", text).strip().upper())
