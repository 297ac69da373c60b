"""The cleaning issue codes, read from `schemas/issue_codes.json`: each code's severity, the document types it can
be raised on, what it means and what a steward does about it. A rule may raise only a code defined there, so the
report can always explain a code in the stewards' words."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError, model_validator

from pipeline.extract.schema import SCHEMAS_DIR, SchemaError

Severity = Literal["high", "medium", "low"]
DocType = Literal["birth", "death", "marriage", "land"]


class IssueCode(BaseModel):
    code: str
    severity: Severity
    doc_types: list[DocType]
    meaning: str
    action: str


class IssueCodes(BaseModel):
    severities: dict[Severity, str]
    codes: list[IssueCode]

    @model_validator(mode="after")
    def _each_once(self) -> IssueCodes:
        seen: set[str] = set()
        for item in self.codes:
            if item.code in seen:
                raise ValueError(f"issue code {item.code} is defined twice")
            if not item.code.isupper() or not item.code.replace("_", "").isalpha():
                raise ValueError(f"issue code {item.code!r} is not UPPER_SNAKE_CASE")
            seen.add(item.code)
        return self


def load_issue_codes(path: Path = SCHEMAS_DIR / "issue_codes.json") -> dict[str, IssueCode]:
    try:
        codes = IssueCodes.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        raise SchemaError(f"issue codes {path.name} are invalid: {exc}") from exc
    return {item.code: item for item in codes.codes}


@cache
def issue_codes() -> dict[str, IssueCode]:
    """The project's issue codes (read once)."""
    return load_issue_codes()
