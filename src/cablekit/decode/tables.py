"""Reading the decoding tables: TSV files shipped in ``cablekit/tables/``.

Each table is a UTF-8, tab-separated file. Lines starting with ``#`` are
comments (the first one names the table's source); the first other line names
the columns; every further line is one row. A row shorter than the column line
is padded with empty strings. Tables are read on first use and kept (one read
per process), never at import time.

Example::

    >>> rows("precedence")[0]["code"]
    'Z'
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from typing import NamedTuple

_PACKAGE = "cablekit"
_FOLDER = "tables"


class Term(NamedTuple):
    """One decoded term of a small table (caveat, signal, reason, order, level).

    code: the term in its canonical spelling (``"NOFORN"``, ``"1.4(b)"``).
    kind: what sort of term it is (``"caveat"``, ``"operating_signal"``, ``"reason"``...).
    meaning: one plain-English sentence of ours.
    note: extra facts (which executive order, the long form of an abbreviation), or "".
    """

    code: str
    kind: str
    meaning: str
    note: str = ""


@functools.cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of table ``name`` (``tables/<name>.tsv``) as dicts keyed by column name.

    Raises FileNotFoundError when the package has no such table (a packaging bug,
    not bad input).
    """
    text = resources.files(_PACKAGE).joinpath(_FOLDER, f"{name}.tsv").read_text(encoding="utf-8")
    columns: list[str] | None = None
    out: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if columns is None:
            columns = cells
            continue
        cells += [""] * (len(columns) - len(cells))
        out.append(dict(zip(columns, cells)))
    return tuple(out)


@functools.cache
def comments(name: str) -> tuple[str, ...]:
    """The comment lines of table ``name`` without their ``#`` (the first is the source line)."""
    text = resources.files(_PACKAGE).joinpath(_FOLDER, f"{name}.tsv").read_text(encoding="utf-8")
    return tuple(line[1:].strip() for line in text.splitlines() if line.startswith("#"))


def source(name: str) -> str:
    """The source line of table ``name`` (``"source: ..."``), or "" when it has none."""
    for line in comments(name):
        if line.lower().startswith("source:"):
            return line
    return ""


def explanation(name: str, value: str) -> str:
    """Why table ``name`` leaves ``value`` undecoded: its ``# Not decoded: ...`` comment
    line naming the value (as a whole word), or "" when there is none."""
    needle = re.compile(rf"(?<![A-Z0-9/]){re.escape(value.strip().upper())}(?![A-Z0-9/])")
    for line in comments(name):
        if line.startswith("Not decoded:") and needle.search(line.upper()):
            return line
    return ""


@functools.cache
def terms(name: str, key: str = "code") -> dict[str, Term]:
    """Table ``name`` as a dict from upper-cased ``key`` column to `Term`.

    The table needs ``code``/``kind``/``meaning`` columns (``note`` optional).
    """
    out: dict[str, Term] = {}
    for row in rows(name):
        term = Term(row["code"], row.get("kind", ""), row.get("meaning", ""), row.get("note", ""))
        out[row[key].upper()] = term
    return out
