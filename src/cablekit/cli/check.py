"""`cablekit check`: parse a corpus and report what parses and what decodes."""
from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..check import DEFAULT_EXAMPLES, check_paths
from . import cli
from .formats import format_option

_MAX_UNKNOWN_ROWS = 25


@cli.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--examples", default=DEFAULT_EXAMPLES, show_default=True, type=click.IntRange(0, 100),
              help="Examples kept per unknown value and per problem.")
def check_command(paths: tuple[str, ...], format_: str | None, as_json: bool, examples: int) -> None:
    """Parse cable files and report, per field, how many cables have it, and
    which TAGS, routing indicators, precedences, markings and reasons fall
    outside the decoding tables (with counts and example cables).

    Also reports cited references whose reference ID is not canonical and
    files or rows that fail to parse (file and reason). Exit code 1 when any
    file or cable fails to parse.

    \b
    Example:
        cablekit check ../shared/corpus
        cablekit check --json ../shared/corpus/cablegate | jq .decoding.tags
    """
    err = Console(stderr=True)
    if err.is_terminal:
        with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                      TimeElapsedColumn(), console=err, transient=True) as progress:
            task = progress.add_task("check", total=None)
            report = check_paths(paths, format_, examples,
                                 on_start=lambda n: progress.update(task, total=n),
                                 on_file=lambda _path: progress.advance(task))
    else:
        report = check_paths(paths, format_, examples)
    data = report.to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_report(Console(), data)
    if not report.ok:
        sys.exit(1)


def _print_report(console: Console, data: dict[str, Any]) -> None:
    """The report as rich tables: summary, fields, decoding, unknown values, problems."""
    cables = data["cables"] or 1
    console.print(f"[bold]{data['files']:,}[/] files, [bold]{data['cables']:,}[/] cables, "
                  f"{data['skipped']:,} skipped (no cable), "
                  f"[{'red' if data['failures']['count'] else 'green'}]{data['failures']['count']:,} failures[/]")

    fields = Table(title="Fields: cables that have each", title_justify="left")
    fields.add_column("field")
    fields.add_column("cables", justify="right")
    fields.add_column("%", justify="right")
    for name, count in data["fields"].items():
        fields.add_row(name, f"{count:,}", f"{100 * count / cables:.0f}")
    console.print(fields)

    decoding = Table(title="Decoding: values in the decoding tables", title_justify="left")
    for col in ("element", "values", "distinct", "decoded", "unknown"):
        decoding.add_column(col, justify="left" if col == "element" else "right")
    for name, cat in data["decoding"].items():
        decoding.add_row(name, f"{cat['occurrences']:,}", f"{cat['distinct']:,}",
                         f"{cat['occurrences'] - cat['unknown']:,}",
                         Text(f"{cat['unknown']:,}", style="red" if cat["unknown"] else ""))
    console.print(decoding)

    for name, cat in data["decoding"].items():
        values = cat["unknown_values"]
        if not values:
            continue
        table = Table(title=f"Unknown {name}: {len(values)} values, {cat['unknown']:,} occurrences",
                      title_justify="left")
        for col in ("value", "count", "examples", "note"):
            table.add_column(col, justify="right" if col == "count" else "left", overflow="fold")
        for v in values[:_MAX_UNKNOWN_ROWS]:
            # values come from the cables: Text, so "[ORG" is not read as rich markup
            table.add_row(Text(v["value"]), f"{v['count']:,}", Text(", ".join(v["examples"])), Text(v["note"]))
        if len(values) > _MAX_UNKNOWN_ROWS:
            table.add_row(f"... {len(values) - _MAX_UNKNOWN_ROWS} more (see --json)", "", "", "")
        console.print(table)

    refs = data["references"]
    bad = refs["not_canonical"]
    console.print(f"References: {refs['count']:,} cited, {bad['count']:,} not canonical")
    for example in bad["examples"]:
        console.print(f"  {example}", markup=False, highlight=False)
    failures = data["failures"]
    if failures["count"]:
        console.print(f"[red]Parse failures: {failures['count']:,}[/]")
        for example in failures["examples"]:
            console.print(f"  {example}", markup=False, highlight=False)
