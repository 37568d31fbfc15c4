"""The ingest pipeline: counts, idempotence, bad input, per-row errors, dump quirks, parallel parsing.

Stopping a run (SIGKILL, Ctrl-C) and running it again: tests/test_ingest_restart.py.
"""
from __future__ import annotations

import gc
import io
import json
import os
import signal
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console
from conftest import BENCH_ROWS, CABLEGATE, FORMATS, SEED, cablegate_file

from cablekit.cli import cli
from cablekit.cli.ingest import PlainReporter, ProgressReporter, progress_line
from cablekit.ingest import Progress, Reporter, content_hash, ingest
from cablekit.ingest_report import interrupt_held
from cablekit.ingest_worker import GC_THRESHOLDS
from cablekit.parse import parse_cable
from cablekit.sources import read_path
from cablekit.store import IngestSummary, open_store

CSV = FORMATS / "cables-csv"
AA = CSV / "None-later__Wikileaks_Processing" / "wikileaks" / "aa"  # rows 1-37, stray quote, last row cut
TINY = CSV / "ahlusar1989__IntroToPython" / "cables_tiny.csv"  # rows 1-12, CRLF
SAMPLE = CSV / "GavinMendelGleason__mapper" / "cables_sample.csv"  # rows 1-2

CHILD_TABLES = ("addressees", "tags", "cable_references", "other_references", "paragraphs", "signers")


def table_counts(db: Path) -> dict[str, object]:
    """Row counts of every table and the latest write times: what an ingest could change."""
    conn = sqlite3.connect(db)
    names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%'")]
    out: dict[str, object] = {n: conn.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
    out["cables.updated_at"] = conn.execute("SELECT max(updated_at) FROM cables").fetchone()[0]
    out["cable_sources.imported_at"] = conn.execute("SELECT max(imported_at) FROM cable_sources").fetchone()[0]
    conn.close()
    return out


def assert_whole_cables(db: Path, *, reparse: bool = False) -> int:
    """The file is sound and every stored cable is whole; returns the number of cables.

    Child rows are counted against each record's lists (paragraphs must be
    numbered 1..n without gaps); with ``reparse`` every cable is also compared
    with a fresh parse of its source file.
    """
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    cables = conn.execute("SELECT count(*) FROM cables").fetchone()[0]
    current = conn.execute("SELECT count(*) FROM cables c JOIN cable_versions v ON v.id = c.version_id "
                           "AND v.cable = c.reference_id AND v.content_hash = c.content_hash "
                           "AND v.record IS NULL").fetchone()[0]
    assert current == cables  # every cable's current version, whose record is the cables row
    assert conn.execute("SELECT count(*) FROM cable_versions WHERE record IS NULL").fetchone()[0] == cables
    assert conn.execute("SELECT count(DISTINCT cable) FROM cable_sources").fetchone()[0] == cables
    expected = {t: 0 for t in CHILD_TABLES if t != "paragraphs"}
    for (record,) in conn.execute("SELECT record FROM cables"):
        r = json.loads(record)
        expected["addressees"] += len(r["to"]) + len(r["info"]) + (1 if r["from"] else 0)
        expected["tags"] += len(r["tags"])
        expected["cable_references"] += len(r["references"])
        expected["other_references"] += len(r["other_references"])
        expected["signers"] += len(r["signers"])
    for table, n in expected.items():
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n, table
    orphans = " UNION ALL ".join(f"SELECT cable FROM {t} WHERE cable NOT IN (SELECT reference_id FROM cables)"
                                 for t in CHILD_TABLES)
    assert conn.execute(orphans).fetchall() == []
    gaps = conn.execute("SELECT cable FROM paragraphs GROUP BY cable HAVING max(position) != count(*)").fetchall()
    assert gaps == []
    if reparse:
        raws = {}
        with open_store(db, read_only=True) as store:
            for rid, source, row in conn.execute("SELECT c.reference_id, v.source, v.row FROM cables c "
                                                 "JOIN cable_versions v ON v.id = c.version_id"):
                if source not in raws:
                    raws[source] = {r.row: r for r in read_path(Path(source))}
                assert store.get(rid) == parse_cable(raws[source][row]), rid
    conn.close()
    return cables


def snapshot(db: Path) -> dict[str, list]:
    """What an archive holds, without the times of import: to compare two archives."""
    conn = sqlite3.connect(db)
    out = {
        "cables": conn.execute("SELECT reference_id, content_hash, source, record, header, body FROM cables "
                               "ORDER BY reference_id").fetchall(),
        "versions": conn.execute("SELECT cable, content_hash, source, format, row, record FROM cable_versions "
                                 "ORDER BY cable, id").fetchall(),
        "sources": conn.execute("SELECT cable, path, row, format FROM cable_sources ORDER BY 1, 2, 3").fetchall(),
        "rejects": conn.execute("SELECT path, row, reason FROM rejects ORDER BY 1, 2").fetchall(),
    }
    for table in CHILD_TABLES:  # paragraphs.id is a row number: left out
        columns = "cable, position, number, marking, text" if table == "paragraphs" else "*"
        out[table] = conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2, 3").fetchall()
    conn.close()
    return out


def test_corpus_and_seed_store_1042_cables_without_rejects(corpus_db) -> None:
    db, summary = corpus_db
    assert (summary.stored, summary.replaced, summary.unchanged) == (1042, 0, 0)
    assert (summary.rejected, summary.no_cable) == (0, 0)
    assert assert_whole_cables(db) == 1042
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM rejects").fetchone()[0] == 0
    assert conn.execute("SELECT source_format, count(*) FROM cables GROUP BY 1 ORDER BY 1").fetchall() == [
        ("cablegate-html", 1041), ("wikileaks-text", 1)]
    assert conn.execute("SELECT count(*) FROM addressees WHERE cable = '09ASTANA2204'").fetchone()[0] == 18


def test_second_ingest_changes_nothing(corpus_db, tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    with sqlite3.connect(corpus_db[0]) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    before = table_counts(db)
    with open_store(db) as store:
        summary = ingest(store, [CABLEGATE, SEED])
    assert (summary.stored, summary.replaced, summary.unchanged, summary.rejected) == (0, 0, 1042, 0)
    assert table_counts(db) == before


def test_content_hash_ignores_path_and_format(tmp_path: Path) -> None:
    page = cablegate_file("09USNATO588")
    copy = tmp_path / "elsewhere.html"
    copy.write_bytes(page.read_bytes())
    a, b = next(read_path(page)), next(read_path(copy))
    assert a.path != b.path and content_hash(a) == content_hash(b)
    b.body += "\nEXTRA"
    assert content_hash(a) != content_hash(b)


def test_content_hash_of_the_seed_page_is_the_one_archives_hold() -> None:
    # sha256 of the compact, key-sorted JSON of metadata, header and body: archives written by
    # earlier versions find their texts by it, so it must not change with the JSON library
    assert content_hash(next(read_path(SEED))) == "2c3c2e53a95ecb8ad23c5c199e278fcdba0ac74d313513185cd4c01a9fba9eb8"
    raw = next(read_path(SEED))
    raw.metadata["note"] = "\ud800"  # text orjson refuses: the json module's rule, as before
    with pytest.raises(UnicodeEncodeError):
        content_hash(raw)


def test_ingest_collects_garbage_less_often_and_puts_the_thresholds_back(tmp_path: Path) -> None:
    before = gc.get_threshold()
    seen = []

    class Watch(Reporter):
        def advanced(self, progress: Progress) -> None:
            seen.append(gc.get_threshold())

    with open_store(tmp_path / "gc.db") as store:
        ingest(store, [SEED], reporter=Watch())
    assert seen and set(seen) == {GC_THRESHOLDS} and GC_THRESHOLDS != before
    assert gc.get_threshold() == before


def test_reparse_rewrites_records_the_parser_now_reads_differently(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    with open_store(db) as store:
        ingest(store, [SEED])
    with sqlite3.connect(db) as conn:  # as if an older parser had stored other values
        conn.execute("UPDATE cables SET subject = 'OLD', record = json_set(record, '$.subject', 'OLD')")
    with open_store(db) as store:
        assert ingest(store, [SEED]).unchanged == 1
        assert store.get("09ASTANA2204").subject == "OLD"
        summary = ingest(store, [SEED], reparse=True)
        assert (summary.reparsed, summary.unchanged, summary.replaced) == (1, 0, 0)
        assert store.get("09ASTANA2204").subject.startswith("KAZAKHSTAN: TERRORISM AND SECURITY CONCERNS")
        assert ingest(store, [SEED], reparse=True).unchanged == 1
    assert assert_whole_cables(db, reparse=True) == 1


def _bad_inputs(folder: Path) -> dict[str, Path]:
    """A folder of bad files: empty, binary, a truncated page and a text that is no cable."""
    folder.mkdir()
    page = cablegate_file("09USNATO588").read_bytes()
    files = {
        "empty": folder / "empty.html",
        "binary": folder / "image.bin",
        "truncated": folder / "truncated.html",
        "prose": folder / "notes.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    files["truncated"].write_bytes(page[:page.index(b"<pre") + 400])
    files["prose"].write_text("Shopping list\n\nMilk, eggs and bread.\nCall the plumber on Tuesday.\n")
    return files


def test_bad_files_are_reported_one_line_each_and_the_others_stored(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path / "bad")
    good = [cablegate_file("09USNATO588"), SEED]
    db = tmp_path / "b.db"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), "--json", str(bad["empty"].parent), *map(str, good)])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert (summary["stored"], summary["rejected"] + summary["no_cable"]) == (2, 4)
    problems = [line for line in result.stderr.splitlines() if " cables (" not in line]  # not progress lines
    assert len(problems) == 4
    by_file = {line.split(": ")[1]: line for line in problems}
    assert set(by_file) == {str(p) for p in bad.values()}
    assert by_file[str(bad["empty"])] == f"cablekit: {bad['empty']}: empty file"
    assert by_file[str(bad["binary"])].startswith(f"cablekit: {bad['binary']}: binary file")
    assert "truncated" in by_file[str(bad["truncated"])]
    assert all(len(line.split(": ", 2)[2]) > 5 for line in problems)  # each says why
    conn = sqlite3.connect(db)
    assert sorted(r for (r,) in conn.execute("SELECT reference_id FROM cables")) == ["09ASTANA2204", "09USNATO588"]
    rejects = dict(conn.execute("SELECT path, reason FROM rejects").fetchall())
    assert set(rejects) <= {str(p) for p in bad.values()} and len(rejects) == summary["rejected"]
    assert rejects[str(bad["empty"])] == "empty file"
    excerpt = conn.execute("SELECT excerpt FROM rejects WHERE path = ?", (str(bad["truncated"]),)).fetchone()[0]
    assert excerpt.startswith("<?xml") or excerpt.lstrip().startswith("<")


def test_a_page_without_a_cable_is_counted_apart_and_not_an_error(tmp_path: Path) -> None:
    page = tmp_path / "about.html"
    page.write_text("<!DOCTYPE html><html><head><title>About</title></head><body><p>About us</p></body></html>\n")
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "n.db"), str(page), str(SEED)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("stored 1, replaced 0, unchanged 0, rejected 0, no cable 1 in ")
    assert f"cablekit: {page}: " in result.stderr and "no cable" in result.stderr


def test_a_broken_row_of_a_dump_is_rejected_with_its_row_and_the_rest_stored(tmp_path: Path) -> None:
    sample = next((FORMATS / "cables-csv").rglob("cables_sample.csv")).read_text(encoding="utf-8")
    dump = tmp_path / "cables.csv"
    dump.write_text(sample + '"3","1/2/1970 10:00","","Embassy Nowhere","SECRET","","header","body"\n',
                    encoding="utf-8")
    db = tmp_path / "d.db"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), str(dump)])
    assert result.exit_code == 1, result.output
    assert "stored 2, replaced 0, unchanged 0, rejected 1," in result.stdout
    assert f"cablekit: {dump} (row 3): " in result.stderr
    conn = sqlite3.connect(db)
    assert sorted(r for (r,) in conn.execute("SELECT reference_id FROM cables")) == ["66BUENOSAIRES2481",
                                                                                     "72TEHRAN1164"]
    assert conn.execute("SELECT path, row FROM rejects").fetchall() == [(str(dump), 3)]
    assert conn.execute("SELECT row FROM cable_sources ORDER BY row").fetchall() == [(1,), (2,)]


def test_dump_quirks_through_ingest_every_row_stored_or_counted(tmp_path: Path) -> None:
    db = tmp_path / "dump.db"
    with open_store(db) as store:
        first = ingest(store, [AA], jobs=2, chunk_size=5, batch_size=7)
        # 37 rows: a stray quote line before row 1, row 37 without its closing quote, and rows
        # 29-30 two texts of 85MOGADISHU1643 (the later one adds NOFORN): stored, then replaced
        assert (first.stored, first.replaced, first.unchanged, first.rejected) == (36, 1, 0, 0)
        second = ingest(store, [TINY, SAMPLE], jobs=2, chunk_size=5)  # the same rows again, CRLF
        assert (second.stored, second.replaced, second.unchanged, second.rejected) == (0, 0, 14, 0)
        assert "N O F O R N" in store.get("85MOGADISHU1643").body
        assert store.get("85CAIRO6360").body.rstrip().endswith("COMMENT. \n \n  \nLYNE")  # the row cut at the end
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT path, count(*), min(row), max(row) FROM cable_sources GROUP BY path").fetchall()
    assert sorted(rows) == sorted([(str(AA), 37, 1, 37), (str(TINY), 12, 1, 12), (str(SAMPLE), 2, 1, 2)])
    assert conn.execute("SELECT row FROM cable_versions WHERE cable = '85MOGADISHU1643' ORDER BY id").fetchall() == [
        (29,), (30,)]
    conn.close()
    assert assert_whole_cables(db, reparse=True) == 36


def test_parallel_and_serial_ingest_store_the_same(tmp_path: Path, bench_csv: Path) -> None:
    snapshots = []
    for jobs in (1, 2):
        db = tmp_path / f"jobs{jobs}.db"
        with open_store(db) as store:
            summary = ingest(store, [bench_csv, AA], jobs=jobs, chunk_size=64, batch_size=300)
        assert summary.rejected == 0 and summary.stored + summary.replaced + summary.unchanged == BENCH_ROWS + 37
        snapshots.append(snapshot(db))
        assert assert_whole_cables(db) == summary.stored
    assert snapshots[0] == snapshots[1]
    with open_store(db) as store:  # the same parser again: every record parsed anew is the same
        again = ingest(store, [bench_csv, AA], jobs=2, reparse=True)
    assert (again.reparsed, again.unchanged, again.stored) == (0, BENCH_ROWS + 37, 0)
    assert snapshot(db) == snapshots[1]


class _Recorder(Reporter):
    def __init__(self) -> None:
        self.calls: list[Progress] = []
        self.total: Progress | None = None

    def start(self, progress: Progress) -> None:
        self.total = progress

    def advanced(self, progress: Progress) -> None:
        self.calls.append(progress)


def test_progress_counts_bytes_read_up_to_the_file_size(tmp_path: Path, bench_csv: Path) -> None:
    recorder = _Recorder()
    with open_store(tmp_path / "p.db") as store:
        summary = ingest(store, [bench_csv], jobs=2, chunk_size=50, batch_size=100, reporter=recorder)
    size = bench_csv.stat().st_size
    assert recorder.total is not None and recorder.total.bytes_total == size and recorder.total.files_total == 1
    read = [p.bytes_read for p in recorder.calls]
    assert len(read) >= BENCH_ROWS // 100 and read == sorted(read) and 0 < read[0] < size
    last = recorder.calls[-1]
    assert (last.bytes_read, last.files_done, last.cables, last.summary.stored) == (size, 1, BENCH_ROWS, summary.stored)
    assert last.eta_seconds == 0 and last.cables_per_second > 0


def test_a_rerun_of_a_dump_parses_nothing_and_changes_nothing(tmp_path: Path, bench_csv: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "again.db"
    with open_store(db) as store:
        assert ingest(store, [bench_csv], jobs=2).stored == BENCH_ROWS
    before = table_counts(db)
    monkeypatch.setattr("cablekit.ingest_worker.parse_cable", _no_parse)  # known texts are not parsed again
    with open_store(db) as store:
        summary = ingest(store, [bench_csv], jobs=1)
    assert (summary.stored, summary.replaced, summary.unchanged, summary.rejected) == (0, 0, BENCH_ROWS, 0)
    assert table_counts(db) == before


def _no_parse(raw):
    raise AssertionError(f"parsed again: {raw.path} row {raw.row}")


def test_progress_line_gives_rate_bytes_and_time_left() -> None:
    p = Progress(files_total=1, bytes_total=1_732_522_676, cables=125_000, bytes_read=866_261_338, seconds=100.0,
                 summary=IngestSummary(stored=123_990, replaced=10))
    assert progress_line(p) == ("125,000 cables (1,250/s), 866.3 of 1,732.5 MB (8.7 MB/s), 0/1 files, "
                                "stored 123990, replaced 10, unchanged 0, rejected 0, ETA 1:40")
    assert p.eta_seconds == pytest.approx(100.0)
    assert Progress().eta_seconds is None


def test_reporters_print_lines_or_a_bar(tmp_path: Path, bench_csv: Path, capsys: pytest.CaptureFixture) -> None:
    with open_store(tmp_path / "plain.db") as store:
        ingest(store, [bench_csv], jobs=2, batch_size=200, reporter=PlainReporter(interval=0))
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) >= BENCH_ROWS // 200 and all(line.startswith("cablekit: ") for line in lines)
    assert lines[-1].startswith(f"cablekit: {BENCH_ROWS} cables (") and ", 1/1 files, stored " in lines[-1]
    screen = io.StringIO()
    bar = ProgressReporter(Console(file=screen, force_terminal=True, width=150))
    with open_store(tmp_path / "bar.db") as store:
        ingest(store, [bench_csv], jobs=2, batch_size=200, reporter=bar)
    bar.stop()
    shown = screen.getvalue()
    assert "ingest" in shown and f"{BENCH_ROWS} cables" in shown and "MB/s" in shown and "ETA" in shown


def test_ctrl_c_while_a_batch_is_written_comes_after_it_is_counted() -> None:
    done = []
    with pytest.raises(KeyboardInterrupt):
        with interrupt_held():
            os.kill(os.getpid(), signal.SIGINT)  # arrives mid-batch
            done.append("counted")
    assert done == ["counted"]
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a background job ignores Ctrl-C: it still does
    try:
        with interrupt_held():
            os.kill(os.getpid(), signal.SIGINT)
            done.append("again")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert done == ["counted", "again"]
