"""`cablekit search`: the query language, sorts, pages, facets, JSON and export of the whole result set."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from ..errors import QuerySyntaxError, StoreError
from ..search.export import EXPORT_FORMATS, export, format_of
from ..store import HIGHLIGHT_END, HIGHLIGHT_START, FacetCount, Hit, SearchQuery, SearchResults, open_store
from ..store.base import SORTS, unmark
from ..store.query import date_bound
from . import cli
from .ingest import db_option

SHOWN_FACETS = ("tag_subject", "tag_country", "tag_program", "tag_organization", "tag_person", "origin",
                "classification", "caveat", "precedence", "year")
"""Facets listed by ``--facets``, in this order."""
FACET_VALUES = 10


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate a --since/--until value (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if value is None:
        return None
    try:
        date_bound(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


@cli.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("words", nargs=-1)
@click.option("--sort", type=click.Choice(SORTS), default=None,
              help="Order of hits [default: relevance with words, else newest].")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Hits per page.")
@click.option("--page", default=None, type=click.IntRange(min=1), help="Page number (of --limit hits), from 1.")
@click.option("--offset", default=None, type=click.IntRange(min=0), help="Hits to skip (instead of --page).")
@click.option("--facets", "with_facets", is_flag=True, help="Also count the matches by TAGS kind, origin, "
              "classification, caveat, precedence and year.")
@click.option("--export", "export_to", default=None, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Write every match (not a page) to FILE: .csv, .jsonl or .parquet.")
@click.option("--export-format", type=click.Choice(EXPORT_FORMATS), default=None,
              help="Format of --export when the file name doesn't say.")
@click.option("--tag", default=None, help="Only cables with this TAGS code (same as tag:CODE).")
@click.option("--origin", default=None, help='Only cables from this origin (same as origin:"NAME").')
@click.option("--classification", default=None, help="Only this classification (SECRET//NOFORN, ...).")
@click.option("--since", default=None, callback=_check_date, metavar="DATE",
              help="Created on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, callback=_check_date, metavar="DATE",
              help="Created on or before DATE (a whole year or month counts).")
@click.option("--json", "as_json", is_flag=True, help="Print the page (and facets) as a JSON object.")
@db_option
def search_command(words: tuple[str, ...], sort: str | None, limit: int, page: int | None, offset: int | None,
                   with_facets: bool, export_to: Path | None, export_format: str | None, tag: str | None,
                   origin: str | None, classification: str | None, since: str | None, until: str | None,
                   as_json: bool, db: str) -> None:
    """Search the archive with the query language; with no query, list newest first.

    The arguments are joined into one query. Words must all occur (in the
    subject or body, stemmed: "overflights" finds "overflight"); "a phrase"
    must occur as written; word* matches a prefix; OR, NOT or -word, ( ) and
    NEAR(a b, 5) combine them; field:value clauses filter: tag:PREL,
    origin:"Embassy Astana", from:, to:, info:, classification:, caveat:NOFORN,
    precedence:, signer:, classified_by:, ref:09STATE128489 (cables citing
    it), id:, subject:, body:, created:2009-12, created:2009-01..2009-06,
    created:>=2008-03-01, declassify_on:<2026. Quote the query for the shell;
    a word starting with - (-taliban) is part of the query, not an option.
    Exit code 1 when nothing matched, 2 for a malformed query.

    \b
    Example:
        cablekit search overflight
        cablekit search 'tag:KZ "northern distribution" created:2009' --sort oldest
        cablekit search 'karzai OR wali -taliban' --facets
        cablekit search 'caveat:NOFORN origin:Astana' --export astana.parquet
    """
    if page is not None and offset is not None:
        raise click.UsageError("give --page or --offset, not both")
    if export_format and not export_to:
        raise click.UsageError("--export-format needs --export FILE")
    start = offset if offset is not None else ((page or 1) - 1) * limit
    query = SearchQuery(text=" ".join(words), tag=tag, origin=origin, classification=classification,
                        since=since, until=until, limit=limit, offset=start, sort=sort)
    try:
        if export_to:
            format_of(export_to, export_format)
        with open_store(db, read_only=True) as store:
            if export_to:
                count = export(store.iter_matches(query), export_to, export_format)
                click.echo(f"{count} {'cable' if count == 1 else 'cables'} exported to {export_to}")
                sys.exit(0 if count else 1)
            results = store.search(query)
            facets = store.facets(query, SHOWN_FACETS, FACET_VALUES) if with_facets else None
    except QuerySyntaxError as exc:
        click.echo(f"cablekit: bad query: {exc}", err=True)
        click.echo(f"    {exc.query}\n    {' ' * (exc.column - 1)}^", err=True)
        sys.exit(2)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:  # the --export file can't be written
        raise click.UsageError(f"--export {export_to}: {exc.strerror or exc}") from exc
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if results.behind:
        click.echo(f"cablekit: results may be incomplete: {results.behind}", err=True)
    if as_json:
        click.echo(json.dumps(_json_page(results, query, facets), ensure_ascii=False, indent=2))
    elif sys.stdout.isatty():
        _print_rich(results, query, facets)
    else:
        _print_plain(results, query, facets)
    if not results.total:
        if not as_json:
            click.echo("cablekit: no cable matches", err=True)
        sys.exit(1)


def _json_page(results: SearchResults, query: SearchQuery, facets: dict[str, list[FacetCount]] | None) -> dict:
    """The page as JSON: hits with plain snippets and their highlight spans (and the facets)."""
    hits = []
    for hit in results.hits:
        record = asdict(hit)
        record["snippet"], record["highlights"] = unmark(hit.snippet)
        hits.append(record)
    page = {"total": results.total, "limit": query.limit, "offset": query.offset, "hits": hits,
            "index_behind": results.behind}
    if facets is not None:
        page["facets"] = {name: [asdict(fc) for fc in counts] for name, counts in facets.items()}
    return page


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


def _facet_lines(facets: dict[str, list[FacetCount]]) -> list[str]:
    """``"tag_country: KZ 5, RS 3"`` per facet with values."""
    return [f"{name}: " + ", ".join(f"{fc.value} {fc.count}" for fc in counts)
            for name, counts in facets.items() if counts]


def _print_plain(results: SearchResults, query: SearchQuery, facets: dict[str, list[FacetCount]] | None) -> None:
    """Plain text; matched words in the snippet are wrapped in ``[`` ``]``."""
    click.echo(_range_line(results, query))
    for hit in results.hits:
        click.echo("")
        click.echo(_listing(hit))
        if hit.subject:
            click.echo(f"    {hit.subject}")
        snippet = hit.snippet.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]")
        if snippet:
            click.echo(f"    {snippet}")
    if facets:
        click.echo("")
        for line in _facet_lines(facets):
            click.echo(line)


def _print_rich(results: SearchResults, query: SearchQuery, facets: dict[str, list[FacetCount]] | None) -> None:
    """Terminal output: IDs in colour, matched words in bold."""
    console = Console(highlight=False)
    console.print(_range_line(results, query), style="dim")
    for hit in results.hits:
        console.print()
        console.print(Text.assemble((hit.reference_id, "bold cyan"), _listing(hit)[len(hit.reference_id):]))
        if hit.subject:
            console.print(Padding(Text(hit.subject, style="bold"), (0, 0, 0, 4)))
        snippet = _rich_snippet(hit.snippet)
        if snippet.plain:
            console.print(Padding(snippet, (0, 0, 0, 4)))
    if facets:
        console.print()
        for line in _facet_lines(facets):
            name, _, values = line.partition(": ")
            console.print(Text.assemble((name, "bold"), ": ", values))


def _rich_snippet(snippet: str) -> Text:
    """A rich Text of the snippet with the marked words in bold."""
    plain, spans = unmark(snippet)
    text = Text(plain)
    for start, end in spans:
        text.stylize("bold yellow", start, end)
    return text
