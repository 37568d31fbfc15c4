"""Shared pieces of the benchmark scripts: percentiles, the run's environment, tables.

Used by `parse_bench.py` and `bulk_bench.py` (run as scripts from the repository
root; this folder is on ``sys.path`` then). Nothing here measures anything itself.

Example::

    >>> summarize_us([1000, 2000, 3000])["median_us"]
    2.0
"""
from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile (0 < p <= 100) of an ascending sequence.

    Raises ValueError on an empty sequence. Example: ``percentile([1, 2, 3, 4], 50) == 2``.
    """
    if not sorted_values:
        raise ValueError("percentile of no values")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarize_us(samples_ns: Iterable[int]) -> dict[str, float]:
    """Count, median, p95, p99 and max of nanosecond samples, in microseconds (rounded to 0.1).

    Example: ``summarize_us([1500, 2500])`` gives ``{"n": 2, "median_us": 1.5, ...}``.
    """
    values = sorted(samples_ns)
    if not values:
        return {"n": 0, "median_us": 0.0, "p95_us": 0.0, "p99_us": 0.0, "max_us": 0.0}
    return {
        "n": len(values),
        "median_us": round(percentile(values, 50) / 1000, 1),
        "p95_us": round(percentile(values, 95) / 1000, 1),
        "p99_us": round(percentile(values, 99) / 1000, 1),
        "max_us": round(values[-1] / 1000, 1),
    }


def summarize_ms(samples_s: Iterable[float]) -> dict[str, float]:
    """Count, p50, p95 and max of samples in seconds, in milliseconds (rounded to 0.01)."""
    values = sorted(samples_s)
    if not values:
        return {"n": 0, "p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 50) * 1000, 2),
        "p95_ms": round(percentile(values, 95) * 1000, 2),
        "max_ms": round(values[-1] * 1000, 2),
    }


def pin_to_one_cpu() -> int | None:
    """Pin this process to the first CPU it may use (Linux); the CPU number, or None elsewhere."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def environment() -> dict[str, Any]:
    """What the figures depend on: Python, SQLite, CPU, cablekit version, git commit, load average (others' work)."""
    import sqlite3

    import cablekit

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
        dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True,
                                    text=True, timeout=10).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        commit, dirty = None, None
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "cablekit": cablekit.__version__,
        "git_commit": commit,
        "git_dirty": dirty,
        "argv": sys.argv[1:],
        "loadavg_1_5_15": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as indented UTF-8 JSON, creating the parent folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    """Print two-column ``(measure, value)`` rows as a rich table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in rows:
        table.add_row(name, value)
    Console().print(table)
