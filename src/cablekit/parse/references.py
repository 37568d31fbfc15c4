"""The REF block: cited cables (`Reference`) and other cited items (`OtherReference`).

Source: the ``REF:`` / ``REFS:`` / ``REFTEL(S):`` lines under the SUBJECT, e.g.
``REFTELS: A. STATE 128489 / B. ASTANA 2000`` (09ASTANA2204) or
``REF: A) STATE 135205; B) STATE 127608; C) JOHNSON-STEVENS/GODFREY E-MAIL 10/15/07``
(07TRIPOLI943).

The block is split into items by letter labels (``A.``, ``A)``, ``(A)``, ``A:``,
doubled ``A. A)``) or, without labels, by semicolons. Each item is scanned for
cables written as ``[year] POST number [year]``; the year may be two or four
digits, glued to the post (``10SHENYANG 003``), in parentheses (``DOHA 152 (08)``)
or after the number (``MOSCOW 03242 2008``); without one, the citing cable's
year is used. ``STATE 12 AND 13`` cites two cables. An item without a cable is
an other reference (e-mail, telcon, report, airgram ``STATE CA-3400 ...``).

Example::

    >>> refs, others = parse_references("A) MADRID 5426, B) 06 STATE 12 AND 13; C) SMITH E-MAIL", 1986)
    >>> [r.reference_id for r in refs], [(o.label, o.text, o.kind) for o in others]
    (['86MADRID5426', '06STATE12', '06STATE13'], [('C', 'SMITH E-MAIL', 'email')])
"""
from __future__ import annotations

import re

from ..model import OtherReference, Reference
from ..refid import make_reference_id
from .posts import NOT_POSTS, is_multiword_post, post_key

# A letter label: "A." "A)" "A:" "(A)" at the start of an item.
_LABEL = re.compile(r"(?<![A-Za-z0-9.'/-])(?:\(([A-Za-z])\)|([A-Za-z])[.):])(?=\s|$|\()")
_BARE_LABEL = re.compile(r"^([A-Za-z])\s+(?=[A-Za-z0-9(])")
_LINE_LABEL = re.compile(r"^[ \t]*([A-Za-z])[ \t]+(?=[A-Z0-9(])", re.MULTILINE)
_TOKEN = re.compile(r"\((?:19|20)?\d{2}\)|\d+|[A-Za-z][A-Za-z'.]*|[^\sA-Za-z\d]")
_YEAR4 = re.compile(r"^(?:19|20)\d\d$")
_REDACTED = re.compile(r"^[\sX.,;:()/-]*$|^\W*(?:NONE|N/A|NA)\W*$", re.IGNORECASE)
_JUNK_ITEM = re.compile(
    r"^\W*(?:REF(?:TEL)?S?|(?:AND\s+)?(?:PREVIOUS|PRIOR|OTHERS)|(?:19|20)\d\d(?:\s+AND\s+(?:PREVIOUS|PRIOR))?)\W*$",
    re.IGNORECASE,
)
_BARE_WORDS = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+){0,2}$")
_ANNOTATION = re.compile(r"\s*\((?:NOTAL|EXDIS|NODIS|LIMDIS|SIPDIS|NOFORN)\)", re.IGNORECASE)
_REF_ITEM_START = re.compile(r"^\s*(?:\(?[A-Za-z][.):]|\(?[A-Za-z]\)|[A-Za-z]\s+(?=[A-Z]))")
_REF_LINE = re.compile(r"^\s*(?:\(?(?:19|20)?\d{2}\)?\s*)?[A-Za-z][A-Za-z.' ]{1,30}?\s?\d{1,6}\b")
_REF_STOP = re.compile(
    r"^\s*(?:SENSITIVE|PLEASE|FROM\b|DERIVED|SIPDIS|NOFORN|THIS\s|\(U\)|\(SBU\)|SUMMARY|BEGIN|"
    r"[A-Z][a-z]+\s+[a-z]+\s+[a-z]+)",
    re.IGNORECASE,
)
_ITEM_LABEL = re.compile(r"(?:^|\s)\(?[A-Za-z][.):]\s")
_DANGLING = re.compile(r"(?:[-/,;&(]|\b(?:AND|OF|FOR|TO|THE|DATED|ON))\s*$", re.IGNORECASE)


_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("other", re.compile(r"\bDTG|\bMSG\b", re.I)),
    ("email", re.compile(r"\bE-?MAILS?\b|\bMAIL\b", re.I)),
    ("telcon", re.compile(r"\bTELE?CONS?\b|\bPHONE\b|\bTELEPHONE\b|\bPHONECON\b", re.I)),
    ("memcon", re.compile(r"\bMEMCONS?\b|\bMEMORANDUM OF CONVERSATION\b", re.I)),
    ("fax", re.compile(r"\bFAX(?:ES)?\b", re.I)),
    ("airgram", re.compile(r"\bCA-\d|\bAIRGRAMS?\b|\bA-\d+\b", re.I)),
    ("report", re.compile(r"\bIIRS?\b|\bTD-|\bREPORTS?\b|\bDAILY\b|\bOSC\b|\bSITREP\b|\b\d{3}/\d{5}|\bINTSUM\b", re.I)),
    ("web", re.compile(r"https?:|\bWWW\.|\bWEB ?SITE\b|\bSIPRNET SITE\b|\.GOV\b", re.I)),
    ("meeting", re.compile(
        r"\bMEETINGS?\b|\bS?V?TC\b|\bDVC\b|\bVIDEO ?CONFERENCE\b|\bDISCUSSIONS?\b|\bTALKS\b|\bBRIEFING\b", re.I)),
    ("document", re.compile(
        r"\bNON-?PAPERS?\b|\bLETTERS?\b|\bPOINTS?\b|\bDIPNOTE\b|\bNOTE\b|\bMEMO\b|\bDOC\b|\bDOCUMENTS?\b|\bPAPER\b"
        r"|\bASSESSMENT\b|\b\d+ FA[MH]\b|\b[A-Z]{1,3}-?[A-Z]?\(\d{4}\)\d+", re.I)),
)


def other_kind(text: str) -> str:
    """The kind of a non-cable reference, from its wording (``"email"``, ``"telcon"``, ...)."""
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    return "other"


def split_items(block: str) -> list[tuple[str | None, str]]:
    """Split a REF block (label removed) into ``(letter label, text)`` items.

    Labels must run in order (A, B, C, ...); a doubled label (``A. A)``) counts
    once; a label at a line start is taken even out of order. Without labels,
    items are separated by semicolons.
    """
    block = block.strip()
    m = _BARE_LABEL.match(block)
    starts: list[tuple[int, int, str]] = []  # (label start, text start, letter)
    expected = "A"
    last = ""
    if m:
        last = m.group(1).upper()
        starts.append((0, m.end(), last))
        expected = chr(ord(last) + 1)
    candidates = sorted(list(_LABEL.finditer(block)) + list(_LINE_LABEL.finditer(block)), key=lambda x: x.start())
    for lm in candidates:
        bare = lm.re is _LINE_LABEL
        letter = (lm.group(1) or lm.group(2)).upper() if not bare else lm.group(1).upper()
        if bare and (letter != expected or (starts and lm.start() < starts[-1][1])):
            continue
        at_line_start = lm.start() == 0 or block[:lm.start()].rstrip(" \t").endswith("\n")
        if starts and not block[starts[-1][1]:lm.start()].strip():
            starts[-1] = (starts[-1][0], lm.end(), letter)  # doubled label "A. A)"
            continue
        if letter == expected or (at_line_start and starts):
            starts.append((lm.start(), lm.end(), letter))
            last = letter
            expected = chr(ord(letter) + 1)
    if not starts:
        return [(None, piece) for piece in block.split(";")]
    items: list[tuple[str | None, str]] = []
    head = block[: starts[0][0]].strip(" ;,\n")
    if head:
        items.extend((None, piece) for piece in head.split(";"))
    for k, (_, text_start, letter) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(block)
        items.append((letter, block[text_start:end]))
    return items


def _year_token(tok: str) -> int | None:
    t = tok.strip("()")
    if t.isdigit() and (len(t) == 2 or (len(t) == 4 and _YEAR4.match(t))):
        return int(t[-2:])
    return None


def find_cables(text: str, year: int | None) -> list[tuple[int, str, int]]:
    """Cables cited in one item, as ``(two-digit year, post key, serial)`` in order.

    ``year`` is the citing cable's year (2 or 4 digits), used when the item gives none.
    """
    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    n = len(toks)
    out: list[tuple[int, str, int]] = []
    used: set[int] = set()
    default = year % 100 if year is not None else None
    i = 0
    while i < n:
        tok, start, end = toks[i]
        if not tok.isdigit() or i in used or len(tok) > 6:
            i += 1
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        glued = before.isalpha()
        if before in "-/." or after.isalpha() or (after in "/-." and text[end + 1:end + 2].isdigit()) \
                or (glued and len(tok) < 3):
            i += 1
            continue
        post_words, first = _post_before(toks, i)
        if not post_words:
            i += 1
            continue
        yy = None
        if first > 0 and first - 1 not in used:
            yy = _year_token(toks[first - 1][0])
        j = i + 1
        if yy is None and j < n:
            nxt = toks[j][0]
            if nxt.startswith("(") and _year_token(nxt) is not None and not _post_follows(toks, j + 1):
                yy = _year_token(nxt)
                used.add(j)
            elif _YEAR4.match(nxt) and not _post_follows(toks, j + 1):
                yy = int(nxt[-2:])
                used.add(j)
        if yy is None:
            yy = default
        if yy is not None and not post_words[-1].upper().startswith("XXX"):
            key = post_key(post_words)
            out.append((yy, key, int(tok)))
            used.add(i)
            # shorthand "STATE 12 AND 13": bare numbers after AND/comma share post and year
            k = i + 1
            while k + 1 < n and toks[k][0].upper() in ("AND", ",", "&") and toks[k + 1][0].isdigit() \
                    and len(toks[k + 1][0]) <= 6 and not _post_follows(toks, k + 2) \
                    and not (k + 2 < n and toks[k + 2][0] in ("/", "-")):
                out.append((yy, key, int(toks[k + 1][0])))
                used.add(k + 1)
                k += 2
            i = k
            continue
        i += 1
    return out


def _is_post_word(word: str) -> bool:
    bare = word.replace(".", "")
    return word[:1].isalpha() and bare.replace("'", "").isalpha() and bare.upper() not in NOT_POSTS


def _post_before(toks: list[tuple[str, int, int]], i: int) -> tuple[list[str], int]:
    """The post words right before token ``i`` (a number): known multi-word names first."""
    words: list[str] = []
    k = i - 1
    while k >= 0 and len(words) < 4 and _is_post_word(toks[k][0]):
        words.insert(0, toks[k][0])
        k -= 1
    for size in range(len(words), 1, -1):
        if is_multiword_post(words[-size:]):
            return words[-size:], i - size
    if words:
        last = words[-1]
        if len(last) >= 3 or post_key([last]) != last.upper() or last.upper() in ("AIT",):
            return [last], i - 1
    return [], i


def _post_follows(toks: list[tuple[str, int, int]], j: int) -> bool:
    """Whether tokens from ``j`` read as ``POST number`` (so a year before them is theirs)."""
    k = j
    while k < len(toks) and k < j + 4 and _is_post_word(toks[k][0]):
        k += 1
    return k > j and k < len(toks) and toks[k][0].isdigit()


def parse_references(block: str, year: int | None = None, reference_id: str | None = None
                     ) -> tuple[list[Reference], list[OtherReference]]:
    """Parse the text of one REF block (without the ``REF:`` label).

    ``year`` is the citing cable's year (4 digits, or 2); ``reference_id`` is the
    citing cable's own ID: a reference to it is dropped. Never raises.
    """
    refs: list[Reference] = []
    others: list[OtherReference] = []
    seen: set[str] = set()
    for label, raw in _merge_fragments(split_items(block)):
        text = " ".join(raw.split()).strip(" ;,.")
        if not text or _REDACTED.match(text) or _JUNK_ITEM.match(text):
            continue
        cables = find_cables(_ANNOTATION.sub("", text), year)
        if not cables:
            kind = other_kind(text)
            if "XXXXX" in text.upper() or (kind == "other" and _BARE_WORDS.match(text)):
                continue  # a redacted or truncated cable reference ("Beijing XXXXXXXX", "FREETOWN")
            others.append(OtherReference(label=label, text=text, kind=kind))
            continue
        for yy, post, serial in cables:
            try:
                rid = make_reference_id(yy, post, serial)
            except ValueError:
                continue
            if rid == reference_id or rid in seen:
                continue
            seen.add(rid)
            refs.append(Reference(label=label, text=text, reference_id=rid))
    return refs, others


def _merge_fragments(items: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """Glue an unlabeled fragment (``AND PREVIOUS``, a wrapped year) onto the item before it."""
    out: list[tuple[str | None, str]] = []
    for label, text in items:
        if out and label is None and out[-1][0] is not None and _JUNK_ITEM.match(text):
            out[-1] = (out[-1][0], out[-1][1] + " " + text)
        else:
            out.append((label, text))
    return out


def ref_block_text(value: str) -> str:
    """The lines of one REF block, from the text after its label to the next label.

    Keeps lettered items (even after blank lines), wrapped continuations and
    unlettered reference lines; stops at the first line that reads as text.
    """
    lines = value.split("\n")
    out = [lines[0]]
    blank = False
    for line in lines[1:]:
        s = line.strip()
        if not s:
            blank = True
            continue
        last = out[-1].strip()
        item = _last_item(out)
        incomplete = bool(_DANGLING.search(last)) or (not find_cables(item, 2000) and other_kind(item) == "other")
        if _REF_ITEM_START.match(s) and not _REF_STOP.match(s):
            out.append(line)
        elif incomplete and not _REF_STOP.match(s) and (not blank or len(s) <= 40):
            out.append(line)
        elif not blank and _REF_LINE.match(s) and not _REF_STOP.match(s):
            out.append(line)
        else:
            break
        blank = False
    return "\n".join(out)


def _last_item(out: list[str]) -> str:
    text = "\n".join(out)
    cut = max((m.start() for m in _ITEM_LABEL.finditer(text)), default=0)
    return text[cut:]
