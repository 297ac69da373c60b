"""Match weights: m filled and normalised, u measured on a synthetic population, names weighed by frequency."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.match.levels import DATE, ELSE, NAME, NULL, PERSONAL_ID, SEX
from pipeline.match.weights import (
    ComparedField,
    Explanation,
    build_weights,
    estimate_u,
    m_probabilities,
    probability,
)
from pipeline.synth.population import PopulationGenerator

FIELDS = [(NAME, "full_name"), (DATE, "date_of_birth"), (PERSONAL_ID, "personal_id"), (SEX, "sex")]


@pytest.fixture(scope="module")
def people() -> list[dict[str, str | None]]:
    generated = PopulationGenerator(seed=7, as_of=date(2026, 11, 25)).people(3000)
    return [
        {"full_name": p.full_name, "date_of_birth": p.date_of_birth, "personal_id": p.personal_id, "sex": p.sex}
        for p in generated
    ]


@pytest.fixture(scope="module")
def u(people):
    return estimate_u(people, FIELDS, pairs=20000, seed=1)


def test_m_fills_the_levels_not_given_and_sums_to_one() -> None:
    m = m_probabilities(NAME, {"exact": 0.9})
    assert set(m) == set(NAME.level_names) - {NULL}
    assert sum(m.values()) == pytest.approx(1.0)
    assert m["exact"] == pytest.approx(0.9)
    with pytest.raises(ValueError, match="no level 'nearly'"):
        m_probabilities(NAME, {"nearly": 0.5})


def test_u_is_measured_on_pairs_of_different_people(u) -> None:
    for levels in u.values():
        assert sum(levels.values()) == pytest.approx(1.0)
    # two different people: almost never one ID, one name or one day of birth; half the time one sex
    assert u["personal_id"]["exact"] < 1e-3
    assert u["name"]["exact"] < 0.01
    assert u["date_of_birth"]["exact"] < 0.01
    assert 0.4 < u["sex"]["exact"] < 0.6
    assert u["name"][ELSE] > 0.5 and u["personal_id"][ELSE] > 0.9


def test_agreement_weighs_for_a_match_and_disagreement_against(u) -> None:
    weights = build_weights(u)
    for comparison in ("name", "date_of_birth", "personal_id", "sex"):
        assert weights.weight(comparison, "exact") > 0
        assert weights.weight(comparison, ELSE) < 0
        assert weights.weight(comparison, NULL) == 0.0
    # an ID agreeing is stronger evidence than a sex agreeing, and a name a letter off weaker than an exact one
    assert weights.weight("personal_id", "exact") > weights.weight("sex", "exact")
    assert weights.weight("name", "exact") > weights.weight("name", "similar_80")


def test_an_explanation_adds_its_weights_and_shows_them() -> None:
    explanation = Explanation(
        prior=-10.0,
        fields=(
            ComparedField("name", "exact", 12.0),
            ComparedField("date_of_birth", "day_month_swapped", 3.0, "1990-05-03", "1990-03-05"),
        ),
    )
    assert explanation.total == pytest.approx(5.0)
    assert explanation.probability == pytest.approx(32 / 33)
    shown = explanation.as_dict()
    assert shown["fields"] == {
        "name": {"level": "exact", "weight": 12.0},
        "date_of_birth": {"level": "day_month_swapped", "weight": 3.0},
    }
    assert "1990" not in str(shown)  # the values stay out of what may be logged


@pytest.mark.parametrize(("total", "expected"), [(0.0, 0.5), (1.0, 2 / 3), (-1.0, 1 / 3), (100.0, 1.0)])
def test_a_total_weight_is_log2_odds(total: float, expected: float) -> None:
    assert probability(total) == pytest.approx(expected)
