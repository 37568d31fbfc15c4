"""`cablekit ingest`: read, parse and store cable files; and the shared ``--db`` option."""
from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from typing import Callable, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from ..errors import StoreError
from ..ingest import DEFAULT_BATCH_SIZE, Reporter, Skipped, describe, ingest
from ..store import DEFAULT_DB, IngestSummary, Reject, open_store
from . import cli
from .formats import format_option

F = TypeVar("F", bound=Callable[..., object])


def db_option(command: F) -> F:
    """The ``--db PATH`` option of every command that opens the archive (env
    ``CABLEKIT_DB``, default ``cables.db``). The value reaches the command as ``db`` (str)."""
    return click.option(
        "--db", "db", envvar="CABLEKIT_DB", default=DEFAULT_DB, show_default=True, show_envvar=True,
        metavar="PATH", type=click.Path(dir_okay=False),
        help="The SQLite archive file.",
    )(command)


class PlainReporter(Reporter):
    """Plain lines on stderr: each problem, and a progress line per committed batch."""

    def __init__(self) -> None:
        self.files = 0
        self.started = time.perf_counter()

    def start(self, files: int) -> None:
        self.files = files

    def rejected(self, reject: Reject) -> None:
        click.echo(f"cablekit: {describe(reject)}", err=True)

    def skipped(self, skipped: Skipped) -> None:
        click.echo(f"cablekit: {describe(skipped)} (no cable, skipped)", err=True)

    def committed(self, summary: IngestSummary, files: int, cables: int) -> None:
        rate = cables / max(time.perf_counter() - self.started, 1e-6)
        click.echo(f"cablekit: {files}/{self.files} files, {cables} cables ({rate:.0f} cables/s) committed", err=True)


class ProgressReporter(PlainReporter):
    """A rich progress bar on the terminal (files done of all, cables, cables/s)."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.console = console
        self.progress = Progress(
            SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
            TextColumn("files  {task.fields[cables]} cables  {task.fields[rate]} cables/s"),
            TimeElapsedColumn(), console=console, transient=True,
        )
        self.task = self.progress.add_task("ingest", total=None, cables=0, rate="0")

    def start(self, files: int) -> None:
        super().start(files)
        self.progress.update(self.task, total=files)
        self.progress.start()

    def rejected(self, reject: Reject) -> None:
        self.console.print(Text(f"cablekit: {describe(reject)}", style="red"), soft_wrap=True)

    def skipped(self, skipped: Skipped) -> None:
        self.console.print(Text(f"cablekit: {describe(skipped)} (no cable, skipped)"), soft_wrap=True)

    def file_done(self, files: int, cables: int) -> None:
        rate = cables / max(time.perf_counter() - self.started, 1e-6)
        self.progress.update(self.task, completed=files, cables=cables, rate=f"{rate:.0f}")

    def committed(self, summary: IngestSummary, files: int, cables: int) -> None:
        """The bar shows progress already; nothing more to say per batch."""

    def stop(self) -> None:
        """Remove the bar."""
        self.progress.stop()


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@format_option
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(min=1),
              help="Cables written per transaction.")
@click.option("--reparse", is_flag=True,
              help="Also rewrite stored records of unchanged texts when the parser now reads them differently.")
@click.option("--json", "as_json", is_flag=True, help="Print the final summary as a JSON object.")
def ingest_command(paths: tuple[str, ...], db: str, format_: str | None, batch_size: int,
                   reparse: bool, as_json: bool) -> None:
    """Read, parse and store cables from files and folders into the archive.

    Folders are read recursively. Running it again on the same files changes
    nothing (texts already stored count as "unchanged"); a new text of a stored
    reference ID replaces it and the old text is kept as a version. A file or
    cable that can't be read is reported on stderr (file, row, reason), kept in
    the ``rejects`` table, and the others go on; the exit code is then 1.

    \b
    Example:
        cablekit ingest ../shared/corpus/cablegate ../shared/corpus/pages
        cablekit ingest --db /tmp/test.db --json cables.csv
    """
    err = Console(stderr=True)
    reporter = ProgressReporter(err) if err.is_terminal else PlainReporter()
    try:
        with open_store(db) as store:
            summary = ingest(store, paths, format=format_, batch_size=batch_size, reparse=reparse,
                             reporter=reporter)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if isinstance(reporter, ProgressReporter):
            reporter.stop()
    if as_json:
        click.echo(json.dumps({**asdict(summary), "db": db}))
    else:
        click.echo(summary_line(summary, db))
    if summary.rejected:
        sys.exit(1)


def summary_line(summary: IngestSummary, db: str) -> str:
    """``stored 1042, replaced 0, unchanged 0, rejected 0, no cable 0 in 3.20 s (cables.db)``."""
    reparsed = f", reparsed {summary.reparsed}" if summary.reparsed else ""
    return (f"stored {summary.stored}, replaced {summary.replaced}, unchanged {summary.unchanged}{reparsed}, "
            f"rejected {summary.rejected}, no cable {summary.no_cable} in {summary.seconds:.2f} s ({db})")
