"""`cablekit formats`: list the input formats (readers), and the shared ``--format`` option."""
from __future__ import annotations

import json
from typing import Callable, TypeVar

import click

from ..sources import READERS
from . import cli

F = TypeVar("F", bound=Callable[..., object])


def format_option(command: F) -> F:
    """The ``--format NAME`` option of every command that reads files: force a reader
    instead of detecting one. The value reaches the command as ``format_`` (str or None)."""
    return click.option(
        "--format", "format_", default=None, metavar="NAME",
        type=click.Choice([reader.name for reader in READERS]),
        help="Force a reader instead of detecting one (see `cablekit formats`).",
    )(command)


@cli.command("formats")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of {name, description}.")
def formats_command(as_json: bool) -> None:
    """List the input formats cablekit reads, in detection order.

    Each file is read by the format whose reader scores it highest; force one
    with ``--format NAME`` on the commands that read files.

    \b
    Example:
        cablekit formats
        cablekit parse --format telegram notes/cable.txt
    """
    if as_json:
        click.echo(json.dumps([{"name": r.name, "description": r.description} for r in READERS], indent=2))
        return
    width = max(len(r.name) for r in READERS)
    for reader in READERS:
        click.echo(f"{reader.name:<{width}}  {reader.description}")
