"""Document-type schemas are data, checked when they load: a broken reference is an error, not a silent miss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract.schema import SchemaError, load_schema, load_schemas


def test_the_shipped_schemas_load_and_name_each_persons_sex() -> None:
    schemas = load_schemas()
    assert set(schemas) == {"birth", "death", "marriage", "land"}
    assert schemas["birth"].field("mother_name").sex == "F"
    assert schemas["marriage"].field("husband_name").sex == "M"
    assert schemas["birth"].field("full_name").sex_field == "sex"
    assert schemas["land"].field("owner_name").label_sex == {"Ông": "M", "Bà": "F"}


def _write(tmp_path: Path, field: dict) -> Path:
    schema = {
        "doc_type": "x",
        "name": "X",
        "titles": ["X"],
        "fields": [
            {"name": "sex", "type": "sex", "labels": ["Giới tính"]},
            {"type": "name", "labels": ["Họ"], **field},
        ],
    }
    path = tmp_path / "x.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ({"name": "a", "sex_field": "a"}, "sex_field must name a field of type sex"),
        ({"name": "a", "sex_field": "missing"}, "sex_field must name a field of type sex"),
        ({"name": "a", "not_before": ["missing"]}, "not_before names an unknown field"),
        ({"name": "a", "cross_check": "missing"}, "cross_check names an unknown field"),
        ({"name": "a", "sex": "X"}, "sex"),
        ({"name": "sex"}, "field names must be unique"),
        ({"name": "a", "label_sex": {"Bà": "F"}}, "label_sex names a label the field does not have"),
    ],
)
def test_a_broken_reference_is_an_error(tmp_path: Path, field: dict, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        load_schema(_write(tmp_path, field))


def test_a_sound_schema_loads(tmp_path: Path) -> None:
    assert load_schema(_write(tmp_path, {"name": "a", "sex_field": "sex"})).field("a").sex_field == "sex"


@pytest.mark.parametrize(
    ("persons", "message"),
    [
        ([{"role": "subject", "name": "missing"}], "person subject: names an unknown field missing"),
        ([{"role": "subject", "name": "a", "personal_id": "nope"}], "person subject: names an unknown field nope"),
        ([{"role": "subject", "name": "a"}, {"role": "subject", "name": "a"}], "person roles must be unique"),
        ([{"role": "cousin", "name": "a"}], "role"),
    ],
)
def test_a_broken_person_is_an_error(tmp_path: Path, persons: list, message: str) -> None:
    path = _write(tmp_path, {"name": "a"})
    schema = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**schema, "persons": persons}), encoding="utf-8")
    with pytest.raises(SchemaError, match=message):
        load_schema(path)


def test_every_shipped_type_names_its_persons() -> None:
    roles = {name: [p.role for p in schema.persons] for name, schema in load_schemas().items()}
    assert roles == {
        "birth": ["subject", "mother", "father"],
        "death": ["subject"],
        "marriage": ["husband", "wife"],
        "land": ["owner"],
    }
