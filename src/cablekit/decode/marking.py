"""Classification levels, caveats and captions, and whole markings such as ``S/NF``.

Source: tables ``tables/classification.tsv`` (levels and their portion
abbreviations) and ``tables/caveats.tsv`` (control markings such as NOFORN,
captions such as SIPDIS, handling words such as EFTO, items of REL TO lists).
They read the banner (``S E C R E T``), the caption lines under it
(``NOFORN``, ``SIPDIS``), the metadata classification (``SECRET//NOFORN``) and
the paragraph portion markings (``(S/NF)``, ``(S//REL TO USA, FVEY)``).

Example::

    >>> classification("S E C R E T").meaning
    'Secret: disclosure could cause serious damage to national security.'
    >>> portion_marking("S/NF")
    'Secret, not releasable to foreign nationals'
"""
from __future__ import annotations

import re

from .tables import Term, rows, terms
from .tags import tag

_WS = re.compile(r"\s+")
_SPACED = re.compile(r"^(?:[A-Z] )+[A-Z]$")
_ENTIRE_TEXT = re.compile(r"\s*-\s*ENTIRE TEXT\.?$")
# Parts of a marking: "//" or "/" between parts, or " - " / "-" in S-NF.
_PART_SPLIT = re.compile(r"\s*/{1,2}\s*|\s*-\s*")
_REL = re.compile(r"^REL(?:\s+TO)?\s+(.+)$")
_MAX_MARKING = 120


def classification(text: str | None) -> Term | None:
    """Decode a classification level: ``"SECRET"``, ``"S"``, ``"UNCLAS"``, spaced ``"S E C R E T"``.

    Only the level; for a marking with caveats (``"SECRET//NOFORN"``) use
    `portion_marking`. None when it is no level we know.
    """
    norm = _normalize(text)
    if _SPACED.match(norm):
        norm = norm.replace(" ", "")
    return terms("classification").get(norm) if norm else None


def caveat(text: str | None) -> Term | None:
    """Decode a caveat, caption or handling word: ``"NOFORN"``, ``"NF"``, ``"SIPDIS"``, ``"REL TO USA, FVEY"``.

    A ``REL TO`` list gives the REL TO term with the list spelled out in ``note``.
    None when unknown.
    """
    norm = _normalize(text)
    if not norm:
        return None
    found = terms("caveats").get(norm)
    if found and found.kind != "release":
        return found
    m = _REL.match(norm)
    if m:
        rel = terms("caveats")["REL TO"]
        return rel._replace(note="releasable to " + _release_list(m.group(1)))
    return None


def portion_marking(text: str | None) -> str | None:
    """Spell out a classification marking; None when a part of it is unknown.

    Reads portion markings (``"S/NF"``, ``"(C//REL ISAF)"``, ``"U//FOUO"``,
    ``"C - ENTIRE TEXT"``), banner-style and metadata values (``"SECRET//NOFORN"``).
    Parts are separated by ``/``, ``//``, ``-`` or a space (``"C NF"``); a
    missing level (``"/REL UK"``) is allowed.

    ``"S/NF"`` gives ``"Secret, not releasable to foreign nationals"``.
    """
    norm = _normalize(text).strip("()[] ")
    if not norm or len(norm) > _MAX_MARKING:
        return None
    entire = bool(_ENTIRE_TEXT.search(norm))
    norm = _ENTIRE_TEXT.sub("", norm)
    parts = [p for p in _PART_SPLIT.split(norm) if p]
    if len(parts) == 1 and " " in parts[0] and not classification(parts[0]) and not _REL.match(parts[0]):
        parts = parts[0].split(" ", 1)  # "C NF"
    if not parts:
        return None
    phrases: list[str] = []
    level = classification(parts[0])
    if level:
        phrases.append(_phrase("classification", level.code))
        parts = parts[1:]
    for part in parts:
        m = _REL.match(part)
        if m:
            phrases.append("releasable to " + _release_list(m.group(1)))
            continue
        found = terms("caveats").get(part)
        if found is None or found.kind == "release":
            return None
        phrases.append(_phrase("caveats", found.code))
    if not phrases:
        return None
    out = ", ".join(phrases)
    return out + " (the entire text)" if entire else out


def _release_list(text: str) -> str:
    """``"USA, FVEY"`` -> ``"the United States, the Five Eyes (...)"``; unknown items kept as written."""
    items = [i.strip() for i in re.split(r"[,\s]+", text) if i.strip()]
    out = []
    for item in items:
        found = terms("caveats").get(item)
        if found and found.kind == "release":
            out.append(_phrase("caveats", found.code))
            continue
        info = tag(item)
        if info and info.kind in ("country", "organization"):
            out.append(info.meaning.split(": ", 1)[-1].rstrip("."))
        else:
            out.append(item.title() if len(item) > 3 else item)
    return ", ".join(out)


def _phrase(table: str, code: str) -> str:
    """The ``phrase`` column of a row of ``table``."""
    for row in rows(table):
        if row["code"] == code:
            return row["phrase"]
    raise KeyError(code)


def _normalize(text: str | None) -> str:
    """Upper case, single spaces, stripped; "" for None."""
    return _WS.sub(" ", text or "").strip().upper()
