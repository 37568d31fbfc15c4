"""Ingest and show on real data: a degraded copy is kept as a version only, missing
paths, non-IDs, metadata-only records, runs that find no cable, Ctrl-C at start-up."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FORMATS, SEED, cablegate_file

import cablekit.ingest as ingest_module
from cablekit.cli import cli
from cablekit.cli.ingest import summary_line
from cablekit.ingest import Interrupted, content_hash, ingest
from cablekit.ingest_worker import parse_raw
from cablekit.sources import read_path
from cablekit.store.base import Incoming
from cablekit.store.writer import BatchSummary
from cablekit.store import open_store
from cablekit.store.history import History, Shape, degradation

HARARE = "00HARARE6677"
HARARE_TEXT = FORMATS / "cablegate-text" / "tathagata__reveal" / "cables" / "00HARARE6677.txt"
AAD_PREVIEW = FORMATS / "aad-cfpf" / "mnyrop__hlab-ipy" / "cables" / "cables-preview.md"
NOT_A_CABLE = Path(__file__).resolve().parents[1] / ".." / "shared" / "gold" / "README.md"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def harare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """00HARARE6677 from its Cablegate page, then the badly parsed plain-text copy
    the user met under that ID (the text reader now gives it the ID of the cable
    the fragment belongs to, so the ID is set here as the user's archive had it)."""
    db = tmp_path_factory.mktemp("harare") / "cables.db"
    raw = next(read_path(HARARE_TEXT))
    item = parse_raw(raw, content_hash(raw))
    assert isinstance(item, Incoming) and item.cable.subject is None and len(item.cable.body) == 1044
    item.cable.reference_id = HARARE
    with open_store(db) as store:
        first = ingest(store, [cablegate_file(HARARE)])
        second, failed = store.write_batch([item])
        again, _ = store.write_batch([item])
    assert (first.stored, second.stored, second.replaced, second.kept_as_version, failed) == (1, 0, 0, 1, [])
    assert (again.unchanged, again.kept_as_version) == (1, 0)
    return db


def test_a_degraded_copy_is_kept_as_version_and_the_full_page_stays_current(harare: Path) -> None:
    with History(harare) as history:
        versions = history.versions(HARARE)
    assert [(v.number, v.current, v.format) for v in versions] == [(1, True, "cablegate-html"),
                                                                   (2, False, "cablegate-pre")]
    assert versions[1].not_current_because == "degraded: no subject, no paragraphs, body 1,044 of 10,318 chars"
    with open_store(harare, read_only=True) as store:
        cable = store.get(HARARE)
    assert cable.source == str(cablegate_file(HARARE)) and cable.subject and len(cable.paragraphs) > 3
    with History(harare) as history:  # the degraded text is kept whole, with its record
        assert len(history.text(HARARE, 2)) < 1100 and history.metadata(HARARE, 2)["subject"] is None


def test_show_versions_says_which_is_current_and_why_not_the_newer(harare: Path) -> None:
    result = run("show", "--db", str(harare), HARARE, "--versions")
    assert result.exit_code == 0, result.output
    assert "version 2 is not current: degraded: no subject, no paragraphs, body 1,044 of 10,318 chars" \
        in result.output
    assert result.output.splitlines()[2].startswith("*  1")
    as_json = json.loads(run("show", "--db", str(harare), HARARE, "--versions", "--json").output)
    assert [v["not_current_because"] for v in as_json["versions"]] == [
        None, "degraded: no subject, no paragraphs, body 1,044 of 10,318 chars"]


def test_summary_line_counts_kept_as_version() -> None:
    line = summary_line(BatchSummary(replaced=2, kept_as_version=1, unchanged=3), "x.db")
    assert line == "stored 0, replaced 2, kept as version 1, unchanged 3, rejected 0, no cable 0 in 0.00 s (x.db)"


def test_degradation_rule() -> None:
    full = Shape(subject=True, paragraphs=True, body_chars=5000)
    assert degradation(Shape(True, True, 2500), full) is None  # half as long is not less than half
    assert degradation(Shape(True, True, 2499), full) == "body 2,499 of 5,000 chars"
    assert degradation(Shape(False, True, 6000), full) == "no subject"
    assert degradation(Shape(True, True, 10), Shape(False, False, 15)) is None


def test_a_missing_path_is_reported_and_the_others_stored(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    result = run("ingest", "--db", str(db), str(SEED), "/nonexistent")
    assert result.exit_code == 1
    assert "cablekit: /nonexistent: no such file or directory\n" in result.stderr
    assert result.stdout.startswith("stored 1, replaced 0, unchanged 0, rejected 1, no cable 0 in ")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT reference_id FROM cables").fetchall() == [("09ASTANA2204",)]
        assert conn.execute("SELECT count(*) FROM rejects").fetchone() == (0,)


@pytest.mark.parametrize("text", ["garbage", "", "../../etc/passwd"])
def test_show_of_a_text_that_is_no_reference_id_is_a_usage_error(harare: Path, text: str) -> None:
    result = run("show", "--db", str(harare), text)
    assert result.exit_code == 2
    assert f"not a reference ID: {text!r}" in result.output


def test_show_of_a_well_formed_id_not_stored_exits_1(harare: Path) -> None:
    result = run("show", "--db", str(harare), "09astana2204")
    assert result.exit_code == 1 and "no cable 09ASTANA2204 in " in result.output


def test_metadata_only_aad_records_count_as_no_cable_not_rejects(tmp_path: Path) -> None:
    db = tmp_path / "aad.db"
    result = run("ingest", "--db", str(db), "--json", str(AAD_PREVIEW))
    summary = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert (summary["stored"], summary["rejected"], summary["no_cable"]) == (1, 0, 4)
    assert "(row 3): holds no cable: telegram text unavailable (record 1973ABIDJA04684" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM rejects").fetchone() == (0,)


def test_a_run_that_finds_no_cable_exits_1(tmp_path: Path) -> None:
    result = run("ingest", "--db", str(tmp_path / "n.db"), str(NOT_A_CABLE))
    assert result.exit_code == 1
    assert result.stdout.rstrip().endswith("; 0 cables found")
    assert "stored 0, replaced 0, unchanged 0, rejected 0, no cable 1 in " in result.stdout


def test_ctrl_c_during_start_up_is_a_clean_interruption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def stop(store):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_module, "_known_texts", stop)
    with open_store(tmp_path / "i.db") as store, pytest.raises(Interrupted) as caught:
        ingest(store, [SEED], jobs=2)
    assert caught.value.summary.stored == 0
    result = run("ingest", "--db", str(tmp_path / "i.db"), str(SEED))
    assert result.exit_code == 130
    assert "Traceback" not in result.output and "cablekit: interrupted; committed so far: stored 0," in result.stderr


def test_summary_words_are_singular_for_one(tmp_path: Path) -> None:
    from cablekit.cli.ingest import progress_line
    from cablekit.ingest_progress import Progress
    assert progress_line(Progress(files_total=1, cables=1)).startswith("1 cable (0/s),")
