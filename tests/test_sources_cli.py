"""`cablekit formats` and the ``--format`` option."""
from __future__ import annotations

import json

from click.testing import CliRunner

from cablekit.cli import cli
from cablekit.sources import READERS

from conftest import SEED


def test_formats_lists_every_reader_in_detection_order():
    result = CliRunner().invoke(cli, ["formats"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == [r.name for r in READERS]
    assert any(line.startswith("wikileaks-text  ") and "Cable title" in line for line in lines)


def test_formats_json():
    result = CliRunner().invoke(cli, ["formats", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data == [{"name": r.name, "description": r.description} for r in READERS]
    assert {"cablegate-html", "cables-csv", "wikileaks-text", "telegram"} <= {d["name"] for d in data}


def test_parse_with_forced_format():
    result = CliRunner().invoke(cli, ["parse", "--no-text", "--format", "cables-csv", str(SEED)])
    assert result.exit_code == 1  # no error, but nothing matched: no record printed
    assert result.stdout == ""
    assert result.stderr == (f"cablekit: {SEED}: holds no cable: no cables.csv row found "
                             "(a row starts \"<id>\",\"M/D/YYYY H:MM\",)\n"
                             "cablekit: 0 cables, 1 holding no cable, 0 errors\n")


def test_parse_exits_1_when_no_record_is_printed_and_0_when_some_are(shared):
    notes = shared / "gold" / "README.md"  # a text that is no cable
    alone = CliRunner().invoke(cli, ["parse", "--no-text", str(notes)])
    assert (alone.exit_code, alone.stdout) == (1, "")
    assert alone.stderr.endswith("cablekit: 0 cables, 1 holding no cable, 0 errors\n")
    mixed = CliRunner().invoke(cli, ["parse", "--no-text", str(notes), str(SEED)])
    assert mixed.exit_code == 0
    assert [json.loads(line)["reference_id"] for line in mixed.stdout.splitlines()] == ["09ASTANA2204"]
    assert mixed.stderr.endswith("cablekit: 1 cable, 1 holding no cable, 0 errors\n")


def test_parse_with_unknown_format_is_a_usage_error():
    result = CliRunner().invoke(cli, ["parse", "--format", "word", str(SEED)])
    assert result.exit_code == 2
    assert "'word' is not one of 'cablegate-html'" in result.output
