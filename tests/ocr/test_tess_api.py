"""Crops read through Tesseract's library (`tess_api`) give what the `tesseract` command gives, only sooner."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.errors import MissingDependencyError
from pipeline.ocr import tess_api
from pipeline.ocr.model import Box
from pipeline.ocr.tesseract import (
    LIBRARY_VARIABLES,
    SECOND_OPINION_LANG,
    OcrTimeoutError,
    available_languages,
    ocr_crops,
)
from pipeline.preprocess.slant import upright_italics
from tests.ocr.pages import render_lines

LINES = [
    "GIẤY KHAI SINH",
    "Họ, chữ đệm, tên: NGUYỄN THỊ HUYỀN TRANG",
    "Ngày, tháng, năm sinh: 15/03/1990",
    "Số định danh cá nhân: 001090012345",
    "Nơi sinh: Bệnh viện huyện Thạch Thất",
]


@pytest.fixture(scope="module")
def form():
    return render_lines(LINES)


def _crops(form) -> list[Box]:
    drawn = dict(form.words)
    pad = 6
    picks = [("NGUYỄN", "TRANG"), ("15/03/1990",), ("001090012345",), ("Bệnh", "Thất"), ("GIẤY", "SINH")]
    boxes = []
    for first, *rest in picks:
        box = drawn[first]
        for text in rest:
            box = box.union(drawn[text])
        boxes.append(Box(box.left - pad, box.top - pad, box.width + 2 * pad, box.height + 2 * pad))
    return boxes


def _as_read(result):
    return [[(w.text, w.conf, w.box, w.line, w.word) for w in words] for words in result]


CASES = {
    "block of lines": {"psm": 6},
    "sparse text": {"psm": 11},
    "enlarged": {"psm": 6, "scale": 2.0},
    "made upright first": {"psm": 6, "prepare": upright_italics},
    "second model": {"psm": 6, "lang": SECOND_OPINION_LANG},
}


@pytest.mark.parametrize("case", CASES)
def test_the_library_reads_crops_as_the_command_does(form, case, monkeypatch) -> None:
    options = dict(CASES[case])
    if options.get("lang", "vie") not in available_languages():
        pytest.skip(f"no {options['lang']} model")
    boxes = _crops(form)
    monkeypatch.setenv("SOHOA_OCR_LIBRARY", "0")
    by_command = ocr_crops(form.image, boxes, dpi=form.dpi, **options)
    monkeypatch.setenv("SOHOA_OCR_LIBRARY", "1")
    assert tess_api.engine(options.get("lang", "vie"), LIBRARY_VARIABLES) is not None
    by_library = ocr_crops(form.image, boxes, dpi=form.dpi, **options)
    assert sum(len(words) for words in by_command) >= 8  # something was read, or the comparison proves nothing
    assert _as_read(by_library) == _as_read(by_command)


def test_a_model_is_loaded_once_a_process() -> None:
    first = tess_api.engine("vie", LIBRARY_VARIABLES)
    assert first is not None
    assert tess_api.engine("vie", LIBRARY_VARIABLES) is first
    assert tess_api.engine("vie", {}) is not first  # other variables, another engine


def test_a_model_the_library_cannot_load_falls_back_to_the_command(form) -> None:
    assert tess_api.engine("xyz", {}) is None
    with pytest.raises(MissingDependencyError, match="xyz"):
        ocr_crops(form.image, _crops(form)[:1], dpi=form.dpi, lang="xyz")


def test_a_read_past_its_deadline_is_a_timeout(form) -> None:
    with pytest.raises(OcrTimeoutError):
        ocr_crops(form.image, _crops(form), dpi=form.dpi, timeout_s=0.001)
    # the engine is left clean: the next read is whole
    again = ocr_crops(form.image, _crops(form)[1:2], dpi=form.dpi)
    assert [w.text for w in again[0]] == ["15/03/1990"]


def test_only_grey_uint8_images_are_read() -> None:
    engine = tess_api.engine("vie", LIBRARY_VARIABLES)
    assert engine is not None
    with pytest.raises(tess_api.ApiError, match="uint8 grey"):
        engine.read(np.zeros((10, 10, 3), np.uint8), dpi=300, psm=6, timeout_s=5)


def test_tsv_is_parsed_as_pytesseract_parses_it() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t40\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t6\t2\t36\t28\t63.933525\tNguyên\n"
        "5\t1\t1\t1\t1\t2\t46\t2\t26\t28\t32.5\t\n"
    )
    data = tess_api.parse_tsv(tsv)
    assert data["text"] == ["", "Nguyên", ""]
    assert data["conf"] == [-1, 63, 32]  # cut, not rounded, as pytesseract does
    assert data["left"] == [0, 6, 46] and data["word_num"] == [0, 1, 2]
