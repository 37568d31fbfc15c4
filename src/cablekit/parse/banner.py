"""The classification banner: the first line of a cable body.

Source: ``S E C R E T SECTION 01 OF 03 ASTANA 002204`` (09ASTANA2204): the
classification spelled out with spaces (or not: ``UNCLAS``, ``SECRET``, and
in lower-case copies ``S e c r e t``), the section, then the originating post
and its serial for the year. A bare telegram's reference ID is derived from
it (post + serial, with the DTG's year).

Example::

    >>> b = parse_banner("C O N F I D E N T I A L SECTION 01 OF 02 NEW DELHI 003228")
    >>> (b.classification, b.post, b.serial, b.section, b.sections)
    ('CONFIDENTIAL', 'NEW DELHI', 3228, 1, 2)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Classification words of the banner, spaced or not, with the typos the corpus
# has (doubled or missing first letters: "SS E C R E T", "O N F I D E N T I A L").
CLASSIFICATION_PATTERN = (
    r"(?P<cls>"
    r"(?:[CS]\s?){0,2}E\s?C\s?R\s?E\s?T"
    r"|(?:C\s?){0,2}O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L"
    r"|U?U\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E\s?D)?"
    r"|LIMITED\s+OFFICIAL\s+USE"
    r")"
)
_BANNER = re.compile(
    r"^\s*" + CLASSIFICATION_PATTERN
    + r"(?:\s+(?P<ext>E\s?F\s?T\s?O|SENSITIVE|NOFORN|SBU))?"
    + r"(?:\s+SECTION\s+(?P<sec>\d{1,2})\s+OF\s+(?P<of>\d{1,2}))?"
    + r"\s+(?P<post>[A-Za-z][A-Za-z.'/-]*(?:\s[A-Za-z][A-Za-z.'/-]*){0,3}|X{3,})"
    + r"\s+(?P<serial>\d{1,8})(?![\d/])(?P<rest>.*)$",
    re.IGNORECASE,
)
# Where a banner may start (the cheap test before `_BANNER`).
_BANNER_START = re.compile(
    r"^\s*(?:UNCLAS|CONFIDENTIAL|SECRET|LIMITED|(?:[CS]\s?){0,2}[EO] ?[CN] ?[RF]|U?U ?N ?C ?L|[A-Za-z] [a-z] [a-z])"
)


@dataclass
class Banner:
    """The classification banner line of a body.

    Source: ``S E C R E T SECTION 01 OF 03 ASTANA 002204`` gives
    ``Banner("SECRET", "ASTANA", 2204, 1, 3)``.

    classification: the classification word unspaced and upper-cased, typos
        repaired (``SS E C R E T`` gives ``SECRET``); ``UNCLAS`` stays ``UNCLAS``.
    post: the originating post as written, upper case, single spaces
        (``NEW DELHI``, ``USUN NEW YORK``); ``XXXXXXXXXXXX`` when redacted.
    serial: the serial as an int (``002204`` gives 2204).
    section / sections: ``SECTION 01 OF 03`` as (1, 3), or None.
    rest: text run on after the serial on the same line (flattened bodies).
    """

    classification: str
    post: str
    serial: int
    section: int | None = None
    sections: int | None = None
    rest: str = ""


def _classification(raw: str) -> str:
    word = "".join(raw.split()).upper()
    if word.endswith("ECRET"):
        return "SECRET"
    if word.endswith("ONFIDENTIAL"):
        return "CONFIDENTIAL"
    if word.startswith("LIMITED"):
        return "LIMITED OFFICIAL USE"
    if word.endswith("UNCLASSIFIED"):
        return "UNCLASSIFIED"
    return "UNCLAS"


def parse_banner(line: str) -> Banner | None:
    """Read a banner line; None when the line is not one.

    Example: ``parse_banner("C O N F I D E N T I A L SECTION 01 OF 02 NEW DELHI 000123")``
    gives ``Banner("CONFIDENTIAL", "NEW DELHI", 123, 1, 2)``.
    """
    if len(line) > 400 and "SECTION" not in line[:80].upper():
        line = line[:400]
    m = _BANNER.match(line)
    if not m:
        return None
    post = " ".join(m.group("post").split()).upper()
    if post in ("SECTION", "OF"):
        return None
    sec, of = m.group("sec"), m.group("of")
    return Banner(
        classification=_classification(m.group("cls")),
        post=post,
        serial=int(m.group("serial")),
        section=int(sec) if sec else None,
        sections=int(of) if of else None,
        rest=m.group("rest").strip(),
    )


def find_banner(lines: list[str], limit: int = 120) -> int | None:
    """Index of the first banner line among the first ``limit`` lines, or None."""
    for i, line in enumerate(lines[:limit]):
        if line and _BANNER_START.match(line) and parse_banner(line) is not None:
            return i
    return None
