"""One cable, many sources: the same cables from the final-edition pages and the CSV dump."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import FORMATS

from cablekit.ingest import ingest
from cablekit.store import open_store

FINAL = FORMATS / "cablegate-html-final-release" / "MarkChips__cablegate-search-app" / "test-set"
TINY = FORMATS / "cables-csv" / "ahlusar1989__IntroToPython" / "cables_tiny.csv"  # rows 1-12 of cables.csv


def test_final_edition_pages_and_csv_rows_are_ten_cables_with_two_sources_each(tmp_path: Path) -> None:
    db = tmp_path / "cables.db"
    with open_store(db) as store:
        pages = ingest(store, [FINAL], jobs=1)
        rows = ingest(store, [TINY], jobs=1)
    assert pages.stored == 10 and pages.rejected == 0
    assert rows.rejected == 0 and rows.stored == 2  # rows 11 and 12 are not among the pages
    conn = sqlite3.connect(db)
    page_ids = [r[0] for r in conn.execute(
        "SELECT DISTINCT cable FROM cable_sources WHERE format = 'cablegate-html' ORDER BY cable")]
    assert len(page_ids) == 10
    assert "75LIBREVILLE1895" in page_ids  # published as 7575LIBREVILLE1895
    sources = {cable: (n, formats) for cable, n, formats in conn.execute(
        "SELECT cable, count(DISTINCT path), group_concat(DISTINCT format) FROM cable_sources "
        "GROUP BY cable")}
    for cable in page_ids:
        n, formats = sources[cable]
        assert n == 2, cable
        assert sorted(formats.split(",")) == ["cablegate-html", "cables-csv"], cable
    assert conn.execute("SELECT count(*) FROM cables").fetchone()[0] == 12
    # each distinct text is a version of its own; the CSV row, read last, is current
    current = dict(conn.execute("SELECT reference_id, created FROM cables"))
    assert current["66BUENOSAIRES2481"].startswith("1966-12-28T18:48")
