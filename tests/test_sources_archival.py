"""The archival readers of 1970s cables: PlusD page text and NARA AAD / History Lab records."""
from __future__ import annotations

from pathlib import Path

import pytest

from cablekit.errors import NoCable
from cablekit.parse import parse_cable
from cablekit.sources import detect, read_path
from cablekit.sources.aad import AadReader
from cablekit.sources.base import RawCable, RowError
from cablekit.sources.docnumber import reference_id_from_document_number, split_document_number
from cablekit.sources.flattened import restore_lines

from conftest import FORMATS

PLUSD = FORMATS / "plusd" / "pages-excerpts"
AAD = FORMATS / "aad-cfpf"
PREVIEW = AAD / "mnyrop__hlab-ipy" / "cables" / "cables-preview.md"
OCR = AAD / "pages-excerpts" / "nsarchive.gwu.edu__media__30969__ocr.excerpt.txt"


# -- document numbers -------------------------------------------------------------------------

@pytest.mark.parametrize("number, hints, expected", [
    ("1973STATE097844_b", ["SECSTATE WASHDC"], "73STATE97844"),
    ("1973ABIDJA00073", ["ABIDJAN"], "73ABIDJAN73"),            # station cut to 6 letters, recovered
    ("1973THEHA00005", ["AMEMBASSY THE HAGUE"], "73THEHAGUE5"),  # "THE HA" with the space dropped
    ("1973NEWDE07645", [None, "NEW DELHI"], "73NEWDELHI7645"),
    ("1973ABIDJA00073", ["LIBREVILLE"], "73ABIDJA73"),           # no hint fits: the cut form stays
    ("1973ABIDJA00073", [], "73ABIDJA73"),
    ("1977STATE017976_c", [], "77STATE17976"),
])
def test_document_number_to_reference_id(number, hints, expected):
    assert reference_id_from_document_number(number, hints) == expected


def test_document_number_shapes():
    assert split_document_number("1976STATE213536_b2") == ("1976", "STATE", 213536, "b2")
    assert split_document_number("P769151-0570") is None
    assert reference_id_from_document_number("not a number") is None


# -- PlusD page text ----------------------------------------------------------------------------

def test_plusd_kissinger_page_keeps_the_canonical_id_as_alias():
    path = PLUSD / "theworldtomorrow.wikileaks.org__plusd__cables__1973STATE237171_b.excerpt.txt"
    assert detect(path).name == "plusd"
    [raw] = list(read_path(path))
    assert raw.metadata == {"reference_id": "73STATE237171", "aliases": "1973STATE237171_b"}
    assert raw.header.startswith("PAGE 01 STATE 237171\n50\nORIGIN SS-10\nINFO OCT-01 ISO-00 /011 R\n")
    assert raw.header.endswith("--------------------- 123950\nP 131923Z DEC 73\nFM SECSTATE WASHDC\n"
                               "TO AMEMBASSY PARIS PRIORITY")
    assert raw.body.startswith("C O N F I D E N T I A L STATE 237171\nEXDIS\n")
    cable = parse_cable(raw)
    assert (cable.reference_id, cable.created, cable.classification) == (
        "73STATE237171", "1973-12-13T19:23", "CONFIDENTIAL")
    assert cable.tags == ["OVIP (KISSINGER, HENRY A.)"]
    assert [a.name for a in cable.to] == ["AMEMBASSY PARIS"]


def test_plusd_page_without_collection_suffix():
    [raw] = list(read_path(PLUSD / "theworldtomorrow.wikileaks.org__plusd__cables__1975STATE195297.excerpt.txt"))
    assert raw.format == "plusd"
    assert raw.metadata == {"reference_id": "75STATE195297", "aliases": "1975STATE195297"}
    assert raw.header.startswith("LIMITED OFFICIAL USE\nPAGE 01 STATE 195297\n63\nORIGIN SS-25\n")


def test_plusd_layout_is_recognized_without_the_name(tmp_path: Path):
    copy = tmp_path / "cable.txt"
    copy.write_bytes((PLUSD / "wikileaks.org__plusd__cables__1977STATE017976_c.excerpt.txt").read_bytes())
    assert detect(copy).name == "plusd"
    [raw] = list(read_path(copy))
    assert raw.metadata == {}  # no canonical ID: the parser derives the reference ID
    assert parse_cable(raw).reference_id == "77STATE17976"


# -- AAD / History Lab --------------------------------------------------------------------------

def test_history_lab_docs_table():
    assert detect(PREVIEW).name == "aad"
    items = list(AadReader().read(PREVIEW))
    assert [type(i) for i in items] == [RawCable, RowError, RowError, RowError, RowError]
    raw = items[0]
    assert raw.row == 1
    assert raw.metadata == {
        "reference_id": "78PRETORIA9546", "aliases": "08PRETOR09546", "classification": "CONFIDENTIAL",
        "origin": "PRETORIA", "concepts": "HOLIDAY, STAFFDEL", "office": "ACTION H",
        "references": "87 STATE 194968", "subject": "THREAT ASSESSMENT - STAFFDEL HOLLIDAY",
    }
    assert raw.header.split("\n")[:3] == ["CONFIDENTIAL", "PAGE 01        PRETOR  09546  260841Z", "ACTION H-03"]
    assert raw.body.startswith("1.  C - ENTIRE TEXT\n2.  ALL VISITORS TO SOUTH AFRICA SHOULD READ")
    assert any("two-digit year: the year 1978" in note for note in raw.repairs)
    missing = items[1]
    assert missing.no_cable and missing.row == 2
    assert missing.reason == "holds no cable: telegram text unavailable (record 1973ABIDJA00073, metadata only)"
    assert isinstance(missing.to_exception(), NoCable)
    cable = parse_cable(raw)
    assert (cable.reference_id, cable.subject, cable.classification) == (
        "78PRETORIA9546", "THREAT ASSESSMENT - STAFFDEL HOLLIDAY", "CONFIDENTIAL")


def test_history_lab_row_with_text_and_ids_recovered_from_from_field(tmp_path: Path):
    lines = PREVIEW.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("doc_nbr|"))
    row = lines[start + 3].replace(  # 1973ABIDJA00073, with a telegram in place of the error message
        "MRN: 1973ABIDJA000073  SEGMENT NUMBER: 000001  ERROR READING TEXT INDEX FILE; TELEGRAM TEXT FOR THIS "
        "MRN IS UNAVAILABLE",
        "UNCLASSIFIED  PAGE 01  ABIDJA 00073  111200Z  ACTION AF-18  INFO  OCT-01  /019 W  R 111105Z JAN 73 "
        "FM AMEMBASSY ABIDJAN TO SECSTATE WASHDC 7260 UNCLASSIFIED ABIDJAN 0073 E.O. 11652: N/A "
        "TAGS: EAID, IV SUBJECT: PARAKOU-MALANVILLE ROAD REF: ABIDJAN 7259 1. EMBASSY HAS NO NEWS. "
        "2. (U) PLEASE ADVISE ON TIMING. SMITH")
    table = tmp_path / "docs.md"
    table.write_text("\n".join(lines[start:start + 2] + [row]) + "\n", encoding="utf-8")
    [raw] = list(read_path(table))
    assert raw.metadata["reference_id"] == "73ABIDJAN73"
    assert raw.metadata["aliases"] == "1973ABIDJA00073"
    assert raw.header.endswith("R 111105Z JAN 73\nFM AMEMBASSY ABIDJAN\nTO SECSTATE WASHDC 7260")
    cable = parse_cable(raw)
    assert (cable.reference_id, cable.created, cable.subject) == (
        "73ABIDJAN73", "1973-01-11T11:05", "PARAKOU-MALANVILLE ROAD")
    assert cable.tags == ["EAID", "IV"]
    assert [(p.number, p.marking, p.text) for p in cable.paragraphs] == [
        (1, None, "EMBASSY HAS NO NEWS."), (2, "U", "PLEASE ADVISE ON TIMING.")]


def test_history_lab_docs_as_csv(tmp_path: Path):
    table = tmp_path / "docs.csv"
    table.write_text(
        "doc_nbr,date,subject,from_field,origclass,tags,body\n"
        '1973THEHA00005,1973-01-02T00:00:00,DUTCH VIEWS,THE HAGUE,CONFIDENTIAL,"PFOR - Foreign Policy, NL",'
        '"CONFIDENTIAL THE HAGUE 0005 E.O. 11652: GDS TAGS: PFOR, NL SUBJECT: DUTCH VIEWS 1. THE DUTCH AGREE."\n'
        "1973THEHA00006,n/a,NOTHING,THE HAGUE,UNCLASSIFIED,n/a,\n", encoding="utf-8")
    assert detect(table).name == "aad"
    first, second = list(AadReader().read(table))
    assert first.metadata == {"reference_id": "73THEHAGUE5", "aliases": "1973THEHA00005",
                              "created": "1973-01-02 00:00", "classification": "CONFIDENTIAL",
                              "origin": "THE HAGUE", "subject": "DUTCH VIEWS", "tags": "PFOR NL"}
    cable = parse_cable(first)
    assert (cable.reference_id, cable.created, cable.paragraphs[0].text) == (
        "73THEHAGUE5", "1973-01-02T00:00", "THE DUTCH AGREE.")
    assert isinstance(second, RowError) and second.no_cable and "no telegram text" in second.reason


def test_aad_ocr_printout():
    assert detect(OCR).name == "aad"
    [raw] = list(read_path(OCR))
    assert "Grafeld" not in raw.header + raw.body  # the declassification stamp of each page is dropped
    assert raw.header.split("\n")[-3:] == ["Z 281605Z DEC 76 ZFF4", "FM SECSTATE WASHDC", "TO USDEL SECRETARY FLASH"]
    assert raw.body.startswith("LIMITED OFFICIAL USE STATE 311722 TOSEC 340058 FOR THE SECRETARY ONLY FROM LEIGH\n"
                               "E O 11652 N A\nTAGS SOPN\nSUBJECT PRESS GUIDANCE")
    cable = parse_cable(raw)
    assert (cable.reference_id, cable.created, cable.precedence) == ("76STATE311722", "1976-12-28T16:05", "FLASH")


def test_aad_text_record_with_attributes(tmp_path: Path):
    record = tmp_path / "1973LIMA02545.txt"
    record.write_text(
        "Declassified/Released US Department of State EO Systematic Review 30 JUN 2005\n"
        "Message Text\n"
        "UNCLASSIFIED\nPAGE 01 LIMA 02545 041522Z\nACTION ARA-20\nINFO OCT-01 /021 W\n"
        "--------------------- 041234\nR 041500Z APR 73\nFM AMEMBASSY LIMA\nTO SECSTATE WASHDC 1234\n"
        "UNCLASSIFIED LIMA 2545\nE.O. 11652: N/A\nTAGS: EFIS, PE\nSUBJECT: FISHING\n1. FIRST PARAGRAPH.\n\n"
        "UNCLASSIFIED\n\nNNN\n<< END OF DOCUMENT >>\n*** Current Handling Restrictions *** n/a\n"
        "*** Current Classification *** UNCLASSIFIED\n"
        "Message Attributes\n"
        "Automatic Decaptioning: X\nDocument Number: 1973LIMA02545\nDraft Date: 04 APR 1973\n"
        "From: LIMA\nOriginal Classification: UNCLASSIFIED\nSubject: FISHING\n"
        "TAGS: EFIS - Economic Affairs--Fishing, PE - Peru\nConcepts: FISHING, TUNA\n"
        "Office: ACTION ARA\nTo: SECSTATE WASHDC\n", encoding="utf-8")
    assert detect(record).name == "aad"
    [raw] = list(read_path(record))
    assert raw.metadata == {
        "reference_id": "73LIMA2545", "aliases": "1973LIMA02545", "created": "1973-04-04 00:00",
        "classification": "UNCLASSIFIED", "origin": "LIMA", "concepts": "FISHING, TUNA",
        "office": "ACTION ARA", "subject": "FISHING", "tags": "EFIS PE",
    }
    assert raw.body.startswith("UNCLASSIFIED LIMA 2545\n")
    assert raw.body.endswith("\nUNCLASSIFIED\n\nNNN")  # the archive's end and footer lines dropped
    cable = parse_cable(raw)
    assert (cable.reference_id, cable.subject, cable.paragraphs[0].text) == ("73LIMA2545", "FISHING",
                                                                              "FIRST PARAGRAPH.")


def test_aad_record_without_text_holds_no_cable(tmp_path: Path):
    record = tmp_path / "1973ABIDJA00073.txt"
    record.write_text("Message Text\nMRN: 1973ABIDJA000073  SEGMENT NUMBER: 000001  ERROR READING TEXT INDEX FILE; "
                      "TELEGRAM TEXT FOR THIS MRN IS UNAVAILABLE\nPAGE 01\nMessage Attributes\n"
                      "Document Number: 1973ABIDJA00073\n", encoding="utf-8")
    with pytest.raises(NoCable, match=r"holds no cable: telegram text unavailable \(record 1973ABIDJA00073"):
        list(read_path(record, format="aad"))


def test_restore_lines_of_a_flattened_telegram():
    assert restore_lines("PAGE 01 STATE 000001 O 010101Z JAN 76 FM SECSTATE WASHDC TO AMEMBASSY PARIS "
                         "SECRET STATE 000001 TAGS: PFOR SUBJECT: X 1. TEXT SEE PARA 2. ABOVE") == (
        "PAGE 01 STATE 000001\nO 010101Z JAN 76\nFM SECSTATE WASHDC\nTO AMEMBASSY PARIS\n"
        "SECRET STATE 000001\nTAGS: PFOR\nSUBJECT: X\n1. TEXT SEE PARA 2. ABOVE")
