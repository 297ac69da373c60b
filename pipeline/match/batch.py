"""Matching a batch of records: every person of every record, set-based.

All the batch's blocking keys go to the database at once (`fetch_blocks`, one query per kind of key and chunk);
the persons who stand alone (a child, the deceased, a husband, a land owner) are matched first; then those the
register links to them (the child's parents, the husband's wife), with the linked citizens fetched in one more
query. A single document is a batch of one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from pipeline.extract.schema import DocTypeSchema
from pipeline.match.blocking import id_neighbours
from pipeline.match.candidates import Blocks, born_per_year, citizens_by_personal_id, fetch_blocks
from pipeline.match.matcher import DEPENDS_ON, MATCHED, MatchContext, MatchResult, match_one
from pipeline.match.query import PersonQuery, RecordView, person_queries
from pipeline.match.weights import Weights, default_weights
from pipeline.normalize.ids import check_personal_id


@dataclass(frozen=True)
class RecordMatch:
    record: RecordView
    persons: tuple[MatchResult, ...]

    def person(self, role: str) -> MatchResult | None:
        return next((p for p in self.persons if p.query.role == role), None)


def load_context(connection: Connection, weights: Weights | None = None) -> MatchContext:
    return MatchContext(weights or default_weights(), born_per_year(connection))


def match_records(
    connection: Connection,
    records: Sequence[RecordView],
    schemas: Mapping[str, DocTypeSchema],
    context: MatchContext,
) -> list[RecordMatch]:
    queries = {r.record_id: person_queries(r, schemas[r.doc_type]) for r in records}
    blocks = fetch_blocks(connection, (key for qs in queries.values() for q in qs for key in q.blocking_keys))
    results: dict[tuple[int, str], MatchResult] = {}
    dependent: list[PersonQuery] = []
    for record_queries in queries.values():
        for query in record_queries:
            if query.role in DEPENDS_ON:
                dependent.append(query)
            else:
                results[(query.record_id, query.role)] = match_one(context, query, blocks)
    _match_dependents(connection, context, blocks, dependent, results)
    _second_look(connection, context, blocks, results)
    return [
        RecordMatch(record, tuple(results[(record.record_id, q.role)] for q in queries[record.record_id]))
        for record in records
    ]


def _match_dependents(
    connection: Connection,
    context: MatchContext,
    blocks: Blocks,
    dependent: Sequence[PersonQuery],
    results: dict[tuple[int, str], MatchResult],
) -> None:
    links: dict[tuple[int, str], str] = {}
    for query in dependent:
        anchor_role, attribute = DEPENDS_ON[query.role]
        anchor = results.get((query.record_id, anchor_role))
        citizen = anchor.citizen if anchor is not None else None
        linked_id = getattr(citizen, attribute) if citizen is not None else None
        if linked_id:
            links[(query.record_id, query.role)] = linked_id
    linked = citizens_by_personal_id(connection, links.values())
    for query in dependent:
        linked_id = links.get((query.record_id, query.role))
        results[(query.record_id, query.role)] = match_one(
            context, query, blocks, linked=linked.get(linked_id) if linked_id else None, linked_id=linked_id
        )


def _second_look(
    connection: Connection, context: MatchContext, blocks: Blocks, results: dict[tuple[int, str], MatchResult]
) -> None:
    """A person matched to no one whose printed ID cannot be right (11 digits, a structure digit wrong for the
    document) may be a citizen whose ID was mistyped *and* whose name was misspelled (every key lost): the
    citizens holding an ID one slip away are candidates too."""
    wanted: dict[tuple[int, str], list[str]] = {}
    for place, result in results.items():
        query = result.query
        if result.status == MATCHED or not query.personal_id:
            continue
        if check_personal_id(query.personal_id, sex=query.sex, birth_year=query.birth_year).ok:
            continue
        neighbours = id_neighbours(query.personal_id)
        if neighbours:
            wanted[place] = neighbours
    if not wanted:
        return
    found = citizens_by_personal_id(connection, (pid for ids in wanted.values() for pid in ids))
    for place, neighbours in wanted.items():
        extra = [found[pid] for pid in neighbours if pid in found]
        if extra:
            results[place] = match_one(context, results[place].query, blocks, extra=extra)
