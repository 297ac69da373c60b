"""Unicode form, whitespace, folding, tone stripping and OCR digit repair."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.normalize import NormalizationError, clean_spaces, fold, nfc, repair_ocr_digits, strip_tones


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --- NormalizationError --------------------------------------------------------------------------------


def test_error_is_a_value_error_with_a_reason() -> None:
    error = NormalizationError("day 31 does not exist in April 1990")
    assert isinstance(error, ValueError)
    assert error.reason == "day 31 does not exist in April 1990"
    assert str(error) == "day 31 does not exist in April 1990"


# --- nfc -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("Nguyễn", 6),
        ("Trường", 6),
        ("Đặng", 4),
        ("Thủy", 4),
    ],
)
def test_nfc_composes_decomposed_text(text: str, length: int) -> None:
    decomposed = nfd(text)
    assert len(decomposed) > length
    assert nfc(decomposed) == text
    assert len(nfc(decomposed)) == length


# --- clean_spaces --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Nguyễn   Văn  An  ", "Nguyễn Văn An"),
        ("Nguyễn\tVăn\nAn", "Nguyễn Văn An"),
        ("Nguyễn\u00a0Văn\u00a0An", "Nguyễn Văn An"),
        ("Nguyễn\u202fVăn\u3000An", "Nguyễn Văn An"),
        ("Nguyễn\r\n\r\nVăn", "Nguyễn Văn"),
        ("Ngu\u200byễn Văn", "Nguyễn Văn"),
        ("\ufeffNguyễn", "Nguyễn"),
        ("", ""),
        (" \t\n ", ""),
        ("An", "An"),
    ],
)
def test_clean_spaces(text: str, expected: str) -> None:
    assert clean_spaces(text) == expected


# --- fold ----------------------------------------------------------------------------------------------

# Every Vietnamese letter, lower and upper case, grouped by the ASCII letter it folds to.
VIETNAMESE_LETTERS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
    "e": "eèéẻẽẹêềếểễệEÈÉẺẼẸÊỀẾỂỄỆ",
    "i": "iìíỉĩịIÌÍỈĨỊ",
    "o": "oòóỏõọôồốổỗộơờớởỡợOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
    "u": "uùúủũụưừứửữựUÙÚỦŨỤƯỪỨỬỮỰ",
    "y": "yỳýỷỹỵYỲÝỶỸỴ",
    "d": "dđDĐ",
}


@pytest.mark.parametrize(
    ("letter", "base"),
    [(letter, base) for base, letters in VIETNAMESE_LETTERS.items() for letter in letters],
)
def test_fold_maps_every_vietnamese_letter_to_its_base(letter: str, base: str) -> None:
    assert fold(letter) == base
    assert fold(nfd(letter)) == base


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Văn An", "nguyen van an"),
        ("NGUYỄN VĂN AN", "nguyen van an"),
        ("Trần  Thị\tThủy", "tran thi thuy"),
        ("Đặng Thị Ánh Hồng", "dang thi anh hong"),
        ("Trương Quốc Việt", "truong quoc viet"),
        ("Lê Thị Mỹ Dung", "le thi my dung"),
        ("Phạm Ngọc Ẩn", "pham ngoc an"),
        ("Hồ Chí Minh", "ho chi minh"),
        ("Bà Rịa - Vũng Tàu", "ba ria - vung tau"),
        ("Ðặng", "dang"),  # Icelandic eth from legacy encodings
        ("ðoàn", "doan"),
        ("Êñuôl", "enuol"),
        ("Nguyen Van An", "nguyen van an"),
        ("  nguyen\u00a0van  an ", "nguyen van an"),
        ("H'Hen Niê", "h'hen nie"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize("text", ["Nguyễn Thị Ánh", "Trường Đặng", "Khuyến Hoà", "Lưu Ngọc Thuỷ"])
def test_fold_is_the_same_for_composed_and_decomposed_input(text: str) -> None:
    assert fold(nfd(text)) == fold(text)
    assert fold(nfd(text)).isascii()


# --- strip_tones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn", "Nguyên"),
        ("Thủy", "Thuy"),
        ("Trường", "Trương"),
        ("Đặng", "Đăng"),
        ("Hồng", "Hông"),
        ("Ánh", "Anh"),
        ("Lưu", "Lưu"),
        ("Mỹ", "My"),
        ("Quốc Việt", "Quôc Viêt"),
        ("NGUYỄN THỊ ẨN", "NGUYÊN THI ÂN"),
        ("Khuyến Hoà", "Khuyên Hoa"),
        ("Êñuôl", "Êñuôl"),  # the tilde on n is not a tone
        ("Nguyen Van An", "Nguyen Van An"),
        ("", ""),
    ],
)
def test_strip_tones(text: str, expected: str) -> None:
    assert strip_tones(text) == expected
    assert strip_tones(nfd(text)) == expected


def test_strip_tones_removes_a_second_tone_mark_that_nfc_cannot_absorb() -> None:
    # ế followed by a stray dot below: NFC leaves one combining mark over.
    assert strip_tones("Vi\u1ebf\u0323t") == "Viêt"


def test_strip_tones_returns_nfc() -> None:
    result = strip_tones(nfd("Nguyễn Trường"))
    assert unicodedata.is_normalized("NFC", result)


# --- repair_ocr_digits ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("1990", "1990"),
        ("199O", "1990"),
        ("l5", "15"),
        ("O3", "03"),
        ("1S", "15"),
        ("I990", "1990"),
        ("|5", "15"),
        ("2O1Z", "2012"),
        ("19B5", "1985"),
        ("G5", "65"),
        ("1D", "10"),
        ("1Q", "10"),
        ("2!", "21"),
        ("2ø03", "2003"),
        ("\uff11\uff19\uff19\uff10", "1990"),  # full-width digits
    ],
)
def test_repair_ocr_digits(token: str, expected: str) -> None:
    assert repair_ocr_digits(token) == expected


@pytest.mark.parametrize(
    "token",
    [
        "Bình",  # a word
        "SO",  # no real digit at all
        "lO",
        "BIS",
        "OOl5",  # more letters than digits
        "15a",  # a is not a confusable
        "1x",
        "",
    ],
)
def test_repair_ocr_digits_leaves_words_alone(token: str) -> None:
    assert repair_ocr_digits(token) is None
