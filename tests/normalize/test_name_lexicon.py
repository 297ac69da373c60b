"""The register's name-spelling counts: places in a name, doubtful spellings, and the choice between two."""

from __future__ import annotations

import pickle

import pytest

from pipeline.normalize.name_lexicon import NameLexicon, position_of, syllable_key

LEXICON = NameLexicon.from_parts(
    {
        "surname": [("Nguyễn", 400), ("Trần", 120), ("Tôn Thất", 2), ("Nguyên", 1)],
        "middle": [("Thị", 300), ("Văn", 250), ("Thu", 30), ("Thanh Thủy", 2)],
        "given": [("Chi", 40), ("Thu", 35), ("Hằng", 30), ("Hưng", 25), ("Hùng", 28), ("Thuỷ", 20), ("Thi", 3)],
    }
)


@pytest.mark.parametrize(
    ("index", "count", "position"),
    [(0, 3, "surname"), (1, 3, "middle"), (2, 3, "given"), (1, 4, "middle"), (2, 4, "middle"), (0, 1, "given")],
)
def test_places_in_a_name(index: int, count: int, position: str) -> None:
    assert position_of(index, count) == position


@pytest.mark.parametrize(
    ("syllable", "position", "count"),
    [
        ("Chi", "given", 40),
        ("CHI", "given", 40),  # case does not matter
        ("Thủy", "given", 20),  # the counts were given as "Thuỷ": tone placement does not matter either
        ("Thanh", "middle", 2),  # a part of several words counts for each
        ("Thất", "surname", 2),
        ("Chi", "surname", 0),  # counts are per place
        ("Chỉ", "given", 0),
    ],
)
def test_counts(syllable: str, position: str, count: int) -> None:
    assert LEXICON.count(syllable, position) == count  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("syllable", "position", "doubtful"),
    [
        ("Chỉ", "given", True),  # unknown, beside a known Chi
        ("Chi", "given", False),
        ("Hàng", "given", True),
        ("Nguyên", "surname", True),  # known once, beside Nguyễn 400 times
        ("Nguyễn", "surname", False),
        ("Hưng", "given", False),  # Hùng is about as common: both are names
        ("Thi", "given", False),  # as a given name Thi is known and Thị is not
        ("Thi", "middle", True),  # as a middle name Thị is far more common
        ("Kdăm", "given", False),  # unknown, and no other spelling is known either
    ],
)
def test_doubtful_spellings(syllable: str, position: str, doubtful: bool) -> None:
    assert LEXICON.doubtful(syllable, position) is doubtful  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "second", "position", "preferred"),
    [
        ("Chỉ", "Chi", "given", "Chi"),
        ("Chi", "Chỉ", "given", "Chi"),
        ("Thủ", "Thu", "given", "Thu"),
        ("Thị", "Thi", "given", "Thi"),  # the last word is a given name: Thi, not the middle name Thị
        ("Thi", "Thị", "middle", "Thị"),
        ("Hưng", "Hùng", "given", "Hùng"),
        ("Chỉ", "Chí", "given", None),  # neither is known anywhere: no choice
        ("Thu", "Thủ", "surname", "Thu"),  # unknown as a surname: the counts of every place decide
    ],
)
def test_the_more_common_of_two_readings(first: str, second: str, position: str, preferred: str | None) -> None:
    assert LEXICON.prefer(first, second, position) == preferred  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("syllable", "other", "position", "known_only"),
    [
        ("Trần", "Rần", "surname", True),  # a name, beside a word no name has
        ("Trần", "Rần", "given", False),  # not a given name
        ("Nguyên", "Guyên", "surname", False),  # known to one person only: could be a typo in the register
        ("Thu", "Thi", "given", False),  # both are names
    ],
)
def test_known_only(syllable: str, other: str, position: str, known_only: bool) -> None:
    assert LEXICON.known_only(syllable, other, position) is known_only  # type: ignore[arg-type]


REPAIRS = NameLexicon.from_parts(
    {
        "surname": [("Lê", 90), ("Huỳnh", 40), ("Ênuôl", 31), ("Ktla", 1), ("Mli", 3), ("Mil", 2)],
        "middle": [("Cẩm", 12), ("Thị", 300), ("Văn", 250), ("Hằng", 4)],
        "given": [
            ("Hiền", 30),
            ("Hiến", 2),
            ("Hà", 20),
            ("Hải", 9),
            ("Ha", 15),
            ("Tâm", 40),
            ("Tài", 12),
            ("Hạng", 3),
            ("Tấm", 30),
            ("Tầm", 4),
            ("Thanh", 25),
            ("Thành", 20),
            ("Thươl", 2),
            ("H'Mlai", 1),
            ("Liên", 20),
            ("Hằng", 40),
            ("Hồng", 30),
            ("Thắm", 5),
            ("Nhật", 5),
            ("Nhất", 3),
        ],
    }
)


@pytest.mark.parametrize(
    ("syllable", "position", "repaired"),
    [
        ("Cấm", "middle", "cẩm"),  # sắc for hỏi on a hatted vowel
        ("CẤM", "middle", "cẩm"),
        ("Cấm", "given", None),  # Cẩm is not known as a given name
        ("HIÊN", "given", None),  # a tone lost in capitals is not guessed: registers print names without tones too
        ("TÂM", "given", None),  # known
        ("Hiến", "given", None),  # a name the register knows, however rare
        ("Liến", "given", None),  # neither spelling known
        ("Mậch", "surname", None),  # no slip the model is known for
        ("Thònh", "given", "thành"),  # no syllable at all: an italic a read as o, its tone kept (set 9750)
        ("Thơnh", "given", "thanh"),  # (set 9761)
        ("Thònh", "middle", None),  # no name known there
        ("Thộnh", "given", None),  # Thạnh is no name the register knows
        ("Hỏi", "given", "hải"),  # a syllable, but no name: an italic a read as o (sets 10800, 11000)
        ("Hỏi", "middle", None),  # Hải is not known as a middle name
        ("Hồ", "given", None),  # a syllable no name has, and Hà is not Hồ with an o made an a: ô loses its hat too
        ("Tời", "given", "tài"),  # a syllable, no name: the italic a's tail read as a horn (clean, 11500)
        ("Vỡn", "middle", "văn"),  # its breve read as a tilde too (clean 11500, poor 10900)
        ("Tởm", "given", None),  # Tảm is no name: the o is not weighed against every other a
        ("Hộng", "given", None),  # a hatted o in a syllable stays (an injected "Hồng" printed so)
        ("HƯỲNH", "surname", "huỳnh"),  # a horn no ưy takes: the one spelling of its letters known there (9750)
        ("Ênuôi", "given", "ênuôl"),  # an l read as an i: a known name at any place (an Ê Đê surname comes last)
        ("Thươi", "given", "thươl"),  # a syllable, but no name (a Khmer name, 11200 and 11300)
        ("Ktia", "given", "ktla"),  # Ktla is known to one person only: the person on the page (11500)
        ("Mii", "given", None),  # Mli and Mil both known: which i was the l is not told
        ("HMIai", "given", "h'mlai"),  # a woman's prefix read without its apostrophe too (clean, set 12400)
        ("H'Miai", "given", "h'mlai"),
        ("Hiai", "given", None),  # an H before a vowel is no prefix
        ("Liên", "given", None),  # a name the register knows stays, whatever an l would make of it
        ("Lêi", "given", None),  # no l makes a name of it
        ("Hưỳnh", "given", None),  # none known there
        ("Văãn", "middle", "văn"),  # a vowel read twice, its breve once as a tilde (poor, 11600)
        ("VĂÃN", "middle", "văn"),
        ("Văãn", "given", None),  # neither Văn nor Vãn is a given name known
        ("Haải", "given", "hải"),  # the one of the two readings a name known there
        ("Hàng", "middle", "hằng"),  # a breve lost under a grave (poor, 14 times on 9750-11800)
        ("HÃNG", "middle", "hằng"),  # the breve and the grave read as one tilde: two marks changed
        ("Hàng", "given", None),  # Hạng is a given name known here: a tone away, as likely its misprint
        ("Hòng", "given", None),  # a hat dropped under the same tone: printed so on purpose as often
        ("Thám", "given", None),  # a breve under a sắc, the same ("Thắm" printed "Thám", poor, 11700)
        ("Nhạt", "given", None),  # Nhật and Nhất both a hat away
        ("Hãng", "surname", None),  # no name known there
        ("", "given", None),
    ],
)
def test_repair_of_the_slip_vie_is_known_for(syllable: str, position: str, repaired: str | None) -> None:
    assert REPAIRS.repair(syllable, position) == repaired  # type: ignore[arg-type]


SEXED = NameLexicon.from_parts(
    {
        "given": [("Dung", 50), ("Dũng", 52), ("May", 4)],
        "given:F": [("Dung", 49), ("Dũng", 1), ("May", 4)],
        "given:M": [("Dung", 1), ("Dũng", 51)],
    }
)


@pytest.mark.parametrize(
    ("syllable", "sex", "doubtful"),
    [
        ("Dũng", None, False),  # as common as Dung among everyone
        ("Dũng", "F", True),  # but a man's name: a woman's "Dũng" is worth a second look
        ("Dung", "F", False),
        ("Dung", "M", True),
        ("Máy", "F", True),
    ],
)
def test_given_names_are_weighed_among_the_persons_sex(syllable: str, sex: str | None, doubtful: bool) -> None:
    assert SEXED.doubtful(syllable, "given", sex=sex) is doubtful  # type: ignore[arg-type]


def test_the_persons_sex_settles_a_given_name_and_only_a_given_name() -> None:
    assert SEXED.prefer("Dũng", "Dung", "given", "F") == "Dung"
    assert SEXED.prefer("Dung", "Dũng", "given", "M") == "Dũng"
    assert SEXED.prefer("Dung", "Dũng", "given") == "Dũng"  # without a sex, everyone's counts
    assert SEXED.count("Dung", "given") == 50 and SEXED.count("Dung", "given", "M") == 1
    assert NameLexicon.from_parts({"given": [("Dung", 5)]}).count("Dung", "given", "F") == 5  # no counts by sex


def test_an_empty_lexicon_doubts_nothing_and_prefers_nothing() -> None:
    empty = NameLexicon()
    assert not empty and LEXICON
    assert not empty.doubtful("Chỉ", "given")
    assert empty.prefer("Chỉ", "Chi", "given") is None


def test_it_survives_pickling_to_the_ocr_workers() -> None:
    copy = pickle.loads(pickle.dumps(LEXICON))
    assert copy.doubtful("Chỉ", "given") and copy.count("Hằng", "given") == 30


def test_keys_are_lower_case_with_traditional_tone_placement() -> None:
    assert syllable_key("THUỶ") == syllable_key("Thủy") == "thủy"


@pytest.mark.parametrize(
    ("syllable", "doubtful"),
    [
        ("Thơnh", True),  # shaped as a syllable, and none: a misreading worth the second model's look
        ("Hỏi", True),  # a syllable, no name, and Hải with its o an a
        ("Xỗi", False),  # no name, Xẫi no name either, and no name a letter apart
        ("Thới", False),  # Thái is no given name here
        ("Thờnh", True),  # no syllable, Thành with its ờ an à
        ("Thanh", False),
        ("Ksor", False),  # a minority name: no Vietnamese syllable's shape, not taken for a misreading
        ("Kdăm", False),
        ("Thươi", True),  # a syllable no name has, and Thươl with its i an l is one
        ("Iền", True),  # a letter lost from Hiền (a capital L lost from "Lường", scanned, set 11500)
        ("Hiềm", True),  # a letter changed
        ("Thànhh", True),  # a letter added
        ("Ơn", False),  # one letter from many names: too short to tell
    ],
)
def test_a_syllable_no_name_and_no_syllable_has_is_doubtful(syllable: str, doubtful: bool) -> None:
    assert REPAIRS.doubtful(syllable, "given") is doubtful


@pytest.mark.parametrize(
    ("syllable", "position", "spellings"),
    [
        ("HIEN", "given", ["hiến", "hiền"]),  # no one is called Hien: the spellings of its letters known there
        ("Hiền", "given", []),  # a name known at its place is not weighed
        ("Hiên", "given", ["hiến", "hiền"]),
        ("Hiền", "middle", []),  # known nowhere as a middle name, nor any spelling of it
        ("Thònh", "given", []),  # no spelling of its letters known (Thành is other letters)
        ("", "given", []),
    ],
)
def test_the_other_spellings_of_a_word_no_one_is_called(syllable: str, position: str, spellings: list[str]) -> None:
    lexicon = NameLexicon.from_parts({"given": [("Hiền", 30), ("Hiến", 2), ("Hiển", 1), ("Thành", 20)]})
    assert lexicon.other_spellings(syllable, position) == spellings  # type: ignore[arg-type]
