"""Personal ID numbers: the 12-digit số định danh cá nhân (CCCD) and the 9-digit old ID card (CMND).

A 12-digit ID is structured (Circular 07/2016/TT-BCA): digits 1-3 are the province of birth registration,
digit 4 encodes sex and century of birth, digits 5-6 are the last two digits of the birth year, and the last
six are a serial number. So an ID can be checked against the record that carries it, which catches both
OCR errors and IDs copied onto the wrong person. The 9-digit CMND has no such structure.

Nothing here logs an ID; `mask_id` and `mask_name` exist so that callers that log can avoid leaking them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .provinces import PROVINCES
from .sex import parse_sex
from .text import NormalizationError, clean_spaces, nfc, repair_ocr_digits

# Digit 4 of a CCCD: (sex, first year of the century). Each century has a male and a female digit.
_DIGIT4 = {
    "0": ("M", 1900),
    "1": ("F", 1900),
    "2": ("M", 2000),
    "3": ("F", 2000),
    "4": ("M", 2100),
    "5": ("F", 2100),
    "6": ("M", 2200),
    "7": ("F", 2200),
    "8": ("M", 1800),
    "9": ("F", 1800),
}
_CENTURY_DIGITS = {(sex, century): digit for digit, (sex, century) in _DIGIT4.items()}
_SEX_WORD = {"M": "male", "F": "female"}

# Grouping characters people and OCR put inside ID numbers: spaces of all kinds, dots and dashes.
_ID_SEPARATORS = str.maketrans(
    "", "", " \t\n\r\u00a0\u202f\u2009\u200b\ufeff.\u00b7-\u2010\u2011\u2012\u2013\u2014\u2212"
)


@dataclass(frozen=True, slots=True)
class IdCheck:
    """What a personal ID says about itself and what is wrong with it.

    `value` holds the cleaned digits ("" when the text could not be read as digits at all). `problems` holds
    every independent finding, so that a clerk sees all of them at once. The decoded fields (province code,
    sex, birth-year digits, century) are filled for 12-digit IDs even when there are problems, because they
    are what a clerk needs to decide which side is wrong.
    """

    value: str
    kind: str  # "cccd" (12 digits), "cmnd" (9 digits, old ID card) or "invalid"
    problems: tuple[str, ...] = ()
    province_code: str | None = None
    sex: str | None = None
    birth_year_suffix: str | None = None
    century_start: int | None = None

    @property
    def ok(self) -> bool:
        """True for a well-formed ID that agrees with everything it was checked against."""
        return self.kind != "invalid" and not self.problems


def clean_id(text: str) -> str:
    """The digits of an ID as typed or OCR'd: "001 090.123-445" -> "001090123445".

    Spaces, dots and dashes are grouping, not content. OCR letter/digit confusions (O -> 0, l -> 1, S -> 5,
    B -> 8, ... see `repair_ocr_digits`) are repaired because the value is otherwise digits. Prefixes such as
    "Số:" are the extractor's job, not this function's: they raise like any other non-digit. The reason never
    quotes the ID itself, so it can be logged.
    """
    if text.isascii() and text.isdigit():
        return text
    stripped = nfc(text).translate(_ID_SEPARATORS)
    if not stripped:
        raise NormalizationError("the ID is empty")
    digits = repair_ocr_digits(stripped)
    if digits is None:
        odd = "".join(dict.fromkeys(c for c in stripped if not ("0" <= c <= "9")))
        raise NormalizationError(f"the ID contains characters that are not digits: {odd!r}")
    return digits


def sex_century_digit(sex: str, year: int) -> str:
    """The 4th digit of a CCCD for a sex ("M"/"F", or anything `parse_sex` reads) and a birth year."""
    sex_code = parse_sex(sex)
    century = year - year % 100
    digit = _CENTURY_DIGITS.get((sex_code, century))
    if digit is None:
        raise NormalizationError(f"birth year {year} is outside 1800-2299, which an ID's 4th digit cannot encode")
    return digit


def _sex_or_none(sex: str) -> str | None:
    try:
        return parse_sex(sex)
    except NormalizationError:
        return None


def check_personal_id(text: str | None, *, sex: str | None = None, birth_year: int | None = None) -> IdCheck:
    """Clean and check a personal ID, against the record's sex and birth year when they are given.

    Never raises: an unreadable ID comes back as kind "invalid" with the reason as its problem. A 12-digit
    ID is checked for a known province code, a 4th digit matching `sex` and the century of `birth_year`, and
    digits 5-6 matching `birth_year`. A 9-digit old ID card has no structure to check. A `sex` that
    `parse_sex` cannot read is treated as unknown: it is a fault of the record, not of the ID. A missing
    ID (None) is reported like an empty one, since records arrive with missing fields.
    """
    if text is None:
        return IdCheck(value="", kind="invalid", problems=("the ID is empty",))
    if len(text) == 12 and text.isascii() and text.isdigit():
        value = text
    else:
        try:
            value = clean_id(text)
        except NormalizationError as error:
            return IdCheck(value="", kind="invalid", problems=(error.reason,))
    length = len(value)
    if length == 9:
        return IdCheck(value=value, kind="cmnd")
    if length != 12:
        return IdCheck(
            value=value,
            kind="invalid",
            problems=(f"has {length} digits, a personal ID has 12 (or 9 for an old ID card)",),
        )

    province = value[:3]
    digit4 = value[3]
    id_sex, century = _DIGIT4[digit4]
    suffix = value[4:6]
    problems: tuple[str, ...] = ()
    if province not in PROVINCES:
        problems += (f"province code {province} is not one of the 63 province codes",)
    if sex is not None:
        expected = _sex_or_none(sex)
        if expected is not None and expected != id_sex:
            problems += (f"4th digit {digit4} means {_SEX_WORD[id_sex]}, but the record says {_SEX_WORD[expected]}",)
    if birth_year is not None:
        if not century <= birth_year < century + 100:
            problems += (f"4th digit {digit4} means born {century}-{century + 99}, but the birth year is {birth_year}",)
        if suffix != f"{birth_year % 100:02d}":
            problems += (f"digits 5-6 are {suffix}, but the birth year {birth_year} ends in {birth_year % 100:02d}",)
    return IdCheck(
        value=value,
        kind="cccd",
        problems=problems,
        province_code=province,
        sex=id_sex,
        birth_year_suffix=suffix,
        century_start=century,
    )


def make_personal_id(province_code: str, sex: str, birth_year: int, serial: int) -> str:
    """A structurally valid 12-digit ID, for the synthetic population generator."""
    if province_code not in PROVINCES:
        raise NormalizationError(f"province code {province_code!r} is not one of the 63 province codes")
    if not 0 <= serial <= 999_999:
        raise NormalizationError(f"serial {serial} does not fit the six digits of an ID")
    return f"{province_code}{sex_century_digit(sex, birth_year)}{birth_year % 100:02d}{serial:06d}"


def mask_id(value: str | None) -> str:
    """An ID safe for logs: "001090123445" -> "001*******45". Five characters or fewer are fully masked."""
    if not value:
        return ""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def mask_name(name: str | None) -> str:
    """A name safe for logs, initials only: "Nguyễn Văn An" -> "N. V. A."."""
    if not name:
        return ""
    initials = []
    for word in clean_spaces(nfc(name)).split(" "):
        first = next((c for c in word if c.isalnum()), None)
        if first is not None:
            initials.append(first.upper() + ".")
    return " ".join(initials)
