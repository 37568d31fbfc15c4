"""Reader for JSON Lines exports of cable databases (``json-export``), Mongo shell style included.

Source: one JSON object per line, as ``mongoexport`` or the Mongo shell write them::

    { "_id" : "04ANKARA348", "reference_id" : "04ANKARA348", "origin" : "Embassy Ankara",
      "date_time" : "2004-01-20 12:12", "classification" : "CONFIDENTIAL",
      "header" : "...", "body" : "C o n f i d e n t i a l section 01 of 04 ankara 000348..." }

Shell wrappers (``ObjectId("...")``, ``ISODate("...")``, ``NumberLong(...)``) are
unwrapped. Keys are mapped to RawCable fields (`_KEYS`); values are kept as
published (``date_time`` as ``2004-01-20 12:12`` or ``8/7/1987 12:11``). Keys that
map to nothing are reported once per file (a warning on the ``cablekit.sources``
logger). Each line is decoded by `cablekit.sources.encoding.decode_text` and its
text values get the mojibake repair; repairs are noted per record.

``_id`` is a database key, not always the cable's. It is the reference ID when
the record has no reference ID key and the ``_id``'s post and serial are those
of the banner at the start of the text. Otherwise the reference ID is made from
the banner's post and serial with the year of the record's date (noted in
``repairs``), and an ``_id`` made of reference IDs is kept as ``references``: in
one known export (``delhi.json``, cables.csv rows) ``_id`` holds the cable's
*cited* reference IDs (``04DHAKA3127|04KOLKATA350``) or is empty.
Without a header key, a body with a header on its own lines is split at the
banner. A body flattened onto one line (newlines removed or made spaces) gets
its line breaks back at the ``¶`` anchors, captions and paragraph numbers. A line
that is not a JSON object yields a `RowError` and the next line goes on.

Example: ``JsonExportReader().read(Path("wikileaks-11-28-10.json"))`` yields 219
RawCables, ``row`` counting the records from 1.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any, ClassVar, Iterator

from .. import refid
from ..errors import NoCable, SourceError
from .base import RawCable, RowError
from .encoding import decode_text, normalize_newlines, repair_text
from .stream import STREAM_ERRORS, open_binary
from .flattened import restore_lines
from .telegram import split_telegram

_log = logging.getLogger("cablekit.sources")

_KEYS = {
    "reference_id": "reference_id", "refid": "reference_id", "canonical_id": "reference_id",
    "identifier": "reference_id",
    "date_time": "created", "created": "created", "date": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
    "subject": "subject", "title": "subject",
    "tags": "tags",
    "references": "references", "destination": "references",
    "header": "header",
    "body": "body", "content": "body", "text": "body",
}
_IGNORED = {"_id"}  # used only as a checked fallback reference ID
_SHELL_WRAPPER = re.compile(r'\b(?:ObjectId|ISODate|NumberLong|NumberInt|NumberDecimal)\(\s*("(?:[^"\\]|\\.)*"|[-\d.]+)\s*\)')
_ID_SHAPE = re.compile(r"^\d{2}([A-Z][A-Z0-9]*?[A-Z])0*(\d+)$")
_ID_LIST = re.compile(r"^\d{2}[A-Z][A-Z0-9]*\d(?:\|\d{2}[A-Z][A-Z0-9]*\d)*$")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_SQUEEZED_BANNER = r"(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITEDOFFICIALUSE)(?:SECTION\d+OF\d+)?"
_OBJECT_LINE = re.compile(rb'^\s*\{\s*"[^"]+"\s*:')
_BODY_KEY = re.compile(rb'"(?:body|content|text|header)"\s*:')
_EXCERPT = 500
_FLAT_ANCHOR = re.compile(r"\s*\u00b6\s*(?=\d)")
_FLAT_MIN = 200  # characters: a shorter body on one line is no flattened cable


class JsonExportReader:
    """JSON Lines exports: one cable object per line."""

    name: ClassVar[str] = "json-export"
    description: ClassVar[str] = "JSON Lines export, one cable object per line (Mongo shell style too)"

    def match(self, path: Path, head: bytes) -> float:
        """0.85 when the first line is a JSON object with a body, content, text or header key."""
        first = head.lstrip().split(b"\n", 1)[0]
        return 0.85 if _OBJECT_LINE.match(first) and _BODY_KEY.search(first) else 0.0

    def read(self, path: Path) -> Iterator[RawCable | RowError]:
        """The records in file order; RowError for a line that is no JSON object.

        Raises NoCable when no line holds a record, SourceError when a compressed stream breaks.
        """
        unmapped: set[str] = set()
        records = 0
        with open_binary(path) as fh:
            try:
                for lineno, raw_line in enumerate(fh, start=1):
                    if not raw_line.strip():
                        continue
                    line, repairs = decode_text(raw_line)
                    line = line.strip()
                    records += 1
                    obj = _load(line)
                    if not isinstance(obj, dict):
                        yield RowError(str(path), records, f"line {lineno}: not a JSON object", line[:_EXCERPT], self.name)
                        continue
                    unmapped.update(k for k in obj if k not in _KEYS and k not in _IGNORED)
                    yield _record(path, records, obj, repairs)
            except STREAM_ERRORS as exc:
                raise SourceError(str(path), f"compressed stream cut short or corrupt: {exc}") from exc
        if records == 0:
            raise NoCable(str(path), "holds no cable: no JSON record in the file")
        if unmapped:
            _log.warning("%s: keys not read (no cable field): %s", path, ", ".join(sorted(unmapped)))


def _load(line: str) -> Any:
    """The line's JSON value, after unwrapping Mongo shell wrappers; None when unreadable."""
    for text in (line, _SHELL_WRAPPER.sub(r"\1", line)):
        try:
            return json.loads(text)
        except ValueError:
            continue
    return None


def _record(path: Path, row: int, obj: dict[str, Any], repairs: list[str]) -> RawCable:
    fields: dict[str, str] = {}
    repairs = list(repairs)
    for key, value in obj.items():
        target = _KEYS.get(key)
        if target and target not in fields and value not in (None, "", []):
            text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
            text, fixed = repair_text(text)
            repairs.extend(note for note in fixed if note not in repairs)
            fields[target] = text
    header = normalize_newlines(fields.pop("header", ""))
    body = normalize_newlines(fields.pop("body", ""))
    if not header and "\n" in body.strip():
        header, body = split_telegram(body)
    elif "\n" not in body.strip() and len(body) > _FLAT_MIN:
        body, notes = _unflatten(body)
        repairs.extend(notes)
    key = obj.get("_id").strip() if isinstance(obj.get("_id"), str) else ""
    if "reference_id" not in fields and key and _id_matches_banner(key, body):
        fields["reference_id"] = key
    elif "reference_id" not in fields:
        if key and _ID_LIST.match(key.upper()):
            fields.setdefault("references", key)
            repairs.append(f"_id {key!r} names other cables (not the banner's): kept as references")
        derived = _banner_reference_id(body, fields.get("created", ""))
        if derived:
            fields["reference_id"] = derived
            repairs.append(f"reference ID {derived} made from the banner and the year of the record's date")
    return RawCable(path=str(path), format=JsonExportReader.name, metadata={k: v.strip() for k, v in fields.items()},
                    header=header, body=body, row=row, repairs=repairs)


def _unflatten(body: str) -> tuple[str, list[str]]:
    """A body whose newlines were removed or collapsed to spaces, with line breaks put
    back before the mirror site's ``¶`` anchors (then dropped), the captions and the
    paragraph numbers (`cablekit.sources.flattened.restore_lines`); ``(body, repairs)``."""
    anchored, n = _FLAT_ANCHOR.subn("\n", body)
    restored = restore_lines(anchored)
    notes = []
    if n:
        notes.append("body flattened onto one line: line breaks restored at the ¶ paragraph anchors (dropped)")
    if restored != anchored:
        notes.append("body flattened onto one line: line breaks restored before captions and paragraph numbers")
    return restored, notes


def _banner_reference_id(body: str, created: str) -> str | None:
    """Reference ID from the banner at the start of ``body`` and the year in ``created``, or None."""
    year = _YEAR.search(created)
    squeezed = re.sub(r"\s+", "", body[:200]).upper()
    m = re.match(rf"{_SQUEEZED_BANNER}([A-Z][A-Z.'-]*?)0*(\d+)", squeezed)
    if not (year and m):
        return None
    try:
        return refid.make_reference_id(year.group(1), m.group(1), m.group(2))
    except ValueError:
        return None


def _id_matches_banner(candidate: str, body: str) -> bool:
    """True when ``candidate`` has a reference ID's shape and the text opens with its
    banner (``UNCLAS SECTION 01 OF 02 NEW DELHI 007426`` for ``04NEWDELHI7426``)."""
    m = _ID_SHAPE.match(candidate.strip().upper())
    if not m:
        return False
    squeezed = re.sub(r"\s+", "", body[:200]).upper()
    return re.match(rf"{_SQUEEZED_BANNER}{re.escape(m.group(1))}0*{m.group(2)}(?!\d)", squeezed) is not None
