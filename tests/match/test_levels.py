"""Every level of every comparison, table-driven: the pairs that fall in it, and the near misses that do not."""

from __future__ import annotations

import pytest

from pipeline.match.levels import (
    ADDRESS,
    BIRTH_YEAR,
    COMPARISONS,
    DATE,
    ELSE,
    NAME,
    NULL,
    PARENT_NAME,
    PERSONAL_ID,
    RELATION,
    SEX,
    Comparison,
)

CASES: list[tuple[Comparison, str | None, str | None, str]] = [
    # names
    (NAME, "Nguyễn Văn An", "Nguyễn Văn An", "exact"),
    (NAME, "NGUYỄN VĂN AN", "Nguyễn Văn An", "exact"),  # capitals are no difference
    (NAME, "  Nguyễn  Văn An. ", "Nguyễn Văn An", "exact"),
    (NAME, "Lê Thị Hoà", "Lê Thị Hòa", "tone_placement"),
    (NAME, "Trần Thuỵ Khánh", "Trần Thụy Khánh", "tone_placement"),
    (NAME, "Nguyen Van An", "Nguyễn Văn An", "diacritics"),  # typed without marks
    (NAME, "Lê Thị Hằng", "Lê Thị Hàng", "diacritics"),  # a vowel's shape
    (NAME, "Đỗ Minh Tuấn", "Đỗ Minh Tuẩn", "diacritics"),  # a tone
    (NAME, "Dương Văn Đức", "Đương Văn Đức", "diacritics"),  # đ for d
    (NAME, "Nguyễn An", "Nguyễn Văn An", "middle_differs"),  # dropped
    (NAME, "Nguyễn Đức An", "Nguyễn Văn An", "middle_differs"),  # changed
    (NAME, "Phạm Thị Thu Hà", "Phạm Thu Hà", "middle_differs"),
    (NAME, "Văn An Nguyễn", "Nguyễn Văn An", "swapped"),
    (NAME, "Nguyễn Văn Ann", "Nguyễn Văn An", "similar_92"),
    (NAME, "Nguyễn Văn Am", "Nguyễn Văn An", "similar_92"),  # a letter changed
    (NAME, "Hoàng Thị Lan", "Hoàng Thị Lâm", "similar_92"),
    (NAME, "Trần Khánh", "Trần Văn Khang", "similar_80"),
    (NAME, "Bùi Xuân Phúc", "Nguyễn Văn An", ELSE),
    (NAME, None, "Nguyễn Văn An", NULL),
    (NAME, "Nguyễn Văn An", "", NULL),
    # dates of birth
    (DATE, "1990-03-15", "1990-03-15", "exact"),
    (DATE, "1990-05-03", "1990-03-05", "day_month_swapped"),
    (DATE, "1996-03-15", "1990-03-15", "one_digit"),
    (DATE, "1990-03-18", "1990-03-15", "one_digit"),
    (DATE, "1990-03-31", "1990-04-01", "one_day"),  # a day apart, several digits
    (DATE, "1990-03-16", "1990-03-15", "one_digit"),  # a day apart and one digit: the first level wins
    (DATE, "1990", "1990-03-15", "year_only"),
    (DATE, "1990-03-15", "1990-03", "year_only"),
    (DATE, "1990-04", "1990-03-15", ELSE),  # the month disagrees
    (DATE, "1990-11-20", "1990-03-15", "same_year"),
    (DATE, "1991-11-20", "1990-03-15", ELSE),
    (DATE, "1990-03-15", "not a date", ELSE),
    (DATE, None, "1990-03-15", NULL),
    # years of birth (land certificates)
    (BIRTH_YEAR, "1962", "1962-07-01", "exact"),
    (BIRTH_YEAR, "1963", "1962-07-01", "one_year"),
    (BIRTH_YEAR, "1968", "1962-07-01", "one_digit"),
    (BIRTH_YEAR, "1959", "1962-07-01", ELSE),
    (BIRTH_YEAR, "1962", None, NULL),
    # personal IDs
    (PERSONAL_ID, "001090012345", "001090012345", "exact"),
    (PERSONAL_ID, "001 090 012 345", "001090012345", "exact"),
    (PERSONAL_ID, "001090012348", "001090012345", "one_digit"),
    (PERSONAL_ID, "001090021345", "001090012345", "transposed"),
    (PERSONAL_ID, "001090021354", "001090012345", "same_prefix"),  # two swaps in the serial
    (PERSONAL_ID, "001090912377", "001090012345", "same_prefix"),  # the serial mistyped
    (PERSONAL_ID, "001088012399", "001090012345", ELSE),  # the year's digits too
    (PERSONAL_ID, "00109001234", "001090012345", "digit_dropped"),  # eleven digits, one left out
    (PERSONAL_ID, "00109002395", "001090012345", ELSE),  # eleven digits, and another wrong
    (PERSONAL_ID, "012345678", "001090012345", "old_card"),
    (PERSONAL_ID, "", "001090012345", NULL),
    # sex
    (SEX, "F", "F", "exact"),
    (SEX, "m", "M", "exact"),
    (SEX, "M", "F", ELSE),
    (SEX, None, "F", NULL),
    # addresses
    (ADDRESS, "Số 12, phố Huế, Hà Nội", "số 12,  Phố Huế , Hà Nội", "exact"),
    (ADDRESS, "So 12, pho Hue, Ha Noi", "Số 12, phố Huế, Hà Nội", "exact"),
    (ADDRESS, "Số 12, phố Huê, Hà Nộii", "Số 12, phố Huế, Hà Nội", "similar"),
    (ADDRESS, "Số 12, phố Huế, phường Phạm Đình Hổ, Hà Nội", "Số 12, phố Huế, phường Phạm Đình Hồ, Hà Nội", "exact"),
    (ADDRESS, "Số 17, phố Huế, phường Phạm Đình Hổ, Hà Nội", "Số 12, phố Huế, phường Phạm Đình Hổ, Hà Nội", "similar"),
    (ADDRESS, "Thôn 3, xã An Bình, Hà Nội", "Số 12, phố Huế, Hà Nội", "same_province"),
    (ADDRESS, "Thôn 3, xã An Bình, Tỉnh Nghệ An", "Số 12, phố Huế, Hà Nội", ELSE),
    (ADDRESS, None, "Số 12, phố Huế, Hà Nội", NULL),
    # the register's link (the matched child's mother)
    (RELATION, "001190012345", "001190012345", "registered"),
    (RELATION, "001190012345", "001190054321", ELSE),
    (RELATION, None, "001190012345", NULL),
]


# a parent's name is compared by the name's levels (weighed apart): the same table holds for it
CASES += [
    (PARENT_NAME, document, database, level) for comparison, document, database, level in CASES if comparison is NAME
]


@pytest.mark.parametrize(
    ("comparison", "document", "database", "expected"),
    CASES,
    ids=[f"{c.name}:{d}|{b}" for c, d, b, _ in CASES],
)
def test_each_pair_falls_in_its_level(comparison: Comparison, document, database, expected: str) -> None:
    assert comparison.level_of(document, database) == expected


def test_every_level_has_a_case() -> None:
    covered = {(c.name, level) for c, _, _, level in CASES}
    for comparison in COMPARISONS.values():
        for level in comparison.level_names:
            assert (comparison.name, level) in covered, f"{comparison.name}.{level} has no case"


def test_levels_are_named_once_and_explained() -> None:
    for comparison in COMPARISONS.values():
        names = comparison.level_names
        assert len(names) == len(set(names))
        assert all(level.meaning for level in comparison.levels)


def _walked(comparison: Comparison, document: str, database: str) -> str:
    """The level by walking every level's test, without the `unlike` shortcut."""
    return next((level.name for level in comparison.levels if level.test(document, database)), ELSE)


def _near_and_far_pairs() -> list[tuple[Comparison, str, str]]:
    """Every table pair, and for dates and IDs every pair one edit (a digit changed, two swapped, one dropped, a year
    or a day moved) from a value, and values far apart."""
    import datetime
    import itertools

    pairs = [(c, d, b) for c, d, b, _ in CASES if d and b]
    ids = ["001090012345", "079190055555", "001190012345", "045090066666"]
    for pid in ids:
        variants = {pid[:i] + str((int(pid[i]) + 1) % 10) + pid[i + 1 :] for i in range(12)}
        variants |= {pid[:i] + pid[i + 1] + pid[i] + pid[i + 2 :] for i in range(11)}
        variants |= {pid[:i] + pid[i + 1 :] for i in range(12)} | {pid[:9]}
        pairs += [(PERSONAL_ID, v, w) for v, w in itertools.product(variants | set(ids), ids)]
    day = datetime.date(1990, 12, 31)
    dates = {day + datetime.timedelta(days=n) for n in (-400, -366, -365, -31, -1, 0, 1, 365, 366, 800)}
    texts = {d.isoformat() for d in dates} | {"1990", "1991", "1990-12", "1989-12-13", "1991-12-31", "1980-12-31"}
    pairs += [(DATE, a, b) for a, b in itertools.product(texts, texts)]
    return pairs


def test_the_shortcut_to_else_never_changes_a_level() -> None:
    """A comparison's `unlike` sends a pair straight to ELSE: only pairs that no level takes."""
    checked = 0
    for comparison, document, database in _near_and_far_pairs():
        if comparison.unlike is None:
            continue
        expected = _walked(comparison, document, database)
        assert comparison.level_of(document, database) == expected, (comparison.name, document, database)
        checked += comparison.unlike(document, database)
    assert checked > 50  # the shortcut was taken, not only skipped
