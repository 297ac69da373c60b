"""`sohoa records import`: typed registers (CSV, XLSX) stored as records, bad rows reported by line, matched and
cleaned like scans; on a real database."""

from __future__ import annotations

import csv
import datetime
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from pipeline.errors import InputError, RejectedRowsError
from pipeline.normalize.text import fold
from pipeline.population.loader import load_rows
from pipeline.registers.importer import import_register
from pipeline.store.models import Citizen, Issue, Record, RecordField, RecordPerson
from pipeline.synth.population import PopulationGenerator, citizen_rows

TODAY = datetime.date(2026, 11, 25)
COLUMNS = ["full_name", "date_of_birth", "sex", "personal_id", "date_of_death", "registration_date", "source", "page"]


def _people(engine: Engine) -> list[Any]:
    load_rows(engine, citizen_rows(PopulationGenerator(47, TODAY).people(800), TODAY), source_name="test")
    with engine.connect() as connection:
        return [
            c
            for c in connection.execute(select(Citizen.__table__).order_by(Citizen.id))
            if c.is_deceased and len(c.date_of_birth) == 10 and c.date_of_death
        ]


def _row(person: Any, **change: str) -> dict[str, str]:
    born = datetime.date.fromisoformat(person.date_of_birth)
    values = {
        "full_name": person.full_name.upper(),
        "date_of_birth": born.strftime("%d/%m/%Y"),  # as clerks type dates
        "sex": "Nam" if person.sex == "M" else "Nữ",
        "personal_id": person.personal_id,
        "date_of_death": person.date_of_death,
        "registration_date": person.date_of_death,
        "source": "so-khai-tu-1998.xls",
        "page": "12",
    }
    return {**values, **change}


def _write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        cells: list[object] = [row.get(c, "") for c in COLUMNS]
        if row["date_of_birth"] != "31/02/1990":  # a date cell, as Excel keeps dates (a bad one stays text)
            cells[1] = datetime.datetime.strptime(row["date_of_birth"], "%d/%m/%Y")
        sheet.append(cells)
    book.save(path)
    return path


def _good_and_bad(people: list[Any]) -> list[dict[str, str]]:
    clean, short_id = people[0], people[2]
    unmarked = next(p for p in people[1:] if fold(p.full_name) != p.full_name.lower())
    return [
        _row(clean),  # line 2
        _row(unmarked, full_name=" ".join(w.capitalize() for w in fold(unmarked.full_name).split())),  # line 3
        _row(short_id, personal_id=short_id.personal_id[:-1]),  # line 4: kept, ID_INVALID
        _row(clean, date_of_birth="31/02/1990"),  # line 5: no such date
        _row(clean, personal_id="00109O12A345"),  # line 6: letters in the ID
        _row(clean, full_name=""),  # line 7: nobody named
    ]


@pytest.mark.parametrize("write", [_write_csv, _write_xlsx], ids=["csv", "xlsx"])
def test_a_register_is_stored_matched_and_cleaned(engine: Engine, tmp_path: Path, write: Any) -> None:
    people = _people(engine)
    path = write(tmp_path / f"register{'.csv' if write is _write_csv else '.xlsx'}", _good_and_bad(people))
    summary = import_register(engine, path, "death", today=TODAY, office="UBND xã A")
    assert (summary.rows_read, summary.imported, summary.rejected) == (6, 3, 3)
    assert [(r.line, r.column) for r in summary.first_rejects] == [
        (5, "date_of_birth"),
        (6, "personal_id"),
        (7, "full_name"),
    ]
    assert summary.cleaning is not None and summary.cleaning.records == 3
    with engine.connect() as connection:
        records = connection.execute(select(Record.source_kind, Record.source_ref, Record.first_page)).all()
        confidences = set(connection.execute(select(RecordField.confidence)).scalars())
        names = dict(
            connection.execute(
                select(RecordField.record_id, RecordField.value).where(RecordField.name == "full_name")
            ).all()
        )
        linked = connection.execute(
            select(Citizen.personal_id).join(RecordPerson, RecordPerson.citizen_id == Citizen.id)
        ).scalars()
        issues = {(i.code, i.field) for i in connection.execute(select(Issue.code, Issue.field))}
    assert {r.source_kind for r in records} == {"import"} and {r.first_page for r in records} == {12}
    assert sorted(r.source_ref for r in records) == [f"so-khai-tu-1998.xls#line={n}" for n in (2, 3, 4)]
    assert confidences == {1.0}
    assert names[min(names)] == people[0].full_name  # capitals typed, stored as the name is shown
    assert set(linked) == {people[0].personal_id, people[1].personal_id, people[2].personal_id}
    # the name typed without marks is a discrepancy to report (nothing is "restored" in typed data), the short ID
    # is invalid; the deaths are recorded in the register, so no DEATH_NOT_RECORDED
    assert ("NAME_DIACRITICS", "full_name") in issues and ("ID_INVALID", "personal_id") in issues
    assert not any(code == "DEATH_NOT_RECORDED" for code, _ in issues)


def test_strict_imports_nothing_when_a_row_is_bad(engine: Engine, tmp_path: Path) -> None:
    people = _people(engine)
    path = _write_csv(tmp_path / "r.csv", _good_and_bad(people))
    with pytest.raises(RejectedRowsError, match="first on line 5: date_of_birth"):
        import_register(engine, path, "death", strict=True, today=TODAY)
    with engine.connect() as connection:
        assert connection.execute(select(Record.id)).first() is None


def test_a_file_is_imported_once(engine: Engine, tmp_path: Path) -> None:
    people = _people(engine)
    path = _write_csv(tmp_path / "r.csv", [_row(people[0])])
    assert import_register(engine, path, "death", today=TODAY).imported == 1
    with pytest.raises(InputError, match="imported already"):
        import_register(engine, path, "death", today=TODAY)


def test_unusable_files_are_refused_whole(engine: Engine, tmp_path: Path) -> None:
    people = _people(engine)
    with pytest.raises(InputError, match="unknown column"):
        import_register(engine, _write_csv(tmp_path / "u.csv", [_row(people[0])], [*COLUMNS, "shoe_size"]), "death")
    with pytest.raises(InputError, match="missing required column"):
        import_register(engine, _write_csv(tmp_path / "m.csv", [_row(people[0])], COLUMNS[1:]), "death")
    with pytest.raises(InputError, match="CSV or XLSX"):
        import_register(engine, tmp_path / "r.ods", "death")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match="XLSX"):
        import_register(engine, tmp_path / "broken.xlsx", "death")
    with engine.connect() as connection:
        assert connection.execute(select(Record.id)).first() is None


def test_the_export_csv_reads_back(engine: Engine, tmp_path: Path) -> None:
    """An export's extra columns (record_id, sha256, ... and other types' fields) are no unknown columns."""
    from pipeline.report.export import export_csv

    people = _people(engine)
    import_register(engine, _write_csv(tmp_path / "a.csv", [_row(people[0])]), "death", today=TODAY)
    export_csv(engine, tmp_path / "export.csv")
    summary = import_register(engine, tmp_path / "export.csv", "death", today=TODAY)
    assert (summary.imported, summary.rejected) == (1, 0)
    assert summary.cleaning is not None and summary.cleaning.persons["matched"] == 1


def test_the_command(tmp_path: Path, engine: Engine, sqlite_url: str) -> None:
    people = _people(engine)
    path = _write_csv(tmp_path / "r.csv", _good_and_bad(people))
    env = {**os.environ, "SOHOA_DATA_DIR": str(tmp_path / "data")}
    run = [sys.executable, "-m", "pipeline.cli", "--db", sqlite_url, "records", "import", str(path), "--type", "death"]
    strict = subprocess.run([*run, "--strict"], env=env, capture_output=True, text=True, timeout=120)
    assert strict.returncode == 6 and "nothing imported" in strict.stderr
    done = subprocess.run([*run, "--rejects", str(tmp_path / "rejects.csv")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "imported 3 death record(s), rejected 3" in done.stdout and "matched 3 record(s): persons" in done.stdout
    assert "line 5: date_of_birth" in done.stderr
    assert (tmp_path / "rejects.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        '5,date_of_birth,"is not a date on the calendar (DD/MM/YYYY, YYYY-MM-DD, or the month or year alone)"',
        "6,personal_id,the ID contains characters that are not digits: 'OA'",
        "7,full_name,no person named: the row names nobody to match",
    ]
    for person in people[:3]:  # nothing personal in what the command prints
        assert person.personal_id not in done.stdout + done.stderr
