"""`sohoa export`: records as JSON lines (schemas/export.schema.json) or as one wide CSV.

The output holds personal data, so it goes only to the file the operator names, never to a log.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import selectinload

from pipeline.extract.schema import DocTypeSchema, load_schemas
from pipeline.store.db import transaction
from pipeline.store.models import Issue, Record

_NUMBER_TYPES = {"int": int, "year": int, "area": float}


def _typed(value: str | None, field_type: str) -> Any:
    if value is None:
        return None
    convert = _NUMBER_TYPES.get(field_type)
    if convert is None:
        return value
    try:
        return convert(value)
    except ValueError:
        return value


def _record_dict(record: Record, schema: DocTypeSchema) -> dict[str, Any]:
    stored = {f.name: f for f in record.fields}
    fields: dict[str, Any] = {}
    for item in schema.fields:
        if not item.export:
            continue
        field = stored.get(item.name)
        fields[item.name] = {
            "value": _typed(field.value, item.type) if field else None,
            "raw": field.raw_text if field else None,
            "confidence": round(field.confidence or 0.0, 4) if field else 0.0,
            "valid": bool(field.valid) if field else False,
            "problem": field.problem if field else "not found",
        }
    document = record.document
    return {
        "record_id": record.id,
        "source": document.original_name if document else (record.source_ref or ""),
        "sha256": document.sha256 if document else None,
        "page": record.first_page,
        "doc_type": record.doc_type,
        "fields": fields,
        "persons": [
            {
                "role": person.role,
                "citizen_id": person.citizen.personal_id if person.citizen else None,
                "status": person.status,
                "score": person.score,
            }
            for person in sorted(record.persons, key=lambda p: p.id)
        ],
        "issues": [_issue_dict(issue) for issue in sorted(record.issues, key=lambda i: i.id)],
    }


def _issue_dict(issue: Issue) -> dict[str, Any]:
    return {
        "code": issue.code,
        "role": issue.role,
        "field": issue.field,
        "severity": issue.severity,
        "document_value": issue.document_value,
        "database_value": issue.database_value,
        "detail": issue.detail,
    }


def iter_export(engine: Engine, batch: int = 500) -> Iterator[dict[str, Any]]:
    schemas = load_schemas()
    last_id = 0
    while True:
        with transaction(engine) as session:
            records = (
                session.execute(
                    select(Record)
                    .where(Record.id > last_id)
                    .order_by(Record.id)
                    .limit(batch)
                    .options(
                        selectinload(Record.fields),
                        selectinload(Record.persons),
                        selectinload(Record.issues),
                        selectinload(Record.document),
                    )
                )
                .scalars()
                .all()
            )
            if not records:
                return
            rows = [_record_dict(record, schemas[record.doc_type]) for record in records]
            last_id = records[-1].id
        yield from rows


def export_jsonl(engine: Engine, path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in iter_export(engine):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def export_csv(engine: Engine, path: Path) -> int:
    names: list[str] = []
    for schema in load_schemas().values():
        names += [name for name in schema.export_fields if name not in names]
    columns = ["record_id", "source", "sha256", "page", "doc_type", *names, "lowest_confidence", "problems"]
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in iter_export(engine):
            fields = row["fields"]
            confidences = [f["confidence"] for f in fields.values()]
            problems = "; ".join(f"{k}: {f['problem']}" for k, f in fields.items() if f.get("problem"))
            writer.writerow(
                [row["record_id"], row["source"], row["sha256"], row["page"], row["doc_type"]]
                + ["" if fields.get(n, {}).get("value") is None else fields[n]["value"] for n in names]
                + [min(confidences) if confidences else "", problems]
            )
            count += 1
    return count
