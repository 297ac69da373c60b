"""`sohoa records import`: a typed register's rows stored as records of one document type, then matched and
cleaned exactly as records read from scans.

The rows go in one transaction: a file is imported whole (its bad rows reported by line and left out) or, with
`strict`, not at all when any row is bad. The same file (by SHA-256) is never imported twice. Matching follows the
import; should it fail, the records are stored and `sohoa match` takes them up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from pipeline.cleaning import CleaningSummary, match_and_clean
from pipeline.errors import InputError, RejectedRowsError
from pipeline.extract.schema import load_schemas
from pipeline.population.loader import Reject, file_sha256, rejecting
from pipeline.registers.rows import EXTRA_COLUMNS, register_row
from pipeline.registers.tables import read_table
from pipeline.store.db import transaction
from pipeline.store.models import ImportRun, utcnow
from pipeline.store.records import add_record

# what `sohoa export --format csv` writes besides the fields: ignored, so that an export can be imported back
EXPORT_COLUMNS = ("record_id", "sha256", "doc_type", "lowest_confidence", "problems")


@dataclass
class RegisterImportSummary:
    rows_read: int = 0
    imported: int = 0
    rejected: int = 0
    first_rejects: list[Reject] = field(default_factory=list)
    record_ids: list[int] = field(default_factory=list)
    cleaning: CleaningSummary | None = None


def _check_columns(path: Path, columns: list[str], doc_type: str) -> None:
    schemas = load_schemas()
    own = {item.name for item in schemas[doc_type].fields} | set(EXTRA_COLUMNS) | set(EXPORT_COLUMNS)
    others = {item.name for schema in schemas.values() for item in schema.fields}
    unknown = [c for c in columns if c not in own and c not in others]
    if unknown:
        raise InputError(
            f"{path}: unknown column(s) for a {doc_type} register: {', '.join(unknown)} (the columns are the export's "
            f"field names, or any field of schemas/doctypes/{doc_type}.json, plus source and page)"
        )


def import_register(
    engine: Engine,
    path: Path,
    doc_type: str,
    *,
    strict: bool = False,
    office: str | None = None,
    today: date | None = None,
    on_reject: Callable[[Reject], None] | None = None,
) -> RegisterImportSummary:
    schemas = load_schemas()
    if doc_type not in schemas:
        raise InputError(f"unknown document type {doc_type!r}: one of {', '.join(sorted(schemas))}")
    schema = schemas[doc_type]
    names = [person.name for person in schema.persons]
    summary = RegisterImportSummary()
    sha256 = file_sha256(path) if path.is_file() else None

    reject = rejecting(summary, on_reject)

    with transaction(engine) as session:
        earlier = session.scalars(
            select(ImportRun).where(
                ImportRun.kind == "records", ImportRun.sha256 == sha256, ImportRun.sha256.is_not(None)
            )
        ).first()
        if earlier is not None:
            raise InputError(f"{path}: this file was imported already (import run {earlier.id}); nothing done")
        run = ImportRun(kind="records", source_name=str(path)[-500:], sha256=sha256, started_at=utcnow())
        session.add(run)
        checked = False
        for raw in read_table(path, required=names[:1]):
            summary.rows_read += 1
            if raw.cells is None:
                assert raw.error is not None
                reject(raw.line, raw.error.column, raw.error.reason)
                continue
            if not checked:
                _check_columns(path, list(raw.cells), doc_type)
                checked = True
            try:
                row = register_row(raw.cells, schema)
            except Exception as exc:  # RowError, or a value we did not foresee: the row is refused, never the file
                reject(raw.line, getattr(exc, "column", "row"), getattr(exc, "reason", "cannot be read"))
                continue
            if not any(name in row.fields for name in names):
                reject(raw.line, names[0], "no person named: the row names nobody to match")
                continue
            summary.record_ids.append(
                add_record(
                    session,
                    doc_type,
                    row.fields,
                    source_kind="import",
                    source_ref=f"{row.source or path.name}#line={raw.line}",
                    first_page=row.page,
                    office=office,
                )
            )
        if strict and summary.rejected:
            first = summary.first_rejects[0]
            raise RejectedRowsError(
                f"{summary.rejected} row(s) rejected, nothing imported (--strict); "
                f"first on line {first.line}: {first.column} {first.reason}"
            )
        summary.imported = len(summary.record_ids)
        run.finished_at = utcnow()
        run.rows_read, run.imported, run.rejected = summary.rows_read, summary.imported, summary.rejected
    if summary.record_ids:
        summary.cleaning = match_and_clean(engine, records=summary.record_ids, today=today)
    return summary
