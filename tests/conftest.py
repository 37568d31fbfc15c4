"""Shared fixtures: where ../shared lives, the corpus paths, the gold records."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
CABLEGATE = CORPUS / "cablegate"
SEED = CORPUS / "pages" / "09ASTANA2204.txt"
FORMATS = CORPUS / "formats"
GOLD = SHARED / "gold" / "cables.jsonl"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the repository (read-only data)."""
    assert SHARED.is_dir(), f"expected the shared data folder at {SHARED}"
    return SHARED


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    """The hand-verified gold records, one dict per cable."""
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_path(source: str) -> Path:
    """The corpus file a gold record's ``source`` names."""
    p = CORPUS / source
    return p if p.exists() else CABLEGATE / source


def citing_pair(store) -> tuple[str, str]:
    """A cable of the archive that cites another cable of the archive: (citing, cited)."""
    for rid in store.iter_ids():
        cable = store.get(rid)
        have = store.existing(r.reference_id for r in cable.references)
        for ref in cable.references:
            if ref.reference_id in have and ref.reference_id != rid:
                return rid, ref.reference_id
    raise AssertionError("no cable of the corpus cites another cable of the corpus")


def cablegate_file(reference_id: str) -> Path:
    """The Cablegate page of a reference ID, e.g. cablegate_file("09USNATO588")."""
    hits = list(CABLEGATE.glob(f"cable/*/*/{reference_id}.html"))
    assert hits, f"{reference_id} not in the corpus"
    return hits[0]


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory):
    """An archive of the whole corpus (the Cablegate pages and the seed page),
    ingested once per session: ``(db path, IngestSummary)``. Read it only."""
    from cablekit.ingest import ingest
    from cablekit.store import open_store

    db = tmp_path_factory.mktemp("archive") / "cables.db"
    with open_store(db) as store:
        summary = ingest(store, [CABLEGATE, SEED])
    return db, summary


@pytest.fixture(scope="session")
def cablegate_raws() -> dict:
    """Every Cablegate page of the corpus read once: reference ID -> RawCable."""
    from cablekit.sources.cablegate import CablegateHtmlReader

    reader = CablegateHtmlReader()
    return {p.stem: next(reader.read(p)) for p in sorted(CABLEGATE.glob("cable/*/*/*.html"))}


BENCH_ROWS = 800
"""Rows of the `bench_csv` dump."""


@pytest.fixture(scope="session")
def bench_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cables.csv of `BENCH_ROWS` rows made by bench/make_fullsize_corpus.py (the full
    dump's layout and reference IDs, texts re-issued from the 1966 and 2010 Cablegate
    folders and the seed page)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("dump") / "cables.csv"
    subprocess.run([sys.executable, "bench/make_fullsize_corpus.py", str(out), "--limit", str(BENCH_ROWS),
                    "--sources", str(CABLEGATE / "cable" / "1966"), str(CABLEGATE / "cable" / "2010"),
                    str(SEED.parent)], cwd=REPO, check=True, capture_output=True, text=True)
    return out


@pytest.fixture(scope="module")
def db(corpus_db: tuple) -> Path:
    """The shared archive of the real corpus (see `corpus_db`)."""
    return corpus_db[0]


@pytest.fixture(scope="module")
def client(db: Path):
    """The web app over the corpus archive, in process (starlette TestClient)."""
    from starlette.testclient import TestClient

    from cablekit.web.app import create_app

    with TestClient(create_app(db)) as c:
        yield c


@pytest.fixture(scope="module")
def store(db: Path):
    """The corpus archive opened read-only."""
    from cablekit.store import open_store

    with open_store(db, read_only=True) as s:
        yield s
