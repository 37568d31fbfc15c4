"""The quarantine: rejected inputs kept with file, row, reason and raw text; `cablekit rejects`."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_ingest import SAMPLE

from cablekit.cli import cli

BROKEN_ROW = '"3","1/2/1970 10:00","","Embassy Nowhere","SECRET","","header","body"\n'
SHORT_ROW = '"4","1/3/1970 11:00","70ROME7","Embassy Rome","SECRET"\n'


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _dump(tmp_path: Path) -> Path:
    """The two real sample rows, then a row without reference ID and a row of five columns."""
    dump = tmp_path / "cables.csv"
    dump.write_text(SAMPLE.read_text(encoding="utf-8") + BROKEN_ROW + SHORT_ROW, encoding="utf-8")
    return dump


def test_rejects_lists_each_rejected_row_with_reason_and_counts_them(tmp_path: Path) -> None:
    dump, db = _dump(tmp_path), str(tmp_path / "q.db")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    ingested = run("ingest", "--db", db, "--json", str(dump), str(empty))
    assert ingested.exit_code == 1
    assert json.loads(ingested.stdout)["stored"] == 2 and json.loads(ingested.stdout)["rejected"] == 3
    result = run("rejects", "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"3 rejected inputs in {db}"
    entries = {line.split(": ")[0]: line for line in lines[1:] if not line.startswith("    ")}
    assert set(entries) == {f"{dump} (row 3)", f"{dump} (row 4)", str(empty)}
    assert ": line 157: empty reference ID column  [" in entries[f"{dump} (row 3)"]
    assert f"{empty}: empty file  [" in entries[str(empty)]
    assert f"    {BROKEN_ROW.strip()}" in lines  # the start of the raw text

    data = json.loads(run("rejects", "--db", db, "--json").stdout)
    assert data["total"] == 3
    by_row = {(r["path"], r["row"]): r for r in data["rejects"]}
    assert set(by_row) == {(str(dump), 3), (str(dump), 4), (str(empty), 0)}
    assert by_row[(str(dump), 3)]["excerpt"] == BROKEN_ROW
    assert by_row[(str(dump), 4)]["reason"] == "line 158: expected one row of 8 columns, found 5 columns"
    assert all(r["rejected_at"].endswith("+00:00") for r in data["rejects"])

    limited = run("rejects", "--db", db, "--limit", "1")
    assert limited.stdout.splitlines()[0] == f"3 rejected inputs in {db} (showing the newest 1)"
    assert len(json.loads(run("rejects", "--db", db, "--json", "--limit", "2").stdout)["rejects"]) == 2


def test_a_fixed_row_leaves_the_quarantine_when_stored(tmp_path: Path) -> None:
    dump, db = _dump(tmp_path), str(tmp_path / "fix.db")
    assert run("ingest", "--db", db, str(dump)).exit_code == 1
    dump.write_text(dump.read_text(encoding="utf-8").replace(BROKEN_ROW, BROKEN_ROW.replace('""', '"70PARIS1"', 1)),
                    encoding="utf-8")
    again = run("ingest", "--db", db, str(dump))
    assert "stored 1, replaced 0, unchanged 2, rejected 1," in again.stdout
    data = json.loads(run("rejects", "--db", db, "--json").stdout)
    assert [(r["row"], r["reason"].split(":")[0]) for r in data["rejects"]] == [(4, "line 158")]


def test_no_rejects_and_no_database(tmp_path: Path, corpus_db) -> None:
    result = run("rejects", "--db", str(corpus_db[0]))
    assert (result.exit_code, result.stdout) == (0, f"0 rejected inputs in {corpus_db[0]}\n")
    missing = run("rejects", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1 and "no database" in missing.stderr
