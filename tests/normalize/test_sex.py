"""Sex as written on registers, forms and OCR output."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.normalize import NormalizationError, parse_sex


@pytest.mark.parametrize(
    "text",
    [
        "Nam",
        "nam",
        "NAM",
        " Nam ",
        "Nam.",
        "M",
        "m",
        "male",
        "Male",
        "MALE",
        "Narn",  # OCR: m read as rn
        "NARN",
        "Nain",  # OCR: m read as in
        "Năm",  # a stray breve from OCR
    ],
)
def test_male(text: str) -> None:
    assert parse_sex(text) == "M"


@pytest.mark.parametrize(
    "text",
    [
        "Nữ",
        "nữ",
        "NỮ",
        "Nu",
        "NU",
        "nu",
        "F",
        "f",
        "female",
        "Female",
        "FEMALE",
        "Nừ",
        "Nứ",
        "Nũ",
        "Nử",
        "Nụ",
        "Nư",
        "Nü",
        "N ữ",
        "Nữ.",
        " nữ ",
        unicodedata.normalize("NFD", "Nữ"),
    ],
)
def test_female(text: str) -> None:
    assert parse_sex(text) == "F"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("khác", "khác"),
        ("Khác", "Khác"),
        ("X", "X"),
        ("Nam/Nữ", "Nam/Nữ"),
        ("trai", "trai"),
        ("0", "0"),
    ],
)
def test_unknown_sex_raises(text: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        parse_sex(text)
    assert reason in caught.value.reason
