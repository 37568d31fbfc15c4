"""Reader registry: pick the reader for a file by score, walk folders.

Each reader module defines one class following `cablekit.sources.base.Reader`;
`READERS` lists them. `detect()` asks every reader's ``match()`` for a score and
takes the highest (the pattern of ingest-file's ``Manager.auction``).

Example::

    for path in iter_files(["../shared/corpus/cablegate"]):
        for raw in read_path(path):
            ...
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import NoCable, SourceError
from .aad import AadReader
from .base import RawCable, Reader, RowError
from .cablegate import CablegateHtmlReader
from .cabletxt import CableTxtReader
from .prefragment import CablegatePreReader
from .csvdump import CablesCsvReader
from .jsonexport import JsonExportReader
from .pdf import CablegatePdfReader
from .plusd import PlusdReader
from .stream import read_head
from .telegram import TelegramReader
from .textpage import WikileaksTextReader

READERS: list[Reader] = [
    CablegateHtmlReader(),
    CablesCsvReader(),
    CablegatePdfReader(),
    JsonExportReader(),
    AadReader(),
    PlusdReader(),
    WikileaksTextReader(),
    CableTxtReader(),
    CablegatePreReader(),
    TelegramReader(),
]

_log = logging.getLogger("cablekit.sources")
_HEAD_BYTES = 64 * 1024
_SKIP_NAMES = {"PROVENANCE.md", "README.md", ".DS_Store"}


def reader_named(name: str) -> Reader:
    """The reader called ``name``; raises KeyError listing the known names."""
    for reader in READERS:
        if reader.name == name:
            return reader
    raise KeyError(f"unknown format {name!r}; known: {', '.join(r.name for r in READERS)}")


def detect(path: Path) -> Reader:
    """The best-scoring reader for ``path``.

    Raises SourceError for an empty or unreadable file, and for a binary file no
    binary reader claims; NoCable (a SourceError) for a text file no reader claims.

    Compressed files (gzip, bzip2, xz) are judged by their decompressed first bytes.
    A binary file (NUL bytes in its first 8 KiB) goes only to readers of binary
    formats (``binary = True``, e.g. PDF).
    """
    head = read_head(path, _HEAD_BYTES)
    if not head.strip():
        raise SourceError(str(path), "empty file")
    binary = b"\x00" in head[:8192]
    best, score = None, 0.0
    for reader in READERS:
        if binary and not getattr(reader, "binary", False):
            continue
        s = reader.match(path, head)
        if s > score:
            best, score = reader, s
    if best is None and binary:
        raise SourceError(str(path), "binary file (NUL bytes), not a cable")
    if best is None:
        raise NoCable(str(path), "holds no cable: no reader recognizes this text (not a cable page, telegram, "
                                 "dump or archival record)")
    return best


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file under the given files and folders (recursively, sorted, hidden files skipped)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name not in _SKIP_NAMES:
                        yield Path(root) / name
        else:
            yield p


def read_path(path: Path, format: str | None = None,
              on_error: Callable[[RowError], None] | None = None) -> Iterator[RawCable]:
    """The raw cables of one file, with the reader forced by ``format`` or detected.

    Raises SourceError (file and reason) when the file can't be read as cables.
    A broken record of a multi-cable file (`RowError`) does not end the file: it
    is passed to ``on_error`` and skipped; without ``on_error`` it is logged as a
    warning on the ``cablekit.sources`` logger and skipped.

    Example: ``for raw in read_path(Path("cables.csv.gz"), on_error=errors.append): ...``
    """
    reader = reader_named(format) if format else detect(path)
    if not path.exists():
        raise SourceError(str(path), "no such file")
    for item in reader.read(path):
        if isinstance(item, RowError):
            if on_error is None:
                _log.warning("%s", item.to_exception())
            else:
                on_error(item)
        else:
            yield item
