"""`cablekit parse`: print one JSON record per cable (JSON Lines)."""
from __future__ import annotations

import json
import sys

import click

from ..errors import NoCable, ParseError, SourceError
from ..parse import parse_cable
from ..sources import iter_files, read_path
from ..sources.base import RowError
from . import cli, plural
from .formats import format_option


@cli.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option
@click.option("--no-text", is_flag=True, help="Leave the header and body text out of the records.")
def parse_command(paths: tuple[str, ...], format_: str | None, no_text: bool) -> None:
    """Parse cable files and print one JSON object per cable (JSON Lines).

    Folders are read recursively. A file that can't be read is reported on
    stderr (file and reason) and the others go on; so is a broken row of a dump
    (file, row and reason) and the next rows go on. A file (or a record) that
    holds no cable, such as a metadata-only page, is reported as such and counted
    apart: it is no error. A last line on stderr counts the cables, the no-cable
    files and records, and the errors; the exit code is 1 when there were errors
    or when no cable at all was printed (nothing matched).

    \b
    Example:
        cablekit parse ../shared/corpus/pages/09ASTANA2204.txt | jq .subject
    """
    counts = {"cables": 0, "no_cable": 0, "errors": 0}
    out = sys.stdout

    def report(error: SourceError | RowError) -> None:
        exc = error.to_exception() if isinstance(error, RowError) else error
        counts["no_cable" if isinstance(exc, NoCable) else "errors"] += 1
        click.echo(f"cablekit: {exc}", err=True)

    for path in iter_files(paths):
        try:
            for raw in read_path(path, format_, on_error=report):
                try:
                    record = parse_cable(raw).to_dict()
                except ParseError as exc:
                    report(exc)
                    continue
                if no_text:
                    record.pop("header", None)
                    record.pop("body", None)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts["cables"] += 1
        except SourceError as exc:
            report(exc)
    out.flush()
    click.echo(f"cablekit: {plural(counts['cables'], 'cable')}, {counts['no_cable']:,} holding no cable, "
               f"{plural(counts['errors'], 'error')}", err=True)
    if counts["errors"] or not counts["cables"]:
        sys.exit(1)
