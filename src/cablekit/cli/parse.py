"""`cablekit parse`: print one JSON record per cable (JSON Lines)."""
from __future__ import annotations

import json
import sys

import click

from ..errors import SourceError
from ..parse import parse_cable
from ..sources import iter_files, read_path
from . import cli


@cli.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "format_", default=None, help="Force a reader (see `cablekit formats`).")
@click.option("--no-text", is_flag=True, help="Leave the header and body text out of the records.")
def parse_command(paths: tuple[str, ...], format_: str | None, no_text: bool) -> None:
    """Parse cable files and print one JSON object per cable (JSON Lines).

    Folders are read recursively. A file that can't be read is reported on
    stderr (file and reason) and the others go on; the exit code is then 1.

    \b
    Example:
        cablekit parse ../shared/corpus/pages/09ASTANA2204.txt | jq .subject
    """
    failed = 0
    out = sys.stdout
    for path in iter_files(paths):
        try:
            for raw in read_path(path, format_):
                record = parse_cable(raw).to_dict()
                if no_text:
                    record.pop("header", None)
                    record.pop("body", None)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        except SourceError as exc:
            failed += 1
            click.echo(f"cablekit: {exc}", err=True)
    out.flush()
    if failed:
        sys.exit(1)
