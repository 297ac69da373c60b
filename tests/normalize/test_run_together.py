"""Words OCR ran together in a name: parted only where they make two Vietnamese syllables one way."""

from __future__ import annotations

import pytest

from pipeline.extract.values import parse_name
from pipeline.normalize.names import misread_syllable, part_run_together, plausible_syllable


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Thịxuân", ("Thị", "xuân")),
        ("Kimhân", ("Kim", "hân")),
        ("Lêmạnh", ("Lê", "mạnh")),  # not Lêm|ạnh: the syllable after starts with a consonant
        ("Nguyễn", None),  # a syllable itself
        ("Quỳnh", None),
        ("Ksor", None),  # a minority name no split makes two Vietnamese syllables of
        ("Mlô", None),
        ("Alê", None),
        ("H'Hen", None),  # apostrophes and hyphens are the name's own
        ("Thịanh", ("Thị", "anh")),  # a vowel may start the next syllable only after a vowel with its tone
        ("Hoaanh", None),  # "Hoa" has no tone: no "Hoa|anh"
        ("Văninh", ("Văn", "inh")),  # ...or after a syllable closed by a final consonant (Quàng Văn Inh, set 9750)
        ("Tuấnanh", ("Tuấn", "anh")),
        ("Thanhan", None),  # but partings with consonants come first: Tha|nhan or Than|han, left as read
        ("Ayun", None),
        ("Néang", None),  # a Khmer name: its cluster ea is no Vietnamese one, so it is no run-together word
        ("NguyÉn", None),  # a garbled Nguyễn: no "Nguy" and "Én"
        ("Nguyễnvănvinh", ("Nguyễn", "văn", "vinh")),  # a whole name run together: three syllables
        ("Vănhải", ("Văn", "hải")),  # not Vă|nhải: ă and â never end a syllable
        ("Trầnthịthu", None),  # Trần|thị|thu or Trần|thịt|hu: two ways, left as read
        ("Ksorhen", None),  # no parting makes Vietnamese syllables of it
        ("THỊYẾN", ("THỊ", "YẾN")),  # y opens a syllable after a vowel no cluster puts before a y (11100)
        ("Nhưyển", ("Như", "yển")),  # (11000)
        ("Lêyến", ("Lê", "yến")),
        ("Thúyên", None),  # u, a and â take a y in their syllable: Thú|yên is not told from a Thuyên misread
        ("Hayên", None),
        ("THỊCHI", ("THỊ", "CHI")),  # not THỊC|HI: an i ends in ch, never c (clean, 11500)
        ("MAINGA", ("MAI", "NGA")),  # not MAIN|GA: ai takes no final, whatever marks were lost (scanned, 11700)
        ("HỒANHTUẤN", ("HỒ", "ANH", "TUẤN")),  # a vowel opens a syllable after a toned one: the last resort (11800)
        ("Néang", None),  # never in two: a Khmer name
        ("HOẢÀNG", None),  # a vowel read twice (read once later)
    ],
)
def test_words_ocr_ran_together(word: str, parts: tuple[str, ...] | None) -> None:
    assert part_run_together(word) == parts


def test_a_name_with_words_run_together_is_parted_and_says_so() -> None:
    parsed = parse_name("NGUYÊN THỊXUÂN")
    assert parsed.value == "Nguyễn Thị Xuân" and parsed.valid
    assert "parted" in (parsed.problem or "") and "surname" in (parsed.problem or "")
    assert parsed.factor < 0.8
    assert parse_name("Nguyễn Thị Xuân").problem is None


def test_a_whole_name_run_together_is_parted() -> None:
    assert parse_name("NGUYỄNVĂNVINH").value == "Nguyễn Văn Vinh"


@pytest.mark.parametrize(("word", "parts"), [("Thianh", None), ("Mưanh", None), ("Thịanh", ("Thị", "anh"))])
def test_a_vowel_cluster_that_ends_its_syllable_with_a_final_is_two_syllables(word, parts) -> None:
    # ia, ua and ưa are written iê, uô and ươ before a final ("tiên"): "Thịanh" is Thị|anh run together; with no
    # toned vowel to end the first syllable there is no telling where it ends
    assert part_run_together(word) == parts


@pytest.mark.parametrize("word", ["Tuan", "Xuan", "Thuan", "tiên", "người", "khuya", "huỳnh", "thuở", "quyết"])
def test_syllables_read_without_their_marks_are_still_syllables(word: str) -> None:
    # "NGUYỄN VĂN Tuan": a Tuấn whose marks OCR lost stays a name word, not junk after the capitals
    assert plausible_syllable(word) and part_run_together(word) is None


def test_a_name_word_read_without_its_marks_is_kept() -> None:
    assert parse_name("NGUYỄN VĂN Tuan").value == "Nguyễn Văn Tuan"
    assert part_run_together("Xuanmai") == ("Xuan", "mai")


def test_a_middle_name_run_into_a_given_name_starting_with_a_vowel_is_parted() -> None:
    # "PHẠM THỊANH.." on a clean scan of set 10400
    assert parse_name("PHẠM THỊANH..").value == "Phạm Thị Anh"


@pytest.mark.parametrize(
    ("word", "misread"),
    [
        ("Thơnh", True),
        ("Thònh", True),
        ("Thanh", False),
        ("Quỳnh", False),
        ("Ksor", False),
        ("Khuếch", False),
        ("Thịc", True),  # ê, i, y, uê and uy end in ch, never c
        ("Huýc", True),
        ("Hoạc", False),
        ("Việc", False),
        ("Ích", False),
    ],
)
def test_a_rhyme_no_syllable_has_is_a_misreading(word: str, misread: bool) -> None:
    # the finals nh and ch follow only a, ê, i, y, oa, uê, uy: "Thơnh" is an italic "Thanh" misread
    assert misread_syllable(word) is misread
    assert not misread or not plausible_syllable(word)


@pytest.mark.parametrize(
    ("word", "syllable"),
    [("GỈANG", False), ("giảng", True), ("già", True), ("gì", True), ("qúy", False), ("quý", True), ("quyển", True)],
)
def test_no_tone_stands_on_the_i_of_gi_or_the_u_of_qu(word: str, syllable: bool) -> None:
    # "GIANG" overruled to "GỈANG" by the page-trained reader (scanned, set 11400): the i of gi is the consonant's
    assert plausible_syllable(word) is syllable
