"""A `Cable` as rows of the SQLite tables (one function per table family), and back.

The row functions are pure (no database access), so the mapping is testable
on its own; `load_cable` reads a stored cable back into a `Cable`.
Positions are 1-based and follow the record's list order. See ``docs/schema.md``.

Example::

    >>> tag_rows(Cable(reference_id="09ASTANA2204", tags=["PGOV", "KZ"]))
    [('09ASTANA2204', 1, 'PGOV'), ('09ASTANA2204', 2, 'KZ')]
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..jsontext import compact
from ..model import Cable
from .base import EXPORT_COLUMNS, LIST_COLUMNS

CABLE_COLUMNS = (
    "reference_id", "version_id", "content_hash", "source", "source_format",
    "created", "released", "classification", "origin", "subject", "dtg",
    "precedence", "transmission_id", "station", "station_serial", "security_line",
    "from_name", "classified_by", "reasons", "declassify_on", "caveats", "sections",
    "summary", "header", "body", "record", "updated_at",
)
"""Columns of ``cables`` written on every store, in `cable_row` order."""

CHILD_TABLES = ("addressees", "tags", "cable_references", "other_references", "paragraphs", "signers", "aliases")
"""Tables holding one cable's list fields, rewritten whenever the cable is."""


_NOT_IN_RECORD = ("header", "body", "paragraphs")


def record_dict(cable: Cable) -> dict[str, Any]:
    """``Cable.to_dict()`` without ``header``, ``body`` (columns of the same names)
    and ``paragraphs`` (the ``paragraphs`` table): what ``cables.record`` holds."""
    return cable.to_dict(leave_out=_NOT_IN_RECORD)


def record_json(cable: Cable, record: dict[str, Any] | None = None) -> str:
    """The ``cables.record`` column: `record_dict` (or ``record``, made already) as
    compact JSON. `cable_from_row` puts header, body and paragraphs back."""
    return compact(record_dict(cable) if record is None else record)


def full_record_json(cable: Cable) -> str:
    """The whole ``Cable.to_dict()`` as compact JSON (``cable_versions.record``)."""
    return compact(cable.to_dict())


def cable_from_row(record: str, header: str, body: str, paragraphs: list[tuple]) -> Cable:
    """Rebuild the Cable from ``cables.record``, its header/body columns and its
    ``paragraphs`` rows ``(number, marking, text)`` in position order."""
    data: dict[str, Any] = json.loads(record)
    data["header"] = header
    data["body"] = body
    data["paragraphs"] = [{"number": n, "marking": m, "text": t} for n, m, t in paragraphs]
    return Cable.from_dict(data)


def cable_row(cable: Cable, version_id: int, content_hash: str, updated_at: str,
              record: dict[str, Any] | None = None) -> tuple:
    """The ``cables`` row (values in `CABLE_COLUMNS` order); ``record``: its `record_dict`, if made already."""
    return (
        cable.reference_id, version_id, content_hash, cable.source, cable.source_format,
        cable.created, cable.released, cable.classification, cable.origin, cable.subject, cable.dtg,
        cable.precedence, cable.transmission_id, cable.station, _int(cable.station_serial),
        cable.security_line, cable.from_.name if cable.from_ else None, cable.classified_by,
        compact(cable.reasons), cable.declassify_on,
        compact(cable.caveats), _int(cable.sections) or 1,
        cable.summary, cable.header or "", cable.body or "", record_json(cable, record), updated_at,
    )


def addressee_rows(cable: Cable) -> list[tuple]:
    """``addressees`` rows: (cable, role, position, name, routing_indicator, precedence, serial, exempt)."""
    rid = cable.reference_id
    out = []
    groups = (("from", [cable.from_] if cable.from_ else []), ("to", cable.to), ("info", cable.info))
    for role, people in groups:
        for pos, a in enumerate(people, 1):
            out.append((rid, role, pos, a.name or "", a.routing_indicator, a.precedence, _int(a.serial),
                        compact(a.exempt)))
    return out


def tag_rows(cable: Cable) -> list[tuple]:
    """``tags`` rows: (cable, position, tag)."""
    return [(cable.reference_id, pos, tag) for pos, tag in enumerate(cable.tags, 1) if tag]


def reference_rows(cable: Cable) -> list[tuple]:
    """``cable_references`` rows: (cable, position, label, text, reference_id cited)."""
    return [(cable.reference_id, pos, r.label, r.text or "", r.reference_id)
            for pos, r in enumerate(cable.references, 1) if r.reference_id]


def other_reference_rows(cable: Cable) -> list[tuple]:
    """``other_references`` rows: (cable, position, label, text, kind)."""
    return [(cable.reference_id, pos, r.label, r.text or "", r.kind or "other")
            for pos, r in enumerate(cable.other_references, 1)]


def paragraph_rows(cable: Cable) -> list[tuple]:
    """``paragraphs`` rows: (cable, position, number, marking, text)."""
    return [(cable.reference_id, pos, _int(p.number), p.marking, p.text or "")
            for pos, p in enumerate(cable.paragraphs, 1)]


def signer_rows(cable: Cable) -> list[tuple]:
    """``signers`` rows: (cable, position, name)."""
    return [(cable.reference_id, pos, name) for pos, name in enumerate(cable.signers, 1) if name]


def alias_rows(cable: Cable) -> list[tuple]:
    """``aliases`` rows: (alias, cable) for each published form other than the canonical one."""
    seen = {cable.reference_id}
    out = []
    for alias in cable.aliases:
        key = (alias or "").strip().upper()
        if key and key not in seen:
            seen.add(key)
            out.append((key, cable.reference_id))
    return out


def load_cable(conn: sqlite3.Connection, reference_id: str) -> Cable | None:
    """The current record of a stored reference ID (exact match), read back from
    ``cables`` and ``paragraphs``; None when there is no such row."""
    row = conn.execute("SELECT record, header, body FROM cables WHERE reference_id = ?", (reference_id,)).fetchone()
    if row is None:
        return None
    paragraphs = conn.execute("SELECT number, marking, text FROM paragraphs WHERE cable = ? ORDER BY position",
                              (reference_id,)).fetchall()
    return cable_from_row(*row, paragraphs)


def export_record(record: dict[str, Any]) -> dict[str, Any]:
    """The structured fields of a ``cables.record`` (``Cable.to_dict()``) as a flat dict of
    `cablekit.store.base.EXPORT_COLUMNS`: addressees as their names, references as the
    cited reference IDs, lists of strings otherwise as they are.

    Example: ``export_record(rec)["to"] == ["SECSTATE WASHDC"]``.
    """
    out = {key: record.get(key) for key in EXPORT_COLUMNS}
    out["from"] = (record.get("from") or {}).get("name")
    out["to"] = [a.get("name") or "" for a in record.get("to") or []]
    out["info"] = [a.get("name") or "" for a in record.get("info") or []]
    out["references"] = [r.get("reference_id") or "" for r in record.get("references") or []]
    for key in LIST_COLUMNS:
        out[key] = [str(v) for v in out[key] or []]
    return out


CHILD_INSERTS: tuple[tuple[str, Any], ...] = (
    ("INSERT INTO addressees(cable, role, position, name, routing_indicator, precedence, serial, exempt) "
     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", addressee_rows),
    ("INSERT INTO tags(cable, position, tag) VALUES (?, ?, ?)", tag_rows),
    ("INSERT INTO cable_references(cable, position, label, text, reference_id) VALUES (?, ?, ?, ?, ?)",
     reference_rows),
    ("INSERT INTO other_references(cable, position, label, text, kind) VALUES (?, ?, ?, ?, ?)",
     other_reference_rows),
    ("INSERT INTO paragraphs(cable, position, number, marking, text) VALUES (?, ?, ?, ?, ?)", paragraph_rows),
    ("INSERT INTO signers(cable, position, name) VALUES (?, ?, ?)", signer_rows),
    ("INSERT OR REPLACE INTO aliases(alias, cable) VALUES (?, ?)", alias_rows),
)
"""(statement, row function) for every child table, in `CHILD_TABLES` order."""


def _int(value: Any) -> int | None:
    """An int, or None for None and values that aren't whole numbers."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
