"""Streaming reader of population CSV files: one row at a time, each with the line number it started on.

The file is never held in memory. Bytes that are not UTF-8 are kept as surrogates so that only the rows holding
them are rejected, with their line numbers, instead of the whole import stopping at the first bad byte.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import InputError
from pipeline.population.rows import REQUIRED_COLUMNS, RowError

# Addresses are long but never this long; a bigger cell is a broken quote swallowing the rest of the file.
csv.field_size_limit(1_000_000)
MAX_LINES_PER_ROW = 4


@dataclass(frozen=True, slots=True)
class RawRow:
    line: int  # 1-based line of the file where the row starts; the header is line 1
    cells: dict[str, str] | None
    error: RowError | None


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_rows(
    path: Path,
    *,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 20_000,
    required: Sequence[str] = REQUIRED_COLUMNS,
) -> Iterator[RawRow]:
    """Rows of the CSV at `path`, as column -> text, or the reason a row cannot be read.

    Raises InputError when the file as a whole is unusable: missing, empty, or without the `required` columns (the
    population's by default). `on_progress` is called now and then with the number of bytes read so far.
    """
    try:
        binary: BinaryIO = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot open {path}: {exc.strerror or exc}") from exc
    with binary:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.reader(text)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"{path} is empty: expected a header line with {', '.join(required)}") from None
        except csv.Error as exc:
            raise InputError(f"{path}: cannot read the header: {exc}") from exc
        columns = [name.strip().lower() for name in header]
        missing = [name for name in required if name not in columns]
        if missing:
            raise InputError(f"{path}: missing required column(s): {', '.join(missing)}")
        width = len(columns)

        next_line = reader.line_num + 1
        count = 0
        while True:
            start = next_line
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                next_line = reader.line_num + 1
                yield RawRow(start, None, RowError("row", f"malformed CSV: {exc}"))
                continue
            next_line = reader.line_num + 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if reader.line_num - start >= MAX_LINES_PER_ROW:
                # A quoted cell may hold a line break or two; more is a quote left open that swallowed rows.
                count += 1
                reason = f"runs from line {start} to line {reader.line_num}: a quote is not closed"
                yield RawRow(start, None, RowError("row", reason))
                continue
            count += 1
            if on_progress is not None and count % progress_every == 0:
                on_progress(binary.tell())
            if len(cells) != width:
                reason = f"has {len(cells)} cells, the header has {width}"
                if reader.line_num > start:
                    reason += f" (it runs from line {start} to line {reader.line_num}: is a quote not closed?)"
                yield RawRow(start, None, RowError("row", reason))
                continue
            row = dict(zip(columns, cells, strict=True))
            if _has_surrogates("".join(cells)):
                bad = next(name for name, value in row.items() if _has_surrogates(value))
                yield RawRow(start, None, RowError(bad, "is not valid UTF-8 (legacy encodings are not read yet)"))
                continue
            yield RawRow(start, row, None)
        if on_progress is not None:
            on_progress(binary.tell())
