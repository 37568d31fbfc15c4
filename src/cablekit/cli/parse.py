"""`cablekit parse`: print one JSON record per cable (JSON Lines)."""
from __future__ import annotations

import json
import sys

import click

from ..errors import ParseError, SourceError
from ..parse import parse_cable
from ..sources import iter_files, read_path
from ..sources.base import RowError
from . import cli
from .formats import format_option


@cli.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option
@click.option("--no-text", is_flag=True, help="Leave the header and body text out of the records.")
def parse_command(paths: tuple[str, ...], format_: str | None, no_text: bool) -> None:
    """Parse cable files and print one JSON object per cable (JSON Lines).

    Folders are read recursively. A file that can't be read is reported on
    stderr (file and reason) and the others go on; so is a broken row of a dump
    (file, row and reason) and the next rows go on; the exit code is then 1.

    \b
    Example:
        cablekit parse ../shared/corpus/pages/09ASTANA2204.txt | jq .subject
    """
    failed = 0
    out = sys.stdout

    def report(error: SourceError | RowError) -> None:
        nonlocal failed
        failed += 1
        exc = error.to_exception() if isinstance(error, RowError) else error
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
        except SourceError as exc:
            report(exc)
    out.flush()
    if failed:
        sys.exit(1)
