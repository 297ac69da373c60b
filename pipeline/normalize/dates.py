"""Dates as written on Vietnamese civil-registration documents: numeric, with ngày/tháng/năm, or in words.

Vietnamese dates are day-first, always: "03/04/1990" is 3 April. Registers also leave parts of a date blank
(births declared late record only a year), so the result type is a `PartialDate` that carries its precision
instead of inventing a 1 January. Birth certificates print the date a second time in words
("Ngày mười lăm tháng ba năm một nghìn chín trăm chín mươi"), which lets OCR output be cross-checked.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from .text import NormalizationError, clean_spaces, fold, nfc, repair_ocr_digits

MIN_YEAR = 1800
MAX_YEAR = 2200

_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or only the year.

    Construction validates, so a PartialDate in hand always exists on the calendar. Years outside 1800..2200
    are rejected: nobody in a civil register was born earlier, and later ones are typing errors.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        year, month, day = self.year, self.month, self.day
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise NormalizationError(f"year {year} is outside the supported range {MIN_YEAR}-{MAX_YEAR}")
        if month is None:
            if day is not None:
                raise NormalizationError(f"day {day} is given without a month")
            return
        if not 1 <= month <= 12:
            raise NormalizationError(f"month {month} does not exist")
        if day is None:
            return
        if day < 1:
            raise NormalizationError(f"day {day} does not exist")
        if day > _DAYS_IN_MONTH[month]:
            if month == 2 and day == 29:
                if _is_leap(year):
                    return
                raise NormalizationError(f"day 29 does not exist in February {year} ({year} is not a leap year)")
            raise NormalizationError(f"day {day} does not exist in {_MONTH_NAMES[month]} {year}")

    @property
    def precision(self) -> str:
        """ "day", "month" or "year": how much of the date the source actually recorded."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        """ISO 8601 at the date's own precision: "1990-03-15", "1990-03" or "1990"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def to_date(self) -> datetime.date | None:
        """The calendar date, or None when the day is unknown: a partial date must not pass for a full one."""
        if self.month is None or self.day is None:
            return None
        return datetime.date(self.year, self.month, self.day)

    @classmethod
    def from_iso(cls, s: str) -> PartialDate:
        """Parse exactly what `iso()` writes ("1990-03-15", "1990-03", "1990"); anything else raises."""
        match = _STRICT_ISO_RE.fullmatch(s)
        if match is None:
            raise NormalizationError(f"'{s}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_date(cls, d: datetime.date) -> PartialDate:
        """A full-precision PartialDate for a calendar date."""
        return cls(d.year, d.month, d.day)

    def __str__(self) -> str:
        return self.iso()


_STRICT_ISO_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# The form of nearly every value in a database import: checked before anything else for speed.
_FAST_ISO_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
# ... and of nearly every date typed on a form: dd/mm/yyyy with one separator character.
_FAST_DMY_RE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
# A token is a run of letters/digits; | and ! belong to it because OCR reads them for the digit 1.
_TOKEN_RE = re.compile(r"((?:[^\W_]|[|!])+)")
_SEPARATOR_CHARS = frozenset(" /-.,\u2013\u2014")
# Numeric dates may carry the words ngày (day), mồng/mùng (day 1-10), tháng (month), năm (year).
_LABELS = {"ngay": "day", "mong": "day", "mung": "day", "thang": "month", "nam": "year"}
_POSITIONS = {1: ("year",), 2: ("month", "year"), 3: ("day", "month", "year")}
_YEAR_FIRST = {2: ("year", "month"), 3: ("year", "month", "day")}


def _check_partial(date: PartialDate, allow_partial: bool, text: str) -> PartialDate:
    if not allow_partial and date.day is None:
        raise NormalizationError(f"'{text}' gives only the {date.precision}, a full date is required")
    return date


def parse_date(text: str, *, allow_partial: bool = True) -> PartialDate:
    """Read a date as written on a Vietnamese document, day first.

    Accepts "15/03/1990", "15-3-1990", "15.03.1990", "15 / 03 / 1990", ISO "1990-03-15" (year first only
    when the first group has four digits), "03/1990", "1990-03", "1990", "ngày 15 tháng 3 năm 1990",
    "15 tháng 3, 1990", and dates in words (see `parse_date_words`). Two-digit years are rejected: on a
    register spanning 1900-2030 "15/03/20" is not decidable. OCR letter/digit confusions are repaired only
    inside a token that is otherwise digits ("l5/O3/199O"), see `repair_ocr_digits`. Impossible dates raise
    NormalizationError naming the problem; so do partial dates when `allow_partial` is False.
    """
    match = _FAST_ISO_RE.fullmatch(text)
    if match is not None:
        return PartialDate(int(match[1]), int(match[2]), int(match[3]))
    match = _FAST_DMY_RE.fullmatch(text)
    if match is not None:
        return PartialDate(int(match[3]), int(match[2]), int(match[1]))
    return _check_partial(_parse_date_general(text), allow_partial, text)


def _parse_date_general(text: str) -> PartialDate:
    s = clean_spaces(nfc(text))
    if not s:
        raise NormalizationError("the date is empty")
    parts = _TOKEN_RE.split(s)
    separators, tokens = parts[0::2], parts[1::2]

    items: list[tuple[str, str | None]] = []  # (folded keyword, None) or (token, its digits)
    for token in tokens:
        key = fold(token)
        if key in _LABELS:
            items.append((key, None))
            continue
        digits = repair_ocr_digits(token)
        if digits is None:
            # A real word: the date is (at least partly) written out in words.
            return parse_date_words(s)
        items.append((token, digits))

    numbers: list[tuple[str, str | None]] = []  # (digits, label given by a preceding keyword)
    label: str | None = None
    for key, digits in items:
        if digits is None:
            keyword = _LABELS[key]
            # "ngày mồng 5": mồng repeats the day label. Other stacked keywords mean "năm" is the number
            # five, as in "ngày năm tháng năm năm 1990", which the words parser understands.
            if label is not None and not (label == keyword == "day" and key in ("mong", "mung")):
                return parse_date_words(s)
            label = keyword
            continue
        numbers.append((digits, label))
        label = None
    if label is not None:
        raise NormalizationError(f"the date '{s}' ends with a date word but no number")

    for separator in separators:
        for ch in separator:
            if ch not in _SEPARATOR_CHARS:
                raise NormalizationError(f"unexpected character '{ch}' in the date '{s}'")
    if not numbers:
        raise NormalizationError(f"no date in '{s}'")
    if len(numbers) > 3:
        raise NormalizationError(f"'{s}' has {len(numbers)} numbers, a date has at most 3")

    unlabeled = all(lab is None for _digits, lab in numbers)
    if unlabeled and len(numbers) > 1 and len(numbers[0][0]) == 4:
        roles = _YEAR_FIRST[len(numbers)]
    else:
        roles = _POSITIONS[len(numbers)]
    values: dict[str, int] = {}
    for (digits, lab), role in zip(numbers, roles, strict=True):
        if lab is not None and lab != role:
            raise NormalizationError(f"the words ngày/tháng/năm in '{s}' do not match the order of its numbers")
        if role == "year":
            if len(digits) == 2:
                raise NormalizationError(f"the two-digit year '{digits}' is ambiguous: write all four digits")
            if len(digits) != 4:
                raise NormalizationError(f"the year '{digits}' does not have four digits")
        elif len(digits) > 2:
            raise NormalizationError(f"'{digits}' is not a {role} (too many digits)")
        values[role] = int(digits)
    return PartialDate(values["year"], values.get("month"), values.get("day"))


# --- dates in words ------------------------------------------------------------------------------------

# Matching is on folded words, so "mười" (ten) and "mươi" (tens) are both "muoi" and are told apart by
# position: after a digit it multiplies, on its own it is ten. "năm" is both 5 and the year keyword.
_DIGIT_WORDS = {
    "khong": 0,
    "mot": 1,  # một, and mốt (1 after a tens word): both fold to "mot"
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,  # tư: 4 after a tens word, and the usual name of month 4
    "nam": 5,
    "sau": 6,
    "bay": 7,  # bảy, and the variant spelling bẩy
    "tam": 8,
    "chin": 9,
}
# Units after mười/mươi, where 5 is also lăm or nhăm; 0 is never written there.
_UNITS_AFTER_TENS = {**{w: d for w, d in _DIGIT_WORDS.items() if d}, "lam": 5, "nham": 5}
_THOUSAND = frozenset({"nghin", "ngan"})
_ZERO_TENS = frozenset({"linh", "le"})
_NUMBER_VOCABULARY = frozenset(_UNITS_AFTER_TENS) | {"khong", "muoi", "tram"} | _THOUSAND | _ZERO_TENS
_WORD_RE = re.compile(r"[^\W_]+")
_DATE_VOCABULARY = _NUMBER_VOCABULARY | set(_LABELS) | {"gieng", "chap"}


def _tens_and_units(words: list[str], after_higher: bool) -> int | None:
    if not words:
        return 0 if after_higher else None
    first = words[0]
    if first in _ZERO_TENS:
        # "linh năm" only exists after hundreds or thousands: 2005 = hai nghìn (không trăm) linh năm.
        if after_higher and len(words) == 2 and _DIGIT_WORDS.get(words[1], 0) > 0:
            return _DIGIT_WORDS[words[1]]
        return None
    if first == "muoi":  # mười, ten
        if len(words) == 1:
            return 10
        if len(words) == 2 and words[1] in _UNITS_AFTER_TENS:
            return 10 + _UNITS_AFTER_TENS[words[1]]
        return None
    digit = _DIGIT_WORDS.get(first)
    if digit is None:
        return None
    if len(words) == 1:
        # A bare unit after hundreds is ambiguous in speech ("một trăm năm" is 150 as often as 105) and
        # written Vietnamese says "linh" for 105, so it is refused rather than guessed.
        return None if after_higher else digit
    if words[1] != "muoi" or digit < 2:
        return None
    if len(words) == 2:
        return digit * 10
    if len(words) == 3 and words[2] in _UNITS_AFTER_TENS:
        return digit * 10 + _UNITS_AFTER_TENS[words[2]]
    return None


def _words_to_number(words: list[str], what: str) -> int:
    if not words:
        raise NormalizationError(f"the {what} is missing")
    if len(words) == 1 and words[0].isascii() and words[0].isdigit():
        return int(words[0])  # "ngày 15 tháng ba năm 1990": digits mixed with words
    i = 0
    total = 0
    if len(words) >= 2 and words[1] in _THOUSAND and words[0] in _DIGIT_WORDS:
        total += _DIGIT_WORDS[words[0]] * 1000
        i = 2
    if len(words) - i >= 2 and words[i + 1] == "tram" and words[i] in _DIGIT_WORDS:
        total += _DIGIT_WORDS[words[i]] * 100
        i += 2
    rest = _tens_and_units(words[i:], after_higher=i > 0)
    if rest is None:
        unknown = [w for w in words if w not in _NUMBER_VOCABULARY]
        if unknown:
            raise NormalizationError(f"'{unknown[0]}' is not a Vietnamese number word (in the {what})")
        raise NormalizationError(f"cannot read '{' '.join(words)}' as the {what}")
    return total + rest


def _month_from_words(words: list[str]) -> int:
    if words == ["gieng"]:
        return 1  # tháng giêng
    if words == ["chap"]:
        return 12  # tháng chạp
    return _words_to_number(words, "month")


def parse_date_words(text: str) -> PartialDate:
    """Read a date written in Vietnamese words, as printed on birth certificates.

    "Ngày mười lăm, tháng ba, năm một nghìn chín trăm chín mươi" -> 1990-03-15. Understands mồng/mùng,
    giêng (1) and chạp (12) for months, mốt/tư/lăm/nhăm after tens, linh/lẻ for an empty tens place,
    nghìn/ngàn, and text in capitals or without diacritics. "tháng năm năm ..." is May: the year keyword is
    the last "năm" of the run that follows the month, because a year never starts with the digit five.
    Partial dates ("tháng ba năm ...", "năm ...") are accepted; the caller decides whether that is enough.
    """
    originals = _WORD_RE.findall(nfc(text))
    if not originals:
        raise NormalizationError("the date is empty")
    words = [fold(w) for w in originals]
    for original, word in zip(originals, words, strict=True):
        if word not in _DATE_VOCABULARY and not (word.isascii() and word.isdigit()):
            raise NormalizationError(f"'{original}' is not a word of a date")
    n = len(words)
    i = 0
    day_words: list[str] | None = None
    month_words: list[str] | None = None

    if words[0] in ("ngay", "mong", "mung") or (words[0] != "thang" and "thang" in words):
        if words[i] == "ngay":
            i += 1
        if i < n and words[i] in ("mong", "mung"):
            i += 1
        if "thang" not in words[i:]:
            raise NormalizationError(f"'{text}' gives a day but no month (tháng)")
        j = words.index("thang", i)
        day_words = words[i:j]
        i = j
    if i < n and words[i] == "thang":
        i += 1
        j = i
        while j < n and words[j] != "nam":
            j += 1
        while j + 1 < n and words[j + 1] == "nam":
            j += 1
        month_words = words[i:j]
        i = j
    if i >= n and month_words and month_words[-1].isdigit():
        # "15 tháng Bảy, 1990": a numeric year may follow the month without the word năm.
        year_words = [month_words.pop()]
    elif i >= n or words[i] != "nam":
        raise NormalizationError(f"'{text}' has no year (năm)")
    else:
        year_words = words[i + 1 :]
    year = _words_to_number(year_words, "year")
    month = _month_from_words(month_words) if month_words is not None else None
    day = _words_to_number(day_words, "day") if day_words is not None else None
    return PartialDate(year, month, day)


_UNIT_NAMES = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Month 4 is "tư" on certificates; month 1 is "một" rather than the lunar-flavoured "giêng".
_MONTH_WORDS = (
    "",
    "một",
    "hai",
    "ba",
    "tư",
    "năm",
    "sáu",
    "bảy",
    "tám",
    "chín",
    "mười",
    "mười một",
    "mười hai",
)


def _below_hundred_words(n: int, after_higher: bool) -> list[str]:
    if n == 0:
        return []
    if n < 10:
        return ["linh", _UNIT_NAMES[n]] if after_higher else [_UNIT_NAMES[n]]
    tens, units = divmod(n, 10)
    words = ["mười"] if tens == 1 else [_UNIT_NAMES[tens], "mươi"]
    if units == 5:
        words.append("lăm")
    elif units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units:
        words.append(_UNIT_NAMES[units])
    return words


def _number_words(n: int) -> list[str]:
    thousands, rest = divmod(n, 1000)
    hundreds, below = divmod(rest, 100)
    words: list[str] = []
    if thousands:
        words += [_UNIT_NAMES[thousands], "nghìn"]
    if hundreds or (thousands and below):
        words += [_UNIT_NAMES[hundreds], "trăm"]  # 2005: hai nghìn không trăm linh năm
    words += _below_hundred_words(below, after_higher=bool(thousands or hundreds))
    return words


def date_to_words(d: PartialDate | datetime.date) -> str:
    """The date in words as printed on a Vietnamese birth certificate; the inverse of `parse_date_words`.

    "Ngày mười lăm tháng ba năm một nghìn chín trăm chín mươi". Days 1-10 take "mồng", 21 and 31 end in
    "mốt", a 5 after tens is "lăm", a 4 after tens and month 4 are "tư", and an empty tens place is "linh".
    """
    if isinstance(d, datetime.date):
        d = PartialDate.from_date(d)
    words: list[str] = []
    if d.day is not None:
        words.append("ngày")
        if d.day <= 10:
            words += ["mồng", _UNIT_NAMES[d.day] if d.day < 10 else "mười"]
        else:
            words += _below_hundred_words(d.day, after_higher=False)
    if d.month is not None:
        words += ["tháng", _MONTH_WORDS[d.month]]
    words += ["năm", *_number_words(d.year)]
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:]


def dates_agree(a: PartialDate | datetime.date, b: PartialDate | datetime.date) -> bool:
    """True when the dates agree to the precision both of them have: 1990 agrees with 1990-03-15.

    A register that recorded only the year is not contradicted by a certificate that gives the full date.
    """
    if isinstance(a, datetime.date):
        a = PartialDate.from_date(a)
    if isinstance(b, datetime.date):
        b = PartialDate.from_date(b)
    if a.year != b.year:
        return False
    if a.month is None or b.month is None:
        return True
    if a.month != b.month:
        return False
    return a.day is None or b.day is None or a.day == b.day


@lru_cache(maxsize=262_144)
def read_iso(iso: str) -> PartialDate | None:
    """A stored ISO date (`PartialDate.iso()`'s form, spaces around allowed), or None if it is not one; cached, for
    matching, which reads each person's and candidate's date several times."""
    try:
        return PartialDate.from_iso(iso.strip())
    except (NormalizationError, ValueError):
        return None
