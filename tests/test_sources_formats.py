"""The other formats of ../shared/corpus/formats/: one test group per reader, on the real samples."""
from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest

from cablekit.errors import NoCable, SourceError
from cablekit.sources import detect, read_path
from cablekit.sources.base import RawCable, RowError
from cablekit.sources.jsonexport import JsonExportReader

from conftest import FORMATS

FINAL = FORMATS / "cablegate-html-final-release" / "MarkChips__cablegate-search-app" / "test-set"
ALX = FORMATS / "cablegate-text" / "alx__cablegate" / "cables"
REVEAL = FORMATS / "cablegate-text" / "tathagata__reveal" / "cables"
PDFS = FORMATS / "cablegate-pdf" / "paul-mathieu__cablegate-cia-analysis" / "data-sample" / "cablegate"
JSON = FORMATS / "json-export" / "None-later__Wikileaks_Processing"
PLUSD = FORMATS / "plusd" / "pages-excerpts"


def one(path: Path) -> RawCable:
    [raw] = list(read_path(path))
    return raw


def first_paragraph(body: str) -> str:
    """The text of paragraph 1 up to its first line end (pilcrows ignored)."""
    for line in body.replace("\u00b6", "").split("\n"):
        if line.startswith("1.") and not line[2:3].isdigit():
            return line
    raise AssertionError("no paragraph 1")


# -- cablegate-html, final (2011) edition ---------------------------------------------------

def test_final_edition_page_keeps_its_own_created_time():
    raw = one(FINAL / "1966" / "12" / "66BUENOSAIRES2481.html")
    assert raw.format == "cablegate-html"
    assert raw.metadata["created"] == "1966-12-28 18:48"  # the early edition says 18:06
    assert raw.metadata["released"] == "2011-08-30 01:44"
    assert raw.metadata["subject"] == "EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS"
    assert first_paragraph(raw.body) == "1.  PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM"


def test_final_edition_tags_and_subject():
    raw = one(FINAL / "1972" / "02" / "72TEHRAN1164.html")
    assert raw.metadata["reference_id"] == "72TEHRAN1164"
    assert raw.metadata["created"] == "1972-02-25 09:30"
    assert "\nTAGS: MASS MARR IR\n" in raw.body
    assert first_paragraph(raw.body).startswith("1. ON FEB 24 CHARGE WAS CONVOKED BY MINSTER OF WAR")


def test_final_edition_malformed_id_page_without_subject():
    raw = one(FINAL / "1975" / "11" / "7575LIBREVILLE1895.html")
    assert raw.metadata["reference_id"] == "7575LIBREVILLE1895"
    assert "subject" not in raw.metadata  # the page's title line has none
    assert raw.header.startswith("O R 181205Z NOV 75 ZFF4\n")


# -- cablegate-txt (cables/<ID>.txt, five metadata lines) ------------------------------------

def test_txt_conversion_splits_the_glued_banner():
    path = ALX / "66BUENOSAIRES2481.txt"
    assert detect(path).name == "cablegate-txt"
    raw = one(path)
    assert raw.metadata == {
        "reference_id": "66BUENOSAIRES2481",
        "subject": "EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS",
        "created": "1966-12-28 18:06",
        "classification": "UNCLASSIFIED",
        "origin": "Embassy Buenos Aires",
    }
    assert raw.header.endswith("AMEMBASSY LONDON\nSTATE GRNC")
    assert raw.body.startswith("UNCLASSIFIED BUENOS AIRES 2481 \n")
    assert first_paragraph(raw.body) == "1.  PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM "


def test_txt_conversion_partial_extract_with_glued_banner():
    raw = one(ALX / "00HARARE2271.txt")
    assert raw.metadata["subject"] == "U.S. ASSISTANCE FOR LAND REFORM"
    assert raw.metadata["created"] == "2000-04-27 00:00"
    assert raw.header.startswith("This record is a partial extract of the original cable.")
    assert raw.header.endswith("DEPTTREAS WASHDC\nSECDEF WASHINGTON DC")
    assert raw.body.startswith("UNCLAS SECTION 01 OF 07 HARARE 002271 \n")


def test_txt_conversion_embedded_record():
    raw = one(ALX / "02BOGOTA1025.txt")
    assert raw.metadata["created"] == "2/4/2002 11:52"  # the record's own date replaces the Ruby rendering
    assert raw.metadata["references"] == "02BOGOTA879|02BOGOTA918"
    assert raw.header.startswith("P 041152Z FEB 02\n") and raw.header.endswith("DIRONDCP WASHDC")
    assert raw.body.startswith("C O N F I D E N T I A L SECTION 01 OF 02 BOGOTA 001025 \n")
    assert raw.body.endswith("PATTERSON ")
    assert "CABLE ENDS" not in raw.body and "header ends" not in raw.body
    assert first_paragraph(raw.body) == "1.  (C) SUMMARY: AS THE FARC'S WAVE OF VIOLENCE AND "


@pytest.mark.parametrize("name", ["01PRETORIA1173.txt", "01STATE176819.txt", "01VATICAN1261.txt", "02ANKARA9058.txt"])
def test_metadata_only_txt_holds_no_cable(name):
    with pytest.raises(NoCable, match="metadata lines only"):
        list(read_path(ALX / name))


# -- cablegate-pre (the body <pre> saved alone) ----------------------------------------------

def test_pre_fragment_body():
    path = REVEAL / "86MADRID5480.txt"
    assert detect(path).name == "cablegate-pre"
    raw = one(path)
    assert raw.header == "" and raw.metadata == {"reference_id": "86MADRID5480"}  # from the file name
    assert raw.body.startswith("S E C R E T MADRID 05480\n\nE.O. 12356: DECL:  OADR\nTAGS: PTER PINR PREL SP LY\n")
    assert "SUBJECT:  QADHAFI RETALIATES AGAINST SPANISH EXPULSIONS" in raw.body
    assert first_paragraph(raw.body) == "1.  (C) LIBYA MAY 12 RESPONDED TO FRIDAY'S EXPULSION OF"
    assert raw.body.endswith("ENDERS")


def test_pre_fragment_links_and_anchors():
    raw = one(REVEAL / "66BUENOSAIRES2481.txt")
    assert "\nTAGS: EFIS PBTS AR\n" in raw.body
    assert "<a" not in raw.body and "\u00b6" not in raw.body
    assert first_paragraph(raw.body) == "1.  PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM"


@pytest.mark.parametrize("name", ["04OTTAWA3115.txt", "88BAGHDAD28.txt"])
def test_scraper_debris_is_no_cable(name):
    path = REVEAL / name  # "Appears in these articles:<br />"
    assert detect(path).name == "cablegate-pre"
    with pytest.raises(NoCable, match="holds no cable: the page's 'Appears in these articles' list"):
        list(read_path(path))


# -- cablegate-pdf -----------------------------------------------------------------------------

def test_pdf_reader_undoes_the_printout():
    path = PDFS / "00GABORONE5064.pdf"
    assert detect(path).name == "cablegate-pdf"
    raw = one(path)
    assert raw.metadata == {"reference_id": "00GABORONE5064"}
    assert raw.header == ("P 091253Z NOV 00\nFM AMEMBASSY GABORONE\nTO SECSTATE WASHDC PRIORITY 5808\n"
                          "INFO SOUTHERN AFRICAN DEVELOPMENT COMMUNITY")
    assert raw.body.startswith("UNCLAS SECTION 01 OF 02 GABORONE 005064 \n")
    assert "\nTAGS: SADC EAID KDEM PGOV PHUM\nSUBJECT: STRENGTHENING MULTIPARTY DEMPOCRACY IN SOUTHERN \n" in raw.body
    assert first_paragraph(raw.body) == "1.  IN THE PAST YEAR SOUTHERN AFRICA HAS WITNESSED A "
    assert raw.repairs == ["joined the TAGS links printed one per line",
                           "dropped the paragraph anchors (¶) printed on lines of their own"]


def test_pdf_with_vzczc_header():
    raw = one(PDFS / "00ATHENS1501.pdf")
    assert raw.header.startswith("VZCZCXYZ0000\nRR RUEHWEB\nDE RUEHTH #1501 2661510\n")
    assert raw.body.startswith("UNCLAS ATHENS 001501 \n")


def test_broken_pdf_is_a_source_error(tmp_path: Path):
    broken = tmp_path / "00ATHENS1501.pdf"
    broken.write_bytes((PDFS / "00ATHENS1501.pdf").read_bytes()[:600])
    with pytest.raises(SourceError) as err:
        list(read_path(broken))
    assert err.value.path == str(broken)


# -- json-export -------------------------------------------------------------------------------

def test_json_export_first_release():
    path = JSON / "wikileaks-11-28-10.json"
    assert detect(path).name == "json-export"
    got = list(read_path(path))
    assert len(got) == 219
    first = got[0]
    assert first.row == 1
    assert first.metadata == {"reference_id": "04ANKARA348", "origin": "Embassy Ankara",
                              "created": "2004-01-20 12:12", "classification": "CONFIDENTIAL"}
    assert first.header.startswith("This record is a partial extract of the original cable.")
    assert first.body.startswith("C o n f i d e n t i a l section 01 of 04 ankara 000348SipdisE.o. 12958")
    # newlines were removed in the export: put back at the site's ¶ anchors
    assert "\n1. (C) Summary: P.M. Erdogan expects Washington to focus on Cyprus" in first.body
    assert first.repairs == ["body flattened onto one line: line breaks restored at the ¶ paragraph anchors (dropped)"]


def test_json_export_id_holding_references_is_not_taken_as_reference_id():
    got = list(read_path(JSON / "delhi.json"))
    assert len(got) == 200
    assert all(r.metadata["reference_id"].startswith(("8", "9", "0")) for r in got)
    assert got[0].metadata == {"origin": "Embassy New Delhi", "created": "8/7/1987 12:11",
                               "classification": "UNCLASSIFIED", "references": "87NEWDELHI17853",
                               "reference_id": "87NEWDELHI19406"}
    assert got[0].repairs == ["body flattened onto one line: line breaks restored before captions and paragraph "
                              "numbers",
                              "_id '87NEWDELHI17853' names other cables (not the banner's): kept as references",
                              "reference ID 87NEWDELHI19406 made from the banner and the year of the record's date"]
    assert got[0].body.startswith("UNCLAS SECTION 01 OF 02 NEW DELHI 19406  LIMITED OFFICIAL USE")
    assert "\nTAGS: PTER, PGOV, IN\nSUBJECT:  INCREASE IN SIKH TERRORISM LIKELY" in got[0].body
    assert got[6].metadata["reference_id"] == "04NEWDELHI6976"  # empty _id
    assert "references" not in got[6].metadata


def test_mongo_shell_lines_bad_lines_and_unmapped_keys(tmp_path: Path, caplog):
    lines = (JSON / "wikileaks-11-28-10.json").read_text(encoding="utf-8").splitlines()[:2]
    shell = lines[0].replace('{ "_id" : "04ANKARA348"', '{ "_id" : ObjectId("4cf2a1b0"), "hits" : NumberLong(7)')
    path = tmp_path / "export.json.gz"
    path.write_bytes(gzip.compress("\n".join([shell, "{ broken", lines[1]]).encode()))
    with caplog.at_level(logging.WARNING, logger="cablekit.sources"):
        items = list(JsonExportReader().read(path))
    assert [type(i) for i in items] == [RawCable, RowError, RawCable]
    assert items[0].metadata["reference_id"] == "04ANKARA348"
    assert (items[1].row, items[1].reason) == (2, "line 2: not a JSON object")
    assert items[2].row == 3
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == [f"{path}: keys not read (no cable field): hits"]


# -- PlusD page text: a bare telegram with 1970s page headers --------------------------------

def test_plusd_1977_page_text():
    raw = one(PLUSD / "wikileaks.org__plusd__cables__1977STATE017976_c.excerpt.txt")
    assert raw.format == "plusd"
    assert raw.metadata == {"reference_id": "77STATE17976", "aliases": "1977STATE017976_c"}
    assert raw.header.startswith("LIMITED OFFICIAL USE\nPAGE 01 STATE 017976\nORIGIN SS-15\n")
    assert raw.header.endswith("P 262340Z JAN 77\nFM SECSTATE WASHDC\nTO AMEMBASSY TEL AVIV PRIORITY\n"
                               "AMEMBASSY CAIRO PRIORITY\nAMEMBASSY BEIRUT PRIORITY\nAMEMBASSY AMMAN PRIORITY\n"
                               "AMEMBASSY DAMASCUS PRIORITY\nAMEMBASSY JIDDA PRIORITY")
    assert raw.body.startswith("LIMITED OFFICIAL USE STATE 017976\nE.O. 11652: N/A\nTAGS: OVIP (VANCE, CYRUS)")
    assert first_paragraph(raw.body) == "1. POST WILL BE EXPECTED TO PROVIDE 24-HOUR COMMUNICA-"


def test_a_pre_block_holding_another_cable_than_its_name_takes_the_texts_id():
    harare = next(read_path(REVEAL / "00HARARE6677.txt"))  # the text is HARARE 005461, not 6677
    assert harare.metadata == {"reference_id": "00HARARE5461"}
    assert harare.repairs[0].startswith("reference ID 00HARARE5461 from the text's banner, not 00HARARE6677")
    assert "ZANU-PF REPORTEDLY INTERESTED IN DEAL" in harare.body
    for name in ("73TEHRAN2077", "72TEHRAN1164", "06SAOPAULO332", "90CAPETOWN97"):  # banner agrees
        raw = next(read_path(REVEAL / f"{name}.txt"))
        assert raw.metadata == {"reference_id": name} and not any("banner" in r for r in raw.repairs), name
