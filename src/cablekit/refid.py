"""Reference IDs: the one canonical form, and repair of malformed ones.

The canonical form is the corpus's own: two-digit year + originating post with
no spaces, upper case + serial without leading zeros (``09ASTANA2204``).
Source: the Reference ID of the Cablegate metadata and the banner line
``ASTANA 002204`` with the DTG's year.

Example::

    >>> make_reference_id(2009, "new delhi", "0055")
    '09NEWDELHI55'
    >>> canonicalize("08ECTION01OF02MANAMA492")
    '08MANAMA492'
"""
from __future__ import annotations

import re
from typing import NamedTuple

_ID = re.compile(r"^(\d{2})([A-Z][A-Z0-9]*?[A-Z])0*(\d+)$")
# A SECTION marker fused in, misspelled or not: 08ECTION01OF02, 07SETION02OF02,
# 08SECTION01F03, 09SECTION0QF05, 09SECTIOQ1OF06, 0901OF02 (letters lost).
_FUSED_SECTION = re.compile(r"^(\d{2})[SECTIONKQ]{0,8}[0-9OQ]{1,2}[OG0]?F?\d{1,2}([A-Z][A-Z]+\d+)$")
_SUSPECTED_DUP = re.compile(r"^(.*?)SUSPECTEDDUPLICATE\d*$")
# An operating signal and a second serial after the serial: ZFR (cancel), ZDK, ZFD (duplicate).
_SIGNAL_SUFFIX = re.compile(r"^(\d{2}[A-Z]+\d+)Z(?:FR|DK|FD)\d+$")
_FUSED_CAVEAT = re.compile(r"^(\d{2})(?:NOFORN|SIPDIS|LIMDIS|EXDIS|NODIS)([A-Z].*)$")
_DOUBLED_YEAR = re.compile(r"^(\d{2})\1([A-Z].*)$")
# PlusD canonical IDs: four-digit year, collection suffix (1973STATE097844_b, 2009ASTANA2204_a)
_FOUR_DIGIT_YEAR = re.compile(r"^(?:19[4-9]\d|20[0-2]\d)(?=[A-Z])")
_PLUSD_SUFFIX = re.compile(r"_[A-Z]$")


class ReferenceId(NamedTuple):
    """A reference ID split into its parts: year (two digits as int), post, serial."""

    year: int
    post: str
    serial: int

    def __str__(self) -> str:
        return f"{self.year % 100:02d}{self.post}{self.serial}"


def normalize_post(post: str) -> str:
    """Post name as it appears in reference IDs: upper case, no spaces or punctuation.

    ``"SECSTATE"``/``"SECSTATE WASHDC"`` give ``"STATE"``; ``"EMBASSY VIENNA"`` gives ``"VIENNA"``.
    """
    p = re.sub(r"[^A-Z0-9]", "", post.upper())
    if p.startswith("SECSTATE"):
        return "STATE"
    for prefix in ("AMEMBASSY", "EMBASSY", "AMCONSUL", "CONSULATE"):
        if p.startswith(prefix) and len(p) > len(prefix):
            return p[len(prefix):]
    return p


def make_reference_id(year: int | str, post: str, serial: int | str) -> str:
    """Canonical reference ID from a year (2 or 4 digits), a post name and a serial.

    Raises ValueError when the serial holds no digits or the post no letters.
    """
    y = int(str(year)[-2:])
    p = normalize_post(post)
    digits = re.sub(r"\D", "", str(serial))
    if not digits or not re.search(r"[A-Z]", p):
        raise ValueError(f"not a reference ID: year={year!r} post={post!r} serial={serial!r}")
    return f"{y:02d}{p}{int(digits)}"


def split(reference_id: str) -> ReferenceId | None:
    """Split a canonical ID into (year, post, serial); None when it has no such shape."""
    m = _ID.match(reference_id.upper())
    if not m:
        return None
    return ReferenceId(int(m.group(1)), m.group(2), int(m.group(3)))


def canonicalize(reference_id: str) -> str:
    """The canonical form of a reference ID as published, repairing known malformations.

    Repairs: a SECTION marker fused in, also misspelled (``08ECTION01OF02MANAMA492`` ->
    ``08MANAMA492``, ``07SETION02OF02BAKU1501`` -> ``07BAKU1501``), a caveat fused in
    (``85NOFORNMOGADISHU1643`` -> ``85MOGADISHU1643``), a ``SUSPECTEDDUPLICATE``
    or operating-signal suffix (``08ACCRA001382SUSPECTEDDUPLICATE1392`` -> ``08ACCRA1382``,
    ``06MADRID002583ZFR2585`` -> ``06MADRID2583``), a doubled year
    (``7575LIBREVILLE1895`` -> ``75LIBREVILLE1895``), the PlusD form with a four-digit
    year and a collection suffix (``1973STATE097844_b`` -> ``73STATE97844``) and
    zero-padded serials.
    Misspelled post names are not repaired (``07SECTION02OF03EIJING483`` ->
    ``07EIJING483``). An ID that fits none of these is returned upper-cased, unchanged.
    """
    rid = _PLUSD_SUFFIX.sub("", re.sub(r"\s+", "", reference_id).upper())
    if _FOUR_DIGIT_YEAR.match(rid):
        rid = rid[2:]
    for pattern in (_SUSPECTED_DUP, _SIGNAL_SUFFIX):
        m = pattern.match(rid)
        if m:
            rid = m.group(1)
    for pattern in (_FUSED_SECTION, _FUSED_CAVEAT, _DOUBLED_YEAR):
        m = pattern.match(rid)
        if m:
            rid = m.group(1) + m.group(2)
    parts = split(rid)
    return str(parts) if parts else rid
