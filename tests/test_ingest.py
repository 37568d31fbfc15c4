"""The ingest pipeline: counts, idempotence, bad input, per-row errors, crash safety."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import CABLEGATE, FORMATS, REPO, SEED, cablegate_file

from cablekit.cli import cli
from cablekit.ingest import content_hash, ingest
from cablekit.parse import parse_cable
from cablekit.sources import iter_files, read_path
from cablekit.store import open_store

CHILD_TABLES = ("addressees", "tags", "cable_references", "other_references", "paragraphs", "signers")


def table_counts(db: Path) -> dict[str, object]:
    """Row counts of every table and the latest write times: what an ingest could change."""
    conn = sqlite3.connect(db)
    names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'cables_fts%' AND name NOT LIKE 'sqlite_%'")]
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
    conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")
    cables = conn.execute("SELECT count(*) FROM cables").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM cables_fts_docsize").fetchone()[0] == cables
    assert conn.execute("SELECT count(*) FROM cable_versions").fetchone()[0] == cables
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
        with open_store(db, read_only=True) as store:
            for rid, source in conn.execute("SELECT reference_id, source FROM cables"):
                assert store.get(rid) == parse_cable(next(read_path(Path(source)))), rid
    conn.close()
    return cables


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
    problems = [line for line in result.stderr.splitlines() if not line.endswith("committed")]
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


def test_an_ingest_killed_midway_leaves_only_whole_cables(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cablekit", "ingest", "--db", str(db), "--batch-size", "25", str(CABLEGATE)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    committed = 0
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.rstrip().endswith("committed"):
            committed += 1
            if committed == 3:
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    cables = assert_whole_cables(db, reparse=True)
    assert 75 <= cables < 1041 and cables % 25 == 0  # whole batches only
    files = list(iter_files([CABLEGATE]))
    with open_store(db) as store:  # the file takes further ingests: done files unchanged, the rest stored
        summary = ingest(store, [files[0], files[-1]])
    assert (summary.stored, summary.unchanged) == (1, 1)
    assert assert_whole_cables(db) == cables + 1
