"""Candidate retrieval: the citizens who share a blocking key with a person, found through the keys' indexes.

Set-based: all the keys of a batch of people go to the database in one query per kind of key and chunk of keys
(`tuple IN`, which SQLite and PostgreSQL answer from the composite index of that kind; a test reads the query
plans), so the cost of a batch grows with its keys and the size of their blocks, never with the population. A single
document's persons are the same call with a handful of keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Column, Connection, func, select, tuple_

from pipeline.match.blocking import BlockingKey
from pipeline.store.models import Citizen

_C = Citizen.__table__.c

# the columns each kind of key is looked up on; each tuple is an index's leading columns (see Citizen's table args)
KEY_COLUMNS: dict[str, tuple[Column, ...]] = {
    "pid": (_C.personal_id,),
    "name_year": (_C.surname_key, _C.given_key, _C.birth_year, _C.name_key),
    "surname_given_year": (_C.surname_key, _C.given_key, _C.birth_year),
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


def lookup_statement(kind: str, keys: Sequence[BlockingKey]):  # -> Select
    columns = KEY_COLUMNS[kind]
    where = columns[0].in_([key.parts[0] for key in keys])
    if len(columns) > 1:
        where = tuple_(*columns).in_([key.parts for key in keys])
    return select(*_CANDIDATE_COLUMNS, *columns).where(where)


def fetch_blocks(connection: Connection, keys: Iterable[BlockingKey], *, max_block: int = MAX_BLOCK) -> Blocks:
    """The citizens under every key of `keys` (keys with no citizen are left out)."""
    by_kind: dict[str, set[BlockingKey]] = defaultdict(set)
    for key in keys:
        by_kind[key.kind].add(key)
    blocks = Blocks()
    found: dict[BlockingKey, list[int]] = defaultdict(list)
    width = len(_CANDIDATE_COLUMNS)
    for kind, wanted in by_kind.items():
        ordered = sorted(wanted)
        for start in range(0, len(ordered), CHUNK):
            for row in connection.execute(lookup_statement(kind, ordered[start : start + CHUNK])):
                citizen = Candidate(*row[:width])
                blocks.citizens.setdefault(citizen.id, citizen)
                found[BlockingKey(kind, tuple(row[width:]))].append(citizen.id)
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
