"""The match model of a population: the u-probabilities measured on it, stored, and used by every match against it.

u is the chance that two different citizens' values fall in a level, and it depends on the population: a province
where one name in three is Nguyễn and one where many are Ksor or Rơ Mah share few names, and a register typed
without marks has no "diacritics" level at all. So after a population import changes the population, the first
match estimates u again on random pairs of its citizens (`count_levels`) and stores it with the import run it
belongs to (`match_models`); later matches read it (`load_weights`).

Only what a sample can measure is measured: a level that fewer than `MIN_SEEN` pairs fell in (two citizens with one
ID, one name with its tone placed elsewhere) keeps its default u, and so do the levels whose u is set by reasoning
(`pipeline.match.weights.DEFAULT_U`: the ID's range, the old card, the register's link). A population under
`MIN_CITIZENS` says too little: the defaults stand. m is not measured here: it needs pairs known to be the same
person (`bench/matching.py` measures it against the generator's truth).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, select

from pipeline.match.levels import ADDRESS, BIRTH_YEAR, DATE, NAME, NULL, PARENT_NAME, PERSONAL_ID, SEX, Comparison
from pipeline.match.weights import DEFAULT_U, Weights, build_weights, count_levels
from pipeline.store.db import transaction
from pipeline.store.models import Citizen, ImportRun, MatchModel

log = logging.getLogger(__name__)

SAMPLE = 20_000  # citizens drawn
PAIRS = 50_000  # pairs of them compared (about 5 s at a million citizens, once per version)
MIN_SEEN = 20  # pairs a level needs to be measured
MIN_CITIZENS = 5_000  # fewer say too little of u: the defaults stand
SEED = 0

# each comparison and the citizens' field it compares in random pairs (a parent's name: the mothers' names)
COMPARED: tuple[tuple[Comparison, str], ...] = (
    (NAME, "full_name"),
    (DATE, "date_of_birth"),
    (BIRTH_YEAR, "date_of_birth"),
    (PERSONAL_ID, "personal_id"),
    (SEX, "sex"),
    (ADDRESS, "address"),
    (PARENT_NAME, "mother_name"),
)
# levels whose default u is reasoned, not counted: measuring them would count what another comparison counts
SET_BY_REASON = {"personal_id": {"same_prefix", "old_card"}}

_C = Citizen.__table__.c


@dataclass(frozen=True)
class ModelInfo:
    """Which u a match used: the stored model's id (None: the defaults), for logs and results (counts only)."""

    model_id: int | None
    citizens: int
    pairs: int
    measured: int  # levels measured on the population (the others kept their defaults)


def population_version(connection: Connection) -> int | None:
    """The population's version: the last finished population import (None if the population was never imported)."""
    return connection.execute(
        select(func.max(ImportRun.id)).where(ImportRun.kind == "population", ImportRun.finished_at.is_not(None))
    ).scalar()


def sample_citizens(connection: Connection, size: int, seed: int) -> list[dict[str, str | None]]:
    """About `size` citizens drawn at random by id (a range of ids, not `ORDER BY random()`: that reads them all)."""
    low, high = connection.execute(select(func.min(_C.id), func.max(_C.id))).one()
    if low is None:
        return []
    span = range(low, high + 1)
    ids = random.Random(seed).sample(span, min(size, len(span)))
    fields = sorted({field for _, field in COMPARED})
    people: list[dict[str, str | None]] = []
    for start in range(0, len(ids), 500):
        rows = connection.execute(select(*(_C[f] for f in fields)).where(_C.id.in_(ids[start : start + 500])))
        people += [dict(zip(fields, row, strict=True)) for row in rows]
    return people


def measured_u(people: list[dict[str, str | None]], pairs: int, seed: int) -> dict[str, dict[str, float]]:
    """u of every level `pairs` random pairs of `people` fell in at least `MIN_SEEN` times."""
    counts = count_levels(people, COMPARED, pairs=pairs, seed=seed)
    u: dict[str, dict[str, float]] = {}
    for comparison, _ in COMPARED:
        seen = counts[comparison.name]
        total = sum(seen.values())
        kept = SET_BY_REASON.get(comparison.name, set())
        u[comparison.name] = {
            level: count / total
            for level, count in seen.items()
            if level != NULL and count >= MIN_SEEN and level not in kept
        }
    return u


def weights_from(u: Mapping[str, Mapping[str, float]]) -> Weights:
    """The default weights with the measured u put in."""
    merged = {name: {**levels, **u.get(name, {})} for name, levels in DEFAULT_U.items()}
    return build_weights(merged)


def ensure_model(engine: Engine, *, sample: int = SAMPLE, pairs: int = PAIRS, seed: int = SEED) -> ModelInfo:
    """The model of the population as it is now: the stored one, or one estimated and stored now."""
    with engine.connect() as connection:
        found = _stored(connection)
        if found is not None:
            return found[0]
        version = population_version(connection)
        citizens = connection.execute(select(func.count()).select_from(Citizen)).scalar_one()
        if version is None or citizens < MIN_CITIZENS:  # never imported (no version to keep a model for), or too few
            return ModelInfo(None, citizens, 0, 0)
        people = sample_citizens(connection, sample, seed)
    u = measured_u(people, pairs, seed)
    with transaction(engine) as session:
        row = MatchModel(population_run_id=version, citizens=citizens, pairs=pairs, seed=seed, u=u)
        session.add(row)
        session.flush()
        model_id = row.id
    measured = sum(len(levels) for levels in u.values())
    log.info("match weights estimated on %d pairs of %d citizens: %d levels measured", pairs, citizens, measured)
    return ModelInfo(model_id, citizens, pairs, measured)


def load_weights(connection: Connection) -> tuple[Weights, ModelInfo]:
    """The weights to match the population with: its stored model's, or the defaults if it has none yet."""
    found = _stored(connection)
    if found is None:
        return weights_from({}), ModelInfo(None, 0, 0, 0)
    info, u = found
    return weights_from(u), info


def _stored(connection: Connection) -> tuple[ModelInfo, dict[str, dict[str, float]]] | None:
    """The stored model of the population's version, and its u."""
    version = population_version(connection)
    if version is None:
        return None
    row = connection.execute(
        select(MatchModel.id, MatchModel.citizens, MatchModel.pairs, MatchModel.u)
        .where(MatchModel.population_run_id == version)
        .order_by(MatchModel.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return ModelInfo(row.id, row.citizens, row.pairs, sum(len(levels) for levels in row.u.values())), row.u
