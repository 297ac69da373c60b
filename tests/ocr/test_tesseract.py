"""The Tesseract wrapper on rendered Vietnamese pages: words, boxes, confidences, crops and errors."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytesseract
import pytest

from pipeline.errors import MissingDependencyError
from pipeline.ocr.model import Box
from pipeline.ocr.tesseract import (
    OcrTimeoutError,
    available_languages,
    check_tesseract,
    ocr_crops,
    ocr_page,
    tesseract_version,
)
from tests.ocr.pages import render_lines


@pytest.fixture(scope="module")
def form():
    return render_lines()


@pytest.fixture(scope="module")
def form_words(form):
    return ocr_page(form.image, dpi=form.dpi)


def _near(found: Box, drawn: Box, tolerance: int) -> bool:
    return (
        abs(found.left - drawn.left) <= tolerance
        and abs(found.top - drawn.top) <= tolerance
        and abs(found.right - drawn.right) <= tolerance
        and abs(found.bottom - drawn.bottom) <= tolerance
    )


def test_vie_is_installed() -> None:
    assert tesseract_version().split(".")[0] in {"4", "5"}
    assert {"vie", "osd"} <= available_languages()
    assert check_tesseract(["vie"]) == tesseract_version()


def test_ocr_page_reads_the_words_where_they_were_drawn(form, form_words) -> None:
    found = {}
    for word in form_words:
        found.setdefault(word.text, []).append(word)
    # lowercase Vietnamese, digits and the 12-digit ID must be read exactly and boxed where they were drawn
    expected = ["Họ,", "chữ", "đệm,", "tên:", "15/03/1990", "001090012345", "Bệnh", "viện", "huyện", "Quyển"]
    drawn = {text: box for text, box in form.words}
    for text in expected:
        assert text in found, f"{text!r} not read; read: {sorted(found)}"
        # the tone marks and dots below are part of the box, so allow a few pixels either way
        assert any(_near(w.box, drawn[text], tolerance=12) for w in found[text]), (text, found[text], drawn[text])
    # the title in capitals is read (Tesseract's vie model may drop a tone in capitals: compare without them)
    plain = {unicodedata.normalize("NFD", w.text).encode("ascii", "ignore").decode() for w in form_words}
    assert {"GIAY", "KHAI", "SINH"} <= plain


def test_words_have_confidences_line_numbers_and_nfc_text(form_words) -> None:
    assert form_words
    for word in form_words:
        assert 0 <= word.conf <= 100
        assert word.text == unicodedata.normalize("NFC", word.text) and word.text.strip() == word.text != ""
        assert word.box.width > 0 and word.box.height > 0
        assert word.line >= 1 and word.word >= 1
    assert np.mean([w.conf for w in form_words]) > 80
    # reading order: the title's line comes first, the registration date's line last
    lines = [(w.block, w.par, w.line) for w in form_words]
    assert lines == sorted(lines)


def test_blank_page_has_no_words() -> None:
    assert ocr_page(np.full((600, 800), 255, np.uint8), dpi=300) == []


def test_ocr_crops_maps_each_crops_words_back(form) -> None:
    drawn = dict(form.words)
    pad = 6

    def around(*texts: str) -> Box:
        box = drawn[texts[0]]
        for text in texts[1:]:
            box = box.union(drawn[text])
        return Box(box.left - pad, box.top - pad, box.width + 2 * pad, box.height + 2 * pad)

    boxes = [around("001090012345"), around("15/03/1990"), around("Bệnh", "viện"), Box(5, 5, 40, 20)]
    result = ocr_crops(form.image, boxes, dpi=form.dpi)
    assert len(result) == 4
    assert [w.text for w in result[0]] == ["001090012345"]
    assert [w.text for w in result[1]] == ["15/03/1990"]
    assert [w.text for w in result[2]] == ["Bệnh", "viện"]
    assert result[3] == []  # a blank crop
    for crop, words in zip(boxes[:3], result[:3], strict=True):
        for word in words:
            # back in the page's coordinates, on the drawn word
            assert _near(word.box, drawn[word.text], tolerance=12), (word, drawn[word.text])
            assert crop.left <= word.box.left and word.box.right <= crop.right + 2


def test_ocr_crops_enlarges_small_print_and_maps_boxes_back() -> None:
    small = render_lines(["Số: 001090012345", "Ngày: 15/03/1990"], dpi=150, size_pt=10)
    drawn = dict(small.words)
    crops = [drawn["001090012345"], drawn["15/03/1990"]]
    crops = [Box(b.left - 4, b.top - 4, b.width + 8, b.height + 8) for b in crops]
    ids, dates = ocr_crops(small.image, crops, dpi=small.dpi, scale=2.0)
    assert [w.text for w in ids] == ["001090012345"]
    assert [w.text for w in dates] == ["15/03/1990"]
    assert _near(ids[0].box, drawn["001090012345"], tolerance=6)
    assert _near(dates[0].box, drawn["15/03/1990"], tolerance=6)


def test_no_crops_no_call() -> None:
    assert ocr_crops(np.zeros((10, 10), np.uint8), [], dpi=300) == []


def test_timeout_is_a_timeout_error(form) -> None:
    with pytest.raises(OcrTimeoutError) as caught:
        ocr_page(form.image, dpi=form.dpi, timeout_s=0.01)
    assert isinstance(caught.value, TimeoutError)
    assert "0.01" in caught.value.reason


def test_missing_tesseract_is_a_missing_dependency(form, monkeypatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/bin/tesseract")
    with pytest.raises(MissingDependencyError, match="tesseract is not installed"):
        ocr_page(form.image, dpi=form.dpi)
    with pytest.raises(MissingDependencyError):
        tesseract_version()
    # crops are read by Tesseract's library where it loads (tests/ocr/test_tess_api.py), by the command otherwise
    monkeypatch.setenv("SOHOA_OCR_LIBRARY", "0")
    with pytest.raises(MissingDependencyError):
        ocr_crops(form.image, [Box(0, 0, 100, 100)], dpi=form.dpi)


def test_missing_language_is_named() -> None:
    with pytest.raises(MissingDependencyError, match="xyz"):
        check_tesseract(["vie", "xyz"])


def test_non_uint8_image_is_refused() -> None:
    with pytest.raises(ValueError, match="uint8"):
        ocr_page(np.zeros((10, 10), np.float64), dpi=300)
