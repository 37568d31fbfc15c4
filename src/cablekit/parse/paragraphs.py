"""The text proper: numbered paragraphs with portion markings; then signers, summary, comments.

A paragraph starts with its number and, in most cables since the 1980s, a
portion marking: ``1. (S/NF) SUMMARY: ...``, ``2.(C) ...``, ``12. (U) ...``.
It may start mid-line: after a page header, after the Classified By statement,
or run on after the previous paragraph (``... end. 4. (C) ...``). A number at
a line start is not always a paragraph: ``31. Umarov noted`` continues the
sentence ``... by December`` in 09ASTANA2204, and numbered sub-items sit
inside paragraphs. The numbers must therefore run in order: a marked
paragraph is trusted; an unmarked one must follow its predecessor.

`parse_text` also reads the signature (`cablekit.parse.signers`) and the
summary and comments (`cablekit.parse.sections`).

Example::

    >>> lines = ["1. (C) Summary: Fine. End summary.", "", "2. (S/NF) Text by December",
    ...          "31. more text.", "", "HOAGLAND"]
    >>> t = parse_text(lines)
    >>> [(p.number, p.marking) for p in t.paragraphs], t.signers, t.summary
    ([(1, 'C'), (2, 'S/NF')], ['HOAGLAND'], 'Fine.')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Paragraph
from .sections import find_comments, find_summary, trim_heading
from .signers import find_signers
from .text import ends_sentence, squash

_LINE_PARA = re.compile(
    r"\n[ \t]*(?:-[ \t]*)?(?P<num>\d{1,3})[ \t]?\.(?!\d)[ \t]*(?:\((?P<mark>[^()\n]{1,40})\)|(?=\S))"
)
# A paragraph run on after a sentence: "... end. 4. (C) Text": found by its ". (".
_DOT_PAREN = re.compile(r"\.[ \t]*\(")
_INLINE_NUMBER = re.compile(r"[.!?:;\"\u201d\u2019)\]][ \t]+(?P<num>\d{1,3})[ \t]?\.")
_INLINE_MARK = re.compile(r"\((?P<mark>[^()\n]{1,40})\)(?=[ \t.:])")
_MARK_OK = re.compile(
    r"^\s*(?:U|C|S|TS|SBU|LOU|FOUO|NF|N|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS)\b(?!\s+[a-z])|^\s*/[A-Za-z]",
    re.IGNORECASE,
)

_DASH_RUNS = re.compile(r"-{3,}")
_DASH_LINE = re.compile(r"^[\s-]*-{3,}[\s-]*$")


@dataclass
class TextFields:
    """What the text proper gives; see `cablekit.model.Cable`.

    sign_line: index of the first signature line (or of the line the signature
    is glued to), so that the last paragraph's text can stop before it.
    """

    paragraphs: list[Paragraph] = field(default_factory=list)
    signers: list[str] = field(default_factory=list)
    summary: str | None = None
    comments: list[str] = field(default_factory=list)
    sign_line: int | None = None


class _Candidate:
    """A number that may start a paragraph: where it and its text start (in the
    text with a newline in front), its marking, and whether it runs on in a line."""

    __slots__ = ("pos", "content", "number", "marking", "inline")

    def __init__(self, pos: int, content: int, number: int, marking: str | None, inline: bool) -> None:
        self.pos, self.content, self.number, self.marking, self.inline = pos, content, number, marking, inline


def parse_text(lines: list[str], start: int = 0) -> TextFields:
    """Read paragraphs, signers, summary and comments from clean lines ``lines[start:]``."""
    out = TextFields()
    signers, sign_line, sign_col = find_signers(lines)
    out.signers = signers
    out.sign_line = sign_line
    end_line = len(lines) if sign_line is None else sign_line
    body = lines[start:end_line]
    if sign_line is not None and sign_col:
        body.append(lines[sign_line][:sign_col])
    flat = "\n".join(body)
    out.paragraphs = _paragraphs(flat)
    out.summary = find_summary(flat)
    out.comments = find_comments(flat)
    return out


@lru_cache(maxsize=512)
def _marking(raw: str | None) -> str | None:
    """The portion marking in parentheses after a paragraph number, upper-cased; None if it is none."""
    if raw is None or not _MARK_OK.match(raw):
        return None
    mark = " ".join(raw.split()).upper()
    return mark or None


def _candidates(text: str) -> list[_Candidate]:
    """Every number that may start a paragraph in ``text`` (a newline, then the text),
    at a line start or run on after a sentence."""
    cands: list[_Candidate] = []
    for m in _LINE_PARA.finditer(text):
        raw = m.group("mark")
        mark = _marking(raw)
        content = m.end() if raw is None or mark is not None else m.start("mark") - 1
        cands.append(_Candidate(m.start("num"), content, int(m.group("num")), mark, False))
    inline = False
    for dm in _DOT_PAREN.finditer(text):
        bm = _INLINE_NUMBER.search(text, max(0, dm.start() - 12), dm.start() + 1)
        if not bm or bm.end() != dm.start() + 1:
            continue
        mm = _INLINE_MARK.match(text, dm.end() - 1)
        mark = _marking(mm.group("mark")) if mm else None
        if mark is not None:
            cands.append(_Candidate(bm.start("num"), mm.end(), int(bm.group("num")), mark, True))
            inline = True
    if inline:
        cands.sort(key=lambda c: c.pos)
    return cands


def _before(text: str, pos: int) -> tuple[bool, bool]:
    """For a line starting at ``pos`` (after its spaces): was there a blank line
    before it, and does the last text line before it end a sentence?"""
    blank = False
    end = text.rfind("\n", 0, pos)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            return blank, ends_sentence(line) or bool(_DASH_LINE.match(line))
        blank = True
        end = start - 1
    return True, False


def _select(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """Keep the candidates that are paragraphs (see the module docstring)."""
    marked_style = sum(1 for c in cands if c.marking and not c.inline) >= 2
    accepted: list[_Candidate] = []
    prev: int | None = None
    for k, c in enumerate(cands):
        n = c.number
        if n == 0:
            continue
        if c.inline:
            ok = (prev is None and n == 1) or (prev is not None and prev < n <= prev + 2)
        elif prev is None:
            ok = n <= 10 if c.marking else n <= 3
        elif c.marking:
            ok = n <= prev + 6
        elif marked_style:
            nxt = next((x.number for x in cands[k + 1:] if x.marking and not x.inline), None)
            ok = n == prev + 1 and (nxt is None or nxt > n)
        elif n == prev + 1:
            ok = True
        elif prev + 1 < n <= prev + 3:
            blank, prev_ends = _before(text, c.pos)
            ok = blank or prev_ends
        elif prev - 2 <= n <= prev:  # a repeated or swapped number: "6, 6", "4, 6, 5"
            blank, prev_ends = _before(text, c.pos)
            ok = blank and prev_ends
        else:
            ok = False
        if ok:
            accepted.append(c)
            prev = n
    return accepted


def _paragraphs(flat: str) -> list[Paragraph]:
    """The numbered paragraphs of the text proper, whole, in text order."""
    text = "\n" + flat
    chosen = _select(_candidates(text), text)
    paras = []
    for k, c in enumerate(chosen):
        end = chosen[k + 1].pos if k + 1 < len(chosen) else len(text)
        raw = text[c.content:end].rstrip(" \t\n-")
        if "\n\n" in raw:
            raw = trim_heading(raw)
        body = squash(_DASH_RUNS.sub(" ", raw) if "---" in raw else raw).lstrip(".: ")
        paras.append(Paragraph(number=c.number, marking=c.marking, text=body))
    return paras


