"""The matching pool gives, record for record, what one process gives: its processes share nothing but the
database, and results cross back as plain tuples."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import Engine, select

from pipeline.extract.schema import load_schemas
from pipeline.match.batch import load_context, match_records
from pipeline.match.parallel import MatchPool
from pipeline.match.query import FieldValue, RecordView
from pipeline.population.loader import load_rows
from pipeline.rules.record_rules import record_issues
from pipeline.store.models import Citizen
from pipeline.synth.population import PopulationGenerator, citizen_rows

TODAY = datetime.date(2026, 11, 25)


def _records(engine: Engine) -> list[RecordView]:
    load_rows(engine, citizen_rows(PopulationGenerator(53, TODAY).people(600), TODAY), source_name="test")
    with engine.connect() as connection:
        people = list(connection.execute(select(Citizen.__table__).where(Citizen.birth_year > 1950)))
    records = []
    for number, person in enumerate(people[:40], start=1):
        name = person.full_name if number % 3 else person.full_name.upper()  # some read as capitals
        pid = person.personal_id if number % 4 else person.personal_id[:-1] + "0"  # some IDs wrong
        values = {"owner_name": name, "owner_birth_year": str(person.birth_year), "owner_personal_id": pid}
        records.append(RecordView(number, "land", {k: FieldValue(v, v, 0.95) for k, v in values.items()}))
    return records


def test_the_pool_matches_as_one_process_does(engine: Engine, sqlite_url: str) -> None:
    schemas = load_schemas()
    records = _records(engine)
    with engine.connect() as connection:
        context = load_context(connection)
        alone = match_records(connection, records, schemas, context)
    with MatchPool(sqlite_url, workers=2) as pool:
        pool.warm()
        pooled, issues = pool.match(records, context, TODAY)
    assert [m.record.record_id for m in pooled] == [r.record_id for r in records]
    assert pooled == [m.outcome() for m in alone]
    assert issues == {m.record.record_id: record_issues(m, schemas, TODAY) for m in alone}
    assert any(issue for issue in issues.values())  # the wrong IDs raised something


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_a_batch_is_cut_into_runs_of_about_as_many_persons(count: int) -> None:
    from pipeline.match.parallel import _slices

    schemas = load_schemas()
    kinds = ["birth"] * 12 + ["death"] * 25 + ["marriage"] * 5 + ["land"] * 3
    records = [RecordView(number, kind, {}) for number, kind in enumerate(kinds)]
    parts = _slices(records, [1.0] * count, schemas)
    assert [r for part in parts for r in part] == records and len(parts) == min(count, len(records))
    persons = [sum(len(schemas[r.doc_type].persons) for r in part) for part in parts]
    assert max(persons) - min(persons) <= 3  # at most one record's persons apart
    assert _slices([], [1.0] * count, schemas) == []
    if count > 1:  # a larger share for the first (the caller's)
        first, *rest = [
            sum(len(schemas[r.doc_type].persons) for r in part)
            for part in _slices(records, [2.0] + [1.0] * (count - 1), schemas)
        ]
        assert all(abs(first - 2 * other) <= 6 for other in rest)
