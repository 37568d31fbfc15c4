"""Reader for the full Cablegate dump ``cables.csv`` (251,287 rows, 1.7 GB), plain or compressed.

Source: the 2011 dump, one row per cable, 8 double-quoted columns, no header row::

    "1","12/28/1966 18:48","66BUENOSAIRES2481","Embassy Buenos Aires","UNCLASSIFIED",
    "66STATE106206","P R 281848Z DEC 66\\nFM ...","UNCLASSIFIED BUENOS AIRES 2481 \\n..."

columns: running id, created (``M/D/YYYY H:MM``, kept as published), reference
ID, origin, classification, references (``|``-separated reference IDs), header,
body. Quotes inside fields are backslash-escaped (``\\"``, ``\\'``), not doubled:
read with ``csv.reader(..., escapechar="\\\\", doublequote=False)``.

The file is streamed: lines are grouped into records at each line that starts a
row (``"<digits>","<M/D/YYYY H:MM>",``), so memory holds one record at a time and
a broken row can't swallow the rest of the file; each record is then read with
the csv module. Quirks handled: an optional header row, CRLF line ends, a stray
``"`` line before the first row and a last row without its closing quote (the
cut artifacts of split files), a piece cut anywhere (it is recognized by a row
start anywhere in its first 64 KiB; the text before its first row is reported),
a row whose start line is damaged (the row before it is read whole, the damaged
row reported), gzip/bzip2/xz input, bytes that are not UTF-8
(decoded and mojibake repaired by `cablekit.sources.encoding.decode_text`,
noted in ``repairs``). A row that still can't be read is
yielded as a `RowError` and the next row goes on.

Example: ``CablesCsvReader().read(Path("cables.csv.gz"))`` yields RawCables with
``row`` 1, 2, ... and ``metadata["created"] == "12/28/1966 18:48"`` for row 1.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import BinaryIO, ClassVar, Iterator

from ..errors import NoCable, SourceError
from .base import RawCable, RowError
from .encoding import decode_text, normalize_newlines
from .stream import STREAM_ERRORS, open_binary

_RECORD_START = re.compile(rb'^"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}",')
_ROW_START_LINE = re.compile(_RECORD_START.pattern, re.MULTILINE)
_COLUMNS = ("row_id", "created", "reference_id", "origin", "classification", "references", "header", "body")
_MAX_RECORD = 32 * 1024 * 1024  # bytes; a longer "record" is a runaway quote, not a cable
_EXCERPT = 500
_BLOCK = 4 * 1024 * 1024  # bytes read at a time
_START_SLACK = 256  # bytes after a line start needed to tell whether it starts a row
_CUT_QUOTE = "last field had no closing quote (row cut off at end of file?); quote added"
_STRAY_QUOTE = 'dropped a stray \'"\' line before the first row (cut artifact)'


class CablesCsvReader:
    """The cables.csv dump (or a piece of it), streamed row by row."""

    name: ClassVar[str] = "cables-csv"
    description: ClassVar[str] = ("full dump cables.csv: 8 quoted columns, backslash escapes, "
                                  "one cable per row (also .gz/.bz2/.xz)")

    def match(self, path: Path, head: bytes) -> float:
        """0.95 when a line of the head starts a cables.csv row (a piece of the dump cut
        anywhere starts mid-row: its first row start may come after many lines), else 0."""
        return 0.95 if _ROW_START_LINE.search(head.removeprefix(b"\xef\xbb\xbf")) else 0.0

    def read(self, path: Path) -> Iterator[RawCable | RowError]:
        """The cables of the dump in file order, ``row`` counting from 1.

        Yields a RowError for a row that can't be read and goes on. Raises NoCable
        when the file holds no row, SourceError when a compressed stream is cut short.
        """
        if csv.field_size_limit() < _MAX_RECORD:
            csv.field_size_limit(_MAX_RECORD)  # process-wide: bodies exceed the 128 KiB default
        with open_binary(path) as fh:
            try:
                yield from _records(path, fh)
            except STREAM_ERRORS as exc:
                raise SourceError(str(path), f"compressed stream cut short or corrupt: {exc}") from exc


def _records(path: Path, fh: BinaryIO) -> Iterator[RawCable | RowError]:
    """Read each piece of the stream (`_pieces`): the text before the first row, then the rows."""
    row = 0
    notes: list[str] = []
    for first_line, data, whole in _pieces(fh):
        if row == 0:
            preamble = _read_preamble(path, data, whole)
            if isinstance(preamble, RowError):
                yield preamble
            else:
                notes = preamble
        elif whole:
            yield from _read_row(path, row, first_line, data, notes)
            notes = []
        else:
            yield RowError(str(path), row, f"line {first_line}: record longer than {_MAX_RECORD} bytes "
                           "(unclosed quote?); skipped to the next row", _excerpt(data), CablesCsvReader.name)
        row += 1
    if row == 0:
        raise NoCable(str(path), "holds no cable: no cables.csv row found (a row starts \"<id>\",\"M/D/YYYY H:MM\",)")


def _pieces(fh: BinaryIO) -> Iterator[tuple[int, bytes, bool]]:
    """The stream cut before each line that starts a row: ``(first line number, bytes, whole)``.

    The first piece is the text before the first row (empty when the stream
    starts with a row); nothing at all is yielded when no line starts a row. The
    stream is read `_BLOCK` bytes at a time and searched for ``\\n"`` at C speed
    (a Python loop over the dump's 28 million lines cost a fifth of the reading).
    A piece longer than `_MAX_RECORD` is not held: it comes with ``whole`` False
    and only its first `_EXCERPT` bytes. When a compressed stream breaks, the
    pieces before the last row start it gave come out, then its error is raised.
    """
    buf, eof, broken = _fill(fh, b"", max(_BLOCK, _START_SLACK))
    buf = b"\n" + buf.removeprefix(b"\xef\xbb\xbf")  # a row start on the first line follows a line end too
    piece, scan = 1, 0  # offsets in buf: where the current piece starts, where to look for '\n"' on
    first = line = 1  # the current piece's first line; the line at offset ``piece``
    found = False
    dropped: bytes | None = None  # the start of the current piece, when it is too long to hold
    while True:
        end = len(buf) if eof else len(buf) + 1 - _START_SLACK  # a line start is matched with what follows
        while (nl := buf.find(b'\n"', scan, end)) >= 0:
            scan = nl + 1
            if _ROW_START_LINE.match(buf, scan):
                line += buf.count(b"\n", piece, scan)
                yield _piece(first, buf, piece, scan, dropped)
                found, dropped, first, piece = True, None, line, scan
        if eof:
            break
        scan = max(scan, end - 1)
        if scan - piece > _MAX_RECORD:  # an unclosed quote, or no row at all: keep an excerpt only
            if dropped is None:
                dropped = buf[piece:piece + _EXCERPT]
            line += buf.count(b"\n", piece, scan)
            piece = scan
        cut = min(piece, scan)
        buf, eof, broken = _fill(fh, buf[cut:], _BLOCK)
        piece, scan = piece - cut, scan - cut
    if broken is not None:
        raise broken
    if found:
        yield _piece(first, buf, piece, len(buf), dropped)


def _fill(fh: BinaryIO, kept: bytes, size: int) -> tuple[bytes, bool, BaseException | None]:
    """``kept``, then at least ``size`` more bytes of the stream unless it ends first; whether it
    has ended, and the error it broke with (None when it did not). The parts a compressed
    stream gives (10-20 KB each) are joined once, not added to the held bytes one by one."""
    read = getattr(fh, "read1", fh.read)  # what a compressed stream gives before it breaks comes out
    parts, got = [kept], 0
    try:
        while got < size:
            part = read(size - got)
            if not part:
                return b"".join(parts), True, None
            parts.append(part)
            got += len(part)
    except STREAM_ERRORS as exc:
        return b"".join(parts), True, exc
    return b"".join(parts), False, None


def _piece(first: int, buf: bytes, start: int, stop: int, dropped: bytes | None) -> tuple[int, bytes, bool]:
    """A piece as `_pieces` yields it: whole when it is at most `_MAX_RECORD` bytes long,
    else its first `_EXCERPT` bytes (``dropped``, when the rest was dropped already)."""
    if dropped is None and stop - start <= _MAX_RECORD:
        return first, buf[start:stop], True
    return first, buf[start:start + _EXCERPT] if dropped is None else dropped, False


def _read_preamble(path: Path, data: bytes, whole: bool) -> list[str] | RowError:
    """Text before the first row: nothing, a header row, or the stray-quote artifact.

    Returns repair notes for the first row, or a RowError for other text.
    """
    text = data.strip()
    if whole and not text:
        return []
    if whole and text == b'"':
        return [_STRAY_QUOTE]
    decoded = decode_text(text)[0]
    lines = data.count(b"\n")
    if whole and lines <= 1:
        fields = next(csv.reader(io.StringIO(decoded, newline=""), escapechar="\\", doublequote=False), [])
        if len(fields) >= 3 and not any(f.strip().isdigit() for f in fields):
            return []  # a header row ("id","date","refid",...)
    where = f"lines 1-{lines}" if whole else f"more than {_MAX_RECORD} bytes"
    return RowError(str(path), None, f"{where}: text before the first row (file starts mid-row?)",
                    decoded[:_EXCERPT], CablesCsvReader.name)


def _second_row_line(lines: list[bytes]) -> int | None:
    """The index of the line where a record's second row begins: the first line end after
    which the lines before it read as one whole row of 8 columns; None if there is none."""
    for cut in range(1, len(lines)):
        if not lines[cut - 1].rstrip().endswith(b'"'):
            continue
        try:
            rows = _parse(decode_text(b"".join(lines[:cut]))[0])
        except csv.Error:
            continue
        if len(rows) == 1 and len(rows[0]) == len(_COLUMNS):
            return cut
    return None


def _read_row(path: Path, row: int, first_line: int, data: bytes, notes: list[str],
              *, split: bool = True) -> list[RawCable | RowError]:
    """Read one record's bytes as one 8-column row. When they hold a whole row and then
    more (the next row's start line is damaged, so the record was not cut there), the
    whole row is read and the rest becomes a RowError of its own (``split``)."""
    repairs = list(notes)
    text, decoded = decode_text(data)
    repairs.extend(decoded)
    try:
        rows = _parse(text)
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return [RowError(str(path), row, f"line {first_line}: unreadable row: {exc}", text[:_EXCERPT],
                             CablesCsvReader.name)]
        try:
            rows = _parse(_strip_line_end(text) + '"')
        except csv.Error as again:
            return [RowError(str(path), row, f"line {first_line}: unreadable row: {again}", text[:_EXCERPT],
                             CablesCsvReader.name)]
        repairs.append(_CUT_QUOTE)
    if len(rows) > 1 and len(rows[0]) == len(_COLUMNS) and split:
        lines = io.BytesIO(data).readlines()
        if cut := _second_row_line(lines):
            return [*_read_row(path, row, first_line, b"".join(lines[:cut]), notes, split=False),
                    RowError(str(path), row, f"line {first_line + cut}: text after row {row} that does not start "
                             "as a row does (a damaged row start?); skipped", _excerpt(b"".join(lines[cut:])),
                             CablesCsvReader.name)]
    if len(rows) != 1 or len(rows[0]) != len(_COLUMNS):
        found = f"{len(rows)} rows" if len(rows) != 1 else f"{len(rows[0])} columns"
        return [RowError(str(path), row, f"line {first_line}: expected one row of {len(_COLUMNS)} columns, "
                         f"found {found}", text[:_EXCERPT], CablesCsvReader.name)]
    values = dict(zip(_COLUMNS, rows[0]))
    if not values["reference_id"].strip():
        return [RowError(str(path), row, f"line {first_line}: empty reference ID column", text[:_EXCERPT],
                         CablesCsvReader.name)]
    metadata = {key: values[key].strip()
                for key in ("reference_id", "created", "origin", "classification", "references")
                if values[key].strip()}
    return [RawCable(path=str(path), format=CablesCsvReader.name, metadata=metadata,
                     header=normalize_newlines(values["header"]), body=normalize_newlines(values["body"]),
                     row=row, repairs=repairs)]


def _parse(text: str) -> list[list[str]]:
    """The non-empty rows of a record's text, backslash escapes, strict quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), escapechar="\\", doublequote=False, strict=True)
    return [r for r in reader if r]


def _strip_line_end(text: str) -> str:
    """The text without its last line end: the record's own, which the cut quote preceded."""
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith(("\n", "\r")) else text


def _excerpt(data: bytes) -> str:
    return decode_text(data[:_EXCERPT])[0][:_EXCERPT]
