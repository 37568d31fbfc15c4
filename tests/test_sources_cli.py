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
    assert result.exit_code == 0  # holding no cable is no error
    assert result.stdout == ""
    assert result.stderr == (f"cablekit: {SEED}: holds no cable: no cables.csv row found "
                             "(a row starts \"<id>\",\"M/D/YYYY H:MM\",)\n"
                             "cablekit: 0 cables, 1 holding no cable, 0 errors\n")


def test_parse_with_unknown_format_is_a_usage_error():
    result = CliRunner().invoke(cli, ["parse", "--format", "word", str(SEED)])
    assert result.exit_code == 2
    assert "'word' is not one of 'cablegate-html'" in result.output
