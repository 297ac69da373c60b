"""The matcher's decision and scores, without a database: outcomes by table, a common name counting for less, and
the explanation a steward sees."""

from __future__ import annotations

import math

import pytest

from pipeline.match.candidates import Blocks, Candidate
from pipeline.match.matcher import (
    AMBIGUOUS,
    GAP,
    MATCHED,
    NOT_FOUND,
    PROBABLE_STATUS,
    REACH,
    MatchContext,
    Scored,
    decide,
    match_one,
    score,
    with_more_candidates,
)
from pipeline.match.query import PersonQuery
from pipeline.match.weights import ComparedField, Explanation, default_weights

CONTEXT = MatchContext(default_weights(), {1990: 14_000, 1991: 14_000})


def _candidate(id_: int = 1, **change: object) -> Candidate:
    values: dict[str, object] = {
        "id": id_,
        "personal_id": "001090012345",
        "full_name": "Nguyễn Văn An",
        "name_key": "nguyen van an",
        "sex": "M",
        "date_of_birth": "1990-03-15",
        "birth_year": 1990,
        "address": "Số 12, phố Huế, Hà Nội",
        "father_name": "",
        "mother_name": "",
        "father_id": None,
        "mother_id": None,
        "spouse_id": None,
        "is_deceased": False,
        "date_of_death": None,
    }
    return Candidate(**{**values, **change})  # type: ignore[arg-type]


def _query(**change: object) -> PersonQuery:
    values: dict[str, object] = {
        "record_id": 1,
        "role": "subject",
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1990-03-15",
        "personal_id": "001090012345",
        "sex": "M",
        "address": None,
        "name_in_capitals": False,
    }
    return PersonQuery(**{**values, **change})  # type: ignore[arg-type]


def _scored(total: float, id_: int = 1) -> Scored:
    return Scored(_candidate(id_), Explanation(total, (ComparedField("name", "exact", 0.0),)))


# (case, the candidates' total weights, expected outcome)
DECISIONS = [
    ("no candidate", [], NOT_FOUND),
    ("one weak candidate", [-3.0], NOT_FOUND),
    ("one sure candidate", [12.0], MATCHED),
    ("one likely candidate", [3.0], PROBABLE_STATUS),
    ("a sure one far ahead of another", [20.0, 20.0 - GAP - 0.1], MATCHED),
    ("two close sure ones", [20.0, 17.0], AMBIGUOUS),
    ("two close likely ones", [2.0, 1.0], AMBIGUOUS),
    ("a likely one ahead of a weak one", [3.0, -4.0], PROBABLE_STATUS),
]


@pytest.mark.parametrize(("case", "totals", "expected"), DECISIONS, ids=[d[0] for d in DECISIONS])
def test_each_decision(case: str, totals: list[float], expected: str) -> None:
    result = decide(_query(), [_scored(t, i) for i, t in enumerate(totals, start=1)])
    assert result.status == expected
    if expected == MATCHED:
        assert result.citizen is not None and result.citizen.id == 1
    else:
        assert result.citizen is None


def test_a_common_name_counts_for_less_than_a_rare_one() -> None:
    rare = score(CONTEXT, _query(), _candidate(), same_name_in_year=1)
    common = score(CONTEXT, _query(), _candidate(), same_name_in_year=40)
    name = {e: next(f for f in e.fields if f.comparison == "name").weight for e in (rare, common)}
    m = CONTEXT.weights.levels["name"]["exact"].m
    assert name[common] == pytest.approx(math.log2(m / (39 / 14_000)))  # 39 others of that name born that year
    assert name[rare] == pytest.approx(CONTEXT.weights.weight("name", "exact"))  # no fewer than the average name
    assert name[rare] > name[common] + 4 and rare.total > common.total


def test_the_explanation_names_every_level_and_holds_no_values() -> None:
    explanation = score(CONTEXT, _query(personal_id="001090012346", date_of_birth="1990-15-03"), _candidate())
    levels = {f.comparison: f.level for f in explanation.fields}
    assert levels == {"name": "exact", "date_of_birth": "else", "personal_id": "one_digit", "sex": "exact"}
    shown = explanation.as_dict()
    assert set(shown["fields"]) == set(levels) and "Nguyễn" not in str(shown) and "001090" not in str(shown)
    assert shown["total"] == pytest.approx(explanation.prior + sum(f.weight for f in explanation.fields), abs=1e-3)


def test_a_year_alone_is_compared_as_a_year() -> None:
    explanation = score(CONTEXT, _query(date_of_birth="1990", personal_id=None), _candidate())
    assert {f.comparison: f.level for f in explanation.fields}["birth_year"] == "exact"


def test_the_registers_link_decides_between_namesakes() -> None:
    """Two citizens of one name and year: the one the register links to the matched child is the mother."""
    mother = _candidate(1, full_name="Lê Thị Hoa", name_key="le thi hoa", sex="F", personal_id="001190011111")
    namesake = _candidate(2, full_name="Lê Thị Hoa", name_key="le thi hoa", sex="F", personal_id="001190022222")
    query = _query(role="mother", full_name="Lê Thị Hoa", date_of_birth="1990", personal_id=None, sex="F")
    blocks = Blocks(citizens={1: mother, 2: namesake})
    for key in query.blocking_keys:
        blocks.by_key[key] = [1, 2]
    assert match_one(CONTEXT, query, blocks).status in (AMBIGUOUS, NOT_FOUND)
    linked = match_one(CONTEXT, query, blocks, linked=mother, linked_id=mother.personal_id)
    assert linked.status == MATCHED and linked.citizen == mother
    assert {f.comparison: f.level for f in linked.best.explanation.fields}["relation"] == "registered"


def test_a_person_without_name_or_id_is_matched_to_no_one() -> None:
    blocks = Blocks(citizens={1: _candidate()})
    assert match_one(CONTEXT, _query(full_name=None, personal_id=None), blocks).status == NOT_FOUND


# a person and candidates from the right one to strangers: the same ID; a namesake born the same day (a runner-up
# within reach); namesakes of other days, IDs and addresses (given up early); one with a slip in the ID
_CROWD = [
    _candidate(1),
    _candidate(2, personal_id="001090099999"),
    _candidate(3, personal_id="079190055555", date_of_birth="1990-11-02", address="Ấp 3, Cà Mau"),
    _candidate(4, personal_id="001190044444", date_of_birth="1990-07-21", sex="F"),
    _candidate(5, personal_id="001090012346", full_name="Nguyễn Văn Ân"),
    _candidate(6, personal_id="045090066666", date_of_birth="1990-03-16", address="Số 12, phố Huế, Hà Nội"),
]


@pytest.mark.parametrize("order", [(1, 2, 3, 4, 5, 6), (6, 5, 4, 3, 2, 1), (3, 4, 6, 1, 5, 2), (2, 1, 6, 5, 3, 4)])
@pytest.mark.parametrize(
    "query",
    [_query(address="Số 12, phố Huế, Hà Nội"), _query(personal_id="001090012399"), _query(personal_id=None)],
    ids=["right ID", "ID off by two digits", "no ID"],
)
def test_the_outcome_does_not_depend_on_the_order_candidates_are_scored_in(
    order: tuple[int, ...], query: PersonQuery
) -> None:
    """A candidate that cannot come within REACH of the best scored so far is given up; whatever comes first, the
    decision, the best and the runner-up kept (every one within REACH of the best) are the same."""
    crowd = {c.id: c for c in _CROWD}
    blocks = Blocks(citizens=crowd)
    key = query.blocking_keys[0]
    blocks.by_key[key] = list(order)
    result = match_one(CONTEXT, query, blocks, kinds=frozenset({key.kind}))
    in_order = Blocks(citizens=crowd, by_key={key: sorted(crowd)})
    expected = match_one(CONTEXT, query, in_order, kinds=frozenset({key.kind}))
    assert result == expected
    same_name = len(crowd) if key.kind == "name_year" else 1  # the namesakes of the year, for the name's weight
    everyone = sorted((score(CONTEXT, query, c, same_name_in_year=same_name) for c in _CROWD), key=lambda e: -e.total)
    assert result.best.explanation.total == everyone[0].total
    if result.runner_up is None:
        assert everyone[0].total - everyone[1].total > REACH
    else:
        assert result.runner_up.explanation.total == everyone[1].total


def test_candidates_found_later_are_decided_with_those_found_first() -> None:
    """The second look's candidates (an ID's neighbours, its range) are scored alone and decided beside the best two
    found before: the same decision as scoring them all together."""
    query = _query()
    blocks = Blocks(citizens={c.id: c for c in _CROWD[1:4]})
    key = query.blocking_keys[0]
    blocks.by_key[key] = [2, 3, 4]
    first = match_one(CONTEXT, query, blocks, kinds=frozenset({key.kind}))
    later = [_CROWD[0], _CROWD[5], _CROWD[2]]  # the right one, a near one, and one already scored
    again = with_more_candidates(CONTEXT, first, blocks, later)
    all_at_once = Blocks(citizens={c.id: c for c in _CROWD[:6]}, by_key={key: [2, 3, 4, 1, 6]})
    together = match_one(CONTEXT, query, all_at_once, kinds=frozenset({key.kind}))
    assert (again.status, again.best, again.runner_up) == (together.status, together.best, together.runner_up)
    assert first.citizen is not None and first.citizen.id == 2  # the same name and day, another ID
    assert again.citizen is not None and again.citizen.id == 1  # the ID's holder, found later
    assert again.candidates == together.candidates == 5
