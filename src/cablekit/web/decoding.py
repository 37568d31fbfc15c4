"""The meanings the web pages show, as display text, from `cablekit.decode` (the decoding tables).

Each function asks the tables and returns one phrase, or None when the tables
don't know the code, so a page shows the element undecoded rather than failing.
`marking_level` is the one thing decided here: which colour a classification
or portion marking gets.

Example::

    >>> station_name("RUEHC")
    'SECSTATE WASHDC'
    >>> marking_level("S/NF")
    's'
"""
from __future__ import annotations

from .. import decode

TAG_KINDS: tuple[str, ...] = decode.KINDS
"""Kinds of TAGS codes, in the order the tags page lists them."""

_LEVELS = {"TOP SECRET": "ts", "TS": "ts", "SECRET": "s", "S": "s", "CONFIDENTIAL": "c", "C": "c",
           "SBU": "sbu", "SENSITIVE BUT UNCLASSIFIED": "sbu", "LIMITED OFFICIAL USE": "lou", "LOU": "lou",
           "UNCLASSIFIED": "u", "UNCLAS": "u", "U": "u"}


def tag_meaning(tag: str) -> str | None:
    """What a TAGS code stands for: ``"KZ"`` -> ``"Country: Kazakhstan."``; None if unknown."""
    info = decode.tag(tag)
    return info.meaning if info else None


def tag_kind(tag: str) -> str | None:
    """The kind of a TAGS code (``"country"``, one of `TAG_KINDS`), or None."""
    return decode.tag_kind(tag)


def station_name(routing_indicator: str) -> str | None:
    """The station of a routing indicator: ``"RUEHC"`` -> ``"SECSTATE WASHDC"``; None if unknown."""
    return decode.routing_indicator(routing_indicator)


def precedence_name(prosign: str) -> str | None:
    """The precedence of a prosign: ``"O"`` -> ``"IMMEDIATE"``; None if unknown."""
    found = decode.precedence(prosign)
    return found.name if found else None


def precedence_meaning(precedence: str) -> str | None:
    """One sentence on a precedence prosign or word (``"OO"``, ``"IMMEDIATE"``), or None."""
    found = decode.precedence(precedence)
    return found.meaning if found else None


def caveat_meaning(caveat: str) -> str | None:
    """What a caveat, caption or handling word means (``"NOFORN"``), or None."""
    term = decode.caveat(caveat)
    return term.meaning if term else None


def reason_meaning(reason: str) -> str | None:
    """The category of a classification reason: ``"1.4(d)"`` -> ``"Foreign relations ..."``; None if unknown."""
    term = decode.reason(reason)
    return term.meaning if term else None


def security_warning(code: str) -> str | None:
    """The security warning of format line 4 (``"ZNY"``, ``"ZNR"``), or None."""
    term = decode.security_warning(code)
    return term.meaning if term else None


def security_group(group: str) -> str | None:
    """The security group of format line 4: ``"SSSSS"`` -> ``"Security group: Secret."``; None if unknown."""
    term = decode.security_group(group)
    return term.meaning if term else None


def operating_signal(signal: str) -> str | None:
    """What an operating signal (``"ZZH"``, ``"ZFD"``) means, or None."""
    term = decode.operating_signal(signal)
    return term.meaning if term else None


def marking_description(marking: str) -> str:
    """A portion marking spelled out: ``"S/NF"`` -> ``"Secret, not releasable to foreign nationals"``."""
    return decode.portion_marking(marking) or f"Portion marking {marking}"


def marking_level(marking: str | None) -> str:
    """The level key of a classification or portion marking, for styling: ``"S/NF"`` -> ``"s"``.

    Keys: ``ts``, ``s``, ``c``, ``sbu``, ``lou``, ``u``; ``"other"`` for anything else.
    Reads the words before the first ``/``, dash or parenthesis
    (``"SECRET//NOFORN"`` -> ``s``, ``"C - ENTIRE TEXT"`` -> ``c``).
    """
    if not marking:
        return "other"
    head = marking.upper().replace("(", " ").replace(")", " ").replace("-", "/").split("/")[0]
    head = " ".join(head.split())
    if head in _LEVELS:
        return _LEVELS[head]
    first = head.split(" ")[0] if head else ""
    return _LEVELS.get(first, "other")
