"""Checks shared by the scan generator's tests: a document's truth against the database it was generated from."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from pipeline.normalize import PartialDate, check_personal_id, display_name, fold, names_equal, parse_date
from pipeline.store.models import Citizen
from pipeline.synth.scans import TRUTH_FIELDS

SERIAL_RE = re.compile(r"[A-Z]{2} [0-9]{6}")
ISO_RE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def citizen(engine: Engine, personal_id: str | None) -> Citizen | None:
    if personal_id is None:
        return None
    with engine.connect() as connection:
        row = connection.execute(select(Citizen.__table__).where(Citizen.personal_id == personal_id)).first()
    return row  # type: ignore[return-value]


def person_of(doc: dict[str, Any], role: str) -> str | None:
    return next(p["citizen_id"] for p in doc["persons"] if p["role"] == role)


def check_shape(doc: dict[str, Any]) -> None:
    """Field names and value forms of the extractor's export format."""
    fields = doc["fields"]
    assert list(fields) == list(TRUTH_FIELDS[doc["doc_type"]])
    for name, value in fields.items():
        assert value is not None, name
        if name.endswith("_name"):
            assert value == display_name(value), (name, value)
            assert display_name(doc["printed"][name]) == value
        elif name.endswith("personal_id"):
            assert isinstance(value, str) and value.isdigit() and len(value) in (9, 11, 12), value
        elif name in ("date_of_birth", "date_of_death", "registration_date", "issue_date") or name.endswith(
            "date_of_birth"
        ):
            assert ISO_RE.fullmatch(value), (name, value)
            PartialDate.from_iso(value)
        elif name == "sex":
            assert value in ("M", "F")
    if doc["doc_type"] == "land":
        assert isinstance(fields["owner_birth_year"], int)
        assert isinstance(fields["parcel_number"], int) and 1 <= fields["parcel_number"] <= 999
        assert isinstance(fields["map_sheet_number"], int) and 1 <= fields["map_sheet_number"] <= 99
        assert isinstance(fields["area_m2"], float) and fields["area_m2"] > 0
        assert SERIAL_RE.fullmatch(fields["certificate_serial"])
        assert doc["printed"]["area_m2"].endswith(" m²")
        area = doc["printed"]["area_m2"].removesuffix(" m²").replace(".", "").replace(",", ".")
        assert float(area) == fields["area_m2"]
        place, when = doc["printed"]["issue_date"].rsplit(", ", 1)
        assert place and parse_date(when).iso() == fields["issue_date"]
    # Every printed date reads back, with the project's own normaliser, as the truth value.
    for name, value in fields.items():
        if name.endswith(("date_of_birth", "registration_date")) or name == "date_of_death":
            printed = doc["printed"][name]
            if name == "date_of_death" and "ngày " in printed:
                printed = printed.split("ngày ", 1)[1]
            assert parse_date(printed).iso() == value, (name, printed, value)
    if doc["doc_type"] == "birth":
        assert fields["register_number"].isdigit()


def check_matches_database(engine: Engine, doc: dict[str, Any]) -> None:
    """A document without injected discrepancies says exactly what the database says."""
    fields = doc["fields"]
    kind = doc["doc_type"]
    if kind in ("birth", "death"):
        subject = citizen(engine, person_of(doc, "subject"))
        assert subject is not None
        assert fields["full_name"] == subject.full_name
        assert fields["sex"] == subject.sex
        assert fields["date_of_birth"] == subject.date_of_birth
        assert fields["personal_id"] == subject.personal_id
        assert fields["registration_date"] >= subject.date_of_birth
        if kind == "birth":
            assert fields["place_of_birth"] == subject.place_of_birth
            mother = citizen(engine, person_of(doc, "mother"))
            father = citizen(engine, person_of(doc, "father"))
            assert mother is not None and father is not None
            assert (mother.personal_id, father.personal_id) == (subject.mother_id, subject.father_id)
            assert fields["mother_name"] == mother.full_name == subject.mother_name
            assert fields["father_name"] == father.full_name == subject.father_name
        else:
            assert subject.is_deceased
            assert fields["date_of_death"] == subject.date_of_death
            assert fields["registration_date"] >= subject.date_of_death
    elif kind == "marriage":
        husband = citizen(engine, person_of(doc, "husband"))
        wife = citizen(engine, person_of(doc, "wife"))
        assert husband is not None and wife is not None
        assert husband.spouse_id == wife.personal_id and wife.spouse_id == husband.personal_id
        for role, person in (("husband", husband), ("wife", wife)):
            assert fields[f"{role}_name"] == person.full_name
            assert fields[f"{role}_date_of_birth"] == person.date_of_birth
            assert fields[f"{role}_personal_id"] == person.personal_id
    else:
        owner = citizen(engine, person_of(doc, "owner"))
        assert owner is not None
        assert fields["owner_name"] == owner.full_name
        assert fields["owner_birth_year"] == owner.birth_year
        if doc["style"]["id_label"] == "CMND số:":  # an old identity card: 9 digits the database does not hold
            assert len(fields["owner_personal_id"]) == 9
        else:
            assert fields["owner_personal_id"] == owner.personal_id
        assert fields["issue_date"][:4] >= str(owner.birth_year + 18)


def check_injection(engine: Engine, doc: dict[str, Any], entry: dict[str, Any]) -> None:
    """An injected discrepancy is printed, and differs from the database in the way its code says."""
    code, role, field = entry["code"], entry["role"], entry["field"]
    new, old = entry["document_value"], entry["database_value"]
    fields = doc["fields"]
    person = citizen(engine, person_of(doc, role))
    if code == "NOT_FOUND":
        assert person_of(doc, role) is None and old is None
        id_field = {"subject": "personal_id", "owner": "owner_personal_id"}.get(role, f"{role}_personal_id")
        assert citizen(engine, fields[id_field]) is None
        assert check_personal_id(fields[id_field]).kind in ("cccd", "cmnd")
        return
    assert person is not None
    if code == "DUPLICATE_RECORD":
        assert doc["doc_type"] == "birth" and entry["duplicate_of"]["file"] != doc["file"]
        return
    if code == "DEATH_NOT_RECORDED":
        assert doc["doc_type"] == "death" and not person.is_deceased and old is None
        assert fields["date_of_death"] == new
        assert person.date_of_birth[:4] <= new[:4] and fields["registration_date"] >= new
        return
    if field is not None and not field.endswith("_name"):
        assert fields[field] == new, (code, field)
    if code in ("NAME_DIACRITICS", "NAME_MISMATCH", "PARENT_MISMATCH"):
        assert fields[field] == display_name(new)
        expected = person.full_name
        assert old == expected
        assert not names_equal(new, old)
        if code == "NAME_DIACRITICS":
            assert fold(new) == fold(old)  # only the diacritics differ
        elif code == "NAME_MISMATCH":
            assert fold(new) != fold(old)
    elif code == "ID_MISMATCH":
        assert old == person.personal_id and len(new) == 12 and new[:6] == old[:6]
        assert 1 <= sum(a != b for a, b in zip(new, old, strict=True)) <= 2
        assert check_personal_id(new, sex=person.sex, birth_year=person.birth_year).ok
    elif code == "ID_INVALID":
        assert old == person.personal_id
        assert len(new) == 11 or not check_personal_id(new, sex=person.sex, birth_year=person.birth_year).ok
    elif code == "DOB_MISMATCH":
        assert old == person.date_of_birth
        a, b = date.fromisoformat(new), date.fromisoformat(old)
        assert abs((a - b).days) == 1 or (a.day, a.month, a.year) == (b.month, b.day, b.year)
    elif code == "SEX_MISMATCH":
        assert old == person.sex and new != old and doc["doc_type"] in ("birth", "death")
    else:
        raise AssertionError(f"unknown code {code}")
