"""A synthetic Vietnamese population, generated family by family.

People come in family trees: a founding couple born 1930-1972, their children, the children's spouses and their
children in turn, down to babies born this year. So parents are citizens too (a birth certificate can show real
parents), children carry their father's surname (or clan name), a father's name on a child's row is the father's
real name, and nobody dies before the birth of their youngest child. Personal IDs agree with the province where the
birth was registered, the sex and the birth year, and are unique.

Everything is driven by one `random.Random(seed)`, so a seed and an `as_of` date give the same people every time.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pipeline.normalize import make_personal_id
from pipeline.population.rows import CSV_COLUMNS, CitizenRow, validate_row
from pipeline.synth import vocab

FOUNDER_YEARS = (1930, 1972)


@dataclass(slots=True)
class SynthPerson:
    personal_id: str
    full_name: str
    family_name: str  # the surname (or clan name) children inherit
    sex: str
    born: date
    dob_precision: str  # day, month or year: how much of the date the register knows
    province_code: str
    ethnicity: str
    place_of_birth: str
    address: str
    father_name: str
    mother_name: str
    father_id: str | None = None
    mother_id: str | None = None
    spouse_id: str | None = None
    is_deceased: bool = False
    date_of_death: date | None = None
    last_child_born: date | None = field(default=None, repr=False)

    @property
    def date_of_birth(self) -> str:
        iso = self.born.isoformat()
        return {"day": iso, "month": iso[:7], "year": iso[:4]}[self.dob_precision]

    def csv_cells(self) -> list[str]:
        values = {
            "personal_id": self.personal_id,
            "full_name": self.full_name,
            "sex": self.sex,
            "date_of_birth": self.date_of_birth,
            "place_of_birth": self.place_of_birth,
            "address": self.address,
            "father_name": self.father_name,
            "mother_name": self.mother_name,
            "ethnicity": self.ethnicity,
            "is_deceased": "1" if self.is_deceased else "0",
            "date_of_death": self.date_of_death.isoformat() if self.date_of_death else "",
            "father_id": self.father_id or "",
            "mother_id": self.mother_id or "",
            "spouse_id": self.spouse_id or "",
        }
        return [values[name] for name in CSV_COLUMNS]


def _death_probability(age: int) -> float:
    """Share of people of `age` who have died: a coarse life table, enough to give the old a realistic toll."""
    if age < 40:
        return 0.01
    if age < 60:
        return 0.05
    if age < 70:
        return 0.13
    if age < 80:
        return 0.3
    if age < 90:
        return 0.6
    return 0.9


def _children_count(rng: random.Random, mother_year: int) -> int:
    """Fertility fell from about five children per woman in the 1960s to about two since the 2000s."""
    if mother_year < 1950:
        return rng.choices((1, 2, 3, 4, 5, 6), weights=(5, 10, 20, 25, 22, 18))[0]
    if mother_year < 1970:
        return rng.choices((0, 1, 2, 3, 4, 5), weights=(4, 10, 30, 30, 16, 10))[0]
    return rng.choices((0, 1, 2, 3), weights=(8, 25, 52, 15))[0]


class PopulationGenerator:
    def __init__(self, seed: int = 1, as_of: date | None = None) -> None:
        self.rng = random.Random(seed)
        self.as_of = as_of or date.today()
        if self.as_of < date(2000, 1, 1):
            raise ValueError("as_of must be 2000-01-01 or later: founding couples are born up to the late 1970s")
        self._used_ids: set[str] = set()
        self._surnames = vocab.SURNAMES
        self._ethnicities = vocab.ETHNICITIES
        self._provinces = vocab.PROVINCE_WEIGHTS

    # -- people -----------------------------------------------------------------------------------------------------

    def people(self, count: int) -> Iterator[SynthPerson]:
        """`count` people, family tree after family tree; the last tree is cut where the count is reached."""
        made = 0
        while made < count:
            for person in self._family_tree():
                yield person
                made += 1
                if made >= count:
                    return

    def _random_date(self, year: int) -> date:
        start = date(year, 1, 1)
        days = 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365
        return start + timedelta(days=self.rng.randrange(days))

    def _precision(self, year: int) -> str:
        # Registers from before the 1960s often know only the year (or month) of birth.
        if year < 1960:
            draw = self.rng.random()
            if draw < 0.04:
                return "year"
            if draw < 0.06:
                return "month"
        return "day"

    def _new_id(self, province: str, sex: str, year: int) -> str:
        while True:
            candidate = make_personal_id(province, sex, year, self.rng.randrange(1_000_000))
            if candidate not in self._used_ids:
                self._used_ids.add(candidate)
                return candidate

    def _kinh_surname(self, sex: str) -> str:
        while True:
            surname = self.rng.choices(self._surnames[0], cum_weights=self._surnames[1])[0]
            if sex == "F" or surname not in vocab.FEMALE_ONLY_SURNAMES:
                return surname

    def _kinh_name(
        self, sex: str, year: int, family_name: str | None, mother_family: str | None = None
    ) -> tuple[str, str]:
        rng = self.rng
        surname = family_name or self._kinh_surname(sex)
        # Daughters of the Tôn Thất royal line are Tôn Nữ; sons of a Tôn Nữ mother are never given her surname.
        if sex == "F" and surname == "Tôn Thất":
            shown = "Tôn Nữ"
        elif sex == "M" and surname in vocab.FEMALE_ONLY_SURNAMES:
            surname = shown = "Tôn Thất"
        else:
            shown = surname
        middles = vocab.middle_names(sex, year)
        middle = rng.choices(middles[0], cum_weights=middles[1])[0]
        if middle in vocab.MOTHER_SURNAME_MIDDLES:
            # The modern habit puts the mother's surname in the middle: use hers when known, never the father's twice.
            rest = middle.split(" ", 1)[1]
            if mother_family and " " not in mother_family and mother_family != surname:
                middle = f"{mother_family} {rest}"
            elif middle.split(" ", 1)[0] == surname:
                middle = rest
        while middle and middle.split(" ", 1)[0] == shown.rsplit(" ", 1)[-1]:  # never "Hoàng Hoàng Minh"
            middle = rng.choices(middles[0], cum_weights=middles[1])[0]
        givens = vocab.GIVEN_NAMES[sex]
        given = rng.choices(givens[0], cum_weights=givens[1])[0]
        full = " ".join(part for part in (shown, middle, given) if part)
        return full, surname

    def _name(
        self, sex: str, year: int, ethnicity: str, family_name: str | None, mother_family: str | None = None
    ) -> tuple[str, str]:
        if ethnicity == "Kinh":
            return self._kinh_name(sex, year, family_name, mother_family)
        return vocab.minority_name(ethnicity, sex, self.rng, family_name)

    def _home_province(self, ethnicity: str) -> str:
        homes = vocab.ETHNIC_HOME_PROVINCES.get(ethnicity)
        if homes and self.rng.random() < 0.85:
            return self.rng.choice(homes)
        return self.rng.choices(self._provinces[0], cum_weights=self._provinces[1])[0]

    def _outsider(self, sex: str, year: int, ethnicity: str, province: str, address: str) -> SynthPerson:
        """A person whose parents are not in the population: a founder or someone who marries into a family."""
        born = self._random_date(year)
        full, family = self._name(sex, year, ethnicity, None)
        father_name, _ = self._name("M", year - 28, ethnicity, family)
        mother_name, _ = self._name("F", year - 25, ethnicity, None)
        return SynthPerson(
            personal_id=self._new_id(province, sex, year),
            full_name=full,
            family_name=family,
            sex=sex,
            born=born,
            dob_precision=self._precision(year),
            province_code=province,
            ethnicity=ethnicity,
            place_of_birth=vocab.make_place_of_birth(self.rng, province),
            address=address,
            father_name=father_name,
            mother_name=mother_name,
        )

    def _child(self, father: SynthPerson, mother: SynthPerson, born: date) -> SynthPerson:
        rng = self.rng
        sex = "M" if rng.random() < 0.512 else "F"
        ethnicity = father.ethnicity
        # Ê Đê and Gia Rai are matrilineal: children take the mother's clan name.
        lineage = mother if ethnicity in vocab.MATRILINEAL and mother.ethnicity == ethnicity else father
        full, family = self._name(sex, born.year, ethnicity, lineage.family_name, mother.family_name)
        province = father.province_code if rng.random() < 0.9 else self._home_province(ethnicity)
        child = SynthPerson(
            personal_id=self._new_id(province, sex, born.year),
            full_name=full,
            family_name=family,
            sex=sex,
            born=born,
            dob_precision=self._precision(born.year),
            province_code=province,
            ethnicity=ethnicity,
            place_of_birth=vocab.make_place_of_birth(rng, province),
            address=father.address,
            father_name=father.full_name,
            mother_name=mother.full_name,
            father_id=father.personal_id,
            mother_id=mother.personal_id,
        )
        for parent in (father, mother):
            if parent.last_child_born is None or born > parent.last_child_born:
                parent.last_child_born = born
        return child

    def _marry(self, person: SynthPerson) -> SynthPerson:
        rng = self.rng
        spouse_sex = "F" if person.sex == "M" else "M"
        gap = rng.randint(0, 6)
        year = person.born.year + (gap if person.sex == "M" else -gap)
        ethnicity = person.ethnicity if rng.random() < 0.9 else "Kinh"
        if rng.random() < 0.7:  # most couples set up their own home, usually in the same province
            province = person.province_code if rng.random() < 0.8 else self._home_province(person.ethnicity)
            person.address = vocab.make_address(rng, province)
        spouse = self._outsider(spouse_sex, year, ethnicity, self._home_province(ethnicity), person.address)
        person.spouse_id, spouse.spouse_id = spouse.personal_id, person.personal_id
        return spouse

    def _family_tree(self) -> list[SynthPerson]:
        rng = self.rng
        ethnicity = rng.choices(self._ethnicities[0], cum_weights=self._ethnicities[1])[0]
        province = self._home_province(ethnicity)
        address = vocab.make_address(rng, province)
        husband = self._outsider("M", rng.randint(*FOUNDER_YEARS), ethnicity, province, address)
        wife = self._marry(husband)
        members = [husband, wife]
        couples = [(husband, wife)]
        while couples:
            father, mother = couples.pop()
            first = mother.born.year + rng.randint(19, 30)
            year = first
            for _ in range(_children_count(rng, mother.born.year)):
                born = self._random_date(year)
                if born > self.as_of:
                    break
                child = self._child(father, mother, born)
                members.append(child)
                age = self.as_of.year - born.year
                if age >= 20 and rng.random() < min(0.9, 0.3 + 0.05 * (age - 20)):
                    spouse = self._marry(child)
                    members.append(spouse)
                    couples.append((child, spouse) if child.sex == "M" else (spouse, child))
                year += rng.randint(1, 5)
        for person in members:
            self._maybe_die(person)
        return members

    def _maybe_die(self, person: SynthPerson) -> None:
        age = self.as_of.year - person.born.year
        if self.rng.random() >= _death_probability(age):
            return
        earliest = person.born + timedelta(days=365 * min(age // 2, 20) + 1)
        if person.last_child_born is not None and person.last_child_born > earliest:
            earliest = person.last_child_born
        if earliest >= self.as_of:
            return
        person.is_deceased = True
        if self.rng.random() < 0.995:  # a few deaths are known without a date
            span = (self.as_of - earliest).days
            person.date_of_death = earliest + timedelta(days=self.rng.randrange(span + 1))


def write_population_csv(
    path: Path, people: Iterator[SynthPerson], *, on_progress: Callable[[int], None] | None = None
) -> int:
    """Write `people` as a population CSV (the import format, UTF-8 with a header); returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for person in people:
            writer.writerow(person.csv_cells())
            written += 1
            if on_progress is not None and written % 10_000 == 0:
                on_progress(10_000)
    if on_progress is not None:
        on_progress(written % 10_000)
    return written


def citizen_rows(people: Iterator[SynthPerson], today: date) -> Iterator[CitizenRow]:
    """The people as validated rows, through the same checks as an imported CSV so the generator cannot drift."""
    for person in people:
        yield validate_row(dict(zip(CSV_COLUMNS, person.csv_cells(), strict=True)), today)
