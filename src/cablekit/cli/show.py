"""`cablekit show`: print one cable (metadata, decoded header, body), its versions, or a diff of two."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click

from .. import decode
from ..errors import StoreError
from ..model import Addressee, Cable
from ..refid import canonicalize, split
from ..store import open_store
from ..store.history import History, Version
from ..worddiff import counts, render as render_changes, word_diff
from . import cli
from .ingest import db_option

_LABEL_WIDTH = 17
_HASH_PREFIX = 12
_METADATA_KEYS = ("created", "released", "classification", "caveats", "origin", "subject", "tags",
                  "classified_by", "reasons", "declassify_on")


@cli.command("show")
@click.argument("reference_id")
@click.argument("numbers", nargs=-1, type=click.IntRange(min=1), metavar="[A B]")
@click.option("--versions", "list_versions", is_flag=True,
              help="List every stored text of the cable: number, imported at, source, format, hash, size.")
@click.option("--diff", "diff", is_flag=True,
              help="Word-level diff of versions A and B (default: the two newest).")
@click.option("--json", "as_json", is_flag=True, help="Print the record (as `cablekit parse` does) instead; "
              "with --versions or --diff, their JSON.")
@db_option
def show_command(reference_id: str, numbers: tuple[int, ...], list_versions: bool, diff: bool,
                 as_json: bool, db: str) -> None:
    """Print the cable with this reference ID (any case; malformed forms are repaired).

    The metadata block comes first, then the decoded transmission header (the
    station and security line explained; each addressee with its routing
    indicator, precedence and serial), then the body.

    With --versions, the texts stored for the ID (a later release with fewer
    redactions, a corrected copy), oldest first; the newest is current unless
    it is a degraded record (no subject or paragraphs where the current one
    has them, or less than half its body): then the list says so. With
    --diff [A B], what changed word by word from version A to version B:
    removed words as [-...-], added ones as {+...+} (red and green on a terminal).

    \b
    Example:
        cablekit show 09ASTANA2204
        cablekit show 08ection01of02manama492 --json | jq .references
        cablekit show 66BUENOSAIRES2481 --versions
        cablekit show 66BUENOSAIRES2481 --diff 1 2
    """
    if numbers and not diff:
        raise click.UsageError("version numbers A B go with --diff")
    if diff and len(numbers) not in (0, 2):
        raise click.UsageError("--diff takes two version numbers (A B) or none (the two newest)")
    if split(canonicalize(reference_id)) is None:
        raise click.UsageError(f"not a reference ID: {reference_id!r} (e.g. 09ASTANA2204)")
    try:
        with open_store(db, read_only=True) as store:
            rid = store.resolve(reference_id)
            cable = store.get(rid) if rid and not (diff or list_versions) else None
        if rid is None:
            raise click.ClickException(f"no cable {canonicalize(reference_id)} in {db}")
        if diff or list_versions:
            with History(db) as history:
                versions = history.versions(rid)
                if diff:
                    _show_diff(history, rid, versions, numbers, as_json)
                else:
                    _show_versions(rid, versions, as_json)
            return
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    assert cable is not None
    if as_json:
        click.echo(json.dumps(cable.to_dict(), ensure_ascii=False, indent=2))
        return
    for line in render(cable):
        click.echo(line)


def _show_versions(rid: str, versions: list[Version], as_json: bool) -> None:
    """Print the version list: a table, or a JSON object ``{"reference_id", "versions": [...]}``."""
    if as_json:
        click.echo(json.dumps({"reference_id": rid, "versions": [asdict(v) for v in versions]},
                              ensure_ascii=False, indent=2))
        return
    click.echo(click.style(rid, bold=True) + f"  {len(versions)} version{'s' if len(versions) != 1 else ''}")
    titles = ("", "#", "IMPORTED AT", "SOURCE", "FORMAT", "HASH", "SIZE")
    rows = [("*" if v.current else "", str(v.number), v.imported_at,
             (v.source or "-") + (f" (row {v.row})" if v.row else ""), v.format or "-",
             v.content_hash[:_HASH_PREFIX], f"{v.size:,}" if v.size is not None else "-") for v in versions]
    widths = [max(len(r[i]) for r in [titles, *rows]) for i in range(len(titles))]
    click.echo(click.style(_row(titles, widths), bold=True))
    for row in rows:
        click.echo(_row(row, widths))
    for v in versions:
        if v.not_current_because:
            click.echo(f"version {v.number} is not current: {v.not_current_because}")
    click.echo("(* current: the newest text, unless that one is a degraded record; see docs/ingest.md)")


def _show_diff(history: History, rid: str, versions: list[Version], numbers: tuple[int, ...],
               as_json: bool) -> None:
    """Print the word diff of two versions (A -> B)."""
    if len(versions) < 2 and not numbers:
        raise click.ClickException(f"{rid} has only one version; nothing to compare")
    a, b = numbers if numbers else (versions[-2].number, versions[-1].number)
    known = {v.number: v for v in versions}
    for n in (a, b):
        if n not in known:
            raise click.ClickException(f"{rid} has no version {n} (versions 1-{len(versions)})")
    try:
        changes = word_diff(history.text(rid, a), history.text(rid, b))
        old, new = history.metadata(rid, a), history.metadata(rid, b)
    except KeyError as exc:
        raise click.ClickException(str(exc.args[0])) from exc
    metadata = {k: [old.get(k), new.get(k)] for k in _METADATA_KEYS if old.get(k) != new.get(k)}
    removed, added = counts(changes)
    if as_json:
        click.echo(json.dumps({"reference_id": rid, "from": asdict(known[a]), "to": asdict(known[b]),
                               "metadata": metadata, "words_removed": removed, "words_added": added,
                               "changes": [asdict(c) for c in changes]}, ensure_ascii=False, indent=2))
        return
    color = sys.stdout.isatty()
    for sign, n, style in (("---", a, "red"), ("+++", b, "green")):
        v = known[n]
        source = (v.source or "-") + (f" row {v.row}" if v.row else "")
        line = f"{sign} {rid} version {n} ({v.imported_at}, {source}, {v.format or '-'})"
        click.echo(click.style(line, fg=style) if color else line)
    for key, (before, after) in metadata.items():
        click.echo(f"{key}: {_value(before)} -> {_value(after)}")
    click.echo(f"{len(changes)} change{'s' if len(changes) != 1 else ''} in the text: "
               f"{removed} word{'s' if removed != 1 else ''} removed, {added} added")
    for line in render_changes(changes, color=color):
        click.echo(line)


def _value(value: object) -> str:
    """A metadata value for the diff header: lists joined by spaces, None as ``-``."""
    if isinstance(value, list):
        return " ".join(map(str, value)) or "-"
    return "-" if value is None else str(value)


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
