"""Italic slant found and sheared away, upright text left alone."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.preprocess.slant import (
    MIN_SLANT,
    SHEARS,
    _sheared_scores,
    estimate_slant,
    sheared,
    sheared_about,
    upright_italics,
)

FONTS = Path("/usr/share/fonts/truetype")


def _line(font: str, text: str = "079317106858 NGUYỄN") -> np.ndarray:
    path = next(FONTS.rglob(font), None)
    if path is None:
        pytest.skip(f"{font} is not installed")
    image = Image.new("L", (1000, 100), 255)
    ImageDraw.Draw(image).text((10, 15), text, font=ImageFont.truetype(str(path), 52), fill=0)
    return np.array(image)


@pytest.mark.parametrize("font", ["NotoSans-Italic.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSans-BoldOblique.ttf"])
def test_italics_are_found_and_made_upright(font: str) -> None:
    line = _line(font)
    assert 0.15 <= estimate_slant(line) <= 0.3
    upright = upright_italics(line)
    assert upright.shape[0] == line.shape[0] and upright.shape[1] > line.shape[1]
    assert estimate_slant(upright) < MIN_SLANT


@pytest.mark.parametrize("font", ["NotoSans-Regular.ttf", "DejaVuSerif.ttf", "LiberationSans-Regular.ttf"])
def test_upright_text_is_left_alone(font: str) -> None:
    line = _line(font)
    assert estimate_slant(line) < MIN_SLANT
    assert upright_italics(line) is line


@pytest.mark.parametrize("font", ["NotoSans-Regular.ttf", "DejaVuSerif.ttf", "LiberationSerif-Regular.ttf"])
@pytest.mark.parametrize("text", ["327", "27/07/1977", "773", "779"])
def test_upright_digits_with_diagonal_strokes_are_not_italics(font: str, text: str) -> None:
    # a 7's stroke and a slash line up under the steepest shear: the profile sharpens to the range's end
    assert estimate_slant(_line(font, text)) < MIN_SLANT


def test_a_blank_crop_has_no_slant() -> None:
    assert estimate_slant(np.full((40, 200), 255, np.uint8)) == 0.0


def test_a_slant_is_sheared_away_about_the_row_given() -> None:
    # a stroke leaning 0.2 to the right, its foot at row 40, column 20: made upright about row 40, its foot stays
    # and its top, 30 rows up and 6 columns right, comes back over it; the image keeps its size
    image = np.full((50, 60), 255, np.uint8)
    for y in range(10, 41):
        x = round(20 + 0.2 * (40 - y))
        image[y, x : x + 3] = 0
    upright = sheared_about(image, 0.2, 40)
    assert upright.shape == image.shape
    for y in (10, 25, 40):
        ink = np.nonzero(upright[y] < 128)[0]
        assert ink.size and abs(float(ink.mean()) - 21) <= 1, (y, ink)
    assert estimate_slant(upright) < MIN_SLANT <= estimate_slant(image)


@pytest.mark.parametrize("seed", range(6))
def test_the_slant_is_measured_as_warping_the_crop_would_measure_it(seed: int) -> None:
    """The profiles are counted from the ink's coordinates (fast), and must be those of the crop warped by
    `sheared` at every shear: the same scores, so the same slant."""
    rng = np.random.default_rng(seed)
    height, width = int(rng.integers(8, 70)), int(rng.integers(8, 260))
    gray = np.full((height, width), 255, np.uint8)
    for _ in range(int(rng.integers(3, 12))):  # strokes leaning either way, as letters and specks do
        x = int(rng.integers(0, width))
        lean = int(rng.integers(-4, 16))
        cv2.line(gray, (x, height - 1), (x + lean, 0), 0, 2)
    ink = (gray < 128).astype(np.float32)
    rows, cols = np.nonzero(ink)
    warped = np.array([float((sheared(ink, shear, fill=0).sum(axis=0) ** 2).sum()) for shear in SHEARS])
    assert rows.size > 0
    np.testing.assert_allclose(_sheared_scores(rows, cols, height, width), warped, rtol=1e-6)
