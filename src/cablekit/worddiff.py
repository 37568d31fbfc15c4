"""Word-level differences between two versions of a cable's text.

The texts are split into words at whitespace (a word keeps its punctuation:
``"(S)"``, ``"2481."``) and compared with `difflib.SequenceMatcher` (without
its "junk" heuristic, which would ignore the commonest words of a long
cable). Each difference is a `Change`: the words removed and added, where,
and a few words of context on each side; `render` prints them with ``-``/``+``
markers or in colour.

Example::

    >>> [(c.op, c.removed, c.added) for c in word_diff("THE XXXXX MET HIM", "THE MINISTER MET HIM")]
    [('replace', ['XXXXX'], ['MINISTER'])]
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import click

DEFAULT_CONTEXT = 6
"""Words of unchanged text shown on each side of a change."""


@dataclass
class Change:
    """One difference: ``op`` is ``"replace"``, ``"delete"`` or ``"insert"``.

    position: index (0-based) of the first word concerned in the old text;
    removed/added: the words that left and came; before/after: context words.
    """

    op: str
    position: int
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


def word_diff(old: str, new: str, context: int = DEFAULT_CONTEXT) -> list[Change]:
    """The changes that turn ``old`` into ``new``, word by word, in text order."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        changes.append(Change(op, i1, a[i1:i2], b[j1:j2], a[max(0, i1 - context):i1], a[i2:i2 + context]))
    return changes


def render(changes: list[Change], color: bool = False) -> list[str]:
    """One line per change: ``@@ word N @@ before [-removed-] {+added+} after``.

    With ``color`` the removed words are red and the added ones green (no markers).
    """
    lines = []
    for c in changes:
        parts = [click.style(f"@@ word {c.position + 1} @@", fg="cyan") if color else f"@@ word {c.position + 1} @@"]
        if c.before:
            parts.append(("… " if c.position > len(c.before) else "") + " ".join(c.before))
        if c.removed:
            text = " ".join(c.removed)
            parts.append(click.style(text, fg="red", strikethrough=True) if color else f"[-{text}-]")
        if c.added:
            text = " ".join(c.added)
            parts.append(click.style(text, fg="green", bold=True) if color else f"{{+{text}+}}")
        if c.after:
            parts.append(" ".join(c.after))
        lines.append(" ".join(parts))
    return lines


def counts(changes: list[Change]) -> tuple[int, int]:
    """Words removed and words added in all."""
    return sum(len(c.removed) for c in changes), sum(len(c.added) for c in changes)
