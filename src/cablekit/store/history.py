"""Reading the archive's history: the versions of a cable and the quarantine of rejects.

Every distinct text of a reference ID is a row of ``cable_versions`` (see
``docs/schema.md``); versions are numbered 1, 2, ... per cable in the order
they were first imported. The current one (its record is the ``cables`` row;
the others keep theirs as JSON in ``cable_versions.record``) is the newest,
unless that one is a degraded record of the cable (`degradation`): it is then
kept as a version only.
The ``rejects`` table holds what could not be stored: file, row, reason, the
start of the raw text.

Example::

    with History("cables.db") as h:
        [v.number for v in h.versions("66BUENOSAIRES2481")]   # [1, 2]
        h.text("66BUENOSAIRES2481", 1)[:40]
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import StoreError

_VERSIONS = """
SELECT v.id, v.imported_at, v.source, v.format, v.row, v.content_hash, c.version_id = v.id,
       CASE WHEN c.version_id = v.id THEN c.header ELSE json_extract(v.record, '$.header') END,
       CASE WHEN c.version_id = v.id THEN c.body ELSE json_extract(v.record, '$.body') END,
       CASE WHEN c.version_id = v.id THEN c.record ELSE v.record END
FROM cable_versions v LEFT JOIN cables c ON c.reference_id = v.cable
WHERE v.cable = ? ORDER BY v.id
"""


@dataclass
class Version:
    """One stored text of a cable.

    number: 1 for the first text imported, then 2, ...; version_id: the
    ``cable_versions.id``; imported_at: ISO 8601 UTC; source/format/row: the
    first file (and dump row) that gave this text and its reader; content_hash:
    sha256 hex of the raw text; size: UTF-8 bytes of header and body as stored
    (None when the text was not kept); current: True for the one whose record
    is the cable's (the ``cables`` row); not_current_because: for a version
    newer than the current one, why it did not become current (`degradation`),
    else None.
    """

    number: int
    version_id: int
    imported_at: str
    source: str | None
    format: str | None
    row: int | None
    content_hash: str
    size: int | None
    current: bool
    not_current_because: str | None = None


@dataclass
class Shape:
    """What `degradation` compares of a parsed record: has it a subject, has it
    numbered paragraphs, and the length of its body in characters."""

    subject: bool
    paragraphs: bool
    body_chars: int

    @classmethod
    def of_record(cls, record: Mapping[str, Any]) -> "Shape":
        """The shape of a ``Cable.to_dict()`` record (as ``cable_versions.record`` holds)."""
        return cls(bool(record.get("subject")), bool(record.get("paragraphs")), len(record.get("body") or ""))


def degradation(new: Shape, current: Shape) -> str | None:
    """Why a new text of a cable is a degraded record compared to the current
    one, or None when it is not (and so becomes current).

    Degraded: it lacks the subject or the paragraphs the current record has, or
    its body is less than half as long (a copy cut short or parsed badly).
    Example: ``degradation(Shape(False, False, 1044), Shape(True, True, 5210))``
    -> ``"no subject, no paragraphs, body 1,044 of 5,210 chars"``.
    """
    reasons = []
    if current.subject and not new.subject:
        reasons.append("no subject")
    if current.paragraphs and not new.paragraphs:
        reasons.append("no paragraphs")
    if 2 * new.body_chars < current.body_chars:
        reasons.append(f"body {new.body_chars:,} of {current.body_chars:,} chars")
    return ", ".join(reasons) or None


@dataclass
class RejectRow:
    """One quarantined input: the file, the row inside it (0: the whole file), why, when, and its start."""

    path: str
    row: int
    reason: str
    rejected_at: str
    excerpt: str


class History:
    """Read-only access to versions and rejects of the archive at ``path``.

    Raises StoreError when the file is missing or not a cablekit archive.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"no database {self.path} (run `cablekit ingest` first)")
        try:
            self._conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True)
            self._conn.execute("PRAGMA busy_timeout = 10000")
            self._conn.execute("SELECT 1 FROM cable_versions, rejects LIMIT 0").fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a cablekit database: {exc}") from exc

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def versions(self, reference_id: str) -> list[Version]:
        """Every text stored for a canonical reference ID, oldest first (empty when unknown)."""
        return [v for v, _, _ in self._versions(reference_id)]

    def text(self, reference_id: str, number: int) -> str:
        """Header and body of version ``number`` (1-based), joined by a blank line.

        Raises KeyError when there is no such version or its text was not kept.
        """
        return self._version(reference_id, number)[1]

    def metadata(self, reference_id: str, number: int) -> dict[str, Any]:
        """The record of version ``number`` as parsed (`Cable.to_dict()` keys), without
        header, body and paragraphs. Raises KeyError like `text`."""
        record = self._version(reference_id, number)[2]
        return {k: v for k, v in record.items() if k not in ("header", "body", "paragraphs")}

    def _version(self, reference_id: str, number: int) -> tuple[Version, str, dict[str, Any]]:
        for version, text, record in self._versions(reference_id):
            if version.number == number:
                if text is None or record is None:
                    raise KeyError(f"the text of {reference_id} version {number} was not kept")
                return version, text, record
        raise KeyError(f"{reference_id} has no version {number}")

    def _versions(self, reference_id: str) -> list[tuple[Version, str | None, dict[str, Any] | None]]:
        out = []
        for number, row in enumerate(self._conn.execute(_VERSIONS, (reference_id,)), 1):
            vid, imported_at, source, fmt, src_row, digest, current, header, body, record = row
            text = None if header is None and body is None else _join(header or "", body or "")
            size = len(((header or "") + (body or "")).encode("utf-8")) if text is not None else None
            version = Version(number, vid, imported_at, source, fmt, src_row, digest, size, bool(current))
            data = json.loads(record) if record else None
            if data is not None and current:  # the current record keeps body and paragraphs apart
                data = {**data, "header": header, "body": body, "paragraphs": self._paragraphs(reference_id)}
            out.append((version, text, data))
        _explain_not_current(out)
        return out

    def _paragraphs(self, reference_id: str) -> list[dict[str, Any]]:
        """The current record's paragraphs (number, marking, text), in order."""
        sql = "SELECT number, marking, text FROM paragraphs WHERE cable = ? ORDER BY position"
        return [{"number": n, "marking": m, "text": t} for n, m, t in self._conn.execute(sql, (reference_id,))]

    def known_hashes(self) -> dict[bytes, str]:
        """Every stored text: content hash (as 32 raw bytes) -> reference ID.

        For a long import, which asks this once instead of `Store.known_hash` per
        cable (about 100 bytes of memory per text stored).
        """
        return {bytes.fromhex(h): rid for h, rid in self._conn.execute("SELECT content_hash, cable FROM cable_versions")}

    def rejects(self, limit: int | None = None) -> list[RejectRow]:
        """The quarantined inputs, newest first, then by file and row; at most ``limit``."""
        sql = "SELECT path, row, reason, rejected_at, excerpt FROM rejects ORDER BY rejected_at DESC, path, row"
        params: tuple = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (int(limit),)
        return [RejectRow(*r) for r in self._conn.execute(sql, params)]

    def count_rejects(self) -> int:
        """How many inputs are in quarantine."""
        return self._conn.execute("SELECT count(*) FROM rejects").fetchone()[0]


def _explain_not_current(versions: list[tuple[Version, str | None, dict[str, Any] | None]]) -> None:
    """Fill in ``not_current_because`` of the versions newer than the current one."""
    current = next(((v, r) for v, _, r in versions if v.current), None)
    if current is None or current[1] is None:
        return
    shape = Shape.of_record(current[1])
    for version, _, record in versions:
        if version.version_id > current[0].version_id and record is not None:
            reason = degradation(Shape.of_record(record), shape)
            version.not_current_because = f"degraded: {reason}" if reason else "kept as a version"


def _join(header: str, body: str) -> str:
    """A version's text as shown and compared: the header, a blank line, the body."""
    return f"{header.strip()}\n\n{body.strip()}".strip()

