"""Opening input files, compressed or not, as byte streams.

Dumps travel compressed (``cables.csv.gz``); a reader opens its file with
`open_binary` and never needs to know. The compression is told by the file's
first bytes (gzip ``1f 8b``, bzip2 ``BZh``, xz ``fd 37 7a 58 5a 00``), not its name.

Example: ``with open_binary(Path("cables.csv.gz")) as fh: first = fh.readline()``.
"""
from __future__ import annotations

import bz2
import gzip
import lzma
from pathlib import Path
from typing import BinaryIO

from ..errors import SourceError

_MAGIC = (
    (b"\x1f\x8b", gzip.open, "gzip"),
    (b"BZh", bz2.open, "bzip2"),
    (b"\xfd7zXZ\x00", lzma.open, "xz"),
)
# What a cut-off or corrupt compressed stream raises while being read.
STREAM_ERRORS = (EOFError, OSError, lzma.LZMAError, gzip.BadGzipFile)


def compression_of(path: Path) -> str | None:
    """``"gzip"``, ``"bzip2"``, ``"xz"`` or None (plain), from the first bytes.

    Raises SourceError when the file can't be opened.
    """
    magic = _read_magic(path)
    for prefix, _, name in _MAGIC:
        if magic.startswith(prefix):
            return name
    return None


def open_binary(path: Path) -> BinaryIO:
    """The file's content as a binary stream, decompressed on the fly.

    Raises SourceError (path and reason) when the file can't be opened; a
    compressed stream cut short raises one of `STREAM_ERRORS` while being read.
    """
    magic = _read_magic(path)
    try:
        for prefix, opener, _ in _MAGIC:
            if magic.startswith(prefix):
                return opener(path, "rb")  # type: ignore[return-value]
        return open(path, "rb")
    except OSError as exc:
        raise SourceError(str(path), f"cannot open: {exc.strerror or exc}") from exc


def read_head(path: Path, size: int) -> bytes:
    """Up to ``size`` bytes of the (decompressed) content; raises SourceError when unreadable."""
    with open_binary(path) as fh:
        try:
            return fh.read(size)
        except STREAM_ERRORS as exc:
            raise SourceError(str(path), f"corrupt compressed file: {exc}") from exc


def read_all(path: Path) -> bytes:
    """The whole (decompressed) content; raises SourceError when unreadable or cut short."""
    with open_binary(path) as fh:
        try:
            return fh.read()
        except STREAM_ERRORS as exc:
            raise SourceError(str(path), f"corrupt or truncated compressed file: {exc}") from exc


def _read_magic(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(6)
    except OSError as exc:
        raise SourceError(str(path), f"cannot open: {exc.strerror or exc}") from exc
