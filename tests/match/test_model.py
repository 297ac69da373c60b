"""The match model: u measured on the population, stored with the import that made that population, used by the
matches against it, estimated again when the population changes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, func, select

from pipeline.match.batch import load_context
from pipeline.match.model import MIN_CITIZENS, MIN_SEEN, ensure_model, load_weights, measured_u, sample_citizens
from pipeline.match.weights import DEFAULT_U, default_weights
from pipeline.population.loader import load_rows
from pipeline.store.models import MatchModel
from pipeline.synth.population import PopulationGenerator, citizen_rows

AS_OF = date(2026, 11, 25)


def _load(engine: Engine, count: int, seed: int = 5) -> None:
    load_rows(engine, citizen_rows(PopulationGenerator(seed, AS_OF).people(count), AS_OF), source_name="test")


def _models(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(MatchModel)).scalar_one()


def test_a_small_population_is_matched_with_the_default_weights(engine: Engine) -> None:
    _load(engine, 300)
    info = ensure_model(engine)
    assert info.model_id is None and info.citizens == 300 and _models(engine) == 0
    with engine.connect() as connection:
        weights, used = load_weights(connection)
        assert used.model_id is None and weights == default_weights()
        assert load_context(connection).weights == default_weights()


def test_the_model_is_estimated_once_for_each_version_of_the_population(engine: Engine) -> None:
    _load(engine, MIN_CITIZENS + 200)
    first = ensure_model(engine, pairs=20_000)
    assert first.model_id is not None and first.citizens == MIN_CITIZENS + 200 and first.measured > 10
    assert ensure_model(engine, pairs=20_000) == first and _models(engine) == 1  # stored: not estimated again
    with engine.connect() as connection:
        weights, used = load_weights(connection)
        assert used == first and load_context(connection).weights == weights
    assert weights != default_weights()
    sex = weights.levels["sex"]["exact"].u
    assert 0.45 < sex < 0.55  # half of all pairs share a sex: measured, not the default's exact value
    # a level too rare to measure in the sample keeps its default: two citizens with one ID
    assert weights.levels["personal_id"]["exact"].u == DEFAULT_U["personal_id"]["exact"]
    # and so does a level set by reasoning (the ID's range would count the year of birth again)
    assert weights.levels["personal_id"]["same_prefix"].u == DEFAULT_U["personal_id"]["same_prefix"]
    _load(engine, 50, seed=6)  # an import changes the population: a new version, a new model
    again = ensure_model(engine, pairs=20_000)
    assert again.model_id not in (None, first.model_id) and again.citizens == MIN_CITIZENS + 250
    assert _models(engine) == 2


def test_only_levels_seen_often_enough_are_measured(engine: Engine) -> None:
    _load(engine, 1500)
    with engine.connect() as connection:
        people = sample_citizens(connection, 1000, seed=3)
    assert len(people) == 1000 and len({p["personal_id"] for p in people}) == 1000  # each drawn once
    u = measured_u(people, pairs=5_000, seed=3)
    assert set(u) == {"name", "date_of_birth", "birth_year", "personal_id", "sex", "address", "parent_name"}
    for levels in u.values():
        assert all(5_000 * value >= MIN_SEEN - 1e-9 for value in levels.values())
    assert "exact" not in u["personal_id"] and "same_prefix" not in u["personal_id"]
    assert u["name"]["else"] > 0.5 and abs(sum(u["sex"].values()) - 1) < 1e-9
