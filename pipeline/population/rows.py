"""A citizen row as it comes from a population CSV, and its validation.

Validation is strict because this is the reference every document is cleaned against: a row that is wrong here
would make correct documents look wrong. Reasons name the column and the rule, never the value, so that they can
be printed and logged without leaking personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.normalize import (
    PROVINCES,
    NormalizationError,
    PartialDate,
    check_personal_id,
    clean_spaces,
    display_name,
    fold,
    nfc,
    parse_sex,
    split_name,
)
from pipeline.store.models import Citizen

REQUIRED_COLUMNS: tuple[str, ...] = (
    "personal_id",
    "full_name",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "address",
    "father_name",
    "mother_name",
    "ethnicity",
    "is_deceased",
    "date_of_death",
)
# Understood when present: links between people of the population, which the synthetic generator writes so that a
# birth certificate can show real parents. Any other column is ignored.
OPTIONAL_COLUMNS: tuple[str, ...] = ("father_id", "mother_id", "spouse_id")
CSV_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

_ASCII_DIGITS = re.compile(r"[0-9]+")
_ISO_PARTIAL = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
# Column widths of the citizens table: a longer cell is refused here, with its line, instead of failing the whole
# import on PostgreSQL (or being stored whole by SQLite, which ignores VARCHAR lengths).
_MAX_LENGTH: dict[str, int] = {
    column.name: column.type.length
    for column in Citizen.__table__.columns
    if getattr(column.type, "length", None) is not None
}
_TRUE = frozenset({"1", "true", "yes", "y", "có"})
_FALSE = frozenset({"0", "false", "no", "n", "không", ""})


@dataclass(frozen=True, slots=True)
class CitizenRow:
    """A validated citizen, in the form the `citizens` table stores."""

    personal_id: str
    full_name: str
    name_key: str
    surname: str
    middle_name: str
    given_name: str
    surname_key: str  # folded surname and given name: blocking keys (pipeline.match.blocking)
    given_key: str
    sex: str
    date_of_birth: str
    birth_year: int
    place_of_birth: str
    address: str
    father_name: str
    mother_name: str
    ethnicity: str
    is_deceased: bool
    date_of_death: str | None
    father_id: str | None = None
    mother_id: str | None = None
    spouse_id: str | None = None

    def as_db_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}


class RowError(ValueError):
    """A row that cannot be imported, with the column at fault; the reason holds no personal data."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


def _parse_partial_date(column: str, text: str, today: date) -> PartialDate:
    # Reasons are fixed sentences: a NormalizationError's reason would quote the date, which is personal data.
    if not _ISO_PARTIAL.fullmatch(text):
        raise RowError(column, "expected YYYY-MM-DD, YYYY-MM or YYYY")
    try:
        value = PartialDate.from_iso(text)
    except (NormalizationError, ValueError):
        raise RowError(column, "is not a date that exists") from None
    if value.iso() > today.isoformat()[: len(value.iso())]:
        raise RowError(column, "is in the future")
    return value


def _optional_link(column: str, text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if len(text) != 12 or not _ASCII_DIGITS.fullmatch(text):
        raise RowError(column, "must be empty or a 12-digit personal ID")
    return text


def _text(column: str, text: str) -> str:
    value = nfc(clean_spaces(text))
    if len(value) > _MAX_LENGTH[column]:
        raise RowError(column, f"is longer than {_MAX_LENGTH[column]} characters")
    return value


def _name(column: str, text: str, *, required: bool) -> str:
    if not text.strip():
        if required:
            raise RowError(column, "is empty")
        return ""
    try:
        value = display_name(text)
    except NormalizationError:
        value = ""
    if not value:
        raise RowError(column, "holds no letters of a name")
    if len(value) > _MAX_LENGTH[column]:
        raise RowError(column, f"is longer than {_MAX_LENGTH[column]} characters")
    return value


def _check_id(text: str, sex: str, dob: PartialDate) -> str:
    """The ID if its structure agrees with the row; reasons name the rule broken, never the digits."""
    if not text:
        raise RowError("personal_id", "is empty")
    if not _ASCII_DIGITS.fullmatch(text):
        # The reference database must hold IDs as typed; OCR-style repair belongs to scanned documents only.
        raise RowError("personal_id", "must contain the digits 0-9 only")
    if len(text) != 12:
        raise RowError("personal_id", f"has {len(text)} digits, a personal ID has 12")
    check = check_personal_id(text, sex=sex, birth_year=dob.year)
    problems = []
    if check.province_code not in PROVINCES:
        problems.append("the first three digits are not a province code")
    if check.sex != sex:
        problems.append(f"the 4th digit means {'female' if check.sex == 'F' else 'male'}, the row says otherwise")
    if check.century_start is None or not check.century_start <= dob.year < check.century_start + 100:
        problems.append("the 4th digit gives another century than the date of birth")
    if check.birth_year_suffix != f"{dob.year % 100:02d}":
        problems.append("digits 5-6 do not match the year of birth")
    if problems:
        raise RowError("personal_id", "; ".join(problems))
    return check.value


def validate_row(fields: dict[str, str], today: date) -> CitizenRow:
    """A CitizenRow from one CSV row's cells (column -> text), or RowError naming what is wrong."""
    full_name = _name("full_name", fields["full_name"], required=True)
    try:
        sex = parse_sex(fields["sex"])
    except NormalizationError:
        raise RowError("sex", "must be M or F (Nam or Nữ)") from None

    dob_text = fields["date_of_birth"].strip()
    if not dob_text:
        raise RowError("date_of_birth", "is empty")
    dob = _parse_partial_date("date_of_birth", dob_text, today)

    personal_id = _check_id(fields["personal_id"].strip(), sex, dob)

    flag = fields["is_deceased"].strip().lower()
    if flag in _TRUE:
        deceased = True
    elif flag in _FALSE:
        deceased = False
    else:
        raise RowError("is_deceased", "must be 0 or 1")

    dod_text = fields["date_of_death"].strip()
    date_of_death: str | None = None
    if dod_text:
        if not deceased:
            raise RowError("date_of_death", "is given but is_deceased is 0")
        dod = _parse_partial_date("date_of_death", dod_text, today)
        if dod.iso() < dob.iso()[: len(dod.iso())]:
            raise RowError("date_of_death", "is before the date of birth")
        date_of_death = dod.iso()

    try:
        parts = split_name(full_name)
    except NormalizationError:
        raise RowError("full_name", "cannot be split into surname and given name") from None
    return CitizenRow(
        personal_id=personal_id,
        full_name=full_name,
        name_key=fold(full_name),  # full_name is in display form already: skip name_key's second pass
        surname=parts.surname,
        middle_name=parts.middle,
        given_name=parts.given,
        surname_key=fold(parts.surname),
        given_key=fold(parts.given),
        sex=sex,
        date_of_birth=dob.iso(),
        birth_year=dob.year,
        place_of_birth=_text("place_of_birth", fields["place_of_birth"]),
        address=_text("address", fields["address"]),
        father_name=_name("father_name", fields["father_name"], required=False),
        mother_name=_name("mother_name", fields["mother_name"], required=False),
        ethnicity=_text("ethnicity", fields["ethnicity"]),  # blank stays blank: never invent reference data
        is_deceased=deceased,
        date_of_death=date_of_death,
        father_id=_optional_link("father_id", fields.get("father_id", "")),
        mother_id=_optional_link("mother_id", fields.get("mother_id", "")),
        spouse_id=_optional_link("spouse_id", fields.get("spouse_id", "")),
    )
