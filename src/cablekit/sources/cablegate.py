"""Reader for the Cablegate mirror pages (``cable/YYYY/MM/<ID>.html``).

Source: the WikiLeaks cable viewer page. A ``<table class='cable'>`` holds the
metadata (Reference ID, Created, Released, Classification, Origin); two
``<pre>`` blocks hold the transmission header and the body. The site's ``¶``
paragraph anchors (``<a id='par1' href='#par1'>``) are dropped: they are guesses,
not text; the TAGS links (``<a href='/tag/EFIS_0.html'>EFIS</a>``) keep their text.

Editions: the early (2010) edition's Created copies the release clock time
(66BUENOSAIRES2481: ``1966-12-28 18:06``), the final (2011) edition's is the
cable's (``1966-12-28 18:48``, the DTG 281848Z); both are read as published.
The Classification cell is its link text (``UNCLASSIFIED``), not the link's
``title`` (``unclassified//fouo``, the site's internal key); a malformed ID
(``7575LIBREVILLE1895``) is kept as published, for the parser to repair. Some
final-edition pages cut the cable with ``...`` and splice another cable's text
after it: that text is dropped (see `cut_spliced_text`).

Example: ``CablegateHtmlReader().read(Path("cable/2009/12/09USNATO588.html"))``
yields one RawCable with ``metadata["reference_id"] == "09USNATO588"``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar, Iterator

from selectolax.lexbor import LexborHTMLParser

from ..errors import NoCable, SourceError
from .base import RawCable
from .encoding import decode_bytes
from .stream import read_all

_CLOSING_PRE = re.compile(r"</pre\s*>", re.I)
_CLOSING_HTML = re.compile(r"</html\s*>", re.I)
# A line cut short by the site ("SUBJECT: AUDIENCE WITH SHAH APRIL 5 ...", "I ASKED TO ST...").
_CUT_LINE = re.compile(r"^(.*?)[ \t]*\.\.\.[ \t]*$")
# Another cable's text spliced in after the cut: its ID opens a line, alone or in a dump row
# ("08STATE15228", "50133  2006-01-19  06THEHAGUE131  Embassy The Hague ...").
_FOREIGN_START = re.compile(r"^[ \t]*(?:\d+[ \t]+\d{4}-\d\d-\d\d[ \t]+)?(\d{2}[A-Z]{2,}\d+)\b")
_SPLICE_LOOKAHEAD = 5  # non-blank lines after the cut searched for the other cable's ID

_COLUMNS = {
    "reference id": "reference_id",
    "created": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
}


class CablegateHtmlReader:
    """Mirror HTML page, early (2010) and final (2011) editions."""

    name: ClassVar[str] = "cablegate-html"
    description: ClassVar[str] = "WikiLeaks mirror page cable/YYYY/MM/<ID>.html (metadata table and two <pre> blocks)"

    def match(self, path: Path, head: bytes) -> float:
        """0.95 for a page with the cable table, 0.3 for another ``.html`` page, else 0."""
        low = head.lower()
        if b"<table class='cable'" in low or b'<table class="cable"' in low:
            return 0.95
        if path.suffix.lower() in (".html", ".htm") and b"<html" in low:
            return 0.3
        return 0.0

    def read(self, path: Path) -> Iterator[RawCable]:
        """One RawCable. Raises SourceError for a page cut short (cable table or the
        two ``<pre>`` blocks incomplete) and NoCable for an HTML page without a cable."""
        text, repairs = decode_bytes(read_all(path), path)
        tree = LexborHTMLParser(text)
        table = tree.css_first("table.cable")
        if table is None:
            if not _CLOSING_HTML.search(text[-4096:]):
                raise SourceError(str(path), "truncated HTML page: no cable table and no closing </html>")
            raise NoCable(str(path), "holds no cable: HTML page without a cable table (<table class='cable'>)")
        closed = len(_CLOSING_PRE.findall(text))
        if closed < 2:
            raise SourceError(str(path), f"truncated HTML page: {2 - closed} of the header and body <pre> blocks "
                                         "not closed (file cut short?)")
        heads = [th.text(strip=True).lower() for th in table.css("th")]
        cells = [td.text(strip=True) for td in table.css("td")]
        metadata = {_COLUMNS[h]: v for h, v in zip(heads, cells) if h in _COLUMNS and v}
        for anchor in tree.css("pre a"):
            if (anchor.attributes.get("href") or "").startswith("#par"):
                anchor.decompose()  # the site's guessed paragraph anchor; TAGS links keep their text
        pres = [pre.text(deep=True) for pre in tree.css("pre")]
        if len(pres) < 2:
            raise SourceError(str(path), f"expected a header and a body <pre> block, found {len(pres)} (truncated page?)")
        for h3 in tree.css("h3"):
            words = h3.text(strip=True)
            if words.startswith("Viewing cable ") and ", " in words:
                metadata["subject"] = words.split(", ", 1)[1]
                break
        header, body = pres[0], _lines(pres[1])
        if not body.strip():
            raise SourceError(str(path), "the body <pre> block is empty (truncated page?)")
        body, cut = cut_spliced_text(body, metadata.get("reference_id", ""))
        yield RawCable(path=str(path), format=self.name, metadata=metadata,
                       header=_lines(header), body=body, repairs=repairs + cut)


def cut_spliced_text(body: str, reference_id: str) -> tuple[str, list[str]]:
    """The body without another cable's text that the site spliced in after a ``...`` cut.

    Some final-edition pages (73TEHRAN2077, 73TEHRAN8233) show the cable cut short
    with ``...`` followed by the text of an unrelated cable (``06THEHAGUE131``, from
    a dump row). The body is cut at the ``...`` (the marker dropped) when a line
    opening with another reference ID follows within a few lines; returns
    ``(body, repairs)``. A body merely ending in ``...`` is left as it is.
    """
    lines = body.split("\n")
    own = reference_id.upper()
    for i, line in enumerate(lines):
        cut = _CUT_LINE.match(line)
        if not cut:
            continue
        following = [x for x in lines[i + 1:] if x.strip()][:_SPLICE_LOOKAHEAD]
        foreign = next((m.group(1) for x in following if (m := _FOREIGN_START.match(x)) and m.group(1) != own), None)
        if foreign:
            kept = "\n".join(lines[:i] + [cut.group(1)]).rstrip()
            return kept, [f"body cut at the site's '...' mark: the text after it is another cable's "
                          f"({foreign}) spliced into the page"]
    return body, []


def _lines(text: str) -> str:
    """Normalize newlines and drop the trailing space the mirror leaves on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00b6", "")
    return "\n".join(line.rstrip() for line in text.split("\n"))
