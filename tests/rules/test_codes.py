"""The issue codes in schemas/: every code the generator injects and the issue names is defined, and a broken file
is refused with its name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract.schema import SchemaError
from pipeline.rules.codes import issue_codes, load_issue_codes
from pipeline.store.models import Issue
from pipeline.synth.scans.discrepancies import ALL_CODES, CODE_WEIGHTS

NAMED_BY_THE_ISSUE = {"LOW_CONFIDENCE", *ALL_CODES}


def test_every_code_the_generator_injects_is_defined_for_its_document_types() -> None:
    codes = issue_codes()
    assert set(codes) >= NAMED_BY_THE_ISSUE
    for doc_type, weights in CODE_WEIGHTS.items():
        for code in weights:
            assert doc_type in codes[code].doc_types, f"{code} is injected on {doc_type} documents"


def test_every_code_is_explained_and_fits_the_issues_table() -> None:
    width = Issue.__table__.c.code.type.length
    for item in issue_codes().values():
        assert len(item.code) <= width
        assert item.meaning.endswith(".") and item.action.endswith(".")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["codes"].append(dict(d["codes"][0])), "defined twice"),
        (lambda d: d["codes"][0].update(severity="urgent"), "severity"),
        (lambda d: d["codes"][0].update(code="id mismatch"), "UPPER_SNAKE_CASE"),
        (lambda d: d["codes"][0].update(doc_types=["passport"]), "doc_types"),
    ],
)
def test_a_broken_codes_file_is_refused(tmp_path: Path, change, message: str) -> None:
    data = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "issue_codes.json").read_text("utf-8"))
    change(data)
    broken = tmp_path / "issue_codes.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SchemaError, match=message):
        load_issue_codes(broken)
