"""Metadata resolution: the publisher's values, or values derived from the telegram itself.

A page from a publisher carries Reference ID, Created, Classification and
Origin; a bare telegram carries none, and they are derived from the cable:

- reference ID: the banner's post and serial (``ASTANA 002204``) with the DTG's year;
- created: the date-time group (``230937Z DEC 09`` -> ``2009-12-23T09:37``);
- classification: the banner (``S E C R E T``), plus ``//NOFORN`` for the NOFORN caveat;
- origin: the FM line (``AMEMBASSY ASTANA`` -> ``Embassy Astana``).

Example::

    >>> created_from_dtg("230937Z DEC 09")
    '2009-12-23T09:37'
    >>> origin_from_plad("AMCONSUL SAO PAULO")
    'Consulate Sao Paulo'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .. import refid
from ..errors import ParseError
from ..sources.base import RawCable
from .body import BodyFields
from .header import HeaderFields

_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}
_DTG = re.compile(r"([0-3]\d)([0-2]\d)([0-5]\d)Z\s+([A-Za-z]{3})\s+(\d{2}(?:\d{2})?)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?")
_RUBY = re.compile(r"[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):\d{2} [+-]\d{4} (\d{4})")
_NOT_LETTERS = re.compile(r"[^A-Z]")
# The date line that opens the body of some partial extracts: "Tuesday, 20 January 2004, 09:44".
_DATE_LINE = re.compile(r"\s*[A-Z][a-z]+day,\s+(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4}),\s+(\d{1,2}):(\d{2})\s*$")

# FM-line PLADs whose published origin follows no prefix rule (Cablegate's names).
_ORIGIN_NAMES = {
    "SECSTATE WASHDC": "Secretary of State",
    "SECSTATE": "Secretary of State",
    "USMISSION UNVIE VIENNA": "UNVIE",
    "USMISSION UNVIE": "UNVIE",
    "USMISSION USUN NEW YORK": "USUN New York",
    "USMISSION UN ROME": "UN Rome",
    "USEU BRUSSELS": "USEU Brussels",
    "RPO DUBAI": "Iran RPO Dubai",
    "IRAN RPO DUBAI": "Iran RPO Dubai",
    "AIT TAIPEI": "American Institute Taiwan, Taipei",
    "USINT HAVANA": "US Interests Section Havana",
}
_ORIGIN_PREFIXES = (
    ("AMEMBASSY ", "Embassy "),
    ("AMCONSUL ", "Consulate "),
    ("AMCONGEN ", "Consulate "),
    ("USMISSION ", "Mission "),
    ("USINT ", "US Interests Section "),
)
# Places whose published spelling is the newer one (the FM line keeps the old).
_PLACE_NAMES = {"KIEV": "Kyiv"}
_CITY_SUFFIXES = (" WASHDC", " WASHINGTON DC")


@dataclass
class ResolvedMetadata:
    """Metadata fields of the record, published or derived; see `cablekit.model.Cable`."""

    reference_id: str
    aliases: list[str] = field(default_factory=list)
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    origin: str | None = None
    warnings: list[str] = field(default_factory=list)


def published_reference_id(metadata: dict[str, str]) -> tuple[str | None, list[str]]:
    """The canonical reference ID of the publisher's value and its aliases.

    ``{"reference_id": "08ECTION01OF02MANAMA492"}`` gives ``("08MANAMA492",
    ["08ECTION01OF02MANAMA492"])``; no value gives ``(None, [])``.
    """
    published = (metadata.get("reference_id") or "").strip()
    if not published:
        return None, []
    canonical = refid.canonicalize(published)
    same = "".join(published.split()).upper() == canonical
    return canonical, ([] if same else [published])


def cable_year(created: str | None, dtg: str | None, reference_id: str | None) -> int | None:
    """The cable's four-digit year: from the Created value, else the DTG, else the reference ID."""
    if created:
        c = normalize_created(created)
        if c:
            return int(c[:4])
    if dtg:
        c = created_from_dtg(dtg)
        if c:
            return int(c[:4])
    parts = refid.split(reference_id) if reference_id else None
    return _century(parts.year) if parts else None


def normalize_created(value: str) -> str | None:
    """A publisher's date-time as ``YYYY-MM-DDTHH:MM``, or None when unreadable.

    Accepts ``2009-12-23 09:37:00``, ``2009-12-16 15:03``, ``2009-12-16T15:03``,
    CSV style ``12/28/1966 18:48`` and Ruby style ``Thu Apr 27 00:00:00 +0200 2000``
    (clock time as written). A date alone gives ``T00:00``.
    """
    value = value.strip()
    m = _ISO.match(value)
    if m:
        y, mo, d, hh, mm = m.groups()
    else:
        m = _US.match(value)
        if m:
            mo, d, y, hh, mm = m.groups()
        else:
            m = _RUBY.match(value)
            if not m:
                return None
            mon, d, hh, mm, y = m.groups()
            mo = str(_MONTHS.get(mon.upper(), 0))
    return _format(int(y), int(mo), int(d), int(hh or 0), int(mm or 0))


def created_from_dtg(dtg: str) -> str | None:
    """``YYYY-MM-DDTHH:MM`` from a date-time group (``230937Z DEC 09``); None when not one.

    Two-digit years below 50 are 20xx, the others 19xx (the corpus spans 1966-2010).
    """
    m = _DTG.search(dtg)
    if not m:
        return None
    d, hh, mm, mon, y = m.groups()
    year = int(y) if len(y) == 4 else _century(int(y))
    return _format(year, _MONTHS.get(mon.upper(), 0), int(d), int(hh), int(mm))


def created_from_date_line(body: str) -> str | None:
    """``YYYY-MM-DDTHH:MM`` from a body whose first line is a date line, else None.

    Some partial extracts carry no DTG but open the body with ``Tuesday, 20
    January 2004, 09:44`` (the DTG written out).
    """
    start = len(body) - len(body.lstrip())
    end = body.find("\n", start)
    m = _DATE_LINE.fullmatch(body[start:end if end >= 0 else len(body)][:80])
    if not m:
        return None
    d, month, y, hh, mm = m.groups()
    return _format(int(y), _MONTHS.get(month[:3].upper(), 0), int(d), int(hh), int(mm))


def classification_from_banner(banner: str | None, caveats: list[str]) -> str | None:
    """The metadata-style classification from the banner and caveats.

    ``("S E C R E T", ["NOFORN"])`` gives ``"SECRET//NOFORN"``; ``("UNCLAS",
    ["SENSITIVE"])`` gives ``"UNCLASSIFIED//FOR OFFICIAL USE ONLY"``.
    None when the banner names no classification.
    """
    letters = _NOT_LETTERS.sub("", (banner or "").upper())
    marks = " ".join(caveats).upper()
    if "ONFIDENTIAL" in letters:
        level = "CONFIDENTIAL"
    elif "TOPSECRET" in letters:
        level = "TOP SECRET"
    elif "SECRET" in letters or "ECRET" in letters:
        level = "SECRET"
    elif "LIMITEDOFFICIALUSE" in letters:
        return "LIMITED OFFICIAL USE"
    elif "UNCLAS" in letters:
        sensitive = ("SENSITIVE" in letters or "SBU" in marks or "SENSITIVE" in marks
                     or "FOUO" in marks or "FOR OFFICIAL USE ONLY" in marks)
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY" if sensitive else "UNCLASSIFIED"
    else:
        return None
    return f"{level}//NOFORN" if "NOFORN" in marks else level


def origin_from_plad(plad: str | None) -> str | None:
    """The publisher-style origin of an FM-line PLAD; None for an empty one.

    ``AMEMBASSY ASTANA`` -> ``Embassy Astana``, ``AMCONSUL X`` -> ``Consulate X``,
    ``SECSTATE WASHDC`` -> ``Secretary of State``, ``USMISSION USNATO`` ->
    ``Mission USNATO``; office suffixes (``//POL//``) are dropped, and other
    names are title-cased with acronyms (``US...``) kept.
    """
    if not plad:
        return None
    name = " ".join(plad.upper().split("//")[0].split())
    if name in _ORIGIN_NAMES:
        return _ORIGIN_NAMES[name]
    for prefix, label in _ORIGIN_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return label + _place(name[len(prefix):])
    for suffix in _CITY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return _place(name)


def resolve_metadata(raw: RawCable, header: HeaderFields, body: BodyFields,
                     reference_id: str | None, aliases: list[str]) -> ResolvedMetadata:
    """The record's reference ID, aliases, created, released, classification and origin.

    Publisher values win (created/released normalized, the others verbatim);
    missing ones are derived from the banner, the DTG and the FM line.
    Raises ParseError (file, reason, row) when no reference ID can be had.
    """
    md = raw.metadata
    warnings: list[str] = []
    if not reference_id:
        reference_id = _derived_reference_id(raw, header, body)
    created = None
    if md.get("created"):
        created = normalize_created(md["created"])
        if created is None:
            warnings.append(f"metadata: unreadable Created value {md['created']!r}")
    if created is None and header.dtg:
        created = created_from_dtg(header.dtg)
    if created is None:
        created = created_from_date_line(raw.body)
    released = normalize_created(md["released"]) if md.get("released") else None
    classification = md.get("classification") or classification_from_banner(
        body.banner_classification, body.caveats)
    origin = md.get("origin") or origin_from_plad(header.from_.name if header.from_ else None)
    return ResolvedMetadata(reference_id=reference_id, aliases=list(aliases), created=created,
                            released=released, classification=classification, origin=origin,
                            warnings=warnings)


def _derived_reference_id(raw: RawCable, header: HeaderFields, body: BodyFields) -> str:
    """Reference ID from the banner (``ASTANA 002204``) and the DTG's year; ParseError if none."""
    if not (body.banner_post and body.banner_serial is not None):
        raise ParseError(raw.path, "no reference ID: no metadata and no banner line with post and serial", raw.row)
    year = cable_year(None, header.dtg, None) or cable_year(created_from_date_line(raw.body), None, None)
    if year is None:
        raise ParseError(raw.path, f"no reference ID: banner {body.banner_post} {body.banner_serial} "
                         "but no date-time group for the year", raw.row)
    try:
        return refid.make_reference_id(year, body.banner_post, body.banner_serial)
    except ValueError as exc:
        raise ParseError(raw.path, f"no reference ID: {exc}", raw.row) from exc


def _place(words: str) -> str:
    """``RIO DE JANEIRO`` -> ``Rio De Janeiro``; words starting ``US`` stay upper case."""
    if words in _PLACE_NAMES:
        return _PLACE_NAMES[words]
    return " ".join(w if w.startswith("US") and len(w) > 3 else w.capitalize() for w in words.split())


def _century(yy: int) -> int:
    return 2000 + yy if yy < 50 else 1900 + yy


def _format(y: int, mo: int, d: int, hh: int, mm: int) -> str | None:
    """``YYYY-MM-DDTHH:MM``, or None when the parts are not a real date and time."""
    try:
        datetime(y, mo, d, hh, mm)
    except ValueError:
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mm:02d}"
