"""Each piece of the query language on the real corpus, checked against SQL over the archive's tables."""
from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from cablekit.errors import QuerySyntaxError
from cablekit.store import SearchQuery

OVERFLIGHT = {  # every cable of the corpus whose subject or body has "overflight(s)"
    "05MADRID541", "06ABUDHABI1401", "06DUBLIN1020", "07PARIS2027", "09ALGIERS948", "09ASTANA2204",
    "09SANAA2250", "09STATE62392", "09STATE62393", "09STATE62395", "09STATE62397", "09TELAVIV2502",
    "09TRIPOLI938", "09TRIPOLI943", "09TRIPOLI950", "10ALGIERS20", "10ALGIERS39", "10ANKARA87", "10RABAT5",
}
NDN = {"09ANKARA1472", "09ASTANA2204", "09ASTANA982", "09BEIJING1176", "10ANKARA126"}


@pytest.fixture(scope="module")
def sql(corpus_db):
    conn = sqlite3.connect(corpus_db[0])

    class Oracle:
        def __call__(self, statement: str, *params: object) -> set[str]:
            return {r for (r,) in conn.execute(statement, params)}

        def rows(self, statement: str) -> list[tuple]:
            return conn.execute(statement).fetchall()

    yield Oracle()
    conn.close()


@pytest.fixture(scope="module")
def found(store):
    def ids(text: str, **kw) -> set[str]:
        query = SearchQuery(text, **kw)
        matches = [m["reference_id"] for m in store.iter_matches(query)]
        assert store.search(SearchQuery(text, limit=0, **kw)).total == len(matches) == len(set(matches))
        return set(matches)

    return ids


@pytest.fixture(scope="module")
def fts(corpus_db, tmp_path_factory):
    """The oracle for words: SQLite FTS5 (porter stemming), built on a copy of the archive
    with the recipe of docs/schema.md ("Full-text search in SQL")."""
    copy = tmp_path_factory.mktemp("fts") / "cables.db"
    shutil.copyfile(corpus_db[0], copy)
    conn = sqlite3.connect(copy)
    conn.executescript(RECIPE)

    def match(expression: str) -> set[str]:
        return {r for (r,) in conn.execute("SELECT c.reference_id FROM cables_fts JOIN cables c "
                                           "ON c.id = cables_fts.rowid WHERE cables_fts MATCH ?", (expression,))}

    yield match
    conn.close()


def recipe() -> str:
    """The SQL of the docs' FTS5 recipe, as a user would paste it."""
    doc = (Path(__file__).parents[1] / "docs" / "schema.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Full-text search in SQL"):]
    return section[section.index("```sql") + 6:section.index("```", section.index("```sql") + 6)]


RECIPE = recipe()


def test_words_are_stemmed_and_all_required(found, fts) -> None:
    assert found("overflight") == found("overflights") == OVERFLIGHT == fts("overflight")
    assert found("overflight Kazakhstan") == {"09ASTANA2204"}
    assert found("uranium enrichment") == fts("uranium enrichment") and len(found("uranium enrichment")) == 34
    assert found("karzai") == fts("karzai") and len(found("karzai")) == 69


def test_phrases_must_occur_as_written(found, fts) -> None:
    assert found('"northern distribution network"') == NDN
    assert found('"human rights"') == fts('"human rights"') and len(found('"human rights"')) == 144
    assert found('"rights human"') < found('"human rights"')


def test_prefix_finds_words_whose_stem_is_shorter(found, sql, fts) -> None:
    overfl = found("overfl*")
    assert OVERFLIGHT < overfl and "09ASMARA80" in overfl  # "overfly"
    assert found("terror*") == fts("terror*") and len(found("terror*")) == 370
    # the stem of "negotiation" is "negoti", shorter than the prefix typed: FTS5 misses them
    starts = re.compile(r"(?<![a-z0-9])negotiat", re.I)
    expected = {rid for rid, subject, body in sql.rows("SELECT reference_id, subject, body FROM cables")
                if starts.search(f"{subject} {body}")}
    assert found("negotiat*") == expected and len(expected) == 311
    assert len(fts("negotiat*")) < 311


def test_or_not_minus_and_parentheses(found) -> None:
    karzai, wali, corruption = found("karzai"), found("wali"), found("corruption")
    assert found("karzai OR wali") == karzai | wali and len(karzai | wali) == 75
    assert found("(karzai OR wali) AND corruption") == (karzai | wali) & corruption
    assert found("(karzai OR wali) corruption") == (karzai | wali) & corruption
    assert found("karzai -corruption") == found("karzai NOT corruption") == karzai - corruption
    assert found("karzai wali OR corruption") == (karzai & wali) | corruption  # AND binds tighter
    assert len(found("-tag:PREL")) == 195 and found("NOT overflight") == found("") - OVERFLIGHT


def test_near_is_a_phrase_with_slack_in_either_order(found, fts) -> None:
    assert found("NEAR(karzai corruption, 5)") == fts("NEAR(karzai corruption, 5)")
    assert len(found("NEAR(karzai corruption, 5)")) == 9
    assert found("NEAR(corruption karzai, 5)") == found("NEAR(karzai corruption, 5)")
    assert found("NEAR(overflight kazakhstan)") == {"09ASTANA2204"}
    assert found("NEAR(overflight kazakhstan, 1)") == set()
    assert found('NEAR("northern distribution" kazakhstan, 20)') <= NDN


def test_subject_and_body(found) -> None:
    assert found("subject:overflight") == {"09ASTANA2204"}
    assert found("body:overflight") == OVERFLIGHT
    assert found('subject:"NDN amendments"') == {"09ASTANA2204"}


@pytest.mark.parametrize("query, oracle", [
    ("tag:KZ", "SELECT cable FROM tags WHERE tag = 'KZ'"),
    ("tag:kz", "SELECT cable FROM tags WHERE tag = 'KZ'"),
    ('tag:"OVIP (CLINTON, HILLARY)"', "SELECT cable FROM tags WHERE tag = 'OVIP (CLINTON, HILLARY)'"),
    ("tag:OVIP*", "SELECT cable FROM tags WHERE tag LIKE 'OVIP%'"),
    ("tag:(KZ OR UZ)", "SELECT cable FROM tags WHERE tag IN ('KZ', 'UZ')"),
    ('origin:"Embassy Astana"', "SELECT reference_id FROM cables WHERE origin = 'Embassy Astana'"),
    ("origin:Tripoli", "SELECT reference_id FROM cables WHERE origin LIKE '% Tripoli'"),
    ('from:"AMEMBASSY ASTANA"', "SELECT cable FROM addressees WHERE role = 'from' AND name = 'AMEMBASSY ASTANA'"),
    ('to:"SECSTATE WASHDC"', "SELECT cable FROM addressees WHERE role = 'to' AND name = 'SECSTATE WASHDC'"),
    ('info:"AMEMBASSY MOSCOW"', "SELECT cable FROM addressees WHERE role = 'info' AND name = 'AMEMBASSY MOSCOW'"),
    ("classification:SECRET", "SELECT reference_id FROM cables WHERE classification = 'SECRET'"),
    ("classification:SECRET*", "SELECT reference_id FROM cables WHERE classification LIKE 'SECRET%'"),
    ('classification:"SECRET//NOFORN"', "SELECT reference_id FROM cables WHERE classification = 'SECRET//NOFORN'"),
    ("caveat:NOFORN", "SELECT reference_id FROM cables c, json_each(c.caveats) j WHERE j.value = 'NOFORN'"),
    ("precedence:PRIORITY", "SELECT reference_id FROM cables WHERE precedence = 'PRIORITY'"),
    ("signer:CLINTON", "SELECT cable FROM signers WHERE upper(name) = 'CLINTON'"),
    ("classified_by:Hoagland", "SELECT reference_id FROM cables WHERE classified_by LIKE '%Hoagland%'"),
    ("ref:09STATE128489", "SELECT cable FROM cable_references WHERE reference_id = '09STATE128489'"),
    ("ref:09state128489", "SELECT cable FROM cable_references WHERE reference_id = '09STATE128489'"),
    ("id:09astana2204", "SELECT '09ASTANA2204'"),
    ("id:09ASTANA*", "SELECT reference_id FROM cables WHERE reference_id LIKE '09ASTANA%'"),
    ("created:2009-12", "SELECT reference_id FROM cables WHERE created LIKE '2009-12%'"),
    ("created:2009-01..2009-06", "SELECT reference_id FROM cables WHERE created >= '2009-01' AND created < '2009-07'"),
    ("created:>=2010-02-15", "SELECT reference_id FROM cables WHERE created >= '2010-02-15'"),
    ("created:<1990", "SELECT reference_id FROM cables WHERE created < '1990'"),
    ("declassify_on:<2015", "SELECT reference_id FROM cables WHERE declassify_on < '2015' "
                            "AND declassify_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"),
    ("declassify_on:2019-11", "SELECT reference_id FROM cables WHERE declassify_on LIKE '2019-11-%'"),
    ('declassify_on:"N/A"', "SELECT reference_id FROM cables WHERE upper(declassify_on) = 'N/A'"),
    ("declassify_on:OADR", "SELECT reference_id FROM cables WHERE upper(declassify_on) = 'OADR'"),
    ('ref:"09 STATE 128489"', "SELECT cable FROM cable_references WHERE reference_id = '09STATE128489'"),
    ("ref:2009STATE128489_a", "SELECT cable FROM cable_references WHERE reference_id = '09STATE128489'"),
])
def test_each_field_finds_what_the_tables_say(found, sql, query: str, oracle: str) -> None:
    expected = sql(oracle)
    assert expected, oracle  # every field is tried on values the corpus has
    assert found(query) == expected


def test_fields_combine_with_words(found) -> None:
    assert found('overflight origin:"Embassy Algiers"') == {"09ALGIERS948", "10ALGIERS20", "10ALGIERS39"}
    assert found("overflight tag:KZ created:2009-12") == {"09ASTANA2204"}
    assert found("overflight created:2009-12..2009-12-23") == {"09ASTANA2204", "09SANAA2250", "09TRIPOLI943",
                                                               "09TRIPOLI950"}
    assert found("overflight -classification:SECRET*") == {"05MADRID541", "06DUBLIN1020", "07PARIS2027", "10ANKARA87"}
    assert found("overflight -classification:SECRET") == OVERFLIGHT - {"09SANAA2250", "09TELAVIV2502"}


def test_the_old_structured_filters_are_clauses(found) -> None:
    assert found("overflight", origin="embassy algiers") == found('overflight origin:"Embassy Algiers"')
    assert found("overflight", classification="CONFIDENTIAL") == {"05MADRID541", "06DUBLIN1020", "10ANKARA87"}
    assert found("overflight", since="2009-12", until="2009-12-23") == found("overflight created:2009-12..2009-12-23")
    assert found("", tag="KZ") == found("tag:KZ")


def test_a_malformed_query_is_an_error_not_an_empty_result(store) -> None:
    with pytest.raises(QuerySyntaxError, match="'\\(' is never closed at column 1"):
        store.search(SearchQuery("(karzai OR wali"))
    with pytest.raises(QuerySyntaxError, match="the query has no words to search for at column 1"):
        store.search(SearchQuery("&& --"))
    with pytest.raises(ValueError, match="unknown sort"):
        store.search(SearchQuery("karzai", sort="alphabetical"))


@pytest.mark.parametrize("text, reason", [
    ("declassify_on:<abc", "declassify_on: not a date: 'abc'"),
    ('ref:"STATE 128489"', "ref: needs the year before STATE128489"),
    ("overflight " * 100, "the query is longer than 1000 characters at column 1001"),
])
def test_a_value_that_can_find_nothing_is_refused(store, text: str, reason: str) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(reason)):
        store.search(SearchQuery(text))
