"""The signature at the end of a cable: who signed it.

The signer is the last line (``HOAGLAND``), possibly repeated
(``MILOVANOVIC`` / ``MILOVANOVIC``), glued to the last sentence
(``... this message. OLSON``, ``restructuring. .FARRAR``) or to a "Visit ...
Classified Website" note (``... index. cfm Tuttle``); a repeat cable carries
the original's and its own (``CLINTON UNQUOTE CLINTON``). Classification
footers, ``GP-3``, ``NNNN``, URLs, truncation marks and a letter's own closing
inside the text are not signers.

Example::

    >>> find_signers(["1. (U) Text of the cable.", "", "HOAGLAND", "", "CONFIDENTIAL"])
    (['HOAGLAND'], 2, 0)
"""
from __future__ import annotations

import re

from .text import ends_sentence

# Lines at the very end that are not the signature: footers, end-of-message
# signals, truncation marks, the publishers' traces, "Classified Website" notes.
_NOISE_TAIL = re.compile(
    r"^\s*(?:$|[<>]|NNNN|BT|GP-\d|(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s*$|"
    r"Track impresi|ID:\s*\d+|\d{4}-\d\d-\d\d\s*$|\S{0,3}\.{2,}\s*$|\d{1,3}\.\s+.{0,40}\.{3}\s*$|"
    r"[.\s]*$|-{2,}\s*$|[*\s]+$|"
    r"SELECT \* FROM|EPET @|End Cable Text|[A-Z0-9 ,:'/-]{1,60}\.{3}\s*$)",
    re.IGNORECASE,
)
# A "Visit ... Classified Website" note or a bare URL line; a signature may be glued to its end.
_WEB_NOTE = re.compile(r"\bClassified Web ?site\b", re.IGNORECASE)
_VISIT = re.compile(r"\s*(?:For more|visit)\b", re.IGNORECASE)
_URL_ONLY = re.compile(r"\s*[\"\u201c]?\S*(?:https?:|www\.|\.s?gov\b|Portal:)\S*[\"\u201d]?\s*$", re.IGNORECASE)
_TRAILING_DATE = re.compile(r"\s+\d{4}-\d\d-\d\d\s*$")
_NAME_LINE = re.compile(
    r"^\s*\.?(?P<name>[A-Z][A-Za-z'\u2019-]*(?:\s+(?:[A-Z][A-Za-z'\u2019-]*|[Jj][Rr]\.?)){0,2}"
    r"|[a-z][a-z'\u2019-]+(?:\s+[a-z][a-z'\u2019-]+)?)\s*$"
    r"|^\s*\.?(?P<one>[A-Z][A-Za-z'\u2019-]+)\s*\.\s*$"
)
_GLUED = re.compile(
    r"(?:[.!?)*\"\u201d\u2019\]]|\bEND (?:COMMENT|NOTE|SUMMARY))\s*\.?\s*"
    r"(?P<name>[A-Z][A-Z'\u2019-]+(?:\s+(?:[A-Z][A-Z'\u2019-]+|JR\.?))?|[A-Z][a-z]+(?:[A-Z][a-z]+|-[A-Z][a-z]+)?)\s*\.?\s*$"
)
_STARS = re.compile(r"^.*\*{3,}\s*")
_REDACTED_LINE = re.compile(r"(?:^[\sXx.,()-]+|X{4,}\W*)$")
_END_LABEL = re.compile(
    r"\bEND\s+(?:OF\s+)?(?:[A-Z]+\s+)?(?:COMMENT|NOTE|SUMMARY|TEXT|POINTS|QUOTE)\W*$", re.IGNORECASE
)
_MINIMIZE = re.compile(r"^\s*MINIMIZE CONSIDERED\s+")
_UNQUOTE = re.compile(r"\bUNQUOTE\b")
_GP_LINE = re.compile(r"^\s*GP-\d")
_URL = re.compile(r"https?:|www\.|\.s?gov\b|\bcfm\b|Portal:", re.IGNORECASE)
_AFTER_URL = re.compile(r"\s(?P<name>[A-Z][a-z]+|[A-Z][A-Z'-]{2,}(?:\s[A-Z][A-Z'-]{2,})?)\s*$")
_NOT_NAMES = frozenset(
    """END COMMENT COMMENTS NOTE SUMMARY TEXT QUOTE UNQUOTE NNNN BT SIPDIS NOFORN CONFIDENTIAL SECRET
    UNCLASSIFIED UNCLAS LIMDIS EXDIS NODIS REGARDS THANKS YES NO OK US USG GOB GOI HE WE IT THE THIS
    THAT THEY SHE AND OR BUT NOT SO ALL ANY BIO TBD FYI DCM RSO POC POL ECON SEPTEL DEPT DEPARTMENT
    EMBASSY POST MISSION STATE WASHINGTON CLASSIFIED WEBSITE VISIT ACTION REQUEST INFO NONE XXXXXXXXXXXX
    MINIMIZE CONSIDERED""".split()
)


def _strip_stars(line: str) -> str:
    """What follows the last run of asterisks: ``***** KURTZER`` gives ``KURTZER``."""
    return _STARS.sub("", line) if "***" in line else line


def _strip_date(line: str) -> str:
    """The line without a trailing ISO date (``SOBEL 2008-01-08``)."""
    return _TRAILING_DATE.sub("", line) if line.rstrip()[-1:].isdigit() else line


def is_web_line(line: str) -> bool:
    """A "Visit ... Classified Website" note or a bare URL line; a signature may be glued to its end."""
    if "lassified" in line and _WEB_NOTE.search(line):
        return True
    if line.rstrip().endswith(":") and _VISIT.match(line):
        return True
    return bool(_URL_ONLY.match(line))


def _is_name(text: str) -> bool:
    m = _NAME_LINE.match(text)
    if not m:
        return False
    words = (m.group("name") or m.group("one")).replace(".", " ").split()
    return bool(words) and not any(w.upper().strip("'\u2019-") in _NOT_NAMES for w in words) \
        and not all(set(w.upper()) <= {"X"} for w in words)


def _split_names(text: str) -> list[str] | None:
    """Names in a signature line: ``CLINTON UNQUOTE CLINTON``, ``SHANNON SHANNON``."""
    if "MINIMIZE" in text:
        text = _MINIMIZE.sub("", text)
    if text.islower() and (" " in text.strip() or "." in text):
        return None  # a lower-case copy's signature is one word: "tuttle"
    parts = [p.strip(" .") for p in (_UNQUOTE.split(text) if "UNQUOTE" in text else [text])]
    parts = [p for p in parts if p]
    if not parts or not all(_is_name(p) for p in parts):
        return None
    names: list[str] = []
    for p in parts:
        words = p.split()
        if len(words) == 2 and words[0] == words[1]:
            names.extend(words)
        else:
            names.append(" ".join(words))
    return names


def find_signers(lines: list[str]) -> tuple[list[str], int | None, int]:
    """Signature names at the end of the text, with where they start.

    Returns ``(names, line index, column)``: the column is 0 for signature lines
    of their own and the start of the name when it is glued to the last sentence.
    Classification footers, ``GP-3``, ``NNNN``, URLs and "Classified Website"
    lines are not signers.
    """
    i = len(lines) - 1
    while i >= 0:
        if _NOISE_TAIL.match(lines[i]):
            i -= 1
        elif is_web_line(lines[i]):
            line = lines[i].rstrip()
            tail = _strip_stars(line)
            names = _split_names(tail) if tail != line else None
            if names:
                return names, i, len(line) - len(tail)
            found = _name_after_url(line)
            if found:
                return [found[0]], i, found[1]
            i -= 1
        else:
            break
    if i < 0:
        return [], None, 0
    last = _strip_stars(_strip_date(lines[i].rstrip()))
    block: list[tuple[int, list[str]]] = []  # signature lines, bottom-up
    j = i
    while j >= 0 and len(block) < 4:
        line = lines[j].strip()
        if not line:
            j -= 1
            continue
        found = _split_names(_strip_stars(_strip_date(line)))
        if found is None:
            break
        if block and {f.upper() for f in found} != {b.upper() for b in block[0][1]}:
            break  # only a repeated signature line counts above the last one
        if found[0].islower() and block:
            break
        block.append((j, found))
        j -= 1
    for t in range(len(block) - 1, -1, -1):
        if _signature_starts(lines, block[t][0], block[t][1]):
            names = [name for _, found in reversed(block[: t + 1]) for name in found]
            return names, block[t][0], 0
    if block:
        return [], None, 0
    m = _GLUED.search(last[-120:])
    caps_text = last.upper() == last
    if m:
        name = m.group("name")
        words = name.split()
        bad = any(w.upper().rstrip(".") in _NOT_NAMES for w in words) or all(set(w) <= {"X"} for w in words)
        if caps_text and len(words) > 1:
            bad = True
        if not bad:
            return [name], i, len(last) - len(last[-120:]) + m.start("name")
    found = _name_after_url(last)
    if found:
        return [found[0]], i, found[1]
    return [], None, 0


def _name_after_url(line: str) -> tuple[str, int] | None:
    """A signature glued after a URL: ``... index. cfm Tuttle`` gives ``("Tuttle", col)``."""
    if not _URL.search(line):
        return None
    m = _AFTER_URL.search(line)
    if m and m.group("name").upper() not in _NOT_NAMES and not _URL.search(m.group("name")):
        return m.group("name"), m.start("name")
    return None


def _signature_starts(lines: list[str], k: int, names: list[str]) -> bool:
    """Whether the name line ``k`` stands apart from the text above it rather
    than ending a wrapped sentence."""
    blank = False
    k -= 1
    while k >= 0 and (not lines[k].strip() or _GP_LINE.match(lines[k])):
        blank = True
        k -= 1
    if k < 0 or blank:
        return True
    prev = lines[k].rstrip()
    if ends_sentence(prev) or _URL.search(prev) or prev.lstrip().startswith(("-", "*")) \
            or _REDACTED_LINE.search(prev) or _END_LABEL.search(prev):
        return True
    # a signature in capitals (or a lower-case copy's) under mixed-case text
    name = " ".join(names)
    return (name.isupper() or name.islower()) and any(c.islower() for c in prev) != name.islower()
