"""Settling a name two OCR models read differently: every case of `settle_name` and `doubtful_name`."""

from __future__ import annotations

import pytest

from pipeline.extract.name_vote import doubtful_name, register_prefers, repair_name, settle_name
from pipeline.normalize.name_lexicon import NameLexicon

LEXICON = NameLexicon.from_parts(
    {
        "surname": [("Nguyễn", 400), ("Lê", 90), ("Trần", 120), ("Bùi", 30)],
        "middle": [("Thị", 300), ("Văn", 250)],
        "given": [("Chi", 40), ("Thu", 35), ("Hằng", 30), ("Thắng", 20), ("Thi", 3)],
    }
)


@pytest.mark.parametrize(
    ("first", "second", "settled"),
    [
        # the page's model added a mark the other did not see: the register's spelling wins
        ("Lê Thị Chỉ", "Lê Thị Chi", "Lê Thị Chi"),
        ("LÊ THỊ CHỈ", "Lê Thị Chi", "LÊ THỊ CHI"),  # the page's capitals are kept
        ("NGUYỄN THỊ HÀNG.", "NGUYÊN THỊ HẰNG", "NGUYỄN THỊ HẰNG."),  # marks around a word stay; Nguyễn kept
        ("LÊ THỊ HÃNG_.....", "LÊ THỊ HẰNG", "LÊ THỊ HẰNG_....."),  # leaders read as an underscore are no letter
        ("TRÂN Thị Chi", "TRẦN Thị Chi", "TRẦN Thị Chi"),
        # the other model is the one that erred: the page's reading stands
        ("Lê Thị Chi", "Lê Thị Chỉ", "Lê Thị Chi"),
        # both models read the same rare spelling: it is what the register says, and stays
        ("Lê Thỉ Chi", "Lê Thỉ Chi", "Lê Thỉ Chi"),
        # two spellings the counts cannot tell apart (neither known): the page's reading stands
        ("Bùi Văn Thẳng", "Bùi Văn Thăng", "Bùi Văn Thẳng"),
        # a syllable whose letters differ is not a question of marks: left as the page read it
        ("Lê Thị Chỉ", "Lê Thị Chí Lan", "Lê Thị Chỉ"),  # and different word counts are not aligned
        ("Lê Thị Chỉ", "Lê Thị Khi", "Lê Thị Chỉ"),
        # a given name Thi keeps its spelling even though the middle name Thị is far more common
        ("Lê Thị Thị", "Lê Thị Thi", "Lê Thị Thi"),
        # letters apart: a word no name has, beside one the register knows at its place (a lost letter)
        ("ÙI THỊ CHI", "BÙI THỊ CHI", "BÙI THỊ CHI"),
        ("Lê Thị Khi", "Lê Thị Chi", "Lê Thị Chi"),
        ("Lê Thị Chi", "Lê Thị Khi", "Lê Thị Chi"),  # never from a known name to an unknown one
        ("Lê Văn Chi", "Lê Văn Thu", "Lê Văn Chi"),  # two names the register knows: the page's stands
        # neither reading a name, each with a mark the other lost: both marks, where that is a name known there
        ("LÊ THỊ HÀNG", "LÊ THỊ HĂNG", "LÊ THỊ HẰNG"),
        ("Lê Thị Hăng", "Lê Thị Hàng", "Lê Thị Hằng"),
        ("Lê Thị Hàng", "Lê Thị Hãng", "Lê Thị Hàng"),  # two tones: nothing to unite
        ("Lê Thị Thàng", "Lê Thị Thăng", "Lê Thị Thàng"),  # Thằng is no name known
    ],
)
def test_settle_name(first: str, second: str, settled: str) -> None:
    assert settle_name(first.split(), second.split(), LEXICON) == settled.split()


@pytest.mark.parametrize(
    ("confidences", "settled"),
    [
        ([(96, 96), (96, 96), (90, 32)], "Lê Thị Chỉ"),  # the second model's guess does not outvote a sure reading
        ([(96, 96), (96, 96), (88, 86)], "Lê Thị Chi"),  # read about as surely: the register decides
        ([(96, 96), (96, 96), (60, 45)], "Lê Thị Chi"),
    ],
)
def test_a_much_less_sure_second_reading_replaces_nothing(confidences: list[tuple[float, float]], settled: str) -> None:
    assert settle_name(["Lê", "Thị", "Chỉ"], ["Lê", "Thị", "Chi"], LEXICON, confidences) == settled.split()


def test_an_empty_lexicon_settles_nothing() -> None:
    assert settle_name(["Lê", "Thị", "Chỉ"], ["Lê", "Thị", "Chi"], NameLexicon()) == ["Lê", "Thị", "Chỉ"]


@pytest.mark.parametrize(
    ("name", "doubtful"),
    [
        ("Lê Thị Chỉ", True),
        ("Nguyên Thị Hằng", True),
        ("Nguyễn Thị Hằng", False),
        ("Bùi Văn Thẳng", True),  # Thắng is known
        ("Bùi Văn Thẳng_..", True),
        ("Ksor H'Mai", False),  # nothing known to compare with
        ("", False),
    ],
)
def test_doubtful_name(name: str, doubtful: bool) -> None:
    assert doubtful_name(name.split(), LEXICON) is doubtful


def test_repair_name_keeps_capitals_and_marks() -> None:
    lexicon = NameLexicon.from_parts({"surname": [("Lê", 9)], "middle": [("Cẩm", 9)], "given": [("Phương", 9)]})
    assert repair_name(["LÊ", "CẤM.", "PHƯƠNG"], lexicon) == ["LÊ", "CẨM.", "PHƯƠNG"]
    assert repair_name(["Lê", "Cấm", "Phương"], lexicon) == ["Lê", "Cẩm", "Phương"]
    assert repair_name(["Lê", "Cấm", "Phương"], NameLexicon()) == ["Lê", "Cấm", "Phương"]


MOTHERS = NameLexicon.from_parts(
    {
        "surname": [("Võ", 20), ("Nguyễn", 400), ("Trần", 90)],
        "middle": [("Nguyễn Bảo", 3), ("Minh", 40), ("Thị", 90), ("Trần", 1)],
        "given": [("Nguyên", 12), ("Phương", 30), ("Trân", 5)],
    }
)


@pytest.mark.parametrize(
    ("read", "repaired"),
    [
        ("VÕ NGUYÊN BẢO PHƯƠNG", "VÕ NGUYỄN BẢO PHƯƠNG"),  # the mother's surname, its tone lost in capitals
        ("VÕ NGUYÊN PHƯƠNG", "VÕ NGUYỄN PHƯƠNG"),
        ("Võ Nguyên Bảo Phương", "Võ Nguyên Bảo Phương"),  # small letters keep their tones: printed so
        ("VÕ NGUYEN BẢO PHƯƠNG", "VÕ NGUYEN BẢO PHƯƠNG"),  # the hat lost too: printed without marks
        ("VÕ NGUYỀN BẢO PHƯƠNG", "VÕ NGUYỀN BẢO PHƯƠNG"),  # a tone read: not lost
        ("VÕ MINH NGUYÊN", "VÕ MINH NGUYÊN"),  # a given name Nguyên
        ("VÕ TRÂN BẢO PHƯƠNG", "VÕ TRÂN BẢO PHƯƠNG"),  # Trần is a middle name to one person only
    ],
)
def test_repair_name_restores_a_mothers_surname_in_the_middle(read: str, repaired: str) -> None:
    assert repair_name(read.split(), MOTHERS) == repaired.split()


@pytest.mark.parametrize(
    ("first", "second", "preferred"),
    [
        ("Lê Thị Chỉ", "Lê Thị Chi", "second"),  # Chỉ is no name
        ("Lê Thị Chi", "Lê Thị Chỉ", "first"),
        ("Lê Thị Chi", "Lê Thị Chi", None),  # nothing to settle
        ("Ê Thị Chi", "Lê Thị Chi", "second"),  # a letter lost: no name has Ê
        ("Lê Thị Chi", "Lê Thị Thu", None),  # both names: the register cannot tell
        ("Lê Thị Thi", "Lê Thị Chi", None),  # nor when one is a rare name (Thi, 3 people): OCR's majority decides
        ("Lê Thị Chỉ", "Lê Thị", None),  # not aligned
        ("Lê Thỉ Chi", "Lê Thị Chỉ", None),  # it backs each reading for one word
    ],
)
def test_register_prefers(first: str, second: str, preferred: str | None) -> None:
    assert register_prefers(first.split(), second.split(), LEXICON) == preferred
    assert register_prefers(first.split(), second.split(), NameLexicon()) is None


@pytest.mark.parametrize(
    ("first", "second", "confidences", "settled"),
    [
        # a mark the page's model read surely, which the second model lost: it stays, however rare the spelling
        ("Lê Văn Thằng", "Lê Văn Thắng", [(96, 96), (96, 96), (91, 81)], "Lê Văn Thắng"),  # another tone: register
        ("Lê Thị Chỉ", "Lê Thị Chi", [(96, 96), (96, 96), (91, 81)], "Lê Thị Chỉ"),
        ("LÊ THỊ CHỈ", "LÊ THỊ CHI", [(96, 96), (96, 96), (92, 85)], "LÊ THỊ CHỈ"),
        # read about as surely, or unsurely: the register decides
        ("Lê Thị Chỉ", "Lê Thị Chi", [(96, 96), (96, 96), (88, 86)], "Lê Thị Chi"),
        ("Lê Thị Chỉ", "Lê Thị Chi", [(96, 96), (96, 96), (80, 70)], "Lê Thị Chi"),
    ],
)
def test_a_mark_read_surely_is_not_dropped_for_a_commoner_spelling(
    first: str, second: str, confidences: list[tuple[float, float]], settled: str
) -> None:
    assert settle_name(first.split(), second.split(), LEXICON, confidences) == settled.split()
