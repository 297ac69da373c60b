"""The abstract structure of a page: what is printed, in which order, before any font or position is chosen.

`content` builds these blocks from the database; `layout` places them on an A4 page in one of several office
styles. Values are already in their printed form (capitals, date format) when they reach a block.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Field:
    """A label and its value; `key` names the truth field printed there (None for fields not in the truth)."""

    label: str
    value: str
    key: str | None = None
    name: bool = False  # a person's name: the value may be drawn in the value font's bold


@dataclass(frozen=True, slots=True)
class Row:
    """Fields printed one after the other on a line ("Giới tính: Nữ   Dân tộc: Kinh   Quốc tịch: Việt Nam").

    A row of one field is where the "value on the next line" layout applies; longer rows flow and wrap.
    """

    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    align: str = "left"  # "left" or "center"
    bold: bool = True


@dataclass(frozen=True, slots=True)
class Title:
    text: str
    subtitle: str | None = None
    note: str | None = None  # "(Bản sao)" under a death extract's title


@dataclass(frozen=True, slots=True)
class Header:
    """The document's head: issuing authority (left) and national motto (right), then Số / Quyển số."""

    authority: tuple[str, ...]
    numbers: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    align: str = "left"
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Spacer:
    mm: float


@dataclass(frozen=True, slots=True)
class Columns:
    """Two columns side by side (a marriage certificate's husband and wife)."""

    left: tuple[Block, ...]
    right: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Signature:
    """A signature block on the right: place and date, titles, note, room for the scribble and stamp, the signer."""

    titles: tuple[str, ...]
    signer: str
    stamp_text: str  # the text around the red stamp's ring
    place_date: str | None = None
    note: str | None = None
    stamp: bool = True


@dataclass(frozen=True, slots=True)
class PartySignatures:
    """The two spouses' signatures side by side on a marriage certificate: (caption, name) pairs."""

    parties: tuple[tuple[str, str], ...]
    note: str | None = None


Block = Field | Row | Heading | Title | Header | Text | Spacer | Columns | Signature | PartySignatures


@dataclass(slots=True)
class PageSpec:
    """Everything the renderer needs to draw one document."""

    doc_type: str
    blocks: list[Block] = field(default_factory=list)
