"""Names: tone placement, display form, blocking keys and splitting into surname / middle / given."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.normalize import (
    NameParts,
    NormalizationError,
    canonical_name,
    canonical_tones,
    display_name,
    name_key,
    names_equal,
    split_name,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --- canonical_tones -----------------------------------------------------------------------------------

# (main-vowel style of the 1980s rules, traditional style): the canonical form is the traditional one, which puts
# the mark on the first vowel of open oa / oe / uy syllables.
OLD_NEW_PAIRS = [
    ("hoà", "hòa"),
    ("hoá", "hóa"),
    ("hoả", "hỏa"),
    ("hoã", "hõa"),
    ("hoạ", "họa"),
    ("thuỷ", "thủy"),
    ("thuý", "thúy"),
    ("thuỵ", "thụy"),
    ("khoẻ", "khỏe"),
    ("khoé", "khóe"),
    ("xoè", "xòe"),
    ("loà", "lòa"),
    ("toà", "tòa"),
    ("toả", "tỏa"),
    ("loã", "lõa"),
    ("khoá", "khóa"),
    ("goá", "góa"),
    ("uỷ", "ủy"),
    ("uý", "úy"),
    ("tuý", "túy"),
    ("tuỳ", "tùy"),
    ("huỷ", "hủy"),
    ("luỹ", "lũy"),
    ("suý", "súy"),
    ("thoả", "thỏa"),
    ("hoè", "hòe"),
    ("nhoè", "nhòe"),
    ("Hoà", "Hòa"),
    ("Thuỵ", "Thụy"),
    ("Khoẻ", "Khỏe"),
    ("Uý", "Úy"),
    ("HOÀ", "HÒA"),
    ("THUỶ", "THỦY"),
    ("KHOẺ", "KHỎE"),
    ("Thuỷ Tiên", "Thủy Tiên"),
    ("Nguyễn Thị Thuỷ", "Nguyễn Thị Thủy"),
    ("Lê Văn Hoà", "Lê Văn Hòa"),
    ("Hoà Bình", "Hòa Bình"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("Thanh Hoá", "Thanh Hóa"),
]


@pytest.mark.parametrize(("old", "new"), OLD_NEW_PAIRS)
def test_old_style_tone_moves_to_modern_place(old: str, new: str) -> None:
    assert canonical_tones(old) == new


@pytest.mark.parametrize(("old", "new"), OLD_NEW_PAIRS)
def test_modern_style_is_already_canonical(old: str, new: str) -> None:
    assert canonical_tones(new) == new


@pytest.mark.parametrize(("old", "new"), OLD_NEW_PAIRS[:12])
def test_decomposed_old_style_input(old: str, new: str) -> None:
    result = canonical_tones(nfd(old))
    assert result == new
    assert unicodedata.is_normalized("NFC", result)


# Syllables whose mark is in the same place in both conventions.
NEVER_MOVE = [
    "hoàng",
    "Hoàng",
    "HOÀNG",
    "hoạch",
    "khoảng",
    "thoát",
    "huýt",
    "quỳnh",
    "Quỳnh",
    "quý",
    "Quý",
    "quá",
    "quả",
    "quạ",
    "quốc",
    "quyết",
    "quyển",
    "quái",
    "giá",
    "già",
    "giữ",
    "giữa",
    "giường",
    "giày",
    "giếng",
    "gì",
    "gìn",
    "người",
    "Người",
    "tiếng",
    "thuyết",
    "Thuyết",
    "khuếch",
    "muốn",
    "muối",
    "rượu",
    "trường",
    "yến",
    "yêu",
    "khuyến",
    "luật",
    "tuần",
    "thuế",
    "huệ",
    "hoặc",
    "thuở",
    "mưa",
    "cửa",
    "cứu",
    "gửi",
    "mía",
    "kìa",
    "của",
    "mùa",
    "núi",
    "mái",
    "sáu",
    "cây",
    "đầu",
    "đèo",
    "dìu",
    "tới",
    "tối",
    "ngoài",
    "xoáy",
    "khuỷu",
    "ngoẹo",
    "ý",
    "Ánh",
    "Đặng",
    "Nguyễn",
    "Ngô",
    "An",
    "Niê",
    "Kdăm",
]


@pytest.mark.parametrize("word", NEVER_MOVE)
def test_tone_placement_that_never_moves(word: str) -> None:
    assert canonical_tones(word) == word


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [
        ("qúy", "quý"),  # the u of qu is never the nucleus
        ("qùynh", "quỳnh"),
        ("gía", "giá"),  # nor is the i of gi
        ("gìa", "già"),
        ("Qúy", "Quý"),
    ],
)
def test_mark_on_the_consonant_cluster_moves_to_the_nucleus(typo: str, fixed: str) -> None:
    assert canonical_tones(typo) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "H'Hen",
        "Êñuôl",
        "Hđơk",
        "Ksor",
        "Johnson",
        "Nguyễn 1990",
        "Tiếng-Việt",
    ],
)
def test_words_that_are_not_vietnamese_syllables_or_have_no_old_style_are_kept(text: str) -> None:
    assert canonical_tones(text) == text


def test_canonical_tones_preserves_separators_and_case() -> None:
    assert canonical_tones("  HOÀ,thuỷ - Khoẻ ") == "  HÒA,thủy - Khỏe "


# --- display_name --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("nGUYỄN vĂN aN", "Nguyễn Văn An"),
        ("  Nguyễn   Văn\tAn  ", "Nguyễn Văn An"),
        ("Nguyễn\u00a0Văn\u00a0An", "Nguyễn Văn An"),
        ("Nguyễn Văn An.", "Nguyễn Văn An"),
        ("Nguyễn, Văn An", "Nguyễn Văn An"),
        ("Nguyễn Văn An;", "Nguyễn Văn An"),
        ("Họ tên: Nguyễn Văn An", "Họ Tên Nguyễn Văn An"),
        ('"Nguyễn Văn An"', "Nguyễn Văn An"),
        ("“Nguyễn Văn An”", "Nguyễn Văn An"),
        ("'Nguyễn Văn An'", "Nguyễn Văn An"),
        ("Nguyễn_Văn_An", "Nguyễn Văn An"),
        ("Nguyễn.Văn.An", "Nguyễn Văn An"),
        ("-Nguyễn Văn An-", "Nguyễn Văn An"),
        ("Nguyễn - Văn An", "Nguyễn Văn An"),
        ("Nguyễn-Trần Minh", "Nguyễn-Trần Minh"),
        ("nguyễn–trần minh", "Nguyễn-Trần Minh"),
        ("H'HEN NIÊ", "H'Hen Niê"),
        ("h'hen niê", "H'Hen Niê"),
        ("H’Hen Niê", "H'Hen Niê"),
        ("H'Hen Niê.", "H'Hen Niê"),
        ("Y NGÔNG NIÊ KDĂM", "Y Ngông Niê Kdăm"),
        ("KSOR H'LUYỆN", "Ksor H'Luyện"),
        ("Nguyễn Văn An2", "Nguyễn Văn An2"),  # digits are OCR errors to show, not punctuation
        ("Nguyễn V4n An", "Nguyễn V4n An"),
        ("NGUYỄN V4N AN", "Nguyễn V4n An"),
        ("TRẦN 2AN", "Trần 2an"),
        ("LÊ THỊ THUỶ", "Lê Thị Thuỷ"),  # the document's tone placement is kept
        ("lê thị thủy", "Lê Thị Thủy"),
        ("Đỗ", "Đỗ"),
        ("ĐẶNG", "Đặng"),
        ("", ""),
        ("...", ""),
    ],
)
def test_display_name(text: str, expected: str) -> None:
    assert display_name(text) == expected


def test_display_name_composes_decomposed_input() -> None:
    result = display_name(nfd("NGUYỄN THỊ THUỶ"))
    assert result == "Nguyễn Thị Thuỷ"
    assert unicodedata.is_normalized("NFC", result)


# --- canonical_name, name_key, names_equal -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LÊ THỊ THUỶ", "Lê Thị Thủy"),
        ("lê thị thủy", "Lê Thị Thủy"),
        ("Nguyễn Văn Hoà.", "Nguyễn Văn Hòa"),
        ("Trần Quốc Khoẻ", "Trần Quốc Khỏe"),
        ("  hoàng  quý  ", "Hoàng Quý"),
    ],
)
def test_canonical_name(text: str, expected: str) -> None:
    assert canonical_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Văn An", "nguyen van an"),
        ("NGUYỄN VĂN AN", "nguyen van an"),
        ("nguyen van an", "nguyen van an"),
        ("Nguyễn  Văn. An", "nguyen van an"),
        ("Đặng Thị Thuỷ", "dang thi thuy"),
        ("Trương Thị Hoà", "truong thi hoa"),
        ("H'Hen Niê", "h'hen nie"),
        ("H’HEN NIÊ", "h'hen nie"),
        ("", ""),
    ],
)
def test_name_key(text: str, expected: str) -> None:
    assert name_key(text) == expected
    assert name_key(nfd(text)) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nguyễn Thị Thuỷ", "Nguyễn Thị Thủy"),
        ("NGUYỄN THỊ THUỶ", "nguyễn thị thủy"),
        ("Lê Văn Hoà", "Lê Văn Hòa"),
        ("Trần Khoẻ", "TRẦN KHỎE"),
        ("Phạm Uý", "Phạm Úy"),
        ("Nguyễn Văn An.", " Nguyễn  Văn  An"),
        ("Nguyễn Văn An", nfd("Nguyễn Văn An")),
        ("H'Hen Niê", "H’Hen Niê"),
    ],
)
def test_names_equal(a: str, b: str) -> None:
    assert names_equal(a, b)
    assert names_equal(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn Ân"),
        ("Nguyễn Thị Thủy", "Nguyễn Thị Thùy"),
        ("Lê Văn Hòa", "Lê Văn Hoa"),
        ("Nguyễn Văn An", "Nguyen Van An"),
        ("Trần Văn Nam", "Trần Nam"),
    ],
)
def test_names_that_differ(a: str, b: str) -> None:
    assert not names_equal(a, b)


# --- split_name ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surname", "middle", "given"),
    [
        ("Nguyễn Văn An", "Nguyễn", "Văn", "An"),
        ("NGUYỄN VĂN AN", "Nguyễn", "Văn", "An"),
        ("Trần Thị Ngọc Ánh", "Trần", "Thị Ngọc", "Ánh"),
        ("Lê An", "Lê", "", "An"),
        ("  lê   thị  thuỷ. ", "Lê", "Thị", "Thuỷ"),
        ("Phạm Nguyễn Minh Khoa", "Phạm", "Nguyễn Minh", "Khoa"),
        ("Tôn Thất Thuyết", "Tôn Thất", "", "Thuyết"),
        ("TÔN THẤT THUYẾT", "Tôn Thất", "", "Thuyết"),
        ("Ton That Thuyet", "Ton That", "", "Thuyet"),
        ("Tôn Thất Minh Quân", "Tôn Thất", "Minh", "Quân"),
        ("Tôn Nữ Minh Châu", "Tôn Nữ", "Minh", "Châu"),
        ("Công Tằng Tôn Nữ Thị Ngọc Anh", "Công Tằng Tôn Nữ", "Thị Ngọc", "Anh"),
        ("Công Huyền Tôn Nữ Thị Hoa", "Công Huyền Tôn Nữ", "Thị", "Hoa"),
        ("Âu Dương Phong", "Âu Dương", "", "Phong"),
        ("Nguyễn Phúc Bửu Chánh", "Nguyễn Phúc", "Bửu", "Chánh"),
        ("Nguyễn Phước Vĩnh Lộc", "Nguyễn Phước", "Vĩnh", "Lộc"),
        ("Hoàng Phủ Ngọc Tường", "Hoàng Phủ", "Ngọc", "Tường"),
        ("Hoàng Phú An", "Hoàng", "Phú", "An"),  # Phú is a common middle name, not the surname Phủ
        ("HOANG PHU AN", "Hoang", "Phu", "An"),
        ("Tư Mã Ý", "Tư Mã", "", "Ý"),
        ("Gia Cát Lượng", "Gia Cát", "", "Lượng"),
        ("Thượng Quan Uyển Nhi", "Thượng Quan", "Uyển", "Nhi"),
        ("Tôn Thất", "Tôn", "", "Thất"),  # a compound surname alone leaves no given name: plain split
        ("Y Ngông Niê Kdăm", "Niê Kdăm", "Y", "Ngông"),
        ("Y NGÔNG NIÊ KDĂM", "Niê Kdăm", "Y", "Ngông"),
        ("Y Ngong Nie Kdam", "Nie Kdam", "Y", "Ngong"),
        ("Y Bhin Niê", "Niê", "Y", "Bhin"),
        ("Y Moan Ênuôl", "Ênuôl", "Y", "Moan"),
        ("Y Jut Buôn Yă", "Buôn Yă", "Y", "Jut"),
        ("Y Ơn Mlô Duôn Du", "Mlô Duôn Du", "Y", "Ơn"),
        ("Y Tlam Kbuôr", "Kbuôr", "Y", "Tlam"),
        ("Y Wang Hwing", "Hwing", "Y", "Wang"),
        ("Y Ngông Adrơng", "Adrơng", "Y", "Ngông"),
        ("Y Blô Hmưk", "Hmưk", "Y", "Blô"),  # unknown clan: the last word
        ("Y Ngông", "", "Y", "Ngông"),
        ("H'Hen Niê", "Niê", "H'", "Hen"),
        ("H'HEN NIÊ", "Niê", "H'", "Hen"),
        ("H'Linh Niê Kdăm", "Niê Kdăm", "H'", "Linh"),
        ("H'Zing Ayun", "Ayun", "H'", "Zing"),
        ("H’Hen Êban", "Êban", "H'", "Hen"),
        ("H Hen Niê", "Niê", "H", "Hen"),
        ("Ksor H'Luyện", "Ksor", "", "H'Luyện"),
        ("Rơ Mah Y Thơ", "Rơ Mah", "Y", "Thơ"),
        ("RO MAH Y THO", "Ro Mah", "Y", "Tho"),
        ("Rơ Châm Thị Nhung", "Rơ Châm", "Thị", "Nhung"),
        ("Siu Thị Hoa", "Siu", "Thị", "Hoa"),
        ("Nay Y Blin", "Nay", "Y", "Blin"),
        ("An", "", "", "An"),
        ("  an. ", "", "", "An"),
        ("Y", "", "", "Y"),
    ],
)
def test_split_name(text: str, surname: str, middle: str, given: str) -> None:
    assert split_name(text) == NameParts(surname=surname, middle=middle, given=given)


def test_split_name_on_decomposed_input() -> None:
    assert split_name(nfd("Tôn Thất Thuyết")) == NameParts("Tôn Thất", "", "Thuyết")


@pytest.mark.parametrize("text", ["", "   ", "\t\n", ".,;", "\u00a0"])
def test_split_name_rejects_empty_names(text: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        split_name(text)
    assert "empty" in caught.value.reason


def test_name_parts_is_frozen() -> None:
    parts = split_name("Nguyễn Văn An")
    with pytest.raises(AttributeError):
        parts.surname = "Lê"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Văn An",
        "NGUYỄN  VĂN AN.",
        "Nguyễn Thị Hoà",
        "Tôn Thất Thuyết",
        "Y Ngông Niê Kdăm",
        "H'Hen Niê",
        "Lê An",
        "An",
        "Ng4yễn Văn An",
        "  ",
    ],
)
def test_name_forms_are_the_forms_each_function_gives(text: str) -> None:
    """`name_forms` computes the display form once for matching; each form is what its own function gives."""
    from pipeline.normalize.names import name_forms
    from pipeline.normalize.text import fold

    forms = name_forms(text)
    assert forms.shown == display_name(text).lower()
    assert forms.canonical == canonical_name(text).lower()
    assert forms.folded == name_key(text) and forms.folded_words == tuple(name_key(text).split())
    if display_name(text):
        parts = split_name(text)
        assert (forms.surname, forms.middle, forms.given) == (
            fold(parts.surname),
            fold(parts.middle),
            fold(parts.given),
        )
    else:
        assert (forms.surname, forms.middle, forms.given) == ("", "", "")
