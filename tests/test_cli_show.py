"""`cablekit show`: metadata block, decoded header, body; --json; unknown and malformed IDs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FORMATS, SEED

from cablekit.cli import cli
from cablekit.parse import parse_cable
from cablekit.sources import read_path


@pytest.fixture(scope="module")
def show(corpus_db):
    db = str(corpus_db[0])
    return lambda *args: CliRunner().invoke(cli, ["show", "--db", db, *args])


def test_show_prints_metadata_header_and_body(show) -> None:
    result = show("09astana2204")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "09ASTANA2204"
    assert lines[1].startswith("KAZAKHSTAN: TERRORISM AND SECURITY CONCERNS INFLUENCE")
    meta = {line[:17].strip(): line[17:] for line in lines[3:lines.index("Header") - 1]}
    assert meta["Created"] == "2009-12-23 09:37 UTC"
    assert meta["Classification"] == "SECRET//NOFORN"
    assert meta["Origin"] == "Embassy Astana"
    assert meta["Source"].endswith("09ASTANA2204.txt (wikileaks-text)")
    header = lines[lines.index("Header"):lines.index("Body")]
    assert "Transmission ID  VZCZCXRO3973" in header
    assert "DTG              230937Z DEC 09" in header
    assert "Precedence       IMMEDIATE" in header
    rows = [re.split(r"\s{2,}", line.strip()) for line in header]
    assert ["TO", "RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "7069"] in rows
    assert ["INFO", "RUCNCIS", "CIS COLLECTIVE", "2283"] in rows
    assert ["RHMFISS", "CDR USTRANSCOM SCOTT AFB IL"] in rows
    assert sum(1 for r in rows if r[0] in ("FM", "TO", "INFO") or r[0].startswith(("RU", "RH"))) == 18
    body = "\n".join(lines[lines.index("Body") + 1:])
    assert "Embassy Astana will continue to place highest priority" in body
    assert body.rstrip().endswith("HOAGLAND")


def test_show_json_prints_the_record(show) -> None:
    result = show("09ASTANA2204", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == parse_cable(next(read_path(SEED))).to_dict()


def test_unknown_id_is_an_error_naming_the_database(show, corpus_db) -> None:
    result = show("09xxx1")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"no cable 09XXX1 in {corpus_db[0]}" in result.stderr


def test_malformed_id_and_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = next((FORMATS / "cablegate-html-final-release").rglob("7575LIBREVILLE1895.html"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(page)], env={"CABLEKIT_DB": None}).exit_code == 0
    assert (tmp_path / "cables.db").is_file()
    result = runner.invoke(cli, ["show", "7575libreville1895"], env={"CABLEKIT_DB": None})
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "75LIBREVILLE1895"
    assert "Aliases          7575LIBREVILLE1895" in result.stdout
    missing = runner.invoke(cli, ["show", "75LIBREVILLE1895", "--db", "other.db"])
    assert missing.exit_code == 1 and "no database other.db" in missing.stderr
