"""The gold set: every field of the 17 hand-checked cables, through `cablekit parse`.

`goldcheck.py` (../shared/tools) runs the command on every gold source and compares
field by field; it exits 0 only when every field of every cable is right. The
tests below add the body fields goldcheck does not see (banner, caveats,
summary, comments, paragraph text, the clean body) on the same cables.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SHARED, gold_path

from cablekit.parse import parse_cable
from cablekit.sources import read_path

CABLEKIT = Path(sys.executable).parent / "cablekit"
BODY_FIELDS = ["subject", "tags", "references", "other_references", "classified_by", "reasons",
               "declassify_on", "sections", "paragraphs", "signers"]


def test_goldcheck_every_field_right():
    proc = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "goldcheck.py"), "--cmd", f"{CABLEKIT} parse", "-v"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "cables with every field right: 17/17" in proc.stdout


@pytest.fixture(scope="module")
def parsed(gold) -> dict:
    """Each gold cable parsed in-process: reference ID -> Cable."""
    out = {}
    for record in gold:
        cable = parse_cable(next(read_path(gold_path(record["source"]))))
        out[record["reference_id"]] = cable
    return out


def comparable(name: str, value):
    if name == "references":
        return [r.reference_id for r in value]
    if name == "other_references":
        return [o.text for o in value]
    if name == "paragraphs":
        return [{"number": p.number, "marking": p.marking} for p in value]
    return value


@pytest.mark.parametrize("name", BODY_FIELDS)
def test_body_field_matches_gold(gold, parsed, name):
    for record in gold:
        cable = parsed[record["reference_id"]]
        assert comparable(name, getattr(cable, name)) == record[name], (record["reference_id"], name)


# (cable) -> (banner classification, post, serial, caveats)
BANNERS = {
    "09ASTANA2204": ("SECRET", "ASTANA", 2204, ["NOFORN", "SIPDIS"]),
    "66BUENOSAIRES2481": ("UNCLASSIFIED", "BUENOS AIRES", 2481, []),
    "00HARARE6677": ("CONFIDENTIAL", "HARARE", 6677, ["SIPDIS"]),
    "09MUNICH25": ("UNCLAS", "MUNICH", 25, ["SBU", "SIPDIS"]),
    "09STATE15113": ("SECRET", "STATE", 15113, ["NOFORN"]),
    "09USNATO588": ("SECRET", "USNATO", 588, ["SIPDIS"]),
}


@pytest.mark.parametrize("cable", sorted(BANNERS))
def test_banner_and_caveats(cable):
    from cablekit.parse.body import parse_body

    source = {"09ASTANA2204": "pages/09ASTANA2204.txt"}.get(cable)
    path = gold_path(source) if source else next(SHARED.glob(f"corpus/cablegate/cable/*/*/{cable}.html"))
    raw = next(read_path(path))
    b = parse_body(raw.body, year=2000 + int(cable[:2]) if int(cable[:2]) < 50 else 1900 + int(cable[:2]))
    assert (b.banner_classification, b.banner_post, b.banner_serial, b.caveats) == BANNERS[cable]


def test_summaries_and_comments(parsed):
    assert parsed["09TRIPOLI65"].summary.startswith("While Libya has a number of other pressing foreign policy")
    assert parsed["09TRIPOLI65"].comments[0].startswith("Despite the GOL’s strategic decision in 2003")
    assert parsed["00HARARE6677"].summary.endswith("REGIONAL LEADERS TO FORCE HIM OUT.")
    assert parsed["00HARARE6677"].comments[0].startswith("TSVANGIRAI WAS FRANK, CONFIDENT AND RELAXED.")
    assert parsed["79TEHRAN8980"].summary is None
    assert parsed["86MADRID5480"].comments[0].startswith("IT IS NOT CLEAR WHERE THIS SERIES")


def test_paragraph_text_and_clean_body(parsed):
    harare = parsed["00HARARE6677"]
    assert harare.paragraphs[10].text.startswith("COMMENT: TSVANGIRAI WAS FRANK")
    assert harare.paragraphs[11].text == "A/S RICE HAS CLEARED THIS MESSAGE."
    assert not re.search(r"PAGE 0\d|INFO LOG|\bCONFIDENTIAL PTQ", harare.body)
    usnato = parsed["09USNATO588"]
    assert usnato.paragraphs[-1].text.endswith("after FM Westerwelle’s full briefing on this issue.")  # not HEFFERN
    seed = parsed["09ASTANA2204"]
    assert "00002204" not in seed.body and seed.body.count("SUBJECT:") == 1
    assert seed.paragraphs[0].text.endswith("END SUMMARY.")  # the heading that follows is not in it
    madrid = parsed["86MADRID5480"]
    assert madrid.paragraphs[1].text.startswith("AFTER THIS MESSAGE WAS DRAFTED")
