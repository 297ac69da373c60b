"""Matching a batch of records: every person of every record, set-based.

The batch's blocking keys go to the database together (`fetch_blocks`, one query per kind of key and chunk of
keys), in two rounds: the narrow keys (the ID; the whole name with the year) for everyone, then the wide ones (a
surname or given name with the date; surname and given name with the year) only for the persons the first round
did not match. The persons who stand alone (a child, the deceased, a husband, a land owner) are matched first;
then those the register links to them (the child's parents, the husband's wife), with the linked citizens fetched
in one more query; last, a person still unmatched gets a second look (the citizens one slip away from a printed ID
that cannot be right; those in the ID's province/sex/year range who share the given name, or the surname and the
date), all such persons in one query, only the new candidates scored. A single document is a batch of one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection

from pipeline.extract.schema import DocTypeSchema
from pipeline.match.blocking import id_neighbours
from pipeline.match.candidates import (
    Blocks,
    Candidate,
    born_per_year,
    citizens_by_personal_id,
    fetch_blocks,
    same_prefix,
)
from pipeline.match.matcher import DEPENDS_ON, MATCHED, MatchContext, MatchResult, match_one, with_more_candidates
from pipeline.match.model import load_weights
from pipeline.match.outcome import RecordOutcome
from pipeline.match.query import PersonQuery, RecordView, person_queries
from pipeline.match.weights import Weights
from pipeline.normalize.ids import check_personal_id

FIRST_KINDS = frozenset({"pid", "name_year"})
ONLY_THE_ID = frozenset({"pid"})


@dataclass(frozen=True)
class RecordMatch:
    record: RecordView
    persons: tuple[MatchResult, ...]

    def person(self, role: str) -> MatchResult | None:
        return next((p for p in self.persons if p.query.role == role), None)

    def outcome(self) -> RecordOutcome:
        return RecordOutcome(self.record, tuple(p.outcome() for p in self.persons))


def load_context(connection: Connection, weights: Weights | None = None) -> MatchContext:
    """What matching against the population needs: `weights`, or those of the population's stored model (the
    defaults until one is estimated, `pipeline.match.model.ensure_model`), and the citizens born each year."""
    if weights is None:
        weights, _ = load_weights(connection)
    return MatchContext(weights, born_per_year(connection))


def match_records(
    connection: Connection,
    records: Sequence[RecordView],
    schemas: Mapping[str, DocTypeSchema],
    context: MatchContext,
) -> list[RecordMatch]:
    with _collector_paused():
        return _match_records(connection, records, schemas, context)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a batch: matching allocates many small objects that live (its caches, the
    results) or die by reference counting, and collections over them cost up to half a batch's time, for no cycles.
    What the batch leaves alive is then frozen (moved out of the collector's sight, `gc.freeze`): without that, the
    first allocation after the batch starts a collection over all of it (0.2-0.7 s after 10,000 persons). Frozen
    objects are still freed by reference counting when dropped; only garbage in cycles would stay, and matching
    makes none."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _match_records(
    connection: Connection,
    records: Sequence[RecordView],
    schemas: Mapping[str, DocTypeSchema],
    context: MatchContext,
) -> list[RecordMatch]:
    queries = {r.record_id: person_queries(r, schemas[r.doc_type]) for r in records}
    everyone = [q for qs in queries.values() for q in qs]
    # the narrow keys first (the ID, the whole name with the year): most persons are matched by them, and the
    # wide blocks (a surname or given name with a date) are fetched only for those who are not
    dependent = [q for q in everyone if q.role in DEPENDS_ON]
    alone = [q for q in everyone if q.role not in DEPENDS_ON]
    blocks = fetch_blocks(connection, (key for q in alone for key in q.blocking_keys if key.kind in FIRST_KINDS))
    results: dict[tuple[int, str], MatchResult] = {}
    for query in alone:
        results[(query.record_id, query.role)] = match_one(context, query, blocks, kinds=FIRST_KINDS)
    _widen(connection, context, blocks, alone, results)
    links = _match_dependents(connection, context, blocks, dependent, results)
    _second_look(connection, context, blocks, results, links)
    return [
        RecordMatch(record, tuple(results[(record.record_id, q.role)] for q in queries[record.record_id]))
        for record in records
    ]


def _widen(
    connection: Connection,
    context: MatchContext,
    blocks: Blocks,
    queries: Sequence[PersonQuery],
    results: dict[tuple[int, str], MatchResult],
    linked: Mapping[tuple[int, str], tuple[Candidate | None, str | None]] | None = None,
    kinds: frozenset[str] | None = None,
) -> None:
    """The persons not matched yet, matched again under more of their keys (`kinds`, or all)."""
    unsure = [q for q in queries if results[(q.record_id, q.role)].status != MATCHED]
    if not unsure:
        return
    keys = (key for q in unsure for key in q.blocking_keys if kinds is None or key.kind in kinds)
    fetch_blocks(connection, keys, into=blocks)
    for query in unsure:
        place = (query.record_id, query.role)
        link, link_id = (linked or {}).get(place, (None, None))
        results[place] = match_one(context, query, blocks, linked=link, linked_id=link_id, kinds=kinds)


def _match_dependents(
    connection: Connection,
    context: MatchContext,
    blocks: Blocks,
    dependent: Sequence[PersonQuery],
    results: dict[tuple[int, str], MatchResult],
) -> dict[tuple[int, str], str]:
    """Parents and wives, through the register's link from the matched child or husband first; returns those
    links (the linked ID by person)."""
    links: dict[tuple[int, str], str] = {}
    for query in dependent:
        anchor_role, attribute = DEPENDS_ON[query.role]
        anchor = results.get((query.record_id, anchor_role))
        citizen = anchor.citizen if anchor is not None else None
        linked_id = getattr(citizen, attribute) if citizen is not None else None
        if linked_id:
            links[(query.record_id, query.role)] = linked_id
    # the citizen the register links, and the printed ID's holder, first: most parents and wives are one of them,
    # and a common name's block (every Nguyễn Thị Hương born in 1965) is fetched only when they are not
    found = citizens_by_personal_id(connection, links.values())
    fetch_blocks(
        connection, (key for q in dependent for key in q.blocking_keys if key.kind in ONLY_THE_ID), into=blocks
    )
    linked: dict[tuple[int, str], tuple[Candidate | None, str | None]] = {}
    for query in dependent:
        place = (query.record_id, query.role)
        linked_id = links.get(place)
        linked[place] = (found.get(linked_id) if linked_id else None, linked_id)
        results[place] = match_one(
            context, query, blocks, linked=linked[place][0], linked_id=linked_id, kinds=ONLY_THE_ID
        )
    _widen(connection, context, blocks, dependent, results, linked, FIRST_KINDS)
    _widen(connection, context, blocks, dependent, results, linked)
    return links


def _second_look(
    connection: Connection,
    context: MatchContext,
    blocks: Blocks,
    results: dict[tuple[int, str], MatchResult],
    links: Mapping[tuple[int, str], str],
) -> None:
    """A person matched to no one whose ID was mistyped *and* whose name was misspelled has lost every key. Two
    more ways to the citizen, for those persons only: for a printed ID that cannot be right (11 digits, a structure
    digit wrong), the holders of the 12-digit IDs one slip away; for a 12-digit ID, the citizens whose IDs share its
    province, sex and year digits (a serial mistyped) and who share the given name, or the surname and the date."""
    unsure = [place for place, result in results.items() if result.status != MATCHED and result.query.personal_id]
    wanted: dict[tuple[int, str], list[str]] = {}
    for place in unsure:
        query = results[place].query
        if not check_personal_id(query.personal_id, sex=query.sex, birth_year=query.birth_year).ok:
            neighbours = id_neighbours(query.personal_id)
            if neighbours:
                wanted[place] = neighbours
    found = citizens_by_personal_id(connection, (pid for ids in wanted.values() for pid in ids))
    persons = [results[place].query for place in unsure]
    ranges = same_prefix(connection, [(q.personal_id, q.full_name, q.date_of_birth) for q in persons])
    for place, in_range in zip(unsure, ranges, strict=True):
        extra = [found[pid] for pid in wanted.get(place, ()) if pid in found] + in_range
        if extra:
            results[place] = with_more_candidates(context, results[place], blocks, extra, linked_id=links.get(place))
