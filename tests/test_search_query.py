"""The query language parser: syntax trees of good queries, and what it says of malformed ones."""
from __future__ import annotations

import pytest

from cablekit.errors import QuerySyntaxError
from cablekit.search.query import MAX_QUERY_LENGTH, And, DateRange, Near, Not, Or, Phrase, Term, parse_query


def test_words_phrases_prefixes_and_the_implied_and() -> None:
    assert parse_query("") is None and parse_query("   ") is None
    assert parse_query("overflight") == Term("overflight", None, False, 1)
    assert parse_query('overflight "NDN amendments" terror*') == And((
        Term("overflight", column=1), Phrase("NDN amendments", column=12), Term("terror", prefix=True, column=29)))


def test_operators_bind_not_then_and_then_or() -> None:
    assert parse_query("a b OR c") == Or((And((Term("a"), Term("b", column=3))), Term("c", column=8)))
    assert parse_query("a AND (b OR c)") == And((Term("a"), Or((Term("b", column=8), Term("c", column=13)))))
    assert parse_query("karzai -taliban NOT wali") == And((
        Term("karzai"), Not(Term("taliban", column=9), 8), Not(Term("wali", column=21), 17)))
    # lower-case operator words are words
    assert parse_query("war and peace") == And((Term("war"), Term("and", column=5), Term("peace", column=9)))


def test_near_with_and_without_a_distance() -> None:
    assert parse_query("NEAR(karzai corruption, 5)") == Near(("karzai", "corruption"), 5, None, 1)
    assert parse_query('NEAR("human rights" abuses)') == Near(("human rights", "abuses"), 10, None, 1)
    assert parse_query("near the border") == And((Term("near"), Term("the", column=6), Term("border", column=10)))


def test_fields_take_words_phrases_groups_and_prefixes() -> None:
    assert parse_query("tag:PREL") == Term("PREL", "tag", False, 5)
    assert parse_query('origin:"Embassy Astana"') == Phrase("Embassy Astana", "origin", 8)
    assert parse_query("TAG:prel") == Term("prel", "tag", False, 5)
    assert parse_query("tag:(PREL OR PGOV)") == Or((Term("PREL", "tag", column=6), Term("PGOV", "tag", column=14)))
    assert parse_query("-caveat:NOFORN") == Not(Term("NOFORN", "caveat", column=9), 1)
    assert parse_query("tag:OVIP*") == Term("OVIP", "tag", True, 5)
    assert parse_query("subject:NEAR(a b, 2)") == Near(("a", "b"), 2, "subject", 9)
    assert parse_query("declassify_on:OADR") == Term("OADR", "declassify_on", False, 15)
    assert parse_query("declassify_on:25X1") == Term("25X1", "declassify_on", False, 15)


@pytest.mark.parametrize("text, start, end", [
    ("created:2009-12", "2009-12-01", "2010-01-01"),
    ("created:2009", "2009-01-01", "2010-01-01"),
    ("created:2009-12-23", "2009-12-23", "2009-12-24"),
    ("created:2009-01..2009-06", "2009-01-01", "2009-07-01"),
    ("created:2009..", "2009-01-01", None),
    ("created:..2009-06", None, "2009-07-01"),
    ("created:>=2008-03-01", "2008-03-01", None),
    ("created:>2008-03", "2008-04-01", None),
    ("created:<=2008", None, "2009-01-01"),
    ("declassify_on:<2026", None, "2026-01-01"),
])
def test_dates_ranges_and_comparisons(text: str, start: str | None, end: str | None) -> None:
    node = parse_query(text)
    assert isinstance(node, DateRange) and (node.start, node.end) == (start, end)


def test_text_with_colons_that_name_no_field_is_still_text() -> None:
    assert parse_query("Note: 10:30") == And((Term("Note:"), Term("10:30", column=7)))


MALFORMED = [  # query, what the message says, column
    ('"human rights', 'this " is never closed', 1),
    ('overflight "NDN', 'this " is never closed', 12),
    ("(karzai OR wali", "'(' is never closed", 1),
    ("(" * 300 + "overflight" + ")" * 300, "the query is nested more than 32 levels deep", 33),
    ("NOT " * 40 + "overflight", "the query is nested more than 32 levels deep", 129),
    ("a (b (c)", "'(' is never closed", 3),
    ("karzai)", "')' has no matching '('", 7),
    (")(", "')' has no matching '('", 1),
    ("a () b", "empty parentheses", 3),
    ("karzai AND", "AND needs a term after it", 8),
    ("karzai OR", "OR needs a term after it", 8),
    ("OR karzai", "OR needs a term before it", 1),
    ("AND karzai", "AND needs a term before it", 1),
    ("a OR OR b", "OR needs a term after it", 3),
    ("a AND OR b", "AND needs a term after it", 3),
    ("karzai NOT", "NOT needs a term after it", 8),
    ("karzai -OR wali", "'-' needs a term after it", 8),
    ("colour:red", "unknown field colour:", 1),
    ("http://wikileaks.org", "unknown field http:", 1),
    ("tag:", "tag: needs a value", 1),
    ("a tag: PREL", "tag: needs a value", 3),
    ("tag:-PREL", "tag: needs a value (write -tag:VALUE to exclude)", 1),
    ("subject:(body:x)", "body: can't be used inside subject:( )", 10),
    ("created:2009-13", "created: not a date: '2009-13' (month 13)", 9),
    ("declassify_on:2029-02-30", "declassify_on: not a date: '2029-02-30'", 15),
    ("created:12/2009", "created: not a date: '12/2009'", 9),
    ("created:2009-06..2009-01", "created: the range 2009-06..2009-01 ends before it starts", 9),
    ("created:2009..2009-02-30", "created: not a date: '2009-02-30'", 15),
    ("created:..", "created: a range needs a date on at least one side of ..", 9),
    ("created:>=", "created: not a date: ''", 11),
    ("created:>=2009..2010", "created: use either a comparison or a range A..B, not both", 9),
    ('created:"2009"', "created: takes a date, a range A..B or a comparison like >=2009-03", 9),
    ("created:(2009 OR 2010)", "created: takes a date, a range A..B or a comparison like >=2009-03", 9),
    ("*", "a prefix needs at least 2 letters or digits before '*'", 1),
    ("a*", "a prefix needs at least 2 letters or digits before '*'", 2),
    ("over*flight", "'*' can only end a word (a prefix search)", 5),
    ("NEAR(karzai corruption", "NEAR( is never closed", 1),
    ("NEAR(karzai)", "NEAR( needs at least two words", 1),
    ("NEAR(karzai corruption, five)", "NEAR distance must be a whole number of words", 25),
    ("NEAR(karzai corruption, 500)", "NEAR distance must be at most 100", 25),
    ("NEAR(karzai corrupt*)", "NEAR( takes whole words, not prefixes", 20),
    ("NEAR(a (b c))", "NEAR( takes words and phrases, not groups", 8),
    ("NEAR(a b, 5 c)", "NEAR( takes one distance after the comma, then )", 13),
    ("declassify_on:<abc", "declassify_on: not a date: 'abc'", 16),
    ("declassify_on:>=OADR", "declassify_on: not a date: 'OADR'", 17),
    ("declassify_on:2020..x1", "declassify_on: not a date: 'x1'", 21),
    ('ref:"STATE 128489"', "ref: needs the year before STATE128489 (a reference ID like 09STATE128489)", 5),
    ("id:astana2204", "id: needs the year before ASTANA2204", 4),
    ("ref:hello", "ref: takes a reference ID like 09STATE128489", 5),
    ("ref:(09STATE128489 OR 128489)", "ref: takes a reference ID like 09STATE128489", 23),
    ("overflight " + "x" * 990, "the query is longer than 1000 characters", 1001),
]


@pytest.mark.parametrize("text, reason, column", MALFORMED)
def test_malformed_queries_say_what_is_wrong_and_where(text: str, reason: str, column: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    err = caught.value
    assert err.reason.startswith(reason), err.reason
    assert err.column == column
    assert str(err) == f"{err.reason} at column {column}" and err.query == text
    assert isinstance(err, ValueError)


def test_the_unknown_field_message_lists_the_fields() -> None:
    with pytest.raises(QuerySyntaxError, match=r"fields: subject, body, tag, origin, .*declassify_on; "
                                               r"put text with a colon in quotes"):
        parse_query("colour:red")
    assert len(MALFORMED) >= 20


def test_reference_ids_are_read_in_their_published_forms() -> None:
    assert parse_query('ref:"09 STATE 128489"') == Phrase("09 STATE 128489", "ref", 5)
    assert parse_query("ref:1973STATE097844_b") == Term("1973STATE097844_b", "ref", False, 5)
    assert parse_query("id:08ECTION01OF02MANAMA492") == Term("08ECTION01OF02MANAMA492", "id", False, 4)


def test_the_longest_query_accepted_is_max_query_length() -> None:
    assert MAX_QUERY_LENGTH == 1000
    assert parse_query("x" * MAX_QUERY_LENGTH) == Term("x" * MAX_QUERY_LENGTH, None, False, 1)
