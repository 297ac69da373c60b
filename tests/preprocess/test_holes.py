"""Ink standing free in a glyph's counter is whitened; every other piece of ink stays as it was."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.ocr.tesseract import ocr_page
from pipeline.preprocess.holes import whiten_islands
from pipeline.preprocess.pipeline import PreprocessConfig, preprocess_image
from tests.ocr.pages import render_lines

MONO = Path("/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf")
# personal IDs of the bench whose dotted zeros Tesseract read as 6 or 9 on generated pages
IDS = ("017205044501", "095089703241", "008038486233", "001188255054", "026180991036", "038099057571")


def _ring(size: int = 60, *, dot: tuple[int, int] | None = (30, 30), dot_radius: int = 3) -> np.ndarray:
    """A zero-like ring on white paper, with a dot of ink at `dot`."""
    page = np.full((size, size), 255, np.uint8)
    cv2.ellipse(page, (size // 2, size // 2), (9, 13), 0, 0, 360, 0, 3)
    if dot is not None:
        cv2.circle(page, dot, dot_radius, 0, -1)
    return page


def _ink(image: np.ndarray) -> int:
    return int((image < 128).sum())


@pytest.mark.parametrize(
    ("dot", "radius", "whitened"),
    [
        ((30, 30), 3, True),  # the dot of a dotted zero
        ((31, 28), 2, True),  # a speck near the middle
        ((30, 20), 2, False),  # off the middle: part of a glyph closing round another's stroke, not judged
        ((30, 30), 7, False),  # nearly filling the counter: a glyph's own stroke, not a dot
        (None, 0, False),  # a plain zero
    ],
)
def test_an_island_in_the_middle_of_a_counter_is_whitened(dot, radius, whitened) -> None:
    page = _ring(dot=dot, dot_radius=radius)
    out, count = whiten_islands(page, dpi=240)
    ring = _ring(dot=None)
    assert count == int(whitened)
    if whitened:
        assert np.array_equal(out < 128, ring < 128)  # the dot gone, the ring's every pixel kept
    else:
        assert np.array_equal(out, page)


def test_a_large_loop_keeps_what_it_holds() -> None:
    # a signature's loop or a stamp's ring (4 mm across at 240 dpi) may hold words: nothing inside is touched
    page = np.full((120, 120), 255, np.uint8)
    cv2.circle(page, (60, 60), 40, 0, 3)
    cv2.circle(page, (60, 60), 4, 0, -1)
    out, count = whiten_islands(page, dpi=240)
    assert count == 0 and np.array_equal(out, page)


def test_grey_paper_is_kept_round_the_whitened_dot() -> None:
    page = _ring()
    page[page == 255] = 200  # tinted paper
    out, count = whiten_islands(page, dpi=240)
    assert count == 1
    assert out[30, 30] == 200 and _ink(out) == _ink(_ring(dot=None))


@pytest.mark.skipif(not MONO.exists(), reason="fonts-liberation2 not installed")
@pytest.mark.parametrize("dpi", [240, 300])
def test_dotted_zeros_read_as_zeros(dpi: int) -> None:
    page = render_lines([f"Số định danh cá nhân: {number}" for number in IDS], dpi=dpi, font_path=str(MONO))

    def ids_read(image: np.ndarray) -> list[str]:
        return [w.text for w in ocr_page(image, dpi=dpi) if sum(c.isdigit() for c in w.text) >= 9]

    raw = ids_read(page.image)
    assert raw != list(IDS)  # Tesseract's `vie` misreads some of these zeros (6 or 9), else this proves nothing
    out, count = whiten_islands(page.image, dpi=dpi)
    assert count == sum(number.count("0") for number in IDS)
    assert ids_read(out) == list(IDS)


def test_the_step_runs_in_the_default_preprocessing_and_can_be_switched_off() -> None:
    page = render_lines(["Số: 1000"], dpi=240, font_path=str(MONO)) if MONO.exists() else None
    image = page.image if page is not None else _ring()
    default = preprocess_image(image, 240)
    off = preprocess_image(image, 240, PreprocessConfig(islands=False))
    assert default.measures["islands"] >= 1 and "islands" in default.timings
    assert "islands" not in off.measures and not np.array_equal(default.image, off.image)
