"""Check a corpus against the parser and the decoding tables: what parses, what decodes.

`check_paths()` reads files and folders (`cablekit.sources`), parses every
cable (`cablekit.parse.parse_cable`) and tallies a `CheckReport`:

- per field of `cablekit.model.Cable`, how many cables have it (a value other
  than the field's default);
- per decoded element (TAGS, routing indicators, precedence, classification,
  caveats, reasons, portion markings, security line), how many values there
  are and which fall outside the decoding tables (`cablekit.decode`), each
  unknown value with its count, up to ``examples`` cables and the table's
  explanation when it has one (TAGS of kind ``unknown``);
- cited references whose reference ID is not canonical (`cablekit.refid`);
- parse failures: files or rows that could not be read or parsed, with the
  reason. Files that hold no cable (`NoCable`) are only counted as skipped.

Example::

    report = check_paths(["../shared/corpus/cablegate/cable/2009/12"])
    report.cables, report.to_dict()["decoding"]["tags"]["unknown"]
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from . import decode, refid
from .errors import NoCable, SourceError
from .model import Addressee, Cable
from .parse import parse_cable
from .sources import iter_files, read_path
from .sources.base import RowError

DEFAULT_EXAMPLES = 3

CATEGORIES = ("tags", "routing_indicators", "precedence", "classification", "caveats",
              "reasons", "portion_markings", "security_line")
"""The decoded elements a report counts, in report order."""


@dataclass
class Tally:
    """How often one value (or problem) occurs, with the first few examples.

    count: occurrences; examples: up to ``limit`` distinct examples (reference
    IDs of cables, or ``path: reason`` strings); note: the decoding table's
    explanation of an unknown value, or "".
    """

    count: int = 0
    examples: list[str] = field(default_factory=list)
    note: str = ""
    limit: int = DEFAULT_EXAMPLES

    def add(self, example: str) -> None:
        """Count one more occurrence; keep ``example`` if there is room and it is new."""
        self.count += 1
        if len(self.examples) < self.limit and example not in self.examples:
            self.examples.append(example)


@dataclass
class Category:
    """The values of one decoded element across the corpus.

    occurrences: values seen; distinct: different values seen; unknown: the
    values the tables do not decode, keyed by value.
    """

    occurrences: int = 0
    seen: set[str] = field(default_factory=set)
    unknown: dict[str, Tally] = field(default_factory=dict)

    @property
    def unknown_count(self) -> int:
        """Occurrences of unknown values."""
        return sum(t.count for t in self.unknown.values())


@dataclass
class CheckReport:
    """The result of a check; `to_dict()` gives the JSON printed by ``cablekit check --json``.

    files: files read; cables: cables parsed; skipped: files that hold no cable;
    fields: field name -> cables that have it, i.e. whose value differs from the
    field's default (for ``sections``: more than one section);
    categories: element -> `Category`;
    references: cited references seen; bad_references: references whose
    reference ID is not canonical; failures: files or rows that could not be
    read or parsed (examples ``"path (row N): reason"``).
    """

    examples: int = DEFAULT_EXAMPLES
    files: int = 0
    cables: int = 0
    skipped: int = 0
    fields: dict[str, int] = field(default_factory=lambda: {f.name: 0 for f in dataclasses.fields(Cable)})
    categories: dict[str, Category] = field(default_factory=lambda: {c: Category() for c in CATEGORIES})
    references: int = 0
    bad_references: Tally = field(default_factory=Tally)
    failures: Tally = field(default_factory=Tally)

    def __post_init__(self) -> None:
        self.bad_references.limit = self.failures.limit = self.examples

    @property
    def ok(self) -> bool:
        """True when no file or cable failed to parse."""
        return self.failures.count == 0

    def add_cable(self, cable: Cable) -> None:
        """Tally one parsed cable."""
        self.cables += 1
        for f in dataclasses.fields(Cable):
            if _present(f, getattr(cable, f.name)):
                self.fields[f.name] += 1
        name = cable.reference_id or cable.source or "?"
        for category, value, known in _values(cable):
            self._value(category, value, known, name)
        for ref in cable.references:
            self.references += 1
            if refid.split(ref.reference_id) is None or refid.canonicalize(ref.reference_id) != ref.reference_id:
                self.bad_references.add(f"{name}: {ref.text} -> {ref.reference_id}")

    def add_failure(self, error: SourceError | RowError) -> None:
        """Tally a file or row that could not be read or parsed; a row that holds
        no cable (a metadata-only record) is counted as skipped instead."""
        exc = error.to_exception() if isinstance(error, RowError) else error
        if isinstance(exc, NoCable):
            self.skipped += 1
        else:
            self.failures.add(str(exc))

    def _value(self, category: str, value: str, known: bool, example: str) -> None:
        cat = self.categories[category]
        cat.occurrences += 1
        cat.seen.add(value)
        if not known:
            tally = cat.unknown.get(value)
            if tally is None:
                tally = cat.unknown[value] = Tally(note=_explain(category, value), limit=self.examples)
            tally.add(example)

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict (stable keys; unknown values sorted by count)."""
        return {
            "files": self.files,
            "cables": self.cables,
            "skipped": self.skipped,
            "failures": {"count": self.failures.count, "examples": self.failures.examples},
            "fields": dict(self.fields),
            "decoding": {
                name: {
                    "occurrences": cat.occurrences,
                    "distinct": len(cat.seen),
                    "unknown": cat.unknown_count,
                    "unknown_values": [
                        {"value": value, "count": t.count, "examples": t.examples, "note": t.note}
                        for value, t in sorted(cat.unknown.items(), key=lambda kv: (-kv[1].count, kv[0]))
                    ],
                }
                for name, cat in self.categories.items()
            },
            "references": {
                "count": self.references,
                "not_canonical": {"count": self.bad_references.count, "examples": self.bad_references.examples},
            },
        }


def check_cables(cables: Iterable[Cable], examples: int = DEFAULT_EXAMPLES) -> CheckReport:
    """A report over already parsed cables (``files`` stays 0)."""
    report = CheckReport(examples=examples)
    for cable in cables:
        report.add_cable(cable)
    return report


def check_paths(paths: Iterable[str | Path], format: str | None = None, examples: int = DEFAULT_EXAMPLES,
                on_start: Callable[[int], None] | None = None,
                on_file: Callable[[Path], None] | None = None) -> CheckReport:
    """Read, parse and check every file under ``paths`` (folders recursively).

    format: force a reader (see `cablekit.sources.READERS`), else detected per file.
    examples: how many examples to keep per unknown value and problem.
    on_start(files) is called once with the number of files, on_file(path)
    after each file (for a progress bar). Never raises on bad input: a file or
    cable that can't be read or parsed becomes a failure of the report.
    """
    report = CheckReport(examples=examples)
    files = list(iter_files(paths))
    if on_start:
        on_start(len(files))
    for path in files:
        report.files += 1
        try:
            for raw in read_path(path, format, on_error=report.add_failure):
                try:
                    report.add_cable(parse_cable(raw))
                except SourceError as exc:  # ParseError: the text is no cable
                    report.add_failure(exc)
                except Exception as exc:  # a parser bug: report it with the cable, go on
                    where = f"{raw.path} (row {raw.row})" if raw.row is not None else raw.path
                    report.failures.add(f"{where}: parser error {type(exc).__name__}: {exc}")
        except NoCable:
            report.skipped += 1
        except SourceError as exc:
            report.add_failure(exc)
        if on_file:
            on_file(path)
    return report


# The table that explains an undecoded value of each category ("# Not decoded: ..." lines).
_TABLE_OF = {"routing_indicators": "routing_indicators", "precedence": "precedence",
             "classification": "classification", "caveats": "caveats", "reasons": "reasons",
             "portion_markings": "classification", "security_line": "signals"}


def _explain(category: str, value: str) -> str:
    """The decoding tables' explanation of an unknown value, or ""."""
    if category == "tags":
        info = decode.tag(value)
        return info.meaning if info else ""
    table = _TABLE_OF[category]
    for part in [value] + value.split():
        note = decode.explanation(table, part)
        if note:
            return note
    return ""


def _values(cable: Cable) -> Iterable[tuple[str, str, bool]]:
    """``(category, value, known)`` for every decodable value of a cable."""
    for code in cable.tags:
        info = decode.tag(code)
        yield "tags", code, bool(info and info.decoded)
    addressees: list[Addressee] = ([cable.from_] if cable.from_ else []) + cable.to + cable.info
    indicators = ([cable.station] if cable.station else []) + [a.routing_indicator for a in addressees
                                                              if a.routing_indicator]
    for ri in indicators:
        known = decode.routing_indicator(ri) is not None or decode.operating_signal(ri) is not None
        yield "routing_indicators", ri, known
    precedences = ([cable.precedence] if cable.precedence else []) + [a.precedence for a in addressees
                                                                      if a.precedence]
    for p in precedences:
        yield "precedence", p, decode.precedence(p) is not None
    if cable.classification:
        yield "classification", cable.classification, decode.portion_marking(cable.classification) is not None
    for c in cable.caveats:
        yield "caveats", c, decode.caveat(c) is not None
    for r in cable.reasons:
        yield "reasons", r, decode.reason(r) is not None
    for p in cable.paragraphs:
        if p.marking:
            yield "portion_markings", p.marking, decode.portion_marking(p.marking) is not None
    if cable.security_line:
        yield "security_line", cable.security_line, decode.security_line(cable.security_line) is not None


def _present(f: dataclasses.Field, value: Any) -> bool:
    """True when a Cable field holds something other than its default."""
    if f.default is not dataclasses.MISSING:
        return value != f.default
    if f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return value != f.default_factory()  # type: ignore[misc]
    return bool(value)
