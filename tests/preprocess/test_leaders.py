"""Dotted leaders whitened out of crops before they are read again (real Tesseract on a bench crop)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.ocr.model import Box
from pipeline.ocr.tesseract import ocr_crops
from pipeline.preprocess.leaders import erase_leaders
from tests.ocr.pages import render_lines

DATA = Path(__file__).parent / "data"


def _line(text: str, dpi: int = 240) -> np.ndarray:
    page = render_lines([text], dpi=dpi, width_in=6, margin_in=0.15, spacing=1.6)
    return page.image


def _ink_columns(gray: np.ndarray) -> np.ndarray:
    return (gray < 128).any(axis=0)


def test_a_register_line_tesseract_read_as_nothing_reads_once_its_leaders_are_gone() -> None:
    # "Số: ..... 534" from a poor bench scan (set 10200, scan_0337): clear, yet the page, and the crop at four
    # scales, binarised or not, came back empty while the dots were there
    crop = cv2.imread(str(DATA / "register_line_with_leaders.png"), cv2.IMREAD_GRAYSCALE)
    whole = Box(0, 0, crop.shape[1], crop.shape[0])
    [read] = ocr_crops(erase_leaders(crop), [whole], dpi=240)
    assert [w.text for w in read][-1] == "534"
    assert read[0].text.startswith("S")


def test_leaders_go_and_the_label_and_value_stay() -> None:
    line = _line("Số: ............ 534")
    out = erase_leaders(line)
    changed = np.nonzero((out != line).any(axis=0))[0]
    assert changed.size
    before = _ink_columns(line)
    # the dots were between the colon and the value: the ink left of and right of them is untouched
    assert np.array_equal(out[:, : changed.min()], line[:, : changed.min()])
    assert np.array_equal(out[:, changed.max() + 1 :], line[:, changed.max() + 1 :])
    after = _ink_columns(out)
    assert before.sum() > after.sum() > 0
    whole = Box(0, 0, line.shape[1], line.shape[0])
    assert [w.text for w in ocr_crops(out, [whole], dpi=240)[0]] == ["Số:", "534"]


@pytest.mark.parametrize(
    "text",
    [
        "Đặng Thị Hạnh, Lạc Việt, Hộ tịch",  # dots below, one a syllable
        "Diện tích: 162,6 m² ngày 12.05.2020",  # a decimal comma, a date with full stops
        "NGUYỄN VĂN ÂN. Xã Hợp Nhất.",  # tone marks above capitals, full stops
        "Số nhà 1.234, phường Bạch Đằng",
    ],
)
def test_text_without_leaders_is_left_as_it_is(text: str) -> None:
    line = _line(text)
    assert np.array_equal(erase_leaders(line), line)


def test_a_blank_or_tiny_crop_is_returned_unchanged() -> None:
    blank = np.full((40, 200), 255, np.uint8)
    assert erase_leaders(blank) is blank
    tiny = np.zeros((4, 4), np.uint8)
    assert erase_leaders(tiny) is tiny


def test_a_colon_run_into_the_leaders_keeps_both_its_dots() -> None:
    # drawn: letters 30 px tall on a baseline at y=50, a colon (two 4 px dots, one over the other), then leaders
    # at the colon's spacing, then more letters
    image = np.full((80, 300), 255, np.uint8)
    for x in (10, 25, 40):
        image[20:50, x : x + 6] = 0  # letters
    image[32:36, 55:59] = 0  # the colon's upper dot
    image[46:50, 55:59] = 0  # its lower dot, on the baseline
    for x in range(67, 187, 10):
        image[46:50, x : x + 4] = 0  # leaders
    for x in (200, 215, 230):
        image[20:50, x : x + 6] = 0
    out = erase_leaders(image)
    assert (out[46:50, 67:187] > 128).all()  # the leaders are gone
    assert (out[32:36, 55:59] < 128).all() and (out[46:50, 55:59] < 128).all()  # the colon is whole
    assert np.array_equal(out[:, :60], image[:, :60]) and np.array_equal(out[:, 195:], image[:, 195:])
