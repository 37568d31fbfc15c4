"""The `cablekit` command: one click group; each command lives in its own module.

Exit codes: 0 success; 1 some inputs were rejected or nothing matched; 2 usage error.
"""
from __future__ import annotations

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cablekit")
def cli() -> None:
    """cablekit: read, parse, store, search and show U.S. diplomatic cables.

    \b
    Example:
        cablekit ingest ../shared/corpus/cablegate
        cablekit search overflight
        cablekit serve
    """


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an ``s`` unless n is 1: ``plural(1, "cable") == "1 cable"``."""
    return f"{n:,} {word if n == 1 else word + 's'}"


def main() -> None:
    """Entry point of the `cablekit` program."""
    cli()


# Command modules register themselves on `cli`; keep this list sorted.
from . import check as _check  # noqa: E402,F401
from . import formats as _formats  # noqa: E402,F401
from . import ingest as _ingest  # noqa: E402,F401
from . import parse as _parse  # noqa: E402,F401
from . import rejects as _rejects  # noqa: E402,F401
from . import search as _search  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import show as _show  # noqa: E402,F401
