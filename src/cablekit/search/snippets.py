"""Snippets of a page of hits: the best passage of each cable's body, matched words marked.

The index doesn't store the text, so the snippets are cut from the body read
from SQLite for the page of hits, by Tantivy's `SnippetGenerator` (which scores
passages by the query's terms, analyzed as the index analyzes them). It
tokenizes all the text it is given, so a long body is first narrowed to the
window of `WINDOW_CHARS` holding the most distinct query words, found by a
plain search for the words' stems (a stem minus its last letter starts nearly
every word it comes from); the generator then marks exactly.
Matched words are wrapped in `HIGHLIGHT_START` / `HIGHLIGHT_END`; whitespace
is collapsed and an ellipsis marks text cut at either end.

Example::

    marker = Highlighter.create(searcher, compiled.highlight)
    marker.snippet(subject, body)   # "… use the July U.S.-Russia agreement on \\x02overflights\\x03 as …"
"""
from __future__ import annotations

import re

import tantivy
from tantivy import Occur, Query

from ..store.base import HIGHLIGHT_END, HIGHLIGHT_START
from .index import schema, text_analyzer

SNIPPET_CHARS = 200
"""Longest passage shown, in characters (before the ellipses)."""
WINDOW_CHARS = 600
"""Text handed to the snippet generator around the best spot of a longer body."""
_PREFIX_TERMS = 64
_SPACES = re.compile(r"\s+")
# Where the text proper starts: paragraph 1 (after the caption, TAGS, SUBJECT and REF lines,
# which repeat the subject and would otherwise win every snippet)
_FIRST_PARAGRAPH = re.compile(r"\n[ \t]*1[ \t]?\.[ \t]")


class Highlighter:
    """Snippet generators for the body and the subject of one query's hits."""

    def __init__(self, generators: list[tuple[str, tantivy.SnippetGenerator]], starts: list[str]) -> None:
        self.generators = generators  # (field, generator): body first, then subject
        self.starts = starts  # how query words begin: each term (less its last letter), lower case

    @classmethod
    def create(cls, searcher: tantivy.Searcher, terms: list[tuple[str, bool]]) -> "Highlighter | None":
        """Generators for the query's full-text ``terms`` ``(term, is_prefix)``; a prefix is
        expanded to the stems of its most frequent words in the index. None when there are no terms."""
        if not terms:
            return None
        generators = []
        for field in ("body", "subject"):
            words = dict.fromkeys(t for t, prefix in terms if not prefix)
            for t, prefix in terms:
                if prefix:
                    for word, _ in searcher.terms_with_prefix(f"{field}_plain", t, limit=_PREFIX_TERMS):
                        words.update((stem, None) for stem in text_analyzer().analyze(word))
            query = Query.boolean_query([(Occur.Should, Query.term_query(schema(), field, w)) for w in words]) \
                if words else Query.empty_query()
            gen = tantivy.SnippetGenerator.create(searcher, query, schema(), field)
            gen.set_max_num_chars(SNIPPET_CHARS)
            generators.append((field, gen))
        starts = sorted({t if prefix or len(t) <= 3 else t[:-1] for t, prefix in terms})
        return cls(generators, starts)

    def snippet(self, subject: str | None, body: str | None) -> str | None:
        """The marked passage of the body, else of the subject; None when neither has a match."""
        for (field, gen), text in zip(self.generators, (body, subject)):
            if not text:
                continue
            if len(text) <= WINDOW_CHARS:
                marked = _marked(field, gen, text, False, False)
            else:  # no query word in sight: no match here (the stems of "dying" and a few like it aside)
                window = _prose_window(text, self.starts) or _window(text, self.starts)
                if window is None:
                    continue
                start, end = window
                marked = (_marked(field, gen, text[start:end], start > 0, end < len(text))
                          or _marked(field, gen, text, False, False))
            if marked:
                return marked
        return None


def _prose_window(text: str, starts: list[str]) -> tuple[int, int] | None:
    """`_window` of the text from paragraph 1 on, in ``text``'s offsets; None when the
    text has no paragraph 1 or no query word after it."""
    first = _FIRST_PARAGRAPH.search(text)
    if first is None:
        return None
    window = _window(text[first.start() + 1:], starts)
    if window is None:
        return None
    return window[0] + first.start() + 1, window[1] + first.start() + 1


def _spots(text: str, starts: list[str]) -> list[tuple[int, str]]:
    """Positions where a word of ``text`` begins with one of ``starts``, in order."""
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer: positions would shift
        low = "".join(ch.lower()[:1] or ch for ch in text)
    found = []
    for start in starts:
        i = low.find(start)
        while i >= 0:
            if i == 0 or not low[i - 1].isalnum():
                found.append((i, start))
            i = low.find(start, i + 1)
    found.sort()
    return found


def _window(text: str, starts: list[str]) -> tuple[int, int] | None:
    """``[start, end)`` of the `WINDOW_CHARS` of ``text`` with the most distinct query
    words (the first with all of them, else the earliest best), cut at spaces; None
    when no word is found."""
    found = _spots(text, starts)
    seen: dict[str, int] = {}  # start -> occurrences inside the sliding half-window
    best, best_at, j = 0, -1, 0
    for pos, word in found:
        seen[word] = seen.get(word, 0) + 1
        while found[j][0] < pos - WINDOW_CHARS // 2:
            old = found[j][1]
            seen[old] -= 1
            if not seen[old]:
                del seen[old]
            j += 1
        if len(seen) > best:
            best, best_at = len(seen), found[j][0]
            if best == len(starts):
                break
    if best_at < 0:
        return None
    start = max(0, best_at - WINDOW_CHARS // 4)
    end = min(len(text), start + WINDOW_CHARS)
    if start > 0:
        cut = text.find(" ", start)
        start = cut + 1 if 0 <= cut < best_at else start
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > best_at else end
    return start, end


def _marked(field: str, gen: tantivy.SnippetGenerator, text: str, cut_before: bool, cut_after: bool) -> str | None:
    """The best passage of ``text`` (a value of ``field``, or a window of one: ``cut_before``/
    ``cut_after`` say whether text was left out there) with its matches marked; None without a match."""
    doc = tantivy.Document()
    doc.add_text(field, text)
    snip = gen.snippet_from_doc(doc)
    spans = sorted((r.start, r.end) for r in snip.highlighted())
    if not spans:
        return None
    raw = snip.fragment().encode("utf-8")  # highlight offsets are UTF-8 byte offsets
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out += [raw[pos:start].decode("utf-8", "replace"), HIGHLIGHT_START,
                raw[start:end].decode("utf-8", "replace"), HIGHLIGHT_END]
        pos = end
    out.append(raw[pos:].decode("utf-8", "replace"))
    where = snip.fragment_range()
    whole = text.strip().encode("utf-8")
    head = "… " if cut_before or where.start > 0 else ""
    tail = " …" if cut_after or where.end < len(whole) else ""
    return head + _SPACES.sub(" ", "".join(out)).strip() + tail

