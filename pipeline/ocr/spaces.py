"""Words in capitals Tesseract read run together are parted where the page shows a space: "CHAUPHOL" for a printed
"CHAU PHOL", "SỦNGA" for "SÙNG A", "TÒNGTHỊLẢ" for "TÒNG THỊ LẢ".

In italic capitals Tesseract's `vie` loses the spaces of a short name now and then (clean, sets 12100 and 12300,
at confidences of 0 to 60), and no list of names knows the run-together word. The page still shows the spaces: the
word is sheared upright by its own slant (`pipeline.preprocess.slant`), and a run of columns without ink at least
`MIN_GAP` of a letter's height wide (capitals stand 0.05-0.2 apart, words 0.43 or more) parts it. The reading is
parted by the letters each part holds: its letter-sized pieces of ink, one per letter. Where those do not add up to
the letters read (letters run together, a mark read as a letter), nothing is parted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np

from pipeline.ocr.marks import letter_pieces
from pipeline.ocr.model import Box, Word
from pipeline.preprocess.slant import estimate_slant, sheared

MIN_GAP = 0.38  # a space between words, in letter heights (0.43-0.58 measured in italic capitals)
LETTERS_FILL = 0.5  # letters fill at least this share of the word's box height
MIN_LETTER_PX = 12  # capitals at 11 pt and 200 dpi are 20 px tall; leader dots 4-8
JOINED = 1.5  # a piece this much wider than the median is two letters run together
MIN_LETTERS = 4  # two words of a name at the least ("SÙNG A" is five)
# the reading: a label run into it ("cha:"), letters in capitals, then the junk Tesseract made of the leaders after
# them ("SỦNGA_", "LẢỔ..............ỐỐ": a letter of that junk may be read into the name, `parted` finds it)
_RUN_TOGETHER = re.compile(r"^(?P<label>[^\W\d_][^:\s]*:)?(?P<name>[^\W\d_]+)(?P<tail>[._…·,;:*'`\-]+.*)?$")
NOTE = "words read run together were parted where the page shows a space"


def parted(gray: np.ndarray, word: Word) -> list[Word] | None:
    """The word's parts where the page shows spaces inside it (see the module), each boxed by its own columns;
    None where it has none or the parts do not hold the letters read."""
    text = unicodedata.normalize("NFC", word.text)
    found = _RUN_TOGETHER.match(text)
    if found is None:
        return None
    label, name, tail = found.group("label") or "", found.group("name"), found.group("tail") or ""
    if len(name) < MIN_LETTERS or not name.isupper():
        return None
    box = word.box
    crop = gray[max(0, box.top) : max(0, box.bottom), max(0, box.left) : max(0, box.right)]
    if crop.size == 0 or int(crop.max()) - int(crop.min()) < 40:
        return None
    shear = estimate_slant(crop)
    upright = sheared(crop, shear) if shear else crop
    threshold = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]
    ink = (upright <= threshold).astype(np.uint8)
    found = letter_pieces(ink)
    if found is None or len(found[1]) < 3:  # (row 0 is the background: two pieces at the least)
        return None
    tall = found[1][found[2]]
    height = float(np.median(tall[:, cv2.CC_STAT_HEIGHT]))
    if height < MIN_LETTER_PX or height < LETTERS_FILL * crop.shape[0]:
        # a box as flat as the dots of the leaders a word ran into ("CƯỜNG_...." boxed 6 px tall under its letters):
        # its ink is no letters', and the missed-lines pass reads the letters again (`recover._read_again`)
        return None
    centres = tall[:, cv2.CC_STAT_LEFT] + tall[:, cv2.CC_STAT_WIDTH] / 2
    spans = _ink_spans(ink.any(axis=0), MIN_GAP * height)
    counts = [int(((centres >= left) & (centres < right)).sum()) for left, right in spans]
    while counts and counts[-1] == 0:  # the leaders after the name: no letter-sized ink
        spans, counts = spans[:-1], counts[:-1]
    label_letters = sum(c.isalpha() for c in label)
    groups = _grouped(counts, label_letters) if label else [[i] for i in range(len(counts))]
    if groups is None or 0 in counts:
        return None
    name_groups = groups[1:] if label else groups
    name_counts = [sum(counts[i] for i in group) for group in name_groups]
    if len(name_groups) < 2 or sum(name_counts) not in (len(name), len(name) - 1):
        return None
    if sum(name_counts) < len(name):
        # a letter the name was read with past its letter-sized ink is the leaders' (the "Ổ" of "LẢỔ......"), unless
        # two letters ran together into one piece ("RÂY", its Â and Y touching: one piece fewer than letters)
        widths = tall[:, cv2.CC_STAT_WIDTH]
        if not tail or widths.max() > JOINED * float(np.median(widths)):
            return None
    tail = name[sum(name_counts) :] + tail
    # back from the upright columns to the page's, at the word's middle height
    offset = box.left - (upright.shape[1] - crop.shape[1]) + shear * crop.shape[0] / 2

    def boxed(group: list[int]) -> Box:
        left = max(box.left, round(offset + spans[group[0]][0]))
        right = min(box.right, round(offset + spans[group[-1]][1]))
        return Box(left, box.top, max(1, right - left), box.height)

    out: list[Word] = []
    if label:
        out.append(replace(word, text=label, box=boxed(groups[0])))
    start = 0
    for group, letters_in in zip(name_groups, name_counts, strict=True):
        out.append(replace(word, text=name[start : start + letters_in], box=boxed(group)))
        start += letters_in
    if tail:
        right = out[-1].box.right
        out.append(replace(word, text=tail, box=Box(right, box.top, max(1, box.right - right), box.height)))
    return out


def _grouped(counts: list[int], first: int) -> list[list[int]] | None:
    """The spans' indices, the first group those holding the label's `first` letters and each other span a group of
    its own; None where the label's letters do not end at a space."""
    total = 0
    for index, count in enumerate(counts):
        total += count
        if total == first:
            return [list(range(index + 1))] + [[i] for i in range(index + 1, len(counts))]
        if total > first:
            return None
    return None


def _ink_spans(columns: np.ndarray, gap: float) -> list[tuple[int, int]]:
    """The runs of `columns` holding ink, joined across gaps narrower than `gap` (the spaces between letters)."""
    spans: list[tuple[int, int]] = []
    inked = np.flatnonzero(columns)
    if not len(inked):
        return spans
    left = previous = int(inked[0])
    for column in inked[1:]:
        column = int(column)
        if column - previous - 1 >= gap:
            spans.append((left, previous + 1))
            left = column
        previous = column
    spans.append((left, previous + 1))
    return spans


def part_run_together(image: np.ndarray, words: Sequence[Word]) -> tuple[list[Word], int]:
    """The words with each run-together word in capitals parted (`parted`), and how many were."""
    if image.ndim != 2:
        return list(words), 0
    out: list[Word] = []
    count = 0
    for word in words:
        parts = parted(image, word)
        if parts is None:
            out.append(word)
            continue
        count += 1
        out.extend(replace(p, note="; ".join(n for n in (p.note, NOTE) if n)) for p in parts)
    return out, count
