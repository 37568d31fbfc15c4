"""The full-size corpus generator (bench/make_fullsize_corpus.py) writes the real cables.csv layout.

Generates 200 rows from a few corpus folders and reads them back the way the
real dump must be read (`csv.reader` with ``escapechar='\\'``, ``doublequote=False``).
Correctness only: no timing here.
"""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from cablekit.refid import canonicalize, split

REPO = Path(__file__).resolve().parents[1]
ROWS = 200
_CREATED = re.compile(r"^[1-9]\d?/[1-9]\d?/\d{4} (?:[1-9]|1\d|2[0-3]|0):[0-5]\d$")
_RECORD_START = re.compile(rb'^"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d",', re.M)
_DTG = re.compile(r"\b(\d{6})Z (JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC) (\d{2})\b")


@pytest.fixture(scope="module")
def generated(shared: Path, tmp_path_factory) -> tuple[bytes, list[list[str]]]:
    """200 rows built from the 1966 and 2010 Cablegate folders and the seed page: raw bytes and rows."""
    out = tmp_path_factory.mktemp("bench") / "cables.csv"
    corpus = shared / "corpus"
    subprocess.run([sys.executable, "bench/make_fullsize_corpus.py", str(out), "--limit", str(ROWS), "--sources",
                    str(corpus / "cablegate" / "cable" / "1966"), str(corpus / "cablegate" / "cable" / "2010"),
                    str(corpus / "pages")], cwd=REPO, check=True, capture_output=True, text=True)
    data = out.read_bytes()
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, escapechar="\\", doublequote=False))
    return data, rows


def test_rows_have_eight_fields_numbered_in_created_order(generated, shared):
    _, rows = generated
    assert len(rows) == ROWS
    assert {len(r) for r in rows} == {8}
    assert [r[0] for r in rows] == [str(n) for n in range(1, ROWS + 1)]
    known = set((shared / "corpus/formats/cables-csv-derived/wlwardiary__cable2graph/data/cable_ids.list")
                .read_text(encoding="utf-8").split())
    assert len({r[2] for r in rows}) == ROWS and {r[2] for r in rows} <= known
    created = [datetime.strptime(r[1], "%m/%d/%Y %H:%M") for r in rows]
    assert all(_CREATED.match(r[1]) for r in rows), [r[1] for r in rows if not _CREATED.match(r[1])][:3]
    assert created == sorted(created)
    for row, when in zip(rows, created):
        yy = int(row[2][:2])
        assert when.year == (1900 + yy if yy >= 60 else 2000 + yy), row[:3]
    assert created[-1] <= datetime(2010, 2, 28, 23, 59)


def test_records_split_like_the_ruby_importers_do(generated):
    data, rows = generated
    assert len(_RECORD_START.findall(data)) == ROWS
    assert data.endswith(b'"\n') and data.count(b'"\n"') == ROWS - 1
    # backslash escapes, not doubled quotes
    assert b'""' not in data.replace(b'",""', b"").replace(b'"",', b"")
    assert any("'" in r[7] for r in rows) and b"\\'" in data


def test_reissued_text_names_its_new_id_and_date(generated):
    _, rows = generated
    banners = dtgs = de_lines = 0
    for row in rows:
        parts = split(canonicalize(row[2]))
        when = datetime.strptime(row[1], "%m/%d/%Y %H:%M")
        header, body = row[6], row[7]
        if parts is None:
            continue
        spelled = r" ?".join(parts.post)
        if re.search(rf"\b{spelled} 0*{parts.serial}\b", body[:3000]):
            banners += 1
        m = _DTG.search(header)
        if m:
            assert m.group(0) == when.strftime("%d%H%MZ %b %y").upper(), (row[2], m.group(0), row[1])
            dtgs += 1
        de = re.search(r"^DE R[A-Z0-9]+ #(\d+)(?:/\d+)? (\d{3})(\d{4})", header, re.M)
        if de:
            assert de.group(1) == f"{parts.serial % 10000:04d}", (row[2], de.group(0))
            assert int(de.group(2)) == when.timetuple().tm_yday and de.group(3) == when.strftime("%H%M")
            de_lines += 1
        assert body.endswith(" \n") and all(line.endswith(" ") for line in body.split("\n")[:-1])
    assert banners >= ROWS * 0.95 and dtgs >= ROWS * 0.9 and de_lines >= ROWS * 0.5, (banners, dtgs, de_lines)


def test_a_corpus_cable_under_its_own_id_matches_the_real_dump(generated, shared):
    """Row 1 of the real cables.csv is 66BUENOSAIRES2481; the generated row 1 is the same cable."""
    _, rows = generated
    with open(shared / "corpus/formats/cables-csv/GavinMendelGleason__mapper/cables_sample.csv",
              newline="", encoding="utf-8") as fh:
        real = next(csv.reader(fh, escapechar="\\", doublequote=False))
    ours = rows[0]
    assert ours[:5] == real[:5] == ["1", "12/28/1966 18:48", "66BUENOSAIRES2481", "Embassy Buenos Aires", "UNCLASSIFIED"]
    assert ours[6] == real[6]
    diff = [(a, b) for a, b in zip(ours[7].split("\n"), real[7].split("\n")) if a != b]
    # the web edition we re-issue from wrote the TAGS line without the commas
    assert diff == [("TAGS: EFIS PBTS AR ", "TAGS: EFIS, PBTS, AR ")]
    assert len(ours[7]) == len(real[7]) - 2
