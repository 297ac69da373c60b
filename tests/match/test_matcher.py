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
    MatchContext,
    Scored,
    decide,
    match_one,
    score,
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
