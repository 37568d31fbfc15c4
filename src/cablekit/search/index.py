"""The Tantivy search index kept beside the SQLite archive (``cables.db`` -> ``cables.db.idx/``).

SQLite is the store of record; this index is derived from it and can be
deleted at any time (`cablekit.search.sync` rebuilds it). One document per
cable, built from the ``cables`` row: subject and body (English stemming,
positions, not stored), the header and metadata fields the query language
searches (`cablekit.search.fields`) and fast fields for facets and sorting.
``rowid`` is ``cables.id``: hits are read back from SQLite by it.

Dates are integers: ``created`` ``yyyymmddhhmm`` (``200912230937``;
``created_sort`` is `sort_key`, so cables of the same minute keep one order), ``year``
``2009``, ``month`` ``200912``, ``declassify_on`` ``yyyymmdd`` (instructions
such as ``OADR`` go to ``declassify_text``). Codes are upper-cased.

The folder holds a marker file naming the schema version and a random id
that the archive's ``search_index_meta`` table repeats; an index whose marker
doesn't match is rebuilt.

Example::

    idx = SearchIndex.open("cables.db")
    idx.searcher().num_docs
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import uuid
import zlib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import tantivy

from .. import refid
from ..jsontext import compact

MARKER = "cablekit-index.json"
_DOCUMENT_VERSION = 3
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
_SPACES = re.compile(r"\s+")
_CODE_FIELDS = ("tags", "classification", "caveats", "precedence", "references", "declassify_text", "origin_facet")
_WORD_FIELDS = ("origin", "from", "to", "info", "signer", "classified_by")
_NUMBER_FIELDS = ("created", "created_sort", "year", "month", "declassify_on")
FAST_CODE_FIELDS = ("tags", "classification", "caveats", "precedence", "origin_facet")


def index_path(db_path: str | Path) -> Path:
    """The index folder of an archive: the database path with ``.idx`` added."""
    return Path(str(db_path) + ".idx")


@cache
def schema() -> tantivy.Schema:
    """The index schema (built once)."""
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("rowid", stored=True, indexed=False, fast=True)
    sb.add_text_field("reference_id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in ("subject", "body"):
        sb.add_text_field(name, stored=False, tokenizer_name="en_stem", index_option="position")
        sb.add_text_field(f"{name}_plain", stored=False, tokenizer_name="default", index_option="basic")
    for name in _WORD_FIELDS:
        sb.add_text_field(name, stored=False, tokenizer_name="default", index_option="position")
    for name in _CODE_FIELDS:
        sb.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic",
                          fast=name in FAST_CODE_FIELDS)
    for name in _NUMBER_FIELDS:
        sb.add_integer_field(name, stored=False, indexed=True, fast=True)
    return sb.build()


@cache
def schema_version() -> str:
    """A short fingerprint of the schema and document layout; another one means a rebuild.
    Bump `_DOCUMENT_VERSION` when `document` changes what it puts in a field."""
    layout = repr((_DOCUMENT_VERSION, _CODE_FIELDS, _WORD_FIELDS, _NUMBER_FIELDS, FAST_CODE_FIELDS))
    return hashlib.sha256(layout.encode()).hexdigest()[:16]


@cache
def text_analyzer() -> tantivy.TextAnalyzer:
    """The analyzer of subject and body, same as Tantivy's ``en_stem``: words, at most 40
    bytes, lower case, English (Snowball) stems. ``analyze("Overflights")`` is ``["overflight"]``."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.stemmer("english")).build())


@cache
def name_analyzer() -> tantivy.TextAnalyzer:
    """The analyzer of names (origin, addressees, signer), same as Tantivy's ``default``."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase()).build())


def code(value: str) -> str:
    """A code as indexed and searched: upper case, single spaces (``"niact  immediate"`` -> ``"NIACT IMMEDIATE"``)."""
    return _SPACES.sub(" ", value).strip().upper()


def date_number(value: str | None, *, minutes: bool) -> int | None:
    """``"2009-12-23T09:37"`` as ``200912230937`` (``minutes``) or ``20091223``; None when not a date."""
    m = _DATE.match(value or "")
    if not m:
        return None
    y, mo, d, hh, mm = m.groups()
    day = int(y + mo + d)
    return day * 10000 + int(hh or 0) * 100 + int(mm or 0) if minutes else day


def sort_key(created: int, reference_id: str) -> int:
    """The date-sort key of a cable: minutes since 1900 of its created ``yyyymmddhhmm``,
    then its reference ID's serial number and 3 digits of a checksum of its post, so
    that cables of the same minute keep one order. Fits in 63 bits."""
    day, minute = divmod(created, 10_000)
    try:
        days = (date(day // 10_000, day // 100 % 100, day % 100) - date(1900, 1, 1)).days
    except ValueError:
        days = 0
    parts = refid.split(reference_id)
    serial = min(parts.serial, 9_999_999) if parts else 0
    post = zlib.crc32((parts.post if parts else reference_id).encode()) % 1000
    minutes = max(days, 0) * 1440 + (minute // 100) * 60 + minute % 100
    return (minutes * 10_000_000 + serial) * 1000 + post


def document(rowid: int | None, subject: str | None, body: str | None, record: dict[str, Any]) -> str:
    """The index document of one cable as the JSON text ``IndexWriter.add_json`` takes:
    its ``cables`` row id, subject, body and record (``Cable.to_dict()`` as stored in
    ``cables.record``). With ``rowid`` None, `with_rowid` adds it once known (a parse
    worker makes the document before the cable has a row).

    Example: ``json.loads(document(7, "Visit", "Text.", {"reference_id": "09ASTANA2204"}))["rowid"] == [7]``.
    """
    doc: dict[str, list] = {"reference_id": [record["reference_id"]]}
    if rowid is not None:
        doc = {"rowid": [rowid], **doc}
    for name, text in (("subject", subject), ("body", body)):
        if text:
            doc[name] = doc[f"{name}_plain"] = [text]
    words = {"origin": [record.get("origin")], "signer": record.get("signers") or [],
             "classified_by": [record.get("classified_by")],
             "from": [(record.get("from") or {}).get("name")],
             "to": [a.get("name") for a in record.get("to") or []],
             "info": [a.get("name") for a in record.get("info") or []]}
    for name, values in words.items():
        kept = [value for value in values if value]
        if kept:
            doc[name] = kept
    codes = {"origin_facet": [record["origin"]] if record.get("origin") else [],
             "tags": [code(t) for t in record.get("tags") or [] if t and t.strip()],
             "classification": [code(record["classification"])] if record.get("classification") else [],
             "caveats": [code(c) for c in record.get("caveats") or [] if c and c.strip()],
             "precedence": [code(record["precedence"])] if record.get("precedence") else [],
             "references": [r.get("reference_id") for r in record.get("references") or [] if r.get("reference_id")]}
    for name, values in codes.items():
        if values:
            doc[name] = list(dict.fromkeys(values))
    created = date_number(record.get("created"), minutes=True)
    if created is not None:
        doc["created"] = [created]
        doc["created_sort"] = [sort_key(created, record["reference_id"])]
        doc["year"] = [created // 100_000_000]
        doc["month"] = [created // 1_000_000]
    declassify = date_number(record.get("declassify_on"), minutes=False)
    if declassify is not None:
        doc["declassify_on"] = [declassify]
    elif (record.get("declassify_on") or "").strip():
        doc["declassify_text"] = [code(record["declassify_on"])]
    return compact(doc)


def with_rowid(document_json: str, rowid: int) -> str:
    """A `document` made without its row id, with ``rowid`` added."""
    return f'{{"rowid":[{rowid}],{document_json[1:]}'


class SearchIndex:
    """An open Tantivy index folder and its identity.

    path: the folder; index: the `tantivy.Index`; uuid: the id in its marker
    file (the archive records which index its ledger describes); fresh: True
    when this open created the folder's index (so nothing is indexed yet).
    """

    def __init__(self, path: Path, index: tantivy.Index, uuid_: str, fresh: bool) -> None:
        self.path = path
        self.index = index
        self.uuid = uuid_
        self.fresh = fresh

    @classmethod
    def open(cls, db_path: str | Path, *, create: bool = True) -> "SearchIndex | None":
        """Open the index beside ``db_path``; create it (empty) when missing, unreadable or of
        another schema version, if ``create`` (else return None). Raises OSError when the
        folder can't be written."""
        path = index_path(db_path)
        marker = _read_marker(path)
        if marker and marker.get("version") == schema_version():
            try:
                return cls(path, tantivy.Index.open(str(path)), marker["uuid"], False)
            except (OSError, ValueError):
                pass
        if not create:
            return None
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        index = tantivy.Index(schema(), path=str(path), reuse=False)
        new_id = uuid.uuid4().hex
        (path / MARKER).write_text(json.dumps({"version": schema_version(), "uuid": new_id}), encoding="utf-8")
        return cls(path, index, new_id, True)

    def searcher(self) -> tantivy.Searcher:
        """A searcher on the last commit (cheap; take one per search)."""
        return self.index.searcher()

    def reload(self) -> None:
        """See the latest commit now (after this process's own commit)."""
        self.index.reload()


def _read_marker(path: Path) -> dict | None:
    """The marker file's content, or None when missing or unreadable."""
    try:
        data = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "uuid" in data else None
