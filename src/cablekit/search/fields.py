"""The fields of the query language: what each ``name:`` searches and how its value is read.

Kinds of field (how `cablekit.search.compile` turns a value into index terms):

- ``text``: the stemmed full text (``subject``, ``body``): words are matched by
  their English stem, so ``overflights`` finds ``overflight``.
- ``words``: names written in the cable (origin, addressees, signer,
  classified by): matched word by word, case-insensitive; a quoted value must
  occur as written (``to:"SECSTATE WASHDC"``), a single word anywhere in the
  name (``to:KABUL``).
- ``code``: codes compared whole, case-insensitive: TAGS (``tag:PREL``), caveats,
  classification, precedence; ``code*`` matches codes starting so.
- ``id``: reference IDs, canonicalized first (``ref:09state128489``).
- ``date``: a day, month or year, a range or a comparison (``created:2009-12``,
  ``created:2009-01..2009-06``, ``declassify_on:<2026``).

Example::

    >>> FIELDS["tag"].kind, FIELDS["tag"].index_field
    ('code', 'tags')
"""
from __future__ import annotations

from typing import NamedTuple


class Field(NamedTuple):
    """One ``name:`` of the query language.

    name: as typed (lower case; the parser lower-cases what the user types).
    kind: ``text``, ``words``, ``code``, ``id`` or ``date`` (see the module doc).
    index_field: the Tantivy field searched (`cablekit.search.index`).
    meaning: one line for help texts and error messages.
    """

    name: str
    kind: str
    index_field: str
    meaning: str


FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("subject", "text", "subject", "words of the SUBJECT line"),
    Field("body", "text", "body", "words of the body"),
    Field("tag", "code", "tags", "a TAGS code: tag:PREL, tag:KZ"),
    Field("origin", "words", "origin", 'the originating post: origin:"Embassy Astana"'),
    Field("from", "words", "from", "the FM addressee: from:ASTANA"),
    Field("to", "words", "to", 'an action (TO) addressee: to:"SECSTATE WASHDC"'),
    Field("info", "words", "info", "an information (INFO) addressee: info:MOSCOW"),
    Field("classification", "code", "classification",
          'the whole marking: classification:"SECRET//NOFORN"; classification:SECRET* for any SECRET'),
    Field("caveat", "code", "caveats", "a caveat or caption: caveat:NOFORN"),
    Field("precedence", "code", "precedence", "precedence: precedence:IMMEDIATE"),
    Field("signer", "words", "signer", "the signature line: signer:CLINTON"),
    Field("classified_by", "words", "classified_by", "the classifying official: classified_by:Hoagland"),
    Field("ref", "id", "references", "cables citing this one: ref:09STATE128489"),
    Field("id", "id", "reference_id", "the reference ID itself: id:09ASTANA2204"),
    Field("created", "date", "created", "created date: created:2009-12, created:2009-01..2009-06"),
    Field("declassify_on", "date", "declassify_on", "declassify-on date or instruction: declassify_on:<2026"),
)}
"""Every field of the query language by name."""

TEXT_FIELDS = ("subject", "body")
"""The index fields searched by a word written without a field name."""

DECLASSIFY_TEXT = "declassify_text"
"""Index field of declassify-on instructions that are not dates (``OADR``, ``X1``)."""


def field_list() -> str:
    """The field names, comma-separated, for messages: ``"subject, body, tag, ..."``."""
    return ", ".join(FIELDS)
