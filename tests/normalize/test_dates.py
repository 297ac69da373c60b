"""Dates: PartialDate, numeric and keyword forms, OCR repair, dates in words and back."""

from __future__ import annotations

import datetime
import unicodedata

import pytest

from pipeline.normalize import NormalizationError, PartialDate, date_to_words, dates_agree, parse_date, parse_date_words

# --- PartialDate ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "iso", "precision", "as_date"),
    [
        (PartialDate(1990, 3, 15), "1990-03-15", "day", datetime.date(1990, 3, 15)),
        (PartialDate(1990, 3), "1990-03", "month", None),
        (PartialDate(1990), "1990", "year", None),
        (PartialDate(2000, 2, 29), "2000-02-29", "day", datetime.date(2000, 2, 29)),
        (PartialDate(1800, 1, 1), "1800-01-01", "day", datetime.date(1800, 1, 1)),
        (PartialDate(2200, 12, 31), "2200-12-31", "day", datetime.date(2200, 12, 31)),
    ],
)
def test_partial_date(date: PartialDate, iso: str, precision: str, as_date: datetime.date | None) -> None:
    assert date.iso() == iso
    assert str(date) == iso
    assert date.precision == precision
    assert date.to_date() == as_date
    assert PartialDate.from_iso(iso) == date


@pytest.mark.parametrize(
    ("year", "month", "day", "reason"),
    [
        (1990, 4, 31, "day 31 does not exist in April 1990"),
        (1991, 2, 29, "day 29 does not exist in February 1991"),
        (1900, 2, 29, "day 29 does not exist in February 1900"),  # divisible by 100, not by 400
        (1990, 2, 30, "day 30 does not exist in February 1990"),
        (1990, 6, 31, "day 31 does not exist in June 1990"),
        (1990, 1, 0, "day 0 does not exist"),
        (1990, 13, 1, "month 13 does not exist"),
        (1990, 0, None, "month 0 does not exist"),
        (1990, None, 15, "without a month"),
        (1799, None, None, "year 1799 is outside"),
        (2201, 1, 1, "year 2201 is outside"),
        (90, 3, 15, "year 90 is outside"),
    ],
)
def test_partial_date_rejects_impossible_dates(year: int, month: int | None, day: int | None, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        PartialDate(year, month, day)
    assert reason in caught.value.reason


@pytest.mark.parametrize("text", ["1990-3-15", "90-03-15", "1990/03/15", "1990-03-15T00:00", "", "15/03/1990"])
def test_from_iso_is_strict(text: str) -> None:
    with pytest.raises(NormalizationError):
        PartialDate.from_iso(text)


def test_partial_date_is_frozen_and_hashable() -> None:
    date = PartialDate(1990, 3, 15)
    with pytest.raises(AttributeError):
        date.year = 1991  # type: ignore[misc]
    assert {date, PartialDate(1990, 3, 15)} == {date}


# --- parse_date: numeric and keyword forms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/03/1990", PartialDate(1990, 3, 15)),
        ("15-3-1990", PartialDate(1990, 3, 15)),
        ("15.03.1990", PartialDate(1990, 3, 15)),
        ("15 / 03 / 1990", PartialDate(1990, 3, 15)),
        ("15 03 1990", PartialDate(1990, 3, 15)),
        (" 15/03/1990. ", PartialDate(1990, 3, 15)),
        ("5/3/1990", PartialDate(1990, 3, 5)),
        ("03/04/1990", PartialDate(1990, 4, 3)),  # day first, always
        ("01/12/2001", PartialDate(2001, 12, 1)),
        ("31/12/1999", PartialDate(1999, 12, 31)),
        ("29/02/2000", PartialDate(2000, 2, 29)),
        ("29/02/1996", PartialDate(1996, 2, 29)),
        ("15–03–1990", PartialDate(1990, 3, 15)),  # en dashes
        ("1990-03-15", PartialDate(1990, 3, 15)),
        ("1990-3-5", PartialDate(1990, 3, 5)),
        ("1990/03/15", PartialDate(1990, 3, 15)),
        ("1990.03.15", PartialDate(1990, 3, 15)),
        ("03/1990", PartialDate(1990, 3)),
        ("3-1990", PartialDate(1990, 3)),
        ("12.2001", PartialDate(2001, 12)),
        ("1990-03", PartialDate(1990, 3)),
        ("1990", PartialDate(1990)),
        (" 1990 ", PartialDate(1990)),
        ("ngày 15 tháng 3 năm 1990", PartialDate(1990, 3, 15)),
        ("Ngày 15 tháng 03 năm 1990", PartialDate(1990, 3, 15)),
        ("NGÀY 15 THÁNG 03 NĂM 1990", PartialDate(1990, 3, 15)),
        ("ngay 15 thang 3 nam 1990", PartialDate(1990, 3, 15)),
        ("Ngày 15, tháng 3, năm 1990", PartialDate(1990, 3, 15)),
        ("ngày 05 tháng 10 năm 2004", PartialDate(2004, 10, 5)),
        ("ngày mồng 5 tháng 3 năm 1990", PartialDate(1990, 3, 5)),
        ("mùng 5 tháng 3 năm 1990", PartialDate(1990, 3, 5)),
        ("15 tháng 3, 1990", PartialDate(1990, 3, 15)),
        ("15 tháng 3 năm 1990", PartialDate(1990, 3, 15)),
        ("tháng 3 năm 1990", PartialDate(1990, 3)),
        ("Tháng 12/1990", PartialDate(1990, 12)),
        ("năm 1990", PartialDate(1990)),
        ("Năm 1990", PartialDate(1990)),
        ("ngày\u00a015\u00a0tháng\u00a03\u00a0năm\u00a01990", PartialDate(1990, 3, 15)),
        ("ngày 15 tháng ba năm 1990", PartialDate(1990, 3, 15)),  # digits mixed with words
        ("15 tháng Bảy, 1990", PartialDate(1990, 7, 15)),
        ("ngày năm tháng năm năm 1990", PartialDate(1990, 5, 5)),  # năm as the number five
    ],
)
def test_parse_date_forms(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


def test_parse_date_on_decomposed_keywords() -> None:
    assert parse_date(unicodedata.normalize("NFD", "ngày 15 tháng 3 năm 1990")) == PartialDate(1990, 3, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l5/O3/199O", PartialDate(1990, 3, 15)),
        ("1S/03/1990", PartialDate(1990, 3, 15)),
        ("15/03/I990", PartialDate(1990, 3, 15)),
        ("15/O3/1990", PartialDate(1990, 3, 15)),
        ("|5/03/1990", PartialDate(1990, 3, 15)),
        ("15/03/19B5", PartialDate(1985, 3, 15)),
        ("2O/1O/2O1Z", PartialDate(2012, 10, 20)),
        ("0l/0l/2000", PartialDate(2000, 1, 1)),
        ("ngày l5 tháng O3 năm 199O", PartialDate(1990, 3, 15)),
        ("1990-O3-l5", PartialDate(1990, 3, 15)),
        ("15/03/199o", PartialDate(1990, 3, 15)),
    ],
)
def test_parse_date_repairs_ocr_digits(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bình",
        "15/Bình/1990",
        "SO/03/1990",  # no real digit in the day: not a number
        "15/B/1990",
        "15/03/OOlS",  # more letters than digits in the year
        "ngày Bình tháng 3 năm 1990",
        "15/03/1990 abc",
    ],
)
def test_parse_date_does_not_repair_words(text: str) -> None:
    with pytest.raises(NormalizationError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/04/1990", "day 31 does not exist in April 1990"),
        ("29/02/1991", "day 29 does not exist in February 1991 (1991 is not a leap year)"),
        ("29/02/1900", "day 29 does not exist in February 1900"),
        ("30/02/2000", "day 30 does not exist in February 2000"),
        ("31/06/2001", "day 31 does not exist in June 2001"),
        ("31/09/2001", "day 31 does not exist in September 2001"),
        ("31/11/2001", "day 31 does not exist in November 2001"),
        ("00/01/1990", "day 0 does not exist"),
        ("15/13/1990", "month 13 does not exist"),
        ("15/00/1990", "month 0 does not exist"),
        ("03/15/1990", "month 15 does not exist"),  # month-first is not accepted
        ("1990-02-30", "day 30 does not exist in February 1990"),
        ("ngày 31 tháng 4 năm 1990", "day 31 does not exist in April 1990"),
        ("15/03/90", "two-digit year '90' is ambiguous"),
        ("15-3-05", "two-digit year '05' is ambiguous"),
        ("03/90", "two-digit year '90' is ambiguous"),
        ("15/03/199", "'199' does not have four digits"),
        ("15/03/19900", "'19900' does not have four digits"),
        ("150/03/1990", "'150' is not a day"),
        ("15/003/1990", "'003' is not a month"),
        ("15/03/1700", "year 1700 is outside"),
        ("15/03/2999", "year 2999 is outside"),
        ("1/2/3/1990", "has 4 numbers"),
        ("", "empty"),
        ("   ", "empty"),
        ("15/03/1990?", "unexpected character '?'"),
        ("(15/03/1990)", "unexpected character '('"),
        ("tháng 15 ngày 3 năm 1990", "do not match the order"),
        ("ngày 15 năm 1990", "do not match the order"),
        ("ngày 15 tháng 3 năm", "ends with a date word but no number"),
        ("ngày 15 tháng năm", "year is missing"),
    ],
)
def test_parse_date_errors_name_the_problem(text: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        parse_date(text)
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    "text",
    ["03/1990", "1990-03", "1990", "tháng 3 năm 1990", "năm 1990", "tháng ba năm một nghìn chín trăm chín mươi"],
)
def test_partial_dates_refused_when_not_allowed(text: str) -> None:
    assert parse_date(text).day is None
    with pytest.raises(NormalizationError) as caught:
        parse_date(text, allow_partial=False)
    assert "full date is required" in caught.value.reason


@pytest.mark.parametrize("text", ["15/03/1990", "1990-03-15", "ngày 15 tháng 3 năm 1990"])
def test_full_dates_pass_when_partial_not_allowed(text: str) -> None:
    assert parse_date(text, allow_partial=False) == PartialDate(1990, 3, 15)


# --- parse_date_words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngày mười lăm, tháng ba, năm một nghìn chín trăm chín mươi", PartialDate(1990, 3, 15)),
        ("ngày mười lăm tháng ba năm một nghìn chín trăm chín mươi", PartialDate(1990, 3, 15)),
        ("NGÀY MƯỜI LĂM THÁNG BA NĂM MỘT NGHÌN CHÍN TRĂM CHÍN MƯƠI", PartialDate(1990, 3, 15)),
        ("NGAY MUOI LAM THANG BA NAM MOT NGHIN CHIN TRAM CHIN MUOI", PartialDate(1990, 3, 15)),
        ("ngay muoi lam, thang ba, nam mot nghin chin tram chin muoi.", PartialDate(1990, 3, 15)),
        # mồng / mùng, giêng, chạp
        ("mồng một tháng giêng năm hai nghìn", PartialDate(2000, 1, 1)),
        ("mùng một tháng giêng năm hai nghìn", PartialDate(2000, 1, 1)),
        ("Ngày mồng mười tháng chạp năm một nghìn chín trăm tám mươi", PartialDate(1980, 12, 10)),
        ("ngày mùng năm tháng năm năm hai nghìn", PartialDate(2000, 5, 5)),
        ("ngày mồng chín tháng mười năm hai nghìn", PartialDate(2000, 10, 9)),
        ("ngày một tháng một năm hai nghìn", PartialDate(2000, 1, 1)),
        # mốt, tư, bốn
        ("ngày hai mươi mốt tháng tư năm một nghìn chín trăm tám mươi tư", PartialDate(1984, 4, 21)),
        ("ngày ba mươi mốt tháng mười hai năm hai nghìn", PartialDate(2000, 12, 31)),
        ("ngày hai mươi một tháng bốn năm một nghìn chín trăm tám mươi bốn", PartialDate(1984, 4, 21)),
        ("ngày hai mươi tư tháng tư năm hai nghìn không trăm hai mươi tư", PartialDate(2024, 4, 24)),
        ("ngày mười bốn tháng mười một năm một nghìn chín trăm chín mươi chín", PartialDate(1999, 11, 14)),
        ("ngày mười tư tháng hai năm hai nghìn", PartialDate(2000, 2, 14)),
        # lăm, nhăm, năm as five
        ("ngày hai mươi lăm tháng năm năm một nghìn chín trăm năm mươi lăm", PartialDate(1955, 5, 25)),
        ("ngày hai mươi nhăm tháng sáu năm một nghìn chín trăm năm mươi nhăm", PartialDate(1955, 6, 25)),
        ("ngày hai mươi năm tháng sáu năm một nghìn chín trăm năm mươi", PartialDate(1950, 6, 25)),
        ("ngày mười lăm tháng năm năm hai nghìn", PartialDate(2000, 5, 15)),
        # linh / lẻ, không trăm, nghìn / ngàn
        ("ngày mồng một tháng một năm hai nghìn không trăm linh năm", PartialDate(2005, 1, 1)),
        ("ngày mồng một tháng một năm hai nghìn linh năm", PartialDate(2005, 1, 1)),
        ("ngày mồng một tháng một năm hai nghìn lẻ năm", PartialDate(2005, 1, 1)),
        ("ngày mồng một tháng một năm hai nghìn không trăm lẻ năm", PartialDate(2005, 1, 1)),
        ("ngày mồng tám tháng tám năm một nghìn chín trăm linh tám", PartialDate(1908, 8, 8)),
        ("ngày mồng tám tháng tám năm một ngàn chín trăm linh tám", PartialDate(1908, 8, 8)),
        ("ngày mười tháng mười năm hai nghìn không trăm mười", PartialDate(2010, 10, 10)),
        ("ngày mười hai tháng bảy năm hai nghìn không trăm mười chín", PartialDate(2019, 7, 12)),
        ("ngày hai mươi tháng hai năm hai ngàn", PartialDate(2000, 2, 20)),
        ("ngày ba mươi tháng chín năm một nghìn tám trăm", PartialDate(1800, 9, 30)),
        ("ngày hai mươi chín tháng hai năm hai nghìn", PartialDate(2000, 2, 29)),
        ("ngày mười sáu tháng tám năm một nghìn chín trăm bốn mươi lăm", PartialDate(1945, 8, 16)),
        ("ngày mười tám tháng chín năm hai nghìn một trăm", PartialDate(2100, 9, 18)),
        # bẩy, the variant spelling of bảy
        ("ngày mười bẩy tháng bẩy năm một nghìn chín trăm bẩy mươi bẩy", PartialDate(1977, 7, 17)),
        # no ngày keyword
        ("mười lăm tháng ba năm một nghìn chín trăm chín mươi", PartialDate(1990, 3, 15)),
        # partial dates
        ("tháng ba năm một nghìn chín trăm chín mươi", PartialDate(1990, 3)),
        ("tháng năm năm hai nghìn", PartialDate(2000, 5)),
        ("năm một nghìn chín trăm chín mươi", PartialDate(1990)),
        ("Năm hai nghìn không trăm linh một", PartialDate(2001)),
        # digits among the words
        ("ngày 15 tháng ba năm 1990", PartialDate(1990, 3, 15)),
    ],
)
def test_parse_date_words(text: str, expected: PartialDate) -> None:
    assert parse_date_words(text) == expected
    assert parse_date(text) == expected


def test_parse_date_words_decomposed() -> None:
    text = unicodedata.normalize("NFD", "Ngày mười lăm tháng ba năm một nghìn chín trăm chín mươi")
    assert parse_date_words(text) == PartialDate(1990, 3, 15)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("ngày ba mươi mốt tháng tư năm hai nghìn", "day 31 does not exist in April 2000"),
        ("ngày hai mươi chín tháng hai năm một nghìn chín trăm", "day 29 does not exist in February 1900"),
        ("ngày mười lăm tháng mười ba năm hai nghìn", "month 13 does not exist"),
        ("ngày mười lăm tháng ba", "no year"),
        ("ngày mười lăm năm hai nghìn", "no month"),
        ("ngày mười lăm tháng ba năm", "year is missing"),
        ("ngày tháng ba năm hai nghìn", "day is missing"),
        ("ngày mười lăm tháng ba năm một nghìn chín trăm năm", "as the year"),  # 1905 needs "linh"
        ("ngày mười lăm tháng ba năm một nghìn chín trăm bình", "'bình' is not a word of a date"),
        ("ngày mười lăm tháng ba năm chín mươi", "year 90 is outside"),
        ("ngày linh năm tháng ba năm hai nghìn", "as the day"),
        ("ngày một mươi tháng ba năm hai nghìn", "as the day"),
        ("hôm nay", "'hôm' is not a word of a date"),
    ],
)
def test_parse_date_words_errors(text: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        parse_date_words(text)
    assert reason in caught.value.reason


# --- date_to_words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "words"),
    [
        (PartialDate(1990, 3, 15), "Ngày mười lăm tháng ba năm một nghìn chín trăm chín mươi"),
        (PartialDate(2000, 1, 1), "Ngày mồng một tháng một năm hai nghìn"),
        (PartialDate(1980, 12, 10), "Ngày mồng mười tháng mười hai năm một nghìn chín trăm tám mươi"),
        (PartialDate(1984, 4, 21), "Ngày hai mươi mốt tháng tư năm một nghìn chín trăm tám mươi tư"),
        (PartialDate(2024, 4, 24), "Ngày hai mươi tư tháng tư năm hai nghìn không trăm hai mươi tư"),
        (PartialDate(2005, 5, 5), "Ngày mồng năm tháng năm năm hai nghìn không trăm linh năm"),
        (PartialDate(1908, 8, 8), "Ngày mồng tám tháng tám năm một nghìn chín trăm linh tám"),
        (PartialDate(1955, 5, 25), "Ngày hai mươi lăm tháng năm năm một nghìn chín trăm năm mươi lăm"),
        (PartialDate(2010, 10, 31), "Ngày ba mươi mốt tháng mười năm hai nghìn không trăm mười"),
        (PartialDate(2015, 11, 11), "Ngày mười một tháng mười một năm hai nghìn không trăm mười lăm"),
        (PartialDate(1999, 7, 14), "Ngày mười bốn tháng bảy năm một nghìn chín trăm chín mươi chín"),
        (PartialDate(1900, 2, 20), "Ngày hai mươi tháng hai năm một nghìn chín trăm"),
        (PartialDate(2100, 6, 30), "Ngày ba mươi tháng sáu năm hai nghìn một trăm"),
        (PartialDate(1990, 3), "Tháng ba năm một nghìn chín trăm chín mươi"),
        (PartialDate(1990), "Năm một nghìn chín trăm chín mươi"),
        (datetime.date(2001, 9, 2), "Ngày mồng hai tháng chín năm hai nghìn không trăm linh một"),
    ],
)
def test_date_to_words(date: PartialDate | datetime.date, words: str) -> None:
    assert date_to_words(date) == words


def test_words_round_trip_for_every_day_1900_to_2030() -> None:
    day = datetime.date(1900, 1, 1)
    last = datetime.date(2030, 12, 31)
    count = 0
    while day <= last:
        expected = PartialDate(day.year, day.month, day.day)
        assert parse_date_words(date_to_words(expected)) == expected, day
        day += datetime.timedelta(days=1)
        count += 1
    assert count == 47847


@pytest.mark.parametrize("date", [PartialDate(1990, 3), PartialDate(2005, 5), PartialDate(1990), PartialDate(2005)])
def test_words_round_trip_for_partial_dates(date: PartialDate) -> None:
    assert parse_date_words(date_to_words(date)) == date


# --- dates_agree ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (PartialDate(1990), PartialDate(1990, 3, 15), True),
        (PartialDate(1990, 3), PartialDate(1990, 3, 15), True),
        (PartialDate(1990, 3, 15), PartialDate(1990, 3, 15), True),
        (PartialDate(1990), PartialDate(1990), True),
        (PartialDate(1990, 3), PartialDate(1990), True),
        (PartialDate(1990), PartialDate(1991, 3, 15), False),
        (PartialDate(1990, 4), PartialDate(1990, 3, 15), False),
        (PartialDate(1990, 3, 16), PartialDate(1990, 3, 15), False),
        (PartialDate(1990, 3), PartialDate(1990, 4), False),
        (PartialDate(1990, 3, 15), datetime.date(1990, 3, 15), True),
        (datetime.date(1990, 3, 15), PartialDate(1990, 3, 16), False),
    ],
)
def test_dates_agree(a: PartialDate, b: PartialDate, agree: bool) -> None:
    assert dates_agree(a, b) is agree
    assert dates_agree(b, a) is agree


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-03-15", PartialDate(1990, 3, 15)),
        (" 1990-03 ", PartialDate(1990, 3)),
        ("1990", PartialDate(1990)),
        ("1990-02-30", None),
        ("15/03/1990", None),  # not the stored form
        ("", None),
    ],
)
def test_read_iso_reads_the_stored_form_or_gives_none(text: str, expected: PartialDate | None) -> None:
    from pipeline.normalize.dates import read_iso

    assert read_iso(text) == expected
