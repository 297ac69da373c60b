"""Orientation and skew on rendered Vietnamese pages."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.ocr.tesseract import detect_osd
from pipeline.preprocess.deskew import deskew, estimate_skew, rotate
from pipeline.preprocess.orientation import detect_orientation, make_upright, rotate_quadrant
from tests.ocr.pages import degrade, render_lines, rotate_page


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render_lines(height_in=9.0).image


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_orientation_of_a_turned_page(page, turned) -> None:
    found = detect_orientation(rotate_quadrant(page, turned), osd_fallback=False)
    assert found.method == "projection"  # decided without Tesseract
    assert found.rotation == (-turned) % 360
    assert found.confidence > 0.3


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_orientation_of_a_poor_skewed_scan(page, turned) -> None:
    poor = degrade(rotate_page(page, 2.5), seed=turned)
    upright, found = make_upright(rotate_quadrant(poor, turned), osd_fallback=False)
    assert found.rotation == (-turned) % 360
    assert upright.shape == poor.shape
    # the skew is measured on the way, in the upright page's terms
    assert found.skew == pytest.approx(2.5, abs=0.2)


def test_a_blank_page_is_left_as_it_is() -> None:
    found = detect_orientation(np.full((1200, 900), 255, np.uint8))
    assert (found.rotation, found.method) == (0, "blank")


def test_tesseract_osd_reports_the_clockwise_turn_that_makes_the_page_upright(page) -> None:
    # the fallback for pages the cheap detector is unsure of speaks the same convention
    result = detect_osd(rotate_quadrant(page, 90), dpi=300)
    assert result.rotate == 270
    assert result.confidence > 2


@pytest.mark.parametrize("angle", [1.5, -1.5, 3.2, -3.2, 0.0])
def test_skew_estimate_within_a_fifth_of_a_degree(page, angle) -> None:
    assert estimate_skew(rotate_page(page, angle)) == pytest.approx(angle, abs=0.2)


@pytest.mark.parametrize("angle", [3.2, -1.5])
def test_skew_estimate_on_a_poor_scan(page, angle) -> None:
    assert estimate_skew(degrade(rotate_page(page, angle), seed=7)) == pytest.approx(angle, abs=0.2)


def test_deskew_turns_the_skew_away_with_white_corners(page) -> None:
    skewed = rotate_page(page, 3.2)
    straight, found = deskew(skewed)
    assert found == pytest.approx(3.2, abs=0.2)
    assert abs(estimate_skew(straight)) < 0.2
    # the canvas grows to keep the corners, and what is new is white
    assert straight.shape[0] > skewed.shape[0] and straight.shape[1] > skewed.shape[1]
    assert straight[0, 0] == 255 and straight[-1, -1] == 255


def test_deskew_leaves_a_straight_page_alone(page) -> None:
    straight, found = deskew(page)
    assert abs(found) < 0.1
    assert straight is page


def test_rotate_with_scale_is_one_resampling(page) -> None:
    turned = rotate(page, 0.0, scale=1.5)
    assert turned.shape == (round(page.shape[0] * 1.5), round(page.shape[1] * 1.5))
    assert turned.dtype == np.uint8


@pytest.mark.parametrize("turned", [90, 180])
def test_orientation_of_text_without_diacritics(turned) -> None:
    english = render_lines(
        [
            "CIVIL REGISTRATION OFFICE",
            "Full name: NGUYEN VAN AN",
            "Date of birth: 15/03/1990",
            "Place of birth: Nam Dinh general hospital",
            "Personal identification number: 001090012345",
            "Mother: Tran Thi Bich, born 1962",
            "Father: Le Van Hung, born 1960",
            "Registered on 20/04/1990 in book 12",
        ],
        height_in=5.0,
    ).image
    found = detect_orientation(rotate_quadrant(english, turned))
    assert found.rotation == (-turned) % 360, found


def test_unsure_pages_go_to_tesseract_osd(page, monkeypatch) -> None:
    import pipeline.preprocess.orientation as orientation

    # make the cheap detector unsure of everything: Tesseract's OSD must then decide, in the same convention
    monkeypatch.setattr(orientation, "MIN_MARK_EVIDENCE", float("inf"))
    monkeypatch.setattr(orientation, "MIN_LINE_EVIDENCE", float("inf"))
    found = detect_orientation(rotate_quadrant(page, 270), dpi=300)
    assert (found.method, found.rotation) == ("osd", 90)
    assert found.skew == pytest.approx(0.0, abs=0.2)
    weak = detect_orientation(rotate_quadrant(page, 270), osd_fallback=False)
    assert (weak.method, weak.rotation) == ("projection-weak", 90)
