"""Syntax tree (`cablekit.search.query`) -> Tantivy query, plus the words to highlight.

Words are run through the analyzer of the field they search (`index.text_analyzer`
for subject and body, `index.name_analyzer` for names), so the terms match what
the index holds; a word that is several tokens (``U.S.``) becomes a phrase. A
word without a field searches subject and body, a match in the subject counting
`SUBJECT_BOOST` times more. Clauses on metadata fields are filters: they score 0,
so ranking comes from the words alone. ``NOT`` alone means "every cable but".

Example::

    compiled = compile_query(parse_query("overflight tag:KZ"))
    searcher.search(compiled.query, 10)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import permutations

import tantivy
from tantivy import FieldType, Occur, Query

from ..errors import QuerySyntaxError
from ..refid import canonicalize
from .fields import DECLASSIFY_TEXT, FIELDS, TEXT_FIELDS
from .index import code, name_analyzer, schema, text_analyzer
from .query import And, DateRange, Near, Node, Not, Or, Phrase, Term

SUBJECT_BOOST = 4.0
"""How much more a match in the SUBJECT line counts than one in the body."""
_REGEX_META = re.compile(r"([\\.+*?()|\[\]{}^$#&\-~])")
_NEAR_PERMUTE_MAX = 3


@dataclass
class Compiled:
    """A compiled query.

    query: the Tantivy query; scored: True when it has words to rank by (else
    the natural order is newest first); highlight: the positive full-text terms
    ``(term, is_prefix)`` as indexed, for snippets.
    """

    query: tantivy.Query
    scored: bool = False
    highlight: list[tuple[str, bool]] = field(default_factory=list)


class _Compiler:
    def __init__(self, text: str) -> None:
        self.text = text
        self.schema = schema()
        self.scored = False
        self.highlight: dict[tuple[str, bool], None] = {}

    # -- structure ------------------------------------------------------------------------

    def node(self, node: Node, positive: bool = True) -> Query | None:
        """The query of ``node``, or None when it has nothing to search for (punctuation only)."""
        if isinstance(node, And):
            return self.conjunction(node.items, positive)
        if isinstance(node, Or):
            parts = [self.node(item, positive) for item in node.items]
            parts = [p for p in parts if p is not None]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else Query.boolean_query([(Occur.Should, p) for p in parts])
        if isinstance(node, Not):
            return self.conjunction((node,), positive)
        if isinstance(node, DateRange):
            return Query.const_score_query(self.date_range(node), 0.0)
        return self.leaf(node, positive)

    def conjunction(self, items: tuple[Node, ...], positive: bool) -> Query | None:
        must, must_not = [], []
        for item in items:
            if isinstance(item, Not):
                q = self.node(item.item, not positive)
                if q is not None:
                    must_not.append(q)
            else:
                q = self.node(item, positive)
                if q is not None:
                    must.append(q)
        if not must and not must_not:
            return None
        if len(must) == 1 and not must_not:
            return must[0]
        if not must:
            must.append(Query.all_query())
        return Query.boolean_query([(Occur.Must, q) for q in must] + [(Occur.MustNot, q) for q in must_not])

    # -- leaves ---------------------------------------------------------------------------

    def leaf(self, node: Term | Phrase | Near, positive: bool) -> Query | None:
        spec = FIELDS.get(node.field) if node.field else None
        kind = spec.kind if spec else "text"
        if kind in ("text", "words"):
            fields = (spec.index_field,) if spec else TEXT_FIELDS
            parts = [(f, self.words(node, f, kind, positive)) for f in fields]
            parts = [(f, q) for f, q in parts if q is not None]
            if not parts:
                return None
            if kind == "words":
                return Query.const_score_query(parts[0][1], 0.0)
            if positive:
                self.scored = True
            if len(parts) == 1:
                return parts[0][1]
            return Query.boolean_query([
                (Occur.Should, Query.boost_query(q, SUBJECT_BOOST) if f == "subject" else q) for f, q in parts])
        if isinstance(node, Near):
            raise QuerySyntaxError(f"NEAR( can't be used with {node.field}:", node.column, self.text)
        return Query.const_score_query(self.value(node, spec.name, kind), 0.0)

    def words(self, node: Term | Phrase | Near, index_field: str, kind: str, positive: bool) -> Query | None:
        """Words of the text (stemmed) or of a name (lower-cased) in one index field."""
        analyze = (text_analyzer() if kind == "text" else name_analyzer()).analyze
        if isinstance(node, Near):
            groups = [analyze(item) for item in node.items]
            return self.near([t for g in groups for t in g], node.distance, index_field, kind, positive)
        if isinstance(node, Term) and node.prefix:
            return self.prefix(node.text, index_field, kind, positive)
        tokens = analyze(node.text)
        if kind == "text" and positive:
            self.highlight.update(((t, False), None) for t in tokens)
        if not tokens:
            return None
        if len(tokens) == 1:
            return Query.term_query(self.schema, index_field, tokens[0])
        return Query.phrase_query(self.schema, index_field, tokens)

    def prefix(self, text: str, index_field: str, kind: str, positive: bool) -> Query | None:
        """Words starting with ``text`` (lower-cased). Stemmed text is searched in its
        unstemmed twin field (``body_plain``): a stem may be shorter than the prefix typed."""
        plain = name_analyzer().analyze(text)
        if not plain:
            return None
        if len(plain) > 1:  # "u.s*": a phrase whose last token is the prefix
            head = (text_analyzer() if kind == "text" else name_analyzer()).analyze(" ".join(plain[:-1]))
            return Query.phrase_prefix_query(self.schema, index_field, [*head, plain[-1]])
        if kind == "text":
            index_field = f"{index_field}_plain"
            if positive:
                self.highlight[(plain[0], True)] = None
        return Query.regex_query(self.schema, index_field, _escape(plain[0]) + ".*")

    def near(self, tokens: list[str], distance: int, index_field: str, kind: str, positive: bool) -> Query | None:
        if kind == "text" and positive:
            self.highlight.update(((t, False), None) for t in tokens)
        if not tokens:
            return None
        if len(tokens) == 1:
            return Query.term_query(self.schema, index_field, tokens[0])
        orders = list(dict.fromkeys(permutations(tokens))) if len(tokens) <= _NEAR_PERMUTE_MAX else [tuple(tokens)]
        phrases = [Query.phrase_query(self.schema, index_field, list(order), distance) for order in orders]
        return phrases[0] if len(phrases) == 1 else Query.boolean_query([(Occur.Should, p) for p in phrases])

    def value(self, node: Term | Phrase, name: str, kind: str) -> Query:
        """A code, reference ID or declassify-on instruction, compared whole (or as a prefix)."""
        index_field = DECLASSIFY_TEXT if name == "declassify_on" else FIELDS[name].index_field
        prefix = isinstance(node, Term) and node.prefix
        text = code(node.text)
        if kind == "id" and not prefix:
            text = canonicalize(text)
        if prefix:
            return Query.regex_query(self.schema, index_field, _escape(text) + ".*")
        return Query.term_query(self.schema, index_field, text)

    def date_range(self, node: DateRange) -> Query:
        """Dates are indexed as numbers: created yyyymmddhhmm, declassify_on yyyymmdd."""
        scale = 10_000 if node.field == "created" else 1
        low = int(node.start.replace("-", "")) * scale if node.start else None
        high = int(node.end.replace("-", "")) * scale if node.end else None
        return Query.range_query(self.schema, FIELDS[node.field].index_field, FieldType.Integer, low, high,
                                 include_lower=True, include_upper=high is None)


def _escape(text: str) -> str:
    """``text`` as a literal in a Tantivy regex."""
    return _REGEX_META.sub(r"\\\1", text)


def compile_query(node: Node | None, text: str = "") -> Compiled:
    """The Tantivy query of a syntax tree (None: every cable).

    ``text`` is the query as typed, for error messages. Raises QuerySyntaxError
    when a non-empty query has nothing to search for (only punctuation), or
    for NEAR( on a code field.

    Example: ``compile_query(parse_query("terror*")).highlight == [("terror", True)]``.
    """
    if node is None:
        return Compiled(Query.all_query())
    compiler = _Compiler(text)
    query = compiler.node(node)
    if query is None:
        raise QuerySyntaxError("the query has no words to search for", 1, text)
    return Compiled(query, compiler.scored, list(compiler.highlight))
