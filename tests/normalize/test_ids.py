"""Personal IDs: cleaning, structure checks against the record, generation and masking."""

from __future__ import annotations

import pytest

from pipeline.normalize import (
    PROVINCES,
    IdCheck,
    NormalizationError,
    check_personal_id,
    clean_id,
    make_personal_id,
    mask_id,
    mask_name,
    sex_century_digit,
)

# --- clean_id ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("001090123445", "001090123445"),
        ("001 090 123 445", "001090123445"),
        ("001.090.123.445", "001090123445"),
        ("001-090-123-445", "001090123445"),
        (" 001090123445 ", "001090123445"),
        ("001\u00a0090\u00a0123\u00a0445", "001090123445"),
        ("001–090–123–445", "001090123445"),
        ("O01090123445", "001090123445"),
        ("o01090123445", "001090123445"),
        ("D01090123445", "001090123445"),
        ("Q01090123445", "001090123445"),
        ("00l090123445", "001090123445"),
        ("00I090123445", "001090123445"),
        ("00|090123445", "001090123445"),
        ("00i090123445", "001090123445"),
        ("001090123445".replace("5", "S"), "001090123445"),
        ("0010901234B5", "001090123485"),
        ("0Z1090123445", "021090123445"),
        ("001090G23445", "001090623445"),
        ("O0l O9O l23 445", "001090123445"),
        ("123456789", "123456789"),
        ("\uff10\uff10\uff11090123445", "001090123445"),
    ],
)
def test_clean_id(text: str, expected: str) -> None:
    assert clean_id(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (" - . ", "empty"),
        ("Số: 001090123445", "not digits"),
        ("001090123445x", "not digits"),
        ("CCCD", "not digits"),
        ("OOOOOOOOl23", "not digits"),  # mostly letters: not an OCR'd number
    ],
)
def test_clean_id_rejects(text: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        clean_id(text)
    assert reason in caught.value.reason


def test_clean_id_reason_does_not_quote_the_number() -> None:
    with pytest.raises(NormalizationError) as caught:
        clean_id("Số: 001090123445")
    assert "001090123445" not in caught.value.reason


# --- sex_century_digit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "year", "digit"),
    [
        ("M", 1900, "0"),
        ("M", 1990, "0"),
        ("F", 1999, "1"),
        ("F", 1955, "1"),
        ("M", 2000, "2"),
        ("M", 2024, "2"),
        ("F", 2005, "3"),
        ("F", 2099, "3"),
        ("M", 2100, "4"),
        ("F", 2150, "5"),
        ("M", 2200, "6"),
        ("F", 2299, "7"),
        ("M", 1800, "8"),
        ("M", 1899, "8"),
        ("F", 1850, "9"),
        ("Nam", 1990, "0"),
        ("Nữ", 1990, "1"),
    ],
)
def test_sex_century_digit(sex: str, year: int, digit: str) -> None:
    assert sex_century_digit(sex, year) == digit


@pytest.mark.parametrize(("sex", "year"), [("M", 1799), ("F", 2300), ("M", 90), ("X", 1990), ("", 1990)])
def test_sex_century_digit_out_of_range(sex: str, year: int) -> None:
    with pytest.raises(NormalizationError):
        sex_century_digit(sex, year)


# --- check_personal_id ---------------------------------------------------------------------------------


def test_valid_cccd_is_decoded() -> None:
    assert check_personal_id("001090123445", sex="M", birth_year=1990) == IdCheck(
        value="001090123445",
        kind="cccd",
        problems=(),
        province_code="001",
        sex="M",
        birth_year_suffix="90",
        century_start=1900,
    )


@pytest.mark.parametrize(
    ("text", "sex", "birth_year", "province", "id_sex", "century"),
    [
        ("001090123445", "M", 1990, "001", "M", 1900),
        ("079155000001", "F", 1955, "079", "F", 1900),
        ("096205000123", "M", 2005, "096", "M", 2000),
        ("048324999999", "F", 2024, "048", "F", 2000),
        ("038400000000", "M", 2100, "038", "M", 2100),
        ("038501000000", "F", 2101, "038", "F", 2100),
        ("038600000000", "M", 2200, "038", "M", 2200),
        ("038700000000", "F", 2200, "038", "F", 2200),
        ("001899000001", "M", 1899, "001", "M", 1800),
        ("001985000001", "F", 1885, "001", "F", 1800),
        ("001 090 123 445", "Nam", 1990, "001", "M", 1900),
        ("001.190.123.445", "Nữ", 1990, "001", "F", 1900),
        ("OO1O9O123445", "M", 1990, "001", "M", 1900),
    ],
)
def test_valid_cccd_for_every_century_digit(
    text: str, sex: str, birth_year: int, province: str, id_sex: str, century: int
) -> None:
    result = check_personal_id(text, sex=sex, birth_year=birth_year)
    assert result.ok, result.problems
    assert result.kind == "cccd"
    assert result.province_code == province
    assert result.sex == id_sex
    assert result.century_start == century
    assert result.birth_year_suffix == f"{birth_year % 100:02d}"


def test_unchecked_fields_are_not_problems() -> None:
    result = check_personal_id("001090123445")
    assert result.ok
    assert result.sex == "M"


@pytest.mark.parametrize(
    ("text", "sex", "birth_year", "problems"),
    [
        ("000090123445", None, None, ["province code 000 is not one of the 63 province codes"]),
        ("003090123445", None, None, ["province code 003"]),
        ("099090123445", None, None, ["province code 099"]),
        ("097090123445", None, None, ["province code 097"]),
        ("001190123445", "M", None, ["4th digit 1 means female, but the record says male"]),
        ("001090123445", "F", None, ["4th digit 0 means male, but the record says female"]),
        ("001090123445", "Nữ", None, ["means male, but the record says female"]),
        ("001290123445", None, 1990, ["4th digit 2 means born 2000-2099, but the birth year is 1990"]),
        ("001005123445", None, 2005, ["4th digit 0 means born 1900-1999, but the birth year is 2005"]),
        ("001091123445", None, 1990, ["digits 5-6 are 91, but the birth year 1990 ends in 90"]),
        ("001205123445", None, 2006, ["digits 5-6 are 05, but the birth year 2006 ends in 06"]),
        (
            "099190123445",
            "M",
            2005,
            [
                "province code 099",
                "4th digit 1 means female",
                "4th digit 1 means born 1900-1999",
                "digits 5-6 are 90",
            ],
        ),
        ("001390123445", "M", 1990, ["means female", "born 2000-2099"]),
        ("001090123445", None, 1750, ["born 1900-1999, but the birth year is 1750", "ends in 50"]),
    ],
)
def test_cccd_problems_are_all_reported(
    text: str, sex: str | None, birth_year: int | None, problems: list[str]
) -> None:
    result = check_personal_id(text, sex=sex, birth_year=birth_year)
    assert result.kind == "cccd"
    assert not result.ok
    assert len(result.problems) == len(problems)
    for found, expected in zip(result.problems, problems, strict=True):
        assert expected in found


def test_unreadable_record_sex_is_not_held_against_the_id() -> None:
    assert check_personal_id("001090123445", sex="khác", birth_year=1990).ok


@pytest.mark.parametrize(("text", "value"), [("123456789", "123456789"), ("123 456 789", "123456789")])
def test_nine_digits_is_an_old_id_card(text: str, value: str) -> None:
    result = check_personal_id(text, sex="F", birth_year=1960)
    assert result == IdCheck(value=value, kind="cmnd")
    assert result.ok


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("00109012344", 11),
        ("0010901234455", 13),
        ("12345678", 8),
        ("1234567890", 10),
        ("1", 1),
        ("001 090 123 4", 10),
    ],
)
def test_wrong_lengths_are_invalid(text: str, digits: int) -> None:
    result = check_personal_id(text)
    assert result.kind == "invalid"
    assert not result.ok
    assert result.problems == (f"has {digits} digits, a personal ID has 12 (or 9 for an old ID card)",)
    assert result.province_code is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Số: 001090123445", "not digits"),
        ("không có", "not digits"),
        (None, "empty"),
    ],
)
def test_unreadable_ids_never_raise(text: str | None, reason: str) -> None:
    result = check_personal_id(text)
    assert result.kind == "invalid"
    assert result.value == ""
    assert not result.ok
    assert len(result.problems) == 1
    assert reason in result.problems[0]


# --- make_personal_id ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("province", "sex", "year", "serial", "expected"),
    [
        ("001", "M", 1990, 123445, "001090123445"),
        ("079", "F", 1955, 1, "079155000001"),
        ("096", "M", 2005, 0, "096205000000"),
        ("048", "F", 2024, 999999, "048324999999"),
        ("001", "M", 1899, 42, "001899000042"),
        ("001", "Nữ", 2100, 7, "001500000007"),
    ],
)
def test_make_personal_id(province: str, sex: str, year: int, serial: int, expected: str) -> None:
    made = make_personal_id(province, sex, year, serial)
    assert made == expected
    assert check_personal_id(made, sex=sex, birth_year=year).ok


@pytest.mark.parametrize("province", sorted(PROVINCES))
def test_every_province_code_makes_a_valid_id(province: str) -> None:
    made = make_personal_id(province, "F", 2001, 314159)
    result = check_personal_id(made, sex="F", birth_year=2001)
    assert result.ok
    assert result.province_code == province


@pytest.mark.parametrize(
    ("province", "sex", "year", "serial"),
    [
        ("099", "M", 1990, 1),
        ("1", "M", 1990, 1),
        ("001", "X", 1990, 1),
        ("001", "M", 1700, 1),
        ("001", "M", 1990, -1),
        ("001", "M", 1990, 1_000_000),
    ],
)
def test_make_personal_id_rejects(province: str, sex: str, year: int, serial: int) -> None:
    with pytest.raises(NormalizationError):
        make_personal_id(province, sex, year, serial)


# --- masking -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("001090123445", "001*******45"),
        ("123456789", "123****89"),
        ("123456", "123*56"),
        ("12345", "*****"),
        ("1234", "****"),
        ("1", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id(value: str | None, masked: str) -> None:
    assert mask_id(value) == masked  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn An", "N. V. A."),
        ("nguyễn văn an", "N. V. A."),
        ("  Trần   Thị  Ngọc Ánh ", "T. T. N. Á."),
        ("Đặng Thuỷ", "Đ. T."),
        ("H'Hen Niê", "H. N."),
        ("An", "A."),
        ("", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked
