"""Matching persons to citizens: score each candidate by its comparison levels, then decide.

For each person of a batch, the candidates are the citizens sharing a blocking key with them
(`pipeline.match.candidates`); each candidate's total match weight is the prior log-odds plus the weight of every
field's level (`pipeline.match.weights`), an exact name's weight adjusted for how common the name is among people
born that year. The outcome:

- **matched**: the best candidate's probability reaches `MATCH` and no other candidate comes within `GAP` bits;
- **ambiguous**: two or more candidates reach `PROBABLE` within `GAP` bits of each other;
- **probable**: the best reaches `PROBABLE` but not `MATCH` (a steward confirms);
- **not found**: no candidate reaches `PROBABLE`.

The decision keeps every field's level and weight for the best candidate and the runner-up (one within `REACH`
bits of the best), so a steward (and a test) can see why. A candidate is compared field by field, the most telling
first (the ID, the date), and given up as soon as it can no longer come within `REACH` of the best scored so far:
most of a block are namesakes born on other days, and they cost two comparisons, not eight.

Parents and spouses are matched after the person they belong to: the citizen the register links to the matched
child or husband is then a candidate too, with the link as evidence (`RELATION`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import NamedTuple

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
from pipeline.match.outcome import PersonOutcome
from pipeline.match.query import PersonQuery
from pipeline.match.weights import ComparedField, Explanation, Weights

MATCH = 0.95
PROBABLE = 0.5
GAP = 6.0  # bits: a runner-up within 64 times the best's odds makes the pair ambiguous
# a candidate whose total cannot reach this is not scored in full: far below PROBABLE, it can be neither the best
# match nor the runner-up that makes one ambiguous
FLOOR = -12.0
# bits: the runner-up is kept (in the decision's evidence) within this much of the best, and a candidate that cannot
# come this close to the best scored so far is given up; twice GAP, so every runner-up that could make a match
# ambiguous is kept whatever order the candidates come in
REACH = 2 * GAP

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

    def outcome(self) -> PersonOutcome:
        citizen = self.citizen
        return PersonOutcome(
            role=self.query.role,
            named=bool(self.query.full_name or self.query.personal_id),
            status=self.status,
            score=self.score,
            citizen_id=citizen.id if citizen is not None else None,
            personal_id=citizen.personal_id if citizen is not None else None,
            evidence=self.evidence(),
        )

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
    def level_weights(self) -> dict[str, dict[str, float]]:
        """Each comparison's weights by level (computed once: a batch looks them up for every field it compares)."""
        return {name: {level: w.weight for level, w in levels.items()} for name, levels in self.weights.levels.items()}

    @cached_property
    def best_weight(self) -> dict[str, float]:
        """Each comparison's heaviest level (never below nothing: a missing value weighs 0)."""
        return {name: max(0.0, *levels.values()) for name, levels in self.level_weights.items()}

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


# The order a candidate's fields are compared in: the most telling first, so that a candidate far from the person
# (most of a wide block) is given up after a comparison or two; the explanation lists them in `_SHOWN` order.
_SHOWN = ("date", "personal_id", "sex", "address", "mother_name", "father_name", "relation")
_TRIED = ("personal_id", "date", "address", "sex", "mother_name", "father_name", "relation")
_TRIED_AT = tuple((_SHOWN.index(label), label) for label in _TRIED)


class _Compared(NamedTuple):  # a tuple: a batch prepares several for every person
    shown_at: int  # the field's place in the explanation
    label: str
    comparison: Comparison
    document: str
    attribute: str  # the candidate's attribute compared with the document's value
    weights: Mapping[str, float]  # by level
    best: float  # the heaviest level's weight (at least 0: a missing value weighs nothing)


class ScoringPlan(NamedTuple):
    """What a person's candidates are compared on, prepared once for all of them."""

    compared: tuple[_Compared, ...]  # in the order tried
    ceiling: float  # the prior and every comparison's best: the most any candidate can total


def scoring_plan(context: MatchContext, query: PersonQuery, linked_id: str | None = None) -> ScoringPlan:
    date = _date_comparison(query)
    documents = {
        "date": (date, query.date_of_birth, "date_of_birth"),
        "personal_id": (PERSONAL_ID, query.personal_id, "personal_id"),
        "sex": (SEX, query.sex, "sex"),
        "address": (ADDRESS, query.address, "address"),
        # each parent under a name of its own (the explanation is keyed by it), weighed as a parent's name
        "mother_name": (PARENT_NAME, query.mother_name, "mother_name"),
        "father_name": (PARENT_NAME, query.father_name, "father_name"),
        "relation": (RELATION, linked_id, "personal_id"),
    }
    compared = []
    for shown_at, label in _TRIED_AT:
        comparison, document, attribute = documents[label]
        if document:
            weights = context.level_weights[comparison.name]
            best = context.best_weight[comparison.name]
            shown_label = comparison.name if label == "date" else label
            compared.append(_Compared(shown_at, shown_label, comparison, document, attribute, weights, best))
    ceiling = context.prior + context.best_name_weight + sum(c.best for c in compared)
    return ScoringPlan(tuple(compared), ceiling)


def score(
    context: MatchContext,
    query: PersonQuery,
    candidate: Candidate,
    *,
    same_name_in_year: int = 1,
    linked_id: str | None = None,
    floor: float | None = None,
    plan: ScoringPlan | None = None,
) -> Explanation | None:
    """The candidate's levels and weights against the person. `same_name_in_year`: citizens born the person's
    year under the person's (folded) name; `linked_id`: the ID the register links to the person's relative;
    `plan`: the person's `scoring_plan` (for `query` and `linked_id`), when scoring many candidates.

    With `floor`, a candidate that cannot reach it even with every field still to compare agreeing in full gives
    None: most candidates of a wide block (a surname with a date) disagree on the ID and the date, and are given up
    there; the name, the dearest comparison, is made last."""
    if plan is None:
        plan = scoring_plan(context, query, linked_id)
    found: list[ComparedField | None] = [None] * len(_SHOWN)
    still = plan.ceiling  # the most the candidate can still total
    for compared in plan.compared:
        database = getattr(candidate, compared.attribute)
        level = compared.comparison.level_of(compared.document, database)
        weight = compared.weights.get(level, 0.0)  # a missing value (NULL) weighs nothing
        if level != NULL:
            found[compared.shown_at] = ComparedField(compared.label, level, weight, compared.document, database)
        still += weight - compared.best
        if floor is not None and still < floor:
            return None
    name_level = NAME.level_of(query.full_name, candidate.full_name)
    name_weight = _name_weight(context, name_level, query, same_name_in_year)
    fields = [ComparedField("name", name_level, name_weight, query.full_name, candidate.full_name)]
    fields += [f for f in found if f is not None]
    return Explanation(context.prior, tuple(fields))


def decide(query: PersonQuery, scored: Sequence[Scored]) -> MatchResult:
    ranked = sorted(scored, key=lambda s: (-s.total, s.candidate.id))
    if not ranked or ranked[0].probability < PROBABLE:
        return MatchResult(query, NOT_FOUND, ranked[0] if ranked else None, None, len(ranked))
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 and best.total - ranked[1].total <= REACH else None
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
    kinds: frozenset[str] | None = None,
) -> MatchResult:
    """The outcome for one person, from the candidates under their keys (those of `kinds`, or all) and the
    register's linked citizen. Only the person's own keys count, so that a person's outcome never depends on who
    else is in the batch."""
    keys: list[BlockingKey] = [k for k in query.blocking_keys if kinds is None or k.kind in kinds]
    candidates = blocks.candidates(keys)
    if linked is not None:  # first: the register's link is the likeliest best
        candidates = [linked, *(c for c in candidates if c.id != linked.id)]
    if not query.full_name and not query.personal_id:
        return MatchResult(query, NOT_FOUND, None, None, 0)  # nobody named in that role (no father given)
    same_name = _same_name_in_year(query, blocks) if kinds is None or "name_year" in kinds else 1
    # the ID's holder first (the first key): the likeliest best raises the floor early
    scored = _scored(context, query, candidates, [], same_name=same_name, linked_id=linked_id)
    result = decide(query, scored)
    return replace(result, candidates=len(candidates)) if len(scored) != len(candidates) else result


def _scored(
    context: MatchContext,
    query: PersonQuery,
    candidates: Sequence[Candidate],
    known: list[Scored],
    *,
    same_name: int,
    linked_id: str | None,
) -> list[Scored]:
    """`known` and those of `candidates` that come within `REACH` of the best scored so far (or reach FLOOR)."""
    plan = scoring_plan(context, query, linked_id)
    scored = list(known)
    floor = max([FLOOR, *(s.total - REACH for s in scored)])
    for candidate in candidates:
        explained = score(context, query, candidate, same_name_in_year=same_name, floor=floor, plan=plan)
        if explained is not None:
            scored.append(Scored(candidate, explained))
            floor = max(floor, explained.total - REACH)
    return scored


def with_more_candidates(
    context: MatchContext,
    result: MatchResult,
    blocks: Blocks,
    extra: Sequence[Candidate],
    *,
    linked_id: str | None = None,
) -> MatchResult:
    """`result` (the person matched under all their keys) decided again with `extra` candidates found another way.
    Only the new ones are scored: a decision rests on the best two candidates, so the best two of those already
    scored and the new ones are the best two of all."""
    query = result.query
    known = {c.id for c in blocks.candidates(query.blocking_keys)}
    known.update(s.candidate.id for s in (result.best, result.runner_up) if s is not None)
    new = [c for c in dict((c.id, c) for c in extra).values() if c.id not in known]
    if not new:
        return result
    best_two = [s for s in (result.best, result.runner_up) if s is not None]
    scored = _scored(context, query, new, best_two, same_name=_same_name_in_year(query, blocks), linked_id=linked_id)
    return replace(decide(query, scored), candidates=result.candidates + len(new))
