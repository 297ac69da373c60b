"""Storing processed scans: a document, its pages and the records read from it, in one transaction.

Documents are identified by the SHA-256 of their content, so the same scan handed in twice (under any name) is
recognised and not processed or stored again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from pipeline.extract.model import ExtractedRecord
from pipeline.ocr.model import PageOCR, PageStatus
from pipeline.store.db import transaction
from pipeline.store.models import Document, DocumentStatus, Page, Record, RecordField, utcnow

DONE = frozenset({DocumentStatus.PROCESSED.value, DocumentStatus.NEEDS_REVIEW.value})


@dataclass(frozen=True)
class StoredDocument:
    document_id: int
    status: str
    created: bool  # False when the content was already stored (a re-run or a duplicate)
    records: int = 0


def find_document(session: Session, sha256: str) -> Document | None:
    return session.execute(select(Document).where(Document.sha256 == sha256)).scalar_one_or_none()


def is_done(engine: Engine, sha256: str) -> StoredDocument | None:
    """The stored document for this content if it was processed already (failures are worth another try)."""
    with transaction(engine) as session:
        document = find_document(session, sha256)
        if document is None or document.status not in DONE:
            return None
        return StoredDocument(document.id, document.status, False, len(document.records))


def _status(pages: list[PageOCR], records: list[ExtractedRecord], required: dict[str, set[str]]) -> str:
    if any(page.status != PageStatus.OK for page in pages):
        return DocumentStatus.NEEDS_REVIEW.value
    for record in records:
        if record.doc_type is None:
            return DocumentStatus.NEEDS_REVIEW.value
        for name in required.get(record.doc_type, set()):
            item = record.fields.get(name)
            if item is None or not item.valid:
                return DocumentStatus.NEEDS_REVIEW.value
    return DocumentStatus.PROCESSED.value if records else DocumentStatus.NEEDS_REVIEW.value


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def save_document(
    engine: Engine,
    *,
    sha256: str,
    original_name: str,
    media_type: str | None,
    size_bytes: int | None,
    stored_path: str | None,
    office: str | None,
    pages: list[PageOCR],
    records: list[ExtractedRecord],
    required: dict[str, set[str]],
    error: str | None = None,
) -> StoredDocument:
    """Store a processed (or failed, when `error` is set) file with everything read from it, all or nothing."""
    with transaction(engine) as session:
        document = find_document(session, sha256)
        if document is not None and document.status in DONE:
            return StoredDocument(document.id, document.status, False, len(document.records))
        if document is None:
            document = Document(sha256=sha256, original_name=original_name[-500:])
            session.add(document)
        else:  # a failed earlier attempt: its pages and records are replaced
            session.execute(delete(Record).where(Record.document_id == document.id))
            session.execute(delete(Page).where(Page.document_id == document.id))
        document.media_type = media_type
        document.size_bytes = size_bytes
        document.stored_path = stored_path
        document.office = office
        document.page_count = len(pages) or None
        document.error = error
        document.status = DocumentStatus.FAILED.value if error else _status(pages, records, required)
        document.processed_at = utcnow()
        session.flush()
        for page in pages:
            session.add(
                Page(
                    document_id=document.id,
                    page_no=page.page_no,
                    width=page.width,
                    height=page.height,
                    dpi=page.dpi,
                    rotation=page.rotation,
                    skew_deg=page.skew,
                    ocr_confidence=page.mean_confidence,
                    ocr_text=page.text,
                    status=page.status.value,
                    error=page.error,
                )
            )
        for extracted in records:
            if extracted.doc_type is None:
                continue
            record = Record(
                document_id=document.id,
                doc_type=extracted.doc_type,
                source_kind="scan",
                source_ref=f"{original_name[-450:]}#page={extracted.first_page}",
                first_page=extracted.first_page,
                office=office,
            )
            record.fields = [
                RecordField(
                    name=item.name,
                    raw_text=item.raw,
                    value=_text(item.value),
                    confidence=item.confidence,
                    valid=item.valid,
                    problem=item.problem,
                    page_no=item.page_no,
                    bbox_x=item.box.left if item.box else None,
                    bbox_y=item.box.top if item.box else None,
                    bbox_w=item.box.width if item.box else None,
                    bbox_h=item.box.height if item.box else None,
                )
                for item in extracted.fields.values()
            ]
            session.add(record)
        session.flush()
        return StoredDocument(document.id, document.status, True, sum(1 for r in records if r.doc_type))
