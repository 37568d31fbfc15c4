"""Marked sections of the text: the summary and the comments.

``SUMMARY: ... END SUMMARY`` (or ``BEGIN SUMMARY``, a paragraph that opens with
``Summary:``, a ``SUMMARY`` heading over a paragraph, ``1. (C) ... End summary.``
without an opening label) and ``COMMENT: ... END COMMENT`` (also ``(Embassy
comment: ... End comment.)``, ``AMBASSADOR'S COMMENT:``, a ``COMMENT:``
paragraph left open, a ``Comment`` heading over the last part). Labels are
found by the position of their word, then checked for what comes before and
after, so that "declined to comment." is no label.

Example::

    >>> flat = "1. (C) SUMMARY: Talks went well. END SUMMARY.\\n\\n2. (C) COMMENT: Good. END COMMENT."
    >>> find_summary(flat), find_comments(flat)
    ('Talks went well.', ['Good.'])
"""
from __future__ import annotations

import re

from .signers import is_web_line
from .text import ends_sentence, squash

_DASH_RUNS = re.compile(r"-{3,}")
_CONNECTIVES = frozenset("and or the of to a an in on by for with that".split())
_NUMBERED = re.compile(r"\d{1,3}\.\s")
_DASH_LINE = re.compile(r"^[\s-]*-{3,}[\s-]*$")
_SUMMARY_END = re.compile(r"\b(?i:end)\s+(?:(?i:of)\s+)?$")
_SUMMARY_KW = re.compile(
    r"(?:SUMMARY|Summary|summary)\b(?:[ \t]+(?:AND|and|&)[ \t]+[A-Za-z ]{1,30}?|/[A-Za-z]{1,20})?"
    r"(?:[ \t]*(?::|\.|-{1,3}|\n|$)|(?<=SUMMARY)[ \t]{2,})"
)
_COMMENT_END = re.compile(r"\b(?i:end)\s+(?:(?i:of)\s+)?(?:[A-Za-z\u2019']+\s+){0,2}$")
_COMMENT_KW = re.compile(
    r"(?i:comment)(?:[ \t]+(?i:and)[ \t]+[A-Za-z ]{1,30}?|[ \t]+(?i:continued))?[ \t]*(?::|\.|-{1,3}|\n)"
)
# What may come before a SUMMARY/COMMENT label: a line or sentence start, a paragraph
# number and marking, BEGIN, or one or two words ("AMBASSADOR'S", "EMBASSY HARARE").
_PRE_LABEL_TEMPLATE = (
    r"(?:^|[\n(\[]|[.!?:\"\u201d)-]\s)[ \t]*(?:\d{1,3}\s?\.\s*)?(?:\([^()\n]{1,30}\)\s*)?"
    r"(?:(?:BEGIN|Begin)\s+)?(?:[A-Z][A-Za-z\u2019']+\s+(?:(?:and|AND|&)\s+)?){0,%d}$"
)
_PRE_SUMMARY = re.compile(_PRE_LABEL_TEMPLATE % 1)
_PRE_COMMENT = re.compile(_PRE_LABEL_TEMPLATE % 2)
_LEAD_NUMBER = re.compile(r"^\s*(?:-{3,}\s*)*(?:\d{1,3}\s?\.\s*)?(?:\([^()\n]{1,30}\)\s*)?")
_HEADING_RULE = re.compile(r"\n[ \t]*-{3,}[ -]*\n")


def _words(flat: str, word: str) -> list[int]:
    """Start positions of ``word`` as a whole word, written in capitals, capitalized or
    in lower case (``SUMMARY``, ``Summary``, ``summary``), in text order."""
    out = []
    n = len(flat)
    for form in (word.upper(), word.capitalize(), word.lower()):
        pos = flat.find(form)
        while pos >= 0:
            end = pos + len(form)
            if (pos == 0 or not flat[pos - 1].isalnum()) and (end >= n or not flat[end].isalnum()):
                out.append(pos)
            pos = flat.find(form, end)
    out.sort()
    return out


def _labels(flat: str, positions: list[int], keyword: re.Pattern[str], before: re.Pattern[str]) -> list[re.Match[str]]:
    """The keyword occurrences at ``positions`` that are section labels (``SUMMARY:``, ``COMMENT:``)."""
    found = []
    for start in positions:
        m = keyword.match(flat, start)
        if not m:
            continue
        window = flat[max(0, start - 60):start]
        if start > 60:
            window = "x" + window
        if before.search(window):
            found.append(m)
    return found


def _ends(flat: str, positions: list[int], pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of END markers (``END SUMMARY``, ``END EMBASSY COMMENT``) found
    by the positions of their last word."""
    out = []
    for pos in positions:
        window = flat[max(0, pos - 40):pos]
        m = pattern.search(window)
        if m:
            out.append((pos - len(window) + m.start(), pos))
    return out


def find_summary(flat: str) -> str | None:
    """Text of ``SUMMARY ... END SUMMARY`` (or of the paragraph that starts ``SUMMARY:``)."""
    positions = _words(flat, "summary")
    if not positions:
        return None
    ends = _ends(flat, positions, _SUMMARY_END)
    if ends:
        end = ends[0][0]
        starts = _labels(flat, [p for p in positions if p < end], _SUMMARY_KW, _PRE_SUMMARY)
        if starts:
            return _clean_section(flat[starts[-1].end():end])
        first = _LINE_PARA_ANY.search("\n" + flat)  # "1. (C) ... End summary." without a label
        start = first.start() if first and first.start() < end else 0
        return _clean_section(flat[start:end])
    starts = _labels(flat, positions, _SUMMARY_KW, _PRE_SUMMARY)
    if starts:
        sm = starts[0]
        begin = sm.end()
        nxt = _LINE_PARA_ANY.search(flat, begin)
        if sm.group().endswith("\n") and nxt and not flat[begin:nxt.start()].strip(" \n-"):
            begin = nxt.end()  # a SUMMARY heading: the summary is the paragraph under it
            nxt = _LINE_PARA_ANY.search(flat, begin)
        return _clean_section(flat[begin: nxt.start() if nxt else len(flat)])
    return None


_LINE_PARA_ANY = re.compile(r"\n[ \t]*\d{1,3}[ \t]?\.[ \t]*(?:\([^()\n]{1,30}\)|(?=[A-Z]))")


def find_comments(flat: str) -> list[str]:
    """Text of each ``COMMENT: ... END COMMENT`` section, in order."""
    positions = _words(flat, "comment")
    if not positions:
        return []
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    lo = 0
    for end_start, end_word in _ends(flat, positions, _COMMENT_END):
        starts = _labels(flat, [p for p in positions if lo <= p < end_start], _COMMENT_KW, _PRE_COMMENT)
        if starts:
            text = _clean_section(flat[starts[-1].end():end_start])
            if text:
                found.append((starts[-1].start(), text))
            covered.append((starts[-1].start(), end_word))
        lo = end_start + 1
    # a COMMENT: paragraph without END COMMENT runs to the next numbered paragraph
    labels = _labels(flat, positions, _COMMENT_KW, _PRE_COMMENT)
    for m in labels:
        if any(a <= m.start() <= b for a, b in covered) or _COMMENT_END.search(flat[max(0, m.start() - 40):m.start()]):
            continue
        eol = flat.find("\n", m.end() - 1)
        eol = len(flat) if eol < 0 else eol
        nl = flat.find("\n", eol + 1)
        if _DASH_LINE.match(flat[eol + 1: nl if nl >= 0 else len(flat)]):  # a heading
            if flat[m.end():eol].strip():
                continue  # "Comment: Diplomatic Solution Preferred" titles the part below
            below = nl if nl >= 0 else len(flat)
            if any(below < x.start() < below + 80 for x in labels):
                continue  # the paragraph under the heading has its own COMMENT: label
            nxt = _HEADING_RULE.search(flat, below)  # the comment runs to the next heading
            text = _clean_section(flat[below: nxt.start() if nxt else len(flat)])
        else:
            nxt = _LINE_PARA_ANY.search(flat, m.end())
            text = _clean_section(flat[m.end(): nxt.start() if nxt else len(flat)])
        if text and (len(text) > 60 or ends_sentence(text)):  # not a bare heading
            found.append((m.start(), text))
    return [text for _, text in sorted(found)]


def _continues(tail: str) -> bool:
    """The text ends mid-sentence: on a comma or a lower-case connective ("and", "of")."""
    words = tail.rsplit(None, 1)
    return bool(words) and (tail.rstrip()[-1] in ",;" or words[-1] in _CONNECTIVES)


def trim_heading(text: str) -> str:
    """Drop what follows a paragraph's text after a blank line when it is a heading
    of the next part (``THAT WAS THEN, THIS IS NOW``, ``----/Comment/----``) or a
    "Visit ... Classified Website" note, not text."""
    text = text.rstrip(" \n-")
    while "\n\n" in text:
        body, tail = text.rsplit("\n\n", 1)
        tail = tail.strip(" \n-")
        if tail:
            if len(tail) > 150 or tail.upper().startswith("END "):
                break
            heading = (not ends_sentence(tail) and not _continues(tail)
                       and not _NUMBERED.match(tail)) or (tail.isupper() and not body.isupper())
            if not heading and not is_web_line(tail):
                break
        text = body.rstrip(" \n-")
    return text


def _clean_section(text: str) -> str | None:
    text = trim_heading(text)
    text = _LEAD_NUMBER.sub("", text.lstrip(" \n-:."))
    text = squash(_DASH_RUNS.sub(" ", text) if "---" in text else text).rstrip("([ -")
    return text or None
