"""Turn a RawCable into a Cable: header, body, then metadata resolution.

Order: the transmission header (`parse.header`), the publisher's reference ID
(canonicalized, the published form kept as an alias), the body (`parse.body`,
told the cable's four-digit year and reference ID), then the metadata
(`parse.metadata`): publisher values where given, else derived from the
banner, the DTG and the FM line.

Example::

    >>> from pathlib import Path
    >>> from cablekit.sources import read_path
    >>> cable = parse_cable(next(read_path(Path("cable/2009/12/09USNATO588.html"))))
    >>> (cable.reference_id, cable.origin, cable.dtg, cable.to[0].name)
    ('09USNATO588', 'Mission USNATO', '161500Z DEC 09', 'SECSTATE WASHDC')
"""
from __future__ import annotations

from ..model import Cable
from ..sources.base import RawCable
from .body import parse_body
from .header import parse_header
from .metadata import cable_year, created_from_date_line, published_reference_id, resolve_metadata

__all__ = ["parse_cable"]


def parse_cable(raw: RawCable) -> Cable:
    """Parse one RawCable into a Cable.

    Raises cablekit.errors.ParseError (file, reason, row) when the text is no
    cable: no reference ID in the metadata and none derivable from the banner
    line and the DTG. Messy text otherwise degrades into empty fields and
    ``warnings``, which also carry what the reader repaired in the text
    (``RawCable.repairs``: a decoding, mojibake, a closing quote added to a cut row).
    """
    h = parse_header(raw.header)
    md = raw.metadata
    reference_id, aliases = published_reference_id(md)
    year = (cable_year(md.get("created"), h.dtg, reference_id)
            or cable_year(created_from_date_line(raw.body), None, None))
    b = parse_body(raw.body, year=year, reference_id=reference_id)
    m = resolve_metadata(raw, h, b, reference_id, aliases)
    references = b.references
    if reference_id is None:  # derived after the body: drop the self-references here
        references = [r for r in references if r.reference_id != m.reference_id]
    return Cable(
        reference_id=m.reference_id, source=raw.path, source_format=raw.format,
        aliases=m.aliases, created=m.created, released=m.released,
        classification=m.classification, origin=m.origin,
        subject=b.subject or md.get("subject"), tags=b.tags,
        transmission_id=h.transmission_id, precedence=h.precedence, station=h.station,
        station_serial=h.station_serial, security_line=h.security_line, dtg=h.dtg,
        from_=h.from_, to=h.to, info=h.info, references=references,
        other_references=b.other_references, classified_by=b.classified_by,
        reasons=b.reasons, declassify_on=b.declassify_on, sections=b.sections,
        paragraphs=b.paragraphs, signers=b.signers, summary=b.summary, comments=b.comments,
        caveats=b.caveats, header=raw.header, body=b.body,
        warnings=list(raw.repairs) + h.warnings + b.warnings + m.warnings,
    )
