"""The body: banner, captions, E.O. line, TAGS, SUBJECT, REF block, paragraphs, signers.

`parse_body` runs the body readers in order: `text.clean_body` (noise out),
`fields.parse_head` (labelled head fields), `references.parse_references`
(each REF block), `paragraphs.parse_text` (paragraphs, signers, summary,
comments).

Example::

    >>> b = parse_body("S E C R E T SECTION 01 OF 03 ASTANA 002204\\n\\nNOFORN\\n"
    ...                "E.O. 12958: 12/23/2029\\nTAGS: PGOV KZ\\nSUBJECT: X\\n\\n"
    ...                "REFTELS: A. STATE 128489\\n\\n1. (S/NF) Text.\\n\\nHOAGLAND",
    ...                year=2009, reference_id="09ASTANA2204")
    >>> (b.banner_post, b.banner_serial, b.sections, b.references[0].reference_id, b.signers)
    ('ASTANA', 2204, 3, '09STATE128489', ['HOAGLAND'])
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import OtherReference, Paragraph, Reference
from .fields import parse_head
from .paragraphs import parse_text
from .references import parse_references
from .text import clean_body


@dataclass
class BodyFields:
    """What the body gives; see `cablekit.model.Cable` for each field.

    banner_classification: the banner's classification word, unspaced and
        upper-cased, typos repaired (``"SECRET"``, ``"CONFIDENTIAL"``, ``"UNCLAS"``).
    banner_post / banner_serial: the ``ASTANA 002204`` of the banner, as
        ``("ASTANA", 2204)``; the post is upper case with single spaces
        (``"NEW DELHI"``), for `cablekit.refid.make_reference_id`.
    body: the clean body text (see `cablekit.parse.text.clean_body`).
    warnings: notes on what could not be read (no banner, no subject).
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
    """Parse a body text (``\\n`` or ``\\r\\n`` newlines) into BodyFields.

    ``year`` (four digits) is the citing cable's year, used for references and
    DECL dates written without a year or with two digits; ``reference_id`` is
    the cable's own ID, so that a reference to itself is dropped. Never raises
    on odd text: what cannot be read is left empty.
    """
    clean = clean_body(text)
    lines = clean.lines
    out = BodyFields(body=clean.text, sections=clean.sections)
    banner = clean.banner
    if banner is not None:
        out.banner_classification = banner.classification
        out.banner_post = banner.post
        out.banner_serial = banner.serial
    else:
        out.warnings.append("body: no classification banner line")
    if not lines:
        return out
    head = parse_head(lines, year, banner.rest if banner is not None else "")
    out.subject = head.subject
    out.tags = head.tags
    out.declassify_on = head.declassify_on
    out.classified_by = head.classified_by
    out.reasons = head.reasons
    out.caveats = head.caveats
    for block in head.ref_blocks:
        refs, others = parse_references(block, year, reference_id)
        known = {r.reference_id for r in out.references}
        out.references.extend(r for r in refs if r.reference_id not in known)
        out.other_references.extend(others)
    start = head.head_end
    if head.clby_line is not None:
        start = min(start, head.clby_line)
    txt = parse_text(lines, start)
    out.paragraphs = txt.paragraphs
    out.signers = txt.signers
    out.summary = txt.summary
    out.comments = txt.comments
    if out.subject is None:
        out.warnings.append("body: no SUBJECT line")
    return out
