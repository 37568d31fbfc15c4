"""Reader registry: pick the reader for a file by score, walk folders.

Each reader module defines one class following `cablekit.sources.base.Reader`;
`READERS` lists them. `detect()` asks every reader's ``match()`` for a score and
takes the highest (the pattern of ingest-file's ``Manager.auction``).

Example: ``for raw in read_path(Path("../shared/corpus/cablegate")): ...``
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import SourceError
from .base import RawCable, Reader
from .cablegate import CablegateHtmlReader

READERS: list[Reader] = [CablegateHtmlReader()]

_HEAD_BYTES = 64 * 1024
_SKIP_NAMES = {"PROVENANCE.md", "README.md", ".DS_Store"}


def reader_named(name: str) -> Reader:
    """The reader called ``name``; raises KeyError listing the known names."""
    for reader in READERS:
        if reader.name == name:
            return reader
    raise KeyError(f"unknown format {name!r}; known: {', '.join(r.name for r in READERS)}")


def detect(path: Path) -> Reader:
    """The best-scoring reader for ``path``; raises SourceError when none claims it."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise SourceError(str(path), f"cannot open: {exc.strerror or exc}") from exc
    if not head.strip():
        raise SourceError(str(path), "empty file")
    if b"\x00" in head[:8192]:
        raise SourceError(str(path), "binary file (NUL bytes), not a cable")
    best, score = None, 0.0
    for reader in READERS:
        s = reader.match(path, head)
        if s > score:
            best, score = reader, s
    if best is None:
        raise SourceError(str(path), "no reader recognizes this file (not a cable page, telegram or dump)")
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


def read_path(path: Path, format: str | None = None) -> Iterator[RawCable]:
    """The raw cables of one file, with the reader forced by ``format`` or detected.

    Raises SourceError (file and reason) when the file can't be read as cables.
    """
    reader = reader_named(format) if format else detect(path)
    if not path.exists():
        raise SourceError(str(path), "no such file")
    yield from reader.read(path)
