"""Matching and cleaning stored records: every person linked to the population (or reported not found), every
discrepancy a stored issue with its evidence.

The records go in batches (one transaction each, so a batch is stored whole or not at all): read, matched
set-based (`pipeline.match.batch`), checked by the rules (`pipeline.rules`), checked for events registered twice
against the batch and the stored records, and written (`pipeline.store.matches`). New records are matched after
`sohoa process` stores them; `sohoa match --all` re-matches everything when the population has changed, keeping
what stewards decided.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine

from pipeline.extract.schema import load_schemas
from pipeline.match.batch import load_context, match_records
from pipeline.match.matcher import MatchContext
from pipeline.match.model import ensure_model
from pipeline.match.parallel import SMALLEST_PARALLEL_BATCH, MatchPool
from pipeline.rules.duplicates import duplicate_issues, event_entry
from pipeline.rules.issue import IssueDraft
from pipeline.rules.record_rules import record_issues
from pipeline.store.db import transaction
from pipeline.store.matches import save_matches, stored_events
from pipeline.store.record_views import in_batches, load_record_views, record_ids

BATCH = 2_000


@dataclass
class CleaningSummary:
    """Counts only (no names, no IDs): what a log line or a Prefect artifact may carry."""

    records: int = 0
    persons: Counter[str] = field(default_factory=Counter)  # by match status
    issues: Counter[str] = field(default_factory=Counter)  # by code, as raised in this run
    issues_new: int = 0
    issues_removed: int = 0
    match_model: int | None = None  # the stored model whose weights were used (None: the defaults)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "records": self.records,
            "persons": dict(self.persons),
            "issues": dict(self.issues),
            "issues_new": self.issues_new,
            "issues_removed": self.issues_removed,
            "match_model": self.match_model,
            "seconds": round(self.seconds, 2),
        }


def match_and_clean(
    engine: Engine,
    *,
    records: Sequence[int] | None = None,
    rematch: bool = False,
    today: datetime.date | None = None,
    batch: int = BATCH,
    context: MatchContext | None = None,
    pool: MatchPool | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> CleaningSummary:
    """Match and clean `records` (ids), or every record never matched, or with `rematch` every record. With a
    `pool`, large batches are matched on every core."""
    started = time.perf_counter()
    today = today or datetime.date.today()
    schemas = load_schemas()
    summary = CleaningSummary()
    with engine.connect() as connection:
        ids = list(records) if records is not None else record_ids(connection, unmatched_only=not rematch)
    if ids and context is None:
        summary.match_model = ensure_model(engine).model_id  # estimated once per version of the population
        with engine.connect() as connection:
            context = load_context(connection)
    for chunk in in_batches(ids, batch):
        with transaction(engine) as session:
            connection = session.connection()
            views = load_record_views(connection, chunk)
            drafts: dict[int, list[IssueDraft]]
            if pool is not None and len(views) >= SMALLEST_PARALLEL_BATCH:
                outcomes, drafts = pool.match(views, context, today)
            else:
                matches = match_records(connection, views, schemas, context)
                drafts = {m.record.record_id: record_issues(m, schemas, today) for m in matches}
                outcomes = [m.outcome() for m in matches]
            entries = [entry for entry in map(event_entry, outcomes) if entry is not None]
            stored = stored_events(connection, entries, exclude=chunk)
            for record_id, issue in duplicate_issues(entries, stored).items():
                drafts.setdefault(record_id, []).append(issue)
            counts = save_matches(session, outcomes, drafts)
        summary.records += counts.records
        summary.issues_new += counts.issues_new
        summary.issues_removed += counts.issues_removed
        for outcome in outcomes:
            summary.persons.update(person.status for person in outcome.persons if person.named)
        for record_drafts in drafts.values():
            summary.issues.update(draft.code for draft in record_drafts)
        if on_batch is not None:
            on_batch(len(chunk))
    summary.seconds = time.perf_counter() - started
    return summary
