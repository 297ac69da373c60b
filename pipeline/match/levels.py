"""Comparison levels: how closely a document's value agrees with a citizen's, one field at a time.

In the manner of Fellegi-Sunter (and Splink), a comparison is an ordered list of levels from the closest agreement
to the loosest; a pair of values falls in the first level whose test it passes, and the last level ("else") takes
every pair. A value missing on either side falls in the "null" level: no evidence either way. The levels say only
*how* two values agree; how much each level counts (its m- and u-probabilities, its match weight) is estimated
apart (`pipeline.match.weights`), so a decision can always be explained as "the name agreed but for tone marks
(+9.1), the date of birth had day and month swapped (+4.2), ...".

Pure functions of the values: names, ISO dates of day, month or year precision, 12-digit personal IDs (or what a
document printed), sexes "M"/"F".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Hamming, JaroWinkler, Levenshtein

from pipeline.normalize.dates import dates_agree, read_iso
from pipeline.normalize.names import name_forms
from pipeline.normalize.text import fold

NULL = "null"
ELSE = "else"

Test = Callable[[str, str], bool]


@dataclass(frozen=True)
class Level:
    name: str
    test: Test
    meaning: str  # one line a steward reads beside the weight


@dataclass(frozen=True)
class Comparison:
    """A field compared by levels; `level_of` names the first level the pair passes. `unlike`, where given, is a
    cheap test that a pair passes none of the levels (far apart values, the commonest pair in a block): true only
    where every level's test is false (a test checks it on pairs of every level), so it changes no result."""

    name: str
    levels: tuple[Level, ...]
    unlike: Test | None = None

    def level_of(self, document: str | None, database: str | None) -> str:
        if not document or not database:
            return NULL
        if self.unlike is not None and self.unlike(document, database):
            return ELSE
        for level in self.levels:
            if level.test(document, database):
                return level.name
        return ELSE

    @property
    def level_names(self) -> tuple[str, ...]:
        return (*(level.name for level in self.levels), ELSE, NULL)


# --- names ------------------------------------------------------------------------------------------------------


def _folded_words(name: str) -> tuple[str, ...]:
    return name_forms(name).folded_words


def _name_exact(a: str, b: str) -> bool:
    return name_forms(a).shown == name_forms(b).shown


def _name_tone_placement(a: str, b: str) -> bool:
    """`names_equal`, on cached canonical forms (a batch compares each name with several candidates)."""
    return name_forms(a).canonical == name_forms(b).canonical


def _name_diacritics(a: str, b: str) -> bool:
    return _folded_words(a) == _folded_words(b)


def _name_middle_differs(a: str, b: str) -> bool:
    """The same surname and given name (diacritics aside), the middle name dropped, added or changed."""
    left, right = name_forms(a), name_forms(b)
    return (
        bool(left.surname and left.given)
        and (left.surname, left.given) == (right.surname, right.given)
        and left.middle != right.middle
    )


def _name_swapped(a: str, b: str) -> bool:
    """The same words in another order ("Văn An Nguyễn" for "Nguyễn Văn An"), diacritics aside."""
    words_a, words_b = _folded_words(a), _folded_words(b)
    return len(words_a) > 1 and words_a != words_b and sorted(words_a) == sorted(words_b)


@lru_cache(maxsize=65536)
def _folded_text(name: str) -> str:
    return " ".join(_folded_words(name))


def _jaro_winkler_at_least(threshold: float) -> Test:
    def test(a: str, b: str) -> bool:
        return JaroWinkler.similarity(_folded_text(a), _folded_text(b), score_cutoff=threshold) >= threshold

    return test


NAME = Comparison(
    "name",
    (
        Level("exact", _name_exact, "the same name, letter for letter and mark for mark"),
        Level("tone_placement", _name_tone_placement, "the same name but for where a tone mark sits (hoà/hòa)"),
        Level("diacritics", _name_diacritics, "the same letters, other diacritics (tones, ư/ơ/â/ă/ê/ô, đ)"),
        Level("middle_differs", _name_middle_differs, "the same surname and given name, the middle name not"),
        Level("swapped", _name_swapped, "the same words in another order"),
        Level("similar_92", _jaro_winkler_at_least(0.92), "letters alike (Jaro-Winkler 0.92 or more, marks aside)"),
        Level("similar_80", _jaro_winkler_at_least(0.80), "letters somewhat alike (Jaro-Winkler 0.80 to 0.92)"),
    ),
)


# --- dates --------------------------------------------------------------------------------------------------------


_date = read_iso


@lru_cache(maxsize=65536)
def _full(iso: str) -> datetime.date | None:
    date = _date(iso)
    return date.to_date() if date is not None else None


@lru_cache(maxsize=65536)
def _eight_digits(iso: str) -> str | None:
    """A full date's digits as YYYYMMDD; None for a partial or unreadable date."""
    date = _date(iso)
    if date is None or date.day is None or date.month is None:
        return None
    return f"{date.year:04d}{date.month:02d}{date.day:02d}"


def _date_exact(a: str, b: str) -> bool:
    left, right = _date(a), _date(b)
    return left is not None and left == right and left.precision == "day"


def _date_day_month_swapped(a: str, b: str) -> bool:
    left, right = _full(a), _full(b)
    return (
        left is not None
        and right is not None
        and left != right
        and (left.year, left.month, left.day) == (right.year, right.day, right.month)
    )


def _date_one_digit(a: str, b: str) -> bool:
    """Full dates whose eight digits differ in one place (a digit misread or mistyped: 1990 for 1996)."""
    left, right = _eight_digits(a), _eight_digits(b)
    return left is not None and right is not None and Hamming.distance(left, right, score_cutoff=1) == 1


def _date_one_day(a: str, b: str) -> bool:
    left, right = _full(a), _full(b)
    return left is not None and right is not None and abs((left - right).days) == 1


def _date_same_year(a: str, b: str) -> bool:
    left, right = _date(a), _date(b)
    return (
        left is not None
        and right is not None
        and left.precision == right.precision == "day"
        and left.year == right.year
    )


def _date_as_far_as_known(a: str, b: str) -> bool:
    """One side knows only the year (or the month), and the other agrees with it that far."""
    left, right = _date(a), _date(b)
    if left is None or right is None or "day" == left.precision == right.precision:
        return False
    return dates_agree(left, right)


def _dates_unlike(a: str, b: str) -> bool:
    """Two full dates more than a year apart and more than one digit apart: no level's case."""
    left, right = _eight_digits(a), _eight_digits(b)
    return (
        left is not None
        and right is not None
        and abs(int(left[:4]) - int(right[:4])) > 1
        and Hamming.distance(left, right, score_cutoff=1) > 1
    )


DATE = Comparison(
    "date_of_birth",
    (
        Level("exact", _date_exact, "the same day"),
        Level("day_month_swapped", _date_day_month_swapped, "day and month swapped (03/05 for 05/03)"),
        Level("one_digit", _date_one_digit, "one digit different"),
        Level("one_day", _date_one_day, "a day apart"),
        Level("year_only", _date_as_far_as_known, "one side gives only the year (or month), and it agrees"),
        Level("same_year", _date_same_year, "the same year, another day"),
    ),
    unlike=_dates_unlike,
)


def _year(iso: str) -> int | None:
    date = _date(iso)
    return date.year if date is not None else None


def _year_exact(a: str, b: str) -> bool:
    return _year(a) is not None and _year(a) == _year(b)


def _year_one_apart(a: str, b: str) -> bool:
    left, right = _year(a), _year(b)
    return left is not None and right is not None and abs(left - right) == 1


def _year_one_digit(a: str, b: str) -> bool:
    left, right = _year(a), _year(b)
    return (
        left is not None and right is not None and sum(x != y for x, y in zip(f"{left}", f"{right}", strict=True)) == 1
    )


# land certificates give the owner's year of birth only
BIRTH_YEAR = Comparison(
    "birth_year",
    (
        Level("exact", _year_exact, "the same year"),
        Level("one_year", _year_one_apart, "a year apart"),
        Level("one_digit", _year_one_digit, "one digit of the year different"),
    ),
)


# --- personal IDs -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _digits(value: str) -> str:
    return value if value.isdigit() else "".join(ch for ch in value if ch.isdigit())


def _id_exact(a: str, b: str) -> bool:
    return len(_digits(a)) == 12 and _digits(a) == _digits(b)


def _id_one_digit(a: str, b: str) -> bool:
    left, right = _digits(a), _digits(b)
    return len(left) == len(right) == 12 and Hamming.distance(left, right, score_cutoff=1) == 1


def _id_transposed(a: str, b: str) -> bool:
    """Two neighbouring digits swapped, the commonest typing slip."""
    left, right = _digits(a), _digits(b)
    if len(left) != 12 or len(right) != 12 or Hamming.distance(left, right, score_cutoff=2) != 2:
        return False
    differ = [i for i, (x, y) in enumerate(zip(left, right, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and left[differ[0]] == right[differ[1]]
        and left[differ[1]] == right[differ[0]]
    )


def _id_digit_dropped(a: str, b: str) -> bool:
    """One digit left out or typed twice (11 or 13 digits against the register's 12), the rest in order."""
    left, right = _digits(a), _digits(b)
    return (
        abs(len(left) - len(right)) == 1 and min(len(left), len(right)) >= 11 and Levenshtein.distance(left, right) == 1
    )


def _id_same_prefix(a: str, b: str) -> bool:
    """The same province, sex-and-century and year digits (the first six), another serial: a serial mistyped."""
    left, right = _digits(a), _digits(b)
    return len(left) == len(right) == 12 and left[:6] == right[:6]


def _id_old_card(a: str, b: str) -> bool:
    """The document gives a 9-digit identity card number (CMND, before 2016): nothing to compare it with."""
    return len(_digits(a)) == 9


def _ids_unlike(a: str, b: str) -> bool:
    """Two 12-digit IDs of other provinces, sexes or years, more than two digits apart: no level's case."""
    left, right = _digits(a), _digits(b)
    return len(left) == len(right) == 12 and left[:6] != right[:6] and Hamming.distance(left, right, score_cutoff=2) > 2


PERSONAL_ID = Comparison(
    "personal_id",
    (
        Level("exact", _id_exact, "the same 12 digits"),
        Level("one_digit", _id_one_digit, "one digit different"),
        Level("transposed", _id_transposed, "two neighbouring digits swapped"),
        Level("digit_dropped", _id_digit_dropped, "one digit left out or typed twice"),
        Level("same_prefix", _id_same_prefix, "the same province, sex and year digits, another serial"),
        Level("old_card", _id_old_card, "the document gives an old 9-digit card number"),
    ),
    unlike=_ids_unlike,
)


# --- sex ----------------------------------------------------------------------------------------------------------

SEX = Comparison("sex", (Level("exact", lambda a, b: a.strip().upper() == b.strip().upper(), "the same sex"),))


# --- addresses ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _address_parts(address: str) -> tuple[str, ...]:
    """The comma-separated parts of an address, folded, their words single-spaced ("Tỉnh Lào Cai" -> "tinh lao cai")."""
    return tuple(" ".join(fold(part).split()) for part in address.split(",") if part.strip())


def _address_exact(a: str, b: str) -> bool:
    return _address_parts(a) == _address_parts(b)


@lru_cache(maxsize=65536)
def _address_text(address: str) -> str:
    return ", ".join(_address_parts(address))


def _address_similar(a: str, b: str) -> bool:
    return fuzz.ratio(_address_text(a), _address_text(b), score_cutoff=90) >= 90


def _address_same_province(a: str, b: str) -> bool:
    left, right = _address_parts(a), _address_parts(b)
    return len(left) > 1 and len(right) > 1 and left[-1] == right[-1]


ADDRESS = Comparison(
    "address",
    (
        Level("exact", _address_exact, "the same address (marks, capitals and spacing aside)"),
        Level("similar", _address_similar, "nearly the same address (a letter or a few apart: OCR, a typo)"),
        Level("same_province", _address_same_province, "another address in the same province"),
    ),
)


# --- parents' names ------------------------------------------------------------------------------------------------

# A child's mother (or father) as the document names them, against the parent the register names for the citizen:
# the name's own levels, under a comparison of its own (its weights are a parent's, not the person's).
PARENT_NAME = Comparison("parent_name", NAME.levels)


# --- a link the register holds ----------------------------------------------------------------------------------

# The document's value is the personal ID the register links to the record's other person (the matched child's
# mother, the matched husband's wife); the database's is the candidate's ID.
RELATION = Comparison(
    "relation",
    (Level("registered", _id_exact, "the register names this citizen as the matched person's parent or spouse"),),
)


COMPARISONS: dict[str, Comparison] = {
    c.name: c for c in (NAME, DATE, BIRTH_YEAR, PERSONAL_ID, SEX, ADDRESS, PARENT_NAME, RELATION)
}
