"""Reader for one-cable text conversions ``cables/<ID>.txt`` (the ``cablegate-txt`` format).

Source: text files made from the Cablegate release by third-party scripts, five
metadata lines then the telegram::

    66BUENOSAIRES2481                              <- reference ID
    EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS <- subject (first line only)
    Wed Dec 28 18:06:00 +0100 1966                 <- created, a Ruby Time#to_s rendering
    UNCLASSIFIED                                   <- classification
    Embassy Buenos Aires                           <- origin
    P R 281848Z DEC 66                             <- header ...
    STATE GRNCUNCLASSIFIED BUENOS AIRES 2481       <- ... and body glued without a newline

The glued banner is split off by finding the banner that ends with the cable's
serial (from the reference ID). Some files embed a per-cable record
(``id:``/``date:``/``refid:``/``origin:``/``classification:``/``destination:``/
``header:`` ... ``--- header ends ---`` ... ``=====CABLE ENDS=====``); its header
and body are used then, its ``date`` as created and ``destination`` as references.
Files with the five lines only hold no cable (NoCable).

created: the Ruby rendering rewritten as ``YYYY-MM-DD HH:MM``, the clock time as
shown (the ``+0100`` offset is the converter's locale, not the cable's zone).

Example: ``CableTxtReader().read(Path("cables/66BUENOSAIRES2481.txt"))`` yields a
RawCable whose header ends ``STATE GRNC`` and whose body starts ``UNCLASSIFIED BUENOS AIRES 2481``.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Iterator

from ..errors import NoCable
from .base import RawCable
from .encoding import decode_bytes, normalize_newlines
from .stream import read_all
from .telegram import drop_paragraph_anchors, split_telegram, trim_blank_lines

_ID_LINE = re.compile(r"^\d{2}[A-Z][A-Z0-9]*?(\d+)\s*$")
_RUBY_TIME = re.compile(r"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}\s*$")
_CLASSIFICATION = re.compile(r"^(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\b")
_GLUED_BANNER = (r"(?<=\S)(?=(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE"
                 r"|C O N F I D E N T I A L|S E C R E T|U N C L A S S I F I E D)\b[^\n]{{0,80}}?\b0*{serial}[ \t]*$)")
_RECORD_START = re.compile(r"(?m)(?<=\S)id: \d+\ndate: ")
_RECORD_FIELD = re.compile(r"^(date|refid|origin|classification|destination): ?(.*)$")
_HEADER_ENDS = re.compile(r"(?m)^-+ header ends -+[ \t]*$")
_CABLE_ENDS = re.compile(r"(?m)^=+CABLE ENDS=+[ \t]*$")


class CableTxtReader:
    """cables/<ID>.txt conversions: five metadata lines, then header and body."""

    name: ClassVar[str] = "cablegate-txt"
    description: ClassVar[str] = ("cables/<ID>.txt conversion: ID, subject, Ruby date, classification, "
                                  "origin lines, then the telegram")

    def match(self, path: Path, head: bytes) -> float:
        """0.9 when the first lines are an ID, a line, a Ruby time and a classification."""
        lines = normalize_newlines(head.decode("utf-8", errors="replace")).split("\n")[:5]
        if len(lines) >= 4 and _ID_LINE.match(lines[0]) and _RUBY_TIME.match(lines[2]) \
                and _CLASSIFICATION.match(lines[3]):
            return 0.9
        return 0.0

    def read(self, path: Path) -> Iterator[RawCable]:
        """One RawCable; NoCable for a metadata-only file."""
        text, repairs = decode_bytes(read_all(path), path)
        lines = normalize_newlines(text).split("\n")
        metadata = _metadata(lines[:5])
        telegram, dropped = drop_paragraph_anchors("\n".join(lines[5:]))
        repairs = repairs + dropped
        if not telegram.strip():
            raise NoCable(str(path), "holds no cable: the five metadata lines only, no header or body text")
        record = _RECORD_START.search(telegram)
        if record and _HEADER_ENDS.search(telegram, record.end()):
            header, body, fields = _embedded_record(telegram[record.start():])
            for key, value in fields.items():
                metadata[key] = value
        else:
            serial = _ID_LINE.match(lines[0])
            if serial:
                glued = re.compile(_GLUED_BANNER.format(serial=int(serial.group(1))), re.M)
                telegram = glued.sub("\n", telegram, count=1)
            header, body = split_telegram(telegram)
        yield RawCable(path=str(path), format=self.name, metadata=metadata, header=header, body=body, repairs=repairs)


def _metadata(lines: list[str]) -> dict[str, str]:
    keys = ("reference_id", "subject", "created", "classification", "origin")
    meta = {key: line.strip() for key, line in zip(keys, lines) if line.strip()}
    if "created" in meta:
        try:
            meta["created"] = datetime.strptime(meta["created"], "%a %b %d %H:%M:%S %z %Y").strftime("%Y-%m-%d %H:%M")
        except ValueError:
            pass  # kept as published
    return meta


def _embedded_record(text: str) -> tuple[str, str, dict[str, str]]:
    """Header, body and fields (created, references) of an embedded ``id:/date:/...`` record."""
    fields: dict[str, str] = {}
    lines = text.split("\n")
    i = 1
    while i < len(lines) and lines[i] != "header:":
        m = _RECORD_FIELD.match(lines[i])
        if m and m.group(2).strip():
            key = {"date": "created", "refid": "reference_id", "destination": "references"}.get(m.group(1), m.group(1))
            fields[key] = m.group(2).strip()
        i += 1
    rest = "\n".join(lines[i + 1:])
    ends = _HEADER_ENDS.search(rest)
    header, body = (rest[:ends.start()], rest[ends.end():]) if ends else ("", rest)
    cut = _CABLE_ENDS.search(body)
    if cut:
        body = body[:cut.start()]
    return trim_blank_lines(header), trim_blank_lines(body), fields
