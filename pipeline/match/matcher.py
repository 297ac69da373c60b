"""Matching persons to citizens: score each candidate by its comparison levels, then decide.

For each person of a batch, the candidates are the citizens sharing a blocking key with them
(`pipeline.match.candidates`); each candidate's total match weight is the prior log-odds plus the weight of every
field's level (`pipeline.match.weights`), an exact name's weight adjusted for how common the name is among people
born that year. The outcome:

- **matched**: the best candidate's probability reaches `MATCH` and no other candidate comes within `GAP` bits;
- **ambiguous**: two or more candidates reach `PROBABLE` within `GAP` bits of each other;
- **probable**: the best reaches `PROBABLE` but not `MATCH` (a steward confirms);
- **not found**: no candidate reaches `PROBABLE`.

The decision keeps every field's level and weight for the best candidate and the runner-up, so a steward (and a
test) can see why. Parents and spouses are matched after the person they belong to: the citizen the register links
to the matched child or husband is then a candidate too, with the link as evidence (`RELATION`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from pipeline.match.blocking import BlockingKey
from pipeline.match.candidates import Blocks, Candidate
from pipeline.match.levels import (
    ADDRESS,
    BIRTH_YEAR,
    DATE,
    NAME,
    NULL,
    PARENT_NAME,
    PERSONAL_ID,
    RELATION,
    SEX,
    Comparison,
)
from pipeline.match.query import PersonQuery
from pipeline.match.weights import ComparedField, Explanation, Weights

MATCH = 0.95
PROBABLE = 0.5
GAP = 6.0  # bits: a runner-up within 64 times the best's odds makes the pair ambiguous
# a candidate whose total cannot reach this is not scored in full: far below PROBABLE, it can be neither the best
# match nor the runner-up that makes one ambiguous
FLOOR = -12.0

MATCHED, PROBABLE_STATUS, AMBIGUOUS, NOT_FOUND = "matched", "probable", "ambiguous", "not_found"

# roles matched after another, through the register's link from that one (a child's parents, a husband's wife)
DEPENDS_ON: dict[str, tuple[str, str]] = {
    "mother": ("subject", "mother_id"),
    "father": ("subject", "father_id"),
    "wife": ("husband", "spouse_id"),
}
_SAME_NAME_LEVELS = frozenset({"exact", "tone_placement"})


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    explanation: Explanation

    @property
    def total(self) -> float:
        return self.explanation.total

    @property
    def probability(self) -> float:
        return self.explanation.probability


@dataclass(frozen=True)
class MatchResult:
    query: PersonQuery
    status: str
    best: Scored | None = None
    runner_up: Scored | None = None
    candidates: int = 0

    @property
    def citizen(self) -> Candidate | None:
        return self.best.candidate if self.best is not None and self.status == MATCHED else None

    @property
    def score(self) -> float | None:
        return round(self.best.probability, 4) if self.best is not None else None

    def evidence(self) -> dict[str, object]:
        """The decision's levels and weights (no values: this may be shown beside logs and counts)."""
        return {
            "status": self.status,
            "candidates": self.candidates,
            "best": self.best.explanation.as_dict() if self.best else None,
            "runner_up": self.runner_up.explanation.as_dict() if self.runner_up else None,
        }


@dataclass(frozen=True)
class MatchContext:
    """What scoring needs besides the pair: the weights, and the population's size per year of birth."""

    weights: Weights
    born_per_year: Mapping[int, int]

    @cached_property
    def population(self) -> int:
        return max(sum(self.born_per_year.values()), 1)

    @cached_property
    def best_name_weight(self) -> float:
        """The most a name's agreement can weigh (the frequency adjustment only lowers it)."""
        return max(level.weight for level in self.weights.levels["name"].values())

    @cached_property
    def prior(self) -> float:
        # every person of a document is one citizen (or none) among the population
        return -math.log2(self.population)


def _date_comparison(query: PersonQuery) -> Comparison:
    return BIRTH_YEAR if query.date_precision == "year" else DATE


def _name_weight(context: MatchContext, level: str, query: PersonQuery, same_name_in_year: int) -> float:
    """The level's weight; for the same name, adjusted to how common the name is: the share of the citizens born
    that year who bear it besides the candidate, where that is more than the average name's u (a small cohort
    says nothing of how rare a name is, only that a name several people share is common)."""
    weight = context.weights.weight("name", level)
    year = query.birth_year
    born = context.born_per_year.get(year) if year is not None else None
    if level not in _SAME_NAME_LEVELS or not born:
        return weight
    name = context.weights.levels["name"][level]
    u = (same_name_in_year - 1) / born
    return math.log2(name.m / u) if u > name.u else weight


def score(
    context: MatchContext,
    query: PersonQuery,
    candidate: Candidate,
    *,
    same_name_in_year: int = 1,
    linked_id: str | None = None,
    floor: float | None = None,
) -> Explanation | None:
    """The candidate's levels and weights against the person. `same_name_in_year`: citizens born the person's
    year under the person's (folded) name; `linked_id`: the ID the register links to the person's relative.

    With `floor`, a candidate that cannot reach it even with the name agreeing in full gives None: the name, the
    dearest comparison, is made last, and most candidates of a wide block (a surname with a date) disagree on the
    date, the ID and the address already."""
    weights = context.weights
    date = _date_comparison(query)
    compared = [
        (date.name, date, query.date_of_birth, candidate.date_of_birth),
        ("personal_id", PERSONAL_ID, query.personal_id, candidate.personal_id),
        ("sex", SEX, query.sex, candidate.sex),
        ("address", ADDRESS, query.address, candidate.address),
        # each parent under a name of its own (the explanation is keyed by it), weighed as a parent's name
        ("mother_name", PARENT_NAME, query.mother_name, candidate.mother_name),
        ("father_name", PARENT_NAME, query.father_name, candidate.father_name),
    ]
    if linked_id is not None:
        compared.append(("relation", RELATION, linked_id, candidate.personal_id))
    fields: list[ComparedField] = []
    for label, comparison, document, database in compared:
        level = comparison.level_of(document, database)
        if level != NULL:
            fields.append(ComparedField(label, level, weights.weight(comparison.name, level), document, database))
    if floor is not None and context.prior + sum(f.weight for f in fields) + context.best_name_weight < floor:
        return None
    name_level = NAME.level_of(query.full_name, candidate.full_name)
    name_weight = _name_weight(context, name_level, query, same_name_in_year)
    fields.insert(0, ComparedField("name", name_level, name_weight, query.full_name, candidate.full_name))
    return Explanation(context.prior, tuple(fields))


def decide(query: PersonQuery, scored: Sequence[Scored]) -> MatchResult:
    ranked = sorted(scored, key=lambda s: (-s.total, s.candidate.id))
    if not ranked or ranked[0].probability < PROBABLE:
        return MatchResult(query, NOT_FOUND, ranked[0] if ranked else None, None, len(ranked))
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    if runner is not None and runner.probability >= PROBABLE and best.total - runner.total < GAP:
        return MatchResult(query, AMBIGUOUS, best, runner, len(ranked))
    status = MATCHED if best.probability >= MATCH else PROBABLE_STATUS
    return MatchResult(query, status, best, runner, len(ranked))


def _same_name_in_year(query: PersonQuery, blocks: Blocks) -> int:
    key = next((k for k in query.blocking_keys if k.kind == "name_year"), None)
    if key is None:
        return 1
    if key in blocks.oversized:
        return 1000
    return len(blocks.by_key.get(key, ()))


def match_one(
    context: MatchContext,
    query: PersonQuery,
    blocks: Blocks,
    *,
    linked: Candidate | None = None,
    linked_id: str | None = None,
    extra: Sequence[Candidate] = (),
    kinds: frozenset[str] | None = None,
) -> MatchResult:
    """The outcome for one person, from the candidates under their keys (those of `kinds`, or all), the register's
    linked citizen and any `extra` candidates found another way. Only the person's own keys count, so that a
    person's outcome never depends on who else is in the batch."""
    keys: list[BlockingKey] = [k for k in query.blocking_keys if kinds is None or k.kind in kinds]
    candidates = blocks.candidates(keys)
    for other in (linked, *extra):
        if other is not None and all(c.id != other.id for c in candidates):
            candidates.append(other)
    if not query.full_name and not query.personal_id:
        return MatchResult(query, NOT_FOUND, None, None, 0)  # nobody named in that role (no father given)
    same_name = _same_name_in_year(query, blocks) if kinds is None or "name_year" in kinds else 1
    scored = []
    for candidate in candidates:
        explained = score(context, query, candidate, same_name_in_year=same_name, linked_id=linked_id, floor=FLOOR)
        if explained is not None:
            scored.append(Scored(candidate, explained))
    result = decide(query, scored)
    return replace(result, candidates=len(candidates)) if len(scored) != len(candidates) else result
