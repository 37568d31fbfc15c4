"""`cablekit show`: print one cable: metadata, decoded header, body."""
from __future__ import annotations

import json

import click

from .. import decode
from ..errors import StoreError
from ..model import Addressee, Cable
from ..refid import canonicalize
from ..store import open_store
from . import cli
from .ingest import db_option

_LABEL_WIDTH = 17


@cli.command("show")
@click.argument("reference_id")
@click.option("--json", "as_json", is_flag=True, help="Print the record (as `cablekit parse` does) instead.")
@db_option
def show_command(reference_id: str, as_json: bool, db: str) -> None:
    """Print the cable with this reference ID (any case; malformed forms are repaired).

    The metadata block comes first, then the decoded transmission header (the
    station and security line explained; each addressee with its routing
    indicator, precedence and serial), then the body.

    \b
    Example:
        cablekit show 09ASTANA2204
        cablekit show 08ection01of02manama492 --json | jq .references
    """
    try:
        with open_store(db, read_only=True) as store:
            cable = store.get(reference_id)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if cable is None:
        raise click.ClickException(f"no cable {canonicalize(reference_id)} in {db}")
    if as_json:
        click.echo(json.dumps(cable.to_dict(), ensure_ascii=False, indent=2))
        return
    for line in render(cable):
        click.echo(line)


def render(cable: Cable) -> list[str]:
    """The cable as lines of text: title, metadata, header, body (labels bold on a terminal).

    Example: ``render(cable)[0] == "09ASTANA2204"``.
    """
    lines = [click.style(cable.reference_id, bold=True)]
    if cable.subject:
        lines.append(cable.subject)
    lines.append("")
    refs = [f"{(r.label + '. ') if r.label else ''}{r.text} ({r.reference_id})" for r in cable.references]
    refs += [f"{(r.label + '. ') if r.label else ''}{r.text} [{r.kind}]" for r in cable.other_references]
    meta = [
        ("Created", _utc(cable.created)),
        ("Released", _utc(cable.released)),
        ("Classification", cable.classification),
        ("Caveats", " ".join(cable.caveats)),
        ("Origin", cable.origin),
        ("Tags", " ".join(cable.tags)),
        ("Classified by", cable.classified_by),
        ("Reasons", " ".join(cable.reasons)),
        ("Declassify on", cable.declassify_on),
        ("Sections", str(cable.sections) if cable.sections and cable.sections > 1 else None),
        ("References", refs),
        ("Signers", ", ".join(cable.signers)),
        ("Aliases", ", ".join(cable.aliases)),
        ("Source", f"{cable.source} ({cable.source_format})" if cable.source else None),
    ]
    lines += _block(meta)
    header = [
        ("Transmission ID", cable.transmission_id),
        ("Station", _station(cable)),
        ("Security line", _explained(cable.security_line, decode.security_line(cable.security_line or ""))),
        ("DTG", cable.dtg),
        ("Precedence", cable.precedence),
    ]
    addressees = _addressee_table(cable)
    if any(value for _, value in header) or addressees:
        lines += ["", click.style("Header", bold=True)]
        lines += _block(header)
        lines += addressees
    if cable.warnings:
        lines += ["", click.style("Parser notes", bold=True)] + [f"  {w}" for w in cable.warnings]
    lines += ["", click.style("Body", bold=True), (cable.body or "").strip("\n")]
    return lines


def _block(pairs: list[tuple[str, str | list[str] | None]]) -> list[str]:
    """Aligned ``Label  value`` lines, empty values left out; a list gives one line per item."""
    out = []
    for label, value in pairs:
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(x for x in values if x):
            name = label if i == 0 else ""
            out.append(click.style(f"{name:<{_LABEL_WIDTH}}", bold=True) + v)
    return out


def _addressee_table(cable: Cable) -> list[str]:
    """One aligned line per FM/TO/INFO addressee: role, routing indicator, name, precedence, serial."""
    people: list[tuple[str, Addressee]] = [("FM", cable.from_)] if cable.from_ else []
    people += [("TO", a) for a in cable.to] + [("INFO", a) for a in cable.info]
    if not people:
        return []
    rows = [(role, a.routing_indicator or "-", a.name + (f" (XMT {', '.join(a.exempt)})" if a.exempt else ""),
             a.precedence or "", str(a.serial) if a.serial is not None else "") for role, a in people]
    titles = ("", "ROUTING", "ADDRESSEE", "PRECEDENCE", "SERIAL")
    widths = [max(len(r[i]) for r in [titles, *rows]) for i in range(5)]
    out = [click.style(_row(titles, widths), bold=True)]
    last_role = None
    for row in rows:
        shown = row if row[0] != last_role else ("", *row[1:])
        last_role = row[0]
        out.append(_row(shown, widths))
    return out


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    """Cells padded to their column widths, two spaces apart, trailing space removed."""
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()


def _station(cable: Cable) -> str | None:
    """The DE line's station, serial and station name: ``"RUEHTA #2204 (AMEMBASSY ASTANA)"``."""
    text = cable.station
    if cable.station_serial is not None:
        text = f"{cable.station or ''} #{cable.station_serial}".strip()
    return _explained(text, decode.routing_indicator(cable.station or ""))


def _explained(value: str | None, meaning: str | None) -> str | None:
    """``"value (meaning)"``, or the value alone when the meaning is unknown."""
    return f"{value} ({meaning})" if value and meaning else value


def _utc(value: str | None) -> str | None:
    """``"2009-12-23T09:37"`` -> ``"2009-12-23 09:37 UTC"``."""
    return f"{value.replace('T', ' ')} UTC" if value else None
