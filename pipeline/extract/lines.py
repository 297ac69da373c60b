"""Visual lines from OCR words, and the folded keys that labels are matched on.

Tesseract's own line numbers follow its block segmentation, which splits a label from a value printed far to its
right (or the two columns of a marriage certificate) into different blocks. Grouping words by vertical overlap
instead gives the line a reader sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.normalize import fold
from pipeline.ocr.model import Box, Word, words_box

_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Dotted leaders and rules: "........", "___", "…", ":" on their own.
_LEADER = re.compile(r"^[\s.…:_\-–—,;·•'\"`|]*$")


def key(text: str) -> str:
    """Diacritic-free, lower case, letters and digits only, single spaces: what labels are compared on."""
    return _NOT_WORD.sub(" ", fold(text)).strip()


def is_leader(text: str) -> bool:
    return bool(_LEADER.match(text))


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # key() of each word

    @property
    def box(self) -> Box:
        box = words_box(self.words)
        assert box is not None  # a line has words
        return box

    @property
    def height(self) -> float:
        heights = sorted(w.box.height for w in self.words)
        return float(heights[len(heights) // 2])

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    return max(0.0, min(a_bottom, b_bottom) - max(a_top, b_top))


_GLUED_COLON = re.compile(r"^(.*?\w:)(\S+)$")


def split_glued(word: Word) -> list[Word]:
    """'tính:Nữ' -> 'tính:' and 'Nữ': OCR glues a value to its label's colon when the space is narrow."""
    match = _GLUED_COLON.match(word.text)
    if match is None or not match.group(2).strip(":"):
        return [word]
    head, tail = match.groups()
    share = len(head) / len(word.text)
    width = max(1, int(word.box.width * share))
    first = replace(word, text=head, box=Box(word.box.left, word.box.top, width, word.box.height))
    second = replace(
        word, text=tail, box=Box(word.box.left + width, word.box.top, max(1, word.box.width - width), word.box.height)
    )
    return [first, *split_glued(second)]


def build_lines(words: list[Word] | tuple[Word, ...]) -> list[Line]:
    """Words grouped into visual lines, top to bottom, each line left to right."""
    split = [part for w in words if w.text.strip() for part in split_glued(w)]
    pending = sorted(split, key=lambda w: (w.box.center_y, w.box.left))
    lines: list[tuple[float, float, list[Word]]] = []  # (top, bottom) of the line's core, words
    for word in pending:
        top, bottom = word.box.top, word.box.bottom
        best, best_overlap = None, 0.0
        for index in range(len(lines) - 1, max(-1, len(lines) - 6), -1):  # only the last few lines can overlap
            line_top, line_bottom, _ = lines[index]
            overlap = _overlap(top, bottom, line_top, line_bottom)
            needed = 0.5 * min(bottom - top, line_bottom - line_top)
            if overlap > needed and overlap > best_overlap:
                best, best_overlap = index, overlap
        if best is None:
            lines.append((top, bottom, [word]))
        else:
            line_top, line_bottom, members = lines[best]
            members.append(word)
            # Keep the line's core band from drifting with tall glyphs (Ấ, Ỹ) or descenders.
            lines[best] = (
                min(line_top, top) if len(members) < 3 else line_top,
                max(line_bottom, bottom) if len(members) < 3 else line_bottom,
                members,
            )
    result = []
    for _, _, members in sorted(lines, key=lambda item: item[0]):
        members.sort(key=lambda w: w.box.left)
        result.append(Line(words=members, keys=[key(w.text) for w in members]))
    return result
