"""The one decoding path: bytes that are not UTF-8 and mojibake, repaired by library and reported."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cablekit.errors import SourceError
from cablekit.parse import parse_cable
from cablekit.sources import read_path
from cablekit.sources.encoding import decode_bytes, decode_text, repair_text

from conftest import FORMATS

CONVERTED = FORMATS / "cablegate-text" / "paul-mathieu__cablegate-cia-analysis" / "data-sample" / "cablegate-converted"
SAMPLE_CSV = FORMATS / "cables-csv" / "GavinMendelGleason__mapper" / "cables_sample.csv"
CP1252 = "not valid UTF-8: decoded as cp1252 (charset-normalizer)"


def test_cp1252_pilcrow_byte_is_decoded_and_reported():
    assert decode_text(b"\r\n\xb61. (C) Summary") == ("\r\n\u00b61. (C) Summary", [CP1252])


def test_utf8_is_left_alone():
    text = "Mugabe\u2019s \u201cretirement package\u201d \u00b61. S\u00c3O PAULO"  # curly quotes, real "SÃO" stay
    assert decode_text(text.encode("utf-8")) == (text, [])
    assert decode_text(b"\xef\xbb\xbfUNCLAS STATE 089712") == ("UNCLAS STATE 089712", [])


def test_mojibake_is_repaired_with_ftfy():
    mangled = "Mugabe\u2019s departure".encode("utf-8").decode("cp1252")  # "Mugabeâ€™s departure"
    assert mangled == "Mugabe\u00e2\u20ac\u2122s departure"
    assert repair_text(mangled) == ("Mugabe\u2019s departure",
                                    ["mojibake repaired (ftfy: encode sloppy-windows-1252, decode utf-8)"])
    assert decode_text(mangled.encode("utf-8"))[0] == "Mugabe\u2019s departure"
    assert repair_text("\u00c2\u00b61. Summary")[0] == "\u00b61. Summary"


def test_binary_and_empty_input_are_source_errors():
    with pytest.raises(SourceError, match="binary file"):
        decode_bytes(b"\x89PNG\x00\x00\x00", "x.png")
    with pytest.raises(SourceError, match="empty file"):
        decode_bytes(b" \n", "x.txt")


@pytest.mark.parametrize("name", sorted(p.name for p in CONVERTED.glob("*.txt")))
def test_every_text_taken_out_of_a_pdf_reads_with_its_repairs(name):
    data = (CONVERTED / name).read_bytes()
    [raw] = list(read_path(CONVERTED / name))
    try:
        data.decode("utf-8")
        assert CP1252 not in raw.repairs
    except UnicodeDecodeError:
        assert raw.repairs[0] == CP1252
    assert "\ufffd" not in raw.header + raw.body and "\r" not in raw.body
    cable = parse_cable(raw)
    assert cable.reference_id == name.removesuffix(".txt")


def test_the_byte_0xac_of_a_pdf_text_is_a_not_sign():
    [raw] = list(read_path(CONVERTED / "09PARIS1007.txt"))
    assert "for a conference is \u00ac a" in raw.body


def test_csv_row_with_mojibake_and_cp1252_bytes(tmp_path: Path):
    row = SAMPLE_CSV.read_bytes().split(b'\n"2","')[0] + b"\n"
    mangled = row.replace(b"PRESS REPORTS", "PRESS\u00e2\u20ac\u2122 REPORTS".encode("utf-8"))
    dump = tmp_path / "cables.csv.gz"
    dump.write_bytes(gzip.compress(mangled.replace(b"UNILATERALLY", b"UNILATERALLY \xb6")))
    [raw] = list(read_path(dump))
    assert raw.repairs[0] == CP1252 and raw.repairs[1].startswith("mojibake repaired (ftfy: ")
    assert len(raw.repairs) == 2
    assert "PRESS\u2019 REPORTS" in raw.body and "UNILATERALLY \u00b6" in raw.body


def test_json_line_with_cp1252_byte(tmp_path: Path):
    export = tmp_path / "export.json"
    export.write_bytes(b'{ "_id" : "07KINGSTON382", "body" : "UNCLAS KINGSTON 000382 \\n\xb61. Post requests"}\n')
    [raw] = list(read_path(export))
    assert raw.repairs == [CP1252]
    assert raw.body == "UNCLAS KINGSTON 000382 \n\u00b61. Post requests"
    assert raw.metadata["reference_id"] == "07KINGSTON382"
