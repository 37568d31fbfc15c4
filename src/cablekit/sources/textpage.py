"""Reader for the WikiLeaks cable page saved as text (the ``wikileaks-text`` format).

Source: the newer wikileaks.org/cable page as text, e.g. ``pages/09ASTANA2204.txt``::

    Identifier                      <- labels as a block ...
    Created
    Classification
    Origin
    09ASTANA2204                    <- ... then their values in the same order
    2009-12-23 09:37:00
    SECRET//NOFORN
    Embassy Astana
    Cable title:                    <- the title may follow on the next lines
    KAZAKHSTAN: TERRORISM AND SECURITY CONCERNS INFLUENCE
    Tags: PGOV PREL PINR ...        <- separated by no-break spaces
    pdf how-to read a cable         <- links line: the metadata ends here
    VZCZCXRO3973                    <- the telegram: header, then body from the banner

Labels may also come one per line with their value (``Created: 2009-12-23 09:37:00``)
or alternate with their values. The mirror page (cable/YYYY/MM/<ID>.html) saved as
text has the site's navigation first, then the title line and the metadata
table as one header line and one values line::

    Viewing cable 06STATE89712, FURTHER GUIDANCE ON THE SIPDIS CABLE CAPTION
    Reference ID Created Released Classification Origin
    06STATE89712 2006-06-02 16:03 2011-08-30 01:44 UNCLASSIFIED//FOR OFFICIAL USE ONLY Secretary of State
    P 021603Z JUN 06                <- the telegram The header and body are given as on the page
(`cablekit.sources.telegram.split_telegram`); the body parser removes page breaks
and the repeated caption block.

Example: ``WikileaksTextReader().read(Path("../shared/corpus/pages/09ASTANA2204.txt"))``
yields one RawCable with ``metadata["reference_id"] == "09ASTANA2204"``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar, Iterator

from ..errors import NoCable
from .base import RawCable
from .encoding import decode_bytes, normalize_newlines
from .stream import read_all
from .telegram import looks_like_telegram, split_telegram

_LABELS = {
    "identifier": "reference_id",
    "reference id": "reference_id",
    "canonical id": "reference_id",
    "created": "created",
    "date": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
}
_LABEL_LINE = re.compile(r"^(identifier|reference id|canonical id|created|date|released|classification|origin)\s*:?\s*$", re.I)
_LABEL_VALUE = re.compile(r"^(identifier|reference id|canonical id|created|released|classification|origin)\s*:\s*(\S.*)$", re.I)
_TITLE = re.compile(r"^(?:cable title|title|subject)\s*:\s*(.*)$", re.I)
_TAGS = re.compile(r"^tags\s*:\s*(.*)$", re.I)
_LINKS = re.compile(r"^pdf\b.*how-to read a cable\s*$|^how-to read a cable\s*$", re.I)

_META_LINES = 60  # the metadata block is short; nothing past this is metadata
_VIEWING = re.compile(r"^Viewing cable (\S+), (.*)$")
_TABLE_HEADS = re.compile(r"^Reference ID\s+Created\s+Released\s+Classification\s+Origin\s*$")
_TABLE_VALUES = re.compile(
    r"^(?P<reference_id>\S+)\s+(?P<created>\d{4}-\d\d-\d\d \d\d:\d\d)\s+(?P<released>\d{4}-\d\d-\d\d \d\d:\d\d)\s+"
    r"(?P<classification>(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|LIMITED OFFICIAL USE)"
    r"(?://(?:NOFORN|FOR OFFICIAL USE ONLY|ORCON))*)\s+(?P<origin>\S.*?)\s*$")
_VIEWING_LINES = 200  # the site's navigation comes before the title line


class WikileaksTextReader:
    """Text of a wikileaks.org cable page: label block, title, tags, then the telegram."""

    name: ClassVar[str] = "wikileaks-text"
    description: ClassVar[str] = "wikileaks.org cable page as text (Identifier/Created/... labels, Cable title, Tags, telegram)"

    def match(self, path: Path, head: bytes) -> float:
        """0.9 when the text opens with publisher labels and has a ``Cable title:``
        or links line; 0.8 for labels followed by a telegram; else 0."""
        lines = [_clean(line) for line in normalize_newlines(head.decode("utf-8", errors="replace")).split("\n")]
        if _viewing_block(lines) is not None:
            return 0.9
        top = [line for line in lines[:_META_LINES] if line]
        if not top or not (_LABEL_LINE.match(top[0]) or _LABEL_VALUE.match(top[0])):
            return 0.0
        if any(_TITLE.match(line) and line.lower().startswith("cable title") or _LINKS.match(line) for line in top):
            return 0.9
        labels = sum(1 for line in top[:10] if _LABEL_LINE.match(line) or _LABEL_VALUE.match(line))
        return 0.8 if labels >= 2 and looks_like_telegram("\n".join(lines)) else 0.0

    def read(self, path: Path) -> Iterator[RawCable]:
        """One RawCable; raises NoCable when the page has metadata but no telegram text."""
        text, repairs = decode_bytes(read_all(path), path)
        lines = normalize_newlines(text).split("\n")
        viewing = _viewing_block([_clean(line) for line in lines])
        metadata, start = viewing if viewing is not None else read_metadata_block(lines)
        rest = "\n".join(lines[start:])
        if not rest.strip():
            raise NoCable(str(path), "holds no cable: page metadata without cable text (no header or body)")
        parts = split_telegram(rest)
        yield RawCable(path=str(path), format=self.name, metadata=metadata,
                       header=parts.header, body=parts.body, repairs=repairs)


def read_metadata_block(lines: list[str]) -> tuple[dict[str, str], int]:
    """Read the page's metadata lines; return ``(metadata, index of the first telegram line)``.

    Handles a label block followed by its values, ``Label: value`` lines, the
    ``Cable title:`` (title on the same or the following lines, up to ``Tags:``),
    ``Tags:`` (codes separated by spaces or no-break spaces) and the links line.
    Never raises; unknown lines end the block.
    """
    meta: dict[str, str] = {}
    i, n = 0, min(len(lines), _META_LINES)
    while i < n:
        line = _clean(lines[i])
        if not line:
            i += 1
            continue
        if _LABEL_LINE.match(line):
            keys = []
            while i < n and _LABEL_LINE.match(_clean(lines[i])):
                keys.append(_LABELS[_LABEL_LINE.match(_clean(lines[i])).group(1).lower()])
                i += 1
            for key in keys:
                while i < n and not _clean(lines[i]):
                    i += 1
                if i < n and not (_TITLE.match(_clean(lines[i])) or _TAGS.match(_clean(lines[i]))):
                    meta.setdefault(key, _clean(lines[i]))
                    i += 1
            continue
        m = _LABEL_VALUE.match(line)
        if m:
            meta.setdefault(_LABELS[m.group(1).lower()], m.group(2).strip())
            i += 1
            continue
        m = _TITLE.match(line)
        if m:
            words, i = [m.group(1).strip()], i + 1
            while i < n and not _TAGS.match(_clean(lines[i])) and not _LINKS.match(_clean(lines[i])) \
                    and not looks_like_telegram(lines[i]):
                words.append(_clean(lines[i]))
                i += 1
            title = " ".join(w for w in words if w)
            if title:
                meta["subject"] = title
            continue
        m = _TAGS.match(line)
        if m:
            tags = m.group(1).split()
            if tags:
                meta["tags"] = " ".join(tags)
            i += 1
            continue
        if _LINKS.match(line):
            i += 1
        break
    return meta, i


def _viewing_block(lines: list[str]) -> tuple[dict[str, str], int] | None:
    """Metadata and the index of the first telegram line of a mirror page saved as text
    (``Viewing cable <ID>, <SUBJECT>``, the table's header and values lines); None if not one."""
    for i, line in enumerate(lines[:_VIEWING_LINES]):
        title = _VIEWING.match(line)
        if not title:
            continue
        rest = [j for j in range(i + 1, min(len(lines), i + 12)) if lines[j]]
        for k, j in enumerate(rest[:-1]):
            values = _TABLE_VALUES.match(lines[rest[k + 1]]) if _TABLE_HEADS.match(lines[j]) else None
            if values:
                meta = {key: value for key, value in values.groupdict().items() if value}
                if title.group(2).strip():
                    meta["subject"] = title.group(2).strip()
                return meta, rest[k + 1] + 1
        return None
    return None


def _clean(line: str) -> str:
    """A metadata line with no-break spaces made plain and the ends trimmed."""
    return line.replace("\u00a0", " ").strip()
