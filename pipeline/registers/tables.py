"""Reading a typed register, CSV or XLSX, one row at a time with the line (or spreadsheet row) it stands on."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.errors import InputError
from pipeline.population.csv_reader import RawRow, read_rows
from pipeline.population.rows import RowError

SUFFIXES = (".csv", ".xlsx")


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a clerk sees: dates as ISO dates, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, required: Sequence[str]) -> Iterator[RawRow]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise InputError(f"cannot read {path} as an XLSX workbook: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise InputError(f"{path} is empty: expected a header row with {', '.join(required)}")
        columns = [_cell_text(name).strip().lower() for name in header]
        missing = [name for name in required if name not in columns]
        if missing:
            raise InputError(f"{path}: missing required column(s): {', '.join(missing)}")
        for number, values in enumerate(rows, start=2):
            cells = [_cell_text(v) for v in values]
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
                yield RawRow(number, None, RowError("row", f"has cells beyond the header's {len(columns)} columns"))
                continue
            yield RawRow(number, dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=False)), None)
    finally:
        workbook.close()


def read_table(path: Path, *, required: Sequence[str]) -> Iterator[RawRow]:
    """The rows of a CSV or XLSX register; InputError when the file as a whole cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: a register must be a CSV or XLSX file (got {suffix or 'no extension'})")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if suffix == ".xlsx":
        return _read_xlsx(path, required)
    return read_rows(path, required=required)
