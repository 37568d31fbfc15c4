"""`cablekit ingest`: read, parse and store cable files; and the shared ``--db`` option."""
from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from typing import Callable, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn
from rich.text import Text

from ..errors import CablekitError
from ..ingest import DEFAULT_BATCH_SIZE, Interrupted, Reporter, Skipped, default_jobs, describe, ingest
from ..ingest_progress import Progress as IngestProgress
from ..store import DEFAULT_DB, IngestSummary, Reject, open_store
from ..store.writer import BatchSummary
from . import cli, plural
from .formats import format_option

F = TypeVar("F", bound=Callable[..., object])
PLAIN_INTERVAL_SECONDS = 5.0
"""Seconds between two progress lines when stderr is not a terminal."""


def db_option(command: F) -> F:
    """The ``--db PATH`` option of every command that opens the archive (env
    ``CABLEKIT_DB``, default ``cables.db``). The value reaches the command as ``db`` (str)."""
    return click.option(
        "--db", "db", envvar="CABLEKIT_DB", default=DEFAULT_DB, show_default=True, show_envvar=True,
        metavar="PATH", type=click.Path(dir_okay=False),
        help="The SQLite archive file.",
    )(command)


def progress_line(p: IngestProgress) -> str:
    """One line on a run: ``12,000 cables (2,010/s), 83.1 of 1,748.8 MB (13.9 MB/s), 1/1 files, ETA 2:00``."""
    eta = p.eta_seconds
    s = p.summary
    return (f"{plural(p.cables, 'cable')} ({p.cables_per_second:,.0f}/s), "
            f"{p.bytes_read / 1e6:,.1f} of {p.bytes_total / 1e6:,.1f} MB ({p.mb_per_second:.1f} MB/s), "
            f"{p.files_done}/{p.files_total} files, "
            f"stored {s.stored}, replaced {s.replaced}, unchanged {s.unchanged}, rejected {s.rejected}"
            + (f", ETA {_clock(eta)}" if eta is not None else ""))


class PlainReporter(Reporter):
    """Plain lines on stderr: each problem, and a progress line every `PLAIN_INTERVAL_SECONDS`."""

    def __init__(self, interval: float = PLAIN_INTERVAL_SECONDS) -> None:
        self.interval = interval
        self._last = time.perf_counter()

    def rejected(self, reject: Reject) -> None:
        click.echo(f"cablekit: {describe(reject)}", err=True)

    def skipped(self, skipped: Skipped) -> None:
        click.echo(f"cablekit: {describe(skipped)} (no cable, skipped)", err=True)

    def advanced(self, progress: IngestProgress) -> None:
        now = time.perf_counter()
        if now - self._last >= self.interval:
            self._last = now
            click.echo(f"cablekit: {progress_line(progress)}", err=True)


class ProgressReporter(Reporter):
    """A rich progress bar on the terminal: bytes of input read of all, cables, cables/s, MB/s, ETA."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar = Progress(
            SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), TaskProgressColumn(), DownloadColumn(),
            TextColumn("{task.fields[cables]} cables  {task.fields[rate]}/s  {task.fields[mbs]} MB/s  "
                       "ETA {task.fields[eta]}"),
            console=console, transient=True,
        )
        self.task = self.bar.add_task("ingest", total=None, cables="0", rate="0", mbs="0.0", eta="-")

    def start(self, progress: IngestProgress) -> None:
        self.bar.update(self.task, total=progress.bytes_total or None)
        self.bar.start()

    def rejected(self, reject: Reject) -> None:
        self.console.print(Text(f"cablekit: {describe(reject)}", style="red"), soft_wrap=True)

    def skipped(self, skipped: Skipped) -> None:
        self.console.print(Text(f"cablekit: {describe(skipped)} (no cable, skipped)"), soft_wrap=True)

    def advanced(self, progress: IngestProgress) -> None:
        eta = progress.eta_seconds
        self.bar.update(self.task, completed=progress.bytes_read, cables=f"{progress.cables:,}",
                        rate=f"{progress.cables_per_second:,.0f}", mbs=f"{progress.mb_per_second:.1f}",
                        eta=_clock(eta) if eta is not None else "-")

    def stop(self) -> None:
        """Remove the bar."""
        self.bar.stop()


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@format_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help=f"Parse worker processes [default: the number of CPUs, {default_jobs()} here; "
                   "none for inputs under 2 MB].")
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(min=1),
              help="Cables written per transaction.")
@click.option("--reparse", is_flag=True,
              help="Also rewrite stored records of unchanged texts when the parser now reads them differently.")
@click.option("--json", "as_json", is_flag=True, help="Print the final summary as a JSON object.")
def ingest_command(paths: tuple[str, ...], db: str, format_: str | None, jobs: int | None, batch_size: int,
                   reparse: bool, as_json: bool) -> None:
    """Read, parse and store cables from files and folders into the archive.

    Folders are read recursively; a dump (cables.csv, also .gz) is streamed
    and parsed by --jobs worker processes while one writer stores the
    results, --batch-size cables per transaction. Running it again on the
    same files changes nothing (texts already stored count as "unchanged" and
    are not parsed again); a new text of a stored reference ID replaces it and
    the old text is kept as a version (`cablekit show ID --versions`). A run
    stopped by Ctrl-C or killed keeps every batch committed before; run the
    same command again to finish. A file or cable that can't be read is
    reported on stderr (file, row, reason), kept in the rejects table
    (`cablekit rejects`), and the others go on; so is a path that does not
    exist (not kept). The exit code is then 1, as when no input held any
    cable (130 after Ctrl-C).

    \b
    Example:
        cablekit ingest ../shared/corpus/cablegate ../shared/corpus/pages
        cablekit ingest --db /tmp/test.db --json cables.csv
        cablekit ingest --jobs 2 --format cables-csv cables.csv.gz
    """
    err = Console(stderr=True)
    reporter: Reporter = ProgressReporter(err) if err.is_terminal else PlainReporter()
    summary: IngestSummary = BatchSummary()
    try:
        with open_store(db) as store:
            summary = ingest(store, paths, format=format_, batch_size=batch_size, reparse=reparse,
                             reporter=reporter, jobs=jobs)
            _stop(reporter)
            indexed = store.sync_index()  # the search index follows (cablekit.search.sync)
    except CablekitError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt as stop:  # `Interrupted` during the run, a bare one before or after it
        _stop(reporter)
        committed = stop.summary if isinstance(stop, Interrupted) else summary
        click.echo(f"cablekit: interrupted; committed so far: {summary_line(committed, db)}", err=True)
        click.echo("cablekit: run the same command again to finish (stored cables are not parsed again)", err=True)
        sys.exit(130)
    finally:
        _stop(reporter)
    if err.is_terminal:
        err.print(f"cablekit: search index not updated now: {indexed.skipped}" if indexed.skipped else
                  f"cablekit: search index: {plural(indexed.added, 'cable')} indexed, "
                  f"{indexed.deleted} removed "
                  f"in {indexed.seconds:.2f} s")
    if as_json:
        click.echo(json.dumps({**asdict(summary), "cables_found": cables_found(summary), "db": db,
                               "index": asdict(indexed)}))
    else:
        click.echo(summary_line(summary, db))
    if summary.rejected or not cables_found(summary):
        sys.exit(1)


def cables_found(summary: IngestSummary) -> int:
    """Cables the inputs held and the archive now has: stored, replaced, kept as version, unchanged, reparsed."""
    return (summary.stored + summary.replaced + getattr(summary, "kept_as_version", 0) + summary.unchanged
            + summary.reparsed)


def summary_line(summary: IngestSummary, db: str) -> str:
    """``stored 1042, replaced 0, unchanged 0, rejected 0, no cable 0 in 3.20 s (cables.db)``;
    kept as version and reparsed are named when not 0, and a run that found
    no cable ends with ``; 0 cables found``."""
    kept = getattr(summary, "kept_as_version", 0)
    kept_text = f", kept as version {kept}" if kept else ""
    reparsed = f", reparsed {summary.reparsed}" if summary.reparsed else ""
    found = "" if cables_found(summary) else "; 0 cables found"
    return (f"stored {summary.stored}, replaced {summary.replaced}{kept_text}, unchanged {summary.unchanged}"
            f"{reparsed}, rejected {summary.rejected}, no cable {summary.no_cable} in {summary.seconds:.2f} s "
            f"({db}){found}")


def _stop(reporter: Reporter) -> None:
    if isinstance(reporter, ProgressReporter):
        reporter.stop()


def _clock(seconds: float) -> str:
    """``125.4`` -> ``"2:05"``; ``3725`` -> ``"1:02:05"``."""
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"
