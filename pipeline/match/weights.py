"""Match weights of the comparison levels (`pipeline.match.levels`), in the manner of Fellegi-Sunter.

For each level, m is the probability that a true match's values fall in it and u the probability that two
different people's values do; the level's match weight is log2(m / u): positive where agreement is evidence for a
match, negative where it is evidence against. A person's total is the sum of their levels' weights plus the prior
log-odds of a match, and it maps to a probability.

- **u** is measured on the population itself: pairs of different citizens drawn at random (`estimate_u`). An exact
  name is adjusted for how common that name is (the matcher's `_name_weight`): two records both saying "Nguyễn Văn
  An" agree far more often by chance than two saying "Ksor H'Bia", so the common name counts for less.
- **m** starts from the values below, set from what documents and OCR do to a true match's values (the generator's
  discrepancy rates and the OCR error rates measured on scans); `bench/` measures them against the generator's
  truth.

Every decision keeps its levels and weights (`Explanation`), so a steward sees why a person was matched.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.match.levels import COMPARISONS, ELSE, NULL, Comparison

# The probability that a true match's values fall in each level. Levels left out share what is left over evenly.
DEFAULT_M: dict[str, dict[str, float]] = {
    "name": {
        "exact": 0.80,
        "tone_placement": 0.05,
        "diacritics": 0.08,
        "middle_differs": 0.02,
        "swapped": 0.005,
        "similar_92": 0.03,
        "similar_80": 0.01,
        ELSE: 0.005,
    },
    "date_of_birth": {
        "exact": 0.92,
        "day_month_swapped": 0.015,
        "one_digit": 0.02,
        "one_day": 0.01,
        "year_only": 0.02,
        "same_year": 0.01,
        ELSE: 0.005,
    },
    "birth_year": {"exact": 0.96, "one_year": 0.015, "one_digit": 0.02, ELSE: 0.005},
    "personal_id": {
        "exact": 0.88,
        "one_digit": 0.04,
        "transposed": 0.01,
        "digit_dropped": 0.01,
        "same_prefix": 0.03,
        "old_card": 0.03,
        ELSE: 0.01,
    },
    "sex": {"exact": 0.98, ELSE: 0.02},
    "address": {"exact": 0.85, "similar": 0.08, "same_province": 0.04, ELSE: 0.03},
    # a parent's name as printed on the child's certificate: misspelled on purpose now and then (PARENT_MISMATCH)
    "parent_name": {"exact": 0.90, "tone_placement": 0.02, "diacritics": 0.03, "middle_differs": 0.02, ELSE: 0.005},
    "relation": {"registered": 0.95, ELSE: 0.05},
}

# u of every level, measured with `estimate_u` on 200,000 pairs of a generated population (the exact name's u is
# replaced per name by its frequency among the people born that year, `pipeline.match.matcher._name_weight`).
# Levels no pair fell in carry the smoothing's floor. `bench/matching.py` measures them again on its population
# and prints both.
_NAME_U = {
    "exact": 1.4e-4,
    "tone_placement": 2.5e-6,
    "diacritics": 3.2e-5,
    "middle_differs": 1.4e-3,
    "swapped": 2.2e-5,
    "similar_92": 1.06e-2,
    "similar_80": 0.119,
    ELSE: 0.869,
}
DEFAULT_U: dict[str, dict[str, float]] = {
    "name": _NAME_U,
    "date_of_birth": {
        "exact": 3.7e-5,
        "day_month_swapped": 7.5e-6,
        "one_digit": 1.2e-3,
        "one_day": 2.5e-6,
        "year_only": 4.7e-5,
        "same_year": 1.27e-2,
        ELSE: 0.986,
    },
    "birth_year": {"exact": 1.36e-2, "one_year": 2.65e-2, "one_digit": 0.131, ELSE: 0.829},
    "personal_id": {
        "exact": 2.5e-6,
        "one_digit": 2.5e-6,
        "transposed": 2.5e-6,
        "digit_dropped": 2.5e-6,
        # among people born the same year (what the date's levels already count), one in 126 shares these digits:
        # province, sex and century, year. Measured u (1e-4) would count the year twice.
        "same_prefix": 0.008,
        "old_card": 0.03,  # as often as for a true match: an old card number says nothing either way
        ELSE: 0.9999,
    },
    "sex": {"exact": 0.5, ELSE: 0.5},
    "address": {"exact": 9.3e-4, "similar": 1.6e-4, "same_province": 0.028, ELSE: 0.971},  # families share one
    "parent_name": _NAME_U,  # random pairs of names, as the name's: a parent is someone of the population too
    # the one citizen the register links, among the population
    "relation": {"registered": 1e-6, ELSE: 1.0},
}

# Half a pair's worth added to every level's count: a level no sampled pair fell in (two people with one ID) gets a
# small u instead of none, and so a large but finite weight.
SMOOTHING = 0.5


@dataclass(frozen=True)
class LevelWeight:
    m: float
    u: float

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


@dataclass(frozen=True)
class Weights:
    """m and u for every level of every comparison; NULL levels weigh nothing."""

    levels: Mapping[str, Mapping[str, LevelWeight]]

    def weight(self, comparison: str, level: str) -> float:
        if level == NULL:
            return 0.0
        return self.levels[comparison][level].weight


class ComparedField(NamedTuple):  # a tuple: a batch makes one per field of every candidate it scores
    comparison: str
    level: str
    weight: float
    document: str | None = None  # the values compared, for the steward; never logged
    database: str | None = None


@dataclass(frozen=True)
class Explanation:
    """Why a candidate scored what it did: the prior and each field's level and weight."""

    prior: float
    fields: tuple[ComparedField, ...] = field(default_factory=tuple)
    total: float = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", self.prior + sum(f.weight for f in self.fields))

    @property
    def probability(self) -> float:
        return probability(self.total)

    def as_dict(self) -> dict[str, object]:
        return {
            "prior": round(self.prior, 3),
            "total": round(self.total, 3),
            "probability": round(self.probability, 4),
            "fields": {f.comparison: {"level": f.level, "weight": round(f.weight, 3)} for f in self.fields},
        }


def probability(total_weight: float) -> float:
    """A total match weight (log2 odds) as a probability."""
    if total_weight > 60:
        return 1.0
    odds = 2.0**total_weight
    return odds / (1.0 + odds)


def m_probabilities(comparison: Comparison, given: Mapping[str, float] | None = None) -> dict[str, float]:
    """m for every non-null level of `comparison`: those `given` (or the defaults), the rest sharing what is left."""
    given = dict(given if given is not None else DEFAULT_M.get(comparison.name, {}))
    names = [n for n in comparison.level_names if n != NULL]
    unknown = [n for n in given if n not in names]
    if unknown:
        raise ValueError(f"{comparison.name} has no level {unknown[0]!r}")
    missing = [n for n in names if n not in given]
    left = max(0.0, 1.0 - sum(given.values()))
    for name in missing:
        given[name] = max(left / len(missing), 1e-4)
    total = sum(given.values())
    return {name: given[name] / total for name in names}


def count_levels(
    people: Sequence[Mapping[str, str | None]],
    comparisons: Iterable[tuple[Comparison, str]],
    *,
    pairs: int = 20000,
    seed: int = 0,
) -> dict[str, Counter[str]]:
    """How many of `pairs` pairs of different people, drawn at random from `people` (each a mapping of field name to
    value), fall in each level. `comparisons` pairs each comparison with the field it compares ("name" with
    "full_name"). A pair missing a value on either side does not count for that comparison."""
    if len(people) < 2:
        raise ValueError("u-probabilities need at least two people to pair")
    rng = random.Random(seed)
    chosen = list(comparisons)
    counts: dict[str, Counter[str]] = {c.name: Counter() for c, _ in chosen}
    for _ in range(pairs):
        i, j = rng.sample(range(len(people)), 2)
        for comparison, key in chosen:
            level = comparison.level_of(people[i].get(key), people[j].get(key))
            if level != NULL:
                counts[comparison.name][level] += 1
    return counts


def estimate_u(
    people: Sequence[Mapping[str, str | None]],
    comparisons: Iterable[tuple[Comparison, str]],
    *,
    pairs: int = 20000,
    seed: int = 0,
) -> dict[str, dict[str, float]]:
    """u for every level, from `count_levels`, smoothed (a level no pair fell in gets half a pair's worth)."""
    chosen = list(comparisons)
    counts = count_levels(people, chosen, pairs=pairs, seed=seed)
    u: dict[str, dict[str, float]] = {}
    for comparison, _ in chosen:
        names = [n for n in comparison.level_names if n != NULL]
        seen = counts[comparison.name]
        total = sum(seen.values()) + SMOOTHING * len(names)
        u[comparison.name] = {name: (seen[name] + SMOOTHING) / total for name in names}
    return u


def default_weights() -> Weights:
    return build_weights(DEFAULT_U)


def build_weights(u: Mapping[str, Mapping[str, float]], m: Mapping[str, Mapping[str, float]] | None = None) -> Weights:
    levels: dict[str, dict[str, LevelWeight]] = {}
    for name, u_levels in u.items():
        comparison = COMPARISONS[name]
        m_levels = m_probabilities(comparison, None if m is None else m.get(name))
        levels[name] = {level: LevelWeight(m_levels[level], u_levels[level]) for level in u_levels}
    return Weights(levels)
