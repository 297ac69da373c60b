"""Name differences, table-driven: where OCR's known slips make a difference a doubt, and where they do not."""

from __future__ import annotations

import pytest

from pipeline.rules.name_difference import NameDifference, looks_misread, name_difference

D = NameDifference
CASES = [
    # (read, registered, read in capitals, difference)
    ("Nguyễn Văn An", "Nguyễn Văn An", False, D.NONE),
    ("NGUYỄN VĂN AN", "Nguyễn Văn An", True, D.NONE),
    ("Lê Thị Hoà", "Lê Thị Hòa", False, D.TONE_PLACEMENT),
    ("Đỗ Minh Tuẩn", "Đỗ Minh Tuấn", False, D.OCR_DOUBT),  # sắc/hỏi on â
    ("Trần Thị Kiểu", "Trần Thị Kiếu", False, D.OCR_DOUBT),  # on ê
    ("Phạm Văn Tổ", "Phạm Văn Tố", False, D.OCR_DOUBT),  # on ô
    ("Đỗ Minh Tuàn", "Đỗ Minh Tuấn", False, D.DIACRITICS),  # huyền/sắc: not the known slip
    ("Lê Thị Hảo", "Lê Thị Háo", False, D.DIACRITICS),  # sắc/hỏi on a bare a: not the known slip
    ("NGUYEN VAN AN", "Nguyễn Văn An", True, D.DIACRITICS),  # the hats and breve lost too
    ("NGUYÊN VĂN AN", "Nguyễn Văn An", True, D.OCR_DOUBT),  # only the tone lost, in capitals
    ("Nguyên Văn An", "Nguyễn Văn An", False, D.DIACRITICS),  # the same in small letters is a discrepancy
    ("NGUYỄN VĂN ÁN", "Nguyễn Văn An", True, D.DIACRITICS),  # a tone added is no dropped tone
    ("Lê Thị Hằng", "Lê Thị Hàng", False, D.DIACRITICS),  # a breve
    ("Dương Văn Đức", "Đương Văn Đức", False, D.DIACRITICS),  # đ
    ("Nguyễn Văn Am", "Nguyễn Văn An", False, D.LETTERS),
    ("Nguyễn An", "Nguyễn Văn An", False, D.LETTERS),
    ("ĐỖ MINH TUAN", "Đỗ Minh Tuấn", True, D.DIACRITICS),  # the hat lost as well as the tone
    ("ĐỖ MINH TUÂN", "Đỗ Minh Tuấn", True, D.OCR_DOUBT),
]


@pytest.mark.parametrize(("read", "registered", "capitals", "expected"), CASES, ids=[f"{c[0]}|{c[1]}" for c in CASES])
def test_each_difference(read: str, registered: str, capitals: bool, expected: NameDifference) -> None:
    assert name_difference(read, registered, read_in_capitals=capitals) is expected


def test_every_kind_of_difference_has_a_case() -> None:
    assert {case[3] for case in CASES} == set(NameDifference)


MISREAD = [
    # (read, registered, looks like OCR's misreading rather than a name written differently)
    ("Nguyễn Văn Am", "Nguyễn Văn An", False),  # one letter of one syllable: a spelling
    ("Nguyễn An", "Nguyễn Văn An", False),  # the middle name dropped
    ("Nguyễn Thành An", "Nguyễn Văn An", False),  # the middle name replaced
    ("Ho Văn Hùng", "Hồ Văn Hùng", False),  # one syllable's marks
    ("Phan Thị Huyền Tu", "Phan Thị Huyền", True),  # a word more: a stray mark read as letters
    ("Lể Văn Thấn", "Lê Văn Tuấn", True),  # two words garbled at once
    ("Vũăn Thiện", "Lê Văn Thiện", True),  # a word lost and another run together
    ("Nguyễn Văn Ảnq", "Nguyễn Văn Anh", True),  # no Vietnamese syllable is spelt so
]


@pytest.mark.parametrize(("read", "registered", "misread"), MISREAD, ids=[f"{c[0]}|{c[1]}" for c in MISREAD])
def test_what_looks_misread(read: str, registered: str, misread: bool) -> None:
    assert looks_misread(read, registered) is misread
