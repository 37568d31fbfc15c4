"""An ingest stopped midway (SIGKILL, Ctrl-C) leaves whole cables, and running it again finishes the job.

The dump is a small cables.csv from bench/make_fullsize_corpus.py followed by
the 37 real rows of ../shared/corpus/formats/cables-csv/.../aa (cut artifacts,
a reference ID twice); the finished archive must equal the one a single
uninterrupted run makes.
"""
from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import BENCH_ROWS, REPO
from test_ingest import AA, assert_whole_cables, snapshot

from cablekit.ingest import ingest
from cablekit.store import open_store

_DEADLINE_SECONDS = 120


@pytest.fixture(scope="module")
def dump(bench_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated rows, then the real rows of ``aa`` (numbered on from there)."""
    out = tmp_path_factory.mktemp("restart") / "cables.csv"
    out.write_bytes(bench_csv.read_bytes() + AA.read_bytes().removeprefix(b'"\n'))
    return out


@pytest.fixture(scope="module")
def reference(dump: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What one uninterrupted run stores."""
    db = tmp_path_factory.mktemp("reference") / "cables.db"
    with open_store(db) as store:
        summary = ingest(store, [dump], jobs=2)
    assert summary.rejected == 0 and summary.stored > BENCH_ROWS
    return snapshot(db)


def _start(db: Path, dump: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    # A shell that starts a job in the background (as CI may) ignores SIGINT in it, and an
    # ignored signal stays ignored in children: give the ingest Python's normal Ctrl-C.
    return subprocess.Popen([sys.executable, "-m", "cablekit", "ingest", "--db", str(db), "--jobs", "2",
                             "--batch-size", "40", "--format", "cables-csv", str(dump)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for_cables(db: Path, proc: subprocess.Popen, at_least: int) -> int:
    """Poll the archive until ``at_least`` cables are committed; the count seen."""
    deadline = time.monotonic() + _DEADLINE_SECONDS
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the ingest ended before it could be stopped"
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            n = conn.execute("SELECT count(*) FROM cables").fetchone()[0]
            conn.close()
        except sqlite3.OperationalError:  # not created yet
            n = 0
        if n >= at_least:
            return n
        time.sleep(0.01)
    raise AssertionError(f"fewer than {at_least} cables after {_DEADLINE_SECONDS} s")


def _finish(db: Path, dump: Path, stored_before: int) -> None:
    """Run the same ingest again: it completes the archive without parsing what is stored."""
    with open_store(db) as store:
        summary = ingest(store, [dump], jobs=2)
    assert summary.rejected == 0
    assert summary.unchanged >= stored_before  # the committed cables are known, not stored twice


def test_sigkill_midway_then_rerun_gives_the_uninterrupted_archive(dump: Path, reference: dict,
                                                                   tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    proc = _start(db, dump)
    _wait_for_cables(db, proc, 80)
    workers = psutil.Process(proc.pid).children()
    assert len(workers) == 3  # the reader and two parse workers
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    _, alive = psutil.wait_procs(workers, timeout=10)  # orphaned workers notice and end
    assert alive == []
    stored = assert_whole_cables(db)
    assert 80 <= stored < len(reference["cables"])
    _finish(db, dump, stored)
    assert snapshot(db) == reference
    assert_whole_cables(db, reparse=True)


def test_ctrl_c_midway_stops_cleanly_then_rerun_gives_the_uninterrupted_archive(dump: Path, reference: dict,
                                                                               tmp_path: Path) -> None:
    db = tmp_path / "interrupted.db"
    proc = _start(db, dump)
    _wait_for_cables(db, proc, 80)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=_DEADLINE_SECONDS)
    assert proc.returncode == 130, err
    assert out == ""
    assert "cablekit: interrupted; committed so far: stored " in err
    assert "run the same command again to finish" in err
    assert "Traceback" not in err
    stored = assert_whole_cables(db)
    assert 80 <= stored < len(reference["cables"])
    said = re.search(r"committed so far: stored ([\d,]+)", err)
    assert said and int(said.group(1).replace(",", "")) == stored  # what it says is what it committed
    _finish(db, dump, stored)
    assert snapshot(db) == reference
