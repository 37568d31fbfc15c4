"""Metadata resolution: publisher values, and the values derived for a bare telegram.

The derivation rules are checked against the publishers' own values: the
Origin of every corpus page against its FM line, the Created of cables.csv
against the DTG, and whole bare telegrams (a corpus page with its metadata
stripped) against the published reference ID, classification, origin and created.
"""
from __future__ import annotations

import csv
import dataclasses

import pytest

from cablekit.errors import ParseError
from cablekit.parse import parse_cable
from cablekit.parse.header import parse_header
from cablekit.parse.metadata import (
    cable_year, classification_from_banner, created_from_date_line, created_from_dtg, normalize_created,
    origin_from_plad, published_reference_id)
from cablekit.sources import read_path
from cablekit.sources.base import RawCable
from cablekit.sources.cablegate import CablegateHtmlReader
from conftest import CABLEGATE, FORMATS, SEED, cablegate_file, gold_path

CSV_ROWS = FORMATS / "cables-csv" / "None-later__Wikileaks_Processing" / "wikileaks" / "aa"


@pytest.fixture(scope="module")
def corpus() -> list[RawCable]:
    reader = CablegateHtmlReader()
    return [next(reader.read(p)) for p in sorted(CABLEGATE.rglob("*.html"))]


@pytest.mark.parametrize("value,expected", [
    ("2009-12-23 09:37:00", "2009-12-23T09:37"),        # the seed page
    ("2009-12-16 15:03", "2009-12-16T15:03"),           # Cablegate mirror page
    ("2009-12-16T15:03", "2009-12-16T15:03"),
    ("12/28/1966 18:48", "1966-12-28T18:48"),           # cables.csv row 1
    ("3/9/1972 5:40", "1972-03-09T05:40"),              # cables.csv row 3
    ("Thu Apr 27 00:00:00 +0200 2000", "2000-04-27T00:00"),  # alx text files
    ("2009-12-23", "2009-12-23T00:00"),
    ("2009-13-45 10:00", None), ("yesterday", None), ("", None),
])
def test_normalize_created(value, expected):
    assert normalize_created(value) == expected


@pytest.mark.parametrize("dtg,expected", [
    ("230937Z DEC 09", "2009-12-23T09:37"),
    ("281848Z DEC 66", "1966-12-28T18:48"),
    ("291359Z Nov 00", "2000-11-29T13:59"),
    ("010000Z JAN 2010", "2010-01-01T00:00"),
    ("320000Z JAN 09", None), ("230937Z XYZ 09", None), ("no dtg", None),
])
def test_created_from_dtg(dtg, expected):
    assert created_from_dtg(dtg) == expected


def test_created_from_dtg_matches_cables_csv():
    """cables.csv rows 1-37: Created (``12/28/1966 18:48``) is the header's DTG, every row."""
    csv.field_size_limit(10**8)
    with open(CSV_ROWS, encoding="utf-8", newline="") as fh:
        fh.readline()  # the excerpt's stray first line
        rows = [r for r in csv.reader(fh, escapechar="\\", doublequote=False) if len(r) >= 8]
    assert len(rows) == 37
    for row in rows:
        assert created_from_dtg(parse_header(row[6]).dtg or "") == normalize_created(row[1]), row[2]


def test_created_from_dtg_matches_cablegate_date_and_hour(corpus):
    """The early mirror edition writes Created minutes as the hour on a 12-hour clock
    (``18:06`` for 18:48); date and hour equal the DTG's except for a repeat cable
    (09STATE127892, Created is the original's) and 09RANGOON378."""
    mismatched, compared = [], 0
    for raw in corpus:
        h = parse_header(raw.header)
        if not h.dtg:
            continue
        compared += 1
        derived, published = created_from_dtg(h.dtg), normalize_created(raw.metadata["created"])
        if derived[:13] != published[:13]:
            mismatched.append(raw.metadata["reference_id"])
        hour = int(published[11:13])
        assert int(published[14:16]) == (hour % 12 or 12), raw.metadata["reference_id"]
    assert compared == 974
    assert mismatched == ["09RANGOON378", "09STATE127892"]


def test_created_from_date_line_matches_cablegate(corpus):
    """97 partial extracts open the body with ``Tuesday, 20 January 2004, 09:44``: date and
    hour equal Created except two pages whose body is another cable's (07PARIS2725, 09CHISINAU694)."""
    found, mismatched = 0, []
    for raw in corpus:
        derived = created_from_date_line(raw.body)
        if derived:
            found += 1
            if derived[:13] != normalize_created(raw.metadata["created"])[:13]:
                mismatched.append(raw.metadata["reference_id"])
    assert found == 97
    assert mismatched == ["07PARIS2725", "09CHISINAU694"]
    assert created_from_date_line("\n  Tuesday, 20 January 2004, 09:44\nS E C R E T RANGOON 000088") == (
        "2004-01-20T09:44")
    assert created_from_date_line("S E C R E T RANGOON 000088\nTuesday, 20 January 2004, 09:44") is None


def test_origin_from_fm_line_matches_every_corpus_page(corpus):
    """The FM-line rule reproduces the published Origin of all 966 corpus cables with an FM line."""
    compared = 0
    for raw in corpus:
        h = parse_header(raw.header)
        if h.from_:
            compared += 1
            assert origin_from_plad(h.from_.name) == raw.metadata["origin"], raw.metadata["reference_id"]
    assert compared == 966


@pytest.mark.parametrize("plad,origin", [
    ("AMEMBASSY ASTANA", "Embassy Astana"),
    ("AMEMBASSY PORT AU PRINCE", "Embassy Port Au Prince"),
    ("AMEMBASSY KIEV", "Embassy Kyiv"),
    ("AMCONSUL RIO DE JANEIRO", "Consulate Rio De Janeiro"),
    ("SECSTATE WASHDC", "Secretary of State"),
    ("USMISSION USNATO", "Mission USNATO"),
    ("USMISSION GENEVA", "Mission Geneva"),
    ("USMISSION UNVIE VIENNA", "UNVIE"),
    ("USEU BRUSSELS", "USEU Brussels"),
    ("USINT HAVANA", "US Interests Section Havana"),
    ("RPO DUBAI", "Iran RPO Dubai"),
    ("AMEMBASSY  TEL AVIV//POL//", "Embassy Tel Aviv"),
    ("", None), (None, None),
])
def test_origin_rules(plad, origin):
    assert origin_from_plad(plad) == origin


@pytest.mark.parametrize("banner,caveats,expected", [
    ("SECRET", ["NOFORN"], "SECRET//NOFORN"),
    ("S E C R E T", ["SIPDIS"], "SECRET"),
    ("CONFIDENTIAL", ["NOFORN", "SIPDIS"], "CONFIDENTIAL//NOFORN"),
    ("C O N F I D E N T I A L", [], "CONFIDENTIAL"),
    ("SS E C R E T", [], "SECRET"),                        # typo banners of the corpus
    ("CC O N F I D E N T I A L", [], "CONFIDENTIAL"),
    ("UNCLAS", ["SIPDIS"], "UNCLASSIFIED"),
    ("UNCLAS", ["SENSITIVE", "SIPDIS"], "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
    ("UNCLASSIFIED", [], "UNCLASSIFIED"),
    ("LIMITED OFFICIAL USE", [], "LIMITED OFFICIAL USE"),
    (None, ["NOFORN"], None), ("", [], None),
])
def test_classification_from_banner(banner, caveats, expected):
    assert classification_from_banner(banner, caveats) == expected


def test_published_reference_id_keeps_the_malformed_form():
    assert published_reference_id({"reference_id": "08ECTION01OF02MANAMA492"}) == (
        "08MANAMA492", ["08ECTION01OF02MANAMA492"])
    assert published_reference_id({"reference_id": "09ASTANA2204"}) == ("09ASTANA2204", [])
    assert published_reference_id({}) == (None, [])


def test_cable_year():
    assert cable_year("2009-12-23 09:37:00", "010000Z JAN 08", "07X1") == 2009
    assert cable_year(None, "281848Z DEC 66", None) == 1966
    assert cable_year(None, None, "86MADRID5480") == 1986
    assert cable_year(None, None, None) is None


def test_malformed_metadata_id_becomes_an_alias():
    """A corpus page published under a malformed ID keeps the canonical ID and the alias."""
    raw = next(CablegateHtmlReader().read(cablegate_file("09USNATO588")))
    raw.metadata["reference_id"] = "09SECTION01OF02USNATO588SUSPECTEDDUPLICATE590"
    cable = parse_cable(raw)
    assert cable.reference_id == "09USNATO588"
    assert cable.aliases == ["09SECTION01OF02USNATO588SUSPECTEDDUPLICATE590"]
    assert cable.created == "2009-12-16T15:03"
    assert cable.origin == "Mission USNATO"


def _bare(raw: RawCable) -> RawCable:
    return dataclasses.replace(raw, metadata={}, format="telegram")


BARE_IDS = ["09USNATO588", "09STATE127892", "66BUENOSAIRES2481", "79TEHRAN8980", "86MADRID5480",
            "00HARARE6677", "06PARIS7884", "08LONDON2673", "09MUNICH25", "09STATE15113",
            "09ABUDHABI301", "07TRIPOLI943"]


@pytest.mark.parametrize("reference_id", BARE_IDS)
def test_bare_telegram_derives_the_published_metadata(reference_id):
    """Strip a corpus page's metadata: the derived values equal the published ones
    (Created compared to the hour: see the mirror's minute quirk above)."""
    raw = next(CablegateHtmlReader().read(cablegate_file(reference_id)))
    published = parse_cable(raw)
    derived = parse_cable(_bare(raw))
    assert derived.reference_id == published.reference_id == reference_id
    assert derived.classification == published.classification
    assert derived.origin == published.origin
    assert derived.created[:13] == published.created[:13] or reference_id == "09STATE127892"
    assert derived.aliases == []


def test_bare_seed_telegram_is_exact():
    """The seed page's Created has true minutes: the DTG gives it exactly."""
    raw = next(read_path(SEED))
    published = parse_cable(raw)
    derived = parse_cable(_bare(raw))
    for name in ("reference_id", "created", "classification", "origin"):
        assert getattr(derived, name) == getattr(published, name), name
    assert (derived.reference_id, derived.created, derived.classification, derived.origin) == (
        "09ASTANA2204", "2009-12-23T09:37", "SECRET//NOFORN", "Embassy Astana")


def test_bare_text_without_banner_is_a_parse_error():
    raw = RawCable(path="notes/memo.txt", format="telegram", header="",
                   body="Lunch on Friday?\nThe usual place.", row=7)
    with pytest.raises(ParseError) as err:
        parse_cable(raw)
    assert err.value.path == "notes/memo.txt" and err.value.row == 7
    assert err.value.reason.startswith("no reference ID:")


def test_gold_metadata_fields(gold):
    """reference_id, created, classification and origin of every gold record."""
    for record in gold:
        raw = next(read_path(gold_path(record["source"])))
        cable = parse_cable(raw)
        got = {k: getattr(cable, k) for k in ("reference_id", "created", "classification", "origin")}
        assert got == {k: record[k] for k in got}, record["reference_id"]


def test_published_reference_id_case_and_padding_are_no_alias():
    assert published_reference_id({"reference_id": " 09astana2204 "}) == ("09ASTANA2204", [])
    assert published_reference_id({"reference_id": "09ASTANA002204"}) == ("09ASTANA2204", ["09ASTANA002204"])
