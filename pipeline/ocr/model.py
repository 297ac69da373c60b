"""What OCR hands to extraction: words with boxes and confidences, grouped in lines, per page.

These types are the boundary between the OCR engine and everything after it. Extraction, matching and rules see
words, never pixels, so an engine can be swapped (or a recorded OCR result replayed in a unit test) behind them.
Coordinates are pixels of the page image as OCR saw it, after preprocessing (upright and deskewed), with the
page's DPI kept beside them so that distances can be judged in millimetres, not in one layout's pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def center_y(self) -> float:
        return self.top + self.height / 2

    def union(self, other: Box) -> Box:
        left, top = min(self.left, other.left), min(self.top, other.top)
        right, bottom = max(self.right, other.right), max(self.bottom, other.bottom)
        return Box(left, top, right - left, bottom - top)

    def followed_by(self, other: Box, reach: float) -> bool:
        """Whether `other` starts after this box, within `reach` pixels of its right edge, on its line (the two
        overlap by more than half the lower one's height): a label and its value, a word and the next."""
        down = min(self.bottom, other.bottom) - max(self.top, other.top)
        return 0 <= other.left - self.right <= reach and down > 0.5 * min(self.height, other.height)


# A "word" Tesseract gives less confidence than this is junk it made of marks it could not segment: specks and
# blotches beside a label ("Ty ShỦ c." at 0-18), a line run together with its leaders ("TH..." at 27).
JUNK_CONF = 30.0


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    conf: float  # Tesseract's word confidence, 0-100
    box: Box
    block: int = 0  # Tesseract's layout hierarchy: block, paragraph, line, word numbers
    par: int = 0
    line: int = 0
    word: int = 0
    note: str | None = None  # why a later pass changed the word's reading (it becomes the field's `problem`)
    # the page shows every tone mark the word is read with and no other (pipeline.ocr.marks): a list of names must
    # not add or change one (a surname printed "HOANG" is no "Hoàng" lost in capitals)
    marks_seen: bool = False


def words_box(words: Sequence[Word]) -> Box | None:
    """The box around the words; None for none."""
    box: Box | None = None
    for word in words:
        box = word.box if box is None else box.union(word.box)
    return box


class PageStatus(StrEnum):
    OK = "ok"
    TIMEOUT = "timeout"  # OCR gave up on this page: the document needs review, the batch goes on
    ERROR = "error"


@dataclass(frozen=True)
class PageOCR:
    page_no: int  # 1-based within the source file
    width: int
    height: int
    dpi: int
    words: tuple[Word, ...] = ()
    status: PageStatus = PageStatus.OK
    error: str | None = None
    rotation: int = 0  # degrees (0, 90, 180, 270) turned to make the page upright before OCR
    skew: float = 0.0  # degrees corrected by deskewing
    seconds: float = 0.0  # wall time of OCR for this page
    extra: dict[str, float] = field(default_factory=dict)  # per-step timings and measures, for benchmarks

    @property
    def text(self) -> str:
        """The page's text, a line per OCR line: for storage and for character error rates."""
        lines: list[str] = []
        key = None
        for word in self.words:
            current = (word.block, word.par, word.line)
            if current != key:
                lines.append(word.text)
                key = current
            else:
                lines[-1] += " " + word.text
        return "\n".join(lines)

    @property
    def mean_confidence(self) -> float | None:
        return mean_confidence(self.words)


def mean_confidence(words: Sequence[Word]) -> float | None:
    """The mean of the words' Tesseract confidences (0-100), leaving out the -1 of non-words; None for none."""
    confs = [w.conf for w in words if w.conf >= 0]
    return sum(confs) / len(confs) if confs else None


class CropSource(Protocol):
    """What a second pass over a read page may ask of the page image it does not hold (the OCR worker does)."""

    def read(self, boxes: Sequence[Box], lang: str | None = None) -> list[list[Word]]:
        """The words of each region, read again by OCR (one call for all), italic text made upright first;
        `lang` names another Tesseract model than the page's to read them with."""
        ...

    def slants(self, boxes: Sequence[Box]) -> list[float]:
        """The italic slant of each region (0.0 upright), as `pipeline.preprocess.slant.estimate_slant`."""
        ...

    def marks_confirmed(self, word: Word) -> bool:
        """Whether the page shows the marks of a word of a name in small letters as read (the page-trained mark
        reader, `pipeline.ocr.marks.confirmed_by_ink`)."""
        ...

    def spelling_on_page(self, word: Word, spellings: Sequence[str]) -> str | None:
        """Which of `spellings` (the word's letters with other marks above its vowels) the page shows, if the
        page-trained mark reader finds one likely enough (`pipeline.ocr.marks.spelling_on_page`)."""
        ...
