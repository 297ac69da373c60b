"""Reading stored records in the form matching and the cleaning rules take (`RecordView`), in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, select

from pipeline.match.query import FieldValue, RecordView
from pipeline.store.models import Record, RecordField

_R = Record.__table__.c
_F = RecordField.__table__.c
CHUNK = 500


def load_record_views(connection: Connection, record_ids: Iterable[int]) -> list[RecordView]:
    """The records with these ids, in the order given (ids not stored are left out)."""
    wanted = list(dict.fromkeys(record_ids))
    heads: dict[int, tuple[str, int | None]] = {}
    fields: dict[int, dict[str, FieldValue]] = defaultdict(dict)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for record_id, doc_type, document_id in connection.execute(
            select(_R.id, _R.doc_type, _R.document_id).where(_R.id.in_(chunk))
        ):
            heads[record_id] = (doc_type, document_id)
        rows = connection.execute(
            select(_F.record_id, _F.name, _F.value, _F.raw_text, _F.confidence, _F.valid, _F.problem).where(
                _F.record_id.in_(chunk)
            )
        )
        for record_id, name, value, raw_text, confidence, valid, problem in rows:
            fields[record_id][name] = FieldValue(value, raw_text, confidence, bool(valid), problem)
    return [
        RecordView(record_id, heads[record_id][0], fields.get(record_id, {}), heads[record_id][1])
        for record_id in wanted
        if record_id in heads
    ]


def record_ids(connection: Connection, *, unmatched_only: bool = False) -> list[int]:
    """Every record's id (or those never matched), oldest first."""
    statement = select(_R.id).order_by(_R.id)
    if unmatched_only:
        statement = statement.where(_R.matched_at.is_(None))
    return [row[0] for row in connection.execute(statement)]


def in_batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
