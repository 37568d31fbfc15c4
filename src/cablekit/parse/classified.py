"""The Classified By statement: the classifying official and the reasons.

Source: a line such as ``Classified By: Ambassador Richard E. Hoagland: 1.4 (A),(B),(D)``
(09ASTANA2204), wrapped over lines (``CLASSIFIED BY: J. Chris Stevens, DCM, ... Dept``
/ ``of State.`` / ``REASON: 1.4 (c), (d)``), cut mid-word by a line end
(``FOR REAS`` / ``ONS 1.4 B/D``), or run on into paragraph 1. Reasons are the
section 1.4 categories of E.O. 12958 as amended (1.5 before 2003) and 13526,
written ``1.4(b)``.

Example::

    >>> parse_classified_by(" DCM Roderick Moore, reasons 1.4 (b,d)", [], 2006)
    ('DCM Roderick Moore', ['1.4(b)', '1.4(d)'])
"""
from __future__ import annotations

import re

from .text import squash

# Where the reasons part of a Classified By statement starts ("for reasons", ", Reasons",
# "REASON:", "-FOR REASONS", ": 1.4 ...", "FOR 1.4", "under Section 1.4"); the words may be
# cut by a line end in the source ("reaso ns", "Rea sons").
_REASON_START = re.compile(
    r"\b(?:(?:for|per|by)\s+)?r ?e ?a ?s ?o ?n(?: ?s)?\b"
    r"|\b(?:under\s+)?section\s+(?=\d)"
    r"|\b(?:for|per)\s+(?=\d\s?[./]\s?\d)"
    r"|:\s*(?=\d\s?[./:]\s?\d)"
    r"|[,.;]\s*(?=1\s?\.\s?[45]\b)",
    re.IGNORECASE,
)
_REASON_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<sec>\d\s?[./:]\s?\d(?!\d)|1[45](?=\s*\(|\s*[a-hA-H]\b))"
    r"|\(\s*(?P<plet>[a-hA-H](?:\s*(?:[-,/&+]|(?i:and)|,\s*(?i:and))\s*[a-hA-H])*)[\s.]*(?:\)|$)"
    r"|(?P<let>[a-hA-H])(?=\s*(?:$|[-,;&/.):+]|(?i:a ?n ?d|an)\b|\(|\d|[a-hA-H](?![A-Za-z])))"
    r"|(?P<sep>,|;|&|\+|/|:|\.|-|[()]|(?i:a ?n ?d|an|or)\b)"
    r")"
)
_EO_CITED = re.compile(r"\W*(?:E\.\s?O\.(?:\s*\d{5})?(?:,?\s+as\s+amended)?|EO\s*\d{5}),?", re.IGNORECASE)
_PLET_SPLIT = re.compile(r"(?<![A-Za-z])[a-hA-H](?![A-Za-z])")
_CLBY_REPEAT = re.compile(r"(?:\([A-Z/]{1,8}\)\s*)?(?:classified\s+(?:\w+\s+)?by\b\s*:?\s*)*(?:by\s+)?", re.IGNORECASE)
_PARA_INLINE = re.compile(r"\s\d{1,2}\s?\.\s*\([A-Za-z/ ]{1,12}\)")
_LAST_WORD = re.compile(r"(?:^|\s)([A-Za-z]{1,6})$")
_CUT_WORDS = frozenset(("for", "reason", "reasons"))
_CUT_FOR = re.compile(r"(?i)\b(?:for|fo|f)$")
_LETTER_RANGE = re.compile(r"\s*([a-hA-H])\s*-\s*([a-hA-H])\s*")
_CUT_REASON = re.compile(r"(?i)(?:^|\s)(r|re|rea|reas|reaso|reason)$")
_DANGLING_REASON = re.compile(r"(?i)(?:[,&(/+-]|\band|\ban|\)\s+a)$")
_REASONS_LINE = re.compile(r"(?i)\s*(?:reason|for\s+reason|1\s?[./]\s?[45]|\(?[a-h][).]|(?:and|&|,)\s*\(?[a-h]\b)")
_LABEL_START = re.compile(r"\s*(?:E\.?\s?O\.?\s?\d{5}|TAGS?\b|SUBJ|REF|CLASS?I?FIED\s+BY)", re.I)
_REASONS_MORE = re.compile(r"(?i)\s*(?:(?:and|&|,)\s*\(?[a-h]\b|\([a-h]\)(?:\s|$|[,.]))")
_STATEMENT_STOP = re.compile(
    r"^\s*(?:\d{1,2}\s?\.\s|\d{1,2}\.\(|-{3,}|\((?:[A-Za-z]{1,4})(?:/[A-Za-z]+)?\)\s|SUMMARY|BEGIN)", re.IGNORECASE
)


def parse_classified_by(first: str, following: list[str], year: int | None) -> tuple[str | None, list[str]]:
    """Classifying official and reasons from a Classified By statement.

    ``first`` is the text after the label on its line; ``following`` the lines
    after it: the statement runs on over wrapped lines (``REASON:`` may sit on
    its own line) up to a blank line or the first paragraph; past blank lines
    only while the reasons are still to come (``FOR REASON`` / blank / ``1.4(C).``).
    Example: ``parse_classified_by(" Amb. X, reasons 1.4 (b,d)", [], 2009)``
    gives ``("Amb. X", ["1.4(b)", "1.4(d)"])``.
    """
    text = first.strip().lstrip(":").strip()
    blank_run = 0
    for line in following[:6]:
        s = line.strip()
        state = _reason_state(text)
        if not s:
            blank_run += 1
            if state == "dangling" and blank_run <= 3:
                continue
            break
        if state == "complete" and not _REASONS_MORE.match(s):
            break
        if (_STATEMENT_STOP.match(s) or _LABEL_START.match(s)) \
                and not (state == "dangling" and _REASONS_LINE.match(s)):
            break
        text = _join_wrapped(text, s)
        blank_run = 0
    text = squash(text)
    m = _CLBY_REPEAT.match(text)
    if m and m.end():
        text = text[m.end():]
    m = _REASON_START.search(text)
    if m:
        who, rest = text[: m.start()], text[m.end():]
    else:
        who, rest = text, ""
    pm = _PARA_INLINE.search(who)
    if pm:
        who = who[: pm.start()]
    who = who.strip().rstrip(".,;:- ").strip()
    return (who or None), parse_reasons(rest, year)


def _join_wrapped(text: str, nxt: str) -> str:
    """Join a wrapped line; a word cut at the line end (``FOR REAS`` / ``ONS 1.4``) is rejoined."""
    m = _LAST_WORD.search(text)
    if m and m.group(1).lower() not in _CUT_WORDS:
        word = (m.group(1) + nxt.split(None, 1)[0]).lower().rstrip(":.,")
        if word in _CUT_WORDS:
            return text + nxt
    return text + " " + nxt


def _reason_state(text: str) -> str:
    """``"none"`` (no reasons part yet), ``"dangling"`` (a reasons word or list
    cut short) or ``"complete"``."""
    t = text.rstrip()
    m = _REASON_START.search(t)
    if not m:
        return "dangling" if _CUT_REASON.search(t) or _CUT_FOR.search(t) else "none"
    if not parse_reasons(t[m.end():], 2000) or _DANGLING_REASON.search(t[-8:]):
        return "dangling"
    return "complete"


def parse_reasons(text: str, year: int | None) -> list[str]:
    """Reasons as ``1.4(b)`` strings, in order, without repeats.

    Reads ``1.4 (b,d)``, ``(b/d)``, ``1.4 B AND D``, ``1.4 (A),(B),(D)``,
    ``1/4 (B)``, ``an d (d)``; stops at the first other word. A letter without a
    section number gets 1.4 (1.5 before 2003, E.O. 12958 as first issued).
    """
    out: list[str] = []
    section = None
    m = _EO_CITED.match(text)  # "reasons: E.O. 12958 1.4 (a,b,c,d)"
    if m:
        text = text[m.end():]
    pos = 0
    n = len(text)
    while pos < n:
        m = _REASON_TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group("sec"):
            section = "".join(m.group("sec").split())
            section = section[0] + "." + section[-1]
            continue
        letters = _plet_letters(m.group("plet")) if m.group("plet") else (
            [m.group("let")] if m.group("let") else [])
        for letter in letters:
            sec = section or ("1.4" if year is None or year >= 2003 else "1.5")
            item = f"{sec}({letter.lower()})"
            if item not in out:
                out.append(item)
    return out


def _plet_letters(text: str) -> list[str]:
    """Letters of a parenthesized list: ``b,d`` / ``b and d`` / a range ``b-d``."""
    letters = _PLET_SPLIT.findall(text)
    rng = _LETTER_RANGE.fullmatch(text)
    if rng:
        lo, hi = rng.group(1).lower(), rng.group(2).lower()
        letters = [chr(c) for c in range(ord(lo), ord(hi) + 1)]
    return letters
