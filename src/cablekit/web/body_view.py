"""The cable body as blocks for the page: banner, caption lines, numbered paragraphs, signer.

Reads the body text with the parser's findings as a guide (`Cable.paragraphs`,
`Cable.tags`, `Cable.references`, `Cable.signers`): the classification banner
(``S E C R E T SECTION 01 OF 03 ASTANA 002204``), caption and caveat lines, the
E.O., TAGS, SUBJECT, Classified By and REF lines, then each numbered paragraph
with its portion marking. Paragraph lines are re-flowed (cables are hard-wrapped
at about 70 columns) and split again at list items; page-break lines and repeated
banners inside a paragraph become inline markers. Paragraphs of the SUMMARY and
COMMENT passages the parser found are flagged. Every piece keeps its text; the template escapes it.

Example::

    >>> blocks = body_blocks(Cable(reference_id="X", body="1. (C) Text.",
    ...                            paragraphs=[Paragraph(1, "C", "Text.")]), set())
    >>> blocks[0].kind, blocks[0].anchor, blocks[0].level
    ('para', 'par1', 'c')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Cable, Reference
from . import decoding, urls

_BANNER_WORDS = {"TOP SECRET": "ts", "SECRET": "s", "CONFIDENTIAL": "c", "UNCLASSIFIED": "u",
                 "UNCLAS": "u", "LIMITED OFFICIAL USE": "lou"}
_BANNER_LEVELS = {word.replace(" ", ""): level for word, level in _BANNER_WORDS.items()}
_BANNER = re.compile(r"^\s*(" + "|".join(
    r"\s?".join(re.escape(ch) for ch in word.replace(" ", "")) for word in _BANNER_WORDS) + r")\b(.*)$")
_PAGE_BREAK = re.compile(r"^\s*(?:PAGE \d{1,3} [A-Z][A-Z ]{1,30} \d{1,6} (?:\d{2} OF \d{2} )?\d{6}Z"
                         r"|[A-Z][A-Z ]{1,30} \d{5,8} \d{3} OF \d{3})")
_CAVEATS = frozenset({"NOFORN", "SIPDIS", "LIMDIS", "EXDIS", "NODIS", "NOTAL", "ORCON", "SBU",
                      "FOUO", "STADIS", "PROPIN", "NOCONTRACT", "CHEROKEE", "SENSITIVE", "TERREP"})
_LABEL = re.compile(r"^(\s*)(TAGS?:?|SUBJECT:|SUBJ:|E\.\s?O\.|EO|Classified [Bb]y:?|CLASSIFIED BY:?"
                    r"|REF:|REFS:|REFTELS?:|REFERENCES?:)(?=\s|$)", re.IGNORECASE)
_KEYWORD = re.compile(r"\b(?:(?:BEGIN|END)\s+(?:SUMMARY|COMMENT|NOTE)\b\.?|(?:SUMMARY|COMMENT|NOTE)\s?:)",
                      re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:--?|\*|[A-Z]\.|[a-z]\.|\(?[A-Za-z0-9]{1,2}\))\s")
_REF_ITEM = re.compile(r"^\s*(?:\(?[A-Z]\)|[A-Z]\.|[A-Z]\s*-)\s")
_PARA_HEAD = re.compile(r"(\d{1,3})\.(?:\s*\(\s*([^)\n]{1,60}?)\s*\)|(?=\s|$))")
_BANNER_TAIL = re.compile(r"[A-Z ]+\d{3,6}")
_PIECES = re.compile(r"\S+|\s+")
_TAG_PIECES = re.compile(r"[^\s,]+|[\s,]+")
_WORD = re.compile(r"\S+")
_THREE_CAPITALS = re.compile(r"[A-Z]{3}")
_MAX_SCAN = 400
_REGION_LEAD = 60


@dataclass
class Segment:
    """A piece of text and how to show it: kind (CSS class), tip (meaning), href (link)."""

    text: str
    kind: str = "text"
    tip: str | None = None
    href: str | None = None


@dataclass
class Block:
    """One block of the body.

    kind: ``banner`` (level set), ``line`` (a caption/field line: segments, or just text
    when nothing in it is decoded; neither for a blank line), ``para``
    (numbered paragraph: number, anchor, marking, level, marking_tip, chunks, region),
    ``heading`` (a sub-heading line), ``pagebreak`` (a page-break line), ``signer``.
    region: ``"summary"``/``"comment"`` when the paragraph lies in such a passage.
    """

    kind: str
    text: str = ""
    segments: list[Segment] = field(default_factory=list)
    chunks: list[list[Segment]] = field(default_factory=list)
    number: int | None = None
    anchor: str | None = None
    marking: str | None = None
    level: str = "other"
    marking_tip: str | None = None
    region: str | None = None
    region_start: bool = False


def _inline(text: str) -> list[Segment]:
    """Text with SUMMARY/COMMENT/NOTE keywords set apart."""
    out: list[Segment] = []
    pos = 0
    for m in _KEYWORD.finditer(text):
        if m.start() > pos:
            out.append(Segment(text[pos:m.start()]))
        out.append(Segment(m.group(0), "kw"))
        pos = m.end()
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def _banner_level(line: str) -> str | None:
    m = _BANNER.match(line)
    if not m:
        return None
    return _BANNER_LEVELS.get("".join(m.group(1).split()))


def _is_banner(line: str) -> bool:
    """A banner line: spaced classification word (or ``SECRET SECTION``), nothing like prose after it."""
    m = _BANNER.match(line)
    if not m:
        return False
    spaced = " " in m.group(1).strip()
    rest = m.group(2).strip()
    return spaced or rest == "" or rest.startswith("SECTION") or _BANNER_TAIL.fullmatch(rest) is not None


def _reflow(lines: list[str]) -> list[list[Segment]]:
    """Hard-wrapped lines as chunks of flowing text; a list item, banner or page break starts a new piece."""
    chunks: list[list[Segment]] = []
    words: list[str] = []

    def flush() -> None:
        if words:
            chunks.append(_inline(" ".join(words)))
            words.clear()

    for line in lines:
        if not line.strip():
            continue
        if _is_banner(line):
            flush()
            chunks.append([Segment(line.strip(), "banner", "Classification banner repeated at a section break")])
            continue
        pb = _PAGE_BREAK.match(line)
        if pb:
            flush()
            chunks.append([Segment(pb.group(0).strip(), "pagebreak", "Page break in the original")])
            rest = line[pb.end():].strip()
            if rest:
                words.append(rest)
            continue
        if _LIST_ITEM.match(line):
            flush()
        words.append(line.strip())
    flush()
    return chunks


def _reference_segments(line: str, refs: list[Reference], in_archive: set[str]) -> list[Segment]:
    """A REF line with each cited cable linked (or marked as not in this archive)."""
    spans: list[tuple[int, int, Reference]] = []
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(line)]
    for ref in refs:
        target = ref.text.split()
        n = len(target)
        for i in range(len(words) - n + 1) if n else ():
            if [w for _, _, w in words[i:i + n]] == target:
                start, end = words[i][0], words[i + n - 1][1]
                if not any(s < end and start < e for s, e, _ in spans):
                    spans.append((start, end, ref))
                break
    spans.sort(key=lambda s: s[0])
    out: list[Segment] = []
    pos = 0
    for start, end, ref in spans:
        out.append(Segment(line[pos:start]))
        if ref.reference_id in in_archive:
            out.append(Segment(line[start:end], "ref", f"Cable {ref.reference_id}", urls.cable_url(ref.reference_id)))
        else:
            out.append(Segment(line[start:end], "ref-missing", f"Cable {ref.reference_id}, not in this archive"))
        pos = end
    out.append(Segment(line[pos:]))
    return [s for s in out if s.text]


def _field_line(line: str, cable: Cable, in_archive: set[str], state: dict[str, str]) -> Block:
    """One line before the first paragraph: banner, captions, or a labelled field."""
    level = _banner_level(line) if _is_banner(line) else None
    if level:
        return Block("banner", text=line.strip(), level=level)
    if state.get("field") == "REF" and line.strip() and not _REF_ITEM.match(line):
        state["field"] = ""
    pb = _PAGE_BREAK.match(line)
    if pb:
        rest = _field_rest(line[pb.end():], cable, in_archive, state)
        return Block("line", segments=[Segment(pb.group(0), "pagebreak", "Page break in the original"), *rest])
    m = _LABEL.match(line)
    if m:
        label = m.group(2).upper().rstrip(":").replace(" ", "")
        state["field"] = "REF" if label.startswith("REF") else label
        segs = [Segment(m.group(1)), Segment(m.group(2), "label", _label_tip(label, cable))]
        return Block("line", segments=segs + _field_rest(line[m.end():], cable, in_archive, state))
    words = line.replace(",", " ").split()
    if words and all(w.strip("()") in _CAVEATS for w in words):
        state["field"] = ""
        segs = []
        for piece in _PIECES.findall(line):
            if piece.isspace():
                segs.append(Segment(piece))
            else:
                segs.append(Segment(piece, "caveat", decoding.caveat_meaning(piece.strip(",()")) or "Caption"))
        return Block("line", segments=segs)
    if not line.strip():
        state["field"] = "" if state.get("field") != "REF" else "REF"
        return Block("line")
    segs = _field_rest(line, cable, in_archive, state)
    if all(seg.kind == "text" for seg in segs):
        return Block("line", text="".join(seg.text for seg in segs))
    return Block("line", segments=segs)


def _label_tip(label: str, cable: Cable) -> str:
    if label.startswith("TAG"):
        return "TAGS: Traffic Analysis by Geography and Subject codes"
    if label.startswith("SUBJ"):
        return "Subject line"
    if label in ("E.O.", "EO", "E.O"):
        decl = f"; declassify on {cable.declassify_on}" if cable.declassify_on else ""
        return f"Executive order under which the cable is classified, and its declassification instruction{decl}"
    if label.startswith("CLASSIFIED"):
        reasons = ", ".join(f"{r} ({decoding.reason_meaning(r) or 'category of E.O. section 1.4'})"
                            for r in cable.reasons)
        return "The classifying official and the reasons" + (f": {reasons}" if reasons else "")
    return "References: earlier messages this cable cites"


def _field_rest(text: str, cable: Cable, in_archive: set[str], state: dict[str, str]) -> list[Segment]:
    kind = state.get("field", "")
    if kind.startswith("TAG"):
        tags = set(cable.tags)
        out = []
        for piece in _TAG_PIECES.findall(text):
            if piece in tags:
                out.append(Segment(piece, "tag", decoding.tag_meaning(piece), urls.tag_url(piece)))
            else:
                out.append(Segment(piece))
        return out
    if kind == "REF":
        return _reference_segments(text, cable.references, in_archive)
    if kind.startswith("SUBJ"):
        return [Segment(text, "subject")]
    return [Segment(text)] if text else []


def _norm_marking(marking: str | None) -> str | None:
    return " ".join(marking.split()).upper() if marking else None


def _find_start(lines: list[str], begin: tuple[int, int], number: int, marking: str | None) -> tuple[int, int] | None:
    """(line, column) where paragraph ``number`` with portion marking ``marking`` starts,
    reading from ``begin`` (line, column) on: at a line start, or (marked paragraphs only)
    mid-line, as when the page's lines are whole paragraphs."""
    want = _norm_marking(marking)
    first, col = begin
    for i in range(first, min(len(lines), first + _MAX_SCAN)):
        line = lines[i]
        start = col if i == first else 0
        indent = len(line) - len(line.lstrip())
        for m in _PARA_HEAD.finditer(line, start):
            if int(m.group(1)) != number:
                continue
            if m.start() == indent and start <= indent and want in (None, _norm_marking(m.group(2))):
                return i, 0 if start == 0 else m.start()
            before = line[m.start() - 1] if m.start() else " "
            if want is not None and want == _norm_marking(m.group(2)) and not (before.isalnum() or before in "._"):
                return i, m.start()
    return None


def _split_tail(lines: list[str], mixed_case: bool) -> tuple[list[str], list[Block]]:
    """Split what follows a paragraph's text off it: a sub-heading line (short, all capitals,
    set off by blank lines, only in mixed-case cables) and page-break lines, as blocks."""
    end = len(lines)
    breaks: list[Block] = []
    while end > 1 and (not lines[end - 1].strip() or _PAGE_BREAK.match(lines[end - 1])):
        if lines[end - 1].strip():
            breaks.insert(0, Block("pagebreak", text=lines[end - 1].strip()))
        end -= 1
    tail: list[Block] = []
    if mixed_case and end >= 3 and not lines[end - 2].strip():
        cand = lines[end - 1].strip()
        if (len(cand) < 80 and cand.upper() == cand and _THREE_CAPITALS.search(cand) and not cand.endswith(".")
                and not _PAGE_BREAK.match(cand) and not _is_banner(cand)):
            tail.append(Block("heading", text=cand))
            end -= 1
    return lines[:end], tail + breaks


def _region_of(text: str, passages: list[str]) -> bool:
    """True when a paragraph's text lies in one of the passages (the passage starts near the
    paragraph's start, or holds its opening words); an aside deep inside the paragraph doesn't count."""
    para = " ".join(text.split())
    head = para[:80]
    for passage in passages:
        if len(head) >= 20 and head in passage:
            return True
        at = para.find(passage[:60]) if passage else -1
        if 0 <= at <= _REGION_LEAD:
            return True
    return False


def _mark_regions(paras: list[Block], texts: list[str], cable: Cable) -> None:
    """Flag the paragraphs of the SUMMARY and COMMENT passages the parser found
    (`Cable.summary`, `Cable.comments`); the first of each run gets ``region_start``."""
    summary = [" ".join(cable.summary.split())] if cable.summary else []
    comments = [" ".join(c.split()) for c in cable.comments if c.strip()]
    previous = None
    for block, text in zip(paras, texts):
        if summary and _region_of(text, summary):
            block.region = "summary"
        elif comments and _region_of(text, comments):
            block.region = "comment"
        block.region_start = block.region is not None and block.region != previous
        previous = block.region


def body_blocks(cable: Cable, in_archive: set[str]) -> list[Block]:
    """The body of ``cable`` as blocks; ``in_archive`` holds the cited reference IDs the archive has.

    Never raises on odd text: paragraphs the parser listed but the text doesn't show are skipped.
    """
    lines = cable.body.split("\n")
    starts: list[tuple[int, int, int, str | None]] = []
    texts: list[str] = []
    pos = (0, 0)
    for p in cable.paragraphs:
        found = _find_start(lines, pos, p.number, p.marking)
        if found:
            starts.append((found[0], found[1], p.number, p.marking))
            texts.append(p.text)
            pos = (found[0], found[1] + 1)
    first = starts[0][0] if starts else len(lines)
    preamble = lines[:first] + ([lines[first][: starts[0][1]]] if starts and starts[0][1] else [])
    blocks: list[Block] = []
    state: dict[str, str] = {}
    for line in preamble:
        block = _field_line(line, cable, in_archive, state)
        blank = block.kind == "line" and not block.segments and not block.text.strip()
        if not blank or (blocks and (blocks[-1].segments or blocks[-1].text.strip())):
            blocks.append(block)
    mixed_case = any(ch.islower() for ch in cable.body[:4000])
    seen: dict[int, int] = {}
    paras: list[Block] = []
    signers = {s.strip() for s in cable.signers}
    for k, (line_no, col, number, marking) in enumerate(starts):
        nxt = starts[k + 1] if k + 1 < len(starts) else None
        end_line = nxt[0] if nxt else len(lines)
        if nxt and nxt[0] == line_no:
            chunk = [lines[line_no][col: nxt[1]]]
        else:
            chunk = [lines[line_no][col:]] + lines[line_no + 1: end_line]
            if nxt and nxt[1]:
                chunk.append(lines[nxt[0]][: nxt[1]])
        if nxt is None:
            while chunk and (not chunk[-1].strip() or chunk[-1].strip() in signers):
                chunk.pop()
        chunk, after = _split_tail(chunk, mixed_case)
        first_line = chunk[0].lstrip()
        head = _PARA_HEAD.match(first_line)
        if head:  # drop the number, and the marking when the parser read one (else it stays as text)
            chunk[0] = first_line[head.end() if marking else head.start() + len(head.group(1)) + 1:]
            chunk[0] = chunk[0].lstrip()
        seen[number] = seen.get(number, 0) + 1
        anchor = f"par{number}" + (f"-{seen[number]}" if seen[number] > 1 else "")
        para = Block("para", number=number, anchor=anchor, marking=marking, chunks=_reflow(chunk),
                     level=decoding.marking_level(marking),
                     marking_tip=decoding.marking_description(marking) if marking else None)
        paras.append(para)
        blocks.append(para)
        blocks += after
    _mark_regions(paras, texts, cable)
    if starts:
        tail = [ln.strip() for ln in lines[starts[-1][0] + 1:] if ln.strip()]
        trailing = []
        for ln in reversed(tail):
            if ln not in signers:
                break
            trailing.append(ln)
        blocks += [Block("signer", text=s) for s in reversed(trailing)]
    return blocks
