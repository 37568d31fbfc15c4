"""How far an ingest has got: counts, bytes of input read, rate and ETA.

`Progress` is the snapshot a reporter gets; `ReadPosition` tells how many
bytes of an input file a reader has consumed so far. On Linux that is the
file offset of the reader's own open file (``/proc/self/fdinfo``), which for
a compressed dump is the offset in the compressed file, so bytes read and the
file size agree and the ETA holds for ``cables.csv.gz`` too; elsewhere it is
estimated from the length of the texts read.

Example::

    p = Progress(files_total=1, bytes_total=1_748_844_307, bytes_read=874_422_153, seconds=60.0)
    p.eta_seconds   # 60.0
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .sources.base import RawCable
from .store.base import IngestSummary

_PROC_FD = Path("/proc/self/fd")
_PROC_FDINFO = Path("/proc/self/fdinfo")
_ROW_OVERHEAD = 48  # bytes of quoting, separators and columns around a cables.csv row's texts


@dataclass
class Progress:
    """A snapshot of an ingest run.

    files_done/files_total: input files finished / found; cables: raw cables
    read so far (parsed or known); bytes_read/bytes_total: bytes of the input
    files (as stored on disk: compressed for a ``.gz``); seconds: since the
    start; summary: the counts committed so far (stored, unchanged, ...).
    """

    files_total: int = 0
    bytes_total: int = 0
    files_done: int = 0
    cables: int = 0
    bytes_read: int = 0
    seconds: float = 0.0
    summary: IngestSummary = field(default_factory=IngestSummary)

    @property
    def cables_per_second(self) -> float:
        """Cables read per second since the start."""
        return self.cables / self.seconds if self.seconds > 0 else 0.0

    @property
    def mb_per_second(self) -> float:
        """Megabytes (10^6 bytes) of input read per second since the start."""
        return self.bytes_read / 1e6 / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the mean rate so far (bytes read vs bytes in all), or None before any."""
        if self.bytes_read <= 0 or self.seconds <= 0 or self.bytes_total <= 0:
            return None
        left = max(self.bytes_total - self.bytes_read, 0)
        return left * self.seconds / self.bytes_read


class ReadPosition:
    """Bytes of one input file consumed so far by the reader that has it open.

    Call `observe` after each raw cable the reader yields and `bytes_read` when
    a figure is wanted; the figure never exceeds the file size.
    """

    def __init__(self, path: Path, size: int) -> None:
        self.size = size
        self._target = str(path.resolve())
        self._fd: int | None = None
        self._looked = False
        self._estimate = 0

    def observe(self, raw: RawCable) -> None:
        """Count one raw cable's text for the estimate (used where /proc is missing)."""
        self._estimate += len(raw.header) + len(raw.body) + _ROW_OVERHEAD
        for value in raw.metadata.values():
            self._estimate += len(value)

    def bytes_read(self) -> int:
        """The reader's offset in the file, else the estimate; at most the file size."""
        if not self._looked:
            self._looked = True
            self._fd = _find_fd(self._target)
        if self._fd is not None:
            offset = _fd_offset(self._fd)
            if offset is not None:
                return min(offset, self.size)
            self._fd = None
        return min(self._estimate, self.size)


def _find_fd(target: str) -> int | None:
    """The descriptor of this process that has ``target`` open (the reader's), or None."""
    try:
        names = os.listdir(_PROC_FD)
    except OSError:
        return None
    for name in names:
        try:
            if os.readlink(_PROC_FD / name) == target:
                return int(name)
        except (OSError, ValueError):
            continue
    return None


def _fd_offset(fd: int) -> int | None:
    """The file offset of descriptor ``fd`` (``pos:`` of /proc/self/fdinfo), or None."""
    try:
        with open(_PROC_FDINFO / str(fd), encoding="ascii") as fh:
            for line in fh:
                if line.startswith("pos:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None
