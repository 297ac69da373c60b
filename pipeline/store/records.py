"""Storing a record from its fields alone: a row of a typed register (`sohoa records import`), a test's record."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from pipeline.match.query import FieldValue
from pipeline.store.models import Record, RecordField


def add_record(
    session: Session,
    doc_type: str,
    fields: Mapping[str, FieldValue],
    *,
    source_kind: str = "import",
    source_ref: str | None = None,
    first_page: int | None = None,
    office: str | None = None,
) -> int:
    """Add one record with its fields (inside the caller's transaction); returns its id."""
    record = Record(
        doc_type=doc_type,
        source_kind=source_kind,
        source_ref=source_ref[-500:] if source_ref else None,
        first_page=first_page,
        office=office,
    )
    record.fields = [
        RecordField(
            name=name,
            raw_text=item.raw_text if item.raw_text is not None else item.value,
            value=item.value,
            confidence=item.confidence,
            valid=item.valid,
            problem=item.problem,
        )
        for name, item in fields.items()
    ]
    session.add(record)
    session.flush()
    return record.id
