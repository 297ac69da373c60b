"""The register's name counts, read from a real database (SQLite, and PostgreSQL when the machine has it)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import Engine

from pipeline.normalize.name_lexicon import syllable_key
from pipeline.population.loader import load_rows
from pipeline.store.db import open_database
from pipeline.store.name_counts import load_name_lexicon
from pipeline.synth.population import PopulationGenerator, citizen_rows

AS_OF = date(2026, 11, 25)


def _check(engine: Engine) -> None:
    assert not load_name_lexicon(engine)  # no population yet: nothing is ever doubtful
    people = PopulationGenerator(5, AS_OF).people(400)
    rows = list(citizen_rows(people, AS_OF))
    load_rows(engine, rows, source_name="test")
    lexicon = load_name_lexicon(engine)
    given = Counter(syllable_key(s) for row in rows for s in row.given_name.split())
    middle = Counter(syllable_key(s) for row in rows for s in row.middle_name.split())
    for syllable, count in given.most_common(5):
        assert lexicon.count(syllable, "given") == count
    for syllable, count in middle.most_common(3):
        assert lexicon.count(syllable, "middle") == count
    for sex in ("F", "M"):
        of_sex = Counter(syllable_key(s) for row in rows if row.sex == sex for s in row.given_name.split())
        for syllable, count in of_sex.most_common(3):
            assert lexicon.count(syllable, "given", sex) == count  # type: ignore[arg-type]
            assert count <= lexicon.count(syllable, "given")
    surname = rows[0].surname.split()[0]
    assert lexicon.count(surname, "surname") == sum(s == surname for row in rows for s in row.surname.split())


def test_counts_from_sqlite(engine: Engine) -> None:
    _check(engine)


def test_counts_from_postgresql(postgres_url: str) -> None:
    engine = open_database(postgres_url)
    try:
        _check(engine)
    finally:
        engine.dispose()
