"""Document content: every discrepancy code on every type it applies to, and the pure value changes behind them."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import Engine

from pipeline.normalize import check_personal_id, fold, names_equal
from pipeline.synth.scans import labels as L
from pipeline.synth.scans.blocks import Columns, Field, Row
from pipeline.synth.scans.content import TRUTH_FIELDS, DocumentFactory, format_area, format_date
from pipeline.synth.scans.discrepancies import (
    CODE_WEIGHTS,
    diacritic_variant,
    invalid_id,
    mismatched_id,
    misspelled_name,
    plausible_syllable,
    shifted_date,
)
from pipeline.synth.scans.people import Population

from .checks import check_injection, check_matches_database, check_shape


@pytest.fixture(scope="module")
def factory(scan_engine: Engine) -> DocumentFactory:
    return DocumentFactory(Population(scan_engine))


def _truth(doc) -> dict:
    return {**doc.truth(), "file": "scan_9999.png", "style": doc.text_style}


def _build(factory: DocumentFactory, doc_type: str, codes: list[str], seed: int):
    rng = random.Random(seed)
    for _ in range(30):
        doc = factory.build(doc_type, rng, codes)
        if doc is not None:
            return doc
    raise AssertionError(f"no {doc_type} document could be built")


@pytest.mark.parametrize("doc_type", ["birth", "death", "marriage", "land"])
def test_documents_without_discrepancies_say_what_the_database_says(
    scan_engine: Engine, factory: DocumentFactory, doc_type: str
) -> None:
    for seed in range(6):
        doc = _build(factory, doc_type, [], seed)
        assert doc.injected == []
        truth = _truth(doc)
        check_shape(truth)
        check_matches_database(scan_engine, truth)


@pytest.mark.parametrize(
    ("doc_type", "code"),
    [(t, c) for t, weights in CODE_WEIGHTS.items() for c in weights if c != "DUPLICATE_RECORD"],
)
def test_each_code_changes_the_printed_value_as_documented(
    scan_engine: Engine, factory: DocumentFactory, doc_type: str, code: str
) -> None:
    applied = 0
    for seed in range(4):
        doc = _build(factory, doc_type, [code], 100 + seed)
        truth = _truth(doc)
        check_shape(truth)
        entries = [e for e in doc.injected if e["code"] == code]
        for entry in entries:
            check_injection(scan_engine, truth, entry)
        applied += bool(entries)
    # A year-only date cannot have its day moved, so an occasional code may not apply; most must.
    assert applied >= 3, (doc_type, code)


def test_a_duplicate_is_a_second_certificate_of_an_earlier_subject(factory: DocumentFactory) -> None:
    original = _build(factory, "birth", [], 7)
    duplicate = _build(factory, "birth", ["DUPLICATE_RECORD"], 8)
    assert duplicate.duplicate_of is not None
    assert duplicate.subject_id == duplicate.duplicate_of.subject_id
    assert [e["code"] for e in duplicate.injected] == ["DUPLICATE_RECORD"]
    assert duplicate.fields["full_name"] == duplicate.duplicate_of.fields["full_name"]
    assert duplicate.fields["registration_date"] > duplicate.duplicate_of.fields["registration_date"]
    assert original.subject_id


def test_two_codes_never_change_the_same_value(factory: DocumentFactory) -> None:
    rng = random.Random(4)
    for doc_type in TRUTH_FIELDS:
        for _ in range(200):
            codes = factory.choose_codes(doc_type, rng, rate=1.0)
            assert 1 <= len(codes) <= 2
            assert not {"ID_MISMATCH", "ID_INVALID"} <= set(codes)
            assert not {"NAME_DIACRITICS", "NAME_MISMATCH"} <= set(codes)
            assert len(codes) == 1 or not {"NOT_FOUND", "DUPLICATE_RECORD"} & set(codes)


def test_about_three_documents_in_ten_carry_a_discrepancy(factory: DocumentFactory) -> None:
    rng = random.Random(9)
    share = sum(bool(factory.choose_codes("land", rng)) for _ in range(2000)) / 2000
    assert 0.25 < share < 0.35


def test_marriage_certificates_print_two_columns_with_the_official_labels(factory: DocumentFactory) -> None:
    labels = set()
    for seed in range(8):
        doc = _build(factory, "marriage", [], 300 + seed)
        (columns,) = [b for b in doc.spec.blocks if isinstance(b, Columns)]
        left = [b for b in columns.left if isinstance(b, Field)]
        right = [b for b in columns.right if isinstance(b, Field)]
        assert [f.key for f in left if f.key] == ["husband_name", "husband_date_of_birth", "husband_personal_id"]
        assert [f.key for f in right if f.key] == ["wife_name", "wife_date_of_birth", "wife_personal_id"]
        labels.add((left[0].label, right[0].label))
        assert any(isinstance(b, Row) for b in columns.left)  # Dân tộc / Quốc tịch on one line
    assert labels == {(L.HUSBAND_NAME, L.WIFE_NAME), (L.FULL_NAME, L.FULL_NAME)}


def test_land_certificates_use_old_id_cards_only_before_2016(factory: DocumentFactory) -> None:
    seen = set()
    for seed in range(40):
        doc = _build(factory, "land", [], 500 + seed)
        label = doc.text_style["id_label"]
        seen.add(label)
        if label == L.OLD_ID_CARD:
            assert doc.fields["issue_date"] < "2016-01-01" and len(doc.fields["owner_personal_id"]) == 9
        else:
            assert len(doc.fields["owner_personal_id"]) == 12
    assert seen == {L.OLD_ID_CARD, L.PERSONAL_ID}


def test_diacritic_variants_differ_only_in_diacritics() -> None:
    rng = random.Random(1)
    for name in ("Nguyễn Thị Thủy", "Trần Đức Hương", "Lê Văn An", "H'Hen Niê", "Tôn Thất Quy", "Phạm Minh Đức"):
        for _ in range(30):
            new, detail = diacritic_variant(name, rng)
            assert fold(new) == fold(name) and not names_equal(new, name), (name, new)
            assert detail in ("tone_changed", "vowel_shape_changed", "diacritics_dropped")
            assert all(plausible_syllable(w) for w in new.split() if plausible_syllable(w.lower()) or "'" not in w)
    # Not a mere change of tone placement: hòa/hoà are the same spelling.
    assert names_equal("Nguyễn Thị Hoà", "Nguyễn Thị Hòa")


def test_misspelled_names_differ_beyond_diacritics() -> None:
    rng = random.Random(2)
    details = set()
    for _ in range(60):
        new, detail = misspelled_name("Nguyễn Văn Thành", "M", rng)
        assert fold(new) != fold("Nguyễn Văn Thành")
        details.add(detail)
    assert details == {"letter_changed", "middle_dropped", "middle_changed"}


def test_id_changes() -> None:
    rng = random.Random(3)
    for _ in range(50):
        new, _detail = mismatched_id("001190123456", rng)
        assert new[:6] == "001190" and 1 <= sum(a != b for a, b in zip(new, "001190123456", strict=True)) <= 2
        assert check_personal_id(new, sex="F", birth_year=1990).ok
        bad, detail = invalid_id("001190123456", "F", 1990, rng)
        assert not check_personal_id(bad, sex="F", birth_year=1990).ok
        assert (len(bad) == 11) == (detail == "eleven_digits")


def test_date_shifts() -> None:
    rng = random.Random(4)
    assert shifted_date("1990", rng) is None and shifted_date("1990-03", rng) is None
    for _ in range(50):
        new, detail = shifted_date("1990-03-05", rng)
        assert (new, detail) in (
            ("1990-05-03", "day_month_swapped"),
            ("1990-03-04", "day_off_by_one"),
            ("1990-03-06", "day_off_by_one"),
        )
    assert shifted_date("1990-12-31", rng)[0] == "1990-12-30"


def test_printed_forms() -> None:
    assert format_area(125.5) == "125,5 m²"
    assert format_area(1250.0) == "1.250 m²"
    assert format_area(4321.7) == "4.321,7 m²"
    assert format_date("1990-03-05", "slash") == "05/03/1990"
    assert format_date("1990-03-05", "words") == "ngày 05 tháng 03 năm 1990"
    assert format_date("1955", "slash") == "1955" and format_date("1955-07", "words") == "tháng 07 năm 1955"


def test_population_today_is_its_newest_event(factory: DocumentFactory) -> None:
    assert date(2026, 1, 1) <= factory.today <= date(2026, 11, 25)
