"""Reader for the Cablegate mirror pages (``cable/YYYY/MM/<ID>.html``).

Source: the WikiLeaks cable viewer page. A ``<table class='cable'>`` holds the
metadata (Reference ID, Created, Released, Classification, Origin); two
``<pre>`` blocks hold the transmission header and the body. The site's ``¶``
paragraph anchors (``<a id='par1' href='#par1'>``) are dropped: they are guesses,
not text; the TAGS links (``<a href='/tag/EFIS_0.html'>EFIS</a>``) keep their text.

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
            raise NoCable(str(path), "HTML page without a cable table (<table class='cable'>)")
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
        header, body = pres[0], pres[1]
        if not body.strip():
            raise SourceError(str(path), "the body <pre> block is empty (truncated page?)")
        yield RawCable(path=str(path), format=self.name, metadata=metadata,
                       header=_lines(header), body=_lines(body), repairs=repairs)


def _lines(text: str) -> str:
    """Normalize newlines and drop the trailing space the mirror leaves on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00b6", "")
    return "\n".join(line.rstrip() for line in text.split("\n"))
