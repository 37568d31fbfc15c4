"""Reader for a ``<code><pre>`` block cut out of a Cablegate mirror page (``cablegate-pre``).

Source: scrapers that saved the body ``<pre>`` of each mirror page as a file
named by the cable's reference ID (``cables/66BUENOSAIRES2481.txt``), markup included::

    <code><pre>UNCLASSIFIED BUENOS AIRES 2481
    ...
    TAGS: <a href='/tag/EFIS_0.html'>EFIS</a> <a href='/tag/PBTS_0.html'>PBTS</a> ...
    <a id='par1' href='#par1'>¶</a>1.  PRESS REPORTS AND ...
    </pre></code>

The site's paragraph anchors are dropped (guesses, not text), the TAGS links keep
their text. One block is the body (the header is not in the file); two blocks
are header and body, as on the page. The only metadata is the file name: a
name with a reference ID's shape is kept as ``reference_id`` (the scraper named
each file after the page's URL), since without a header there is no date-time
group to date the banner's serial. When the text's own banner gives another
serial than the name (``00HARARE6677.txt`` holding ``HARARE 005461``), the text is
trusted: the ID is the name's year with the banner's post and serial, and a repair
says so. A file holding the page's
``Appears in these articles:`` list instead (the scraper took the wrong element)
holds no cable (NoCable). Another cable's text spliced in after a ``...`` cut
(as on the final edition's pages) is dropped (`cablekit.sources.cablegate.cut_spliced_text`).

Example: ``CablegatePreReader().read(Path("cables/66BUENOSAIRES2481.txt"))`` yields
one RawCable with an empty header, ``metadata == {"reference_id": "66BUENOSAIRES2481"}``
and a body starting ``UNCLASSIFIED BUENOS AIRES 2481``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar, Iterator

from selectolax.lexbor import LexborHTMLParser

from ..errors import NoCable
from ..parse.banner import find_banner, parse_banner
from ..refid import make_reference_id, split
from .base import RawCable
from .cablegate import cut_spliced_text
from .encoding import decode_bytes, normalize_newlines
from .stream import read_all
from .telegram import trim_blank_lines

_FRAGMENT_START = re.compile(rb"^\s*(?:<code>\s*)?<pre\b", re.I)
_ARTICLES_LIST = re.compile(rb"^\s*Appears in these articles:", re.I)
_STEM_ID = re.compile(r"^\d{2}[A-Z][A-Z0-9]*[A-Z]\d+$")
# A named-entity tagger's markup in one scraper's copies: "[LOC HARARE  ] 005461".
_ENTITY_MARK = re.compile(r"\[(?:LOC|ORG|PER|MISC) +([^\]\n]{0,80}?) *\]")


class CablegatePreReader:
    """The ``<code><pre>`` block of a mirror page saved on its own."""

    name: ClassVar[str] = "cablegate-pre"
    description: ClassVar[str] = "a mirror page's <code><pre> block saved alone (body, or header and body; no metadata)"

    def match(self, path: Path, head: bytes) -> float:
        """0.8 when the file starts with ``<code><pre>`` or ``<pre>``; 0.6 for a saved
        ``Appears in these articles:`` list (read as no cable); else 0."""
        if _FRAGMENT_START.match(head):
            return 0.8
        return 0.6 if _ARTICLES_LIST.match(head) else 0.0

    def read(self, path: Path) -> Iterator[RawCable]:
        """One RawCable; NoCable when the blocks hold no text or the file is the articles list."""
        data = read_all(path)
        if _ARTICLES_LIST.match(data) and not re.search(rb"<pre\b", data, re.I):
            raise NoCable(str(path), "holds no cable: the page's 'Appears in these articles' list, "
                                     "not its <pre> block (scraper took the wrong element)")
        text, repairs = decode_bytes(data, path)
        tree = LexborHTMLParser(text)
        for anchor in tree.css("pre a"):
            if (anchor.attributes.get("href") or "").startswith("#par"):
                anchor.decompose()
        blocks = [_clean(pre.text(deep=True)) for pre in tree.css("pre")]
        blocks = [b for b in blocks if b.strip()]
        if not blocks:
            raise NoCable(str(path), "holds no cable: empty <pre> block, no cable text")
        header, body = (blocks[0], blocks[1]) if len(blocks) >= 2 else ("", blocks[0])
        stem = path.name.split(".")[0].upper()
        metadata, renamed = {}, []
        if _STEM_ID.match(stem):
            rid = _banner_reference_id(header + "\n" + body, stem)
            if rid != stem:
                renamed = [f"reference ID {rid} from the text's banner, not {stem} from the file name "
                           "(the file holds another cable than its name says)"]
            metadata = {"reference_id": rid}
        body, cut = cut_spliced_text(body, metadata.get("reference_id", stem))
        yield RawCable(path=str(path), format=self.name, metadata=metadata, header=header, body=body,
                       repairs=repairs + renamed + cut)


def _banner_reference_id(text: str, stem: str) -> str:
    """The reference ID of the cable in ``text``: ``stem`` (the file name's ID), unless the
    text's first banner line gives another serial; then the stem's year with the banner's
    post and serial. Example: a file ``00HARARE6677.txt`` opening
    ``C O N F I D E N T I A L SECTION 01 OF 02 [LOC HARARE  ] 005461`` gives ``00HARARE5461``."""
    named = split(stem)
    lines = [_ENTITY_MARK.sub(r"\1", line) for line in text.split("\n")[:120]]
    at = find_banner(lines)
    banner = parse_banner(lines[at]) if at is not None else None
    if named is None or banner is None or banner.serial == named.serial:
        return stem
    try:
        return make_reference_id(named.year, banner.post, banner.serial)
    except ValueError:
        return stem


def _clean(text: str) -> str:
    """Newlines normalized, pilcrows and the trailing space of each line dropped (as the page reader does)."""
    text = normalize_newlines(text).replace("\u00b6", "")
    return trim_blank_lines("\n".join(line.rstrip() for line in text.split("\n")))
