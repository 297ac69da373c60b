"""Reading the people that documents are about from the population database.

Sampling picks a random `citizens.id` and takes the first matching row at or after it (wrapping round), which uses
the primary key and stays fast on a population of millions; it is deterministic for a given database and random
generator. Nothing is cached across calls except the id range and the database's "today".
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Engine, and_, func, select

from pipeline.normalize import PartialDate
from pipeline.store.models import Citizen

_COLUMNS = (
    Citizen.id,
    Citizen.personal_id,
    Citizen.full_name,
    Citizen.surname,
    Citizen.middle_name,
    Citizen.given_name,
    Citizen.sex,
    Citizen.date_of_birth,
    Citizen.birth_year,
    Citizen.place_of_birth,
    Citizen.address,
    Citizen.father_name,
    Citizen.mother_name,
    Citizen.father_id,
    Citizen.mother_id,
    Citizen.spouse_id,
    Citizen.ethnicity,
    Citizen.is_deceased,
    Citizen.date_of_death,
)


@dataclass(frozen=True, slots=True)
class Person:
    """A citizen as the documents need them (a row of `citizens`)."""

    row_id: int
    personal_id: str
    full_name: str
    surname: str
    middle_name: str
    given_name: str
    sex: str
    date_of_birth: str  # ISO at the register's precision: "1990-03-15", "1990-03" or "1990"
    birth_year: int
    place_of_birth: str
    address: str
    father_name: str
    mother_name: str
    father_id: str | None
    mother_id: str | None
    spouse_id: str | None
    ethnicity: str
    is_deceased: bool
    date_of_death: str | None

    @property
    def dob(self) -> PartialDate:
        return PartialDate.from_iso(self.date_of_birth)

    @property
    def dod(self) -> PartialDate | None:
        return PartialDate.from_iso(self.date_of_death) if self.date_of_death else None

    def earliest_birth(self) -> date:
        """The first day the birth can have been on (1 January for a year-only date)."""
        d = self.dob
        return date(d.year, d.month or 1, d.day or 1)

    def latest_alive(self, today: date) -> date:
        """The last day the person is known to be alive: `today`, or the day before their death."""
        d = self.dod
        if d is None:
            return today
        return date(d.year, d.month or 1, d.day or 1)


# Kinds of people the generator samples, as predicates on the citizens table (`year` is the database's today year).
def _kind_predicate(kind: str, year: int) -> ColumnElement[bool]:
    if kind == "child":  # a birth certificate's subject: both parents are citizens too
        return and_(Citizen.father_id.is_not(None), Citizen.mother_id.is_not(None))
    if kind == "deceased":
        return and_(Citizen.is_deceased.is_(True), Citizen.date_of_death.is_not(None))
    if kind == "alive":  # old enough for an invented death to fall between birth and today
        return and_(Citizen.is_deceased.is_(False), Citizen.birth_year <= year - 2)
    if kind == "husband":
        return and_(Citizen.sex == "M", Citizen.spouse_id.is_not(None))
    if kind == "adult":  # land owners
        return Citizen.birth_year <= year - 20
    if kind == "kinh_m":  # name donors for invented people
        return and_(Citizen.ethnicity == "Kinh", Citizen.sex == "M")
    if kind == "kinh_f":
        return and_(Citizen.ethnicity == "Kinh", Citizen.sex == "F")
    raise ValueError(f"unknown kind of person {kind!r}")


class Population:
    """Read access to the citizens table for the scan generator."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with engine.connect() as connection:
            low, high, count = connection.execute(
                select(func.min(Citizen.id), func.max(Citizen.id), func.count(Citizen.id))
            ).one()
            newest = connection.execute(select(func.max(Citizen.date_of_birth), func.max(Citizen.date_of_death))).one()
        if not count:
            raise ValueError("the population database holds no citizens: run `sohoa population generate` first")
        self.low, self.high, self.count = int(low), int(high), int(count)
        self.today = self._today(newest)
        self._counts: dict[str, int] = {}

    @staticmethod
    def _today(newest: tuple[str | None, str | None]) -> date:
        """The population's "today": its newest birth or death.

        Invented dates (registrations, issue dates) stay before it, so no document is dated after the population's
        own present, and a database gives the same documents whatever day the generator runs.
        """
        latest = date(2000, 1, 1)
        for value in newest:
            if value:
                d = PartialDate.from_iso(value)
                latest = max(latest, date(d.year, d.month or 12, d.day or 28))
        return latest

    def count_kind(self, kind: str) -> int:
        if kind not in self._counts:
            with self.engine.connect() as connection:
                self._counts[kind] = connection.execute(
                    select(func.count(Citizen.id)).where(_kind_predicate(kind, self.today.year))
                ).scalar_one()
        return self._counts[kind]

    def sample(self, kind: str, rng: random.Random, exclude: set[str] | frozenset[str] = frozenset()) -> Person | None:
        """A random citizen of `kind` whose personal ID is not in `exclude`, or None when there is none."""
        if self.count_kind(kind) == 0:
            return None
        predicate = _kind_predicate(kind, self.today.year)
        start = rng.randint(self.low, self.high)
        wrapped = False
        with self.engine.connect() as connection:
            # Walk forward from the random start past excluded people, wrapping round once.
            while True:
                rows = connection.execute(
                    select(*_COLUMNS).where(predicate, Citizen.id >= start).order_by(Citizen.id).limit(64)
                ).all()
                for row in rows:
                    if row.personal_id not in exclude:
                        return Person(*row)
                if len(rows) == 64:
                    start = rows[-1].id + 1
                    continue
                if wrapped:
                    return None
                wrapped, start = True, self.low

    def get(self, personal_id: str | None) -> Person | None:
        if not personal_id:
            return None
        with self.engine.connect() as connection:
            row = connection.execute(select(*_COLUMNS).where(Citizen.personal_id == personal_id)).first()
        return Person(*row) if row is not None else None

    def exists(self, personal_id: str) -> bool:
        with self.engine.connect() as connection:
            return (
                connection.execute(select(Citizen.id).where(Citizen.personal_id == personal_id).limit(1)).first()
                is not None
            )
