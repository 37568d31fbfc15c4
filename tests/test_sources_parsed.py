"""Every reader on its real samples, through the parser: reference ID, created, subject, paragraph 1.

And the cross-format check: the ten final-edition mirror pages against rows 1-10 of
cables.csv (the same cables), and `cablekit parse` over the formats folder.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablekit.cli import cli
from cablekit.model import Cable
from cablekit.parse import parse_cable
from cablekit.sources import read_path

from conftest import FORMATS

FINAL = FORMATS / "cablegate-html-final-release" / "MarkChips__cablegate-search-app" / "test-set"
TINY = FORMATS / "cables-csv" / "ahlusar1989__IntroToPython" / "cables_tiny.csv"

# (file under formats/, record index, reader, reference ID, created, subject starts, paragraph 1 starts)
SAMPLES = [
    ("cablegate-html-final-release/MarkChips__cablegate-search-app/test-set/1972/02/72TEHRAN1164.html", 0,
     "cablegate-html", "72TEHRAN1164", "1972-02-25T09:30", "ACCELERATION OF F-4ES FOR IRAN",
     "ON FEB 24 CHARGE WAS CONVOKED BY MINSTER OF WAR, GEN. REZANU"),
    ("cablegate-html-final-release/pages-excerpts/wikileaks.zilog.es__cable__2006__06__06STATE89712.excerpt.txt", 0,
     "wikileaks-text", "06STATE89712", "2006-06-02T16:03", "FURTHER GUIDANCE ON THE SIPDIS CABLE CAPTION",
     "The Department in December 2005 distributed general guidance"),
    ("cables-csv/GavinMendelGleason__mapper/cables_sample.csv", 0,
     "cables-csv", "66BUENOSAIRES2481", "1966-12-28T18:48", "EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS",
     "PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM NEW ARGENT"),
    ("cablegate-pdf/paul-mathieu__cablegate-cia-analysis/data-sample/cablegate/00GABORONE5064.pdf", 0,
     "cablegate-pdf", "00GABORONE5064", "2000-11-09T12:53", "STRENGTHENING MULTIPARTY DEMPOCRACY IN SOUTHERN AFRICA",
     "IN THE PAST YEAR SOUTHERN AFRICA HAS WITNESSED A SERIES OF E"),
    ("json-export/None-later__Wikileaks_Processing/wikileaks-11-28-10.json", 0,
     "json-export", "04ANKARA348", "2004-01-20T12:12", "turkish p.m. Erdogan goes to washington",
     "Summary: P.M. Erdogan expects Washington to focus on Cyprus,"),
    ("json-export/None-later__Wikileaks_Processing/delhi.json", 0,
     "json-export", "87NEWDELHI19406", "1987-08-07T12:11", "INCREASE IN SIKH TERRORISM LIKELY: NO MODERATION IN SIGHT",
     "SUMMARY: ELEVEN PEOPLE WERE KILLED IN PUNJAB STATE ON AUGUST"),
    ("cablegate-text/alx__cablegate/cables/66BUENOSAIRES2481.txt", 0,  # metadata lines run into the telegram
     "cablegate-txt", "66BUENOSAIRES2481", "1966-12-28T18:06", "EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS",
     "PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM NEW ARGENT"),
    ("cablegate-text/alx__cablegate/cables/00HARARE2271.txt", 0,
     "cablegate-txt", "00HARARE2271", "2000-04-27T00:00", "U.S. ASSISTANCE FOR LAND REFORM",
     "SUMMARY: THIS CABLE PROVIDES A BRIEF HISTORY OF THE BACKGROU"),
    ("cablegate-text/tathagata__reveal/cables/86MADRID5480.txt", 0,  # HTML fragment saved as text, no DTG
     "cablegate-pre", "86MADRID5480", None, "QADHAFI RETALIATES AGAINST SPANISH EXPULSIONS",
     "LIBYA MAY 12 RESPONDED TO FRIDAY'S EXPULSION OF ITS CONSUL G"),
    ("cablegate-text/tathagata__reveal/cables/02ROME1196.txt", 0,  # redacted version with a date line
     "cablegate-pre", "02ROME1196", "2002-03-07T10:13", "AS PREDICTED, ITALY\u2019S HUMAN RIGHTS REPORT",
     "SUMMARY: AS POST PREDICTED, THE U.S. COUNTRY REPORT FOR ITAL"),
    ("cablegate-text/paul-mathieu__cablegate-cia-analysis/data-sample/cablegate-converted/07KINGSTON382.txt", 0,
     "telegram", "07KINGSTON382", "2007-03-19T15:58", "REQUEST FOR HUMAN RIGHTS VETTING FOR US IMET IS 26 MARCH 2007",
     "Post requests the Department's assistance in screening the f"),
    ("cablegate-text/paul-mathieu__cablegate-cia-analysis/data-sample/cablegate-converted/09PARIS1007.txt", 0,
     "telegram", "09PARIS1007", "2009-07-24T15:55", "MIDDLE EAST: SARKOZY AND MUBARAK CONFER ON NEXT STEPS",
     "Summary: Mubarak and Sarkozy reportedly are in agreement on"),
    ("plusd/pages-excerpts/theworldtomorrow.wikileaks.org__plusd__cables__1973STATE237171_b.excerpt.txt", 0,
     "plusd", "73STATE237171", "1973-12-13T19:23", "COMMUNICATIONS FOR SECRETARY'S VISIT: SPECIAL SUMMARIES",
     "DEPARTMENT WILL SEND TWICE DAILY SPECIAL ALL SOURCE SUMMARIE"),
    ("plusd/pages-excerpts/theworldtomorrow.wikileaks.org__plusd__cables__1975STATE195297.excerpt.txt", 0,
     "plusd", "75STATE195297", "1975-08-17T19:59", "SECRETARY'S VISIT: COMMUNICATIONS - CABLE TRAFFIC",
     "POST WILL BE EXPECTED TO PROVIDE 24-HOUR COVERAGE DUE TO ADD"),
    # OCR of an AAD printout: punctuation and paragraph numbers lost, so no paragraphs
    ("aad-cfpf/pages-excerpts/nsarchive.gwu.edu__media__30969__ocr.excerpt.txt", 0,
     "aad", "76STATE311722", "1976-12-28T16:05", "PRESS GUIDANCE A FOLLOWING ARE Q A'S", None),
]


def parsed(relative: str, index: int) -> tuple[str, Cable]:
    raws = list(read_path(FORMATS / relative, on_error=lambda error: None))
    return raws[index].format, parse_cable(raws[index])


@pytest.mark.parametrize("relative, index, reader, reference_id, created, subject, paragraph", SAMPLES,
                         ids=[Path(s[0]).name[-40:] for s in SAMPLES])
def test_reader_through_the_parser(relative, index, reader, reference_id, created, subject, paragraph):
    fmt, cable = parsed(relative, index)
    assert fmt == reader
    assert cable.reference_id == reference_id
    assert cable.created == created
    assert cable.subject.startswith(subject)
    if paragraph is None:
        assert cable.paragraphs == []
    else:
        assert cable.paragraphs[0].number == 1
        assert cable.paragraphs[0].text.startswith(paragraph)


def _first_paragraph(cable: Cable) -> str | None:
    return cable.paragraphs[0].text if cable.paragraphs else None


def test_final_edition_pages_and_csv_rows_are_the_same_ten_cables():
    pages = {c.reference_id: c for c in (parse_cable(next(read_path(p))) for p in sorted(FINAL.rglob("*.html")))}
    rows = {c.reference_id: c for c in (parse_cable(r) for r in list(read_path(TINY))[:10])}
    assert sorted(pages) == sorted(rows) == [
        "66BUENOSAIRES2481", "72TEHRAN1164", "72TEHRAN1381", "72TEHRAN4789", "72TEHRAN5055",
        "73TEHRAN2077", "73TEHRAN7005", "73TEHRAN8233", "75LIBREVILLE1895", "75TEHRAN2069"]
    # three pages show the cable cut short by the site ("... "), two with another cable spliced after it
    cut_short = {"73TEHRAN2077", "73TEHRAN8233", "75LIBREVILLE1895"}
    for rid, page in pages.items():
        row = rows[rid]
        assert (page.subject, page.created, page.tags) == (row.subject, row.created, row.tags), rid
        assert page.created is not None and len(page.created) == len("1966-12-28T18:48")
        if rid not in cut_short:
            assert _first_paragraph(page) == _first_paragraph(row), rid
        elif _first_paragraph(page) is not None:
            shown = _first_paragraph(page).removesuffix("...")
            assert len(shown) > 40 and _first_paragraph(row).startswith(shown), rid
    assert _first_paragraph(pages["73TEHRAN2077"]) is None  # the page stops at the SUBJECT line
    assert pages["66BUENOSAIRES2481"].created == "1966-12-28T18:48"  # the final edition's own Created
    assert pages["75LIBREVILLE1895"].aliases == ["7575LIBREVILLE1895"]


def test_parse_command_over_the_formats_folder_reports_only_files_without_cables():
    folders = [str(p) for p in sorted(FORMATS.iterdir()) if p.is_dir() and p.name != "cablegate-pdf"]  # PDFs: slow
    result = CliRunner().invoke(cli, ["parse", "--no-text", *folders])
    assert result.exit_code == 0, result.stderr[-2000:]
    *reports, count = result.stderr.strip().split("\n")
    assert all(": holds no cable: " in line for line in reports), reports
    no_cable = {re.sub(r" \(row \d+\)$", "", line.split(": holds no cable: ")[0].removeprefix("cablekit: "))
                for line in reports}
    assert {Path(p).name for p in no_cable} == {
        "cables-preview.md",  # 4 of its 5 AAD records: telegram text unavailable
        "01PRETORIA1173.txt", "01STATE176819.txt", "01VATICAN1261.txt", "02ANKARA9058.txt",  # metadata lines only
        "04OTTAWA3115.txt", "88BAGHDAD28.txt",  # "Appears in these articles" lists
        "STATS", "cable_ids.list", "cable_nodes_header.csv", "location_nodes.csv", "location_nodes_header.csv",
        "tag_nodes.csv", "tag_nodes_header.csv",
    }
    assert count == f"cablekit: 542 cables, {len(reports)} holding no cable, 0 errors"
    assert len(reports) == 17
    assert len(result.stdout.strip().split("\n")) == 542
