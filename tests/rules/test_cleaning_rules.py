"""Every issue code, table-driven, through matching and the rules on a real database: a record built from citizens
of a generated population, one thing changed, and the issues it must (and must not) raise. The near misses that
must raise nothing: tone-mark placement, capitals, the register knowing more of a date than the document."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, select

from pipeline.extract.schema import load_schemas
from pipeline.match.batch import load_context, match_records
from pipeline.match.query import FieldValue, RecordView
from pipeline.normalize.ids import make_personal_id
from pipeline.normalize.names import canonical_name
from pipeline.population.loader import load_rows
from pipeline.rules.codes import issue_codes
from pipeline.rules.record_rules import record_issues
from pipeline.store.db import open_database
from pipeline.store.models import Citizen
from pipeline.synth.population import PopulationGenerator, citizen_rows
from pipeline.synth.scans.discrepancies import diacritic_variant
from tests.records import birth_values

TODAY = datetime.date(2026, 11, 25)
SCHEMAS = load_schemas()


@dataclass(frozen=True)
class World:
    engine: Engine
    by_id: dict[str, Any]
    child: Any
    deceased: Any
    alive: Any
    husband: Any
    old_placement: Any  # a citizen whose name has a syllable written with the old tone placement ("Hoà", "Thuỷ")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('rules') / 'sohoa.db'}")
    load_rows(engine, citizen_rows(PopulationGenerator(41, TODAY).people(3000), TODAY), source_name="test")
    with engine.connect() as connection:
        citizens = list(connection.execute(select(Citizen.__table__).order_by(Citizen.id)))
    by_id = {c.personal_id: c for c in citizens}
    full = [c for c in citizens if len(c.date_of_birth) == 10]
    child = next(
        c
        for c in full
        if c.mother_id in by_id and c.father_id in by_id and c.birth_year > 1990 and 3 < int(c.date_of_birth[8:]) < 13
    )
    husband = next(
        c
        for c in full
        if c.sex == "M" and c.spouse_id in by_id and not c.is_deceased and not by_id[c.spouse_id].is_deceased
    )
    yield World(
        engine=engine,
        by_id=by_id,
        child=child,
        deceased=next(c for c in full if c.is_deceased and c.date_of_death),
        alive=next(c for c in full if not c.is_deceased and c.birth_year < 1960 and c is not husband),
        husband=husband,
        old_placement=next(c for c in full if canonical_name(c.full_name) != c.full_name or "òa" in c.full_name),
    )
    engine.dispose()


def _fields(values: dict[str, str | None], confidence: dict[str, float], raw: dict[str, str]) -> dict[str, FieldValue]:
    return {
        name: FieldValue(value, raw.get(name, value), confidence.get(name, 0.96))
        for name, value in values.items()
        if value is not None
    }


def birth(w: World, **change: Any) -> tuple[str, dict[str, str | None]]:
    child, mother, father = w.child, w.by_id[w.child.mother_id], w.by_id[w.child.father_id]
    registered = (datetime.date.fromisoformat(child.date_of_birth) + datetime.timedelta(days=20)).isoformat()
    return "birth", {**birth_values(child, mother, father, registered=registered, number="12"), **change}


def death(w: World, person: Any, **change: Any) -> tuple[str, dict[str, str | None]]:
    died = person.date_of_death or "2025-06-01"
    values = {
        "register_number": "7",
        "full_name": person.full_name,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex,
        "personal_id": person.personal_id,
        "date_of_death": died,
        "place_of_death": "Bệnh viện",
        "registration_date": died,
    }
    return "death", {**values, **change}


def marriage(w: World, **change: Any) -> tuple[str, dict[str, str | None]]:
    husband, wife = w.husband, w.by_id[w.husband.spouse_id]
    values = {
        "register_number": "3",
        "husband_name": husband.full_name,
        "husband_date_of_birth": husband.date_of_birth,
        "husband_personal_id": husband.personal_id,
        "husband_residence": husband.address,
        "wife_name": wife.full_name,
        "wife_date_of_birth": wife.date_of_birth,
        "wife_personal_id": wife.personal_id,
        "wife_residence": wife.address,
        "registration_date": "2015-05-05",
    }
    return "marriage", {**values, **change}


def land(w: World, owner: Any = None, **change: Any) -> tuple[str, dict[str, str | None]]:
    owner = owner or w.alive
    values = {
        "owner_name": owner.full_name,
        "owner_birth_year": str(owner.birth_year),
        "owner_personal_id": owner.personal_id,
        "owner_address": owner.address,
        "parcel_number": "978",
        "map_sheet_number": "1",
        "area_m2": "5890.0",
        "land_use_purpose": "Đất trồng lúa",
        "certificate_serial": "GQ 748113",
        "issue_date": "1994-10-15",
    }
    return "land", {**values, **change}


def _swap_digit(pid: str, index: int) -> str:
    return pid[:index] + str((int(pid[index]) + 1) % 10) + pid[index + 1 :]


def _diacritic_change(name: str) -> str:
    changed = diacritic_variant(name, random.Random(3))  # the generator's own NAME_DIACRITICS
    assert changed is not None
    return changed[0]


def _letter_change(name: str) -> str:
    words = name.split()
    return " ".join([*words[:-1], "X" + words[-1][1:]])


def _flip_sex_digit(pid: str) -> str:
    return pid[:3] + str(int(pid[3]) ^ 1) + pid[4:]


Build = Callable[[World], tuple[str, dict[str, str | None]]]
# (case, record, OCR confidences, raw readings, the issues expected as (code, role))
CASES: list[tuple[str, Build, dict[str, float], Callable[[World], dict[str, str]], set[tuple[str, str | None]]]] = [
    ("clean birth", lambda w: birth(w), {}, lambda w: {}, set()),
    ("name in capitals", lambda w: birth(w), {}, lambda w: {"full_name": w.child.full_name.upper()}, set()),
    ("clean death", lambda w: death(w, w.deceased), {}, lambda w: {}, set()),
    ("clean marriage", lambda w: marriage(w), {}, lambda w: {}, set()),
    ("clean land", lambda w: land(w), {}, lambda w: {}, set()),
    (
        "tone placement only",
        lambda w: land(w, w.old_placement, owner_name=canonical_name(w.old_placement.full_name).replace("òa", "oà")),
        {},
        lambda w: {},
        set(),
    ),
    (
        "land gives the year, the register the day",
        lambda w: land(w, owner_birth_year=str(w.alive.birth_year)),
        {},
        lambda w: {},
        set(),
    ),
    (
        "ID one serial digit off",
        lambda w: birth(w, personal_id=_swap_digit(w.child.personal_id, 10)),
        {},
        lambda w: {},
        {("ID_MISMATCH", "subject")},
    ),
    (
        "ID off but read unsure",
        lambda w: birth(w, personal_id=_swap_digit(w.child.personal_id, 10)),
        {"personal_id": 0.5},
        lambda w: {},
        {("LOW_CONFIDENCE", "subject")},
    ),
    (
        "ID with eleven digits",
        lambda w: marriage(w, husband_personal_id=w.husband.personal_id[:5] + w.husband.personal_id[6:]),
        {},
        lambda w: {},
        {("ID_INVALID", "husband")},
    ),
    (
        "ID sex digit wrong",
        lambda w: land(w, owner_personal_id=_flip_sex_digit(w.alive.personal_id)),
        {},
        lambda w: {},
        {("ID_INVALID", "owner")},
    ),
    (
        "a serial mistyped and the given name misspelled: still found, both reported",
        lambda w: land(
            w,
            owner_personal_id=w.alive.personal_id[:6] + str((int(w.alive.personal_id[6:]) + 4321) % 10**6).zfill(6),
            owner_name=_letter_change(w.alive.full_name),
        ),
        {},
        lambda w: {},
        {("ID_MISMATCH", "owner"), ("NAME_MISMATCH", "owner")},
    ),
    (
        "name diacritics",
        lambda w: birth(w, full_name=_diacritic_change(w.child.full_name)),
        {},
        lambda w: {},
        {("NAME_DIACRITICS", "subject")},
    ),
    (
        "name letters",
        lambda w: death(w, w.deceased, full_name=_letter_change(w.deceased.full_name)),
        {},
        lambda w: {},
        {("NAME_MISMATCH", "subject")},
    ),
    (
        "name misread by OCR",
        lambda w: death(w, w.deceased, full_name=w.deceased.full_name + " Tu"),
        {"full_name": 0.6},
        lambda w: {},
        {("LOW_CONFIDENCE", "subject")},
    ),
    (
        "date of birth: day and month swapped",
        lambda w: birth(
            w, date_of_birth=f"{w.child.date_of_birth[:4]}-{w.child.date_of_birth[8:]}-{w.child.date_of_birth[5:7]}"
        ),
        {},
        lambda w: {},
        {("DOB_MISMATCH", "subject")},
    ),
    (
        "land: the year of birth one off",
        lambda w: land(w, owner_birth_year=str(w.alive.birth_year + 1)),
        {},
        lambda w: {},
        {("DOB_MISMATCH", "owner")},
    ),
    (
        "sex flipped (the ID agrees with the register)",
        lambda w: birth(w, sex="F" if w.child.sex == "M" else "M"),
        {},
        lambda w: {},
        {("SEX_MISMATCH", "subject")},
    ),
    (
        "mother's name misspelled",
        lambda w: birth(w, mother_name=_letter_change(w.by_id[w.child.mother_id].full_name)),
        {},
        lambda w: {},
        {("PARENT_MISMATCH", "mother")},
    ),
    (
        "nobody in the register",
        lambda w: birth(
            w,
            full_name="Zơ Râm Khuyết",
            personal_id=make_personal_id("001", w.child.sex, w.child.birth_year, 999_999),
            mother_name="Zơ Râm Bia",
            father_name="Zơ Râm Ba",
        ),
        {},
        lambda w: {},
        {("NOT_FOUND", "subject")},
    ),
    (
        "a death the register lacks",
        lambda w: death(w, w.alive),
        {},
        lambda w: {},
        {("DEATH_NOT_RECORDED", "subject")},
    ),
    (
        "registered before the birth",
        lambda w: birth(w, registration_date=f"{w.child.birth_year - 1}-01-01"),
        {},
        lambda w: {},
        {("REGISTERED_BEFORE_BIRTH", "subject")},
    ),
    (
        "a mother of ten",
        lambda w: birth(w, mother_birth_year=str(w.child.birth_year - 10)),
        {},
        lambda w: {},
        {("PARENT_TOO_YOUNG", "mother")},
    ),
    (
        "a required field missing",
        lambda w: birth(w, place_of_birth=None),
        {},
        lambda w: {},
        {("MISSING_REQUIRED_FIELD", None)},
    ),
    (
        "a date in the future",
        lambda w: land(w, issue_date="2031-01-01"),
        {},
        lambda w: {},
        {("DATE_IMPOSSIBLE", None)},
    ),
    (
        "a certificate issued after the owner's death",
        lambda w: land(w, w.deceased, issue_date=w.deceased.date_of_death),
        {},
        lambda w: {},
        set(),
    ),
    (
        "issued the day after the owner's death",
        lambda w: land(
            w,
            w.deceased,
            issue_date=(datetime.date.fromisoformat(w.deceased.date_of_death) + datetime.timedelta(days=1)).isoformat(),
        ),
        {},
        lambda w: {},
        {("EVENT_AFTER_DEATH", "owner")},
    ),
]


def _issues(world: World, case: tuple) -> set[tuple[str, str | None]]:
    _, build, confidence, raw, _ = case
    doc_type, values = build(world)
    record = RecordView(1, doc_type, _fields(values, confidence, raw(world)))
    with world.engine.connect() as connection:
        [match] = match_records(connection, [record], SCHEMAS, load_context(connection))
    return {(issue.code, issue.role) for issue in record_issues(match, SCHEMAS, TODAY)}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_case_raises_exactly_its_issues(world: World, case: tuple) -> None:
    assert _issues(world, case) == case[4]


def test_every_code_a_rule_raises_on_its_own_has_a_case() -> None:
    covered = {code for case in CASES for code, _ in case[4]}
    # raised with more than one record (DUPLICATE_RECORD) or more than one citizen (AMBIGUOUS_MATCH, PROBABLE_MATCH):
    # tests/test_cleaning.py
    elsewhere = {"DUPLICATE_RECORD", "AMBIGUOUS_MATCH", "PROBABLE_MATCH"}
    assert covered | elsewhere == set(issue_codes())
