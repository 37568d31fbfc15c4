"""Archival document numbers (NARA AAD, PlusD canonical IDs) turned into reference IDs.

Source: the State Department's electronic telegrams of 1973-79 as NARA's Access
to Archival Databases (AAD) and WikiLeaks' PlusD number them::

    1973ABIDJA00073      <- four-digit year, station cut to 6 letters, 5-digit serial
    1973THEHA00005       <- "THE HAGUE" cut to "THE HA", the space dropped
    1973STATE237171_b    <- PlusD: a collection suffix (_a Cablegate, _b Kissinger
                            1973-76, _c Carter 1977-79, _d ...; _b2 for a duplicate)

Our reference ID form is the Cablegate one (`cablekit.refid`): two-digit year,
the post's full name, the serial unpadded (``73ABIDJAN73``). The full post name
is taken from a hint (the record's From field or the telegram's FM line) when
the cut station is its beginning; otherwise the station is kept as written.

Example::

    >>> reference_id_from_document_number("1973ABIDJA00073", ["ABIDJAN"])
    '73ABIDJAN73'
    >>> reference_id_from_document_number("1973STATE097844_b", ["SECSTATE WASHDC"])
    '73STATE97844'
"""
from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from .. import refid

_DOCUMENT_NUMBER = re.compile(r"^(\d{4}|\d{2})([A-Z][A-Z]*?)(\d+)(?:_([a-z]\d*))?$")
# A document number inside a longer name: "...plusd__cables__1973STATE237171_b.excerpt.txt".
_IN_NAME = re.compile(r"(?<![A-Za-z0-9])((?:19|20)\d{2}[A-Z]{2,}\d{3,}(?:_[a-z]\d*)?)(?![A-Za-z0-9])")
_STATION_LENGTH = 6  # AAD cuts station names to six characters (spaces included)


class DocumentNumber(NamedTuple):
    """A document number split up: ``year`` (as written, 2 or 4 digits), ``station``
    (upper case, as written), ``serial`` (int) and PlusD ``suffix`` (``"b"``, or "")."""

    year: str
    station: str
    serial: int
    suffix: str


def split_document_number(value: str) -> DocumentNumber | None:
    """The parts of ``1973ABIDJA00073`` or ``1977STATE017976_c``; None for another shape."""
    m = _DOCUMENT_NUMBER.match(value.strip())
    if not m or not m.group(2).isupper():
        return None
    return DocumentNumber(m.group(1), m.group(2), int(m.group(3)), m.group(4) or "")


def document_number_in_name(name: str) -> str | None:
    """The document number inside a file name (``...__1973STATE237171_b.excerpt.txt``), or None."""
    m = _IN_NAME.search(name)
    return m.group(1) if m else None


def full_post(station: str, hints: Iterable[str | None]) -> str:
    """The post's full name in reference-ID form when a hint starts with the cut ``station``.

    Hints are place names as the record gives them (``"ABIDJAN"``, ``"AMEMBASSY
    THE HAGUE"``, ``"SECSTATE WASHDC"``); the first whose reference-ID form
    (`cablekit.refid.normalize_post`) begins with ``station`` wins. Without one,
    ``station`` is returned as written. Example: ``full_post("THEHA", ["AMEMBASSY THE HAGUE"]) == "THEHAGUE"``.
    """
    for hint in hints:
        if not hint:
            continue
        post = refid.normalize_post(hint)
        if post.startswith(station) and (len(station) >= _STATION_LENGTH - 1 or post == station):
            return post
    return station


def reference_id_from_document_number(value: str, hints: Iterable[str | None] = (),
                                      year: int | None = None) -> str | None:
    """Our reference ID for an archival document number; None when it has no such shape.

    ``year`` (four digits) overrides the number's own year; give it when the number
    carries none that can be trusted (see `cablekit.sources.aad`).
    Example: ``reference_id_from_document_number("1973NEWDE07645", ["NEW DELHI"]) == "73NEWDELHI7645"``.
    """
    parts = split_document_number(value)
    if parts is None:
        return None
    try:
        return refid.make_reference_id(year if year is not None else parts.year,
                                       full_post(parts.station, hints), parts.serial)
    except ValueError:
        return None
