"""The transmission header: transmission id, precedence, DE line, security line, DTG, FM/TO/INFO.

One pass over the lines with a small state machine, for every header family
of the corpus (see ``../shared/docs/cable-format.md``):

- ACP-127 (SIPRNet era): ``VZCZCXRO3973`` / ``OO RUEHBI ...`` (wrapped routing
  indicators) / ``DE RUEHTA #2204/01 3570937`` / ``ZNY SSSSS ZZH`` / DTG / FM / TO / INFO.
- ACP-126 and printed telegrams: the DTG line first (``P R 281848Z DEC 66``,
  ``0 241208Z OCT 79`` with a digit zero, ``061601Z MAY 78`` without prosign).
- Partial extracts: ``291359Z Nov 00`` alone, then page headers, an office
  distribution block and FM/TO/INFO.
- Anything before the DTG line (e-mail preambles, ``Distribution:`` blocks,
  fragments of the addressee list, the 1970s ``PAGE 01``/``ORIGIN``/``INFO
  OCT-01``/``DRAFTED BY`` block) only counts for the VZCZC, DE and security lines.

Addressees are read only after the FM line (or, without one, the DTG line), so
office distribution lists (``INFO LOG-00 ...``) and preamble fragments never
count; page headers (``TO PAGE 02 STATE 015113 182333Z``), classification
footers and charge notations (``STATE GRNC``) inside the list are skipped.

Example::

    >>> h = parse_header("R 130458Z AUG 79\\nFM AMEMBASSY TEHRAN\\nTO SECSTATE WASHDC 3182")
    >>> (h.precedence, h.dtg, h.to[0].name, h.to[0].serial)
    ('ROUTINE', '130458Z AUG 79', 'SECSTATE WASHDC', 3182)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Addressee

# Longest line looked at: headers are short, a longer line is not header text.
_MAX_LINE = 400

_VZCZC = re.compile(r"VZCZC[A-Z0-9]{2,}")
_DE = re.compile(r"DE\s+([A-Z0-9]{3,8})\s+#\s?(\d{1,6})(?:/(\d{1,3}))?(?:\s+(\d{3})(\d{4}))?\b")
_SECURITY = re.compile(r"ZN[YR]\s+[A-Z]{5}\b")
_DTG = re.compile(
    r"(?:([ZOPR0])\s+(?:([ZOPR0])\s+)?)?"      # prosigns: action, info precedence
    r"([0-3]\d[0-2]\d[0-5]\dZ)\s+([A-Za-z]{3})\s+(\d{2}(?:\d{2})?)(?![\d:])"
)
_FM = re.compile(r"FM\s+(\S.*)")
_TO = re.compile(r"TO\b\s*(.*)")
_INFO = re.compile(r"INFO\b\s*(.*)")
_XMT = re.compile(r"XMT\s+(\S.*)")
# Office distribution lists: "LOG-00   MFA-00 ...", "/007R", "ACTION NEA-00".
_OFFICE_LIST = re.compile(r"(?:[A-Z][A-Z0-9]*-\d\d\s*|/\d{3}\s?[A-Z]\s*)+")
_ACTION_OFFICE = re.compile(r"ACTION\s+[A-Z][A-Z0-9]*-\d\d\b")
# Page headers of printed telegrams: "PAGE 02        STATE   015113  182333Z".
_PAGE = re.compile(r"PAGE\s+\d{1,3}\b")
# Classification footer/header lines ("CONFIDENTIAL", "CONFIDENTIAL     PTQ1859").
_CLASSIFICATION_LINE = re.compile(
    r"(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?:\s+[A-Z]{3}\d{3,5})?")
# Where the header ends and the body starts (when a reader hands over both).
_BODY_START = re.compile(
    r"(?:BT|NNNN|SIPDIS|NOFORN|E\.\s?O\.|EO\s+1\d{4}|TAGS?\b|SUBJ(?:ECT)?\b|SECTION\s+\d+\s+OF\s+\d"
    r"|(?:S E C R E T|C O N F I D E N T I A L|UNCLAS(?:SIFIED)?|LIMITED OFFICIAL USE)\s+\S"
    r"|(?:SECRET|CONFIDENTIAL)\s+(?!SERVICE\b)[A-Z][A-Z ]*\s\d{3,})")
# Handling and charge notations that end a 1960s list ("STATE GRNC").
_CHARGE = re.compile(r"(?:[A-Z]+\s+)?GRNC")
_ROUTING_INDICATOR = re.compile(r"R[A-Z0-9]{3,7}|ZEN")
_SERIAL = re.compile(r"(\d{1,5})(?:-\d{1,5})?")

_PROSIGNS = {"Z": "FLASH", "O": "IMMEDIATE", "0": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
_PRECEDENCE_WORDS = {"FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"}
_WS = re.compile(r"\s+")


@dataclass
class HeaderFields:
    """What the header gives; see `cablekit.model.Cable` for each field.

    section: the section number of the DE line (``/01`` gives 1), or None.
    julian_day / julian_time: the DE line's day of the year and time of
        transmission (``3570937`` gives 357 and ``"0937"``), or None.
    info_precedence: the second prosign of ``O R 180800Z ...`` (``"ROUTINE"``), or None.
    """

    transmission_id: str | None = None
    precedence: str | None = None
    station: str | None = None
    station_serial: int | None = None
    security_line: str | None = None
    dtg: str | None = None
    from_: Addressee | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    section: int | None = None
    julian_day: int | None = None
    julian_time: str | None = None
    info_precedence: str | None = None


def parse_header(text: str) -> HeaderFields:
    """Parse a transmission header text (``\\n`` newlines) into HeaderFields.

    Never raises: a text with no header elements gives empty fields. The
    precedence is the first action addressee's precedence word, else the
    DTG line's first prosign (O=IMMEDIATE, P=PRIORITY, R=ROUTINE, Z=FLASH).
    """
    h = HeaderFields()
    mode = ""            # "" (not in the address list), "to", "info", "end"
    prosign: str | None = None
    seen: set[str] = set()
    exempt: set[str] = set()
    order: list[Addressee] = []
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if not line or len(line) > _MAX_LINE:
            continue
        if mode == "end":
            break
        if h.from_ is None and mode == "":
            if _header_line(h, line):
                continue
            m = _DTG.match(line) if h.dtg is None else None
            if m:
                h.dtg = f"{m.group(3)} {m.group(4)} {m.group(5)}"
                prosign = m.group(1)
                if m.group(2):
                    h.info_precedence = _PROSIGNS[m.group(2)]
                continue
            m = _FM.match(line)
            if m:
                h.from_ = _from_addressee(m.group(1))
                continue
            m = _TO.match(line)
            if not (m and h.dtg):
                continue
            mode, line = "to", m.group(1)
        else:
            if h.from_ is None and line.startswith("FM "):
                h.from_ = _from_addressee(line[3:])
                continue
            m = _TO.match(line)
            if m and not h.to and mode in ("", "to"):
                mode, line = "to", m.group(1)
            else:
                m = _INFO.match(line)
                if m:
                    mode, line = "info", m.group(1)
                    if _OFFICE_LIST.fullmatch(line):
                        mode = "" if not (h.to or h.info) else "end"
                        continue
                elif mode == "":
                    continue
        if not line:
            continue
        m = _XMT.match(line)
        if m:
            name = _addressee(m.group(1)).name
            exempt.add(name)
            _collective_before(order).exempt.append(name)
            continue
        if _skip_address_line(line):
            continue
        if _BODY_START.match(line):
            mode = "end"
            continue
        a = _addressee(line)
        if not a.name or a.name in seen or a.name in exempt:
            continue
        seen.add(a.name)
        order.append(a)
        (h.to if mode == "to" else h.info).append(a)
    h.precedence = _precedence(h.to, prosign)
    if h.from_ and not (h.to or h.info):
        h.warnings.append("header: FM line without TO or INFO addressees")
    if h.dtg is None and (h.from_ or h.transmission_id):
        h.warnings.append("header: no date-time group")
    return h


def _header_line(h: HeaderFields, line: str) -> bool:
    """Take a VZCZC, DE or security line into ``h``; True when the line was one."""
    if h.transmission_id is None and line.startswith("VZCZC"):
        m = _VZCZC.match(line)
        if m:
            h.transmission_id = m.group(0)
            return True
    if h.station is None and line.startswith("DE "):
        m = _DE.match(line)
        if m:
            h.station, h.station_serial = m.group(1), int(m.group(2))
            h.section = int(m.group(3)) if m.group(3) else None
            if m.group(4):
                h.julian_day, h.julian_time = int(m.group(4)), m.group(5)
            return True
    if h.security_line is None and line.startswith("ZN"):
        if _SECURITY.match(line):
            h.security_line = _WS.sub(" ", line)
            return True
    return False


def _skip_address_line(line: str) -> bool:
    """Page headers, classification footers, office lists and charge notations."""
    return bool(_PAGE.match(line) or _CLASSIFICATION_LINE.fullmatch(line)
                or _ACTION_OFFICE.match(line) or _OFFICE_LIST.fullmatch(line)
                or _CHARGE.fullmatch(line))


def _addressee(text: str) -> Addressee:
    """One address line: ``RUEHC/SECSTATE WASHDC IMMEDIATE 7069`` -> name, RI, precedence, MCN.

    Token-based (no backtracking): the serial is a trailing 1-5 digit number
    (a range ``4778-4781`` keeps its first number), then a precedence word
    (``NIACT IMMEDIATE`` counts as one), then the name. ``ZEN/`` (delivered by
    other means) is dropped and gives no routing indicator.
    """
    words = text.split()
    ri = None
    if words and "/" in words[0]:
        head, _, rest = words[0].partition("/")
        if _ROUTING_INDICATOR.fullmatch(head) and not rest.startswith("/"):
            ri = None if head == "ZEN" else head
            words[0] = rest
            if not rest:
                words.pop(0)
    serial = None
    if len(words) > 1:
        m = _SERIAL.fullmatch(words[-1])
        if m:
            serial = int(m.group(1))
            words.pop()
    precedence = None
    if len(words) > 1 and words[-1] in _PRECEDENCE_WORDS:
        precedence = words.pop()
        if precedence == "IMMEDIATE" and len(words) > 1 and words[-1] == "NIACT":
            words.pop()
            precedence = "NIACT IMMEDIATE"
    return Addressee(name=" ".join(words), routing_indicator=ri, precedence=precedence, serial=serial)


def _from_addressee(text: str) -> Addressee:
    """The FM line's originator: the name as written (whitespace-normalized), RI split off."""
    words = text.split()
    ri = None
    head, sep, rest = words[0].partition("/")
    if sep and rest and _ROUTING_INDICATOR.fullmatch(head) and head != "ZEN":
        ri, words[0] = head, rest
    return Addressee(name=" ".join(words), routing_indicator=ri)


def _collective_before(order: list[Addressee]) -> Addressee:
    """The addressee an XMT line belongs to: the last collective address, else the last one."""
    for a in reversed(order):
        if "COLLECTIVE" in a.name or a.name.startswith("ALL "):
            return a
    return order[-1] if order else Addressee(name="")


def _precedence(to: list[Addressee], prosign: str | None) -> str | None:
    """First action addressee's precedence word, else the DTG line's first prosign."""
    if to and to[0].precedence:
        return "IMMEDIATE" if to[0].precedence == "NIACT IMMEDIATE" else to[0].precedence
    return _PROSIGNS.get(prosign) if prosign else None
