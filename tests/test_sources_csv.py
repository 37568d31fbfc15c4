"""The cables.csv dump reader, on the real excerpts of ../shared/corpus/formats/cables-csv/."""
from __future__ import annotations

import bz2
import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablekit.cli import cli
from cablekit.errors import NoCable, SourceError
from cablekit.parse import parse_cable
from cablekit.sources import detect, read_path
from cablekit.sources.base import RawCable, RowError
from cablekit.sources import csvdump
from cablekit.sources.csvdump import CablesCsvReader

from conftest import FORMATS

CSV = FORMATS / "cables-csv"
SAMPLE = CSV / "GavinMendelGleason__mapper" / "cables_sample.csv"  # rows 1-2, LF
TINY = CSV / "ahlusar1989__IntroToPython" / "cables_tiny.csv"     # rows 1-12, CRLF
AA = CSV / "None-later__Wikileaks_Processing" / "wikileaks" / "aa"  # rows 1-37, cut artifacts
FINAL_HTML = FORMATS / "cablegate-html-final-release" / "MarkChips__cablegate-search-app" / "test-set"


def rows(path: Path) -> list[RawCable]:
    errors: list[RowError] = []
    out = list(read_path(path, on_error=errors.append))
    assert errors == []
    return out


@pytest.mark.parametrize("path, count", [(SAMPLE, 2), (TINY, 12), (AA, 37)])
def test_row_counts(path: Path, count: int):
    assert detect(path).name == "cables-csv"
    got = rows(path)
    assert len(got) == count
    assert [r.row for r in got] == list(range(1, count + 1))


def test_row_1_metadata_header_and_body():
    first = rows(SAMPLE)[0]
    assert first.format == "cables-csv"
    assert first.metadata == {
        "reference_id": "66BUENOSAIRES2481",
        "created": "12/28/1966 18:48",
        "origin": "Embassy Buenos Aires",
        "classification": "UNCLASSIFIED",
        "references": "66STATE106206",
    }
    assert first.header.startswith("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\nTO SECSTATE WASHDC PRIORITY\n")
    assert first.header.endswith("AMEMBASSY LONDON\nSTATE GRNC")
    assert first.body.startswith("UNCLASSIFIED BUENOS AIRES 2481 \n \nOriginal Telegram was Confidential")
    assert first.body.endswith("SACCIO \n")


def test_backslash_escaped_quotes_read_back_intact():
    body = rows(SAMPLE)[0].body
    assert 'OF "PREFERENTIAL JURISDICTION" FOR FISHING PURPOSES.' in body
    assert 'AS "EPICONTINENTAL SEA OUT TO 200 METER ISOBAR".' in body
    assert '"200 MILE LIMIT SOON WILL BE STANDARD THROUGH HEMISPHERE".' in body
    assert "\\" not in body


def test_escaped_apostrophes_and_quote_counts():
    got = rows(AA)
    tehran = next(r for r in got if r.metadata["reference_id"] == "72TEHRAN4789")
    assert "REF: TEHRAN'S A-077 OF MAY 15, 1972" in tehran.body
    # the excerpt holds 496 \" and 331 \' escapes, and no other backslash
    assert sum(r.body.count('"') + r.header.count('"') for r in got) == 496
    assert sum(r.body.count("'") + r.header.count("'") for r in got) == 331
    assert not any("\\" in r.body or "\\" in r.header for r in got)


def test_references_column_kept_as_given():
    second = rows(SAMPLE)[1]
    assert second.metadata["references"] == "72MOSCOW1603|72TEHRAN1091|72TEHRAN263"
    assert second.metadata["created"] == "2/25/1972 9:30"
    kabul = rows(TINY)[11]
    assert kabul.metadata["reference_id"] == "78KABUL3619"
    assert "references" not in kabul.metadata  # empty column


def test_crlf_file_reads_as_its_lf_source():
    tiny, aa = rows(TINY), rows(AA)
    for crlf, lf in zip(tiny, aa):
        assert (crlf.metadata, crlf.header, crlf.body) == (lf.metadata, lf.header, lf.body)
    assert not any("\r" in r.header or "\r" in r.body for r in tiny)
    assert tiny[-1].body.endswith("ELIOT \n")


def test_cut_artifacts_of_the_split_file():
    got = rows(AA)
    assert got[0].repairs == ["dropped a stray '\"' line before the first row (cut artifact)"]
    assert got[-1].metadata["reference_id"] == "85CAIRO6360"
    assert got[-1].repairs == ["last field had no closing quote (row cut off at end of file?); quote added"]
    assert got[-1].body.endswith("END \nCOMMENT. \n \n  \nLYNE \n")
    assert all(r.repairs == [] for r in got[1:-1])
    cut = parse_cable(got[-1])  # the record says the row may be cut short
    assert cut.warnings[0] == "last field had no closing quote (row cut off at end of file?); quote added"


def test_malformed_reference_ids_are_kept_as_published():
    ids = [r.metadata["reference_id"] for r in rows(AA)]
    assert ids[9] == "7575LIBREVILLE1895"
    assert ids[28:30] == ["85MOGADISHU1643", "85NOFORNMOGADISHU1643"]


def test_first_rows_are_the_final_edition_html_test_set():
    html_ids = sorted(p.stem for p in FINAL_HTML.rglob("*.html"))
    assert sorted(r.metadata["reference_id"] for r in rows(AA)[:10]) == html_ids


@pytest.mark.parametrize("suffix, compress", [(".csv.gz", gzip.compress), (".csv.bz2", bz2.compress)])
def test_compressed_dump_gives_the_same_records(tmp_path: Path, suffix, compress):
    packed = tmp_path / f"cables{suffix}"
    packed.write_bytes(compress(TINY.read_bytes()))
    assert detect(packed).name == "cables-csv"
    plain, unpacked = rows(TINY), rows(packed)
    assert [(r.row, r.metadata, r.header, r.body) for r in unpacked] == [(r.row, r.metadata, r.header, r.body) for r in plain]
    assert unpacked[0].path == str(packed)


def test_cut_gzip_stream_yields_the_rows_before_the_cut(tmp_path: Path):
    data = gzip.compress(AA.read_bytes())
    cut = tmp_path / "cables.csv.gz"
    cut.write_bytes(data[: len(data) // 2])
    got: list[RawCable] = []
    with pytest.raises(SourceError, match="compressed stream cut short") as err:
        for raw in read_path(cut):
            got.append(raw)
    assert err.value.path == str(cut)
    assert 5 < len(got) < 37  # rows came out one by one before the stream broke
    assert got[0].metadata["reference_id"] == "66BUENOSAIRES2481"


def test_header_row_is_skipped(tmp_path: Path):
    with_header = tmp_path / "cables.csv"
    with_header.write_bytes(b'"id","date","refid","origin","classification","references","header","body"\n'
                            + SAMPLE.read_bytes())
    got = rows(with_header)
    assert [(r.row, r.metadata["reference_id"]) for r in got] == [(1, "66BUENOSAIRES2481"), (2, "72TEHRAN1164")]
    assert got[0].repairs == []


def broken_dump(tmp_path: Path) -> Path:
    """Sample row 1, a 5-column row 2, a row 3 with an unescaped quote, then sample row 2 as row 4."""
    sample = SAMPLE.read_bytes()
    second = sample.index(b'"2","2/25/1972 9:30"')
    dump = tmp_path / "broken.csv"
    dump.write_bytes(sample[:second]
                     + b'"2","1/1/1970 0:00","70ROME1","Embassy Rome","SECRET"\n'
                     + b'"3","1/2/1970 0:00","70ROME2","Embassy Rome","SECRET","","R 020000Z JAN 70",'
                       b'"SECRET ROME 2 \n1. A "BAD" QUOTE.\n"\n'
                     + sample[second:].replace(b'"2","2/25/1972', b'"4","2/25/1972', 1))
    return dump


def test_broken_rows_do_not_end_the_file(tmp_path: Path):
    dump = broken_dump(tmp_path)
    items = list(CablesCsvReader().read(dump))
    assert [type(i).__name__ for i in items] == ["RawCable", "RowError", "RowError", "RawCable"]
    bad_columns, bad_quote = items[1], items[2]
    assert (bad_columns.row, bad_columns.path) == (2, str(dump))
    assert bad_columns.reason.endswith("expected one row of 8 columns, found 5 columns")
    assert bad_columns.raw_text.startswith('"2","1/1/1970 0:00","70ROME1"')
    assert bad_quote.row == 3 and bad_quote.reason.endswith("expected one row of 8 columns, found 2 rows")
    assert items[3].row == 4 and items[3].metadata["reference_id"] == "72TEHRAN1164"
    assert str(bad_columns.to_exception()).startswith(f"{dump} (row 2): line ")


def test_parse_command_reports_broken_rows_and_goes_on(tmp_path: Path):
    dump = broken_dump(tmp_path)
    result = CliRunner().invoke(cli, ["parse", "--no-text", str(dump)])
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"cablekit: {dump} (row 2): line ")
    assert errors[1].startswith(f"cablekit: {dump} (row 3): line ")
    assert errors[2] == "cablekit: 2 cables, 0 holding no cable, 2 errors"


def test_text_before_the_first_row_is_reported(tmp_path: Path):
    sample = SAMPLE.read_bytes()
    piece = tmp_path / "ab"
    piece.write_bytes(b"END OF A ROW FROM THE PREVIOUS PIECE \n\"\n" + sample)
    items = list(CablesCsvReader().read(piece))
    assert isinstance(items[0], RowError) and items[0].row is None
    assert "text before the first row" in items[0].reason
    assert [i.row for i in items[1:]] == [1, 2]


def test_csv_without_rows_holds_no_cable(tmp_path: Path):
    other = tmp_path / "tags.csv"
    other.write_text('"id","date","refid"\n', encoding="utf-8")
    with pytest.raises(NoCable, match="no cables.csv row"):
        list(CablesCsvReader().read(other))


def test_a_piece_cut_mid_row_is_still_the_dump_and_keeps_its_rows(tmp_path: Path):
    data = AA.read_bytes()
    start = data.index(b'\n"20","') - 3000  # 3,000 bytes into row 19's text: many lines before a row start
    piece = tmp_path / "piece.csv"
    piece.write_bytes(data[start:])
    assert detect(piece).name == "cables-csv"  # not taken for one long plain-text cable
    items = list(read_path(piece, on_error=lambda e: None))
    assert [i.metadata["reference_id"] for i in items[:2]] == ["85GABORONE98", "85BEIRUT172"]
    assert [i.row for i in items] == list(range(1, 19))  # rows 20-37 of the dump, numbered from the piece


def test_a_damaged_row_start_costs_that_row_only(tmp_path: Path):
    data = TINY.read_bytes()
    damaged = tmp_path / "damaged.csv"
    damaged.write_bytes(data.replace(b'"10","', b'"10",', 1))  # row 10's start line no longer reads as one
    items = list(CablesCsvReader().read(damaged))
    kinds = [(type(i).__name__, i.row) for i in items]
    assert kinds[8:11] == [("RawCable", 9), ("RowError", 9), ("RawCable", 10)]
    assert items[8].metadata["reference_id"] == rows(TINY)[8].metadata["reference_id"]
    assert items[8].body == rows(TINY)[8].body
    assert "text after row 9 that does not start as a row does" in items[9].reason
    assert items[10].metadata["reference_id"] == rows(TINY)[10].metadata["reference_id"]


@pytest.mark.parametrize("block", [1, 2, 97, 4096])
def test_rows_read_the_same_whatever_the_read_block(monkeypatch, block: int):
    """Row starts, CRLF line ends and the cut artifacts straddle the read blocks."""
    expected = {path: [(r.row, r.metadata, r.header, r.body, r.repairs) for r in rows(path)] for path in (TINY, AA)}
    monkeypatch.setattr(csvdump, "_BLOCK", block)
    for path, want in expected.items():
        assert [(r.row, r.metadata, r.header, r.body, r.repairs) for r in rows(path)] == want


@pytest.mark.parametrize("block", [4096, 4 * 1024 * 1024])
def test_a_record_over_the_limit_is_reported_with_its_line_whatever_the_block(tmp_path: Path, monkeypatch,
                                                                               block: int):
    sample = SAMPLE.read_bytes()
    second = sample.index(b'"2","2/25/1972 9:30"')
    start = b'"2","1/1/1970 0:00","70ROME1","Embassy Rome","SECRET","","R 02\n'
    dump = tmp_path / "runaway.csv"
    # row 2 never closes its header quote: it runs on over 3,000 lines, past the (lowered) limit;
    # row 3 is closed but longer than the limit too
    dump.write_bytes(sample[:second] + start + b"MORE TEXT OF A QUOTE LEFT OPEN\n" * 3000
                     + sample[second:].replace(b'"2","2/25/1972', b'"3","2/25/1972', 1)
                     + start.replace(b'"2"', b'"4"') + b'AN OVERLONG HEADER\n' * 1200 + b'","BODY"\n'
                     + sample[second:].replace(b'"2","2/25/1972', b'"5","2/25/1972', 1))
    monkeypatch.setattr(csvdump, "_MAX_RECORD", 20_000)
    monkeypatch.setattr(csvdump, "_BLOCK", block)
    items = list(CablesCsvReader().read(dump))
    assert [(type(i).__name__, i.row) for i in items] == [("RawCable", 1), ("RowError", 2), ("RawCable", 3),
                                                          ("RowError", 4), ("RawCable", 5)]
    first_line = sample[:second].count(b"\n") + 1
    assert items[1].reason == (f"line {first_line}: record longer than 20000 bytes (unclosed quote?); "
                               "skipped to the next row")
    assert items[1].raw_text.startswith('"2","1/1/1970 0:00","70ROME1"') and len(items[1].raw_text) == 500
    fourth_line = first_line + 3001 + sample[second:].count(b"\n")
    assert items[3].reason.startswith(f"line {fourth_line}: record longer than 20000 bytes")
    assert items[2].metadata["reference_id"] == items[4].metadata["reference_id"] == "72TEHRAN1164"


def test_a_gzip_stream_cut_in_its_trailer_gives_every_row_but_the_last(tmp_path: Path):
    cut = tmp_path / "cables.csv.gz"
    short_row = b'"3","1/1/1970 0:00","70ROME1","Embassy Rome","SECRET","","R 010000Z JAN 70","TEXT"\n'
    cut.write_bytes(gzip.compress(SAMPLE.read_bytes() + short_row)[:-8])  # all the text but the stream's end
    got: list[RawCable] = []
    with pytest.raises(SourceError, match="compressed stream cut short"):
        for raw in CablesCsvReader().read(cut):
            got.append(raw)
    assert [r.metadata["reference_id"] for r in got] == ["66BUENOSAIRES2481", "72TEHRAN1164"]
