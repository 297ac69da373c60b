"""Matching and cleaning stored records end to end on a real database: issues stored with their evidence, events
registered twice, namesakes, re-matching that keeps what stewards decided, the export, and PostgreSQL."""

from __future__ import annotations

import datetime
import json
from typing import Any

import jsonschema
from sqlalchemy import Engine, select, text, update

from pipeline.cleaning import match_and_clean
from pipeline.extract.schema import SCHEMAS_DIR
from pipeline.match.query import FieldValue
from pipeline.normalize.text import fold
from pipeline.population.loader import load_rows
from pipeline.report.export import iter_export
from pipeline.store.db import open_database, transaction
from pipeline.store.models import Citizen, Issue, RecordPerson, ReviewStatus
from pipeline.store.records import add_record
from pipeline.synth.population import PopulationGenerator, citizen_rows
from tests.records import birth_values

TODAY = datetime.date(2026, 11, 25)


def _population(engine: Engine, count: int = 1500) -> dict[str, Any]:
    load_rows(engine, citizen_rows(PopulationGenerator(43, TODAY).people(count), TODAY), source_name="test")
    with engine.connect() as connection:
        return {c.personal_id: c for c in connection.execute(select(Citizen.__table__).order_by(Citizen.id))}


def _child(people: dict[str, Any], skip: int = 0) -> Any:
    children = [
        c
        for c in people.values()
        if c.mother_id in people and c.father_id in people and len(c.date_of_birth) == 10 and not c.is_deceased
    ]
    return children[skip]


def _birth(people: dict[str, Any], child: Any, registered: str, **change: str) -> dict[str, FieldValue]:
    mother, father = people[child.mother_id], people[child.father_id]
    values = {**birth_values(child, mother, father, registered=registered, number=registered[:4]), **change}
    return {name: FieldValue(value, value, 0.95) for name, value in values.items()}


def _add(engine: Engine, doc_type: str, fields: dict[str, FieldValue]) -> int:
    with transaction(engine) as session:
        return add_record(session, doc_type, fields, source_ref="test.csv#line=2")


def _issues(engine: Engine, record_id: int) -> dict[tuple[str, str | None], Issue]:
    with transaction(engine) as session:
        issues = session.scalars(select(Issue).where(Issue.record_id == record_id)).all()
        session.expunge_all()
    return {(i.code, i.role): i for i in issues}


def test_issues_are_stored_with_their_evidence(engine: Engine) -> None:
    people = _population(engine)
    child = _child(people)
    wrong_id = child.personal_id[:-1] + str((int(child.personal_id[-1]) + 1) % 10)
    record = _add(engine, "birth", _birth(people, child, "2020-01-01", personal_id=wrong_id))
    summary = match_and_clean(engine, today=TODAY)
    assert summary.records == 1 and summary.persons["matched"] == 3 and summary.issues == {"ID_MISMATCH": 1}
    [issue] = _issues(engine, record).values()
    assert (issue.code, issue.role, issue.field, issue.severity) == ("ID_MISMATCH", "subject", "personal_id", "high")
    assert (issue.document_value, issue.database_value) == (wrong_id, child.personal_id)
    assert issue.match_score > 0.99 and issue.ocr_confidence == 0.95
    with engine.connect() as connection:
        persons = connection.execute(
            select(RecordPerson.role, RecordPerson.status, RecordPerson.evidence, Citizen.personal_id)
            .join(Citizen, Citizen.id == RecordPerson.citizen_id)
            .where(RecordPerson.record_id == record)
        ).all()
    linked = {role: pid for role, _, _, pid in persons}
    assert linked == {"subject": child.personal_id, "mother": child.mother_id, "father": child.father_id}
    evidence = next(e for role, _, e, _ in persons if role == "subject")
    assert evidence["best"]["fields"]["personal_id"]["level"] == "one_digit"
    assert child.personal_id not in json.dumps(evidence) and fold(child.full_name) not in fold(json.dumps(evidence))
    assert match_and_clean(engine, today=TODAY).records == 0  # nothing new to match


def test_a_second_registration_of_one_birth_is_flagged_on_the_later_one(engine: Engine) -> None:
    people = _population(engine)
    child = _child(people, 3)
    later = _add(engine, "birth", _birth(people, child, "2024-05-01"))
    match_and_clean(engine, today=TODAY)
    assert _issues(engine, later) == {}  # alone, it is no duplicate
    earlier = _add(engine, "birth", _birth(people, child, "2019-03-02"))  # arrives after, registered before
    match_and_clean(engine, today=TODAY)
    assert _issues(engine, earlier) == {}
    duplicate = _issues(engine, later)[("DUPLICATE_RECORD", "subject")]
    assert duplicate.detail == f"first registered in record {earlier}"
    assert (duplicate.document_value, duplicate.database_value) == ("2024", "2019")


def test_namesakes_are_ambiguous(engine: Engine) -> None:
    people = _population(engine)
    owner = next(c for c in people.values() if c.middle_name and not c.is_deceased and len(c.date_of_birth) == 10)
    twin = {
        column: getattr(owner, column)
        for column in Citizen.__table__.columns.keys()  # noqa: SIM118 (column names, not columns)
        if column not in ("id", "personal_id", "date_of_birth")
    }
    with engine.begin() as connection:
        connection.execute(
            Citizen.__table__.insert().values(
                **twin, personal_id="001" + owner.personal_id[3:6] + "999999", date_of_birth=f"{owner.birth_year}-12-31"
            )
        )

    def land(name: str) -> dict[str, FieldValue]:  # namesakes born the same year at the same address, no ID given
        values = {"owner_name": name, "owner_birth_year": str(owner.birth_year), "owner_address": owner.address}
        values["issue_date"] = "2001-01-01"
        return {k: FieldValue(v, v, 0.95) for k, v in values.items()}

    namesakes = _add(engine, "land", land(owner.full_name))
    match_and_clean(engine, today=TODAY)
    assert set(_issues(engine, namesakes)) == {("AMBIGUOUS_MATCH", "owner"), ("MISSING_REQUIRED_FIELD", None)}
    with engine.connect() as connection:
        persons = connection.execute(select(RecordPerson.status, RecordPerson.citizen_id, RecordPerson.evidence)).all()
    [(status, citizen, evidence)] = persons
    assert (status, citizen, evidence["candidates"]) == ("ambiguous", None, 2)
    assert evidence["best"]["total"] - evidence["runner_up"]["total"] < 6


def test_rematching_keeps_what_stewards_decided(engine: Engine) -> None:
    people = _population(engine)
    alive = next(c for c in people.values() if not c.is_deceased and len(c.date_of_birth) == 10 and c.birth_year < 1950)
    values = {
        "register_number": "9",
        "full_name": alive.full_name,
        "date_of_birth": alive.date_of_birth,
        "sex": alive.sex,
        "personal_id": alive.personal_id[:-1] + str((int(alive.personal_id[-1]) + 3) % 10),
        "date_of_death": "2025-02-03",
        "registration_date": "2025-02-10",
    }
    record = _add(engine, "death", {k: FieldValue(v, v, 0.95) for k, v in values.items()})
    match_and_clean(engine, today=TODAY)
    issues = _issues(engine, record)
    assert {("DEATH_NOT_RECORDED", "subject"), ("ID_MISMATCH", "subject")} <= set(issues)
    with engine.begin() as connection:  # a steward dismisses the ID issue (the register's ID is being corrected)
        connection.execute(
            update(Issue)
            .where(Issue.id == issues[("ID_MISMATCH", "subject")].id)
            .values(review_status=ReviewStatus.DISMISSED.value, reviewer="steward-1", reviewer_note="checked")
        )
        # the population changes: the death is recorded, and the ID corrected to the document's
        connection.execute(
            text(
                "UPDATE citizens SET is_deceased = 1, date_of_death = '2025-02-03', personal_id = :new WHERE id = :id"
            ),
            {"new": values["personal_id"], "id": alive.id},
        )
    summary = match_and_clean(engine, today=TODAY, rematch=True)
    after = _issues(engine, record)
    assert ("DEATH_NOT_RECORDED", "subject") not in after  # no longer raised, and open: gone
    kept = after[("ID_MISMATCH", "subject")]  # no longer raised, but decided: kept as the steward left it
    assert (kept.review_status, kept.reviewer, kept.reviewer_note) == ("dismissed", "steward-1", "checked")
    assert summary.issues_removed >= 1


def test_the_export_shows_persons_and_issues(engine: Engine) -> None:
    people = _population(engine)
    child = _child(people, 5)
    _add(engine, "birth", _birth(people, child, "2021-07-07", mother_name="Nguyễn Thị Xuyến"))
    match_and_clean(engine, today=TODAY)
    schema = json.loads((SCHEMAS_DIR / "export.schema.json").read_text(encoding="utf-8"))
    [row] = list(iter_export(engine))
    jsonschema.validate(row, schema)
    persons = {p["role"]: p for p in row["persons"]}
    assert persons["subject"] == {
        "role": "subject",
        "citizen_id": child.personal_id,
        "status": "matched",
        "score": persons["subject"]["score"],
    }
    assert persons["subject"]["score"] > 0.99
    [issue] = row["issues"]
    assert issue["code"] == "PARENT_MISMATCH" and issue["role"] == "mother" and issue["field"] == "mother_name"
    assert issue["document_value"] == "Nguyễn Thị Xuyến"
    assert issue["database_value"] == people[child.mother_id].full_name


def test_matching_and_cleaning_on_postgresql(postgres_url: str) -> None:
    engine = open_database(postgres_url)
    try:
        people = _population(engine, 600)
        child = _child(people)
        first = _add(engine, "birth", _birth(people, child, "2020-01-01"))
        second = _add(engine, "birth", _birth(people, child, "2023-01-01", sex="F" if child.sex == "M" else "M"))
        summary = match_and_clean(engine, today=TODAY)
        assert summary.records == 2 and summary.persons["matched"] == 6
        assert _issues(engine, first) == {}
        assert set(_issues(engine, second)) == {("DUPLICATE_RECORD", "subject"), ("SEX_MISMATCH", "subject")}
        again = match_and_clean(engine, today=TODAY, rematch=True)
        assert (again.issues_new, again.issues_removed) == (0, 0)
    finally:
        engine.dispose()


def test_the_match_command(engine: Engine, sqlite_url: str, tmp_path) -> None:
    import os
    import subprocess
    import sys

    people = _population(engine, 600)
    child = _child(people)
    _add(engine, "birth", _birth(people, child, "2020-01-01", sex="F" if child.sex == "M" else "M"))
    env = {**os.environ, "SOHOA_DATA_DIR": str(tmp_path / "data")}
    run = [sys.executable, "-m", "pipeline.cli", "--db", sqlite_url, "match"]
    first = subprocess.run(run, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "matched 1 record(s): persons 3 matched; issues 1 SEX_MISMATCH" in first.stdout
    assert child.personal_id not in first.stdout and child.full_name not in first.stdout
    again = subprocess.run(run, env=env, capture_output=True, text=True, timeout=120)
    assert "no records to match" in again.stdout
    everything = subprocess.run([*run, "--all"], env=env, capture_output=True, text=True, timeout=120)
    assert "matched 1 record(s)" in everything.stdout and "0 new issue(s), 0 no longer raised" in everything.stdout


def test_a_large_enough_population_is_matched_with_its_own_measured_weights(engine: Engine) -> None:
    from pipeline.match.model import MIN_CITIZENS
    from pipeline.store.models import MatchModel

    people = _population(engine, MIN_CITIZENS + 100)
    child = _child(people)
    _add(engine, "birth", _birth(people, child, "2020-01-01"))
    summary = match_and_clean(engine, today=TODAY)
    assert summary.records == 1 and summary.persons["matched"] == 3 and summary.match_model is not None
    with engine.connect() as connection:
        [model] = connection.execute(select(MatchModel.id, MatchModel.citizens)).all()
    assert model == (summary.match_model, MIN_CITIZENS + 100)
    assert summary.as_dict()["match_model"] == model.id  # an id and counts: what a log may carry
