"""The labelled fields of the body head: E.O. line, TAGS, SUBJECT, REF block, Classified By.

The head runs from the banner to the first numbered paragraph. Its fields are
found by their labels, at a line start or run on in one line
(``E.O. 12958: DECL: 11/29/10 TAGS: PGOV ...``, ``SUBJECT: ...  REF: ...``);
each field's text runs to the next label.

Example::

    >>> f = parse_head(["S E C R E T STATE 015113", "", "E.O. 12958: DECL: 1/29/2019",
    ...                 "TAG PTER, PGOV", "SUBJECT: (C) A SUBJECT", "", "REF: STATE 6461"], 2009)
    >>> (f.declassify_on, f.tags, f.subject, f.ref_blocks)
    ('2019-01-29', ['PTER', 'PGOV'], 'A SUBJECT', ['STATE 6461'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .classified import parse_classified_by
from .references import ref_block_text
from .text import squash

# Head labels: found by a keyword search on the upper-cased head, then checked here.
# Without a colon a label must open its line and be written in capitals ("TAGS PREL").
_LABELS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("E.O", "eo", re.compile(r"E\.\s?O\.?\s?\d{5}\b[ \t]*:?", re.I)),
    ("E. O", "eo", re.compile(r"E\.\s?O\.?\s?\d{5}\b[ \t]*:?", re.I)),
    ("EO ", "eo", re.compile(r"EO\s?\d{5}\b[ \t]*:?", re.I)),
    ("EO1", "eo", re.compile(r"EO\s?\d{5}\b[ \t]*:?", re.I)),
    ("TAG", "tags", re.compile(r"TAGS?\b(?![a-z])[ \t]*:?", re.I)),
    ("SUBJ", "subject", re.compile(r"SUBJ(?:ECT)?\b[ \t]*[:.-]?", re.I)),
    ("REF", "ref", re.compile(r"REF(?:TEL|ERENCE)?S?\b(?![a-z])[ \t]*:?", re.I)),
    ("CLASSIFIED", "clby", re.compile(r"CLASSIFIED\s+BY\b[ \t]*:?", re.I)),
    ("CLASSFIED", "clby", re.compile(r"CLASSFIED\s+BY\b[ \t]*:?", re.I)),
    ("DERIVED FROM", "stop", re.compile(r"DERIVED FROM")),
    ("SENSITIVE BUT", "stop", re.compile(r"SENSITIVE BUT UNCLASSIFIED", re.I)),
    ("PLEASE PASS", "stop", re.compile(r"PLEASE PASS")),
    ("THIS CABLE IS SENSITIVE", "stop", re.compile(r"THIS CABLE IS SENSITIVE", re.I)),
)


_SUBJECT_END = re.compile(r"\n[ \t]*(?:\n|-{3,})")
_CLBY_IN_TEXT = re.compile(r"(?i)(?<![a-z])classified\s+by\b[ \t]*:?")
_EO_LINE = re.compile(r"[ \t]*(?:E\.?\s?O\.?)\s?\d{5}", re.I)
_HEAD_END = re.compile(
    r"\n[ \t]*(?:\d{1,2}\s?\.\s*\((?i:[a-z]{1,4}\b)|1\s?\.\s+[A-Z\"]|\(?(?:BEGIN\s+)?SUMMARY\b|(?i:summary)\s*:"
    r"|(?i:summary(?:\s+and\s+[a-z ]{1,25})?)[ \t]*\n"
    r"|\((?:[SCU]|SBU|S/NF|C/NF)\)\s+[A-Z][a-z])"
)
_DECL = re.compile(r"\W*(?:DECL[A-Z]*\b\W*|DECLASSIFY\s+ON\W*)", re.IGNORECASE)
_GDS = re.compile(r"GDS\b\W*", re.IGNORECASE)
_DATE_MDY = re.compile(r"^0?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})(?!\d)")
_DATE_YMD = re.compile(r"^(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)")
_MARKING_PREFIX = re.compile(r"^\(\s*[A-Za-z]{1,4}(?:\s*/{1,2}\s*[A-Za-z ,]{1,20})?\s*\)\s*")
_TAG_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\s*\([^()]*\))?")
_TAG_LINE = re.compile(r"^\s*[A-Za-z]{2,6}(?:[\s,]+[A-Za-z]{2,6})*[\s,]*$")
_CAVEAT = re.compile(
    r"\b(NOFORN|NOCONTRACT|PROPIN|ORCON|SIPDIS|LIMDIS|EXDIS|NODIS|STADIS|SBU|FOUO|"
    r"REL\s+TO\s+[A-Z]{2,}(?:\s*,\s*[A-Z]{2,})*|SENSITIVE)\b",
    re.IGNORECASE,
)
_CAVEAT_WORDS = frozenset("NOFORN NOCONTRACT PROPIN ORCON SIPDIS LIMDIS EXDIS NODIS STADIS SBU FOUO SENSITIVE".split())


class _Hit:
    """One head label found: its kind and where it and its value start."""

    __slots__ = ("kind", "start", "end")

    def __init__(self, kind: str, start: int, end: int) -> None:
        self.kind, self.start, self.end = kind, start, end


def find_labels(head: str) -> list[_Hit]:
    """The field labels of a head text, in order (see `_LABELS`)."""
    up = head.upper()
    hits: dict[int, _Hit] = {}
    for keyword, kind, pattern in _LABELS:
        pos = up.find(keyword)
        while pos >= 0:
            if pos not in hits and (not (pos and up[pos - 1].isalpha()) or _glued_subject(up, pos)):
                m = pattern.match(head, pos)
                if m and _label_context(head, pos, kind, m.group()):
                    hits[pos] = _Hit(kind, pos, m.end())
            pos = up.find(keyword, pos + 1)
    return [hits[k] for k in sorted(hits)]


def _label_context(head: str, pos: int, kind: str, label: str) -> bool:
    """Whether a keyword found at ``pos`` stands where a label may (see `_LABELS`)."""
    before = head[pos - 1] if pos else "\n"
    if kind == "subject" and _glued_subject(head.upper(), pos):
        return True
    if before.isalnum() or before in "./-":
        return False
    line_start = head.rfind("\n", 0, pos) + 1
    at_line_start = not head[line_start:pos].strip()
    if kind == "stop":
        return at_line_start
    if kind in ("eo", "clby"):
        return True
    if ":" in label:
        return True
    if not label.rstrip(" \t.-").isupper():
        return False
    if kind == "tags" and not at_line_start:  # "E.O. 12958: DECL: 03/20/2019 TAG PTER, PGOV"
        return _EO_LINE.match(head, line_start) is not None and before in " \t"
    return at_line_start


def _glued_subject(up: str, pos: int) -> bool:
    """``SUBJECT:``/``SUBJ:`` glued to the last TAGS code by a lost line break
    (``IRSUBJECT: ...``, ``SFSUBJ: ...`` in the JSON exports); only with its colon."""
    return (up.startswith("SUBJECT:", pos) or up.startswith("SUBJ:", pos)) and pos > 0 and up[pos - 1].isupper()


@dataclass
class HeadFields:
    """What the head gives.

    subject / tags / declassify_on / classified_by / reasons: see `cablekit.model.Cable`.
    ref_blocks: the text of each REF block, label removed, for `parse_references`.
    caveats: handling caveats of the caption lines (``NOFORN``, ``SIPDIS``, ...).
    head_end: index of the first line after the head (the first paragraph).
    clby_line: index of the line holding ``Classified By``, or None.
    """

    subject: str | None = None
    tags: list[str] = field(default_factory=list)
    declassify_on: str | None = None
    classified_by: str | None = None
    reasons: list[str] = field(default_factory=list)
    ref_blocks: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    head_end: int = 0
    clby_line: int | None = None


def find_head_end(lines: list[str], start: int = 1, limit: int = 80) -> int:
    """Index of the first line of the text proper (paragraph 1, SUMMARY, a marked line).

    Looks at most ``limit`` lines; without a match the head is those lines.
    """
    end = min(len(lines), start + limit)
    text = "\n" + "\n".join(lines[start:end])
    m = _HEAD_END.search(text)
    if m is None:
        return end
    return start + text.count("\n", 0, m.start() + 1) - 1


def parse_head(lines: list[str], year: int | None, banner_rest: str = "", para_lines: int = 15) -> HeadFields:
    """Read the head fields from clean body lines (banner first).

    ``year`` (4 digits) is the citing cable's year, for 2-digit DECL years and
    reasons without a section number. ``para_lines``: how far past the head the
    Classified By statement is looked for (it may sit inside paragraph 1).
    """
    out = HeadFields()
    out.head_end = head_end = find_head_end(lines)
    head = "\n".join(lines[:head_end])
    hits = find_labels(head)
    first_field = len(head)
    for k, m in enumerate(hits):
        kind = m.kind
        end = hits[k + 1].start if k + 1 < len(hits) else len(head)
        value = head[m.end:end]
        if kind != "stop":
            first_field = min(first_field, m.start)
        if kind == "eo" and out.declassify_on is None:
            out.declassify_on = parse_declassify(value.split("\n", 1)[0], year)
        elif kind == "tags" and not out.tags:
            out.tags = parse_tags(_tags_text(value))
        elif kind == "subject" and out.subject is None:
            out.subject = parse_subject(value)
        elif kind == "ref":
            block = ref_block_text(value).strip()
            if block:
                out.ref_blocks.append(block)
        elif kind == "clby" and out.classified_by is None and not out.reasons:
            if not value.strip() and k + 1 < len(hits) and hits[k + 1].kind == "clby":
                continue
            line_no = head.count("\n", 0, m.start)
            tail = lines[line_no + 1: min(len(lines), head_end + para_lines)]
            eol = head.find("\n", m.end)
            first = head[m.end: eol if eol >= 0 else len(head)]
            out.classified_by, out.reasons = parse_classified_by(first, tail, year)
            out.clby_line = line_no
    if out.clby_line is None:
        _classified_in_text(lines, head_end, para_lines, year, out)
    out.caveats = find_caveats(banner_rest + "\n" + head[len(lines[0]) if lines else 0:first_field])
    return out


def _classified_in_text(lines: list[str], start: int, count: int, year: int | None, out: HeadFields) -> None:
    """``1. (U) Classified by ...`` inside the first paragraphs."""
    for i in range(start, min(len(lines), start + count)):
        line = lines[i]
        if "lassified" not in line and "LASSIFIED" not in line:
            continue
        m = _CLBY_IN_TEXT.search(line)
        if m:
            out.classified_by, out.reasons = parse_classified_by(line[m.end():], lines[i + 1:i + 4], year)
            out.clby_line = i
            return


def parse_subject(value: str) -> str | None:
    """SUBJECT text: lines up to a blank line, joined; a leading portion marking removed."""
    text = _SUBJECT_END.split(value.strip("\n"), maxsplit=1)[0]
    text = squash(text)
    text = _MARKING_PREFIX.sub("", text)
    return text or None


def _tags_text(value: str) -> str:
    lines = value.split("\n")
    text = lines[0]
    for line in lines[1:4]:
        stripped = line.strip()
        if not stripped or not _TAG_LINE.match(line):
            break
        words = {w.upper() for w in stripped.replace(",", " ").split()}
        if words & _CAVEAT_WORDS:
            break
        if not (text.rstrip().endswith(",") or stripped.isupper()):
            break
        text += " " + stripped
    return text


def parse_tags(text: str) -> list[str]:
    """TAGS codes in order, once each; person tags such as ``OVIP (CLINTON, HILLARY)`` kept whole.

    Codes written in lower case (some published copies) are upper-cased.
    """
    tags: list[str] = []
    for m in _TAG_TOKEN.finditer(text):
        tok = squash(m.group())
        if "(" not in tok and tok.islower():
            tok = tok.upper()
        if tok not in tags:
            tags.append(tok)
    return tags


def parse_declassify(value: str, year: int | None) -> str | None:
    """The declassification instruction of an E.O. line (text after ``E.O. 12958``).

    A leading date gives ``YYYY-MM-DD`` (a 2-digit year is the first such year on
    or after ``year``); anything else is kept literally (``OADR``, ``N/A``,
    ``DNG: CO 04/08/2026``). Example: ``parse_declassify(": DECL: 11/29/10", 2000)``
    gives ``"2010-11-29"``.
    """
    text = squash(value).lstrip(":;,. ")
    m = _DECL.match(text)
    if m:
        text = text[m.end():]
    m = _GDS.match(text)
    date_text = text[m.end():] if m else text
    date = _parse_date(date_text, year)
    if date:
        return date
    text = text.strip(" :;,")
    return text or None


def _parse_date(text: str, year: int | None) -> str | None:
    m = _DATE_YMD.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DATE_MDY.match(text)
        if not m:
            return None
        mo, d, ys = int(m.group(1)), int(m.group(2)), m.group(3)
        y = int(ys) if len(ys) == 4 else _expand_year(int(ys), year)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _expand_year(yy: int, year: int | None) -> int:
    """The first year ending in ``yy`` on or after ``year`` (1900s/2000s without one)."""
    if year is None:
        return 2000 + yy if yy < 50 else 1900 + yy
    century = year - year % 100
    y = century + yy
    return y if y >= year else y + 100


def find_caveats(text: str) -> list[str]:
    """Handling caveats in caption text, upper case, in order, once each.

    ``SENSITIVE`` (as in ``SENSITIVE BUT UNCLASSIFIED``) is given as ``SBU``.
    """
    out: list[str] = []
    for m in _CAVEAT.finditer(text):
        cav = squash(m.group(1)).upper()
        if cav == "SENSITIVE":
            cav = "SBU"
        if cav not in out:
            out.append(cav)
    return out
