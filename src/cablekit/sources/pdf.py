"""Reader for one-cable PDFs (``cablegate-pdf``), as in the ``cablegatepdf.zip`` distribution.

Source: one PDF per cable named ``<ID>.pdf``, printed from the mirror page's two
``<pre>`` blocks (header, then body); text is taken out with pypdf. The printout
leaves two artifacts, undone here and noted in ``repairs``: each paragraph's
``¶`` anchor stands on a line of its own, and each TAGS link on its own line
(``TAGS: \\nSADC\\n \\nEAID\\n...``), which are joined back into ``TAGS: SADC EAID``.
The file name is the distribution's reference ID and is kept in the metadata
when it has an ID's shape; the rest is derived by the parser. A PDF without
text (scanned images) holds no cable for this reader (NoCable).

Example: ``CablegatePdfReader().read(Path("00GABORONE5064.pdf"))`` yields one RawCable
with header ``P 091253Z NOV 00 ...`` and body ``UNCLAS SECTION 01 OF 02 GABORONE 005064 ...``.
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import ClassVar, Iterator

from ..errors import NoCable, SourceError
from .base import RawCable
from .encoding import normalize_newlines, repair_text
from .stream import read_all
from .telegram import split_telegram

_STEM_ID = re.compile(r"^\d{2}[A-Z][A-Z0-9]*[A-Z]\d+$")
_PILCROW_LINE = re.compile(r"^[ \t]*\u00b6[ \t]*$")
_TAGS_LABEL = re.compile(r"^[ \t]*TAGS?:?[ \t]*$")
_TAG_LINE = re.compile(r"^[ \t]*([A-Z][A-Za-z0-9]{1,5}(?: \([^)\n]{1,60}\))?)[ \t]*$")
_TAGS_JOINED = "joined the TAGS links printed one per line"
_PILCROWS_DROPPED = "dropped the paragraph anchors (¶) printed on lines of their own"


class CablegatePdfReader:
    """One cable per PDF, text extracted with pypdf."""

    name: ClassVar[str] = "cablegate-pdf"
    description: ClassVar[str] = "one-cable PDF <ID>.pdf (cablegatepdf.zip), text extracted with pypdf"
    binary: ClassVar[bool] = True

    def match(self, path: Path, head: bytes) -> float:
        """0.9 for a PDF file (``%PDF-`` magic), else 0."""
        return 0.9 if head.startswith(b"%PDF-") else 0.0

    def read(self, path: Path) -> Iterator[RawCable]:
        """One RawCable. Raises SourceError for a PDF pypdf can't open, NoCable for one without text."""
        from pypdf import PdfReader  # imported here: only PDF input pays for it
        from pypdf.errors import PdfReadError

        try:
            pages = PdfReader(io.BytesIO(read_all(path))).pages
            text = "\n".join(page.extract_text() or "" for page in pages)
        except (PdfReadError, ValueError, KeyError, TypeError) as exc:
            raise SourceError(str(path), f"unreadable PDF: {exc}") from exc
        if not text.strip():
            raise NoCable(str(path), "holds no cable: PDF without a text layer (scanned image?)")
        text, fixed = repair_text(normalize_newlines(text))
        text, repairs = _undo_printing(text)
        repairs = fixed + repairs
        header, body = split_telegram(text)
        stem = path.name.split(".")[0].upper()
        metadata = {"reference_id": stem} if _STEM_ID.match(stem) else {}
        yield RawCable(path=str(path), format=self.name, metadata=metadata, header=header, body=body, repairs=repairs)


def _undo_printing(text: str) -> tuple[str, list[str]]:
    """Drop lone ``¶`` lines and join the TAGS lines; return ``(text, repairs)``."""
    lines = text.split("\n")
    out: list[str] = []
    repairs: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _PILCROW_LINE.match(line):
            if _PILCROWS_DROPPED not in repairs:
                repairs.append(_PILCROWS_DROPPED)
            i += 1
            continue
        if _TAGS_LABEL.match(line):
            tags, j = [], i + 1
            while j < len(lines) and j - i < 80 and (not lines[j].strip() or _TAG_LINE.match(lines[j])):
                if lines[j].strip():
                    tags.append(lines[j].strip())
                j += 1
            if tags:
                out.append(f"{line.strip()} {' '.join(tags)}")
                if _TAGS_JOINED not in repairs:
                    repairs.append(_TAGS_JOINED)
                i = j
                continue
        out.append(line)
        i += 1
    return "\n".join(out), repairs
