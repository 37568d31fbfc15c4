"""The body: banner, captions, E.O. line, TAGS, SUBJECT, REF block, paragraphs, signers.

OWNER: parser-body helper. Stub: returns an empty BodyFields.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import OtherReference, Paragraph, Reference


@dataclass
class BodyFields:
    """What the body gives; see `cablekit.model.Cable` for each field.

    banner_classification: the banner spelled out as written, unspaced (``"SECRET"``).
    banner_post / banner_serial: the ``ASTANA 002204`` line, as ``("ASTANA", 2204)``.
    """

    banner_classification: str | None = None
    banner_post: str | None = None
    banner_serial: int | None = None
    caveats: list[str] = field(default_factory=list)
    subject: str | None = None
    tags: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    other_references: list[OtherReference] = field(default_factory=list)
    classified_by: str | None = None
    reasons: list[str] = field(default_factory=list)
    declassify_on: str | None = None
    sections: int = 1
    paragraphs: list[Paragraph] = field(default_factory=list)
    signers: list[str] = field(default_factory=list)
    summary: str | None = None
    comments: list[str] = field(default_factory=list)
    body: str = ""
    warnings: list[str] = field(default_factory=list)


def parse_body(text: str, year: int | None = None, reference_id: str | None = None) -> BodyFields:
    """Parse a body text. ``year`` (four digits) is the citing cable's year, used
    for references and 2-digit DECL years; ``reference_id`` lets self-references drop."""
    return BodyFields(body=text)
