"""The pixel steps: stamps, light, specks, binarisation, scale."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.ocr.tesseract import ocr_page
from pipeline.preprocess import binarize, denoise, illumination, scale, stamps
from tests.ocr.pages import render_lines

ID_LINES = ["Số định danh cá nhân: 001090012345", "Họ, chữ đệm, tên: Trần Thị Bích"]


def _stamped() -> tuple[np.ndarray, np.ndarray]:
    """A colour page with a red stamp (ring and text) pressed over both lines; and the stamp's mask."""
    page = render_lines(ID_LINES, width_in=6)
    bgr = cv2.cvtColor(page.image, cv2.COLOR_GRAY2BGR)
    # slightly yellow paper
    bgr = (bgr.astype(np.float32) * np.array([0.85, 0.95, 1.0], np.float32)).astype(np.uint8)
    mask = np.zeros(page.image.shape, np.uint8)
    center = (page.image.shape[1] // 2, page.image.shape[0] // 2)
    cv2.circle(mask, center, 190, 255, 16)
    cv2.circle(mask, center, 140, 255, 6)
    cv2.putText(mask, "UBND", (center[0] - 110, center[1] + 25), cv2.FONT_HERSHEY_SIMPLEX, 2.5, 255, 10)
    red = np.array([40, 30, 215], np.uint8)
    stamped = bgr.copy()
    ink = mask > 0
    stamped[ink] = np.minimum(stamped[ink], red)  # the stamp's ink over the paper, the black text stays black
    return stamped, ink


def test_red_stamp_is_dropped_and_the_text_under_it_read() -> None:
    stamped, ink = _stamped()
    gray = stamps.drop_colour(stamped)
    assert gray.shape == stamped.shape[:2] and gray.dtype == np.uint8
    text = page_text = " ".join(w.text for w in ocr_page(gray, dpi=300))
    assert "001090012345" in text and "Bích" in page_text
    # the stamp's pixels (away from text) are near-white; with plain luminance they are dark
    luma = stamps.drop_colour(stamped, mode="luma")
    text_ink = render_lines(ID_LINES, width_in=6).image < 128
    stamp_only = ink & ~cv2.dilate(text_ink.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert gray[stamp_only].mean() > 200
    assert luma[stamp_only].mean() < 110
    assert gray[text_ink].mean() < 60


def test_max_mode_also_drops_blue_ink_and_grey_input_is_kept() -> None:
    blue = np.full((20, 20, 3), 255, np.uint8)
    blue[5:15, 5:15] = (200, 60, 30)  # BGR: blue ink
    assert stamps.drop_colour(blue)[10, 10] < 60  # kept by the red channel (handwritten entries)
    assert stamps.drop_colour(blue, mode="max")[10, 10] == 200
    gray = np.full((10, 10), 7, np.uint8)
    assert stamps.drop_colour(gray) is gray
    assert stamps.is_colour(blue) and not stamps.is_colour(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))


def test_flatten_makes_uneven_paper_white_and_keeps_the_ink() -> None:
    page = render_lines(ID_LINES, width_in=6).image
    light = np.linspace(1.0, 0.5, page.shape[1], dtype=np.float32)[None, :]
    dim = (page.astype(np.float32) * light * 0.9).astype(np.uint8)
    flat = illumination.flatten(dim)
    paper, ink = page > 200, page < 60
    assert dim[paper][:, None].std() > 20  # the paper goes from 230 to 115
    assert flat[paper].mean() > 245 and flat[paper].std() < 8
    assert flat[ink].mean() < 80


def test_specks_go_and_diacritics_stay() -> None:
    page = render_lines(["Họ, chữ đệm, tên: ĐỖ THỊ NGỌC", "Quốc tịch: Việt Nam; dân tộc: Kinh."], width_in=6)
    clean = page.image
    dirty = clean.copy()
    rng = np.random.default_rng(3)
    spots = []
    while len(spots) < 40:  # specks in the empty margins and between lines, away from the letters
        y, x = int(rng.integers(10, clean.shape[0] - 10)), int(rng.integers(10, clean.shape[1] - 10))
        if clean[max(0, y - 20) : y + 20, max(0, x - 20) : x + 20].min() == 255:
            spots.append((x, y))
            cv2.circle(dirty, (x, y), int(rng.integers(1, 4)), 0, -1)
    cleaned = denoise.remove_specks(dirty, dpi=300)
    for x, y in spots:
        assert cleaned[y - 4 : y + 5, x - 4 : x + 5].min() == 255, (x, y)
    # every mark of the text (dots below, tone marks, colons, the full stop) is untouched
    assert np.array_equal(cleaned[clean < 255], clean[clean < 255])
    assert denoise.median(dirty).shape == dirty.shape


def test_a_small_tone_mark_high_over_its_letter_is_no_speck() -> None:
    # a poor 200-dpi scan: the sắc over a bold u thinned to 4 x 5 px, its foot 6 px (0.76 mm) over the letter
    page = np.full((400, 400), 255, np.uint8)
    page[100:119, 100:112] = 0  # the letter
    page[89:94, 104:108] = 0  # its mark
    page[300:303, 300:303] = 0  # a speck
    cleaned = denoise.remove_specks(page, dpi=200)
    assert cleaned[89:94, 104:108].max() == 0 and cleaned[100:119, 100:112].max() == 0
    assert cleaned[300:303, 300:303].min() == 255


@pytest.mark.parametrize("method", ["otsu", "sauvola"])
def test_binarisation_gives_black_ink_on_white(method) -> None:
    page = render_lines(ID_LINES, width_in=6).image
    noisy = np.clip(page.astype(np.int16) * 0.8 + 30, 0, 255).astype(np.uint8)
    binary = binarize.otsu(noisy) if method == "otsu" else binarize.sauvola(noisy)
    assert set(np.unique(binary)) <= {0, 255}
    assert (binary[page < 60] == 0).mean() > 0.95
    assert (binary[page > 250] == 255).mean() > 0.99


def test_pages_are_brought_to_300_dpi() -> None:
    page = np.full((200, 100), 255, np.uint8)
    enlarged, dpi = scale.normalise_dpi(page, 200)
    assert (dpi, enlarged.shape) == (300, (300, 150))
    same, dpi = scale.normalise_dpi(page, 300)
    assert same is page and dpi == 300
    reduced, dpi = scale.normalise_dpi(page, 600)
    assert (dpi, reduced.shape) == (300, (100, 50))
    assert scale.scale_factor(290) == 1.0 and scale.scale_factor(150) == 2.0
