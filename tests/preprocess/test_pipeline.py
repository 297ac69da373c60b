"""The whole preprocessing of a page, as the OCR pool runs it."""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np
import pytest

from pipeline.ocr.tesseract import ocr_page
from pipeline.preprocess import PreprocessConfig, preprocess, preprocess_image
from tests.ocr.pages import degrade, render_lines, rotate_page


@dataclass
class PageImage:  # the raster stage's type, as far as preprocessing cares
    page_no: int
    image: np.ndarray
    dpi: int
    dpi_source: str


@pytest.fixture(scope="module")
def poor_scan() -> PageImage:
    """A 200-dpi colour scan, turned upside down, skewed 2 degrees, grainy and unevenly lit."""
    page = render_lines(dpi=300)
    skewed = rotate_page(page.image, 2.0)
    small = cv2.resize(skewed, None, fx=2 / 3, fy=2 / 3, interpolation=cv2.INTER_AREA)
    colour = cv2.cvtColor(degrade(small, seed=5), cv2.COLOR_GRAY2BGR)
    return PageImage(1, cv2.rotate(colour, cv2.ROTATE_180), 200, "file")


def test_default_preprocessing_makes_a_poor_scan_readable(poor_scan) -> None:
    result = preprocess(poor_scan, PreprocessConfig())
    assert result.rotation == 180
    assert result.skew == pytest.approx(2.0, abs=0.2)
    assert result.dpi == 200  # 200-dpi pages are not enlarged by default (the benchmark found it does not pay)
    assert result.image.ndim == 2 and result.image.dtype == np.uint8
    assert {"grey", "orientation", "illumination", "despeckle", "median", "deskew"} <= set(result.timings)
    assert all(seconds >= 0 for seconds in result.timings.values())
    text = " ".join(w.text for w in ocr_page(result.image, dpi=result.dpi))
    for expected in ("001090012345", "15/03/1990", "Họ,", "chữ", "đệm,", "Bệnh", "viện"):
        assert expected in text


def test_enlarging_and_deskewing_share_one_warp(poor_scan) -> None:
    result = preprocess(poor_scan, replace(PreprocessConfig(), enlarge=True, target_dpi=300))
    assert result.dpi == 300 and result.measures["scale"] == 1.5
    # enlarged by 1.5, and a little more for the deskewed page's larger canvas
    assert result.image.shape[0] >= 1.5 * poor_scan.image.shape[0] - 2
    assert "deskew+enlarge" in result.timings and "enlarge" not in result.timings


@pytest.mark.parametrize("dpi", [300, 600])
def test_pages_above_the_target_resolution_are_reduced_first(dpi: int) -> None:
    page = render_lines(dpi=dpi, size_pt=10)
    result = preprocess_image(rotate_page(page.image, 1.5), dpi)
    assert result.dpi == 240
    assert result.image.shape[0] < (240 / dpi + 0.05) * page.image.shape[0]
    assert list(result.timings).index("reduce") < list(result.timings).index("illumination")
    assert result.skew == pytest.approx(1.5, abs=0.2)
    text = " ".join(w.text for w in ocr_page(result.image, dpi=result.dpi))
    for expected in ("001090012345", "15/03/1990", "Bệnh", "viện"):  # still read at the lower resolution
        assert expected in text


def test_pages_close_to_the_target_are_not_resampled(poor_scan) -> None:
    # 200 dpi is below the target and enlarging is off; 260 dpi is within reduce_above (1.2) of 240
    assert preprocess(poor_scan).dpi == 200
    page = render_lines(dpi=260, size_pt=10)
    result = preprocess_image(page.image, 260)
    assert result.dpi == 260 and "reduce" not in result.timings


def test_raw_configuration_changes_nothing_but_the_colour(poor_scan) -> None:
    result = preprocess_image(poor_scan.image, poor_scan.dpi, PreprocessConfig.raw())
    assert (result.rotation, result.skew, result.dpi) == (0, 0.0, 200)
    assert result.image.shape == poor_scan.image.shape[:2]
    assert np.array_equal(result.image, cv2.cvtColor(poor_scan.image, cv2.COLOR_BGR2GRAY))


def test_steps_can_be_switched_off(poor_scan) -> None:
    config = replace(PreprocessConfig(), orientation=False, despeckle=False)
    result = preprocess(poor_scan, config)
    assert result.rotation == 0 and result.dpi == 200
    assert result.skew == pytest.approx(2.0, abs=0.2)  # deskew alone still measures and corrects
    assert "despeckle" not in result.timings and "orientation" not in result.timings


def test_binarised_output(poor_scan) -> None:
    result = preprocess(poor_scan, replace(PreprocessConfig(), binarize="sauvola"))
    assert set(np.unique(result.image)) <= {0, 255}


def test_config_is_frozen() -> None:
    with pytest.raises(AttributeError):
        PreprocessConfig().deskew = False  # type: ignore[misc]


def test_speck_removal_runs_only_where_the_analysis_saw_specks(poor_scan) -> None:
    clean = render_lines(dpi=240)
    result = preprocess_image(clean.image, 240)
    assert result.measures["specks_seen"] < PreprocessConfig().min_specks
    assert "despeckle" not in result.timings  # a clean page is not labelled a second time
    noisy = preprocess(poor_scan)
    assert noisy.measures["specks_seen"] >= PreprocessConfig().min_specks and "despeckle" in noisy.timings
    # without the orientation step nothing was looked at: the specks are removed as before
    unturned = preprocess_image(clean.image, 240, replace(PreprocessConfig(), orientation=False))
    assert "despeckle" in unturned.timings and "specks_seen" not in unturned.measures
