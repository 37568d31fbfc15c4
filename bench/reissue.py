"""Re-issue a real cable under another reference ID and date, as a cables.csv row.

A `Template` is made once per corpus cable: its header and body text cut into
literal pieces (already escaped the cables.csv way) and slots for the lines that
name the cable itself. Filling the slots for a new reference ID gives a coherent
cable: the banner and page-break lines (``ASTANA 002204``, ``ASTANA 00002204 002 OF 003``)
carry the new post and serial, the DE line (``DE RUEHTA #2204/01 3570937``) the
new station serial (last four digits), Julian day and time, the first DTG and
the partial-extract dateline (``Tuesday, 20 January 2004, 09:44``) the new
date, and the FM line the new post. The rest of the text is the real cable.

cables.csv layout (see ../shared/corpus/formats/PROVENANCE.md (a)): 8 fields,
each double-quoted; ``\\``, ``"`` and ``'`` escaped with a backslash; raw LF
inside fields; every body line ends with a space; a record ends with ``"`` + LF.

Example::

    >>> t = make_template(raw_cable)                       # a RawCable of 09ASTANA2204
    >>> t.row(1, "09ASTANA17", when, Post.of("ASTANA"))    # '"1","1/5/2009 8:12","09ASTANA17",...'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from cablekit.refid import canonicalize, split
from cablekit.sources.base import RawCable

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DTG = re.compile(r"\b([0-3]\d)([0-2]\d)([0-5]\d)Z[ \t]+(" + "|".join(_MONTHS) + r")[ \t]+(\d{2})\b", re.I)
_DATELINE = re.compile(r"\A(?:" + "|".join(_DAY_NAMES) + r"), \d{1,2} (?:" + "|".join(_MONTH_NAMES)
                       + r") \d{4}, \d{2}:\d{2}")
_DE = re.compile(r"^DE (R[A-Z0-9]{3,7}) #(\d{1,5})(?:/\d+)? (\d{7})\b", re.M)
_FM = re.compile(r"^FM ([^\n]*?[^\s])[ \t]*$", re.M)
REAL_DUMP_ROWS = 251_287


def escape(text: str) -> str:
    """A field's text escaped the cables.csv way (backslash before ``\\``, ``"`` and ``'``)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")


def csv_body(body: str) -> str:
    """A reader's body text in the dump's line convention: each line ends with a space, then LF."""
    return "".join(line + " \n" for line in body.rstrip("\n").split("\n"))


def csv_created(when: datetime) -> str:
    """The dump's Created column, ``M/D/YYYY H:MM`` without zero padding (``"12/28/1966 18:48"``)."""
    return f"{when.month}/{when.day}/{when.year} {when.hour}:{when.minute:02d}"


@dataclass(frozen=True)
class Post:
    """How a post is written in a re-issued cable.

    post: the post as in reference IDs (``"BUENOSAIRES"``); banner: as in the banner line
    (``"BUENOS AIRES"``); origin: the metadata origin (``"Embassy Buenos Aires"``);
    fm: the FM line's address (``"AMEMBASSY BUENOS AIRES"``); routing_indicator: the DE line's (``"RUEHBU"``) or None.
    """

    post: str
    banner: str
    origin: str
    fm: str
    routing_indicator: str | None = None

    @classmethod
    def of(cls, post: str) -> "Post":
        """A made-up but plausible Post for a post no corpus cable comes from."""
        if post == "STATE":
            return cls(post, post, "Secretary of State", "SECSTATE WASHDC", "RUEHC")
        if post.startswith("US") and len(post) > 4:
            return cls(post, post, f"Mission {post}", f"USMISSION {post}")
        return cls(post, post, f"Embassy {post.title()}", f"AMEMBASSY {post}")


@dataclass
class Template:
    """One corpus cable cut into escaped literal pieces and slots, ready to be re-issued.

    reference_id/post/serial: the cable's own ID and its parts (post None if the ID can't be split).
    parts: header pieces, then None (the field break), then body pieces; a piece is a str or a
        slot tuple (``("dtg", upper)``, ``("dateline",)``, ``("de_ri", ri)``, ``("de_serial",)``,
        ``("de_time",)``, ``("fm", text)``, ``("banner", width, text)``).
    when: the date the cable's own text gives (first DTG, else dateline), or the metadata Created.
    seen: the Post facts the text shows (banner spelling, FM address, routing indicator).
    """

    reference_id: str
    post: str | None
    serial: int | None
    classification: str
    origin: str
    references: str
    parts: list = field(default_factory=list)
    when: datetime | None = None
    seen: Post | None = None
    row_bytes: int = 0  # UTF-8 bytes of the cable's own row (its size under another ID is close)

    def row(self, number: int, reference_id: str, when: datetime, post: Post | None) -> str:
        """The cables.csv record (with its final LF) of this text re-issued as ``reference_id``.

        post: how to write the new post, or None to keep the text's own (an ID that can't be split).
        """
        parts = split(canonicalize(reference_id))
        serial = parts.serial if parts else None
        fields = [str(number), csv_created(when), escape(reference_id),
                  escape(post.origin if post else self.origin), escape(self.classification), self.references]
        out = ['"', '","'.join(fields), '","']
        for piece in self.parts:
            if piece is None:
                out.append('","')
            elif isinstance(piece, str):
                out.append(piece)
            else:
                out.append(escape(_fill(piece, when, post, serial)))
        out.append('"\n')
        return "".join(out)


def _fill(slot: tuple, when: datetime, post: Post | None, serial: int | None) -> str:
    """The text of one slot for the new date, post and serial."""
    kind = slot[0]
    if kind == "dtg":
        month = _MONTHS[when.month - 1]
        return f"{when.day:02d}{when.hour:02d}{when.minute:02d}Z {month if slot[1] else month.title()} {when.year % 100:02d}"
    if kind == "dateline":
        return (f"{_DAY_NAMES[when.weekday()]}, {when.day} {_MONTH_NAMES[when.month - 1]} {when.year}, "
                f"{when.hour:02d}:{when.minute:02d}")
    if kind == "de_time":
        return f"{when.timetuple().tm_yday:03d}{when.hour:02d}{when.minute:02d}"
    if post is None or serial is None:
        return slot[-1]
    if kind == "de_ri":
        return post.routing_indicator or slot[1]
    if kind == "de_serial":
        return f"{serial % 10000:04d}"
    if kind == "fm":
        return post.fm
    if kind == "banner":
        return f"{post.banner} {serial:0{slot[1]}d}"
    raise ValueError(f"unknown slot {kind!r}")


def make_template(raw: RawCable, references: list[str]) -> Template:
    """Cut a corpus cable into a Template; ``references`` are the IDs for the references column.

    Raises ValueError when the cable has no reference ID in its metadata.
    """
    rid = raw.metadata.get("reference_id", "")
    if not rid:
        raise ValueError(f"{raw.path}: no reference ID in the metadata")
    parts = split(canonicalize(rid))
    header, body = raw.header, csv_body(raw.body)
    hslots: list[tuple[int, int, tuple]] = []
    bslots: list[tuple[int, int, tuple]] = []
    when = None
    m = _DTG.search(header)
    target = hslots if m else bslots
    if not m:  # a partial extract: the DTG, if any, is near the top of the body
        m = _DTG.search(body, 0, _nth_line_end(body, 20))
    if m:
        target.append((m.start(), m.end(), ("dtg", m.group(4).isupper(), m.group(0))))
        when = _dtg_datetime(m)
    d = _DATELINE.match(body)
    if d:
        bslots.append((d.start(), d.end(), ("dateline", d.group(0))))
        when = when or _parse_dateline(d.group(0))
    ri = fm = banner = None
    de = _DE.search(header)
    if de:
        ri = de.group(1)
        hslots += [(de.start(1), de.end(1), ("de_ri", ri)), (de.start(2), de.end(2), ("de_serial", de.group(2))),
                   (de.start(3), de.end(3), ("de_time", de.group(3)))]
    f = _FM.search(header)
    if f:
        fm = f.group(1)
        hslots.append((f.start(1), f.end(1), ("fm", fm)))
    if parts:
        pattern = re.compile(r"\b(" + r" ?".join(map(re.escape, parts.post)) + r")[ \t]+(0*" + str(parts.serial) + r")\b")
        for slots, text in ((hslots, header), (bslots, body)):
            for b in pattern.finditer(text):
                banner = banner or b.group(1)
                slots.append((b.start(), b.end(), ("banner", len(b.group(2)), b.group(0))))
    pieces = _cut(header, hslots) + [None] + _cut(body, bslots)
    if when is None and raw.metadata.get("created"):
        when = _parse_created(raw.metadata["created"])
    refs = "|".join(sorted(set(references)))
    t = Template(rid, parts.post if parts else None, parts.serial if parts else None,
                 raw.metadata.get("classification", ""), raw.metadata.get("origin", ""), escape(refs), pieces, when)
    if parts:
        t.seen = Post(parts.post, banner or parts.post, t.origin or Post.of(parts.post).origin,
                      fm or Post.of(parts.post).fm, ri)
    t.row_bytes = len(t.row(REAL_DUMP_ROWS, rid, t.when or datetime(2009, 1, 1), t.seen).encode("utf-8"))
    return t


def _cut(text: str, slots: list[tuple[int, int, tuple]]) -> list:
    """Literal pieces (escaped) and slots of ``text``; overlapping slots after the first are dropped."""
    out: list = []
    pos = 0
    for start, end, slot in sorted(slots, key=lambda s: s[0]):
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(slot)
        pos = end
    out.append(escape(text[pos:]))
    return [p for p in out if p != ""]


def _nth_line_end(text: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = text.find("\n", pos + 1)
        if pos < 0:
            return len(text)
    return pos


def _dtg_datetime(m: re.Match) -> datetime | None:
    """The datetime of a DTG match (two-digit year read like the ID's), or None if impossible."""
    yy = int(m.group(5))
    try:
        return datetime(1900 + yy if yy >= 60 else 2000 + yy, _MONTHS.index(m.group(4).upper()) + 1,
                        int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _parse_dateline(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.split(", ", 1)[1], "%d %B %Y, %H:%M")
    except ValueError:
        return None


def _parse_created(text: str) -> datetime | None:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    return None
