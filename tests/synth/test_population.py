"""The synthetic population: realistic, internally consistent, valid under the import rules, reproducible."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from pipeline.normalize import check_personal_id, fold
from pipeline.population.loader import import_population_csv, load_rows
from pipeline.synth.population import PopulationGenerator, SynthPerson, citizen_rows, write_population_csv

AS_OF = date(2026, 11, 25)
N = 6000


@pytest.fixture(scope="module")
def people() -> list[SynthPerson]:
    return list(PopulationGenerator(seed=42, as_of=AS_OF).people(N))


@pytest.fixture(scope="module")
def by_id(people: list[SynthPerson]) -> dict[str, SynthPerson]:
    return {p.personal_id: p for p in people}


def test_count_and_determinism(people: list[SynthPerson]) -> None:
    assert len(people) == N
    again = list(PopulationGenerator(seed=42, as_of=AS_OF).people(N))
    assert [p.csv_cells() for p in again] == [p.csv_cells() for p in people]
    other = list(PopulationGenerator(seed=43, as_of=AS_OF).people(100))
    assert [p.personal_id for p in other] != [p.personal_id for p in people[:100]]


def test_ids_are_unique_and_agree_with_province_sex_and_year(people: list[SynthPerson]) -> None:
    assert len({p.personal_id for p in people}) == N
    for person in people:
        check = check_personal_id(person.personal_id, sex=person.sex, birth_year=person.born.year)
        assert check.ok, (check.problems, person.sex, person.born)
        assert check.province_code == person.province_code


def test_births_span_1930_to_today_with_deaths_among_the_old(people: list[SynthPerson]) -> None:
    years = [p.born.year for p in people]
    assert min(years) >= 1930 and max(p.born for p in people) <= AS_OF
    assert min(years) < 1940 and max(years) >= 2024
    old = [p for p in people if p.born.year < 1945]
    young = [p for p in people if p.born.year > 1995]
    assert sum(p.is_deceased for p in old) / len(old) > 0.4
    assert sum(p.is_deceased for p in young) / len(young) < 0.05
    for person in people:
        if person.date_of_death is not None:
            assert person.born < person.date_of_death <= AS_OF


def test_nobody_dies_before_their_youngest_child_is_born(people: list[SynthPerson], by_id) -> None:
    for child in people:
        for parent_id in (child.father_id, child.mother_id):
            parent = by_id.get(parent_id) if parent_id else None
            if parent is not None and parent.date_of_death is not None:
                assert parent.date_of_death >= child.born


def test_parents_are_real_people_with_matching_names(people: list[SynthPerson], by_id) -> None:
    linked = [p for p in people if p.father_id]
    assert len(linked) > N * 0.4
    for child in linked:
        father = by_id.get(child.father_id)
        mother = by_id.get(child.mother_id)
        if father is None or mother is None:  # the last family may be cut by the count
            continue
        assert (father.sex, mother.sex) == ("M", "F")
        assert child.father_name == father.full_name and child.mother_name == mother.full_name
        assert 15 <= child.born.year - mother.born.year <= 50
        assert father.spouse_id == mother.personal_id and mother.spouse_id == father.personal_id
        if child.ethnicity == "Kinh" and father.family_name not in ("Tôn Thất",):
            assert child.full_name.startswith(father.family_name + " ")


def test_surnames_middle_names_and_minorities_look_vietnamese(people: list[SynthPerson]) -> None:
    surnames = Counter(p.full_name.split()[0] for p in people if p.ethnicity == "Kinh")
    kinh = sum(surnames.values())
    assert 0.30 < surnames["Nguyễn"] / kinh < 0.46
    assert surnames["Trần"] > surnames["Lý"]
    women_born_early = [p for p in people if p.sex == "F" and p.born.year < 1960 and p.ethnicity == "Kinh"]
    with_thi = sum(" Thị " in f" {p.full_name} " for p in women_born_early)
    assert with_thi / len(women_born_early) > 0.5
    minorities = [p for p in people if p.ethnicity != "Kinh"]
    assert 0.04 < len(minorities) / N < 0.3
    kinh_people = [p for p in people if p.ethnicity == "Kinh"]
    with_diacritics = sum(fold(p.full_name) != p.full_name.lower() for p in kinh_people)
    assert with_diacritics / len(kinh_people) > 0.95


def test_partial_dates_only_for_older_births(people: list[SynthPerson]) -> None:
    partial = [p for p in people if p.dob_precision != "day"]
    assert partial
    assert all(p.born.year < 1960 for p in partial)
    assert {len(p.date_of_birth) for p in partial} <= {4, 7}


def test_every_generated_row_passes_the_import_rules(people: list[SynthPerson]) -> None:
    rows = list(citizen_rows(iter(people), AS_OF))
    assert len(rows) == N


def test_csv_round_trip_through_the_importer(tmp_path: Path, engine, people: list[SynthPerson]) -> None:
    path = tmp_path / "population.csv"
    assert write_population_csv(path, iter(people[:1500])) == 1500
    summary = import_population_csv(engine, path, today=AS_OF)
    assert (summary.imported, summary.rejected) == (1500, 0)


def test_direct_load_stores_what_a_csv_import_stores(tmp_path: Path, engine, people: list[SynthPerson]) -> None:
    from sqlalchemy import select

    from pipeline.store.db import open_database
    from pipeline.store.models import Citizen

    summary = load_rows(engine, citizen_rows(iter(people[:300]), AS_OF), source_name="test")
    assert (summary.imported, summary.inserted, summary.updated) == (300, 300, 0)
    path = tmp_path / "population.csv"
    write_population_csv(path, iter(people[:300]))
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    import_population_csv(other, path, today=AS_OF)
    columns = [c for c in Citizen.__table__.columns if c.name not in ("id", "updated_at")]

    def dump(e) -> list[tuple]:
        with e.connect() as connection:
            return [tuple(r) for r in connection.execute(select(*columns).order_by(Citizen.personal_id))]

    assert dump(engine) == dump(other)
    other.dispose()


def test_an_as_of_before_2000_is_refused() -> None:
    with pytest.raises(ValueError, match="2000"):
        PopulationGenerator(seed=1, as_of=date(1960, 1, 1))


def test_no_name_repeats_its_surname_and_grown_children_move_out(people: list[SynthPerson], by_id) -> None:
    for person in people:
        words = person.full_name.split()
        assert len(words) < 2 or words[0] != words[1], "a surname doubled as the first middle name"
    married_children = [p for p in people if p.father_id in by_id and p.spouse_id]
    moved = sum(p.address != by_id[p.father_id].address for p in married_children)
    assert 0.4 < moved / len(married_children) < 0.95
