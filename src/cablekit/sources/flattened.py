"""Line breaks restored in a telegram flattened onto one line (database cells, OCR of printouts).

Source: archival records whose text lost its line ends: History Lab's
``raw_body``/``body`` cells (``CONFIDENTIAL  PAGE 01  PRETOR  09546  260841Z ACTION
H-03  INFO  LOG-00 ...``) and OCR of AAD printouts (``... 281605Z DEC 76 ZFF4 FM
SECSTATE WASHDC TO USDEL SECRETARY FLASH LIMITED OFFICIAL USE STATE 311722 ...``).
The header and body parsers read lines, so a break is put back before each
line that the archival layout starts with:

- before the banner: ``PAGE 01``, ``ORIGIN``/``ACTION``/``INFO`` office lists,
  ``DRAFTED BY``, ``APPROVED BY``, ``DESIRED DISTRIBUTION``, the dashed serial
  line, the precedence and date-time group (DTG), ``FM``, ``TO`` and ``INFO``;
- the banner: the classification followed by the station (or the post it was cut
  from) and the serial of ``PAGE 01``;
- after it: ``E.O.``, ``TAGS``, ``SUBJECT``, ``REF``, later ``PAGE nn`` headers
  and paragraph numbers (``2.  ALL VISITORS``; not after ``PARA``).

Words run together and lost punctuation are not restored.

Example::

    >>> restore_lines("PAGE 01 STATE 000001 O 010101Z JAN 76 FM SECSTATE WASHDC TO AMEMBASSY PARIS "
    ...               "SECRET STATE 000001 TAGS: PFOR SUBJECT: X 1. TEXT").split("\\n")
    ['PAGE 01 STATE 000001', 'O 010101Z JAN 76', 'FM SECSTATE WASHDC', 'TO AMEMBASSY PARIS', \
'SECRET STATE 000001', 'TAGS: PFOR', 'SUBJECT: X', '1. TEXT']
"""
from __future__ import annotations

import re

_CLASS = (r"(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE"
          r"|C O N F I D E N T I A L|S E C R E T|U N C L A S S I F I E D)")
_PAGE_ONE = re.compile(r"\bPAGE 01\s+([A-Z][A-Z ]{0,20}?)\s+0*(\d{1,6})\b")
_HEADER_LINE = re.compile(
    r"\s+(?=PAGE \d\d\b|(?:ORIGIN|ACTION|INFO)\s+[A-Z][A-Z/]*-\d\d\b|DRAFTED BY\b|APPROVED BY\b"
    r"|DESIRED DISTRIBUTION\b|-{5,}|FM\s+[A-Z]|TO\s+[A-Z]|INFO\s+[A-Z])")
_DTG = re.compile(r"(?<![A-Z0-9])(?:[ZOPR]{1,2}\s+)?\d{6}Z\s+[A-Z]{3}\s+\d{2}\b")
_BODY_LINE = re.compile(
    r"\s+(?=E\.?\s?O\.?\s+\d{5}|TAGS\b|SUBJ(?:ECT)?\b|REF(?:TEL)?S?:|PAGE \d\d\b|" + _CLASS + r"\s+PAGE \d\d\b)")
_PARAGRAPH = re.compile(r"(?<!PARA)(?<!PARAS)(?<!PARAGRAPH)\s+(?=\d{1,2}\.\s+[A-Z(])")


def restore_lines(text: str) -> str:
    """The text with line breaks put back before the lines of the archival layout.

    Never raises; text without a ``PAGE 01`` header gets the body breaks only
    (a body cell: captions and paragraph numbers).
    """
    text = text.strip()
    page = _PAGE_ONE.search(text)
    if page is None:
        return _body_lines(text)
    # the banner names the post in full where PAGE 01 may cut it to six letters (ABIDJA -> ABIDJAN)
    banner = re.compile(_CLASS + r"\s+" + re.escape(page.group(1).strip()) + r"[A-Z .'-]{0,20}?\s+0*"
                        + str(int(page.group(2))) + r"\b")
    found = banner.search(text, page.end())
    cut = found.start() if found else len(text)
    return _header_lines(text[:cut]).rstrip() + ("\n" + _body_lines(text[cut:]) if found else "")


def _header_lines(text: str) -> str:
    text = _HEADER_LINE.sub("\n", text)
    text = _DTG.sub(lambda m: "\n" + m.group(0), text)
    return "\n".join(line.rstrip() for line in text.split("\n") if line.strip())


def _body_lines(text: str) -> str:
    return _PARAGRAPH.sub("\n", _BODY_LINE.sub("\n", text))
