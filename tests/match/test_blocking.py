"""Blocking keys: each discrepancy the generator injects leaves at least one key the register shares."""

from __future__ import annotations

import pytest

from pipeline.match.blocking import KINDS, BlockingKey, blocking_keys

REGISTER = {"full_name": "Nguyễn Văn An", "date_of_birth": "1990-03-15", "personal_id": "001090012345"}


def _shared(document: dict[str, str | None]) -> set[str]:
    return {k.kind for k in set(blocking_keys(**document)) & set(blocking_keys(**REGISTER))}


def test_a_person_has_every_kind_of_key() -> None:
    keys = blocking_keys(**REGISTER)
    assert [k.kind for k in keys] == ["pid", "name_year", "surname_given_dob", "given_dob", "surname_dob"]
    assert set(KINDS) == {k.kind for k in keys} | {"surname_given_year"}  # that one when only the year is known
    assert BlockingKey("name_year", ("nguyen", "an", 1990, "nguyen van an")) in keys
    assert BlockingKey("given_dob", ("an", "1990-03-15")) in keys
    assert BlockingKey("surname_given_dob", ("nguyen", "an", 1990, "1990-03-15")) in keys
    assert BlockingKey("surname_given_year", ("nguyen", "an", 1990)).value == "nguyen|an|1990"


FULL = set(KINDS) - {"surname_given_year"}
CASES = {
    "the same": ({}, FULL),
    "capitals, no marks": ({"full_name": "NGUYEN VAN AN"}, FULL),
    "the ID differs": ({"personal_id": "001090012349"}, FULL - {"pid"}),
    "a day off": ({"date_of_birth": "1990-03-16"}, {"pid", "name_year"}),
    "middle dropped": ({"full_name": "Nguyễn An"}, {"pid", "surname_given_dob", "given_dob", "surname_dob"}),
    "given misspelled": ({"full_name": "Nguyễn Văn Am"}, {"pid", "surname_dob"}),
    "surname misspelled, ID wrong": (
        {"full_name": "Nguyễm Văn An", "personal_id": "001090012349"},
        {"given_dob"},
    ),
    # and its surname_given_year lookup (surname, given name, year) finds the register's row by its columns
    "only the year known": ({"date_of_birth": "1990"}, {"pid", "name_year"}),
}


@pytest.mark.parametrize("case", CASES)
def test_what_still_finds_the_register(case: str) -> None:
    change, expected = CASES[case]
    assert _shared({**REGISTER, **change}) == expected


def test_missing_values_give_fewer_keys() -> None:
    assert blocking_keys(full_name=None, personal_id="001090012345") == [BlockingKey("pid", ("001090012345",))]
    assert blocking_keys(full_name="Nguyễn Văn An") == []  # a name alone is too common to look up
    assert blocking_keys(full_name="Nguyễn Văn An", date_of_birth="not a date", personal_id="123") == []
