"""Visual lines from OCR words, and the folded keys that labels are matched on.

Tesseract's own line numbers follow its block segmentation, which splits a label from a value printed far to its
right (or the two columns of a marriage certificate) into different blocks. Grouping words by vertical overlap
instead gives the line a reader sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.normalize import fold
from pipeline.normalize.names import plausible_syllable
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
# a number glued to the word before it ("bảnđồsố78"): letters, one of them small (capitals and digits make serials
# and IDs, "CH003717", "O79..."), then digits
_GLUED_NUMBER = re.compile(r"^([^\W\d_]{2,})(\d+)$")
# a value in capitals and the next label run together across the leaders between them ("LAN-.Năm", poor, set 12600:
# the owner's name and "Năm sinh:", so the label was not found and the name read "Mai Minh Lan Năm Sinh"): capitals,
# two leader marks or more (one is an abbreviation's stop: "TP.Hà"), then a word with a capital and small letters
_GLUED_BY_LEADERS = re.compile(r"^([^\W\d_]{2,}(?:[.\-_·]{2,}|…[.\-_…·]*))([^\W\d_][^\W\d_]*\S*)$")


def split_glued(word: Word) -> list[Word]:
    """'tính:Nữ' -> 'tính:' and 'Nữ', 'số78' -> 'số' and '78', 'LAN-.Năm' -> 'LAN-.' and 'Năm': OCR glues a value
    to its label when the space is narrow."""
    match = _GLUED_COLON.match(word.text)
    if match is None or not match.group(2).strip(":"):
        match = _GLUED_NUMBER.match(word.text)
        if match is None or not any(ch.islower() for ch in match.group(1)) or i_read_as_one(*match.groups()):
            match = _GLUED_BY_LEADERS.match(word.text)
            if match is None or not _capitals_then_a_word(*match.groups()):
                return [word]
    head, tail = match.groups()
    share = len(head) / len(word.text)
    width = max(1, int(word.box.width * share))
    first = replace(word, text=head, box=Box(word.box.left, word.box.top, width, word.box.height))
    second = replace(
        word, text=tail, box=Box(word.box.left + width, word.box.top, max(1, word.box.width - width), word.box.height)
    )
    return [first, *split_glued(second)]


def _capitals_then_a_word(head: str, tail: str) -> bool:
    letters = tail.rstrip(":.,")
    return head.rstrip(".-_…·").isupper() and letters[:1].isupper() and letters[1:].islower() and len(letters) >= 2


def i_read_as_one(letters: str, digits: str) -> bool:
    """Whether a 1 after letters is an i OCR read as a digit ("Th1" for Thị, clean, set 12500: the dot below lost,
    the i taken for a 1): the letters make no syllable alone, and with an i they do. Parted as a number, the name
    lost its middle word; kept whole, its digit makes it invalid, and the second pass reads it again."""
    return digits == "1" and not plausible_syllable(letters) and plausible_syllable(letters + "i")


def _parted_in_place(word: Word, words: list[Word]) -> list[Word]:
    """`split_glued(word)`, its box first ending where the next word on its line starts. Tesseract boxes a glued
    word it is unsure of over the words after it ("tên:Lê" at 79, 373 px wide over "Như" and into "Thanh": clean,
    set 12300), and its parts, placed by their letters' share of the box, then came after the next word ("Như Lê
    Thanh" for Lê Như Thanh)."""
    parts = split_glued(word)
    if len(parts) < 2:
        return parts
    box = word.box
    starts = [
        w.box.left
        for w in words
        if w is not word
        and box.left + box.height < w.box.left < box.right
        and box.top <= w.box.center_y <= box.bottom
        and w.box.height >= MARK * box.height
    ]
    if not starts:
        return parts
    return split_glued(replace(word, box=Box(box.left, box.top, min(starts) - box.left, box.height)))


# A word less tall than this share of the page's median word is a mark, not a word (`build_lines`)
MARK = 0.35


def build_lines(words: list[Word] | tuple[Word, ...]) -> list[Line]:
    """Words grouped into visual lines, top to bottom, each line left to right."""
    kept = [w for w in words if w.text.strip()]
    split = [part for w in kept for part in _parted_in_place(w, kept)]
    heights = sorted(w.box.height for w in split)
    low = MARK * heights[len(heights) // 2] if heights else 0.0
    pending = sorted(split, key=lambda w: (w.box.center_y, w.box.left))
    lines: list[tuple[float, float, list[Word]]] = []  # (top, bottom) of the line's core, words
    for word in pending:
        top, bottom = word.box.top, word.box.bottom
        best, best_overlap = None, 0.0
        for index in range(len(lines) - 1, max(-1, len(lines) - 6), -1):  # only the last few lines can overlap
            if _marks_only(lines[index][2], word, low):
                # a line of marks alone takes no word: tones OCR read as words of their own ("-" for the tilde of
                # NGUYỄN and the breve of VĂN) started a line that took the name under them and left its label's
                # line with the last word ("cha: NAM", clean, set 11900)
                continue
            line_top, line_bottom, _ = lines[index]
            overlap = _overlap(top, bottom, line_top, line_bottom)
            needed = 0.5 * min(bottom - top, line_bottom - line_top)
            if overlap > needed / 2 and _follows(word, lines[index][2]):
                best = index
                break
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
    groups = [members for _, _, members in sorted(_marks_joined(lines, low), key=lambda item: item[0])]
    for _ in range(3):  # a word moved can bring the next one beside its new line ("nhân:" then the ID after it)
        moved = _settled(groups, low)
        if moved == groups:
            break
        groups = moved
    result = []
    for members in groups:
        members.sort(key=lambda w: w.box.left)
        result.append(Line(words=members, keys=[key(w.text) for w in members]))
    return result


def _marks_joined(lines: list[tuple[float, float, list[Word]]], low: float) -> list[tuple[float, float, list[Word]]]:
    """The lines with each line of marks alone joined to the line of words its band overlaps most (by at least half
    the thinner band), if any: leaders or tones placed before the words they stand among (`_marks_only`)."""
    kept = [line for line in lines if not _all_marks(line[2], low)]
    for top, bottom, members in lines:
        if not _all_marks(members, low):
            continue
        overlaps = [_overlap(top, bottom, t, b) - 0.5 * min(bottom - top, b - t) for t, b, _ in kept]
        best = max(range(len(kept)), key=overlaps.__getitem__) if kept else None
        if best is not None and overlaps[best] > 0:
            kept[best][2].extend(members)
        else:
            kept.append((top, bottom, members))
    return kept


def _all_marks(members: list[Word], low: float) -> bool:
    """Whether every one of `members` is a mark: less tall than `low`."""
    return all(w.box.height < low for w in members)


def _marks_only(members: list[Word], word: Word, low: float) -> bool:
    """Whether `members` are all marks and `word` is none: such a line takes no word."""
    return word.box.height >= low and _all_marks(members, low)


def _follows(word: Word, members: list[Word]) -> bool:
    """Whether the word before `word` in Tesseract's own line is among `members`, a word's space or so to its
    left: Tesseract's line is then evidence that `word` is on that line too, however low its box. ("Võ Văn Thạch"
    with "Thạch" boxed 16 px low, under a stamp, on a 25 px line: it overlapped the line by 11 px, and went to the
    stamp's line, poor, set 11100.)"""
    height = word.box.height
    return any(
        (w.block, w.par, w.line, w.word + 1) == (word.block, word.par, word.line, word.word)
        and 0 <= word.box.left - w.box.right <= 1.5 * height
        for w in members
    )


def _core(members: list[Word]) -> tuple[float, float]:
    tops = sorted(w.box.top for w in members)
    bottoms = sorted(w.box.bottom for w in members)
    return float(tops[len(tops) // 2]), float(bottoms[len(bottoms) // 2])


def _beside(word: Word, members: list[Word], reach: float) -> bool:
    """Whether one of `members` stands within `reach` pixels of the word, left or right."""
    box = word.box
    return any(max(w.box.left - box.right, box.left - w.box.right) <= reach for w in members if w is not word)


def _settled(groups: list[list[Word]], low: float) -> list[list[Word]]:
    """Each word moved to the line whose middle is nearest its own, among those it overlaps enough to join and
    that have a word beside it.

    Words are grouped in the order of their middles, so a word boxed tall (a speck or stamp joined to it on a poor
    scan) can join the line above before its own line has started: "cá nhân: 038194126429" went to the "Quê quán"
    line above it. Once all lines exist, their median bands place such a word where it belongs. A line whose words
    are all far away is no home for it, however near its middle: the other column's line a few pixels lower (the
    wife's name beside the husband's) is a line of its own. Nor is a line of marks alone (all less tall than `low`)
    for a word.
    """
    cores = [_core(members) for members in groups]
    settled: list[list[Word]] = [[] for _ in groups]
    for index, members in enumerate(groups):
        for word in members:
            if _follows(word, members):
                settled[index].append(word)  # Tesseract's line says it is where it is
                continue
            top, bottom = word.box.top, word.box.bottom
            middle = (top + bottom) / 2
            best, best_distance = index, abs(middle - sum(cores[index]) / 2)
            for other in range(max(0, index - 2), min(len(groups), index + 3)):
                core_top, core_bottom = cores[other]
                if other == index or _marks_only(groups[other], word, low):
                    continue
                if _overlap(top, bottom, core_top, core_bottom) <= 0.5 * min(bottom - top, core_bottom - core_top):
                    continue
                if not _beside(word, groups[other], 3 * (core_bottom - core_top)):
                    continue
                distance = abs(middle - (core_top + core_bottom) / 2)
                if distance < best_distance:
                    best, best_distance = other, distance
            settled[best].append(word)
    return [members for members in settled if members]
