"""Words in capitals read run together are parted where the page shows a space; a word read whole never is."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.ocr.model import Box, Word
from pipeline.ocr.spaces import NOTE, part_run_together, parted
from tests.ocr.pages import render_lines

ITALICS = [
    path
    for path in (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"),
        Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf"),
        Path("/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf"),
        Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    )
    if path.exists()
]


def _line(text: str, font: Path, *, dpi: int = 240) -> tuple[object, Word]:
    """`text` printed on one line, and one word boxed over all of it, read as Tesseract ran it together."""
    page = render_lines([text], dpi=dpi, size_pt=13, font_path=str(font))
    boxes = [box for _, box in page.words]
    left, top = min(b.left for b in boxes), min(b.top for b in boxes)
    right, bottom = max(b.right for b in boxes), max(b.bottom for b in boxes)
    return page, Word(text.replace(" ", ""), 40.0, Box(left - 3, top - 3, right - left + 6, bottom - top + 6))


NAMES = ["CHAU PHOL", "SÙNG A PÁO", "TÒNG THỊ LẢ", "NGUYỄN VĂN AN"]


def test_a_name_read_run_together_is_parted_at_its_spaces_and_never_elsewhere() -> None:
    found = total = 0
    for font in ITALICS:
        for name in NAMES:
            page, word = _line(name, font)
            parts = parted(page.image, word)
            total += 1
            if parts is None:
                # letters run together (an italic serif's "CHAU": three pieces of ink) or spaces narrower than
                # a space must be: nothing is parted rather than parted wrong
                continue
            # every part boundary is a space of the name (one too narrow may stay unparted: "SÙNG APÁO")
            assert _boundaries([p.text for p in parts]) <= _boundaries(name.split()), (font.stem, name)
            found += [p.text for p in parts] == name.split()
            assert all(a.box.right <= b.box.left + 2 for a, b in pairwise(parts))
    assert found >= 0.7 * total, (found, total)  # measured 13 of 16 parted whole, one in part


def _boundaries(words: list[str]) -> set[int]:
    """Where (in letters from the start) one word ends and the next begins."""
    ends, total = set(), 0
    for word in words[:-1]:
        total += len(word)
        ends.add(total)
    return ends


@pytest.mark.parametrize("font", ITALICS, ids=[path.stem for path in ITALICS])
def test_a_word_read_whole_and_letters_that_do_not_add_up_are_left(font: Path) -> None:
    for name in ("NGUYỄN", "TRƯỜNG", "HOÀNG", "Nguyễn Văn"):
        page, word = _line(name, font)
        assert parted(page.image, word) is None, name  # no space in it, or not in capitals
    # a letter read that the ink does not hold (two letters ran together in the reading of three words)
    page, word = _line("CHAU PHOL", font)
    assert parted(page.image, Word("CHAUPHOLL", 40.0, word.box)) is None


def test_a_label_run_into_the_name_and_leaders_after_it_stay_words_of_their_own() -> None:
    font = ITALICS[0]
    page = render_lines(["cha: CHAU PHOL ......"], dpi=240, size_pt=13, font_path=str(font))
    boxes = [box for _, box in page.words]
    left, top = min(b.left for b in boxes), min(b.top for b in boxes)
    right, bottom = max(b.right for b in boxes), max(b.bottom for b in boxes)
    word = Word("cha:CHAUPHOL......", 0.0, Box(left - 3, top - 3, right - left + 6, bottom - top + 6))
    out, count = part_run_together(page.image, [word])
    assert count == 1
    assert [w.text for w in out] == ["cha:", "CHAU", "PHOL", "......"]
    assert all(w.note == NOTE for w in out)


def test_a_word_boxed_by_the_leaders_it_ran_into_is_left() -> None:
    # "CƯỜNG_...." boxed 6 px tall over its leaders' dots alone (scanned, 12200): its dots are no letters, and
    # parting them had left the name without its last word
    page = render_lines(["LÊ GIA CƯỜNG ...................."], dpi=240, size_pt=13, font_path=str(ITALICS[0]))
    dots = next(box for text, box in page.words if text.startswith("..."))
    flat = Box(dots.left, dots.bottom - 8, 120, 10)
    crop = page.image[flat.top : flat.bottom, flat.left : flat.right]
    pieces = cv2.connectedComponents((crop < 128).astype(np.uint8))[0] - 1
    assert pieces >= 2
    # read as many letters as there are dots in the box, so that only the letters' height can tell
    assert parted(page.image, Word("CƯỜNGHANH"[:pieces] + "_....", 39.0, flat)) is None
