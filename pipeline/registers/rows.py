"""One row of a typed register as a record's fields: each cell read by its field's type, as a clerk typed it.

Typed values are not OCR readings: nothing is "repaired" toward a likelier spelling (a name typed without marks
stays without them, for the cleaning rules to report), and every field has confidence 1.0. A cell that cannot be
read as its type (a date that is no date, an ID with letters) makes the row bad, reported with its line; a value
that can be read but is wrong (an ID whose digits disagree with the person) is kept, for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.extract.schema import DocTypeSchema
from pipeline.extract.values import PARSERS
from pipeline.match.query import FieldValue
from pipeline.normalize.ids import check_personal_id, clean_id
from pipeline.normalize.names import display_name
from pipeline.normalize.text import NormalizationError, nfc
from pipeline.population.rows import RowError

# columns a register may have besides its document type's fields
EXTRA_COLUMNS = ("source", "page")
_PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
UNREADABLE = {
    "date": "is not a date on the calendar (DD/MM/YYYY, YYYY-MM-DD, or the month or year alone)",
    "date_words": "is not a date on the calendar",
    "death_time": "is not a date and time of death",
    "year": "is not a four-digit year",
    "sex": "is not a sex (Nam/Nữ, M/F)",
}


@dataclass(frozen=True)
class RegisterRow:
    fields: dict[str, FieldValue]
    source: str | None
    page: int | None


def _number(text: str, field_type: str) -> str:
    if _PLAIN_NUMBER.fullmatch(text):  # as the export writes it: 5890.5 is five thousand eight hundred and ninety
        number = float(text.replace(",", "."))
        if field_type == "int":
            if not number.is_integer():
                raise RowError("", "is not a whole number")
            return str(int(number))
        return str(number)
    parsed = PARSERS[field_type](text)
    if parsed.value is None:
        raise RowError("", parsed.problem or "is not a number")
    return str(parsed.value)


def _value(text: str, field_type: str) -> tuple[str, bool, str | None]:
    """The stored value of a typed cell, whether it is valid, and what is wrong with it."""
    if field_type == "name":
        try:
            return display_name(text), True, None
        except NormalizationError as exc:
            raise RowError("", exc.reason) from None
    if field_type == "personal_id":
        try:
            digits = clean_id(text)
        except NormalizationError as exc:
            raise RowError("", exc.reason) from None
        check = check_personal_id(digits)
        problem = "; ".join(check.problems) or None
        return digits, check.ok, problem
    if field_type in ("int", "area"):
        return _number(text, field_type), True, None
    if field_type in ("register", "text", "serial"):
        return " ".join(nfc(text).split()), True, None
    parsed = PARSERS[field_type](text)
    if parsed.value is None:
        # a fixed sentence: the parser's own reason may quote the cell, which is personal data (a date of birth)
        raise RowError("", UNREADABLE.get(field_type, f"cannot be read as a {field_type}"))
    return str(parsed.value), parsed.valid, parsed.problem


def register_row(cells: Mapping[str, str], schema: DocTypeSchema) -> RegisterRow:
    """The record fields of one row (column -> text); raises RowError naming the column at fault."""
    fields: dict[str, FieldValue] = {}
    for item in schema.fields:
        text = (cells.get(item.name) or "").strip()
        if not text:
            continue
        try:
            value, valid, problem = _value(text, item.type)
        except RowError as exc:
            raise RowError(item.name, exc.reason) from None
        fields[item.name] = FieldValue(value, text, 1.0, valid, problem)
    page_text = (cells.get("page") or "").strip()
    if page_text and not page_text.isdigit():
        raise RowError("page", "is not a page number")
    source = (cells.get("source") or "").strip() or None
    return RegisterRow(fields, source, int(page_text) if page_text else None)
