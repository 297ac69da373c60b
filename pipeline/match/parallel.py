"""Matching on every core: a pool of processes, each with its own database connection, that match slices of a
batch of records side by side and check them by the record rules.

Scoring is Python and holds the interpreter, so one process uses one core; a batch's records are independent of
each other (a record's parents and spouse are matched within it), so slices of it can go to separate processes and
come back in order. Events registered twice need the whole batch and stay with the caller.

The calling process matches the first slice itself while the others match the rest: it would only wait otherwise,
and its slice crosses no process boundary. The other processes start from a fork server (never forked from a
process that runs threads: a Prefect flow, the OCR pool) and live as long as the pool; a long-running service keeps
one. Starting them costs a second or two, so a small batch is matched in the calling process alone.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import astuple
from typing import Any

from sqlalchemy import Engine

from pipeline.extract.schema import DocTypeSchema, load_schemas
from pipeline.match.batch import match_records
from pipeline.match.matcher import MatchContext
from pipeline.match.outcome import PersonOutcome, RecordOutcome
from pipeline.match.query import RecordView
from pipeline.rules.issue import IssueDraft

# below this many records a batch is matched in the calling process: not worth the processes' start
SMALLEST_PARALLEL_BATCH = 400
# the caller's slice against another process's: the others' records and results are pickled, sent and read back
# (by the caller's threads, beside its own matching), about a third more time for the same persons, measured here
CALLER_SHARE = 1.3
SLICES_PER_WORKER = 2

_worker: dict[str, Any] = {}


def _start(url: str) -> None:
    from pipeline.store.db import make_engine

    _worker["engine"] = make_engine(url)
    _worker["schemas"] = load_schemas()


# Results cross between processes as outcomes (`pipeline.match.outcome`: a few values and the evidence) in plain
# tuples: pickling the match results themselves (every person's query, candidates and explanation) and building
# them again here cost as much as matching them.
_Encoded = tuple[int, tuple[tuple[Any, ...], ...]]


def _encode(outcome: RecordOutcome) -> _Encoded:
    return outcome.record.record_id, tuple(tuple(getattr(p, name) for name in _PERSON) for p in outcome.persons)


def _decode(record: RecordView, encoded: _Encoded) -> RecordOutcome:
    return RecordOutcome(record, tuple(PersonOutcome(*person) for person in encoded[1]))


_PERSON = PersonOutcome.__slots__


def _match_slice(
    records: Sequence[RecordView], context: MatchContext, today: datetime.date
) -> tuple[list[_Encoded], dict[int, list[tuple[Any, ...]]]]:
    outcomes, issues = _match_here(_worker["engine"], _worker["schemas"], records, context, today)
    return [_encode(o) for o in outcomes], {
        record_id: [astuple(i) for i in found] for record_id, found in issues.items()
    }


def _match_here(
    engine: Engine,
    schemas: Mapping[str, DocTypeSchema],
    records: Sequence[RecordView],
    context: MatchContext,
    today: datetime.date,
) -> tuple[list[RecordOutcome], dict[int, list[IssueDraft]]]:
    from pipeline.rules.record_rules import record_issues

    with engine.connect() as connection:
        matches = match_records(connection, records, schemas, context)
    issues = {m.record.record_id: record_issues(m, schemas, today) for m in matches}
    return [m.outcome() for m in matches], issues


def _slices(
    records: Sequence[RecordView], shares: Sequence[float], schemas: Mapping[str, DocTypeSchema]
) -> list[Sequence[RecordView]]:
    """`records` cut into runs holding persons in proportion to `shares` (a birth certificate names three, a death
    extract one: cut by records, one process could have half as much to do as another)."""
    weights = [len(schemas[r.doc_type].persons) for r in records]
    unit = sum(weights) / sum(shares) if records else 0
    ends = [unit * sum(shares[: i + 1]) for i in range(len(shares) - 1)]
    slices: list[Sequence[RecordView]] = []
    start, done = 0, 0
    for index, weight in enumerate(weights):
        # a cut before the record whose middle passes the next run's end: every run within a record of its share
        if len(slices) < len(ends) and index > start and done + weight / 2 > ends[len(slices)]:
            slices.append(records[start:index])
            start = index
        done += weight
    slices.append(records[start:])
    return [part for part in slices if part]


class MatchPool:
    """`workers` matching processes (one per core by default) for slices of batches against the database at `url`:
    the calling process and `workers - 1` others. The caller takes a slice too: idle while the others match, it
    would otherwise only wait (and on two cores, two processes besides it would be one too many)."""

    def __init__(self, url: str, workers: int | None = None) -> None:
        from pipeline.store.db import make_engine

        self.url = url
        self.workers = max(workers or os.cpu_count() or 1, 1)
        self._engine = make_engine(url)
        self._schemas = load_schemas()
        self._pool: ProcessPoolExecutor | None = None
        if self.workers > 1:
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(self.workers - 1, mp_context=context, initializer=_start, initargs=(url,))

    def match(
        self, records: Sequence[RecordView], context: MatchContext, today: datetime.date
    ) -> tuple[list[RecordOutcome], dict[int, list[IssueDraft]]]:
        """The outcomes of `records` in their order, and each record's issues (DUPLICATE_RECORD apart)."""
        slices = _slices(records, [CALLER_SHARE] + [1.0] * (self.workers - 1), self._schemas)
        mine, others = (slices[0], slices[1:]) if self._pool is not None and slices else (records, [])
        pending = [self._pool.submit(_match_slice, part, context, today) for part in others] if self._pool else []
        outcomes, issues = _match_here(self._engine, self._schemas, mine, context, today)
        for part, future in zip(others, pending, strict=True):
            found, raised = future.result()
            outcomes += [_decode(record, encoded) for record, encoded in zip(part, found, strict=True)]
            issues.update({record_id: [IssueDraft(*i) for i in drafts] for record_id, drafts in raised.items()})
        return outcomes, issues

    def warm(self) -> None:
        """Start every process now (each reads its imports and opens its connection once)."""
        if self._pool is not None:
            list(self._pool.map(_ready, range(self.workers - 1)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self._engine.dispose()

    def __enter__(self) -> MatchPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _ready(_: int) -> bool:
    return "engine" in _worker
