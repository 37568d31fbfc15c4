"""The transmission header: transmission id, precedence, DE line, security line, DTG, FM/TO/INFO.

OWNER: parser-header helper. Stub: returns an empty HeaderFields.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Addressee


@dataclass
class HeaderFields:
    """What the header gives; see `cablekit.model.Cable` for each field."""

    transmission_id: str | None = None
    precedence: str | None = None
    station: str | None = None
    station_serial: int | None = None
    security_line: str | None = None
    dtg: str | None = None
    from_: Addressee | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_header(text: str) -> HeaderFields:
    """Parse a transmission header text (``\\n`` newlines) into HeaderFields."""
    return HeaderFields()
