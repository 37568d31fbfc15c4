"""The SQLite store: schema and migrations, versions, look-ups, search, browse, threads."""
from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import FORMATS, SEED, cablegate_file

from cablekit.errors import QuerySyntaxError, StoreError
from cablekit.ingest import ingest
from cablekit.parse import parse_cable
from cablekit.sources import read_path
from cablekit.store import HIGHLIGHT_END, HIGHLIGHT_START, FacetCount, Incoming, SearchQuery, open_store
from cablekit.store.base import OriginRange, unmark
from cablekit.jsontext import compact
from cablekit.model import Cable
from cablekit.store import indexes
from cablekit.store.indexes import DEFERRABLE
from cablekit.store.migrations import _LEDGER, LATEST, MIGRATIONS, _statements
from cablekit.store.query import date_bound

OVERFLIGHT = {  # every cable of the corpus whose subject or body has "overflight(s)"
    "05MADRID541", "06ABUDHABI1401", "06DUBLIN1020", "07PARIS2027", "09ALGIERS948", "09ASTANA2204",
    "09SANAA2250", "09STATE62392", "09STATE62393", "09STATE62395", "09STATE62397", "09TELAVIV2502",
    "09TRIPOLI938", "09TRIPOLI943", "09TRIPOLI950", "10ALGIERS20", "10ALGIERS39", "10ANKARA87", "10RABAT5",
}
ASTANA = ["10ASTANA72", "09ASTANA2204", "09ASTANA982", "09ASTANA677", "08ASTANA338"]  # newest first


def ids(results) -> list[str]:
    return [h.reference_id for h in results.hits]


# -- schema ------------------------------------------------------------------

def test_new_file_is_migrated_once_and_recorded(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    open_store(db).close()
    open_store(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT number FROM schema_migrations").fetchall() == [(n,) for n in range(1, LATEST + 1)]
    tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"cables", "cable_versions", "cable_sources", "aliases", "addressees", "tags", "cable_references",
            "other_references", "paragraphs", "signers", "rejects", "schema_migrations",
            "search_index", "search_index_meta"} <= tables
    assert not any(name.startswith("cables_fts") for name in tables)  # the search index is Tantivy's
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_migration_3_drops_the_fts5_copy_of_an_older_archive(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(_LEDGER)
    for m in MIGRATIONS[:2]:  # an archive as cablekit 0.1 left it, FTS5 table and triggers included
        for statement in _statements(m.sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (m.number, m.name))
    conn.close()
    with open_store(db) as store:
        ingest(store, [SEED])
        assert store.get("09ASTANA2204").subject == ("KAZAKHSTAN: TERRORISM AND SECURITY CONCERNS INFLUENCE "
                                                     "DELIBERATION ON OVERFLIGHT AND NDN AMENDMENTS")
    conn = sqlite3.connect(db)
    names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'cables_fts%'")]
    assert names == [] and conn.execute("SELECT max(number) FROM schema_migrations").fetchone() == (LATEST,)


def test_writes_leave_checkpoints_to_a_background_thread(tmp_path: Path) -> None:
    db = tmp_path / "wal.db"
    store = open_store(db)
    writing = store._conn
    assert writing.execute("PRAGMA wal_autocheckpoint").fetchone() == (1000,)
    ingest(store, [SEED, cablegate_file("09USNATO588")], jobs=1)
    assert writing.execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)  # the commits don't stop for it
    assert any(t.name == "cablekit-checkpoint" for t in threading.enumerate())
    store.close()
    assert not any(t.name == "cablekit-checkpoint" for t in threading.enumerate())
    assert not Path(f"{db}-wal").exists()  # all copied into the file on close
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM cables").fetchone() == (2,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_compact_json_is_the_json_modules_text_and_takes_what_orjson_refuses() -> None:
    record = parse_cable(next(read_path(SEED))).to_dict()
    assert compact(record) == json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    assert compact({"serial": 10**30, "tags": ["KZ"]}) == '{"serial":1000000000000000000000000000000,"tags":["KZ"]}'


def test_the_record_is_a_copy_that_rebuilds_the_cable() -> None:
    cable = parse_cable(next(read_path(SEED)))
    record = cable.to_dict()
    assert record["to"][0] == {"name": "SECSTATE WASHDC", "routing_indicator": "RUEHC", "precedence": "IMMEDIATE",
                               "serial": 7069, "exempt": []}
    assert list(record["to"][0]) == ["name", "routing_indicator", "precedence", "serial", "exempt"]
    record["to"][0]["exempt"].append("AMEMBASSY KABUL")
    record["tags"].append("XX")
    record["paragraphs"][0]["text"] = ""
    assert cable.to[0].exempt == [] and "XX" not in cable.tags and cable.paragraphs[0].text
    assert Cable.from_dict(cable.to_dict()) == cable


def test_read_only_needs_an_existing_cablekit_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        open_store(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_text("this is not SQLite\n" * 100)
    with pytest.raises(StoreError, match="not a cablekit database|cannot open"):
        open_store(junk)


def test_read_only_store_refuses_writes(corpus_db) -> None:
    with open_store(corpus_db[0], read_only=True) as s, pytest.raises(StoreError, match="read-only"):
        s.write_batch([])


# -- versions -----------------------------------------------------------------

def test_new_text_replaces_and_old_text_stays_a_version(tmp_path: Path) -> None:
    page = tmp_path / "09ASTANA2204.txt"
    original = SEED.read_text(encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    with open_store(tmp_path / "v.db") as s:
        first = ingest(s, [page])
        assert (first.stored, first.replaced, first.unchanged) == (1, 0, 0)
        assert s.search(SearchQuery("zanzibar")).total == 0

        page.write_text(original.replace("visit to Astana", "visit to Zanzibar"), encoding="utf-8")
        second = ingest(s, [page])
        assert (second.stored, second.replaced, second.unchanged) == (0, 1, 0)
        assert ids(s.search(SearchQuery("zanzibar"))) == ["09ASTANA2204"]
        assert "visit to Zanzibar" in s.get("09ASTANA2204").body

        page.write_text(original, encoding="utf-8")  # an old text again: known, so nothing changes
        third = ingest(s, [page])
        assert (third.stored, third.replaced, third.unchanged) == (0, 0, 1)
        assert "visit to Zanzibar" in s.get("09ASTANA2204").body
    conn = sqlite3.connect(tmp_path / "v.db")
    versions = conn.execute("SELECT id, cable, record FROM cable_versions ORDER BY id").fetchall()
    assert [c for _, c, _ in versions] == ["09ASTANA2204", "09ASTANA2204"]
    assert conn.execute("SELECT version_id FROM cables").fetchone()[0] == versions[-1][0]
    old, current = json.loads(versions[0][2]), versions[1][2]
    assert "visit to Astana" in old["body"] and old["paragraphs"] and current is None
    assert conn.execute("SELECT count(*) FROM cable_sources").fetchone()[0] == 2


def test_same_text_from_another_file_is_unchanged_but_its_source_is_kept(tmp_path: Path) -> None:
    copy = tmp_path / "copy.html"
    copy.write_bytes(cablegate_file("09USNATO588").read_bytes())
    with open_store(tmp_path / "s.db") as s:
        assert ingest(s, [cablegate_file("09USNATO588")]).stored == 1
        assert ingest(s, [copy]).unchanged == 1
    conn = sqlite3.connect(tmp_path / "s.db")
    paths = [Path(p).name for (p,) in conn.execute("SELECT path FROM cable_sources ORDER BY path")]
    assert sorted(paths) == ["09USNATO588.html", "copy.html"]
    assert conn.execute("SELECT count(*) FROM cable_versions").fetchone()[0] == 1


def test_a_cable_the_database_refuses_is_rejected_alone(tmp_path: Path) -> None:
    good, bad = (parse_cable(next(read_path(cablegate_file(r)))) for r in ("09USNATO588", "10ASTANA72"))
    bad.to[0].serial = 10**30  # no SQLite integer holds it
    items = [Incoming(c, f"hash-{c.reference_id}", c.source, c.source_format) for c in (bad, good)]
    with open_store(tmp_path / "f.db") as s:
        summary, failed = s.write_batch(items)
        assert (summary.stored, summary.rejected) == (1, 1)
        assert [(Path(f.path).name, f.reason.split(":")[0]) for f in failed] == [
            ("10ASTANA72.html", "cannot store 10ASTANA72")]
        assert list(s.iter_ids()) == ["09USNATO588"]
    conn = sqlite3.connect(tmp_path / "f.db")
    assert conn.execute("SELECT count(*) FROM addressees WHERE cable = '10ASTANA72'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM rejects").fetchone()[0] == 1


# -- look-ups -----------------------------------------------------------------

@pytest.mark.parametrize("reference_id", ["09ASTANA2204", "09USNATO588", "66BUENOSAIRES2481", "10ASTANA72"])
def test_get_returns_the_parsed_record_exactly(store, reference_id: str) -> None:
    path = SEED if reference_id == "09ASTANA2204" else cablegate_file(reference_id)
    expected = parse_cable(next(read_path(path)))
    assert store.get(reference_id).to_dict() == expected.to_dict()


def test_get_accepts_any_case_and_says_none_when_unknown(store) -> None:
    assert store.get("09astana2204").reference_id == "09ASTANA2204"
    assert store.resolve(" 09 astana 002204 ") == "09ASTANA2204"
    assert store.get("09XXX1") is None
    assert store.resolve("09XXX1") is None


def test_malformed_published_id_resolves_through_canonical_form_and_alias(tmp_path: Path) -> None:
    page = next((FORMATS / "cablegate-html-final-release").rglob("7575LIBREVILLE1895.html"))
    with open_store(tmp_path / "a.db") as s:
        assert ingest(s, [page]).stored == 1
        assert s.get("7575libreville1895").reference_id == "75LIBREVILLE1895"
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT alias, cable FROM aliases").fetchall() == [("7575LIBREVILLE1895", "75LIBREVILLE1895")]


def test_existing_and_count_and_ids(store) -> None:
    assert store.existing(["09ASTANA2204", "09STATE128489", "10ASTANA72", "09ASTANA2204"]) == {
        "09ASTANA2204", "10ASTANA72"}
    assert store.count() == 1042
    all_ids = list(store.iter_ids())
    assert len(all_ids) == 1042 and all_ids == sorted(all_ids)
    assert all_ids[:2] == ["00HARARE6677", "01PRETORIA1173"]


# -- search -------------------------------------------------------------------

@pytest.mark.parametrize("text", ["-x", "NEAR(a b)", "^x", "d'Affaires", "subject:overflight", "Note: 10:30"])
def test_odd_but_wellformed_text_is_searched(store, text: str) -> None:
    results = store.search(SearchQuery(text))
    assert results.total >= 0 and len(results.hits) <= 20


@pytest.mark.parametrize("text", ['"', "AND", "OR NOT", "a:b", "(", "*", '"unterminated phrase', "x AND (y OR",
                                  "\x00"])
def test_malformed_text_is_a_query_syntax_error(store, text: str) -> None:
    with pytest.raises(QuerySyntaxError, match=r"at column \d+$"):
        store.search(SearchQuery(text))


def test_search_ranks_with_bm25_and_marks_the_matched_words(store) -> None:
    results = store.search(SearchQuery("overflight", limit=50))
    assert results.total == 19 and set(ids(results)) == OVERFLIGHT
    top = results.hits[0]
    assert top.reference_id == "09ASTANA2204"  # the word is in its subject
    assert [h.score for h in results.hits] == sorted(h.score for h in results.hits)
    for hit in results.hits:
        plain, spans = unmark(hit.snippet)
        assert spans and all(plain[a:b].lower().startswith("overflight") for a, b in spans)
        assert HIGHLIGHT_START not in plain and HIGHLIGHT_END not in plain


def test_search_phrase_prefix_and_stemming(store) -> None:
    assert store.search(SearchQuery("overflights")).total == 19  # porter stemming
    prefix = set(ids(store.search(SearchQuery("overfl*", limit=50))))
    assert OVERFLIGHT < prefix and "09ASMARA80" in prefix  # "overfly"
    phrase = store.search(SearchQuery('"northern distribution network"'))
    assert phrase.total == 5 and "09ASTANA2204" in ids(phrase)


def test_each_filter_narrows_the_results(store) -> None:
    def found(**kw):
        return set(ids(store.search(SearchQuery("overflight", limit=50, **kw))))

    assert found(origin="Embassy Algiers") == {"09ALGIERS948", "10ALGIERS20", "10ALGIERS39"}
    assert found(origin="embassy algiers") == {"09ALGIERS948", "10ALGIERS20", "10ALGIERS39"}
    assert found(classification="CONFIDENTIAL") == {"05MADRID541", "06DUBLIN1020", "10ANKARA87"}
    assert len(found(classification="SECRET//NOFORN")) == 13
    assert found(since="2010") == {"10ALGIERS20", "10ALGIERS39", "10ANKARA87", "10RABAT5"}
    assert found(until="2006") == {"05MADRID541", "06ABUDHABI1401", "06DUBLIN1020"}
    assert found(since="2009-12", until="2009-12-23") == {"09ASTANA2204", "09SANAA2250", "09TRIPOLI943",
                                                          "09TRIPOLI950"}
    assert found(since="2009-12-24", until="2009-12") == set()
    assert found(tag="KZ") == {"09ASTANA2204"}
    assert found(tag="KZ", origin="Embassy Rabat") == set()


def test_filters_without_words_list_newest_first(store) -> None:
    assert ids(store.search(SearchQuery(tag="KZ"))) == ASTANA
    results = store.search(SearchQuery(origin="Embassy Astana", limit=2, offset=1))
    assert results.total == 5 and ids(results) == ASTANA[1:3]
    everything = store.search(SearchQuery(limit=1))
    assert everything.total == 1042 and ids(everything) == ["10STATE18437"]


def test_bad_dates_are_value_errors() -> None:
    assert date_bound("2009-02", end=True) == "2009-03-01"
    assert date_bound("2008-02", end=True) == "2008-03-01" and date_bound("2008-02-29") == "2008-02-29"
    assert date_bound("2009") == "2009-01-01" and date_bound("2009-12-31", end=True) == "2010-01-01"
    for bad in ("12/2009", "2009-13", "2009-02-30", "09", ""):
        with pytest.raises(ValueError, match="not a date"):
            date_bound(bad)


# -- browse -------------------------------------------------------------------

def test_facet_counts(store) -> None:
    assert store.facet_counts("origin", limit=3) == [
        FacetCount("Embassy Madrid", 88), FacetCount("Embassy Paris", 85), FacetCount("Secretary of State", 59)]
    classes = store.facet_counts("classification")
    assert sum(f.count for f in classes) == 1042 and classes[0] == FacetCount("CONFIDENTIAL", 486)
    years = store.facet_counts("year")
    assert years[0] == FacetCount("1966", 1) and FacetCount("2009", 454) in years
    assert store.facet_counts("month", SearchQuery(origin="Embassy Astana")) == [
        FacetCount("2008-02", 1), FacetCount("2009-04", 1), FacetCount("2009-06", 1),
        FacetCount("2009-12", 1), FacetCount("2010-01", 1)]
    assert store.facet_counts("classification", SearchQuery("overflight"))[0] == FacetCount("SECRET//NOFORN", 13)
    kz = {f.value: f.count for f in store.facet_counts("tag", SearchQuery(origin="Embassy Astana"))}
    assert kz["KZ"] == 5
    with pytest.raises(ValueError, match="unknown facet"):
        store.facet_counts("colour")


def test_origin_ranges_count_and_date_each_post(store) -> None:
    ranges = store.origin_ranges()
    assert ranges[:2] == [OriginRange("Embassy Madrid", 88, "1986-05-12", "2010-02-12"),
                          OriginRange("Embassy Paris", 85, "2004-12-16", "2010-02-22")]
    assert [(r.origin, r.count) for r in ranges] == [(f.value, f.count) for f in store.facet_counts("origin")]
    (astana,) = [r for r in ranges if r.origin == "Embassy Astana"]
    oldest = store.search(SearchQuery(origin="Embassy Astana", sort="oldest", limit=1)).hits[0]
    newest = store.search(SearchQuery(origin="Embassy Astana", sort="newest", limit=1)).hits[0]
    assert astana == OriginRange("Embassy Astana", 5, oldest.created[:10], newest.created[:10])
    assert astana.first == "2008-02-15" and astana.last == "2010-01-25"
    assert sum(r.count for r in ranges) == store.count()


def test_neighbors_from_the_same_origin(store) -> None:
    before, after = store.neighbors("09astana2204")
    assert (before.reference_id, after.reference_id) == ("09ASTANA982", "10ASTANA72")
    first, second = store.neighbors("08ASTANA338")
    assert first is None and second.reference_id == "09ASTANA677"
    assert store.neighbors("09XXX1") == (None, None)


def test_cited_by_lists_the_citing_cables(store) -> None:
    citing = store.cited_by("09STATE128489")  # REFTELS: A. STATE 128489 in the seed page
    assert [h.reference_id for h in citing] == ["09ASTANA2204"]
    assert "STATE 128489" in citing[0].snippet
    assert store.cited_by("66BUENOSAIRES2481") == []


# -- threads ------------------------------------------------------------------

def test_one_read_only_store_serves_many_threads(corpus_db) -> None:
    totals: list[int] = []
    errors: list[BaseException] = []
    with open_store(corpus_db[0], read_only=True) as s:
        def work() -> None:
            try:
                for _ in range(10):
                    totals.append(s.search(SearchQuery("overflight", origin="Embassy Algiers")).total)
                    totals.append(len(s.get("09ASTANA2204").to))
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    assert sorted(set(totals)) == [1, 3] and len(totals) == 160



# -- bulk imports: deferred indexes ------------------------------------------------

def index_sql(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
    finally:
        conn.close()


def test_a_bulk_load_builds_the_reader_indexes_once_at_its_end(tmp_path: Path) -> None:
    db = tmp_path / "bulk.db"
    with open_store(db) as store:
        before = index_sql(db)
        assert set(DEFERRABLE) <= set(before)
        with store.bulk_load(10**9):  # a gigabyte into an empty archive
            assert set(index_sql(db)) == set(before) - set(DEFERRABLE)
            ingest(store, [SEED, cablegate_file("09USNATO588"), cablegate_file("09ANKARA1472")])
            assert sorted(indexes.pending(store._conn)) == sorted(DEFERRABLE)
            with open_store(db) as other:  # another process opening it meanwhile leaves them to the import
                assert other.count() == 3
            assert sorted(indexes.pending(store._conn)) == sorted(DEFERRABLE)
        assert index_sql(db) == before and indexes.pending(store._conn) == []
        tagged = store._conn.execute("EXPLAIN QUERY PLAN SELECT cable FROM tags WHERE tag = 'KZ'").fetchall()
        assert "tags_tag" in str(tagged)
        with store.bulk_load(3 * 7_000 - 1, min_bytes=0):  # less than the archive's 3 cables: nothing deferred
            assert index_sql(db) == before


def test_indexes_an_interrupted_bulk_load_left_out_are_built_on_the_next_open(tmp_path: Path) -> None:
    for read_only in (False, True):
        db = tmp_path / f"killed-{read_only}.db"
        with open_store(db) as store:
            ingest(store, [SEED])
            before = index_sql(db)
            indexes.defer(store._conn)  # and then the process died
        assert set(index_sql(db)) == set(before) - set(DEFERRABLE)
        with open_store(db, read_only=read_only) as store:  # the web app opens it read-only
            assert store.get("09ASTANA2204") is not None
        assert index_sql(db) == before
