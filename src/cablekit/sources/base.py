"""What every reader yields, and the protocol a reader follows.

A reader turns one file into zero or more `RawCable` values: the publisher's
metadata (as strings, unparsed beyond trimming), the transmission header text
and the body text, with the path (and row) they came from. The parser
(`cablekit.parse.parse_cable`) turns a `RawCable` into a `Cable`.

A reader of a multi-cable file (a dump, JSON Lines) that meets one broken
record yields a `RowError` for it instead and goes on with the next record:
one bad row never ends the file. `cablekit.sources.read_path` hands RowErrors
to its ``on_error`` callback (batch code reports them and skips); callers
that iterate a reader directly check ``isinstance(item, RowError)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Iterator, Protocol

from ..errors import NoCable, SourceError


@dataclass
class RawCable:
    """The raw parts of one cable as a reader found them.

    path: the source file, as given on the command line (str).
    format: the reader's name (``"cablegate-html"``, ``"wikileaks-text"``, ``"telegram"``).
    metadata: publisher metadata, keys among ``reference_id``, ``created``
        (``"YYYY-MM-DD HH:MM"`` or as published), ``released``, ``classification``,
        ``origin``, ``subject`` (the page's title), ``tags`` (space-separated),
        ``references`` (cited reference IDs as the publisher lists them, e.g. the
        cables.csv column ``"72MOSCOW1603|72TEHRAN1091"``); empty for a bare telegram.
        Archival records may add ``aliases`` (space-separated other IDs of the
        same cable as published, e.g. the PlusD canonical ID ``"1973STATE237171_b"``
        or the AAD document number ``"1973ABIDJA00073"``), ``concepts`` (AAD
        concepts as published, ``"HOLIDAY, STAFFDEL"``) and ``office`` (AAD
        action office, ``"ACTION AF"``).
    header: the transmission header text (``VZCZC...`` through the last INFO line),
        newlines as ``\\n``; may be empty.
    body: the body text from the classification banner to the end, ``\\n`` newlines.
    row: the row or record number inside a multi-cable file, else None.
    repairs: notes on repairs made while reading: encoding (``["not valid UTF-8:
        decoded as cp1252 (charset-normalizer)"]``, mojibake undone by ftfy), cut
        artifacts (a missing closing quote), restored line breaks.
    """

    path: str
    format: str
    metadata: dict[str, str] = field(default_factory=dict)
    header: str = ""
    body: str = ""
    row: int | None = None
    repairs: list[str] = field(default_factory=list)


@dataclass
class RowError:
    """One record of a multi-cable file that could not be read; the rest of the file goes on.

    path: the source file (str); row: the record number inside it (1-based, as
    `RawCable.row`), or None for text outside any record; reason: one line saying
    what is wrong and where (``"line 812: expected 8 columns, found 5"``);
    raw_text: the start of the record's text as found (at most 500 characters),
    for the report; format: the reader's name; no_cable: True when the record was
    read but holds no cable (metadata only, text unavailable): a "no cable" count,
    not an error, and `to_exception` gives a `NoCable`.

    Example: ``RowError("cables.csv", 3, "line 40: expected 8 columns, found 5", '"3","1/2/1970 ...')``.
    """

    path: str
    row: int | None
    reason: str
    raw_text: str = ""
    format: str = ""
    no_cable: bool = False

    def to_exception(self) -> SourceError:
        """The same failure as a `SourceError` (``"cables.csv (row 3): line 40: ..."``),
        a `NoCable` when ``no_cable``."""
        return (NoCable if self.no_cable else SourceError)(self.path, self.reason, self.row)


class Reader(Protocol):
    """A reader of one input format.

    name: short format name shown by ``cablekit formats``.
    description: one line on what it accepts.
    match(path, head): a score in [0, 1] that the file is of this format, from its
        name and its first bytes ``head`` (up to 64 KiB); 0 means "not mine".
    read(path): the cables in the file; raises `cablekit.errors.SourceError`
        (or its subclass `NoCable`) with the path and a reason when it can't.
        A multi-cable reader may also yield a `RowError` for a broken record
        and go on with the next one.
    binary (optional class attribute, default False): True for a reader of a
        binary format (PDF); `detect()` offers files with NUL bytes only to those.
    """

    name: ClassVar[str]
    description: ClassVar[str]

    def match(self, path: Path, head: bytes) -> float: ...

    def read(self, path: Path) -> Iterator[RawCable | RowError]: ...
