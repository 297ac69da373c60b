"""Matching on every core: a pool of processes, each with its own database connection, that match slices of a
batch of records side by side and check them by the record rules.

Scoring is Python and holds the interpreter, so one process uses one core; a batch's records are independent of
each other (a record's parents and spouse are matched within it), so slices of it can go to separate processes and
come back in order. Events registered twice need the whole batch and stay with the caller.

The processes start from a fork server (never forked from a process that runs threads: a Prefect flow, the OCR
pool) and live as long as the pool; a long-running service keeps one. Starting them costs a second or two, so a
small batch is matched in the calling process.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import astuple
from typing import Any

from pipeline.extract.schema import DocTypeSchema, load_schemas
from pipeline.match.batch import RecordMatch, match_records
from pipeline.match.candidates import Candidate
from pipeline.match.matcher import MatchContext, MatchResult, Scored
from pipeline.match.query import RecordView, person_queries
from pipeline.match.weights import ComparedField, Explanation
from pipeline.rules.issue import IssueDraft

# below this many records a batch is matched in the calling process: not worth the processes' start
SMALLEST_PARALLEL_BATCH = 400

_worker: dict[str, Any] = {}


def _start(url: str) -> None:
    from pipeline.store.db import make_engine

    _worker["engine"] = make_engine(url)
    _worker["schemas"] = load_schemas()


# Results cross between processes as plain tuples: pickling the result objects themselves (every person's query,
# candidates and explanation) cost as much as matching them.
_Encoded = tuple[int, tuple[tuple[Any, ...], ...]]


def _encode_scored(scored: Scored | None) -> tuple[Any, ...] | None:
    if scored is None:
        return None
    candidate = scored.candidate
    fields = tuple(tuple(f) for f in scored.explanation.fields)
    return (tuple(getattr(candidate, name) for name in Candidate.__slots__), scored.explanation.prior, fields)


def _decode_scored(encoded: tuple[Any, ...] | None) -> Scored | None:
    if encoded is None:
        return None
    candidate, prior, fields = encoded
    return Scored(Candidate(*candidate), Explanation(prior, tuple(ComparedField(*f) for f in fields)))


def _encode(match: RecordMatch) -> _Encoded:
    persons = tuple(
        (p.status, p.candidates, _encode_scored(p.best), _encode_scored(p.runner_up)) for p in match.persons
    )
    return match.record.record_id, persons


def _decode(record: RecordView, encoded: _Encoded, schemas: Mapping[str, DocTypeSchema]) -> RecordMatch:
    queries = person_queries(record, schemas[record.doc_type])
    persons = tuple(
        MatchResult(query, status, _decode_scored(best), _decode_scored(runner), candidates)
        for query, (status, candidates, best, runner) in zip(queries, encoded[1], strict=True)
    )
    return RecordMatch(record, persons)


def _match_slice(
    records: Sequence[RecordView], context: MatchContext, today: datetime.date
) -> tuple[list[_Encoded], dict[int, list[tuple[Any, ...]]]]:
    from pipeline.rules.record_rules import record_issues

    schemas = _worker["schemas"]
    with _worker["engine"].connect() as connection:
        matches = match_records(connection, records, schemas, context)
    issues = {m.record.record_id: [astuple(i) for i in record_issues(m, schemas, today)] for m in matches}
    return [_encode(m) for m in matches], issues


class MatchPool:
    """`workers` processes (one per core by default) matching slices of batches against the database at `url`."""

    def __init__(self, url: str, workers: int | None = None) -> None:
        self.url = url
        self.workers = workers or os.cpu_count() or 1
        self.schemas = load_schemas()
        context = multiprocessing.get_context("forkserver")
        self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start, initargs=(url,))

    def match(
        self, records: Sequence[RecordView], context: MatchContext, today: datetime.date
    ) -> tuple[list[RecordMatch], dict[int, list[IssueDraft]]]:
        """The matches of `records` in their order, and each record's issues (DUPLICATE_RECORD apart)."""
        size = -(-len(records) // self.workers)
        slices = [records[i : i + size] for i in range(0, len(records), size)]
        matches: list[RecordMatch] = []
        issues: dict[int, list[IssueDraft]] = {}
        done = self._pool.map(_match_slice, slices, [context] * len(slices), [today] * len(slices))
        for part, (found, raised) in zip(slices, done, strict=True):
            matches += [_decode(record, encoded, self.schemas) for record, encoded in zip(part, found, strict=True)]
            issues.update({record_id: [IssueDraft(*i) for i in drafts] for record_id, drafts in raised.items()})
        return matches, issues

    def warm(self) -> None:
        """Start every process now (each reads its imports and opens its connection once)."""
        list(self._pool.map(_ready, range(self.workers)))

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)

    def __enter__(self) -> MatchPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _ready(_: int) -> bool:
    return "engine" in _worker
