"""The search query language: text -> a small syntax tree (`parse_query`).

One language for the CLI, the web page and the JSON API::

    overflight Kazakhstan             both words (stemmed: overflights matches)
    "northern distribution network"   the exact phrase
    terror*                           words starting with "terror"
    karzai OR wali    -taliban        either word; NOT a word (also: NOT taliban)
    (karzai OR wali) AND corruption   parentheses group; AND is implied between terms
    NEAR(karzai corruption, 5)        words at most 5 words apart (default 10)
    subject:overflight  body:"human rights"  tag:PREL  caveat:NOFORN  origin:"Embassy Astana"
    from:ASTANA  to:"SECSTATE WASHDC"  info:MOSCOW  signer:CLINTON  classified_by:Hoagland
    classification:SECRET  precedence:IMMEDIATE  ref:09STATE128489  id:09ASTANA2204
    created:2009-12   created:2009-01..2009-06   created:>=2008-03-01   declassify_on:<2026
    tag:(PREL OR PGOV)                a field applies to a whole group

Operators are upper case (``and``, ``or``, ``not``, ``near`` are ordinary words);
NOT binds tightest, then AND, then OR, so ``a b OR c`` means ``(a AND b) OR c``.
A query that can't be read raises `QuerySyntaxError` saying what is wrong and
at which column. Fields are listed in `cablekit.search.fields`.

Example::

    >>> parse_query('tag:KZ overflight')
    And(items=(Term(text='KZ', field='tag', prefix=False, column=5), Term(text='overflight', ...)))
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QuerySyntaxError
from ..refid import canonicalize, split
from ..store.query import date_bound
from .fields import FIELDS, field_list

NEAR_DEFAULT = 10
"""Distance of ``NEAR(a b)`` without a number, in words (as in SQLite FTS5)."""
NEAR_MAX = 100
_PREFIX_MIN = 2
_FIELD_NAME = re.compile(r"([A-Za-z_]+):")
_WORD_END = frozenset('()"')
_DATE_OP = re.compile(r"^(>=|<=|>|<)?(.*)$", re.S)
_DIGITS = re.compile(r"^\d+$")
_DATE_SYNTAX = re.compile(r"^[<>]|\.\.")
# A post and a serial without the year in front: "STATE 128489", "ASTANA2204".
_NO_YEAR_ID = re.compile(r"^[A-Z][A-Z0-9]*?[A-Z]0*\d+$")

MAX_QUERY_LENGTH = 1000
"""Longest query accepted, in characters (CLI, search page and JSON API alike)."""


# -- the syntax tree ------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """A word (``field`` None: subject and body), or a field value; ``prefix``: it ended in ``*``."""

    text: str
    field: str | None = None
    prefix: bool = False
    column: int = 1


@dataclass(frozen=True)
class Phrase:
    """A quoted phrase: these words, in this order, adjacent (or a whole code/name value)."""

    text: str
    field: str | None = None
    column: int = 1


@dataclass(frozen=True)
class Near:
    """``NEAR(a b ..., distance)``: the words (phrases kept whole) at most ``distance`` words apart."""

    items: tuple[str, ...]
    distance: int = NEAR_DEFAULT
    field: str | None = None
    column: int = 1


@dataclass(frozen=True)
class DateRange:
    """A date field between ``start`` (inclusive) and ``end`` (exclusive), ``YYYY-MM-DD``; None: open."""

    field: str
    start: str | None
    end: str | None
    column: int = 1


@dataclass(frozen=True)
class Not:
    """Cables not matching ``item``."""

    item: "Node"
    column: int = 1


@dataclass(frozen=True)
class And:
    """Cables matching every item."""

    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    """Cables matching any item."""

    items: tuple["Node", ...]


Node = Term | Phrase | Near | DateRange | Not | And | Or


# -- tokens ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, field, near, "(", ")", "-"
    text: str
    column: int
    near: Near | None = None


def _error(reason: str, column: int, query: str) -> QuerySyntaxError:
    return QuerySyntaxError(reason, column, query)


def _closing_quote(text: str, start: int) -> int:
    """Index of the ``"`` closing the phrase opened at ``start``; raises when there is none."""
    end = text.find('"', start + 1)
    if end < 0:
        raise _error('this " is never closed', start + 1, text)
    return end


def _tokenize(text: str) -> list[_Token]:
    """The tokens of ``text``; raises QuerySyntaxError for an unclosed quote, an unknown
    field or a field without a value."""
    out: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        col = i + 1
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Token(ch, ch, col))
            i += 1
        elif ch == '"':
            end = _closing_quote(text, i)
            out.append(_Token("phrase", text[i + 1:end], col))
            i = end + 1
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "-)":
            out.append(_Token("-", ch, col))
            i += 1
        elif text.startswith("NEAR(", i):
            near, i = _near(text, i)
            out.append(_Token("near", "NEAR", col, near))
        else:
            m = _FIELD_NAME.match(text, i)
            if m:
                name, after = m.group(1).lower(), m.end()
                no_value = after >= n or text[after].isspace()
                if name in FIELDS:
                    if no_value or text[after] == ")":
                        raise _error(f"{name}: needs a value", col, text)
                    out.append(_Token("field", name, col))
                    i = after
                    continue
                if not no_value:
                    raise _error(f"unknown field {m.group(1)}: (fields: {field_list()}; "
                                 "put text with a colon in quotes)", col, text)
            j = i
            while j < n and not text[j].isspace() and text[j] not in _WORD_END:
                j += 1
            out.append(_Token("word", text[i:j], col))
            i = j
    return out


def _near(text: str, start: int) -> tuple[Near, int]:
    """Read ``NEAR(items[, distance])`` starting at ``start``; return it and the index after ``)``."""
    i = start + len("NEAR(")
    items: list[tuple[str, int]] = []
    distance, comma = NEAR_DEFAULT, None
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            raise _error("NEAR( is never closed", start + 1, text)
        ch = text[i]
        if ch == ")":
            i += 1
            break
        if comma is not None:
            raise _error("NEAR( takes one distance after the comma, then )", i + 1, text)
        if ch == '"':
            end = _closing_quote(text, i)
            items.append((text[i + 1:end], i + 1))
            i = end + 1
        elif ch == ",":
            j = i + 1
            while j < len(text) and text[j].isspace():
                j += 1
            k = j
            while k < len(text) and not text[k].isspace() and text[k] not in '()",':
                k += 1
            if not _DIGITS.match(text[j:k]):
                raise _error("NEAR distance must be a whole number of words", j + 1, text)
            distance, comma = int(text[j:k]), j + 1
            if distance > NEAR_MAX:
                raise _error(f"NEAR distance must be at most {NEAR_MAX}", j + 1, text)
            i = k
        elif ch in "(":
            raise _error("NEAR( takes words and phrases, not groups", i + 1, text)
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in '()",':
                j += 1
            word = text[i:j]
            if "*" in word:
                raise _error("NEAR( takes whole words, not prefixes", i + 1 + word.index("*"), text)
            items.append((word, i + 1))
            i = j
    if len(items) < 2:
        raise _error("NEAR( needs at least two words", start + 1, text)
    return Near(tuple(w for w, _ in items), distance, None, start + 1), i


# -- the parser -----------------------------------------------------------------------------

MAX_DEPTH = 32
"""Deepest nesting of parentheses and NOT/- a query may have (deeper ones are refused)."""


class _Parser:
    """Recursive descent over the tokens: or := and (OR and)*; and := unary ([AND] unary)*;
    unary := (NOT | -) unary | primary; primary := ( or ) | NEAR | field value | phrase | word."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.pos = 0
        self.depth = 0

    def enter(self, tok: _Token) -> None:
        """Count one level of nesting at ``tok``; refuse a query nested deeper than MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"the query is nested more than {MAX_DEPTH} levels deep", tok.column)

    def error(self, reason: str, column: int) -> QuerySyntaxError:
        return _error(reason, column, self.text)

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def is_op(self, tok: _Token | None, *names: str) -> bool:
        return tok is not None and tok.kind == "word" and tok.text in names

    def needs_after(self, tok: _Token, what: str) -> None:
        """Raise unless a term follows the operator ``tok``."""
        nxt = self.peek()
        if nxt is None or nxt.kind == ")" or self.is_op(nxt, "AND", "OR"):
            raise self.error(f"{what} needs a term after it", tok.column)

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr(None)
        tok = self.peek()
        if tok is not None:  # only a stray ")" stops or_expr early
            raise self.error("')' has no matching '('", tok.column)
        return node

    def or_expr(self, field: str | None) -> Node:
        items = [self.and_expr(field)]
        while self.is_op(self.peek(), "OR"):
            op = self.take()
            self.needs_after(op, "OR")
            items.append(self.and_expr(field))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self, field: str | None) -> Node:
        items = [self.unary(field)]
        while (tok := self.peek()) is not None and tok.kind != ")" and not self.is_op(tok, "OR"):
            if self.is_op(tok, "AND"):
                self.take()
                self.needs_after(tok, "AND")
            items.append(self.unary(field))
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self, field: str | None) -> Node:
        tok = self.peek()
        if tok is not None and (tok.kind == "-" or self.is_op(tok, "NOT")):
            self.take()
            self.needs_after(tok, "NOT" if tok.kind == "word" else "'-'")
            self.enter(tok)
            node = Not(self.unary(field), tok.column)
            self.depth -= 1
            return node
        return self.primary(field)

    def primary(self, field: str | None) -> Node:
        tok = self.take()
        if tok.kind == "(":
            return self.group(tok, field)
        if tok.kind == ")":
            raise self.error("')' has no matching '('", tok.column)
        if self.is_op(tok, "AND", "OR"):
            raise self.error(f"{tok.text} needs a term before it", tok.column)
        if tok.kind == "field":
            if field is not None:
                raise self.error(f"{tok.text}: can't be used inside {field}:( )", tok.column)
            return self.field_value(tok)
        if tok.kind == "near":
            return Near(tok.near.items, tok.near.distance, field, tok.column)
        if field is not None and FIELDS[field].kind == "id":
            self.check_reference_id(field, tok)
        if tok.kind == "phrase":
            return Phrase(tok.text, field, tok.column)
        return self.word(tok, field)

    def group(self, open_: _Token, field: str | None) -> Node:
        nxt = self.peek()
        if nxt is None:
            raise self.error("'(' is never closed", open_.column)
        if nxt.kind == ")":
            raise self.error("empty parentheses", open_.column)
        self.enter(open_)
        node = self.or_expr(field)
        if self.peek() is None:
            raise self.error("'(' is never closed", open_.column)
        self.take()
        self.depth -= 1
        return node

    def field_value(self, name: _Token) -> Node:
        spec = FIELDS[name.text]
        value = self.take()  # the lexer saw a value right after the colon
        if value.kind in ("-", "field"):
            raise self.error(f"{name.text}: needs a value (write -{name.text}:VALUE to exclude)", name.column)
        if spec.kind == "id" and value.kind in ("word", "phrase"):
            self.check_reference_id(name.text, value)
        if spec.kind == "date" and not (spec.name == "declassify_on" and _is_instruction(value)):
            if value.kind != "word":
                raise self.error(f"{name.text}: takes a date, a range A..B or a comparison like >=2009-03",
                                 value.column)
            return _date_range(spec.name, value.text, value.column, self.text)
        if value.kind == "(":
            return self.group(value, name.text)
        if value.kind == "near":
            if spec.kind not in ("text", "words"):
                raise self.error(f"NEAR( can't be used with {name.text}:", value.column)
            return Near(value.near.items, value.near.distance, name.text, value.column)
        if value.kind == "phrase":
            return Phrase(value.text, name.text, value.column)
        return self.word(value, name.text)

    def check_reference_id(self, field: str, value: _Token) -> None:
        """Raise unless ``value`` (a word or phrase after ``ref:``/``id:``) is a reference ID
        once canonicalized (``09STATE128489``, ``1973STATE097844_b``), or a prefix (``09STATE*``)."""
        text = value.text
        if value.kind == "word" and text.endswith("*"):
            return  # a prefix; `word` checks its shape
        rid = canonicalize(text)
        if split(rid) is not None:
            return
        if _NO_YEAR_ID.match(rid):
            raise self.error(f"{field}: needs the year before {rid} "
                             "(a reference ID like 09STATE128489)", value.column)
        raise self.error(f"{field}: takes a reference ID like 09STATE128489", value.column)

    def word(self, tok: _Token, field: str | None) -> Term:
        text = tok.text
        star = text.find("*")
        if star < 0:
            return Term(text, field, False, tok.column)
        if star != len(text) - 1:
            raise self.error("'*' can only end a word (a prefix search)", tok.column + star)
        stem = text[:-1]
        if sum(ch.isalnum() for ch in stem) < _PREFIX_MIN:
            raise self.error(f"a prefix needs at least {_PREFIX_MIN} letters or digits before '*'",
                             tok.column + star)
        return Term(stem, field, True, tok.column)


def _is_instruction(value: _Token) -> bool:
    """True for a declassify-on value that is an instruction (``OADR``, ``25X1``, ``"N/A"``),
    not a date: a phrase, or a word with a letter in it and no date syntax (a leading
    ``<``/``>`` or a ``..`` range), so ``<abc`` is read, and refused, as a date."""
    if value.kind == "phrase":
        return True
    return (value.kind == "word" and any(ch.isalpha() for ch in value.text)
            and not _DATE_SYNTAX.search(value.text))


def _date_range(field: str, value: str, column: int, query: str) -> DateRange:
    """Read ``D``, ``A..B`` (either side may be left out), ``>=D``, ``>D``, ``<=D`` or ``<D``;
    D is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    op, rest = _DATE_OP.match(value).groups()

    def bound(text: str, col: int, *, end: bool) -> str:
        try:
            return date_bound(text, end=end)
        except ValueError as exc:
            raise _error(f"{field}: {exc}", col, query) from None

    if op:
        if ".." in rest:
            raise _error(f"{field}: use either a comparison or a range A..B, not both", column, query)
        col = column + len(op)
        if op in (">=", ">"):
            return DateRange(field, bound(rest, col, end=op == ">"), None, column)
        return DateRange(field, None, bound(rest, col, end=op == "<="), column)
    if ".." in value:
        low, high = value.split("..", 1)
        if not low and not high:
            raise _error(f"{field}: a range needs a date on at least one side of ..", column, query)
        start = bound(low, column, end=False) if low else None
        end = bound(high, column + len(low) + 2, end=True) if high else None
        if start and end and start >= end:
            raise _error(f"{field}: the range {value} ends before it starts", column, query)
        return DateRange(field, start, end, column)
    return DateRange(field, bound(value, column, end=False), bound(value, column, end=True), column)


def parse_query(text: str) -> Node | None:
    """The syntax tree of a query, or None for an empty (all-space) query.

    Raises `QuerySyntaxError` (with ``reason`` and 1-based ``column``) when the
    text can't be read: unbalanced parentheses or quotes, an operator without a
    term, an unknown field, a bad date, a misplaced ``*``, a ``ref:``/``id:`` value
    that is no reference ID, a query longer than `MAX_QUERY_LENGTH` characters
    (reported at column ``MAX_QUERY_LENGTH + 1``).

    Example: ``parse_query("created:2009-12")`` gives
    ``DateRange(field='created', start='2009-12-01', end='2010-01-01', column=1)``.
    """
    text = text or ""
    if len(text) > MAX_QUERY_LENGTH:
        raise _error(f"the query is longer than {MAX_QUERY_LENGTH} characters", MAX_QUERY_LENGTH + 1, text)
    return _Parser(text).parse()
