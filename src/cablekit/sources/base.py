"""What every reader yields, and the protocol a reader follows.

A reader turns one file into zero or more `RawCable` values: the publisher's
metadata (as strings, unparsed beyond trimming), the transmission header text
and the body text, with the path (and row) they came from. The parser
(`cablekit.parse.parse_cable`) turns a `RawCable` into a `Cable`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Iterator, Protocol


@dataclass
class RawCable:
    """The raw parts of one cable as a reader found them.

    path: the source file, as given on the command line (str).
    format: the reader's name (``"cablegate-html"``, ``"wikileaks-text"``, ``"telegram"``).
    metadata: publisher metadata, keys among ``reference_id``, ``created``
        (``"YYYY-MM-DD HH:MM"`` or as published), ``released``, ``classification``,
        ``origin``, ``subject`` (the page's title), ``tags`` (space-separated);
        empty for a bare telegram.
    header: the transmission header text (``VZCZC...`` through the last INFO line),
        newlines as ``\\n``; may be empty.
    body: the body text from the classification banner to the end, ``\\n`` newlines.
    row: the row or record number inside a multi-cable file, else None.
    repairs: notes on encoding repairs made while reading (``["cp1252 decoded"]``).
    """

    path: str
    format: str
    metadata: dict[str, str] = field(default_factory=dict)
    header: str = ""
    body: str = ""
    row: int | None = None
    repairs: list[str] = field(default_factory=list)


class Reader(Protocol):
    """A reader of one input format.

    name: short format name shown by ``cablekit formats``.
    description: one line on what it accepts.
    match(path, head): a score in [0, 1] that the file is of this format, from its
        name and its first bytes ``head`` (up to 64 KiB); 0 means "not mine".
    read(path): the cables in the file; raises `cablekit.errors.SourceError`
        (or its subclass `NoCable`) with the path and a reason when it can't.
    """

    name: ClassVar[str]
    description: ClassVar[str]

    def match(self, path: Path, head: bytes) -> float: ...

    def read(self, path: Path) -> Iterator[RawCable]: ...
