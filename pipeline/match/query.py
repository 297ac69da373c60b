"""The persons a record is about, as matching sees them: one `PersonQuery` per role of the document type.

Which fields describe which person is data (`persons` in `schemas/doctypes/*.json`): the child, mother and father
of a birth certificate, the deceased, husband and wife, a land owner. A record comes from a scan (each field with
OCR's confidence) or from a typed register (confidence 1.0); matching treats both the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.extract.schema import DocTypeSchema, PersonDef
from pipeline.match.blocking import BlockingKey, blocking_keys
from pipeline.normalize.dates import read_iso


@dataclass(frozen=True)
class FieldValue:
    """One stored field of a record, as the rules need it."""

    value: str | None
    raw_text: str | None = None
    confidence: float | None = None
    valid: bool = True
    problem: str | None = None

    @property
    def present(self) -> bool:
        return bool(self.value and self.value.strip())


@dataclass(frozen=True)
class RecordView:
    """A stored record: its type and its fields by schema name."""

    record_id: int
    doc_type: str
    fields: Mapping[str, FieldValue]
    document_id: int | None = None

    def value(self, name: str | None) -> str | None:
        if not name:
            return None
        item = self.fields.get(name)
        return item.value.strip() if item is not None and item.present and item.value else None


@dataclass(frozen=True)
class PersonQuery:
    """One person of one record, with what the record says of them."""

    record_id: int
    role: str
    full_name: str | None
    date_of_birth: str | None  # ISO of day, month or year precision; a year alone for land owners and parents
    personal_id: str | None  # the digits as printed (any length: a 9-digit card, an 11-digit slip)
    sex: str | None
    address: str | None
    name_in_capitals: bool
    mother_name: str | None = None  # the parents the document names (a child's), compared with the register's
    father_name: str | None = None  # printed in capitals, where OCR drops tones
    fields: Mapping[str, str] = field(default_factory=dict)  # comparison -> the record's field name, for evidence
    confidence: Mapping[str, float] = field(default_factory=dict)  # comparison -> OCR confidence of that field

    @property
    def birth_year(self) -> int | None:
        born = read_iso(self.date_of_birth) if self.date_of_birth else None
        return born.year if born is not None else None

    @property
    def date_precision(self) -> str | None:
        born = read_iso(self.date_of_birth) if self.date_of_birth else None
        return born.precision if born is not None else None

    @cached_property
    def blocking_keys(self) -> list[BlockingKey]:
        return blocking_keys(full_name=self.full_name, date_of_birth=self.date_of_birth, personal_id=self.personal_id)


def _in_capitals(raw: str | None) -> bool:
    letters = [ch for ch in raw or "" if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def person_query(record: RecordView, person: PersonDef) -> PersonQuery:
    fields: dict[str, str] = {"name": person.name}
    date_field = person.date_of_birth or person.birth_year
    if date_field:
        fields["date_of_birth"] = date_field
    if person.personal_id:
        fields["personal_id"] = person.personal_id
    if person.sex_field:
        fields["sex"] = person.sex_field
    if person.address:
        fields["address"] = person.address
    if person.mother_name:
        fields["mother_name"] = person.mother_name
    if person.father_name:
        fields["father_name"] = person.father_name
    confidence = {}
    for comparison, name in fields.items():
        item = record.fields.get(name)
        if item is not None and item.present and item.confidence is not None:
            confidence[comparison] = float(item.confidence)
    name_field = record.fields.get(person.name)
    return PersonQuery(
        record_id=record.record_id,
        role=person.role,
        full_name=record.value(person.name),
        date_of_birth=record.value(date_field),
        personal_id=record.value(person.personal_id),
        sex=record.value(person.sex_field) or person.sex,
        address=record.value(person.address),
        mother_name=record.value(person.mother_name),
        father_name=record.value(person.father_name),
        name_in_capitals=_in_capitals(name_field.raw_text if name_field is not None else None),
        fields=fields,
        confidence=confidence,
    )


def person_queries(record: RecordView, schema: DocTypeSchema) -> list[PersonQuery]:
    """Every person of the record's type, in the schema's order (a record that names nobody in a role, such as a
    birth certificate without a father, still gets that role: it is then matched to no one and not reported)."""
    return [person_query(record, person) for person in schema.persons]
