"""Population CSV import: good rows in, bad rows named by line and reason, re-import updates, nothing half-written."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from pipeline.errors import InputError, RejectedRowsError
from pipeline.population.loader import import_population_csv
from pipeline.population.rows import CSV_COLUMNS, REQUIRED_COLUMNS
from pipeline.store.db import open_database
from pipeline.store.models import Citizen, ImportRun

TODAY = date(2026, 11, 25)

GOOD = {
    "personal_id": "001090123445",
    "full_name": "Nguyễn Văn An",
    "sex": "M",
    "date_of_birth": "1990-03-15",
    "place_of_birth": "Bệnh viện Bạch Mai, Hà Nội",
    "address": "Số 12, phố Huế, phường Phạm Đình Hổ, quận Hai Bà Trưng, Thành phố Hà Nội",
    "father_name": "Nguyễn Văn Bình",
    "mother_name": "Trần Thị Hoa",
    "ethnicity": "Kinh",
    "is_deceased": "0",
    "date_of_death": "",
}


def row(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def write_csv(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = CSV_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Citizen)).scalar_one()


# Each bad row, the column blamed and a fragment of the reason.
BAD_ROWS = [
    (row(personal_id="00109012344"), "personal_id", "has 11 digits"),
    (row(personal_id="0010901234456"), "personal_id", "has 13 digits"),
    (row(personal_id="00109O123445"), "personal_id", "digits 0-9 only"),
    (row(personal_id="００１０９０１２３４４５"), "personal_id", "digits 0-9 only"),
    (row(personal_id="003090123445"), "personal_id", "not a province code"),
    (row(personal_id="001190123445"), "personal_id", "means female"),
    (row(personal_id="001290123445"), "personal_id", "another century"),
    (row(personal_id="001091123445"), "personal_id", "digits 5-6"),
    (row(personal_id=""), "personal_id", "empty"),
    (row(full_name="  "), "full_name", "empty"),
    (row(full_name="--- ..."), "full_name", "no letters"),
    (row(full_name="Nguyễn " + "Văn " * 40 + "An"), "full_name", "longer than 120"),
    (row(sex="X"), "sex", "M or F"),
    (row(sex=""), "sex", "M or F"),
    (row(date_of_birth="1990-02-30"), "date_of_birth", "not a date that exists"),
    (row(date_of_birth="1990-13-01"), "date_of_birth", "not a date that exists"),
    (row(date_of_birth="15/03/1990"), "date_of_birth", "expected YYYY-MM-DD"),
    (row(date_of_birth="１９９０"), "date_of_birth", "expected YYYY-MM-DD"),
    (row(date_of_birth=""), "date_of_birth", "empty"),
    (row(date_of_birth="2027-01-01", personal_id="001227123445"), "date_of_birth", "future"),
    (row(is_deceased="maybe"), "is_deceased", "0 or 1"),
    (row(date_of_death="2000-01-01"), "date_of_death", "is_deceased is 0"),
    (row(is_deceased="1", date_of_death="1989-12-31"), "date_of_death", "before the date of birth"),
    (row(is_deceased="1", date_of_death="2000-02-30"), "date_of_death", "not a date that exists"),
    (row(ethnicity="Kinh" * 11), "ethnicity", "longer than 40"),
    (row(address="Số 1, " * 61), "address", "longer than 300"),
    (row(father_id="²" * 12), "father_id", "12-digit"),
    (row(mother_id="12345"), "mother_id", "12-digit"),
]


@pytest.mark.parametrize(("bad", "column", "reason"), BAD_ROWS)
def test_each_bad_row_is_rejected_with_line_column_and_reason(
    tmp_path: Path, engine: Engine, bad: dict[str, str], column: str, reason: str
) -> None:
    other = row(personal_id="079195000001", full_name="Lê Thị Bích", sex="F", date_of_birth="1995-07-02")
    path = write_csv(tmp_path / "people.csv", [other, bad])
    summary = import_population_csv(engine, path, today=TODAY)
    assert (summary.imported, summary.rejected) == (1, 1)
    [reject] = summary.first_rejects
    assert reject.line == 3  # header on line 1, the good row on line 2
    assert reject.column == column
    assert reason.lower() in reject.reason.lower()
    assert count(engine) == 1


def test_mixed_file_imports_good_rows_and_names_every_bad_one(tmp_path: Path, engine: Engine) -> None:
    rows = [row(personal_id=f"0010901{i:05d}") for i in range(10)]
    bad_lines = {}
    for position, (bad, _column, _reason) in enumerate(BAD_ROWS[:8]):
        rows.insert(position * 2, bad)
    for line, item in enumerate(rows, start=2):
        if item in [b[0] for b in BAD_ROWS[:8]]:
            bad_lines[line] = item
    path = write_csv(tmp_path / "mixed.csv", rows)
    seen: list[int] = []
    summary = import_population_csv(engine, path, today=TODAY, on_reject=lambda r: seen.append(r.line))
    assert summary.imported == 10
    assert summary.rejected == 8
    assert sorted(seen) == sorted(bad_lines)
    assert count(engine) == 10


def test_reasons_never_carry_the_values(tmp_path: Path, engine: Engine) -> None:
    rows = [bad for bad, _column, _reason in BAD_ROWS]
    path = write_csv(tmp_path / "p.csv", rows)
    summary = import_population_csv(engine, path, today=TODAY)
    assert summary.rejected == len(rows)
    for reject, bad in zip(summary.first_rejects, rows, strict=True):
        values = [bad[reject.column]] if reject.column in bad else []
        for value in values:
            for piece in [value.strip(), *value.split("-"), *value.split()]:
                if len(piece) >= 2 and not piece.isalpha():
                    assert piece not in reject.reason, (reject, piece)
        assert "1990" not in reject.reason and "0010" not in reject.reason


def test_duplicate_id_in_one_file_names_the_first_line(tmp_path: Path, engine: Engine) -> None:
    path = write_csv(tmp_path / "dup.csv", [row(), row(personal_id="001090000001"), row(full_name="Nguyễn Văn Ân")])
    summary = import_population_csv(engine, path, today=TODAY)
    assert summary.imported == 2
    [reject] = summary.first_rejects
    assert (reject.line, reject.column) == (4, "personal_id")
    assert "first on line 2" in reject.reason


def test_reimport_updates_and_never_duplicates(tmp_path: Path, engine: Engine) -> None:
    people = [row(personal_id=f"0010901{i:05d}") for i in range(5)]
    path = write_csv(tmp_path / "a.csv", people)
    first = import_population_csv(engine, path, today=TODAY)
    assert (first.inserted, first.updated, first.unchanged) == (5, 0, 0)
    people[2] = {
        **people[2],
        "full_name": "NGUYỄN VĂN BẢO",
        "is_deceased": "1",
        "date_of_death": "2020-05-01",
    }
    write_csv(path, people)
    second = import_population_csv(engine, path, today=TODAY)
    assert (second.imported, second.inserted, second.updated, second.unchanged) == (5, 0, 1, 4)
    assert count(engine) == 5
    with engine.connect() as connection:
        changed = connection.execute(select(Citizen).where(Citizen.personal_id == "001090100002")).one()
        runs = connection.execute(select(func.count()).select_from(ImportRun)).scalar_one()
    assert changed.full_name == "Nguyễn Văn Bảo"  # capitals become title case
    assert changed.is_deceased and changed.date_of_death == "2020-05-01"
    assert runs == 2


def test_strict_import_writes_nothing_when_a_row_is_bad(tmp_path: Path, engine: Engine) -> None:
    path = write_csv(tmp_path / "s.csv", [row(), row(personal_id="1")])
    with pytest.raises(RejectedRowsError, match="line 3"):
        import_population_csv(engine, path, today=TODAY, strict=True)
    assert count(engine) == 0
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(ImportRun)).scalar_one() == 0


def test_stored_row_is_normalised(tmp_path: Path, engine: Engine) -> None:
    path = write_csv(
        tmp_path / "n.csv",
        [row(full_name="  TÔN  THẤT   HOÀ ", sex="Nam", date_of_birth="1950", personal_id="001050000123")],
    )
    import_population_csv(engine, path, today=TODAY)
    with engine.connect() as connection:
        person = connection.execute(select(Citizen)).one()
    assert person.full_name == "Tôn Thất Hoà"  # the document's own tone placement is kept
    assert (person.surname, person.middle_name, person.given_name) == ("Tôn Thất", "", "Hoà")
    assert person.name_key == "ton that hoa"
    assert (person.surname_key, person.given_key) == ("ton that", "hoa")  # blocking keys (pipeline.match.blocking)
    assert (person.sex, person.date_of_birth, person.birth_year) == ("M", "1950", 1950)


def test_partial_dates_are_accepted(tmp_path: Path, engine: Engine) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [row(date_of_birth="1990-03"), row(personal_id="001090000002", date_of_birth="1990")],
    )
    assert import_population_csv(engine, path, today=TODAY).imported == 2
    with engine.connect() as connection:
        stored = connection.execute(select(Citizen.date_of_birth, Citizen.birth_year).order_by(Citizen.id)).all()
    assert [tuple(r) for r in stored] == [("1990-03", 1990), ("1990", 1990)]


def test_blank_ethnicity_stays_blank_and_text_is_nfc(tmp_path: Path, engine: Engine) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Thôn Đông,  xã Tân Lập")
    path = write_csv(tmp_path / "e.csv", [row(ethnicity="", address=decomposed)])
    import_population_csv(engine, path, today=TODAY)
    with engine.connect() as connection:
        ethnicity, address = connection.execute(select(Citizen.ethnicity, Citizen.address)).one()
    assert ethnicity == ""
    assert address == "Thôn Đông, xã Tân Lập"


def test_a_short_unclosed_quote_names_the_lines_it_ran_over(tmp_path: Path, engine: Engine) -> None:
    path = write_csv(tmp_path / "q.csv", [row(personal_id=f"0010901{i:05d}") for i in range(10)])
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    lines[3] += '"'  # opens a quote in the last cell, closed by the first quote of the next line
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    summary = import_population_csv(engine, path, today=TODAY)
    [reject] = summary.first_rejects
    assert reject.line == 4
    assert "runs from line 4 to line 5" in reject.reason
    assert summary.imported == 8


def test_an_unclosed_quote_is_named_not_swallowed_silently(tmp_path: Path, engine: Engine) -> None:
    plain = {"address": "Thôn Đông xã Tân Lập", "place_of_birth": "Hà Nội"}
    path = write_csv(tmp_path / "q.csv", [row(personal_id=f"0010901{i:05d}", **plain) for i in range(10)])
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    lines[3] = lines[3].replace("Nguyễn Văn An", '"Nguyễn Văn An', 1)
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    summary = import_population_csv(engine, path, today=TODAY)
    [reject] = summary.first_rejects
    assert reject.line == 4
    assert "quote is not closed" in reject.reason and "line 4 to line" in reject.reason
    assert summary.imported == 2


def test_extra_columns_are_ignored_and_optional_links_kept(tmp_path: Path, engine: Engine) -> None:
    columns = (*CSV_COLUMNS, "notes")
    item = row(father_id="001060000001", notes="anything")
    path = write_csv(tmp_path / "x.csv", [item], columns)
    assert import_population_csv(engine, path, today=TODAY).imported == 1
    with engine.connect() as connection:
        assert connection.execute(select(Citizen.father_id)).scalar_one() == "001060000001"


def test_bom_and_header_case_are_tolerated(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "bom.csv"
    header = ",".join(name.upper() for name in REQUIRED_COLUMNS)
    values = ",".join(f'"{GOOD[name]}"' for name in REQUIRED_COLUMNS)
    path.write_bytes(("\ufeff" + header + "\r\n" + values + "\r\n").encode("utf-8"))
    assert import_population_csv(engine, path, today=TODAY).imported == 1


def test_line_numbers_count_physical_lines_across_quoted_newlines(tmp_path: Path, engine: Engine) -> None:
    rows = [row(address="Thôn Đông,\nxã Tân Lập"), row(personal_id="1"), row(personal_id="001090000009")]
    path = write_csv(tmp_path / "nl.csv", rows)
    summary = import_population_csv(engine, path, today=TODAY)
    assert [r.line for r in summary.first_rejects] == [4]  # the first row spans lines 2 and 3


def test_non_utf8_row_is_rejected_alone(tmp_path: Path, engine: Engine) -> None:
    path = write_csv(tmp_path / "enc.csv", [row(), row(personal_id="001090000002"), row(personal_id="001090000003")])
    lines = path.read_bytes().split(b"\r\n")
    lines[2] = lines[2].replace("Nguyễn Văn An".encode(), "Nguyễn Văn An".encode("cp1258", errors="replace"))
    lines[2] = lines[2].replace(b"An", b"\xc0n")  # a byte that is not UTF-8
    path.write_bytes(b"\r\n".join(lines))
    summary = import_population_csv(engine, path, today=TODAY)
    assert summary.imported == 2
    [reject] = summary.first_rejects
    assert (reject.line, reject.column) == (3, "full_name")
    assert "UTF-8" in reject.reason


def test_wrong_cell_count_is_a_row_error(tmp_path: Path, engine: Engine) -> None:
    path = write_csv(tmp_path / "w.csv", [row()])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("001090000002,Lê Văn Tám,M\n")
    summary = import_population_csv(engine, path, today=TODAY)
    assert [(r.line, r.column) for r in summary.first_rejects] == [(3, "row")]
    assert "cells" in summary.first_rejects[0].reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"personal_id,full_name\n001090123445,A\n", "missing required column"),
    ],
)
def test_unusable_files_are_input_errors(tmp_path: Path, engine: Engine, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        import_population_csv(engine, path, today=TODAY)


def test_missing_file_is_an_input_error(tmp_path: Path, engine: Engine) -> None:
    with pytest.raises(InputError, match="cannot open"):
        import_population_csv(engine, tmp_path / "nope.csv", today=TODAY)


def test_import_runs_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    engine = open_database(postgres_url)
    try:
        rows = [row(personal_id=f"0010901{i:05d}") for i in range(20)] + [row(sex="?"), row(ethnicity="x" * 41)]
        path = write_csv(tmp_path / "pg.csv", rows)
        first = import_population_csv(engine, path, today=TODAY)
        second = import_population_csv(engine, path, today=TODAY)
        assert (first.imported, first.rejected, first.inserted) == (20, 2, 20)
        assert (second.inserted, second.updated, second.unchanged) == (0, 0, 20)
        rows[3] = {**rows[3], "address": "Phường Mới"}
        third = import_population_csv(engine, write_csv(tmp_path / "pg.csv", rows), today=TODAY)
        assert (third.inserted, third.updated, third.unchanged) == (0, 1, 19)
        assert count(engine) == 20
    finally:
        engine.dispose()


def _indexes(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return {r[1] for r in connection.exec_driver_sql("PRAGMA index_list('citizens')")}


def test_a_first_import_builds_the_blocking_indexes_after_its_rows(tmp_path: Path, engine: Engine) -> None:
    """The blocking-key indexes are dropped for a first import and built again at its end: they are there after
    it, and after a first import that fails, as they were."""
    expected = _indexes(engine)
    assert {"ix_citizens_given_key_date_of_birth", "ix_citizens_surname_key_date_of_birth"} <= expected
    path = write_csv(tmp_path / "s.csv", [row(), row(personal_id="1")])
    with pytest.raises(RejectedRowsError):
        import_population_csv(engine, path, today=TODAY, strict=True)
    assert _indexes(engine) == expected
    import_population_csv(engine, write_csv(tmp_path / "g.csv", [row()]), today=TODAY)
    assert _indexes(engine) == expected
    with engine.connect() as connection:
        plan = " ".join(
            str(r[-1])
            for r in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM citizens WHERE surname_key = 'nguyen' AND given_key = 'an' "
                "AND birth_year = 1990 AND name_key = 'nguyen van an'"
            )
        )
    assert "ix_citizens_surname_key_given_key_birth_year_name_key" in plan
