"""Search results on the real corpus: sorts, pages, totals, snippets and facets (checked against SQL)."""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter

import pytest

from cablekit import decode
from cablekit.store import FACETS, FacetCount, SearchQuery
from cablekit.store.base import unmark


@pytest.fixture(scope="module")
def conn(corpus_db):
    c = sqlite3.connect(corpus_db[0])
    yield c
    c.close()


def ids(results) -> list[str]:
    return [h.reference_id for h in results.hits]


# -- sorts and pages -------------------------------------------------------------------------

def test_relevance_puts_subject_matches_first_and_scores_only_rise(store) -> None:
    results = store.search(SearchQuery("overflight", limit=50))
    assert results.total == 19 and ids(results)[:2] == ["09ASTANA2204", "10RABAT5"]
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores) and scores[0] < 0


@pytest.mark.parametrize("text", ["government", "tag:PREL", 'caveat:NOFORN "human rights"'])
def test_date_sorts_follow_the_created_dates(store, conn, text: str) -> None:
    newest = store.search(SearchQuery(text, sort="newest", limit=1000))
    oldest = store.search(SearchQuery(text, sort="oldest", limit=1000))
    assert newest.total == oldest.total == len(newest.hits) > 10
    dates = [h.created for h in newest.hits]
    assert dates == sorted(dates, reverse=True) and [h.created for h in oldest.hits] == dates[::-1]
    assert ids(oldest) == ids(newest)[::-1]
    assert all(h.score == 0.0 for h in newest.hits)


def test_without_words_the_natural_order_is_newest_first(store, conn) -> None:
    everything = store.search(SearchQuery(limit=3))
    newest = [r for (r,) in conn.execute("SELECT reference_id FROM cables ORDER BY created DESC LIMIT 3")]
    assert everything.total == 1042 and ids(everything) == newest
    assert ids(store.search(SearchQuery("tag:KZ"))) == ["10ASTANA72", "09ASTANA2204", "09ASTANA982",
                                                        "09ASTANA677", "08ASTANA338"]
    assert ids(store.search(SearchQuery("tag:KZ", sort="relevance")))  # allowed, if flat


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_pages_put_together_give_the_whole_list(store, sort: str) -> None:
    whole = store.search(SearchQuery("karzai", sort=sort, limit=100))
    pages = [store.search(SearchQuery("karzai", sort=sort, limit=7, offset=o)) for o in range(0, 70, 7)]
    assert [rid for page in pages for rid in ids(page)] == ids(whole) and whole.total == 69
    assert all(page.total == 69 for page in pages)
    beyond = store.search(SearchQuery("karzai", sort=sort, limit=7, offset=69))
    assert beyond.hits == [] and beyond.total == 69
    assert store.search(SearchQuery("karzai", limit=0)).total == 69


# -- snippets --------------------------------------------------------------------------------

def marked(hit) -> list[str]:
    plain, spans = unmark(hit.snippet)
    return [plain[a:b] for a, b in spans]


def test_snippets_mark_the_words_phrases_and_prefixes_that_matched(store) -> None:
    top = store.search(SearchQuery("overflight", limit=1)).hits[0]
    assert top.snippet.startswith("… ") and "\n" not in top.snippet
    assert {w.lower() for w in marked(top)} == {"overflight"}
    for hit in store.search(SearchQuery('"northern distribution network"')).hits:
        assert {w.lower() for w in marked(hit)} >= {"northern", "distribution"}
    for hit in store.search(SearchQuery("negotiat*", limit=20)).hits:
        assert marked(hit) and all(w.lower().startswith("negotiat") for w in marked(hit))
    for hit in store.search(SearchQuery("NEAR(karzai corruption, 5)")).hits:
        assert {w.lower() for w in marked(hit)} & {"karzai", "corruption"}


def test_excluded_words_and_filters_are_not_marked(store) -> None:
    for hit in store.search(SearchQuery("overflight -kazakhstan")).hits:
        assert marked(hit) and all(w.lower() in ("overflight", "overflights") for w in marked(hit))
    lead = store.search(SearchQuery("tag:KZ", limit=1)).hits[0]
    assert "\x02" not in lead.snippet and lead.snippet.startswith("During a private dinner, KazMunaiGaz")


def test_a_snippet_keeps_text_around_non_ascii_characters_whole(store) -> None:
    hit = store.search(SearchQuery("Jeddah nightlife", limit=1)).hits[0]
    assert "Jeddah’s" in unmark(hit.snippet)[0]
    assert {w.lower() for w in marked(hit)} >= {"jeddah", "nightlife"}


# -- facets ----------------------------------------------------------------------------------

def sql_facets(conn, where_ids: set[str]) -> dict[str, Counter]:
    """Every facet computed with SQL over the given cables (the oracle)."""
    out: dict[str, Counter] = {name: Counter() for name in FACETS}
    for rid, origin, classification, caveats, precedence, created in conn.execute(
            "SELECT reference_id, origin, classification, caveats, precedence, created FROM cables"):
        if rid not in where_ids:
            continue
        out["origin"][origin] += 1 if origin else 0
        out["classification"][classification] += 1 if classification else 0
        for caveat in set(json.loads(caveats)):
            out["caveat"][caveat] += 1
        out["precedence"][precedence] += 1 if precedence else 0
        if created:
            out["year"][created[:4]] += 1
            out["month"][created[:7]] += 1
    for rid, tag in conn.execute("SELECT DISTINCT cable, upper(tag) FROM tags"):
        if rid in where_ids:
            out["tag"][tag] += 1
            out[f"tag_{decode.tag_kind(tag) or 'unknown'}"][tag] += 1
    return {name: +counter for name, counter in out.items()}


@pytest.mark.parametrize("text", ["", "overflight", "tag:KZ OR caveat:NOFORN"])
def test_every_facet_counts_what_sql_counts(store, conn, text: str) -> None:
    matching = {m["reference_id"] for m in store.iter_matches(SearchQuery(text))}
    expected = sql_facets(conn, matching)
    got = store.facets(SearchQuery(text))
    assert set(got) == set(FACETS)
    for name in FACETS:
        assert {fc.value: fc.count for fc in got[name]} == dict(expected[name]), name
    counts = [fc.count for fc in got["origin"]]
    assert counts == sorted(counts, reverse=True)
    assert [fc.value for fc in got["month"]] == sorted(fc.value for fc in got["month"])


def test_facet_counts_keeps_its_contract(store) -> None:
    assert store.facet_counts("origin", limit=3) == [
        FacetCount("Embassy Madrid", 88), FacetCount("Embassy Paris", 85), FacetCount("Secretary of State", 59)]
    assert store.facet_counts("year")[0] == FacetCount("1966", 1)
    assert store.facet_counts("tag_country", SearchQuery("tag:KZ"), limit=2) == [FacetCount("KZ", 5),
                                                                              FacetCount("RS", 3)]
    assert store.facet_counts("tag_person", limit=1)[0].value.startswith("OVIP (")
    with pytest.raises(ValueError, match="unknown facet 'colour'"):
        store.facet_counts("colour")


def test_tag_kinds_split_the_tags(store) -> None:
    facets = store.facets(SearchQuery("overflight"))
    by_kind = sum((Counter({fc.value: fc.count for fc in facets[f"tag_{kind}"]}) for kind in decode.KINDS),
                  Counter())
    assert by_kind == Counter({fc.value: fc.count for fc in facets["tag"]})
    assert re.fullmatch(r"[A-Z]{2}", facets["tag_country"][0].value)
