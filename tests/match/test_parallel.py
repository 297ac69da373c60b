"""The matching pool gives, record for record, what one process gives: its processes share nothing but the
database, and results cross back as plain tuples."""

from __future__ import annotations

import datetime

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
