"""Versions of a cable: every distinct text kept with its source and time; `cablekit show --versions / --diff`."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CABLEGATE, FORMATS, cablegate_file
from test_ingest import AA, SAMPLE, assert_whole_cables

from cablekit.cli import cli
from cablekit.ingest import ingest
from cablekit.store import open_store
from cablekit.store.history import History
from cablekit.worddiff import render, word_diff

EARLY = CABLEGATE / "cable" / "1966" / "12" / "66BUENOSAIRES2481.html"  # the 2010 web edition
FINAL = (FORMATS / "cablegate-html-final-release" / "MarkChips__cablegate-search-app" / "test-set" / "1966" / "12"
         / "66BUENOSAIRES2481.html")  # the final (251,287-cable) edition
REDACTED = "Idenov XXXXXXXXXXXX \u201cI tell him"
UNREDACTED = "Idenov told us: \u201cI tell him"


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """66BUENOSAIRES2481 from the early edition, the final edition, then the cables.csv row."""
    db = tmp_path_factory.mktemp("editions") / "cables.db"
    with open_store(db) as store:
        counts = [ingest(store, [path]) for path in (EARLY, FINAL, SAMPLE)]
    assert [(c.stored, c.replaced, c.unchanged) for c in counts] == [(1, 0, 0), (0, 1, 0), (1, 1, 0)]
    return db


def show(db: Path, *args: str):
    return CliRunner().invoke(cli, ["show", "--db", str(db), *args])


def test_every_edition_is_a_version_and_the_newest_is_current(editions: Path) -> None:
    with History(editions) as history:
        versions = history.versions("66BUENOSAIRES2481")
    assert [(v.number, v.format, v.row, v.current) for v in versions] == [
        (1, "cablegate-html", None, False), (2, "cablegate-html", None, False), (3, "cables-csv", 1, True)]
    assert [Path(v.source).name for v in versions] == ["66BUENOSAIRES2481.html"] * 2 + ["cables_sample.csv"]
    assert versions[0].imported_at <= versions[1].imported_at <= versions[2].imported_at
    assert len({v.content_hash for v in versions}) == 3
    with open_store(editions, read_only=True) as store:
        cable = store.get("66buenosaires2481")
    assert cable.created == "1966-12-28T18:48" and cable.source == str(SAMPLE)  # the dump's row is current
    assert versions[2].size == len((cable.header + cable.body).encode("utf-8"))
    assert versions[0].size == versions[1].size != versions[2].size
    assert_whole_cables(editions)


def test_show_versions_lists_number_time_source_format_hash_and_size(editions: Path) -> None:
    result = show(editions, "66buenosaires2481", "--versions")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "66BUENOSAIRES2481  3 versions"
    assert lines[1].split() == ["#", "IMPORTED", "AT", "SOURCE", "FORMAT", "HASH", "SIZE"]
    rows = [line.split() for line in lines[2:5]]
    assert [r[0] for r in rows] == ["1", "2", "*"]
    assert rows[2][1:2] == ["3"] and rows[2][3:5] == [str(SAMPLE), "(row"]
    with History(editions) as history:
        versions = history.versions("66BUENOSAIRES2481")
    assert [r[-2:] for r in rows] == [[v.content_hash[:12], f"{v.size:,}"] for v in versions]
    assert rows[0][-3] == rows[1][-3] == "cablegate-html" and rows[2][-3] == "cables-csv"
    data = json.loads(show(editions, "66BUENOSAIRES2481", "--versions", "--json").stdout)
    assert data["reference_id"] == "66BUENOSAIRES2481"
    assert [(v["number"], v["current"], v["source"]) for v in data["versions"]] == [
        (1, False, str(EARLY)), (2, False, str(FINAL)), (3, True, str(SAMPLE))]


def test_diff_defaults_to_the_two_newest_and_shows_word_changes(editions: Path) -> None:
    result = show(editions, "66BUENOSAIRES2481", "--diff")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("--- 66BUENOSAIRES2481 version 2 (") and str(FINAL) in lines[0]
    assert lines[1].startswith("+++ 66BUENOSAIRES2481 version 3 (") and str(SAMPLE) in lines[1]
    assert lines[2] == "released: 2011-08-30T01:44 -> -"  # the dump says nothing of the release
    assert "1 change in the text: 2 words removed, 2 added" in lines
    assert any("TAGS: [-EFIS PBTS-] {+EFIS, PBTS,+} AR SUBJECT:" in line for line in lines)


def test_diff_of_the_web_editions_names_the_metadata_that_changed(editions: Path) -> None:
    result = show(editions, "66BUENOSAIRES2481", "--diff", "1", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "created: 1966-12-28T18:06 -> 1966-12-28T18:48" in lines  # the early edition's time was off
    assert "0 changes in the text: 0 words removed, 0 added" in lines
    data = json.loads(show(editions, "66BUENOSAIRES2481", "--diff", "1", "2", "--json").stdout)
    assert data["metadata"]["created"] == ["1966-12-28T18:06", "1966-12-28T18:48"]
    assert (data["from"]["number"], data["to"]["number"], data["changes"]) == (1, 2, [])


def test_a_copy_with_a_redaction_lifted_becomes_the_current_version(tmp_path: Path) -> None:
    page = cablegate_file("10ASTANA72")
    original = page.read_text(encoding="utf-8")
    assert original.count(REDACTED) == 1
    copy = tmp_path / "later" / "10ASTANA72.html"
    copy.parent.mkdir()
    copy.write_text(original.replace(REDACTED, UNREDACTED), encoding="utf-8")
    db = tmp_path / "r.db"
    with open_store(db) as store:
        assert ingest(store, [page]).stored == 1
        assert ingest(store, [copy]).replaced == 1
        assert ingest(store, [page]).unchanged == 1  # the older text again: known, the copy stays current
        assert "Idenov told us:" in store.get("10ASTANA72").body
    result = show(db, "10ASTANA72", "--diff", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["words_removed"], data["words_added"]) == (1, 2)
    assert [(c["op"], c["removed"], c["added"]) for c in data["changes"]] == [
        ("replace", ["XXXXXXXXXXXX"], ["told", "us:"])]
    assert data["changes"][0]["before"][-1] == "Idenov" and data["changes"][0]["after"][0] == "\u201cI"
    assert data["metadata"] == {}
    text = show(db, "10ASTANA72", "--diff").stdout
    assert "Idenov [-XXXXXXXXXXXX-] {+told us:+} \u201cI tell him" in text
    conn = sqlite3.connect(db)
    old = json.loads(conn.execute("SELECT record FROM cable_versions WHERE cable = '10ASTANA72' ORDER BY id "
                                  "LIMIT 1").fetchone()[0])
    assert REDACTED.split(" \u201c")[0] in old["body"]  # the superseded text is kept whole


def test_the_same_id_twice_in_one_dump_keeps_both_rows_as_versions(tmp_path: Path) -> None:
    db = tmp_path / "aa.db"
    with open_store(db) as store:
        ingest(store, [AA])
    data = json.loads(show(db, "85MOGADISHU1643", "--diff", "--json").stdout)
    assert (data["from"]["row"], data["to"]["row"]) == (29, 30)
    assert [(c["op"], c["added"]) for c in data["changes"]] == [("insert", ["N", "O", "F", "O", "R", "N"])]
    assert data["changes"][0]["before"][-6:] == ["S", "E", "C", "R", "E", "T"]


def test_diff_and_versions_errors(editions: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.db"
    with open_store(one) as store:
        ingest(store, [EARLY])
    result = show(one, "66BUENOSAIRES2481", "--diff")
    assert result.exit_code == 1 and "has only one version; nothing to compare" in result.stderr
    assert show(one, "66BUENOSAIRES2481", "--versions").stdout.splitlines()[0] == "66BUENOSAIRES2481  1 version"
    result = show(editions, "66BUENOSAIRES2481", "--diff", "1", "7")
    assert result.exit_code == 1 and "has no version 7 (versions 1-3)" in result.stderr
    assert show(editions, "66BUENOSAIRES2481", "1", "2").exit_code == 2  # numbers without --diff
    assert show(editions, "66BUENOSAIRES2481", "--diff", "2").exit_code == 2
    assert "no cable 09XXX1" in show(editions, "09xxx1", "--versions").stderr


def test_word_diff_marks_removed_and_added_words_with_context() -> None:
    changes = word_diff("1. (S) THE XXXXXXXXXXXX TOLD POLOFF THAT", "1. (S) THE MINISTER TOLD POLOFF THAT", 2)
    assert [(c.op, c.position, c.removed, c.added, c.before, c.after) for c in changes] == [
        ("replace", 3, ["XXXXXXXXXXXX"], ["MINISTER"], ["(S)", "THE"], ["TOLD", "POLOFF"])]
    assert render(changes) == ["@@ word 4 @@ … (S) THE [-XXXXXXXXXXXX-] {+MINISTER+} TOLD POLOFF"]
    colored = render(changes, color=True)[0]
    assert "\x1b[" in colored and "[-" not in colored and "MINISTER" in colored
    assert word_diff("A B C", "A B C") == []
