"""`cablekit rejects`: list the quarantine, the inputs an ingest could not store."""
from __future__ import annotations

import json
from dataclasses import asdict

import click

from ..errors import StoreError
from ..store.history import History
from . import cli
from .ingest import db_option

_EXCERPT_LINE = 100


@cli.command("rejects")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="List at most this many (newest first); 0 lists them all.")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"total": N, "rejects": [{path, row, reason, rejected_at, excerpt}, ...]}.')
@db_option
def rejects_command(limit: int, as_json: bool, db: str) -> None:
    """List the files and rows that ingest rejected, and say how many there are.

    Each reject names its file, its row inside a dump (0 for the whole file),
    the reason, when it was rejected and the start of its raw text. A reject
    is removed when a later ingest stores a cable from the same file and row.

    \b
    Example:
        cablekit rejects
        cablekit rejects --json --limit 0 | jq -r '.rejects[].reason' | sort | uniq -c
    """
    try:
        with History(db) as history:
            total = history.count_rejects()
            rows = history.rejects(limit or None)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({"total": total, "rejects": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2))
        return
    shown = f" (showing the newest {len(rows)})" if len(rows) < total else ""
    click.echo(f"{total} rejected input{'s' if total != 1 else ''} in {db}{shown}")
    for r in rows:
        where = r.path + (f" (row {r.row})" if r.row else "")
        click.echo(f"{click.style(where, bold=True)}: {r.reason}  [{r.rejected_at}]")
        first = " ".join(r.excerpt.split())[:_EXCERPT_LINE]
        if first:
            click.echo(f"    {first}")
