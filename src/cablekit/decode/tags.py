"""TAGS (Traffic Analysis by Geography and Subject): what each code of a TAGS line means.

Source: table ``tables/tags.tsv``: every code of the corpus's TAGS lines, with
subject (``PREL``), program (``KDEM``), country (``KZ``), area, organization
(``NATO``), person, word, typo (``ECONEFIN``, pointing to ``ECON EFIN``) and
unknown entries. Person tags written ``OVIP (CLINTON, HILLARY)`` are read
without a table row: the code before the parentheses, the name inside.

Example::

    >>> tag("PREL").meaning
    'Political: external political relations (foreign policy, bilateral and multilateral relations).'
    >>> tag("KZ").kind, tag("KZ").meaning
    ('country', 'Country: Kazakhstan.')
    >>> tag("OVIP (CLINTON, HILLARY)").kind
    'person'
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .tables import rows

KINDS = ("subject", "program", "country", "area", "organization", "person", "word", "typo", "unknown")
"""Every kind a TagInfo can have; ``unknown`` means the code is known to occur but not decoded."""

_WS = re.compile(r"\s+")
_PERSON = re.compile(r"^([A-Z]{3,5})\s*\(\s*([^()]{2,80}?)\s*\)$")
_EDGE_PUNCT = " .,;:"


class TagInfo(NamedTuple):
    """A decoded TAGS code.

    code: the code as looked up, normalized (upper case, single spaces).
    kind: one of `KINDS`.
    meaning: one plain-English sentence (for ``unknown``: what is known of it).
    see: for ``typo``, the codes it stands for (``("ECON", "EFIN")``); else ().
    """

    code: str
    kind: str
    meaning: str
    see: tuple[str, ...] = ()

    @property
    def decoded(self) -> bool:
        """True unless the kind is ``unknown``."""
        return self.kind != "unknown"


@functools.cache
def _table() -> dict[str, TagInfo]:
    out: dict[str, TagInfo] = {}
    for r in rows("tags"):
        code = r["code"].upper()
        out[code] = TagInfo(code, r["kind"], r["meaning"], tuple(r["see"].split()))
    return out


def tag(code: str | None) -> TagInfo | None:
    """Decode one TAGS code (``"PREL"``, ``"kz"``, ``"OVIP (CLINTON, HILLARY)"``); None when unknown.

    Case, inner spaces and trailing punctuation (``"SW."``) are normalized. A
    person tag ``CODE (SURNAME, GIVEN)`` gives kind ``person`` with the name in
    natural order and the meaning of CODE; it needs no table row.
    """
    if not code:
        return None
    norm = _WS.sub(" ", code).strip(_EDGE_PUNCT).upper()
    table = _table()
    found = table.get(norm)
    if found:
        return found
    m = _PERSON.match(norm)
    if m:
        return _person(norm, m.group(1), m.group(2), table.get(m.group(1)))
    return None


def tag_kind(code: str | None) -> str | None:
    """The kind of a TAGS code (``"subject"``, ``"country"``...), or None when unknown."""
    info = tag(code)
    return info.kind if info else None


def tags() -> tuple[TagInfo, ...]:
    """Every row of the TAGS table, in table order."""
    return tuple(_table().values())


def _person(code: str, base: str, name: str, base_info: TagInfo | None) -> TagInfo:
    """A person tag: ``OVIP (CLINTON, HILLARY)`` -> ``"Person: Hillary Clinton, a person tag under OVIP: ..."``."""
    parts = [p.strip() for p in name.split(",") if p.strip()]
    natural = " ".join(reversed(parts)) if len(parts) == 2 else " ".join(parts)
    natural = " ".join(w.capitalize() if len(w) > 2 or not w.endswith(".") else w for w in natural.split())
    under = f"a person tag under {base}"
    if base_info and base_info.decoded:
        under += f": {base_info.meaning.split(': ', 1)[-1].rstrip('.')}"
    return TagInfo(code, "person", f"Person: {natural}, {under}.")
