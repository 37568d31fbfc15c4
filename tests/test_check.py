"""`cablekit check` and cablekit.check: field counts, unknown values, references, failures."""
from __future__ import annotations

import json

from click.testing import CliRunner

from cablekit.check import check_cables, check_paths
from cablekit.cli import cli
from cablekit.model import Addressee, Cable, Paragraph, Reference

from conftest import CABLEGATE, SEED, cablegate_file


def _seed_like_cables() -> list[Cable]:
    """Two cables built from real values: the seed's header and tags, and the odd
    values of 10BERLIN128 (TAGS KTIA), 09KABUL1892 (marking N/SF) and a malformed ID."""
    seed = Cable(
        reference_id="09ASTANA2204", classification="SECRET//NOFORN", caveats=["NOFORN", "SIPDIS"],
        tags=["PGOV", "PREL", "PINR", "MARR", "AF", "RS", "UZ", "KZ"], precedence="IMMEDIATE",
        station="RUEHTA", security_line="ZNY SSSSS ZZH", from_=Addressee("AMEMBASSY ASTANA"),
        to=[Addressee("SECSTATE WASHDC", "RUEHC", "IMMEDIATE", 7069)],
        info=[Addressee("CIS COLLECTIVE", "RUCNCIS", None, 2283), Addressee("NSC WASHDC", "RHEHNSC", None, 1841)],
        reasons=["1.4(a)", "1.4(b)", "1.4(d)"], sections=3,
        references=[Reference("A", "STATE 128489", "09STATE128489")],
        paragraphs=[Paragraph(1, "S/NF"), Paragraph(2, "S/NF"), Paragraph(3, "C")],
    )
    odd = Cable(
        reference_id="10BERLIN128", tags=["PTER", "KTFN", "KTIA", "OVIP (CLINTON, HILLARY)"],
        precedence="ROUTINE", to=[Addressee("AMEMBASSY MOSCOW", "ZEN", "NIACT IMMEDIATE"),
                                   Addressee("AMEMBASSY KABUL", "RUEHWEB")],
        references=[Reference(None, "08 MANAMA 492", "08ECTION01OF02MANAMA492")],
        paragraphs=[Paragraph(1, "N/SF"), Paragraph(2, None)],
    )
    return [seed, odd]


def test_report_numbers_on_real_values():
    report = check_cables(_seed_like_cables()).to_dict()
    assert (report["files"], report["cables"], report["skipped"]) == (0, 2, 0)
    fields = report["fields"]
    assert (fields["reference_id"], fields["tags"], fields["station"], fields["sections"], fields["summary"]) == (
        2, 2, 1, 1, 0)
    tags = report["decoding"]["tags"]
    assert (tags["occurrences"], tags["distinct"], tags["unknown"]) == (12, 12, 1)
    assert tags["unknown_values"] == [{
        "value": "KTIA", "count": 1, "examples": ["10BERLIN128"],
        "note": "Not in the TAGS handbook we know; seen once with KTFN and KCRM (10BERLIN128), perhaps KTIP mistyped."}]
    routing = report["decoding"]["routing_indicators"]
    assert (routing["occurrences"], routing["distinct"], routing["unknown"]) == (6, 6, 1)  # ZEN is a signal
    assert routing["unknown_values"][0]["value"] == "RUEHWEB"
    assert routing["unknown_values"][0]["note"].startswith("Not decoded: indicators that occur only on format line 2")
    precedence = report["decoding"]["precedence"]
    assert (precedence["occurrences"], precedence["distinct"], precedence["unknown"]) == (4, 3, 0)
    markings = report["decoding"]["portion_markings"]
    assert (markings["occurrences"], markings["distinct"], markings["unknown"]) == (4, 3, 1)
    assert markings["unknown_values"][0]["note"].startswith("Not decoded: the portion marking N/SF")
    for name in ("classification", "caveats", "reasons", "security_line"):
        assert report["decoding"][name]["unknown"] == 0, name
    assert report["references"] == {"count": 2, "not_canonical": {
        "count": 1, "examples": ["10BERLIN128: 08 MANAMA 492 -> 08ECTION01OF02MANAMA492"]}}
    assert report["failures"] == {"count": 0, "examples": []}


def test_examples_are_capped():
    cables = [Cable(reference_id=f"09KABUL{n}", tags=["KTIA"]) for n in range(1, 6)]
    report = check_cables(cables, examples=2).to_dict()
    assert report["decoding"]["tags"]["unknown_values"][0]["count"] == 5
    assert report["decoding"]["tags"]["unknown_values"][0]["examples"] == ["09KABUL1", "09KABUL2"]


def test_cli_json_on_a_real_subset():
    paths = [str(SEED), str(cablegate_file("10BERLIN128")), str(cablegate_file("09KABUL1892"))]
    result = CliRunner().invoke(cli, ["check", "--json", *paths])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["files"], data["cables"], data["skipped"]) == (3, 3, 0)
    assert data["failures"] == {"count": 0, "examples": []}
    assert {k: data["fields"][k] for k in ("reference_id", "created", "classification", "origin")} == {
        "reference_id": 3, "created": 3, "classification": 3, "origin": 3}
    decoding = data["decoding"]
    assert [v["value"] for v in decoding["tags"]["unknown_values"]] == ["KTIA"]
    assert decoding["tags"]["unknown_values"][0]["examples"] == ["10BERLIN128"]
    assert [(v["value"], v["examples"]) for v in decoding["portion_markings"]["unknown_values"]] == [
        ("N/SF", ["09KABUL1892"])]
    # the seed alone has 18 routing indicators (DE, TO and 16 INFO lines), all in the table
    assert decoding["routing_indicators"]["occurrences"] >= 18
    for name in ("routing_indicators", "precedence", "classification", "reasons", "security_line"):
        assert decoding[name]["unknown"] == 0, name


def test_cli_reports_a_failure_and_exits_1(tmp_path):
    page = cablegate_file("10BERLIN128").read_bytes()
    cut = tmp_path / "10BERLIN128.html"
    cut.write_bytes(page[: len(page) // 2])  # a page cut short mid-download
    result = CliRunner().invoke(cli, ["check", "--json", str(SEED), str(cut)])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert (data["files"], data["cables"], data["failures"]["count"]) == (2, 1, 1)
    assert data["failures"]["examples"][0].startswith(str(cut) + ": truncated HTML page")


def test_cli_terminal_report():
    result = CliRunner().invoke(cli, ["check", str(cablegate_file("10BERLIN128"))])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 files, 1 cables, 0 skipped (no cable), 0 failures")
    assert "Unknown tags: 1 values, 1 occurrences" in result.output
    assert "KTIA" in result.output and "10BERLIN128" in result.output


def test_check_paths_progress_callbacks():
    started: list[int] = []
    done: list[str] = []
    report = check_paths([SEED], on_start=started.append, on_file=lambda p: done.append(p.name))
    assert started == [1] and done == ["09ASTANA2204.txt"] and report.ok


def test_the_corpus_decodes_or_every_unknown_is_explained():
    """The goal of `cablekit check`: on the Cablegate pages and the seed, every TAGS
    code, routing indicator and precedence decodes, or is unknown with a note."""
    data = check_paths([CABLEGATE, SEED]).to_dict()
    assert (data["files"], data["cables"], data["failures"]["count"]) == (1042, 1042, 0)
    decoding = data["decoding"]
    assert decoding["tags"]["occurrences"] > 5000 and decoding["routing_indicators"]["occurrences"] > 7000
    for name in ("routing_indicators", "precedence", "security_line", "classification", "reasons"):
        assert decoding[name]["unknown"] == 0, (name, decoding[name]["unknown_values"][:3])
    for name in ("tags", "portion_markings"):
        unexplained = [v["value"] for v in decoding[name]["unknown_values"] if not v["note"]]
        assert unexplained == [], name
    assert decoding["tags"]["unknown"] < 50
