"""Document-type definitions, read from `schemas/doctypes/*.json` and validated at load time.

A fifth document type is a new JSON file and a test, not new code: the extractor only knows field *types*
(name, date, personal_id, ...), never document types.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from pipeline.errors import SohoaError

FieldType = Literal[
    "name",
    "date",
    "date_words",
    "death_time",
    "sex",
    "personal_id",
    "year",
    "int",
    "area",
    "serial",
    "register",
    "text",
]

SCHEMAS_DIR = Path(os.environ.get("SOHOA_SCHEMAS_DIR") or Path(__file__).resolve().parents[2] / "schemas")


class FieldDef(BaseModel):
    name: str
    type: FieldType
    labels: list[str] = Field(default_factory=list)
    section: str = "top"
    required: bool = False
    export: bool = True
    cross_check: str | None = None  # another field holding the same value in another form (date in words)
    # dates this one cannot come before (a registration is not before the birth it registers): when it does, the
    # less confident reading of the two is marked unsure, so that the second pass reads it again
    not_before: list[str] = Field(default_factory=list)
    pattern: str | None = None  # a regular expression finding the value when no label is printed
    which: Literal["first", "last"] = "first"
    # the values the law allows (land-use purposes): a reading a letter or two away from one is that one
    choices: list[str] = Field(default_factory=list)
    # a name's person's sex, for the register's given-name counts of that sex: fixed by the role (a mother is a
    # woman) or read from another field of the document (the registered person's sex)
    sex: Literal["F", "M"] | None = None
    sex_field: str | None = None
    # or told by the label that introduced the name (a land certificate's "Ông" or "Bà")
    label_sex: dict[str, Literal["F", "M"]] = Field(default_factory=dict)


class SectionDef(BaseModel):
    name: str
    starts: list[str]


class PersonDef(BaseModel):
    """A person the document is about, in a role, and the fields that describe them (for matching)."""

    role: Literal["subject", "mother", "father", "husband", "wife", "owner"]
    name: str
    personal_id: str | None = None
    date_of_birth: str | None = None  # a full (or partial) date of birth
    birth_year: str | None = None  # only the year, where the document gives no more
    sex_field: str | None = None
    sex: Literal["F", "M"] | None = None  # fixed by the role (a mother)
    address: str | None = None
    mother_name: str | None = None  # the person's parents as the document names them (a child's certificate)
    father_name: str | None = None

    def field_names(self) -> list[str]:
        named = (
            self.name,
            self.personal_id,
            self.date_of_birth,
            self.birth_year,
            self.sex_field,
            self.address,
            self.mother_name,
            self.father_name,
        )
        return [name for name in named if name]


class DocTypeSchema(BaseModel):
    doc_type: str
    name: str
    titles: list[str]
    keywords: list[str] = Field(default_factory=list)
    sections: list[SectionDef] = Field(default_factory=list)
    fields: list[FieldDef]
    persons: list[PersonDef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> DocTypeSchema:
        names = [f.name for f in self.fields]
        if len(names) != len(set(names)):
            raise ValueError("field names must be unique")
        sections = {"top"} | {s.name for s in self.sections}
        for item in self.fields:
            if self.sections and item.section not in sections:
                raise ValueError(f"field {item.name}: unknown section {item.section}")
            if not item.labels and not item.pattern:
                raise ValueError(f"field {item.name}: needs labels or a pattern")
            if item.cross_check and item.cross_check not in names:
                raise ValueError(f"field {item.name}: cross_check names an unknown field")
            for other in item.not_before:
                if other not in names:
                    raise ValueError(f"field {item.name}: not_before names an unknown field {other}")
            if item.sex_field and next((f.type for f in self.fields if f.name == item.sex_field), None) != "sex":
                raise ValueError(f"field {item.name}: sex_field must name a field of type sex")
            if set(item.label_sex) - set(item.labels):
                raise ValueError(f"field {item.name}: label_sex names a label the field does not have")
        roles = [p.role for p in self.persons]
        if len(roles) != len(set(roles)):
            raise ValueError("person roles must be unique")
        for person in self.persons:
            for name in person.field_names():
                if name not in names:
                    raise ValueError(f"person {person.role}: names an unknown field {name}")
        return self

    def field(self, name: str) -> FieldDef:
        return next(f for f in self.fields if f.name == name)

    @property
    def export_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.export]


class SchemaError(SohoaError):
    pass


def load_schema(path: Path) -> DocTypeSchema:
    try:
        return DocTypeSchema.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        raise SchemaError(f"document type schema {path.name} is invalid: {exc}") from exc


@cache
def load_schemas(directory: Path = SCHEMAS_DIR / "doctypes") -> dict[str, DocTypeSchema]:
    schemas = [load_schema(path) for path in sorted(directory.glob("*.json"))]
    if not schemas:
        raise SchemaError(f"no document type schemas in {directory}")
    return {schema.doc_type: schema for schema in schemas}
