"""`cablekit search`: full-text search with filters, ranked by bm25, with snippets."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from ..errors import StoreError
from ..store import HIGHLIGHT_END, HIGHLIGHT_START, Hit, SearchQuery, SearchResults, open_store
from ..store.base import unmark
from ..store.query import date_bound
from . import cli
from .ingest import db_option


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate a --since/--until value (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if value is None:
        return None
    try:
        date_bound(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


@cli.command("search")
@click.argument("words", nargs=-1)
@click.option("--tag", default=None, help="Only cables with this TAGS code (PREL, KZ, ...).")
@click.option("--origin", default=None, help='Only cables from this origin ("Embassy Astana").')
@click.option("--classification", default=None, help="Only this classification (SECRET//NOFORN, ...).")
@click.option("--since", default=None, callback=_check_date, metavar="DATE",
              help="Created on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, callback=_check_date, metavar="DATE",
              help="Created on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD; a whole year or month counts).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Hits per page.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0), help="Hits to skip.")
@click.option("--json", "as_json", is_flag=True, help="Print the page as a JSON object.")
@db_option
def search_command(words: tuple[str, ...], tag: str | None, origin: str | None, classification: str | None,
                   since: str | None, until: str | None, limit: int, offset: int, as_json: bool, db: str) -> None:
    """Search the archive: every word must occur (in the subject or body).

    Words are matched as words (stemmed: "overflights" finds "overflight");
    "a quoted phrase" must occur as written, and word* matches a prefix. With
    no words, the cables matching the filters are listed newest first. Exit
    code 1 when nothing matched.

    \b
    Example:
        cablekit search overflight
        cablekit search --origin "Embassy Astana" --since 2009-06 "northern distribution"
        cablekit search --tag KZ --json | jq '.hits[].reference_id'
    """
    query = SearchQuery(text=" ".join(words), tag=tag, origin=origin, classification=classification,
                        since=since, until=until, limit=limit, offset=offset)
    try:
        with open_store(db, read_only=True) as store:
            results = store.search(query)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(_json_page(results, query), ensure_ascii=False, indent=2))
    elif sys.stdout.isatty():
        _print_rich(results, query)
    else:
        _print_plain(results, query)
    if not results.total:
        if not as_json:
            click.echo("cablekit: no cable matches", err=True)
        sys.exit(1)


def _json_page(results: SearchResults, query: SearchQuery) -> dict:
    """The page as JSON: hits with plain snippets and their highlight spans."""
    hits = []
    for hit in results.hits:
        record = asdict(hit)
        record["snippet"], record["highlights"] = unmark(" ".join(hit.snippet.split()))
        hits.append(record)
    return {"total": results.total, "limit": query.limit, "offset": query.offset, "hits": hits}


def _range_line(results: SearchResults, query: SearchQuery) -> str:
    """``"57 cables match; 1-20 shown"``."""
    noun = "cable matches" if results.total == 1 else "cables match"
    if not results.hits:
        return f"{results.total} {noun}; none on this page"
    return f"{results.total} {noun}; {query.offset + 1}-{query.offset + len(results.hits)} shown"


def _listing(hit: Hit) -> str:
    """``09ASTANA2204  2009-12-23  SECRET//NOFORN  Embassy Astana``."""
    parts = [hit.reference_id, (hit.created or "")[:10], hit.classification or "", hit.origin or ""]
    return "  ".join(p for p in parts if p)


def _print_plain(results: SearchResults, query: SearchQuery) -> None:
    """Plain text; matched words in the snippet are wrapped in ``[`` ``]``."""
    click.echo(_range_line(results, query))
    for hit in results.hits:
        click.echo("")
        click.echo(_listing(hit))
        if hit.subject:
            click.echo(f"    {hit.subject}")
        snippet = " ".join(hit.snippet.split()).replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]")
        if snippet:
            click.echo(f"    {snippet}")


def _print_rich(results: SearchResults, query: SearchQuery) -> None:
    """Terminal output: IDs in colour, matched words in bold."""
    console = Console(highlight=False)
    console.print(_range_line(results, query), style="dim")
    for hit in results.hits:
        console.print()
        console.print(Text.assemble((hit.reference_id, "bold cyan"), _listing(hit)[len(hit.reference_id):]))
        if hit.subject:
            console.print(Padding(Text(hit.subject, style="bold"), (0, 0, 0, 4)))
        snippet = _rich_snippet(" ".join(hit.snippet.split()))
        if snippet.plain:
            console.print(Padding(snippet, (0, 0, 0, 4)))


def _rich_snippet(snippet: str) -> Text:
    """A rich Text of the snippet with the marked words in bold."""
    plain, spans = unmark(snippet)
    text = Text(plain)
    for start, end in spans:
        text.stylize("bold yellow", start, end)
    return text
