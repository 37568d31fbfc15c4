"""Reader for the text of a WikiLeaks PlusD cable page of the 1973-79 collections (``plusd``).

Source: the body of ``wikileaks.org/plusd/cables/<CanonicalID>.html`` (also
search.wikileaks.org, theworldtomorrow.wikileaks.org) saved as text, files named
after the page. The 1970s cables are in the archival (printed-telegram) layout::

    LIMITED OFFICIAL USE                 <- classification banner of the page (not always)
    PAGE 01 STATE 195297                 <- page header: station and serial
    63                                   <- a 2-digit sequence line (1973-76 only)
    ORIGIN SS-25                         <- action office and its copies
    INFO OCT-01 ISO-00 SSO-00 /026 R     <- info offices, total copies
    DRAFTED BY S/S-O:APSHANKLE           <- drafter, approver, clearers
    APPROVED BY S/S:MR. ORTIZ
    --------------------- 096466         <- dashed line with a serial (1977: ---270429Z 060566 /61)
    O 171959Z AUG 75 ZFF4                <- precedence and date-time group (DTG)
    FM SECSTATE WASHDC                   <- FM/TO/INFO addressees
    TO AMEMBASSY CAIRO NIACT IMMEDIATE
    LIMITED OFFICIAL USE STATE 195297    <- the telegram's banner: the body starts here
    E.O. 11652:N/A ...

Everything before the banner is the header (`cablekit.sources.telegram.split_telegram`),
which the header parser reads (PAGE 01, ORIGIN, INFO, DRAFTED BY lines included).
The page's canonical ID, found in the file name (``1973STATE237171_b``: AAD
document number plus the collection suffix), gives the reference ID in our form
(``73STATE237171``, the post's full name from the FM line, `cablekit.sources.docnumber`)
and is kept as ``metadata["aliases"]``. Without it the parser derives the
reference ID from the banner and the DTG. Page breaks (the classification
twice, then ``PAGE 02 STATE 195297``) are left in the body, as on the page.

Example: ``PlusdReader().read(Path("1973STATE237171_b.txt"))`` yields one RawCable with
``metadata == {"reference_id": "73STATE237171", "aliases": "1973STATE237171_b"}``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar, Iterator

from ..errors import NoCable
from .base import RawCable
from .docnumber import document_number_in_name, reference_id_from_document_number
from .encoding import decode_bytes, normalize_newlines
from .stream import read_all
from .telegram import looks_like_telegram, split_telegram

_PAGE_ONE = re.compile(r"^[ \t]*PAGE 01[ \t]+[A-Z][A-Z .'-]*?[ \t]+\d{2,6}\b", re.M)
_DISTRIBUTION = re.compile(r"^[ \t]*(?:ORIGIN|ACTION|INFO)[ \t]+[A-Z][A-Z/]*-\d\d\b", re.M)
_FM = re.compile(r"^[ \t]*FM[ \t]+(\S.*?)[ \t]*$", re.M)
_LEAD_LINES = 8   # PAGE 01 comes within the first lines (after the page's banner)
_HEAD_LINES = 40  # the distribution block comes within the first lines


class PlusdReader:
    """PlusD page text of a 1973-79 cable: archival layout, canonical ID in the file name."""

    name: ClassVar[str] = "plusd"
    description: ClassVar[str] = ("PlusD cable page text of 1973-79 (<CanonicalID>.html as text): PAGE 01, "
                                  "ORIGIN/INFO offices, DRAFTED BY, dashed serial line, then the telegram")

    def match(self, path: Path, head: bytes) -> float:
        """0.85 for the archival layout (``PAGE 01`` in the first lines and an
        ORIGIN/ACTION/INFO office line) in a file named by a canonical ID or
        under a ``plusd`` folder; 0.7 for the layout alone; else 0."""
        text = normalize_newlines(head.decode("utf-8", errors="replace"))
        lines = [line for line in text.split("\n")[:_HEAD_LINES] if line.strip()]
        lead = "\n".join(lines[:_LEAD_LINES])
        if not (_PAGE_ONE.search(lead) and _DISTRIBUTION.search("\n".join(lines))):
            return 0.0
        named = document_number_in_name(path.name) is not None or "plusd" in str(path).lower()
        return 0.85 if named else 0.7

    def read(self, path: Path) -> Iterator[RawCable]:
        """One RawCable; NoCable when the text holds no telegram (no header line, no banner)."""
        text, repairs = decode_bytes(read_all(path), path)
        text = normalize_newlines(text)
        if not looks_like_telegram(text):
            raise NoCable(str(path), "holds no cable: no transmission header and no classification banner")
        parts = split_telegram(text)
        metadata: dict[str, str] = {}
        canonical = document_number_in_name(path.name)
        if canonical:
            fm = _FM.search(parts.header)
            reference_id = reference_id_from_document_number(canonical, [fm.group(1) if fm else None])
            if reference_id:
                metadata = {"reference_id": reference_id, "aliases": canonical}
        yield RawCable(path=str(path), format=self.name, metadata=metadata,
                       header=parts.header, body=parts.body, repairs=repairs)
