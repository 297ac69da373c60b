"""Candidates looked up by blocking keys in a real database: the true citizen is found through the discrepancies the
generator injects, the lookup uses the keys' indexes (no scan of the population), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select

from pipeline.match.blocking import KINDS, blocking_keys
from pipeline.match.candidates import (
    KEY_COLUMNS,
    born_per_year,
    citizens_by_personal_id,
    fetch_blocks,
    lookup_parameters,
    lookup_sql,
    same_prefix,
)
from pipeline.population.loader import load_rows
from pipeline.store.db import open_database
from pipeline.store.models import Citizen
from pipeline.synth.population import PopulationGenerator, citizen_rows

AS_OF = date(2026, 11, 25)


def _load(engine: Engine, count: int = 2000) -> list:
    load_rows(engine, citizen_rows(PopulationGenerator(31, AS_OF).people(count), AS_OF), source_name="test")
    with engine.connect() as connection:
        return list(connection.execute(select(Citizen.__table__).order_by(Citizen.id)))


def _keys(citizen, **change: str | None) -> list:
    person = {"full_name": citizen.full_name, "date_of_birth": citizen.date_of_birth}
    return blocking_keys(**{**person, "personal_id": citizen.personal_id, **change})


def test_the_citizen_is_found_through_each_kind_of_discrepancy(engine: Engine) -> None:
    citizens = [c for c in _load(engine) if len(c.date_of_birth) == 10 and c.middle_name][:60]
    assert len(citizens) == 60
    people = []
    for citizen in citizens:
        surname, middle, given = citizen.surname, citizen.middle_name, citizen.given_name
        wrong_id = citizen.personal_id[:-1] + ("0" if citizen.personal_id[-1] != "0" else "1")
        people += [
            _keys(citizen),  # as registered
            _keys(citizen, full_name=citizen.full_name.upper(), personal_id=wrong_id),  # capitals, ID wrong
            _keys(citizen, full_name=f"{surname} {given}", personal_id=None),  # middle dropped
            _keys(citizen, full_name=f"{surname} {middle} X{given}", personal_id=None),  # given misspelled
            _keys(citizen, full_name=f"X{surname} {middle} {given}", personal_id=None),  # surname misspelled
            _keys(citizen, date_of_birth=citizen.date_of_birth[:4], personal_id=None),  # only the year
        ]
    with engine.connect() as connection:
        blocks = fetch_blocks(connection, (key for keys in people for key in keys))
    for index, citizen in enumerate(citizens):
        for variant in range(6):
            found = {c.id for c in blocks.candidates(people[index * 6 + variant])}
            assert citizen.id in found, (index, variant)
            assert len(found) < 20  # a block holds a handful, not the population


def test_a_key_no_citizen_has_finds_nobody(engine: Engine) -> None:
    _load(engine, 300)
    keys = blocking_keys(full_name="Zzyzx Qwerty", date_of_birth="1901-01-01", personal_id="099901000001")
    with engine.connect() as connection:
        blocks = fetch_blocks(connection, keys)
    assert all(found == [] for found in blocks.by_key.values()) and blocks.candidates(keys) == []


def test_every_kind_is_looked_up_through_its_index_on_sqlite(engine: Engine) -> None:
    citizen = next(c for c in _load(engine, 300) if len(c.date_of_birth) == 10)
    keys = {key.kind: key for key in _keys(citizen) + _keys(citizen, date_of_birth=citizen.date_of_birth[:4])}
    assert set(keys) == set(KINDS) == set(KEY_COLUMNS)
    with engine.connect() as connection:
        for kind, key in keys.items():
            sql = lookup_sql(kind, 2, "qmark")
            plan = " ".join(
                str(row[-1])
                for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", lookup_parameters(kind, [key, key]))
            )
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan or "PRIMARY KEY" in plan, (kind, plan)
            assert "SCAN citizens" not in plan, (kind, plan)


def test_candidates_on_postgresql(postgres_url: str) -> None:
    engine = open_database(postgres_url)
    try:
        citizen = _load(engine, 300)[5]
        keys = _keys(citizen, personal_id=None)
        with engine.connect() as connection:
            found = fetch_blocks(connection, keys).candidates(keys)
            by_id = citizens_by_personal_id(connection, [citizen.personal_id, "099901000001"])
            years = born_per_year(connection)
            serial_changed = citizen.personal_id[:6] + str((int(citizen.personal_id[6:]) + 4321) % 1_000_000).zfill(6)
            misspelled = f"{citizen.surname} {citizen.middle_name} X{citizen.given_name[1:]}"
            [in_range] = same_prefix(connection, [(serial_changed, misspelled, citizen.date_of_birth)])
        assert citizen.id in {c.id for c in found} and citizen.id in {c.id for c in in_range}
        assert list(by_id) == [citizen.personal_id] and by_id[citizen.personal_id].full_name == citizen.full_name
        assert sum(years.values()) == 300
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", KINDS)
def test_a_block_too_large_gives_no_candidates(engine: Engine, kind: str) -> None:
    citizen = next(c for c in _load(engine, 300) if len(c.date_of_birth) == 10)
    both = _keys(citizen) + _keys(citizen, date_of_birth=citizen.date_of_birth[:4])
    key = next(k for k in both if k.kind == kind)
    with engine.connect() as connection:
        assert citizen.id in fetch_blocks(connection, [key]).by_key[key]
        small = fetch_blocks(connection, [key], max_block=0)
    assert key not in small.by_key and key in small.oversized and small.candidates([key]) == []


def test_a_mistyped_serial_and_a_misspelled_name_are_found_by_the_ids_range(engine: Engine) -> None:
    from pipeline.match.candidates import same_prefix_sql

    citizen = next(c for c in _load(engine, 500) if c.middle_name)
    serial_changed = citizen.personal_id[:6] + str((int(citizen.personal_id[6:]) + 4321) % 1_000_000).zfill(6)
    with engine.connect() as connection:
        born = citizen.date_of_birth
        given_misspelled = f"{citizen.surname} {citizen.middle_name} X{citizen.given_name[1:]}"
        surname_misspelled = f"X{citizen.surname[1:]} {citizen.middle_name} {citizen.given_name}"
        found, other_day, by_given, nobody, short = same_prefix(
            connection,
            [
                (serial_changed, given_misspelled, born),
                (serial_changed, given_misspelled, born[:4] + "-12-31" if born[5:] != "12-31" else born[:4] + "-01-01"),
                (serial_changed, surname_misspelled, None),
                (serial_changed, "Zzyzx Qwerty", born),
                (serial_changed[:11], "An", born),
            ],
        )
        statement = same_prefix_sql(1, "qmark", "sqlite")
        parameters = (0, "0", "1", "nguyen", "an", None)
        plan = " ".join(str(r[-1]) for r in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
    assert citizen.id in {c.id for c in found} and citizen.id in {c.id for c in by_given}
    # the given name misspelled, the surname alone is not enough: the date must agree too
    assert citizen.id not in {c.id for c in other_day}
    assert nobody == [] and short == []
    assert all(c.personal_id[:6] == serial_changed[:6] for c in found)
    # the range searched in the personal ID's unique index, the names checked on its rows
    assert "SEARCH c USING INDEX sqlite_autoindex_citizens_1 (personal_id>? AND personal_id<?)" in plan, plan
