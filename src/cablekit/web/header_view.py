"""The transmission header, split into tokens that each carry their decoded meaning.

Reads the ACP-127 header as the cable gives it (see ``../shared/docs/cable-format.md``):
the ``VZCZC`` transmission id, the doubled precedence prosign and routing
indicators, the ``DE`` line (originating station, station serial, section,
Julian day and time), the security line, the precedence prosign and date-time
group (DTG), and the FM/TO/INFO/XMT addressee lines. Lines of other header
families are kept as plain text. Every token keeps its exact text, so the
rendered header reads like the original with meanings on hover and focus.

Example::

    >>> lines = header_lines("DE RUEHTA #2204/01 3570937")
    >>> [t.text for t in lines[0] if t.tip]
    ['DE', 'RUEHTA', '#2204/01', '3570937']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from . import decoding

_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December")
_PRECEDENCE_WORDS = ("NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH")

_WORDS = re.compile(r"\S+|\s+")
_TRANSMISSION = re.compile(r"^VZCZC([A-Z]*?)(\d*)$")
_DOUBLED_PROSIGN = re.compile(r"^([ZOPR])\1$")
_ROUTING_INDICATOR = re.compile(r"^R[A-Z0-9]{3,7}$")
_STATION_SERIAL = re.compile(r"^#(\d{1,6})(?:/(\d{1,3}))?$")
_JULIAN_TIME = re.compile(r"^(\d{3})(\d{2})(\d{2})$")
_SECURITY_GROUP = re.compile(r"^([A-Z])\1{4}$")
_OPERATING_SIGNAL = re.compile(r"^Z[A-Z]{2}$")
_DTG_LINE = re.compile(r"^(?:([ZOPR0])(\s+[ZOPR0])?(\s+))?(\d{6}Z\s+[A-Za-z]{3}\s+\d{2,4})(.*)$")
_DTG = re.compile(r"^(\d{2})(\d{2})(\d{2})Z\s+([A-Z]{3})\s+(\d{2,4})$")
_MAX_LINE = 400
_ROUTED_TO = "a station the message is routed to"
_ROLES = {"TO": "Action addressee", "INFO": "Information addressee", "XMT": "Exempted addressee"}


@dataclass
class Token:
    """A piece of a header line: its text as written, its kind (CSS class) and its meaning.

    tip: the meaning shown on hover/focus; None for plain text.
    """

    text: str
    kind: str = "text"
    tip: str | None = None


def dtg_description(dtg: str) -> str | None:
    """The date-time group as words: ``"230937Z DEC 09"`` -> ``"23 December 2009, 09:37 UTC (Zulu)"``.

    Two-digit years are read as 19YY from 50 up, else 20YY; None when the DTG has no such shape.
    """
    m = _DTG.match(" ".join(dtg.split()).upper())
    if not m or m.group(4) not in _MONTHS:
        return None
    day, hour, minute, month, year = int(m.group(1)), m.group(2), m.group(3), _MONTHS[m.group(4)], m.group(5)
    full_year = int(year) if len(year) == 4 else (1900 if int(year) >= 50 else 2000) + int(year)
    return f"{day} {_MONTH_NAMES[month - 1]} {full_year}, {hour}:{minute} UTC (Zulu)"


def _dtg_year(header: str) -> int | None:
    for line in header.split("\n"):
        m = _DTG_LINE.match(line.strip())
        if m:
            year = _DTG.match(" ".join(m.group(4).split()).upper())
            if year:
                y = year.group(5)
                return int(y) if len(y) == 4 else (1900 if int(y) >= 50 else 2000) + int(y)
    return None


def _prosign(letter: str, doubled: bool = False) -> Token:
    code = "O" if letter == "0" else letter
    meaning = decoding.precedence_meaning(code * 2 if doubled else code)
    what = "Precedence prosign" + (", doubled on the routing line" if doubled else "")
    return Token(letter * 2 if doubled else letter, "prec", f"{what} \u2014 {meaning}" if meaning else what)


def _indicator(ri: str, role: str | None = None, named: str | None = None) -> Token:
    """A routing indicator token: ``"Routing indicator RUEHTA: AMEMBASSY ASTANA (the originating station)"``.

    ``named`` is the addressee the line itself pairs the indicator with; when the table knows the
    indicator under another name (a shared indicator such as RUEKJCS), both are said.
    """
    station = decoding.station_name(ri)
    if named and station and " ".join(named.split()) != station:
        tip = (f"Routing indicator {ri}, here for {named} (the station the table gives for it is {station}; "
               "one indicator can serve several addressees)")
    elif station or named:
        tip = f"Routing indicator {ri}: {station or named}" + ("" if station else " (station not in our routing table)")
    else:
        tip = f"Routing indicator {ri}: station not in our routing table"
    return Token(ri, "ri", tip + (f" ({role})" if role else ""))


_ADDRESS_WORDS = {"AMEMBASSY": "American Embassy", "AMCONSUL": "American Consulate", "USMISSION": "U.S. Mission",
                  "SECSTATE": "Secretary of State", "WASHDC": "Washington, D.C.", "USDEL": "U.S. Delegation",
                  "AMCONGEN": "American Consulate General", "USINT": "U.S. Interests Section"}


def _address_tip(name: str, role: str) -> str:
    """What an addressee's plain-language address says: ``"AMEMBASSY BEIJING"`` ->
    ``"Information addressee AMEMBASSY BEIJING (AMEMBASSY: American Embassy)"``; a collective
    address is said to stand for a group of posts."""
    words = name.split()
    known = [f"{w}: {_ADDRESS_WORDS[w]}" for w in dict.fromkeys(words) if w in _ADDRESS_WORDS]
    tip = f"{role} {name}" + (f" ({'; '.join(known)})" if known else "")
    if words and words[-1] == "COLLECTIVE":
        tip += ", a collective address: one address standing for a group of posts"
    return tip


def _transmission(word: str) -> list[Token]:
    m = _TRANSMISSION.match(word)
    parts = ["Transmission identifier: VZCZC marks the start of the message"]
    if m and m.group(1):
        parts.append(f"relay (transfer) station {m.group(1)}")
    if m and m.group(2):
        parts.append(f"its serial {m.group(2)}")
    return [Token(word, "tid", ", ".join(parts))]


def _de_word(word: str, index: int, year: int | None) -> Token:
    if index == 0:
        return Token(word, "kw", "DE (from): the originating station's routing indicator follows")
    if _ROUTING_INDICATOR.match(word):
        return _indicator(word, "the originating station")
    m = _STATION_SERIAL.match(word)
    if m:
        tip = f"Station serial number {int(m.group(1))}"
        if m.group(2):
            tip += f", section {int(m.group(2))}"
        return Token(word, "serial", tip)
    m = _JULIAN_TIME.match(word)
    if m:
        day = int(m.group(1))
        tip = f"Julian day {day} and time {m.group(2)}:{m.group(3)} UTC of transmission"
        if year and 1 <= day <= 366:
            d = date(year, 1, 1) + timedelta(days=day - 1)
            tip += f" ({d.day} {_MONTH_NAMES[d.month - 1]} {d.year})"
        return Token(word, "time", tip)
    return Token(word)


def _security_word(word: str, index: int) -> Token:
    if index == 0:
        meaning = decoding.security_warning(word)
        return Token(word, "kw", f"Security line. {meaning}" if meaning else "Security line")
    if _SECURITY_GROUP.match(word):
        return Token(word, "sec", decoding.security_group(word) or "Security group")
    if _OPERATING_SIGNAL.match(word):
        meaning = decoding.operating_signal(word)
        return Token(word, "sig", f"Operating signal {word}: {meaning}" if meaning else f"Operating signal {word}")
    return Token(word)


def _strip_tail(name: str) -> str:
    """An addressee name without its trailing serial and precedence word."""
    words = name.split()
    if words and words[-1].isdigit():
        words.pop()
    joined = " ".join(words)
    for prec in _PRECEDENCE_WORDS:
        if joined.endswith(" " + prec):
            return joined[: -len(prec) - 1]
    return joined


def _addressee(rest: str, role: str = "Addressee") -> list[Token]:
    """``RUEHC/SECSTATE WASHDC IMMEDIATE 7069`` (or a name without indicator) as tokens:
    the routing indicator, the plain-language address (``role`` says whose), the
    addressee's precedence and its message continuity number (MCN)."""
    tokens: list[Token] = []
    lead = rest[: len(rest) - len(rest.lstrip())]
    body = rest.strip()
    if lead:
        tokens.append(Token(lead))
    ri, slash, name = body.partition("/")
    if slash and _ROUTING_INDICATOR.match(ri):
        tokens += [_indicator(ri, None, _strip_tail(name)), Token("/")]
    else:
        name = body
    words = name.split(" ")
    tail: list[Token] = []
    if words and words[-1].isdigit() and len(words) > 1:
        serial = words.pop()
        tail = [Token(" "), Token(serial, "serial", f"Message continuity number (MCN) {int(serial)}: "
                                                     "a running count of the traffic to this addressee")]
    joined = " ".join(words)
    for prec in _PRECEDENCE_WORDS:
        if joined.endswith(" " + prec):
            meaning = decoding.precedence_meaning(prec)
            tip = f"Precedence for this addressee \u2014 {meaning}" if meaning else f"Precedence for this addressee: {prec}"
            tail[:0] = [Token(" "), Token(prec, "prec", tip)]
            joined = joined[: -len(prec) - 1]
            break
    if joined:
        tokens.append(Token(joined, "addr", _address_tip(joined, role)))
    return tokens + tail


def _header_line(line: str, state: dict[str, object]) -> list[Token]:
    stripped = line.strip()
    words = stripped.split()
    if not words or len(line) > _MAX_LINE:
        return [Token(line)]
    first = words[0]
    lead = [Token(line[: len(line) - len(line.lstrip())])] if line[:1].isspace() else []
    if first.startswith("VZCZC") and len(words) == 1:
        state["mode"] = "routing"
        return lead + _transmission(first)
    if _DOUBLED_PROSIGN.match(first) and all(_ROUTING_INDICATOR.match(w) for w in words[1:]):
        state["mode"] = "routing"
        return lead + _spaced(stripped, lambda w, i: _prosign(w[0], True) if i == 0 else _indicator(w, _ROUTED_TO))
    if state.get("mode") == "routing" and all(_ROUTING_INDICATOR.match(w) for w in words):
        return lead + _spaced(stripped, lambda w, i: _indicator(w, _ROUTED_TO))
    if first == "DE" and len(words) > 1:
        state["mode"] = None
        year = state.get("year")
        return lead + _spaced(stripped, lambda w, i: _de_word(w, i, year if isinstance(year, int) else None))
    if first in ("ZNY", "ZNR") and len(words) > 1:
        return lead + _spaced(stripped, _security_word)
    m = _DTG_LINE.match(stripped)
    if m:
        state["mode"] = None
        tokens = list(lead)
        if m.group(1):
            tokens.append(_prosign(m.group(1)))
        if m.group(2):
            tokens += [Token(m.group(2)[:-1]), _prosign(m.group(2)[-1])]
        if m.group(3):
            tokens.append(Token(m.group(3)))
        tip = dtg_description(m.group(4))
        tokens.append(Token(m.group(4), "dtg", f"Date-time group: {tip}" if tip else "Date-time group"))
        return tokens + ([Token(m.group(5))] if m.group(5) else [])
    if first == "FM":
        state["mode"] = None
        return lead + [Token("FM", "kw", "FM (from): the originator"), *_addressee(stripped[2:], "Originator")]
    if first in ("TO", "INFO", "XMT"):
        roles = {"TO": "TO: action addressee, expected to act on the message",
                 "INFO": "INFO: information addressee, receives a copy for its knowledge",
                 "XMT": "XMT (exempt): left out of the collective address above"}
        state["mode"] = first
        kw = Token(first, "kw", roles[first])
        return lead + [kw, *_addressee(stripped[len(first):], _ROLES[first])]
    if first == "BT" and len(words) == 1:
        state["mode"] = None
        return lead + [Token("BT", "kw", "BT (break): separates the header from the text")]
    if state.get("mode") in ("TO", "INFO") and ("/" in first or stripped.isupper()):
        return lead + _addressee(stripped, _ROLES[str(state["mode"])])
    return [Token(line)]


def _spaced(text: str, decode: object) -> list[Token]:
    """Tokens of ``text``, keeping its whitespace; ``decode(word, index)`` decodes each word."""
    tokens: list[Token] = []
    index = 0
    for piece in _WORDS.findall(text):
        if piece.isspace():
            tokens.append(Token(piece))
        else:
            tokens.append(decode(piece, index))  # type: ignore[operator]
            index += 1
    return tokens


def header_lines(header: str) -> list[list[Token]]:
    """The header text as lines of tokens (one list per line, text kept exactly).

    Never raises: a line of an unknown shape is one plain token.
    """
    state: dict[str, object] = {"mode": None, "year": _dtg_year(header)}
    return [_header_line(line, state) for line in header.split("\n")]
