"""The search index follows the archive: built on first search, repaired after crashes and changes."""
from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CABLEGATE, REPO, SEED

from cablekit.cli import cli
from cablekit.ingest import ingest, read_cables
from cablekit.search.index import SearchIndex, index_path
from cablekit.search.sync import counts, in_sync
from cablekit.store import SearchQuery, open_store
from cablekit.store.base import Incoming

FILES = sorted(CABLEGATE.glob("cable/*/*/*.html"))


def figures(db: Path) -> tuple[int, int, int]:
    """(cables, ledger rows, index documents) of an archive."""
    conn = sqlite3.connect(db)
    try:
        found = counts(conn, SearchIndex.open(db, create=False))
    finally:
        conn.close()
    return found.cables, found.ledger, found.documents


def total(db: Path, text: str) -> int:
    with open_store(db, read_only=True) as store:
        return store.search(SearchQuery(text)).total


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of 40 Cablegate pages and the seed page, its index built (made once)."""
    db = tmp_path_factory.mktemp("template") / "small.db"
    with open_store(db) as store:
        ingest(store, [*FILES[:40], SEED])
        report = store.sync_index()
    assert (report.added, report.deleted, report.rebuilt) == (41, 0, True)
    return db


@pytest.fixture()
def small(template: Path, tmp_path: Path) -> Path:
    """A copy of the template archive and its index folder, for one test to change."""
    db = tmp_path / template.name
    shutil.copy(template, db)
    shutil.copytree(index_path(template), index_path(db))
    return db


def test_the_index_lives_beside_the_database_and_agrees_with_it(small: Path) -> None:
    assert index_path(small) == small.parent / "small.db.idx" and index_path(small).is_dir()
    assert figures(small) == (41, 41, 41)
    with open_store(small) as store:
        assert store.sync_index().added == 0  # nothing to do
    conn = sqlite3.connect(small)
    ledger = conn.execute("SELECT count(*) FROM search_index s JOIN cables c ON c.reference_id = s.cable "
                          "AND c.content_hash = s.content_hash").fetchone()[0]
    assert ledger == 41


def test_a_deleted_index_folder_is_rebuilt_on_the_next_search(small: Path) -> None:
    shutil.rmtree(index_path(small))
    assert total(small, "overflight tag:KZ") == 1  # the seed page
    assert figures(small) == (41, 41, 41)


def test_an_index_of_another_archive_is_replaced(small: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with open_store(other) as store:
        ingest(store, FILES[100:141])
        store.sync_index()
    shutil.rmtree(index_path(small))
    shutil.copytree(index_path(other), index_path(small))  # same counts (41), another archive
    assert figures(small) == (41, 41, 41)
    assert total(small, "id:09ASTANA2204") == 1
    assert total(small, f"id:{FILES[120].stem}") == 0


def test_an_older_copy_of_the_index_folder_is_rebuilt(small: Path, tmp_path: Path) -> None:
    shutil.copytree(index_path(small), tmp_path / "older.idx")
    with open_store(small) as store:
        ingest(store, FILES[40:60])
        assert store.sync_index().added == 20
    shutil.rmtree(index_path(small))
    shutil.copytree(tmp_path / "older.idx", index_path(small))  # same id, 20 documents short
    assert figures(small) == (61, 61, 41)
    assert total(small, f"id:{FILES[50].stem}") == 1
    assert figures(small) == (61, 61, 61)


def test_cables_written_without_their_index_documents_are_indexed_on_the_next_open(small: Path) -> None:
    with open_store(small) as store:  # records only, as another program or an older cablekit writes them
        for path in FILES[40:60]:
            store.write_batch([item for item in read_cables(path) if isinstance(item, Incoming)])
    assert figures(small) == (61, 41, 41)
    assert total(small, f"id:{FILES[50].stem}") == 1
    assert figures(small) == (61, 61, 61)


def test_an_ingest_indexes_its_cables_as_its_batches_commit(small: Path) -> None:
    with open_store(small) as store:
        summary = ingest(store, FILES[40:60], batch_size=5)
        assert summary.stored == 20
        assert SearchIndex.open(small, create=False).searcher().num_docs == 41  # fed, not yet committed
    assert figures(small) == (61, 61, 61)  # closing the store committed the index and its ledger
    with open_store(small) as store:
        assert store.sync_index().added == 0


def test_a_new_text_replaces_the_old_one_in_the_index(small: Path, tmp_path: Path) -> None:
    page = tmp_path / "09ASTANA2204.txt"
    page.write_text(SEED.read_text(encoding="utf-8").replace("visit to Astana", "visit to Zanzibar"),
                    encoding="utf-8")
    with open_store(small) as store:
        assert store.search(SearchQuery("zanzibar")).total == 0
        assert ingest(store, [page]).replaced == 1
        assert [h.reference_id for h in store.search(SearchQuery("zanzibar")).hits] == ["09ASTANA2204"]
    assert figures(small) == (41, 41, 41)
    assert total(small, '"visit to Astana"') == 0


def test_a_cable_removed_from_the_archive_leaves_the_index(small: Path) -> None:
    conn = sqlite3.connect(small)
    with conn:
        conn.execute("DELETE FROM cables WHERE reference_id = '09ASTANA2204'")
    conn.close()
    assert total(small, "overflight tag:KZ") == 0
    assert figures(small) == (40, 40, 40)


CRASH = textwrap.dedent("""
    import os, signal, sys
    from cablekit.ingest import ingest, read_cables
    from cablekit.search import sync
    from cablekit.store import open_store

    where, db, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    class Dies:  # an index writer that dies when asked to commit
        def __init__(self, writer):
            self.writer = writer
        def commit(self):
            os.kill(os.getpid(), signal.SIGKILL)
        def __getattr__(self, name):
            return getattr(self.writer, name)

    if where == "before-index-commit":
        real_writer = sync._writer
        sync._writer = lambda idx, wait: Dies(real_writer(idx, wait))
    else:  # after the index commit, before the ledger records it
        sync._ledger_write = lambda conn, work: os.kill(os.getpid(), signal.SIGKILL)
    with open_store(db) as store:
        ingest(store, files)
        store.sync_index()
""")


@pytest.mark.parametrize("where", ["before-index-commit", "between-index-and-ledger-commits"])
def test_an_index_feed_killed_midway_is_repaired_on_the_next_open(small: Path, where: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    files = [str(f) for f in FILES[40:70]]
    proc = subprocess.run([sys.executable, "-c", CRASH, where, str(small), *files], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    cables, ledger, documents = figures(small)
    assert (cables, ledger) == (71, 41)
    assert documents == (41 if where == "before-index-commit" else 71)
    conn = sqlite3.connect(small)
    assert not in_sync(conn, SearchIndex.open(small, create=False))
    assert total(small, f"id:{FILES[69].stem}") == 1  # the writer lock died with the process
    assert in_sync(conn, SearchIndex.open(small, create=False))
    conn.close()
    assert figures(small) == (71, 71, 71)  # no document twice
    assert total(small, "") == 71


def test_cablekit_ingest_brings_the_index_up_to_date(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cablekit.cli import cli

    db = tmp_path / "cli.db"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), "--json", *map(str, FILES[:12]), str(SEED)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["stored"] == 13 and summary["index"]["added"] == 13 and summary["index"]["skipped"] is None
    assert figures(db) == (13, 13, 13)
    again = json.loads(CliRunner().invoke(cli, ["ingest", "--db", str(db), "--json", str(SEED)]).stdout)
    assert (again["unchanged"], again["index"]["added"]) == (1, 0)


def test_a_search_during_an_import_answers_at_once_and_says_the_index_is_behind(small: Path) -> None:
    importing = SearchIndex.open(small, create=False).index.writer()  # as an import holds it
    with open_store(small) as store:
        assert ingest(store, FILES[40:45]).stored == 5  # the store can't feed the index meanwhile
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "--db", str(small), "--json", f"id:{FILES[42].stem}"])
    page = json.loads(result.stdout)
    assert page["total"] == 0 and "an import?" in page["index_behind"]
    assert "results may be incomplete: another process (an import?)" in result.stderr
    with open_store(small, read_only=True) as store:  # the web app's view of it
        assert store.search(SearchQuery("")).behind is not None
        del importing  # the import ends: its writer (and lock) go
        gc.collect()
        again = store.search(SearchQuery(f"id:{FILES[42].stem}"))  # the next search catches up
        assert (again.total, again.behind) == (1, None)
    assert figures(small) == (46, 46, 46)
