"""Body text clean-up: newlines, the banner line, page breaks and repeated section headers.

A cable body as published is the telegram text with transmission noise left in:

- the classification banner, spaced out, with the section and the originating
  post and serial: ``S E C R E T SECTION 01 OF 03 ASTANA 002204``;
- page-break lines of text copies, alone on a line or run into one:
  ``ASTANA 00002204 002 OF 003``, ``CARACAS 00001276 001.2 OF 003``;
- printed-telegram page headers with their classification footer:
  `` CONFIDENTIAL`` / ``PAGE 02 HARARE 06677 01 OF 03 291400Z``, and
  ``PAGE 02 RUEHFRA0170 S E C R E T``;
- at a section start in printed telegrams, a distribution block
  (``PAGE 01 ... ACTION AF-00``, ``INFO LOG-00 ...``) before the next banner;
- each later section's banner and its repeated caption block
  (``SIPDIS``, ``E.O. ...``, ``TAGS``, the tail of the SUBJECT);
- date stamps of the publishing site (``Friday, 18 December 2009, 11:04``).

`clean_body` removes them and rejoins what they split, keeping the line
structure of the text otherwise. Example::

    >>> c = clean_body("S E C R E T SECTION 01 OF 03 ASTANA 002204\\n\\nfoo,\\n\\n"
    ...                "ASTANA 00002204 002 OF 003\\n\\nbar.")
    >>> (c.banner.post, c.banner.serial, c.sections, c.lines)
    ('ASTANA', 2204, 3, ['S E C R E T SECTION 01 OF 03 ASTANA 002204', '', 'foo,', 'bar.'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .banner import CLASSIFICATION_PATTERN, Banner, find_banner, parse_banner

_SPACE_RUNS = re.compile("  +")

_SECTION_ANY = re.compile(r"\bSECTION\s+(\d{1,2})\s+OF\s+(\d{1,2})\b", re.IGNORECASE)

# "ASTANA 00002204 002 OF 003", "BUENOS AIR 00001462 002 OF 005", "CARACAS 00001276 001.2 OF 003".
# The post is cut to 10 characters; the serial is zero-padded to 8 digits (or redacted).
_PAGE_BREAK = re.compile(
    r"(?<![A-Za-z0-9])(?P<post>[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,3} |[A-Z][a-z]+(?: [A-Z][a-z]+){0,2} |X{6,} ?)?"
    r"(?:\d{8}|X{6,}) {1,3}\d{3}(?:\.\d)? [Oo][Ff] \d{3}(?![\d])"
)
_PAGE_BREAK_QUICK = re.compile(r"\d{3}(?:\.\d)? [Oo][Ff] \d{3}")
# "PAGE 02 HARARE 06677 01 OF 03 291400Z" and "PAGE 02 RUEHFRA0170 S E C R E T".
_PAGE_HEADER = re.compile(
    r"^\s*PAGE \d{2,3}\s+(?:"
    r"[A-Z][A-Z ]{1,20}? \d{4,6}\s+\d{2} OF \d{2}\s+\d{6}Z"
    r"|R[A-Z]{4,6}\d{3,5}\s+" + CLASSIFICATION_PATTERN.replace("?P<cls>", "?:") +
    r")\s*"
)
_PAGE_ONE = re.compile(r"^\s*PAGE 01\s")
_FOOTER = re.compile(
    r"^\s*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?:\s+[A-Z]{3}\d{3,5})?\s*$"
)
_TRAILING_FOOTER = re.compile(r"\s{2,}(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s*$")
_DISTRIBUTION = re.compile(r"^\s*(?:INFO\s+LOG-\d|ACTION\s+[A-Z]+-\d\d|-{10,}[A-Z0-9]+\s+\d{6}Z)")
_DATE_STAMP = re.compile(
    r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2}\s*$"
)
_PARA_START = re.compile(r"^\s*\d{1,3}\s?\.\s*(?:\(|[A-Z])")
_CAPTION = re.compile(
    r"^\s*(?:E\.?\s?O\.?\s?\d{5}|EO\s|TAGS?\b|SUBJ(?:ECT)?\s*:|REF|CLASSIFIED\s+BY|"
    r"SIPDIS|NOFORN|LIMDIS|EXDIS|NODIS|ORCON|SENSITIVE|NOT FOR INTERNET|[A-Z/]+ FOR )",
    re.IGNORECASE,
)
# Lines that may be noise: printed-telegram page headers and distribution lines,
# site date stamps, "SIPDIS " run into a line, "<"/">" (each starts with "\n", so that
# the regex engine skips from newline to newline) ...
_NOISE_LINE = re.compile(
    r"\n[ \t]*(?:PAGE \d|INFO\s|ACTION\s|SIPDIS[ \t]+\S|[<>][ \t]*(?:\n|$)"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, )"
)
# ... and page breaks and section banners ("002 OF 003", "SECTION 02 OF 03"), found as plain text.
_BREAK_NEEDLES = (" OF 0", " of 0")
_SIPDIS_PREFIX = re.compile(r"^SIPDIS\s+(?=\S)")
_ENDS_SENTENCE = re.compile(r"[.!?:;)\]\"'\u201d\u2019-]\s*$")
_SENTENCE_END = frozenset(".!?:;)]\"'\u201d\u2019")


@dataclass
class CleanText:
    """A body with the transmission noise removed.

    lines: the clean lines (no trailing newline characters), from the banner on.
    banner: the first banner line, or None.
    banner_index: index of the banner in ``lines`` (0), or None.
    sections: ``Y`` of the first ``SECTION X OF Y``, else 1.
    removed: the noise lines taken out, in order (for inspection).
    """

    lines: list[str]
    banner: Banner | None = None
    banner_index: int | None = None
    sections: int = 1
    removed: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The clean lines joined with ``\\n``."""
        return "\n".join(self.lines)


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` become ``\\n`` (trailing spaces are left: every test strips them)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def ends_sentence(line: str) -> bool:
    """Whether a line ends with sentence punctuation: ``.``, ``?``, ``)``, a closing quote."""
    s = line.rstrip()
    return bool(s) and s[-1] in _SENTENCE_END


def squash(text: str) -> str:
    """Whitespace-normalize: runs of spaces and line breaks become one space, ends trimmed."""
    text = text.replace("\n", " ")
    if "\t" in text or "\u00a0" in text or "\r" in text:
        return " ".join(text.split())
    if "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    return text.strip()


def strip_page_breaks(line: str, post: str | None = None) -> tuple[str, bool]:
    """Remove page-break text (``ASTANA 00002204 002 OF 003``) from one line.

    Returns the line without it and whether one was found; text on both sides
    is joined with one space. ``post``: the banner's post; the page break names
    it cut to 10 characters, so that words before it (``NELSON JOBIM TO
    WASHINGTON BRASILIA 00000351 ...``) are kept.
    """
    if not _PAGE_BREAK_QUICK.search(line):
        return line, False
    new, n = _PAGE_BREAK.subn(lambda m: _keep_words(m, post), line)
    if not n:
        return line, False
    parts = [p.strip() for p in new.split("\x00")]
    return " ".join(p for p in parts if p), True


def _keep_words(m: re.Match[str], post: str | None) -> str:
    """The words of a page-break match that are text, not the post's name (cut to 10 characters)."""
    words = m.group("post")
    if not words or not words.strip():
        return "\x00"
    words = words.rstrip()
    short = post[:10].rstrip().upper() if post else None
    if short and words.upper().endswith(short):
        return words[: len(words) - len(short)] + "\x00"
    if not short and len(words) > 10:  # a post name is at most 10 characters: keep the words before
        keep = words[: len(words) - 10]
        cut = keep.rfind(" ")
        return (words[: cut + 1] if cut >= 0 else "") + "\x00"
    return "\x00"


def _norm(line: str) -> str:
    return " ".join(line.split()).upper()


class _Cleaner:
    """One pass over the lines: drops noise and rejoins what it split."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.pending_break = False
        self.removed: list[str] = []

    def emit(self, line: str) -> None:
        if self.pending_break:
            if not line.strip():
                return
            self._join_after_break(line)
            self.pending_break = False
        self.out.append(line)

    def _join_after_break(self, nxt: str) -> None:
        """Decide whether the text after a break continues the text before it."""
        out = self.out
        while out and not out[-1].strip():
            out.pop()
        if not out:
            return
        prev = out[-1].rstrip()
        s = nxt.lstrip()
        continues = s[:1].islower() or (
            not _ENDS_SENTENCE.search(prev) and not _PARA_START.match(s) and not s.startswith("-")
        )
        if not continues:
            out.append("")

    def page_break(self, raw: str) -> None:
        self.removed.append(raw)
        self.pending_break = True


def clean_body(text: str) -> CleanText:
    """Clean a body text: see the module docstring for what is removed.

    The result starts at the first banner line (lines before it, such as site
    date stamps or a copied header, are dropped); without a banner, at the first
    non-blank line. Never raises on odd input.
    """
    lines = normalize_newlines(text).split("\n")
    start = find_banner(lines)
    banner = parse_banner(lines[start]) if start is not None else None
    if start is None:
        start = next((i for i, ln in enumerate(lines) if ln.strip()), len(lines))
    sections = 1
    if banner is not None and banner.sections:
        sections = banner.sections
    else:  # "SECTION 01 OF 02" away from the banner, near the top
        head = "\n".join(line for line in lines[start:start + 40] if len(line) < 200)
        m = _SECTION_ANY.search(head) if "ECTION" in head.upper() else None
        if m and m.group(2) != "0":
            sections = int(m.group(2))

    c = _Cleaner()
    first_banner_norm = _norm(lines[start]) if banner is not None else None
    preamble: set[str] | None = None
    skipping = captions_too = False
    n = len(lines)
    flagged = _flagged_lines(lines, start)
    fi = 0
    i = start
    while i < n:
        while fi < len(flagged) and flagged[fi] < i:
            fi += 1
        nxt = flagged[fi] if fi < len(flagged) else n
        if nxt > i and not c.pending_break and not skipping:
            c.out.extend(lines[i:nxt])  # plain text up to the next suspect line
            i = nxt
            continue
        line = lines[i]
        i += 1
        if i - 1 == nxt and i - 1 > start:
            if _DATE_STAMP.match(line) or _DISTRIBUTION.match(line):
                c.removed.append(line)
                continue
            if _PAGE_ONE.match(line):  # printed-telegram section start: distribution block
                j = i
                limit = min(n, i + 15)
                while j < limit and parse_banner(lines[j]) is None:
                    j += 1
                if j < limit:
                    c.removed.extend(lines[i - 1:j])
                    _drop_footer(c.out)
                    c.page_break(line)
                    i = j
                    continue
            m = _PAGE_HEADER.match(line)
            if m:
                _drop_footer(c.out)
                c.page_break(line[: m.end()])
                line = line[m.end():]
                if not line.strip():
                    continue
            elif _FOOTER.match(line) and _next_is_page(lines, i):
                c.removed.append(line)
                continue
            else:
                line, found = strip_page_breaks(line, banner.post if banner is not None else None)
                if found:
                    if not line.strip():
                        c.page_break(lines[i - 1])
                        continue
                    if _PAGE_BREAK.match(lines[i - 1].lstrip()):
                        c.page_break(lines[i - 1])
            if banner is not None and line.rstrip()[-1:].isdigit():
                b = parse_banner(line)
                if b is not None and _is_section_repeat(b, line, first_banner_norm):
                    if preamble is None:
                        preamble = _preamble_set(c.out)
                    c.removed.append(line)
                    c.page_break(line)
                    skipping = True
                    # a new section repeats (part of) the captions; a doubled first
                    # block repeats the lines already read, and may add the rest
                    captions_too = b.section is not None and b.section > 1
                    continue
            if line.startswith("SIPDIS ") and c.out and c.out[-1].strip() and i - 1 > start + 2:
                line = _SIPDIS_PREFIX.sub("", line)
        if line.strip() in ("<", ">"):
            continue
        if skipping:
            if not line.strip() or _norm(line) in preamble or (captions_too and _CAPTION.match(line)):  # type: ignore[operator]
                c.removed.append(line)
                continue
            skipping = False
        c.emit(line)
    out = c.out
    while out and (not out[-1].strip() or _FOOTER.match(out[-1]) or out[-1].strip() in (">", "NNNN")):
        out.pop()
    return CleanText(lines=out, banner=banner, banner_index=0 if banner is not None else None,
                     sections=sections, removed=c.removed)


def _flagged_lines(lines: list[str], start: int) -> list[int]:
    """Indexes of the lines after ``start`` that may be noise (`_NOISE_LINE`, `_BREAK_NEEDLES`)."""
    text = "\n" + "\n".join(lines[start + 1:])
    hits = [m.start() + 1 for m in _NOISE_LINE.finditer(text)]
    for needle in _BREAK_NEEDLES:
        pos = text.find(needle)
        while pos >= 0:
            hits.append(pos)
            pos = text.find(needle, pos + 5)
    if not hits:
        return []
    hits.sort()
    out: list[int] = []
    line_no, last = start, 0
    for pos in hits:
        line_no += text.count("\n", last, pos)
        last = pos
        if not out or out[-1] != line_no:
            out.append(line_no)
    return out


def _drop_footer(out: list[str]) -> None:
    """Remove the classification footer printed above a page header."""
    while out and (not out[-1].strip() or _FOOTER.match(out[-1])):
        out.pop()
    if out:
        out[-1] = _TRAILING_FOOTER.sub("", out[-1])


def _next_is_page(lines: list[str], i: int) -> bool:
    """Whether the next text line from ``i`` is a page header or another footer (or none is left)."""
    for j in range(i, min(len(lines), i + 4)):
        s = lines[j].strip()
        if not s:
            continue
        return bool(_PAGE_HEADER.match(lines[j]) or _PAGE_ONE.match(lines[j]) or _FOOTER.match(lines[j]))
    return True


def _is_section_repeat(b: Banner, line: str, first_norm: str | None) -> bool:
    """A later banner starts a new section (or repeats the first): not a quoted cable."""
    if b.section is None:
        return False
    return b.section > 1 or _norm(line) == first_norm


def _preamble_set(out: list[str]) -> set[str]:
    """Normalized lines of the first section's preamble (up to paragraph 1)."""
    seen: set[str] = set()
    for line in out:
        if _PARA_START.match(line):
            break
        if line.strip():
            seen.add(_norm(line))
    return seen
