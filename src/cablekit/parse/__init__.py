"""Turn a RawCable into a Cable: header, body, then metadata resolution.

OWNER: parser-header helper (orchestration); body fields come from `parse.body`.
"""
from __future__ import annotations

from ..model import Cable
from ..sources.base import RawCable
from .body import parse_body
from .header import parse_header

__all__ = ["parse_cable"]


def parse_cable(raw: RawCable) -> Cable:
    """Parse one RawCable into a Cable. Raises cablekit.errors.ParseError when
    the text is no cable (no reference ID can be found or derived)."""
    h = parse_header(raw.header)
    md = raw.metadata
    b = parse_body(raw.body)
    return Cable(
        reference_id=md.get("reference_id", ""), source=raw.path, source_format=raw.format,
        created=md.get("created"), released=md.get("released"),
        classification=md.get("classification"), origin=md.get("origin"),
        subject=b.subject or md.get("subject"), tags=b.tags,
        transmission_id=h.transmission_id, precedence=h.precedence, station=h.station,
        station_serial=h.station_serial, security_line=h.security_line, dtg=h.dtg,
        from_=h.from_, to=h.to, info=h.info, references=b.references,
        other_references=b.other_references, classified_by=b.classified_by,
        reasons=b.reasons, declassify_on=b.declassify_on, sections=b.sections,
        paragraphs=b.paragraphs, signers=b.signers, summary=b.summary, comments=b.comments,
        caveats=b.caveats, header=raw.header, body=b.body, warnings=h.warnings + b.warnings,
    )
