"""Reader for NARA Central Foreign Policy File records (``aad``), 1973-79 electronic telegrams.

Source: NARA's Access to Archival Databases (AAD, series 4073) and History Lab's
``declassification_cables`` database built from it. Three shapes are read:

1. History Lab ``docs`` rows, as a Markdown (``|``-separated) or CSV table whose
   header names ``doc_nbr``: one record per row, fields in snake case
   (``doc_nbr, date, subject, from_field, to_field, concepts, office, origclass,
   classification, reference, legacy_key, body, raw_body, ...``); a multi-table
   file (a database preview) is searched for that table;
2. an AAD record as text: a declassification marking line, ``Message Text``,
   the telegram in the archival layout (``PAGE 01``, ``ORIGIN``/``INFO``
   offices, ``DRAFTED BY``, dashed serial line, DTG, FM/TO, banner, ...), then
   the archive's ``<< END OF DOCUMENT >>`` and ``*** Current Classification ***``
   lines (dropped), then ``Message Attributes`` with ``Key: value`` lines (values may wrap);
3. the same record printed to PDF and OCR'd, all on one line, punctuation lost.

Mapped onto RawCable metadata: ``Document Number``/``doc_nbr`` -> ``reference_id``
in our form (year 1973 -> 73, the cut station ``ABIDJA`` -> the full post name
from the record's From field or FM line, serial unpadded; `cablekit.sources.docnumber`)
and kept in ``aliases``; the draft date -> ``created``; the original
classification -> ``classification``; From -> ``origin``; Subject; TAGS (codes,
descriptions dropped) -> ``tags``; Concepts -> ``concepts``; Office -> ``office``;
Reference -> ``references``. Empty values (``n/a``, ``N/A``, ``NA``) are dropped.
Text flattened onto one line has its line breaks restored before the header
lines, the banner, the captions and the paragraph numbers (noted in ``repairs``).

A record whose telegram text is unavailable (``TELEGRAM TEXT FOR THIS MRN IS
UNAVAILABLE``, or no text) holds no cable: a row of a table is yielded as a
`RowError` with ``no_cable=True``, a one-record file raises NoCable.

Example: ``AadReader().read(Path("cables-preview.md"))`` yields the RawCable of
``08PRETOR09546`` (``metadata["reference_id"] == "78PRETORIA9546"``) and a
no-cable RowError for each of the four rows without text.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Iterator

from ..errors import NoCable
from .base import RawCable, RowError
from .docnumber import reference_id_from_document_number, split_document_number
from .encoding import decode_bytes, normalize_newlines
from .flattened import restore_lines
from .stream import read_all
from .telegram import split_telegram

_TABLE_HEADER = re.compile(r"^\|?[ \t]*doc_nbr[ \t]*[|,]", re.M)
_MESSAGE_TEXT = re.compile(r"(?:^|\s)Message Text(?:\s|$)")
_MESSAGE_ATTRIBUTES = re.compile(r"^[ \t]*Message Attributes[ \t]*$", re.M)
_UNAVAILABLE = re.compile(r"TELEGRAM TEXT FOR THIS MRN IS UNAVAILABLE|ERROR READING TEXT INDEX FILE", re.I)
_EMPTY = {"", "n/a", "na", "none", "null"}
# The archive's own lines after the telegram: "<< END OF DOCUMENT >>", "*** Current Classification *** ...".
_ARCHIVE_FOOTER = re.compile(r"^[ \t]*(?:<<\s*END OF DOCUMENT\s*>>|\*\*\*[^*\n]+\*\*\*).*$", re.M)
_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{3,}")
_TAG_CODE = re.compile(r"^\(?([A-Z][A-Z0-9]{1,5})\)?(?:\s*-\s*.*)?$")
_LEGACY_YEAR = re.compile(r"link(19[7-9]\d)")
_SOURCE_YEAR = re.compile(r"TEL\.[A-Z]{3}(\d{2})\b")
_FM = re.compile(r"^[ \t]*FM[ \t]+(\S.*?)[ \t]*$", re.M)
_DATE_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d %b %Y", "%d-%b-%Y %I:%M:%S %p")
_EXCERPT = 500
_MIN_MARKING = 20  # characters: a shorter "marking" is no stamp worth searching for

# AAD attribute names (text records) -> History Lab column names.
_ATTRIBUTES = {
    "Document Number": "doc_nbr", "Draft Date": "date", "Sent Date": "date",
    "Original Classification": "origclass", "Current Classification": "class",
    "From": "from_field", "To": "to_field", "Subject": "subject", "TAGS": "tags",
    "Concepts": "concepts", "Office": "office", "Reference": "reference",
    "Film Number": "film", "Markings": "markings", "Legacy Key": "legacy_key",
    "Executive Order": "eo", "Drafter": "drafter", "Locator": "locator",
    "Handling Restrictions": "handling", "Type": "type", "Line Count": "line_count",
    "Page Count": "page_count", "Channel Indicators": "channel", "Errors": "errors",
}
_OTHER_ATTRIBUTES = (
    "Automatic Decaptioning", "Capture Date", "Control Number", "Copy", "Decaption Date", "Decaption Note",
    "Disposition Action", "Disposition Approved on Date", "Disposition Authority", "Disposition Case Number",
    "Disposition Comment", "Disposition Date", "Disposition Event", "Disposition History", "Disposition Reason",
    "Disposition Remarks", "Document Source", "Document Unique ID", "Enclosure", "Image Path", "ISecure",
    "Original Handling Restrictions", "Original Previous Classification", "Original Previous Handling Restrictions",
    "Previous Channel Indicators", "Previous Handling Restrictions", "Review Action", "Review Authority",
    "Review Comment", "Review Content Flags", "Review Date", "Review Event", "Review History", "Review Markings",
    "Review Media Identifier", "Review Release Date", "Review Release Event", "Review Transfer Date", "Secure",
    "Status",
)
_ATTRIBUTE_LINE = re.compile(
    r"^[ \t]*(" + "|".join(re.escape(k) for k in sorted([*_ATTRIBUTES, *_OTHER_ATTRIBUTES], key=len, reverse=True))
    + r")[ \t]*:[ \t]?(.*)$")


class AadReader:
    """NARA AAD / History Lab records of the Central Foreign Policy Files (1973-79)."""

    name: ClassVar[str] = "aad"
    description: ClassVar[str] = ("NARA AAD Central Foreign Policy File records: History Lab doc_nbr tables, "
                                  "'Message Text'/'Message Attributes' text, OCR of the printout")

    def match(self, path: Path, head: bytes) -> float:
        """0.9 for a table with a ``doc_nbr`` column or a text with ``Message Text``
        before a ``PAGE 01`` header; else 0."""
        text = head.decode("utf-8", errors="replace")
        if _TABLE_HEADER.search(text):
            return 0.9
        found = _MESSAGE_TEXT.search(text[:4096])
        return 0.9 if found and "PAGE 01" in text[found.end():found.end() + 2048] else 0.0

    def read(self, path: Path) -> Iterator[RawCable | RowError]:
        """The records of the file; a table row without telegram text is a no-cable RowError.
        Raises NoCable for a one-record text without telegram text, or a table without rows."""
        text, repairs = decode_bytes(read_all(path), path)
        text = normalize_newlines(text)
        if _TABLE_HEADER.search(text):
            yield from _read_table(path, text, repairs)
            return
        fields, telegram, notes = _text_record(text)
        raw = _raw_cable(path, fields, telegram, repairs + notes, None)
        if isinstance(raw, RowError):
            raise NoCable(str(path), raw.reason)
        yield raw


def _read_table(path: Path, text: str, repairs: list[str]) -> Iterator[RawCable | RowError]:
    """Rows of the ``doc_nbr`` table, Markdown or CSV."""
    start = _TABLE_HEADER.search(text).start()
    first_line = text.count("\n", 0, start)  # lines before the table's header
    header_line = text[start:].split("\n", 1)[0]
    row = 0
    rows = _markdown_rows(text[start:]) if header_line.count("|") > header_line.count(",") else _csv_rows(text[start:])
    for row, (line, fields) in enumerate(rows, start=1):
        line += first_line
        if fields is None:
            yield RowError(str(path), row, f"line {line}: the row's cell count differs from the header's",
                           "", AadReader.name)
            continue
        telegram = fields.get("raw_body", "") or fields.get("body", "")
        yield _raw_cable(path, fields, telegram, repairs, row, clean_body=fields.get("body", ""))
    if row == 0:
        raise NoCable(str(path), "holds no cable: the doc_nbr table has no rows")


def _markdown_rows(text: str) -> Iterator[tuple[int, dict[str, str] | None]]:
    lines = text.split("\n")
    names = [c.strip() for c in lines[0].strip().strip("|").split("|")]
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            break
        if _SEPARATOR_ROW.match(line):
            continue
        values = [c.strip() for c in line.split("|")]
        if line.startswith("|"):
            values = values[1:-1] if line.rstrip().endswith("|") else values[1:]
        yield i, (dict(zip(names, values)) if len(values) == len(names) else None)


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, str] | None]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for record in reader:
        if None in record or None in record.values():
            yield reader.line_num, None
        else:
            yield reader.line_num, {k.strip(): (v or "").strip() for k, v in record.items()}


def _text_record(text: str) -> tuple[dict[str, str], str, list[str]]:
    """Attributes (History Lab names), telegram text and repair notes of an AAD text record.

    The declassification marking before ``Message Text`` is dropped, and so are its
    copies stamped into the text of a printout (OCR of each page).
    """
    found = _MESSAGE_TEXT.search(text)
    telegram = text[found.end():] if found else text
    notes: list[str] = []
    marking = " ".join(text[:found.start()].split()) if found else ""
    if _MIN_MARKING <= len(marking) and marking in " ".join(telegram.split()):
        telegram = re.sub(r"\s+".join(map(re.escape, marking.split())), " ", telegram)
        notes.append(f"dropped the declassification marking stamped into the text ({marking!r})")
    fields: dict[str, str] = {}
    attributes = _MESSAGE_ATTRIBUTES.search(telegram)
    if attributes:
        key = None
        for line in telegram[attributes.end():].split("\n"):
            m = _ATTRIBUTE_LINE.match(line)
            if m:
                key = _ATTRIBUTES.get(m.group(1))
                if key:
                    fields[key] = m.group(2).strip()
            elif key and line.strip():
                fields[key] = f"{fields[key]} {line.strip()}".strip()
        telegram = telegram[:attributes.start()]
    return fields, _ARCHIVE_FOOTER.sub("", telegram), notes


def _raw_cable(path: Path, fields: dict[str, str], telegram: str, repairs: list[str], row: int | None,
               clean_body: str = "") -> RawCable | RowError:
    """The RawCable of one record, or a no-cable RowError when its telegram text is unavailable."""
    fields = {k: v for k, v in fields.items() if v.strip().lower() not in _EMPTY}
    doc = fields.get("doc_nbr") or fields.get("id") or ""
    if not telegram.strip() or _UNAVAILABLE.search(telegram[:300]):
        why = "telegram text unavailable" if telegram.strip() else "no telegram text"
        return RowError(str(path), row, f"holds no cable: {why} (record {doc or '?'}, metadata only)",
                        telegram[:_EXCERPT], AadReader.name, no_cable=True)
    notes = list(repairs)
    if "\n" not in telegram.strip():
        telegram = restore_lines(telegram)
        notes.append("text flattened onto one line: line breaks restored before header lines, banner, "
                     "captions and paragraph numbers")
    clean = clean_body.strip()
    if clean and " ".join(clean.split())[:40] not in " ".join(telegram.split()):  # body cell: text only
        header, body = telegram.strip(), restore_lines(clean) if "\n" not in clean else clean
    else:
        header, body = split_telegram(telegram)
    metadata = _metadata(fields, header, notes)
    return RawCable(path=str(path), format=AadReader.name, metadata=metadata, header=header, body=body,
                    row=row, repairs=notes)


def _metadata(fields: dict[str, str], header: str, notes: list[str]) -> dict[str, str]:
    """RawCable metadata from a record's fields (History Lab names)."""
    md: dict[str, str] = {}
    doc = fields.get("doc_nbr") or fields.get("id")
    if doc:
        fm = _FM.search(header)
        hints = [fields.get("from_field"), fm.group(1) if fm else None]
        year = _year_override(doc, fields, notes)
        reference_id = reference_id_from_document_number(doc, hints, year)
        md["reference_id"] = reference_id or doc
        md["aliases"] = doc
    if fields.get("date"):
        md["created"] = _date(fields["date"])
    classification = fields.get("classification") or fields.get("origclass")
    if classification:
        md["classification"] = classification
    for key, target in (("from_field", "origin"), ("concepts", "concepts"), ("office", "office"),
                        ("reference", "references")):
        if fields.get(key):
            md[target] = " ".join(fields[key].split())
    subject = fields.get("subject") or fields.get("title")
    if subject:
        md["subject"] = " ".join(subject.split())
    if fields.get("tags"):
        codes = [m.group(1) for part in re.split(r"\s*[|,;]\s*", fields["tags"]) if (m := _TAG_CODE.match(part))]
        if codes:
            md["tags"] = " ".join(codes)
    return md


def _year_override(doc: str, fields: dict[str, str], notes: list[str]) -> int | None:
    """The collection's year for a document number without a four-digit year, else None."""
    parts = split_document_number(doc)
    if parts is None or len(parts.year) == 4:
        return None
    m = _LEGACY_YEAR.search(fields.get("legacy_key", ""))
    year = int(m.group(1)) if m else None
    if year is None:
        m = _SOURCE_YEAR.search(fields.get("source_path", ""))
        year = 1900 + int(m.group(1)) if m else None
    if year is not None:
        notes.append(f"document number {doc} has a two-digit year: the year {year} of its collection "
                     "(legacy key / source file) used for the reference ID")
    return year


def _date(value: str) -> str:
    """An AAD date as ``YYYY-MM-DD HH:MM`` (``01 JAN 1994``, ``01-Jan-1994 12:00:00 am``,
    ``1973-10-13T00:00:00``); kept as written when unreadable."""
    cleaned = " ".join(value.split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned.title() if "%b" in fmt else cleaned, fmt).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            continue
    return value.strip()
