"""What the cable page shows: the record, decoded header, body blocks and its links to other cables.

`cable_page()` makes one plain value for the template from a `Cable` and the
store: which cited cables the archive has (`Store.existing`), the cables that
cite this one (`Store.cited_by`), the previous and next cable from the same
post (`Store.neighbors`), and the meanings of its TAGS and caveats.

Example: ``cable_page(store.get("09ASTANA2204"), store).references[0].reference_id``
is ``"09STATE128489"``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cable, OtherReference, Reference
from ..store.base import Hit, Store
from . import decoding
from .body_view import Block, body_blocks
from .header_view import Token, dtg_description, header_lines


@dataclass
class TagInfo:
    """A TAGS code with its meaning and kind (None when the tables don't know it)."""

    tag: str
    meaning: str | None
    kind: str | None


@dataclass
class CitedReference:
    """A cited cable: the reference as written, its canonical ID, and whether the archive has it."""

    reference: Reference
    in_archive: bool

    @property
    def reference_id(self) -> str:
        """The canonical reference ID of the cited cable."""
        return self.reference.reference_id


@dataclass
class CablePage:
    """Everything the cable template shows (see templates/cable.html)."""

    cable: Cable
    level: str
    caveats: list[tuple[str, str | None]]
    tags: list[TagInfo]
    dtg_text: str | None
    header: list[list[Token]]
    body: list[Block]
    references: list[CitedReference]
    other_references: list[OtherReference]
    cited_by: list[Hit]
    previous: Hit | None
    next: Hit | None
    reasons: list[tuple[str, str | None]] = field(default_factory=list)


def cable_page(cable: Cable, store: Store) -> CablePage:
    """The page value of ``cable``, asking ``store`` for its links (three small queries)."""
    cited_ids = [r.reference_id for r in cable.references]
    have = store.existing(cited_ids) if cited_ids else set()
    previous, following = store.neighbors(cable.reference_id)
    caveats = list(cable.caveats)
    for part in (cable.classification or "").split("//")[1:]:
        if part and part not in caveats:
            caveats.append(part)
    return CablePage(
        cable=cable,
        level=decoding.marking_level(cable.classification),
        caveats=[(c, decoding.caveat_meaning(c)) for c in caveats],
        tags=[TagInfo(t, decoding.tag_meaning(t), decoding.tag_kind(t)) for t in cable.tags],
        dtg_text=dtg_description(cable.dtg) if cable.dtg else None,
        header=header_lines(cable.header) if cable.header.strip() else [],
        body=body_blocks(cable, have),
        references=[CitedReference(r, r.reference_id in have) for r in cable.references],
        other_references=list(cable.other_references),
        cited_by=store.cited_by(cable.reference_id),
        previous=previous,
        next=following,
        reasons=[(r, decoding.reason_meaning(r)) for r in cable.reasons],
    )
