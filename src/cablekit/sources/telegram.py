"""Reader for a bare telegram: transmission header and body, no publisher metadata.

Source: a text file holding only the cable as transmitted, e.g.::

    VZCZCXRO3973                      <- header starts (transmission id)
    OO RUEHBI RUEHCI ...
    DE RUEHTA #2204/01 3570937
    ZNY SSSSS ZZH
    O 230937Z DEC 09                  <- precedence + date-time group (DTG)
    FM AMEMBASSY ASTANA
    TO RUEHC/SECSTATE WASHDC IMMEDIATE 7069
    INFO RUCNCIS/CIS COLLECTIVE 2283  <- header ends with the last addressee line
    S E C R E T SECTION 01 OF 03 ASTANA 002204   <- body starts at the banner

`split_telegram` does the header/body split and is shared by the readers of
formats that wrap a telegram in metadata (``wikileaks-text`` and others). The
reader leaves the metadata empty: the parser derives the reference ID, created
time, classification and origin from the header and the banner.

Example: ``TelegramReader().read(Path("07KINGSTON382.txt"))`` yields one RawCable
whose header starts ``VZCZCXYZ0015`` and whose body starts ``UNCLAS KINGSTON 000382``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar, Iterator, NamedTuple

from ..errors import NoCable
from .base import RawCable
from .encoding import decode_bytes, normalize_newlines
from .stream import read_all

# The banner: classification spelled out (spaced or not) at the start of a line.
_BANNER = re.compile(
    r"^[ \t]*(?:"
    r"S ?E ?C ?R ?E ?T"
    r"|C ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L"
    r"|U ?N ?C ?L ?A ?S(?: ?S ?I ?F ?I ?E ?D)?"
    r"|L ?I ?M ?I ?T ?E ?D +O ?F ?F ?I ?C ?I ?A ?L +U ?S ?E"
    r")(?![A-Za-z])"
)
_TRANSMISSION = re.compile(r"^[ \t]*VZCZC[A-Z0-9]*[ \t]*$")
# Precedence prosign(s), then the DTG: ``O 230937Z DEC 09``, ``O R 181205Z NOV 75 ZFF4``,
# ``0 241208Z OCT 79`` (digit zero for O), or a bare DTG ``291359Z Nov 00``.
_DTG_LINE = re.compile(r"^[ \t]*(?:[ZOPR0]{1,2}(?: [ZOPR0])? +)?\d{6}Z +[A-Za-z]{3} +\d{2,4}\b")
_PRECEDENCE_ROUTING = re.compile(r"^[ \t]*(?:ZZ|OO|PP|RR|OP|PR|RP) +R[A-Z]{3,6}\b")
_FM_LINE = re.compile(r"^[ \t]*FM +\S")
_ADDRESS_LINE = re.compile(r"^[ \t]*(?:TO|INFO|XMT|BT)\b")
_BODY_MARK = re.compile(r"^[ \t]*(?:E\.? ?O\.?|TAGS\b|SUBJ(?:ECT)?:)")

_SCAN_LINES = 400  # header detection looks no further than this many lines
# The mirror site's paragraph anchor kept as a character before a paragraph number: "¶1. (C) ...".
_ANCHOR = re.compile(r"^([ \t]*)\u00b6[ \t]*(?=\d)", re.M)
ANCHORS_DROPPED = "dropped the mirror site's paragraph anchors (¶) before paragraph numbers"


class TelegramParts(NamedTuple):
    """A telegram split in two: ``header`` (may be "") and ``body`` texts, ``\\n`` newlines."""

    header: str
    body: str


def find_header_start(lines: list[str]) -> int | None:
    """Index of the first transmission-header line (VZCZC, precedence+routing, DTG or FM), or None."""
    for i, line in enumerate(lines[:_SCAN_LINES]):
        if (_TRANSMISSION.match(line) or _PRECEDENCE_ROUTING.match(line)
                or _DTG_LINE.match(line) or _FM_LINE.match(line)):
            return i
    return None


def find_banner(lines: list[str], start: int = 0) -> int | None:
    """Index of the first classification banner line at or after ``start``, or None.

    Example: the line ``S E C R E T SECTION 01 OF 03 ASTANA 002204`` is a banner.
    """
    for i in range(start, min(len(lines), start + _SCAN_LINES)):
        if _BANNER.match(lines[i]):
            return i
    return None


def looks_like_telegram(text: str) -> bool:
    """True when the text has a transmission header (VZCZC, DTG or FM line) or a
    banner followed by body captions (E.O., TAGS or SUBJECT)."""
    lines = text.split("\n")[:_SCAN_LINES]
    if find_header_start(lines) is not None:
        return True
    banner = find_banner(lines)
    return banner is not None and any(_BODY_MARK.match(line) for line in lines[banner:])


def split_telegram(text: str) -> TelegramParts:
    """Split a telegram text (``\\n`` newlines) into its header and body.

    The header runs from the start through the last addressee line; the body starts
    at the first classification banner after the FM line (or after the header start
    when there is no FM line). Lines before the header (a "partial extract" notice,
    1970s page headers) stay in the header. Without a banner the body starts at the
    first blank line after the FM/TO/INFO block. Text with no header line is all
    body, except the lines before its banner (a "partial extract" notice), which
    are the header. Lines are kept as written; only leading and trailing blank lines of
    each part are dropped. Never raises.

    Example: ``split_telegram("P 191558Z MAR 07\\nFM X\\nTO Y\\nUNCLAS KINGSTON 000382\\n1. Hi")``
    gives ``TelegramParts("P 191558Z MAR 07\\nFM X\\nTO Y", "UNCLAS KINGSTON 000382\\n1. Hi")``.
    """
    lines = text.split("\n")
    start = find_header_start(lines)
    if start is None:
        banner = find_banner(lines)
        return TelegramParts(_trim(lines[:banner or 0]), _trim(lines[banner or 0:]))
    fm = next((i for i in range(start, min(len(lines), start + _SCAN_LINES)) if _FM_LINE.match(lines[i])), None)
    banner = find_banner(lines, (fm if fm is not None else start) + 1)
    if banner is None:
        banner = _end_of_addressees(lines, fm if fm is not None else start)
    return TelegramParts(_trim(lines[:banner]), _trim(lines[banner:]))


def _end_of_addressees(lines: list[str], fm: int) -> int:
    """Index after the FM/TO/INFO block: the first blank line, or a body caption line."""
    for i in range(fm + 1, len(lines)):
        if not lines[i].strip() or _BODY_MARK.match(lines[i]):
            return i
        if i - fm > _SCAN_LINES:
            return i
    return len(lines)


def drop_paragraph_anchors(text: str) -> tuple[str, list[str]]:
    """The text without the mirror site's ``¶`` anchors before paragraph numbers; ``(text, repairs)``.

    Telegrams have no ``¶``: the Cablegate site put one before each numbered
    paragraph (a guess, not text), and conversions of its pages kept it.
    Example: ``drop_paragraph_anchors("\u00b61. (C) Summary")[0] == "1. (C) Summary"``.
    """
    new, n = _ANCHOR.subn(r"\1", text)
    return (new, [ANCHORS_DROPPED]) if n else (text, [])


def trim_blank_lines(text: str) -> str:
    """The text without blank (or whitespace-only) lines at both ends; inner lines kept exactly."""
    return _trim(text.split("\n"))


def _trim(lines: list[str]) -> str:
    """Join lines, dropping blank lines at both ends (inner lines kept exactly)."""
    first, last = 0, len(lines)
    while first < last and not lines[first].strip():
        first += 1
    while last > first and not lines[last - 1].strip():
        last -= 1
    return "\n".join(lines[first:last])


class TelegramReader:
    """A text file holding one bare telegram (no metadata)."""

    name: ClassVar[str] = "telegram"
    description: ClassVar[str] = "bare telegram text: transmission header (VZCZC/DTG/FM/TO) then body from the banner"

    def match(self, path: Path, head: bytes) -> float:
        """0.3 for a text with a header line, 0.2 for a banner with captions, else 0
        (low, so richer formats that also hold a telegram win)."""
        text = normalize_newlines(head.decode("utf-8", errors="replace"))
        if text.lstrip().startswith("<"):
            return 0.0  # markup: an HTML page or fragment is another reader's
        lines = text.split("\n")[:_SCAN_LINES]
        if find_header_start(lines) is not None:
            return 0.3
        return 0.2 if looks_like_telegram(text) else 0.0

    def read(self, path: Path) -> Iterator[RawCable]:
        """One RawCable with header and body; raises NoCable when the text holds no telegram."""
        text, repairs = decode_bytes(read_all(path), path)
        text = normalize_newlines(text)
        if not looks_like_telegram(text):
            raise NoCable(str(path), "holds no cable: no transmission header (DTG, FM line) and no classification "
                                     "banner, not a cable")
        text, dropped = drop_paragraph_anchors(text)
        parts = split_telegram(text)
        yield RawCable(path=str(path), format=self.name, header=parts.header, body=parts.body,
                       repairs=repairs + dropped)
