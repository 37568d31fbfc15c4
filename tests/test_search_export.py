"""`cablekit search --export`: the whole result set as CSV, JSON Lines and Parquet, read back."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cablekit.cli import cli
from cablekit.search.export import export_chunks, read_back
from cablekit.store import SearchQuery
from cablekit.store.base import EXPORT_COLUMNS


def export(corpus_db, *args: str):
    return CliRunner().invoke(cli, ["search", "--db", str(corpus_db[0]), *args])


@pytest.mark.parametrize("name, fmt", [("kz.csv", None), ("kz.jsonl", None), ("kz.parquet", None),
                                       ("kz.data", "csv"), ("kz.out", "jsonl"), ("kz.bin", "parquet")])
def test_each_format_reads_back_as_the_matches(corpus_db, store, tmp_path: Path, name: str, fmt: str | None) -> None:
    out = tmp_path / name
    args = ["caveat:SIPDIS origin:Astana", "--sort", "oldest", "--limit", "2", "--export", str(out)]
    result = export(corpus_db, *args, *(["--export-format", fmt] if fmt else []))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"5 cables exported to {out}\n"  # every match, not a page of 2
    rows = read_back(out, fmt)
    expected = list(store.iter_matches(SearchQuery("caveat:SIPDIS origin:Astana", sort="oldest")))
    assert rows == expected
    assert [r["reference_id"] for r in rows] == ["08ASTANA338", "09ASTANA677", "09ASTANA982", "09ASTANA2204",
                                                 "10ASTANA72"]
    assert list(rows[0]) == list(EXPORT_COLUMNS)


def test_an_exported_row_holds_the_structured_fields_of_the_record(store, tmp_path: Path, corpus_db) -> None:
    out = tmp_path / "seed.parquet"
    assert export(corpus_db, "id:09ASTANA2204", "--export", str(out)).exit_code == 0
    (row,) = read_back(out)
    cable = store.get("09ASTANA2204")
    assert row["reference_id"] == "09ASTANA2204" and row["created"] == "2009-12-23T09:37"
    assert row["classification"] == "SECRET//NOFORN" and row["caveats"] == ["NOFORN", "SIPDIS"]
    assert row["tags"] == ["PGOV", "PREL", "PINR", "MARR", "AF", "RS", "UZ", "KZ"] == cable.tags
    assert row["from"] == "AMEMBASSY ASTANA" and row["to"] == ["SECSTATE WASHDC"]
    assert row["info"] == [a.name for a in cable.info] and len(row["info"]) > 5
    assert "09STATE128489" in row["references"] and row["signers"] == cable.signers
    assert row["classified_by"] == cable.classified_by and row["reasons"] == cable.reasons
    assert row["declassify_on"] == "2029-12-23" and row["sections"] == cable.sections


def test_a_tag_with_commas_survives_csv(store, tmp_path: Path, corpus_db) -> None:
    out = tmp_path / "clinton.csv"
    assert export(corpus_db, 'tag:"OVIP (CLINTON, HILLARY)"', "--export", str(out)).exit_code == 0
    rows = read_back(out)
    assert rows and all("OVIP (CLINTON, HILLARY)" in r["tags"] for r in rows)
    assert rows == list(store.iter_matches(SearchQuery('tag:"OVIP (CLINTON, HILLARY)"')))


def test_export_problems_are_usage_errors(corpus_db, tmp_path: Path) -> None:
    unknown = export(corpus_db, "overflight", "--export", str(tmp_path / "x.txt"))
    assert unknown.exit_code == 2 and "can't tell the export format of x.txt" in unknown.output
    assert not (tmp_path / "x.txt").exists()
    assert export(corpus_db, "overflight", "--export-format", "csv").exit_code == 2
    empty = export(corpus_db, "zzyzzx", "--export", str(tmp_path / "none.jsonl"))
    assert empty.exit_code == 1 and read_back(tmp_path / "none.jsonl") == []


@pytest.mark.parametrize("name", ["kz.csv", "kz.jsonl", "kz.parquet"])
def test_chunks_are_the_file_in_pieces(corpus_db, store, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    assert export(corpus_db, "origin:Astana", "--sort", "oldest", "--export", str(out)).exit_code == 0
    fmt = out.suffix[1:]
    chunks = list(export_chunks(store.iter_matches(SearchQuery("origin:Astana", sort="oldest")), fmt,
                                rows_per_chunk=2))
    assert len(chunks) >= 3  # 5 cables, 2 a chunk
    joined = tmp_path / f"joined.{fmt}"
    joined.write_bytes(b"".join(chunks))
    assert read_back(joined) == read_back(out)
    assert [r["reference_id"] for r in read_back(joined)] == ["08ASTANA338", "09ASTANA677", "09ASTANA982",
                                                             "09ASTANA2204", "10ASTANA72"]
    if fmt != "parquet":  # Parquet row groups are of 2 rows here, of 1000 in the file
        assert b"".join(chunks) == out.read_bytes()


def test_an_unknown_chunk_format_fails_before_reading_a_record() -> None:
    def records():
        raise AssertionError("read")
        yield {}

    with pytest.raises(ValueError, match="unknown export format 'xls'; use one of csv, jsonl, parquet"):
        export_chunks(records(), "XLS")
    assert b"".join(export_chunks(iter(()), "jsonl")) == b""
