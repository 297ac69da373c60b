"""Extraction results: each field with its raw OCR text, normalised value, confidence and where it was read."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.ocr.model import Box

FieldValue = str | int | float | None


@dataclass
class ExtractedField:
    name: str
    value: FieldValue
    raw: str | None
    confidence: float  # 0-1: OCR word confidences weighed by validation
    valid: bool
    problem: str | None = None
    page_no: int | None = None
    box: Box | None = None
    export: bool = True
    label: str | None = None  # the schema's label it was found by ("Bà", which says the owner is a woman)


@dataclass
class ExtractedRecord:
    doc_type: str | None  # None when the page could not be typed
    first_page: int
    type_score: float
    fields: dict[str, ExtractedField] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)

    def value(self, name: str) -> FieldValue:
        item = self.fields.get(name)
        return item.value if item is not None else None

    @property
    def problems(self) -> list[str]:
        return [f"{f.name}: {f.problem}" for f in self.fields.values() if f.problem]
