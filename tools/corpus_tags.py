#!/usr/bin/env python3
"""List the TAGS codes of a corpus with their counts and how tables/tags.tsv decodes them.

The maintenance aid for src/cablekit/tables/tags.tsv: run it after adding
cables, and give every code marked ``MISSING`` a row (a meaning, a typo
pointer, or kind ``unknown`` with what is known of it).

Codes come from the publisher's tag metadata when a reader gives it, else from
the body's TAGS line (label ``TAGS:``, ``TAGS`` or ``TAG``, codes separated by
spaces, commas or semicolons, up to the SUBJECT line or a blank line; person
tags ``OVIP (CLINTON, HILLARY)`` kept whole).

Run from the repository root::

    .venv/bin/python tools/corpus_tags.py                 # ../shared/corpus
    .venv/bin/python tools/corpus_tags.py --missing PATH  # only the codes the table lacks
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from cablekit import decode  # noqa: E402
from cablekit.errors import SourceError  # noqa: E402
from cablekit.sources import iter_files, read_path  # noqa: E402

DEFAULT_INPUTS = [REPO.parent / "shared" / "corpus"]

_LABEL = re.compile(r"(?:^|\s)TAGS?(?::|[ \t]+(?=[A-Za-z]))", re.M | re.I)
# The TAGS text ends at a blank line, the SUBJECT label (glued on in texts whose
# newlines were lost: "TUSUBJECT:"), a REF line, Classified By, or a page break.
_END = re.compile(r"\n\s*\n|SUBJ(?:ECT)?\s*:|\bSUBJECT\b|\n\s*REF\b|\bREFS?\s*:|\bClassified\s+By\b"
                  r"|\b[A-Z][A-Z ]+ \d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}|\n[A-Z][A-Z ]+ \d{8}\s+\d{3}|\u00b6|\(\s*[USC]\s*\)", re.I)
_PERSON = re.compile(r"\b([A-Z]{3,5})\s*\(([^()\n]{2,60})\)")
_SPLIT = re.compile(r"[\s,;]+")
_MAX_TAGS_TEXT = 400


def tags_of(metadata_tags: str | None, body: str) -> list[str]:
    """The TAGS codes of one cable: from the metadata when given, else from the body's TAGS line."""
    text = metadata_tags
    if not text:
        m = _LABEL.search(body[:8000])
        if not m:
            return []
        rest = body[m.end():m.end() + _MAX_TAGS_TEXT]
        end = _END.search(rest)
        text = rest[:end.start()] if end else rest[:200]
    text = text.upper()
    people = [f"{m.group(1)} ({m.group(2).strip()})" for m in _PERSON.finditer(text)]
    text = _PERSON.sub(" ", text)
    return people + [t.strip(".:") for t in _SPLIT.split(text) if t.strip(".:")]


def main() -> int:
    """Print ``count  code  kind`` for every code, most common first; 0 on success."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="*", type=Path, help="corpus folders or files (default: ../shared/corpus)")
    ap.add_argument("--missing", action="store_true", help="only the codes tags.tsv does not decode")
    args = ap.parse_args()
    counts: collections.Counter = collections.Counter()
    examples: dict[str, str] = {}
    for path in iter_files(args.inputs or DEFAULT_INPUTS):
        try:
            for raw in read_path(path, on_error=lambda e: None):
                for code in tags_of(raw.metadata.get("tags"), raw.body):
                    counts[code] += 1
                    examples.setdefault(code, raw.metadata.get("reference_id") or raw.path)
        except SourceError:
            continue
    for code, n in counts.most_common():
        info = decode.tag(code)
        kind = info.kind if info else "MISSING"
        if args.missing and info is not None:
            continue
        print(f"{n:6d}  {code:<28} {kind:<12} {examples[code]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
