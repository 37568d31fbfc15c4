"""The cable record: typed, plain dataclasses that round-trip through JSON.

A `Cable` is what the parser makes of one `RawCable` (see `cablekit.sources.base`).
`Cable.to_dict()` gives the JSON object printed by `cablekit parse` and stored by
the store; its keys follow ``../shared/gold/README.md`` (note the key ``"from"``,
which is ``from_`` in Python). `Cable.from_dict()` reverses it exactly.

Example::

    >>> c = Cable(reference_id="09ASTANA2204", tags=["PGOV", "KZ"])
    >>> Cable.from_dict(c.to_dict()) == c
    True
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Addressee:
    """One FM/TO/INFO addressee of the transmission header.

    Source: a header line such as ``TO RUEHC/SECSTATE WASHDC IMMEDIATE 7069``.

    name: the plain-language address (PLAD) as written, ``"SECSTATE WASHDC"``;
        office suffixes such as ``//CCJ2/POLAD//`` are kept.
    routing_indicator: ``"RUEHC"``, or None when the line has none.
    precedence: ``"FLASH"``/``"IMMEDIATE"``/``"PRIORITY"``/``"ROUTINE"``/
        ``"NIACT IMMEDIATE"``, or None.
    serial: the message continuity number (MCN) as an int, ``7069``, or None.
    exempt: names excluded from a collective address by ``XMT`` lines that
        follow it (``["AMEMBASSY KABUL"]``).
    """

    name: str
    routing_indicator: str | None = None
    precedence: str | None = None
    serial: int | None = None
    exempt: list[str] = field(default_factory=list)


@dataclass
class Reference:
    """A cable cited in the REF/REFS/REFTEL block.

    Source: ``REFTELS: A. STATE 128489`` in 09ASTANA2204 gives
    ``Reference(label="A", text="STATE 128489", reference_id="09STATE128489")``.

    label: the letter label without punctuation (``"A"``), or None.
    text: the reference as written, whitespace-normalized.
    reference_id: the canonical reference ID (``YY`` + post + serial).
    """

    label: str | None
    text: str
    reference_id: str


@dataclass
class OtherReference:
    """A non-cable item of the REF block (e-mail, telcon, memcon, report, ...).

    text: as written, without the letter label, whitespace-normalized.
    kind: one of ``email``, ``telcon``, ``memcon``, ``report``, ``fax``,
        ``meeting``, ``web``, ``airgram``, ``document``, ``other``.
    """

    label: str | None
    text: str
    kind: str = "other"


@dataclass
class Paragraph:
    """One numbered paragraph of the body.

    Source: ``1. (S/NF) SUMMARY: On December 22, ...`` gives
    ``Paragraph(number=1, marking="S/NF", text="SUMMARY: On December 22, ...")``.

    number: the paragraph number as written (duplicates and gaps are kept).
    marking: the portion marking in upper case (``"S/NF"``), or None.
    text: the paragraph text after the number and marking, whole (page and
        section breaks removed), whitespace-normalized.
    """

    number: int
    marking: str | None
    text: str = ""


@dataclass
class Cable:
    """The structured record of one cable.

    Dates: ``created``/``released`` are ``"YYYY-MM-DDTHH:MM"`` (UTC, as the
    publishers give them); ``declassify_on`` is ``"YYYY-MM-DD"`` or the literal
    instruction (``"OADR"``). ``dtg`` is the date-time group as written
    (``"230937Z DEC 09"``). See ``../shared/gold/README.md`` for each field.
    """

    reference_id: str
    source: str | None = None
    source_format: str | None = None
    aliases: list[str] = field(default_factory=list)
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    caveats: list[str] = field(default_factory=list)
    origin: str | None = None
    subject: str | None = None
    tags: list[str] = field(default_factory=list)
    # transmission header
    transmission_id: str | None = None
    precedence: str | None = None
    station: str | None = None
    station_serial: int | None = None
    security_line: str | None = None
    dtg: str | None = None
    from_: Addressee | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    # body fields
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
    # text
    header: str = ""
    body: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_dict(self, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
        """The record as a JSON-ready dict; the key for ``from_`` is ``"from"``.

        leave_out: keys not to make (``("header", "body")``), for callers that
        store those apart. Lists are copies; nested records become dicts.
        """
        out: dict[str, Any] = {}
        for name in _CABLE_FIELDS:
            key = "from" if name == "from_" else name
            if key in leave_out:
                continue
            value = getattr(self, name)
            if isinstance(value, list):
                out[key] = [_plain(v) for v in value]
            else:
                out[key] = _plain(value)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Cable":
        """Rebuild a Cable from `to_dict()` output; unknown keys are ignored."""
        kw: dict[str, Any] = {}
        names = {f.name for f in fields(cls)}
        for key, value in data.items():
            name = "from_" if key == "from" else key
            if name not in names:
                continue
            if name == "from_" and value is not None:
                value = Addressee(**value)
            elif name in ("to", "info"):
                value = [Addressee(**v) for v in value]
            elif name == "references":
                value = [Reference(**v) for v in value]
            elif name == "other_references":
                value = [OtherReference(**v) for v in value]
            elif name == "paragraphs":
                value = [Paragraph(**v) for v in value]
            kw[name] = value
        return cls(**kw)


_CABLE_FIELDS = tuple(f.name for f in fields(Cable))


def _plain(value: Any) -> Any:
    """A record value as JSON-ready data: a nested record (Addressee, Reference,
    Paragraph, ...) as a dict of its fields, a list as a copy, anything else as it is.
    (A nested record's ``__dict__`` holds its fields in order, and their values are
    scalars or lists of strings: a copy of it costs less than a walk over its fields,
    and ``Cable.to_dict`` runs once per cable stored.)"""
    if type(value) in _NESTED:
        out = value.__dict__.copy()
        for key, item in out.items():
            if type(item) is list:
                out[key] = list(item)
        return out
    return list(value) if isinstance(value, list) else value


_NESTED = frozenset({Addressee, Reference, OtherReference, Paragraph})
