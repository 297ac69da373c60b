"""Candidate retrieval: the citizens who share a blocking key with a person, found through the keys' indexes.

Set-based: all the keys of a batch of people go to the database in one query per kind of key and chunk of keys
(the keys joined from a `VALUES` list, which SQLite and PostgreSQL answer from the composite index of that kind;
a test reads the query plans), so the cost of a batch grows with its keys and the size of their blocks, never
with the population. A single document's persons are the same call with a handful of keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Column, Connection, func, select

from pipeline.match.blocking import BlockingKey
from pipeline.normalize.names import name_forms
from pipeline.store.models import Citizen

_C = Citizen.__table__.c

# the columns each kind of key is looked up on; each tuple is an index's leading columns (see Citizen's table args)
KEY_COLUMNS: dict[str, tuple[Column, ...]] = {
    "pid": (_C.personal_id,),
    "name_year": (_C.surname_key, _C.given_key, _C.birth_year, _C.name_key),
    "surname_given_year": (_C.surname_key, _C.given_key, _C.birth_year),
    "surname_given_dob": (_C.surname_key, _C.given_key, _C.birth_year, _C.date_of_birth),
    "given_dob": (_C.given_key, _C.date_of_birth),
    "surname_dob": (_C.surname_key, _C.date_of_birth),
}
# keys asked at once (a statement's parameters stay well under SQLite's limit of 32,766)
CHUNK = 500
# a block larger than this is a key too common to tell people apart by: it gives no candidates (and is reported)
MAX_BLOCK = 200


@dataclass(frozen=True, slots=True)
class Candidate:
    """What matching and the cleaning rules need of a citizen."""

    id: int
    personal_id: str
    full_name: str
    name_key: str
    sex: str
    date_of_birth: str
    birth_year: int
    address: str
    father_name: str
    mother_name: str
    father_id: str | None
    mother_id: str | None
    spouse_id: str | None
    is_deceased: bool
    date_of_death: str | None


_CANDIDATE_COLUMNS = tuple(_C[name] for name in Candidate.__slots__)


@dataclass
class Blocks:
    """The citizens found under each key of a batch."""

    citizens: dict[int, Candidate] = field(default_factory=dict)
    by_key: dict[BlockingKey, list[int]] = field(default_factory=dict)
    oversized: set[BlockingKey] = field(default_factory=set)  # keys too common to look up

    def candidates(self, keys: Iterable[BlockingKey]) -> list[Candidate]:
        """The citizens sharing at least one of `keys`, each once, in a stable order."""
        seen: dict[int, Candidate] = {}
        for key in keys:
            for citizen in self.by_key.get(key, ()):
                seen.setdefault(citizen, self.citizens[citizen])
        return list(seen.values())


def lookup_sql(kind: str, count: int, paramstyle: str) -> str:
    """The lookup of `count` keys of `kind` as plain SQL with positional parameters (`lookup_parameters`).

    Composite keys are joined to the citizens from a VALUES list that numbers them, and each row says which key
    found it: SQLite answers a row-value `IN` by scanning the table, but a join by searching the index once per key
    (a test reads the plan). Written by hand because SQLAlchemy's expanding IN compiles the statement anew for
    every chunk, a third of a batch's time."""
    columns = KEY_COLUMNS[kind]
    mark = "?" if paramstyle == "qmark" else "%s"
    selected = ", ".join(f"c.{column.name}" for column in _CANDIDATE_COLUMNS)
    if len(columns) == 1:
        return f"SELECT {selected} FROM citizens c WHERE c.{columns[0].name} IN ({', '.join([mark] * count)})"
    names = [f"k{i}" for i in range(len(columns))]
    row = "(" + ", ".join([mark] * (len(columns) + 1)) + ")"
    on = " AND ".join(f"c.{column.name} = k.{name}" for column, name in zip(columns, names, strict=True))
    return (
        f"WITH k (i, {', '.join(names)}) AS (VALUES {', '.join([row] * count)}) "
        f"SELECT k.i, {selected} FROM k JOIN citizens c ON {on}"
    )


def lookup_parameters(kind: str, keys: Sequence[BlockingKey]) -> tuple[str | int, ...]:
    if len(KEY_COLUMNS[kind]) == 1:
        return tuple(key.parts[0] for key in keys)
    return tuple(part for index, key in enumerate(keys) for part in (index, *key.parts))


def _plain_rows(connection: Connection, statement: str, parameters: tuple[object, ...]) -> list[tuple[object, ...]]:
    """The rows of `statement` as the driver gives them (tuples), in the connection's transaction: SQLAlchemy's row
    objects cost more than SQLite's reading of them, for tens of thousands of rows a batch."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(statement, parameters)
        return cursor.fetchall()
    finally:
        cursor.close()


def fetch_blocks(
    connection: Connection,
    keys: Iterable[BlockingKey],
    *,
    max_block: int = MAX_BLOCK,
    into: Blocks | None = None,
) -> Blocks:
    """The citizens under every key of `keys` (keys with no citizen are left out), added to `into` if given."""
    by_kind: dict[str, set[BlockingKey]] = defaultdict(set)
    blocks = into if into is not None else Blocks()
    for key in keys:
        if key not in blocks.by_key and key not in blocks.oversized:
            by_kind[key.kind].add(key)
    found: dict[BlockingKey, list[int]] = defaultdict(list)
    paramstyle = connection.dialect.paramstyle
    citizens = blocks.citizens
    for kind, wanted in by_kind.items():
        ordered = list(wanted)
        composite = len(KEY_COLUMNS[kind]) > 1
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            statement = lookup_sql(kind, len(chunk), paramstyle)
            rows = _plain_rows(connection, statement, lookup_parameters(kind, chunk))
            if composite:
                for row in rows:
                    citizen_id = row[1]
                    if citizen_id not in citizens:
                        citizens[citizen_id] = Candidate(*row[1:])
                    found[chunk[row[0]]].append(citizen_id)
            else:  # the personal ID, unique: the row's ID is its key
                for row in rows:
                    citizen = citizens.get(row[0]) or citizens.setdefault(row[0], Candidate(*row))
                    found[BlockingKey(kind, (citizen.personal_id,))].append(citizen.id)
        for key in wanted:  # asked and empty: not asked again
            found.setdefault(key, [])
    for key, ids in found.items():
        if len(ids) > max_block:
            blocks.oversized.add(key)
        else:
            blocks.by_key[key] = ids
    return blocks


def citizens_by_personal_id(connection: Connection, personal_ids: Iterable[str]) -> dict[str, Candidate]:
    """The citizens holding these IDs (a parent or spouse the register names), by ID."""
    blocks = fetch_blocks(connection, (BlockingKey("pid", (pid,)) for pid in set(personal_ids) if pid))
    return {citizen.personal_id: citizen for citizen in blocks.citizens.values()}


def born_per_year(connection: Connection) -> dict[int, int]:
    """How many citizens were born in each year: the denominator of a name's frequency within its cohort."""
    rows = connection.execute(select(_C.birth_year, func.count()).group_by(_C.birth_year))
    return {int(year): int(count) for year, count in rows}


def same_prefix_sql(count: int, paramstyle: str, dialect: str) -> str:
    """The citizens in `count` ranges of IDs who share the given name (folded) with the range's person, or the
    surname and the date of birth (where the person's is a full date; the range already holds their year alone).

    On SQLite the names are compared with a unary `+`, which keeps it from answering them from the name indexes
    (every Nguyễn) instead of searching the range in the personal ID's index (a test reads the plan); PostgreSQL
    has no `+` for text and needs no such hint."""
    mark = "?" if paramstyle == "qmark" else "%s"
    plus = "+" if dialect == "sqlite" else ""
    selected = ", ".join(f"c.{column.name}" for column in _CANDIDATE_COLUMNS)
    rows = ", ".join(["(" + ", ".join([mark] * 6) + ")"] * count)
    return (
        f"WITH k (i, lo, hi, s, g, d) AS (VALUES {rows}) SELECT k.i, {selected} FROM k JOIN citizens c "
        f"ON c.personal_id BETWEEN k.lo AND k.hi AND ({plus}c.given_key = k.g "
        f"OR ({plus}c.surname_key = k.s AND (k.d IS NULL OR {plus}c.date_of_birth = k.d)))"
    )


def same_prefix(connection: Connection, persons: Sequence[tuple[str, str | None, str | None]]) -> list[list[Candidate]]:
    """For each (printed ID, name, ISO date of birth), the citizens whose IDs share the ID's first six digits
    (province, sex and century, year) and who share its given name (folded), or its surname and date: where a
    mistyped serial and a misspelled name left no key. One statement per 500 persons, each a range of the personal
    ID's unique index (about a hundred citizens at a million, of whom the name keeps a few)."""
    found: list[list[Candidate]] = [[] for _ in persons]
    wanted: list[tuple[int, str, str, str, str, str | None]] = []
    for index, (personal_id, full_name, date_of_birth) in enumerate(persons):
        digits = "".join(ch for ch in personal_id if ch.isdigit())
        forms = name_forms(full_name) if full_name else None
        if len(digits) != 12 or forms is None or not (forms.surname or forms.given):
            continue
        day = date_of_birth if date_of_birth and len(date_of_birth) == 10 else None
        low, high = digits[:6] + "000000", digits[:6] + "999999"
        wanted.append((index, low, high, forms.surname, forms.given, day))
    dialect = connection.dialect
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        parameters = tuple(part for key in chunk for part in key)
        statement = same_prefix_sql(len(chunk), dialect.paramstyle, dialect.name)
        for row in _plain_rows(connection, statement, parameters):
            found[row[0]].append(Candidate(*row[1:]))
    return found
