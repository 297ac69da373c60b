"""The second pass on doubtful fields, on replayed OCR words with a recorded second reading."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from pipeline.extract.fields import extract_records
from pipeline.extract.model import ExtractedRecord
from pipeline.extract.reread import (
    DOUBT,
    _clean,
    _marks_above_differ,
    _of_value,
    reread_page,
    reread_recovered,
)
from pipeline.extract.schema import load_schemas
from pipeline.normalize.name_lexicon import NameLexicon
from pipeline.ocr.model import Box, PageOCR, Word
from tests.extract.fake_ocr import CHAR, page
from tests.extract.test_fields import BIRTH_SAME_LINE, LAND

SCHEMAS = load_schemas()


def _lower_conf(scanned: PageOCR, text: str, conf: float) -> PageOCR:
    return replace(scanned, words=tuple(replace(w, conf=conf) if w.text == text else w for w in scanned.words))


class Crops:
    """A recorded second reading: for each crop, the words a single-line read gave, placed inside the crop."""

    def __init__(
        self,
        readings: dict[str, list[tuple[str, float]]],
        italic: set[str] | None = None,
        other_model: dict[str, list[tuple[str, float]]] | None = None,
    ) -> None:
        self.readings = readings  # by the first pass's text of the field: [(word, conf), ...]
        self.italic = italic or set()  # first-pass texts of the values printed in italics
        self.other_model = other_model or {}  # the same, as a second OCR model reads them
        self.page: PageOCR | None = None
        self.asked: list[Box] = []
        self.langs: list[str | None] = []
        self.confirmed: set[str] = set()  # words whose marks the page shows as read
        self.on_page: dict[str, str] = {}  # words the page-trained mark reader finds spelt otherwise on the page
        self.weighed: list[tuple[str, list[str]]] = []  # the words it was asked about, with the spellings offered

    def _inside(self, box: Box) -> list[Word]:
        assert self.page is not None
        inside = [w for w in self.page.words if box.left <= w.box.left and w.box.right <= box.right]
        return [w for w in inside if box.top <= w.box.top and w.box.bottom <= box.bottom]

    def slants(self, boxes: Sequence[Box]) -> list[float]:
        return [0.2 if " ".join(w.text for w in self._inside(b)) in self.italic else 0.0 for b in boxes]

    def marks_confirmed(self, word: Word) -> bool:
        return word.text in self.confirmed

    def spelling_on_page(self, word: Word, spellings: Sequence[str]) -> str | None:
        self.weighed.append((word.text, list(spellings)))
        found = self.on_page.get(word.text)
        return found if found in spellings else None

    def read(self, boxes: Sequence[Box], lang: str | None = None) -> list[list[Word]]:
        self.asked += boxes
        self.langs.append(lang)
        readings = self.other_model if lang else self.readings
        result = []
        for box in boxes:
            inside = self._inside(box)
            key = " ".join(w.text for w in inside)
            words, x = [], inside[0].box.left if inside else box.left
            for text, conf in readings.get(key, []):
                words.append(Word(text, conf, Box(x, inside[0].box.top, CHAR * len(text), inside[0].box.height)))
                x += CHAR * (len(text) + 1)
            result.append(words)
        return result


def _reread(
    scanned: PageOCR, readings: dict[str, list[tuple[str, float]]], italic: set[str] | None = None
) -> tuple[PageOCR, Crops]:
    crops = Crops(readings, italic)
    crops.page = scanned
    return reread_page(scanned, crops, SCHEMAS), crops


def test_confident_pages_are_not_read_again() -> None:
    scanned = page(BIRTH_SAME_LINE)
    result, crops = _reread(scanned, {})
    assert crops.asked == [] and result is scanned


def test_an_invalid_id_read_again_valid_is_taken() -> None:
    damaged = [r.replace("001190123456", "00119012345") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    scanned = page(damaged)
    result, crops = _reread(scanned, {"00119012345": [("001190123456", 91.0)]})
    assert len(crops.asked) == 1
    assert result.extra["reread_taken"] == 1
    [record] = extract_records([result], SCHEMAS)
    assert record.value("personal_id") == "001190123456"
    # the crop asked for is the value's box grown a little, so a character lost at an end is inside it
    [asked] = crops.asked
    id_word = next(w for w in scanned.words if w.text == "00119012345")
    assert asked.left < id_word.box.left and asked.right > id_word.box.right


def test_a_doubtful_name_keeps_the_more_confident_reading() -> None:
    scanned = _lower_conf(page(BIRTH_SAME_LINE), "THỦY", 40.0)
    result, _ = _reread(scanned, {"NGUYỄN THỊ THỦY": [("NGUYỄN", 95.0), ("THỊ", 95.0), ("THỦY", 93.0)]})
    [record] = extract_records([result], SCHEMAS)
    # both readings agree: the value stays, its confidence is that of the better reading
    assert record.value("full_name") == "Nguyễn Thị Thủy"
    assert record.fields["full_name"].confidence >= DOUBT
    assert result.extra["reread_agreed"] == 1


def test_a_worse_second_reading_is_ignored() -> None:
    scanned = _lower_conf(page(BIRTH_SAME_LINE), "HOA", 60.0)
    result, _ = _reread(scanned, {"TRẦN THỊ HOA": [("TRẦN", 30.0), ("THI", 20.0), ("H0A", 10.0)]})
    [record] = extract_records([result], SCHEMAS)
    assert record.value("mother_name") == "Trần Thị Hoa"
    assert result.extra["reread_taken"] == 0


def test_a_crop_that_lost_words_of_a_name_is_not_taken() -> None:
    # the page read the name with a junk word after it (invalid); the crop kept its first word alone, valid
    scanned = _lower_conf(page(BIRTH_SAME_LINE), "HOA", 20.0)
    result, _ = _reread(scanned, {"TRẦN THỊ HOA": [("TRẦN", 92.0)]})
    assert result.extra["reread_taken"] == 0
    [record] = extract_records([result], SCHEMAS)
    assert record.value("mother_name") == "Trần Thị Hoa"


@pytest.mark.parametrize(("italic", "margin"), [(set(), 0.15), ({"TRẦN THỊ HOA"}, 0.25)])
def test_an_italic_value_is_cropped_with_the_foot_of_its_first_glyph(italic: set[str], margin: float) -> None:
    # an italic P leans out of its word's box at the foot: cut off, the crop read "?HẠM" for "PHẠM"
    scanned = _lower_conf(page(BIRTH_SAME_LINE), "HOA", 40.0)
    _, crops = _reread(scanned, {"TRẦN THỊ HOA": [("TRẦN", 95.0), ("THỊ", 95.0), ("HOA", 93.0)]}, italic=italic)
    first = next(w for w in scanned.words if w.text == "TRẦN")
    [asked] = crops.asked
    line_height = max(first.box.height, 44)
    assert first.box.left - asked.left == round(margin * line_height)


@pytest.mark.parametrize(
    ("word", "of_value"),
    [
        (Box(1400, 495, 120, 35), True),  # on the value's line
        (Box(1380, 500, 30, 8), True),  # a flat leader at its foot
        (Box(1458, 448, 102, 76), False),  # "người" of the heading above, boxed 76 px down into the line
        (Box(1200, 495, 100, 35), False),  # left of the value
    ],
)
def test_which_words_are_a_values(word: Box, of_value: bool) -> None:
    value = Box(1386, 495, 430, 35)
    assert _of_value(Word("x", 90.0, word), value) is of_value


def test_an_untyped_page_is_left_alone() -> None:
    scanned = page(["Trang 2", "Ghi chú: không có"])
    result, crops = _reread(scanned, {})
    assert result is scanned and crops.asked == []


def test_an_italic_number_is_read_upright_even_when_the_page_was_sure() -> None:
    # italic digits: the page read 1968 for 1988 at high confidence; the upright crop reads 1988
    misread = [r.replace("15/03/1990", "15/03/1960") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    misread = [r.replace("ghi bằng chữ", "ghi chú") if isinstance(r, str) else r for r in misread]
    scanned = page(misread)
    result, crops = _reread(scanned, {"15/03/1960": [("15/03/1990", 90.0)]}, italic={"15/03/1960"})
    assert result.extra["reread_italic"] == 1 and result.extra["reread_taken"] == 1
    [record] = extract_records([result], SCHEMAS)
    assert record.value("date_of_birth") == "1990-03-15"
    # the same value upright and confident is not read again
    _, crops = _reread(scanned, {"15/03/1960": [("15/03/1990", 90.0)]})
    assert crops.asked == []


def test_a_value_behind_glued_leaders_is_replaced_not_doubled() -> None:
    rows = [
        r.replace("........ NGUYỄN THỊ THỦY", "........NGUYỄN THỊ THUY") if isinstance(r, str) else r
        for r in BIRTH_SAME_LINE
    ]
    scanned = _lower_conf(page(rows), "THUY", 60.0)
    readings = {"THỊ THUY": [("NGUYỄN", 95.0), ("THỊ", 95.0), ("THỦY", 93.0)]}
    crops = Crops(readings)
    crops.page = scanned
    # the crop asked for starts inside the glued word: its reading covers the whole name
    crops.readings = {}

    def read(boxes):
        crops.asked += boxes
        box = boxes[0]
        top = next(w for w in scanned.words if w.text == "THỊ").box
        words, x = [], box.left + 10
        for text, conf in readings["THỊ THUY"]:
            words.append(Word(text, conf, Box(x, top.top, CHAR * len(text), top.height)))
            x += CHAR * (len(text) + 1)
        return [words]

    crops.read = read  # type: ignore[method-assign]
    result = reread_page(scanned, crops, SCHEMAS)
    [record] = extract_records([result], SCHEMAS)
    assert record.value("full_name") == "Nguyễn Thị Thủy"


@pytest.mark.parametrize("crop", ["128.", "„128"])  # the leaders' last dots read as a low quote (set 9750)
def test_a_label_run_together_with_its_value_is_not_lost(crop: str) -> None:
    # "Số:123......" read as one word at 40, the crop reading another number: the crop's reading takes the value's
    # part of the word, and the label "Số:" stays, parted off
    rows = [
        [(200, "Số:123.........."), (1400, "Quyển số: 02/2015")] if isinstance(r, list) else r for r in BIRTH_SAME_LINE
    ]
    scanned = _lower_conf(page(rows), "Số:123..........", 40.0)
    crops = Crops({})
    crops.page = scanned

    def read(boxes):
        crops.asked += boxes
        return [[Word(crop, 90.0, Box(box.left + 5, box.top + 3, 4 * CHAR, box.height - 6))] for box in boxes]

    crops.read = read  # type: ignore[method-assign]
    result = reread_page(scanned, crops, SCHEMAS)
    [record] = extract_records([result], SCHEMAS)
    assert record.value("register_number") == "128"
    assert "Số:" in [w.text for w in result.words]


def test_a_value_run_into_its_label_is_compared_without_the_label() -> None:
    # "đồsố:44." read at 44 where the crop reads "441." (the leaders' dot read as a 1, set 9761): the page's value
    # is 44, not nothing, so two valid readings differ and the higher confidence alone does not take the crop's
    rows = [r.replace("Tờ bản đồ số: 7", "Tờ bản đồsố:44.") if isinstance(r, str) else r for r in LAND]
    scanned = _lower_conf(page(rows), "đồsố:44.", 44.0)
    crops = Crops({})
    crops.page = scanned

    def read(boxes, lang=None):
        crops.asked += boxes
        crops.langs.append(lang)
        text = "44" if lang else "441."  # the second model reads it right
        return [[Word(text, 75.0, Box(box.left + 5, box.top + 3, 3 * CHAR, box.height - 6))] for box in boxes]

    crops.read = read  # type: ignore[method-assign]
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    [record] = extract_records([result], SCHEMAS)
    assert "Vietnamese" in crops.langs  # a dispute, settled by the third reading
    assert record.value("map_sheet_number") == 44


def test_a_name_run_into_the_labels_colon_is_replaced_and_the_label_kept() -> None:
    # "tên:LÊANHKIÊN.." read at 35 on a clean scan of set 9750, where the crop reads the name with its spaces: the
    # word is parted as extraction parts it, the label's part stays and the crop's words take the value's place
    rows = [
        r.replace("tên: ........ NGUYỄN THỊ THỦY", "tên:LÊANHKIÊN..") if isinstance(r, str) else r
        for r in BIRTH_SAME_LINE
    ]
    scanned = _lower_conf(page(rows), "tên:LÊANHKIÊN..", 35.0)
    crops = Crops({})
    crops.page = scanned

    def read(boxes):
        crops.asked += boxes
        glued = next(w for w in scanned.words if w.text.startswith("tên:"))
        words, x = [], glued.box.left + 4 * CHAR + 10
        for text in ("LÊ", "ANH", "KIÊN"):
            words.append(Word(text, 93.0, Box(x, glued.box.top, CHAR * len(text), glued.box.height)))
            x += CHAR * (len(text) + 1)
        return [words if box.top <= glued.box.top < box.bottom else [] for box in boxes]

    crops.read = read  # type: ignore[method-assign]
    result = reread_page(scanned, crops, SCHEMAS)
    [record] = extract_records([result], SCHEMAS)
    assert record.value("full_name") == "Lê Anh Kiên"
    assert any(w.text == "tên:" for w in result.words)  # the label's part is kept


def test_a_crop_that_lost_a_character_of_a_value_run_into_its_label_does_not_replace_it() -> None:
    # "ký:11/122014....." read at 14 (set 9762): the value's box, that word parted by its characters' count,
    # started inside the value, and both models read the crop "1/12/2014"; the page's 11/12/2014 stands
    glued = "ký:11/122014........"
    rows = [r.replace("ký: 02/04/1990", glued) if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    scanned = _lower_conf(page(rows), glued, 14.0)
    crops = Crops({})
    crops.page = scanned

    def read(boxes, lang=None):
        crops.asked += boxes
        crops.langs.append(lang)
        word = next(w for w in scanned.words if w.text == glued)
        return [
            [Word("1/12/2014", 90.0, Box(box.left + 5, box.top + 3, 9 * CHAR, box.height - 6))]
            if box.top <= word.box.top < box.bottom
            else []
            for box in boxes
        ]

    crops.read = read  # type: ignore[method-assign]
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    [record] = extract_records([result], SCHEMAS)
    assert record.value("registration_date") == "2014-12-11"


# the register's counts, as `pipeline.store.name_counts` reads them
LEXICON = NameLexicon.from_parts(
    {
        "surname": [("Nguyễn", 400), ("Trần", 120)],
        "middle": [("Thị", 300), ("Văn", 250)],
        "given": [("Chi", 40), ("Thủy", 35), ("Hoa", 30), ("Bình", 30)],
    }
)
CHI_PAGE = [r.replace("NGUYỄN THỊ THỦY", "NGUYỄN THỊ CHỈ") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]


def _second_opinion(rows: list, other_model: dict[str, list[tuple[str, float]]], lexicon=LEXICON):
    scanned = page(rows)
    crops = Crops({}, other_model=other_model)
    crops.page = scanned
    return scanned, reread_recovered(scanned, crops, SCHEMAS, lexicon=lexicon, model="Vietnamese"), crops


def test_a_doubtful_name_is_settled_by_a_second_model_and_the_register() -> None:
    # vie read a hook on the i of Chi at high confidence; the script model read Chi; the register knows Chi only
    scanned, result, crops = _second_opinion(CHI_PAGE, {"NGUYỄN THỊ CHỈ": [("NGUYỄN", 90), ("THỊ", 92), ("CHI", 91)]})
    assert crops.langs == ["Vietnamese"]  # one call, with the second model, for the one doubtful name
    assert result.extra["names_checked"] == 1 and result.extra["names_settled"] == 1
    [record] = extract_records([result], SCHEMAS)
    assert record.value("full_name") == "Nguyễn Thị Chi"
    # settled by the counts, not read alike twice: the field is less sure than the page's reading was, and says why
    [before] = extract_records([scanned], SCHEMAS)
    assert record.fields["full_name"].confidence < before.fields["full_name"].confidence
    assert "two OCR models" in (record.fields["full_name"].problem or "") and before.fields["full_name"].problem is None


def test_a_given_name_is_weighed_among_names_of_the_persons_sex() -> None:
    # Dung and Dũng are as common as each other; Dũng is a man's name, so a mother's "DŨNG" is worth a look
    lexicon = NameLexicon.from_parts(
        {
            "surname": [("Trần", 120)],
            "middle": [("Thị", 300)],
            "given": [("Dung", 50), ("Dũng", 52), ("Hoa", 30)],
            "given:F": [("Dung", 49), ("Dũng", 1), ("Hoa", 30)],
            "given:M": [("Dung", 1), ("Dũng", 51)],
        }
    )
    rows = [r.replace("TRẦN THỊ HOA", "TRẦN THỊ DŨNG") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    reading = {"TRẦN THỊ DŨNG": [("TRẦN", 90), ("THỊ", 92), ("DUNG", 91)]}
    _, result, _ = _second_opinion(rows, reading, lexicon=lexicon)
    [record] = extract_records([result], SCHEMAS)
    assert record.value("mother_name") == "Trần Thị Dung"
    # the same spelling for a father: a man's name, not doubtful, not read again
    rows = [r.replace("NGUYỄN VĂN BÌNH", "TRẦN VĂN DŨNG") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    _, result, crops = _second_opinion(rows, {"TRẦN VĂN DŨNG": [("TRẦN", 90), ("VĂN", 92), ("DUNG", 91)]}, lexicon)
    [record] = extract_records([result], SCHEMAS)
    assert record.value("father_name") == "Trần Văn Dũng" and result.extra["names_checked"] == 0 and crops.langs == []


@pytest.mark.parametrize(("title", "expected"), [("Bà", "Phạm Thị Dung"), ("Ông", "Phạm Thị Dũng")])
def test_a_land_owners_sex_is_told_by_the_title_before_the_name(title: str, expected: str) -> None:
    lexicon = NameLexicon.from_parts(
        {
            "surname": [("Phạm", 120)],
            "middle": [("Thị", 300)],
            "given": [("Dung", 50), ("Dũng", 52)],
            "given:F": [("Dung", 49), ("Dũng", 1)],
            "given:M": [("Dung", 1), ("Dũng", 51)],
        }
    )
    rows = [r.replace("Ông: PHẠM VĂN LỢI", f"{title}: PHẠM THỊ DŨNG") if isinstance(r, str) else r for r in LAND]
    _, result, _ = _second_opinion(rows, {"PHẠM THỊ DŨNG": [("PHẠM", 90), ("THỊ", 92), ("DUNG", 91)]}, lexicon)
    [record] = extract_records([result], SCHEMAS)
    assert record.value("owner_name") == expected


def test_a_name_both_models_read_alike_stays_as_printed() -> None:
    # a register that really writes Chỉ: both models read it, it stays for the stewards to see
    _, result, crops = _second_opinion(CHI_PAGE, {"NGUYỄN THỊ CHỈ": [("NGUYỄN", 90), ("THỊ", 92), ("CHỈ", 91)]})
    assert crops.langs == ["Vietnamese"] and result.extra["names_settled"] == 0
    [record] = extract_records([result], SCHEMAS)
    assert record.value("full_name") == "Nguyễn Thị Chỉ"


def test_a_name_whose_marks_the_page_shows_as_read_keeps_them_against_the_register() -> None:
    # the second model and the register say Chi; the page-trained mark reader is sure of the hook as read: the
    # page's reading stands (an unusual spelling printed on purpose). Without that, the register's spelling.
    rows = [r.replace("NGUYỄN THỊ THỦY", "Nguyễn Thị Chỉ") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    other = {"Nguyễn Thị Chỉ": [("Nguyễn", 90), ("Thị", 92), ("Chi", 91)]}
    for confirmed, expected in ((set(), "Nguyễn Thị Chi"), ({"Chỉ"}, "Nguyễn Thị Chỉ")):
        scanned = page(rows)
        crops = Crops({}, other_model=other)
        crops.page, crops.confirmed = scanned, confirmed
        result = reread_recovered(scanned, crops, SCHEMAS, lexicon=LEXICON, model="Vietnamese")
        [record] = extract_records([result], SCHEMAS)
        assert record.value("full_name") == expected, confirmed
        assert result.extra["names_settled"] == (0 if confirmed else 1)


def test_a_name_in_capitals_whose_marks_the_page_shows_keeps_them_against_the_register() -> None:
    # "DÚNG" printed on purpose (clean, set 11200), the second model and the register say Dũng; the capitals
    # check saw the mark as read (`Word.marks_seen`): the page's reading stands. Without that, the register's.
    rows = [r.replace("NGUYỄN THỊ THỦY", "HÀ VĂN DÚNG") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    other = {"HÀ VĂN DÚNG": [("HÀ", 90), ("VĂN", 92), ("DŨNG", 91)]}
    lexicon = NameLexicon.from_parts({"surname": [("Hà", 40)], "middle": [("Văn", 250)], "given": [("Dũng", 30)]})
    for seen, expected in ((False, "Hà Văn Dũng"), (True, "Hà Văn Dúng")):
        scanned = page(rows)
        words = tuple(replace(w, marks_seen=seen) if w.text == "DÚNG" else w for w in scanned.words)
        scanned = replace(scanned, words=words)
        crops = Crops({}, other_model=other)
        crops.page = scanned
        result = reread_recovered(scanned, crops, SCHEMAS, lexicon=lexicon, model="Vietnamese")
        [record] = extract_records([result], SCHEMAS)
        assert record.value("full_name") == expected, seen


def test_a_name_whose_marks_the_page_trained_reader_finds_keeps_them_against_the_register() -> None:
    # "ĐẰNG" printed and read so, the second model and the register say Đăng (clean, set 12200); the page-trained
    # mark reader finds the grave beside the breve and not the bare breve: the page's reading stands
    rows = [r.replace("NGUYỄN THỊ THỦY", "HÀ VĂN ĐẰNG") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    other = {"HÀ VĂN ĐẰNG": [("HÀ", 90), ("VĂN", 92), ("ĐĂNG", 91)]}
    lexicon = NameLexicon.from_parts({"surname": [("Hà", 40)], "middle": [("Văn", 250)], "given": [("Đăng", 30)]})
    for on_page, expected in (({}, "Hà Văn Đăng"), ({"ĐĂNG": "ĐẰNG"}, "Hà Văn Đằng")):
        record, crops = _last_pass_with_marks_on_page(rows, other, lexicon, on_page)
        assert record.value("full_name") == expected, on_page
        assert ("ĐĂNG", ["ĐẰNG"]) in crops.weighed


def _last_pass_with_marks_on_page(
    rows: list, other: dict[str, list[tuple[str, float]]], lexicon: NameLexicon, on_page: dict[str, str]
) -> tuple[ExtractedRecord, Crops]:
    """The record of the page after the last pass, the second model reading `other` and the page-trained mark
    reader finding the spellings of `on_page`; and the crops, with what they were asked."""
    scanned = page(rows)
    crops = Crops({}, other_model=other)
    crops.page, crops.on_page = scanned, on_page
    result = reread_recovered(scanned, crops, SCHEMAS, lexicon=lexicon, model="Vietnamese")
    [record] = extract_records([result], SCHEMAS)
    return record, crops


@pytest.mark.parametrize(
    ("read", "kept"),
    [
        ("HÀ NGỌC HUỆ số", "Hà Ngọc Huệ"),  # specks read as a syllable no name has (poor, set 11500)
        ("Mai Ngọc Huệ sẻ", "Mai Ngọc Huệ"),
        ("NGUYỄN THỊ LAN anh", "Nguyễn Thị Lan Anh"),  # a name word OCR cased wrongly: someone has it
        ("HÀ HUỆ số", "Hà Huệ Số"),  # two words before it: no telling it from a given name
        ("Hà Ngọc Huệ Sẻ", "Hà Ngọc Huệ Sẻ"),  # a capital first: a name word, maybe misspelt
    ],
)
def test_a_word_in_small_letters_no_name_has_after_a_name_is_left_out(read: str, kept: str) -> None:
    lexicon = NameLexicon.from_parts(
        {
            "surname": [("Hà", 40), ("Mai", 20), ("Nguyễn", 400)],
            "middle": [("Ngọc", 50), ("Thị", 300)],
            "given": [("Huệ", 30), ("Lan", 30), ("Anh", 40)],
        }
    )
    rows = [r.replace("NGUYỄN THỊ THỦY", read) if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    _, result, _ = _second_opinion(rows, {}, lexicon)
    [record] = extract_records([result], SCHEMAS)
    assert record.value("full_name") == kept
    assert result.extra.get("name_marks_dropped", 0.0) == (1.0 if kept.count(" ") < read.count(" ") else 0.0)


def test_an_ede_surname_read_with_its_l_an_i_is_set_as_the_register_spells_it() -> None:
    # "Ênuôl" read "Ênuôi" by both models (clean and poor, set 11300): parsed, it parts into "Ên Uôi", two words
    # that look like no misreading; the word as read is what makes the name worth the second look
    lexicon = NameLexicon.from_parts(
        {"surname": [("Nguyễn", 400), ("Ênuôl", 31)], "middle": [("Văn", 250)], "given": [("Nga", 30), ("Hoa", 30)]}
    )
    rows = [r.replace("NGUYỄN THỊ THỦY", "HNga Ênuôi") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    scanned, result, crops = _second_opinion(rows, {"HNga Ênuôi": [("HNga", 88), ("Ênuôi", 85)]}, lexicon)
    [before] = extract_records([scanned], SCHEMAS)
    assert before.value("full_name") == "H'Nga Ên Uôi"
    assert crops.langs == ["Vietnamese"]
    [record] = extract_records([result], SCHEMAS)
    assert record.value("full_name") == "H'Nga Ênuôl"
    assert "a mark or letter" in (record.fields["full_name"].problem or "")


def test_a_name_word_no_one_is_called_is_spelt_as_the_page_trained_mark_reader_finds_it() -> None:
    # "TẠ THỊ HIEN" (clean, set 11200): both models read HIEN, which no one in the register is called; Hiền and
    # Hiến are. The page-trained mark reader is asked which the page shows; where it finds none, the reading stays.
    lexicon = NameLexicon.from_parts(
        {"surname": [("Tạ", 50)], "middle": [("Thị", 300)], "given": [("Hiền", 30), ("Hiến", 3), ("Hoa", 30)]}
    )
    rows = [r.replace("TRẦN THỊ HOA", "TẠ THỊ HIEN") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    other = {"TẠ THỊ HIEN": [("TẠ", 90), ("THỊ", 92), ("HIEN", 91)]}
    for on_page, expected in (({}, "Tạ Thị Hien"), ({"HIEN": "hiền"}, "Tạ Thị Hiền")):
        record, crops = _last_pass_with_marks_on_page(rows, other, lexicon, on_page)
        assert record.value("mother_name") == expected
        # only the word no one is called was weighed, among the spellings known as given names
        assert crops.weighed == [("HIEN", ["hiến", "hiền"])]
    assert "mark reader trained on scanned pages" in (record.fields["mother_name"].problem or "")


def test_names_the_register_knows_are_not_read_by_the_second_model() -> None:
    _, result, crops = _second_opinion(BIRTH_SAME_LINE, {})
    assert crops.langs == [] and result.extra["names_checked"] == 0


def test_without_counts_names_are_left_to_the_first_model() -> None:
    scanned, result, crops = _second_opinion(
        CHI_PAGE, {"NGUYỄN THỊ CHỈ": [("NGUYỄN", 90), ("THỊ", 92), ("CHI", 91)]}, lexicon=NameLexicon()
    )
    assert crops.langs == [] and result is scanned


def test_the_doubtful_field_pass_asks_the_second_model_only_to_settle_a_dispute() -> None:
    # an unsure name whose crop reads the same: no dispute, no call to the second model
    scanned = _lower_conf(page(CHI_PAGE), "CHỈ", 40.0)
    crops = Crops({"NGUYỄN THỊ CHỈ": [("NGUYỄN", 90), ("THỊ", 92), ("CHỈ", 91)]}, other_model={})
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    assert crops.langs == [None] and result.extra["reread_agreed"] == 1


def test_the_name_pass_runs_in_the_last_pass_with_counts_and_a_model() -> None:
    scanned = page(CHI_PAGE)
    crops = Crops({}, other_model={"NGUYỄN THỊ CHỈ": [("NGUYỄN", 90), ("THỊ", 92), ("CHI", 91)]})
    crops.page = scanned
    result = reread_recovered(scanned, crops, SCHEMAS, lexicon=LEXICON, model="Vietnamese")
    [record] = extract_records([result], SCHEMAS)
    assert record.value("full_name") == "Nguyễn Thị Chi" and crops.langs == ["Vietnamese"]
    # without counts the last pass leaves a page with no recovered lines as it is, and asks nothing
    crops = Crops({}, other_model={"NGUYỄN THỊ CHỈ": [("CHI", 91)]})
    crops.page = scanned
    assert reread_recovered(scanned, crops, SCHEMAS, model="Vietnamese") is scanned and crops.langs == []


class FailingModel(Crops):
    def read(self, boxes: Sequence[Box], lang: str | None = None) -> list[list[Word]]:
        if lang:
            raise RuntimeError("the second model could not be loaded")
        return super().read(boxes, lang)


def test_a_failing_third_reading_keeps_what_the_second_found() -> None:
    rows = [[(x, t.replace("Số: 123", "Số: 51")) for x, t in r] if isinstance(r, list) else r for r in BIRTH_SAME_LINE]
    rows = [r.replace("001190123456", "00119012345") if isinstance(r, str) else r for r in rows]
    scanned = _lower_conf(page(rows), "51", 50.0)
    crops = FailingModel({"51": [("91", 92.0)], "00119012345": [("001190123456", 91.0)]}, other_model={})
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    assert result.extra["reread_third_failed"] == 1.0
    [record] = extract_records([result], SCHEMAS)
    # the ID's valid crop reading was taken; the disputed number fell back to the more confident reading
    assert record.value("personal_id") == "001190123456" and record.value("register_number") == "91"


def test_a_valid_sex_or_year_is_not_read_again_however_unsure() -> None:
    for text in ("Nữ", "1965"):
        scanned = _lower_conf(page(BIRTH_SAME_LINE), text, 40.0)
        result, crops = _reread(scanned, {})
        assert crops.asked == [] and result is scanned
    # an invalid one is
    unreadable = [r.replace("Giới tính: Nữ", "Giới tính: Nx") if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    _, crops = _reread(page(unreadable), {"Nx": [("Nữ", 90.0)]})
    assert len(crops.asked) == 1


def _disputed_page(first: str, upright: str, third: str, italic: bool):
    rows = [
        [(x, t.replace("Số: 123", f"Số: {first}")) for x, t in r] if isinstance(r, list) else r for r in BIRTH_SAME_LINE
    ]
    scanned = page(rows) if italic else _lower_conf(page(rows), first, 50.0)
    crops = Crops({first: [(upright, 92.0)]}, italic={first} if italic else set(), other_model={first: [(third, 88.0)]})
    crops.page = scanned
    return reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese"), crops


@pytest.mark.parametrize(
    ("first", "upright", "third", "italic", "kept"),
    [
        # an italic register number (any digits are valid): the page read 1 as 7, both upright readings say 161
        ("761", "161", "161", True, "161"),
        # the second model sides with the page: the page's reading stays
        ("161", "761", "161", True, "161"),
        # no majority: an italic number no rule validates keeps the page's reading
        ("761", "161", "561", True, "761"),
        # an unsure upright number: the crop read 91 more confidently, the second model and the page say 51
        ("51", "91", "51", False, "51"),
        ("51", "91", "91", False, "91"),
    ],
)
def test_two_valid_readings_that_differ_are_settled_by_a_third(
    first: str, upright: str, third: str, italic: bool, kept: str
) -> None:
    result, crops = _disputed_page(first, upright, third, italic)
    assert crops.langs == [None, "Vietnamese"]  # the page's model for the crops, the second for the dispute
    assert result.extra["reread_disputed"] == 1
    [record] = extract_records([result], SCHEMAS)
    assert record.value("register_number") == kept


def test_an_italic_unchecked_number_is_not_read_again_without_a_second_model() -> None:
    rows = [[(x, t.replace("Số: 123", "Số: 761")) for x, t in r] if isinstance(r, list) else r for r in BIRTH_SAME_LINE]
    scanned = page(rows)
    crops = Crops({"761": [("161", 92.0)]}, italic={"761"})
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS)
    assert crops.asked == [] and result is scanned


def test_fields_of_recovered_lines_get_their_second_pass_in_the_last_pass() -> None:
    rows = [[(x, t.replace("Số: 123", "Số: 66T")) for x, t in r] if isinstance(r, list) else r for r in BIRTH_SAME_LINE]
    scanned = page(rows)
    recovered_block = max(w.block for w in scanned.words) + 1
    # the register line was missed by the page's OCR and read in the missed-lines call: its words are in a block
    # of their own, after the page's
    words = tuple(replace(w, block=recovered_block) if w.text in ("Số:", "66T") else w for w in scanned.words)
    scanned = replace(scanned, words=words, extra={"recovered_block": float(recovered_block), "reread_fields": 2.0})
    crops = Crops({"66T": [("661", 90.0)]})
    crops.page = scanned
    result = reread_recovered(scanned, crops, SCHEMAS)
    [record] = extract_records([result], SCHEMAS)
    assert record.value("register_number") == "661"
    assert len(crops.asked) == 1  # the recovered field only, not the page's own doubtful ones again
    assert result.extra["reread_fields"] == 3.0  # counted with the first pass's
    # recovered fields that need no second look leave the first pass's counts as they were
    sure = [[(x, t.replace("Số: 123", "Số: 661")) for x, t in r] if isinstance(r, list) else r for r in BIRTH_SAME_LINE]
    plain = page(sure)
    words = tuple(replace(w, block=recovered_block) if w.text in ("Số:", "661") else w for w in plain.words)
    plain = replace(plain, words=words, extra={"recovered_block": float(recovered_block), "reread_fields": 2.0})
    crops = Crops({})
    crops.page = plain
    assert reread_recovered(plain, crops, SCHEMAS).extra["reread_fields"] == 2.0 and crops.asked == []
    # a page without recovered lines is left as it is
    plain = page(rows)
    crops = Crops({"66T": [("661", 90.0)]})
    crops.page = plain
    assert reread_recovered(plain, crops, SCHEMAS) is plain and crops.asked == []


def test_two_readings_that_agree_on_the_letters_outvote_a_third() -> None:
    # the page ran two words together (two ways to part them: Thị|Thủy, Thịt|Hủy); the crop and the second model
    # part them, each with another mark
    scanned = _lower_conf(page(BIRTH_SAME_LINE), "THỦY", 60.0)
    glued = [w for w in scanned.words if w.text in ("THỊ", "THỦY")]
    merged_word = replace(glued[0], text="THỊTHỦY", box=glued[0].box.union(glued[1].box), conf=60.0)
    scanned = replace(
        scanned, words=tuple(merged_word if w is glued[0] else w for w in scanned.words if w is not glued[1])
    )
    crops = Crops(
        {"NGUYỄN THỊTHỦY": [("NGUYỄN", 50.0), ("THỊ", 50.0), ("THỦY", 50.0)]},
        other_model={"NGUYỄN THỊTHỦY": [("NGUYỄN", 88.0), ("THỊ", 88.0), ("THUY", 88.0)]},
    )
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    assert result.extra["reread_disputed"] == 1
    [record] = extract_records([result], SCHEMAS)
    assert record.value("full_name") == "Nguyễn Thị Thủy"  # parted as two of three read it; the mark is settled later


@pytest.mark.parametrize(
    ("page_read", "crop_read", "third", "kept", "by_register"),
    [
        # the crop and the second model both read a grave the page did not: the register knows only Thi
        ("TRẦN THỊ THI", "TRẦN THỊ THÌ", "TRẦN THỊ THÌ", "Trần Thị Thi", True),
        ("TRẦN THỊ HUYỆN", "TRẦN THỊ HUYỀN", "TRẦN THỊ HUYỆN", "Trần Thị Huyền", True),
        ("TRẦN THỊ HOA", "RẦN THỊ HOA", "RẦN THỊ HOA", "Trần Thị Hoa", True),  # a letter lost: Rần is no name
        # two names the register knows: OCR's majority decides, not the commoner name (Vinh over a printed Vĩnh)
        ("TRẦN THỊ HOA", "TRẦN THỊ THI", "TRẦN THỊ THI", "Trần Thị Thi", False),
        ("TRẦN THỊ THI", "TRẦN THỊ HOA", "TRẦN THỊ HOA", "Trần Thị Hoa", False),
    ],
)
def test_the_register_settles_two_readings_of_a_name_before_ocrs_majority(
    page_read: str, crop_read: str, third: str, kept: str, by_register: bool
) -> None:
    lexicon = NameLexicon.from_parts(
        {"surname": [("Trần", 120)], "middle": [("Thị", 300)], "given": [("Thi", 5), ("Huyền", 30), ("Hoa", 30)]}
    )
    rows = [r.replace("TRẦN THỊ HOA", page_read) if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    scanned = _lower_conf(page(rows), page_read.split()[-1], 50.0)
    to_words = lambda text: [(w, 90.0) for w in text.split()]  # noqa: E731
    crops = Crops({page_read: to_words(crop_read)}, other_model={page_read: to_words(third)})
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese", lexicon=lexicon)
    [record] = extract_records([result], SCHEMAS)
    assert record.value("mother_name") == kept
    assert result.extra["reread_register"] == float(by_register)


@pytest.mark.parametrize(
    ("page_read", "crop_read", "third", "on_page", "kept"),
    [
        # Tesseract drops tones in capitals on a crop as on the page: both crops lost the grave the page read, and
        # the page-trained mark reader finds it on the page (clean, set 12100)
        ("TRẦN THỊ HIỀN", "TRẦN THỊ HIÊN", "TRẦN THỊ HIÊN", {"HIÊN": "HIỀN"}, "Trần Thị Hiền"),
        ("TRẦN THỊ HIỀN", "TRẦN THỊ HIÊN", "TRẦN THỊ HIÊN", {}, "Trần Thị Hiên"),  # not sure: the majority
        # the other way round: the majority kept the page's reading, the crop's is on the page
        ("TRẦN THỊ HIÊN", "TRẦN THỊ HIỀN", "TRẦN THỊ HIÊN", {"HIÊN": "HIỀN"}, "Trần Thị Hiền"),
        # a letter differs too: not the mark reader's to weigh
        ("TRẦN THỊ HIỀN", "TRẦN THỊ HIÊM", "TRẦN THỊ HIÊM", {"HIÊM": "HIỀN"}, "Trần Thị Hiêm"),
    ],
)
def test_a_disputed_name_keeps_the_marks_the_page_shows(
    page_read: str, crop_read: str, third: str, on_page: dict[str, str], kept: str
) -> None:
    lexicon = NameLexicon.from_parts(
        {
            "surname": [("Trần", 120)],
            "middle": [("Thị", 300)],
            "given": [("Hiền", 30), ("Hiên", 40), ("Hiêm", 5), ("Hoa", 30)],
        }
    )
    rows = [r.replace("TRẦN THỊ HOA", page_read) if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    scanned = _lower_conf(page(rows), page_read.split()[-1], 50.0)
    to_words = lambda text: [(w, 90.0) for w in text.split()]  # noqa: E731
    crops = Crops({page_read: to_words(crop_read)}, other_model={page_read: to_words(third)})
    crops.page, crops.on_page = scanned, on_page
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese", lexicon=lexicon)
    assert result.extra["reread_disputed"] == 1 and result.extra["reread_register"] == 0
    [record] = extract_records([result], SCHEMAS)
    assert record.value("mother_name") == kept


@pytest.mark.parametrize(
    ("third", "kept"),
    [
        # the ID printed a digit short (a clerk's error, ID_INVALID), the crop read a digit too many and made it
        # valid: the second model reads what the page read, and the printed digits stay
        ("02709480593", "02709480593"),
        # the second model sides with the crop: its valid reading is taken
        ("027094180593", "027094180593"),
        # no two readings agree: valid over invalid, as without a second model
        ("02709480598", "027094180593"),
    ],
)
def test_an_id_read_valid_only_by_the_crop_is_settled_by_a_third_reading(third: str, kept: str) -> None:
    printed = "02709480593"
    rows = [r.replace("001190123456", printed) if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    scanned = page(rows)
    crops = Crops({printed: [("027094180593", 89.0)]}, other_model={printed: [(third, 90.0)]})
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    assert crops.langs == [None, "Vietnamese"] and result.extra["reread_disputed"] == 1
    [record] = extract_records([result], SCHEMAS)
    assert record.fields["personal_id"].raw == kept


@pytest.mark.parametrize(
    ("first", "crop", "kept"),
    [
        # the same surname once restored, but the crop saw the tone the page lost: the crop's reading is kept, for
        # the page's ink to confirm (a printed "Nguyển" is a discrepancy to report, not a misreading)
        ("NGUYÊN THỊ THỦY", "NGUYỂN THỊ THỦY", "NGUYỂN THỊ THỦY"),
        # the crop lost a mark the page read: the page's reading stays
        ("NGUYỄN THỊ THỦY", "NGUYÊN THỊ THỦY", "NGUYỄN THỊ THỦY"),
        # another tone, not one more: the readings agree, the page's stays
        ("NGUYỀN THỊ THỦY", "NGUYỂN THỊ THỦY", "NGUYỀN THỊ THỦY"),
    ],
)
def test_a_name_read_with_a_mark_more_by_the_crop_takes_the_crops_reading(first: str, crop: str, kept: str) -> None:
    rows = [r.replace("NGUYỄN THỊ THỦY", first) if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    scanned = _lower_conf(page(rows), first.split()[0], 40.0)
    result, _ = _reread(scanned, {first: [(w, 92.0) for w in crop.split()]})
    [record] = extract_records([result], SCHEMAS)
    assert record.fields["full_name"].raw == kept


@pytest.mark.parametrize(
    ("printed_read", "third", "kept"),
    [
        # `vie` read a clean row of digits with one too many, on the page and in the crop; the second model reads
        # it right, valid and a digit's change from theirs: taken
        ("0011901234556", "001190123456", "001190123456"),
        # a leading 0 the page and the crop lost (run into the label's colon), read by the second model
        ("01190123456", "001190123456", "001190123456"),
        # an ID printed a digit short (a clerk's error) that the second model reads with a digit added inside: the
        # printed digits stay, for the cleaning to report
        ("02709480593", "027094180593", "02709480593"),
        # the third reading is invalid too: the page's digits stay, for the cleaning to report
        ("0011901234556", "00119012345", "0011901234556"),
        # valid, but two digits from what was read: a misreading of its own, not a correction
        ("0011901234556", "001190128756", "0011901234556"),
    ],
)
def test_an_id_both_readings_found_invalid_is_read_by_the_second_model(
    printed_read: str, third: str, kept: str
) -> None:
    rows = [r.replace("001190123456", printed_read) if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    scanned = page(rows)
    crops = Crops({printed_read: [(printed_read, 90.0)]}, other_model={printed_read: [(third, 90.0)]})
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    assert crops.langs == [None, "Vietnamese"] and result.extra["reread_disputed"] == 1
    [record] = extract_records([result], SCHEMAS)
    assert record.fields["personal_id"].raw == kept
    assert record.fields["personal_id"].valid == (kept == third)


@pytest.mark.parametrize(
    ("a", "b", "differ"),
    [
        ("Chỉ", "Chi", True),  # a tone
        ("Nguyển", "Nguyễn", True),
        ("Tuấn", "Tuân", True),
        ("Trằn", "Trần", True),  # a breve for a hat
        ("Thư", "Thu", False),  # a horn: the mark reader does not read it
        ("Ạnh", "Anh", False),  # a dot below: nor that
        ("Đinh", "Dinh", False),
        ("Chi", "Chi", False),
    ],
)
def test_only_marks_above_a_vowel_are_the_mark_readers_to_confirm(a: str, b: str, differ: bool) -> None:
    assert _marks_above_differ(a, b) is differ


@pytest.mark.parametrize(
    ("third", "kept"),
    [
        # the second model read a digit too many (as `vie` does now and then); without it, it is the page's
        ("0011901234566", "001190123456"),
        # ... or the crop's
        ("0011901284566", "001190128456"),
        # a digit too many that could be dropped to make either: no vote, the crop's more confident reading
        ("00119012345678", "001190128456"),
    ],
)
def test_a_third_reading_with_a_digit_too_many_votes_for_the_reading_it_holds(third: str, kept: str) -> None:
    printed = "001190123456"
    scanned = _lower_conf(page(BIRTH_SAME_LINE), printed, 50.0)
    crops = Crops({printed: [("001190128456", 89.0)]}, other_model={printed: [(third, 90.0)]})
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    assert result.extra["reread_disputed"] == 1
    [record] = extract_records([result], SCHEMAS)
    assert record.fields["personal_id"].raw == kept


@pytest.mark.parametrize(
    ("page_read", "crop", "third", "kept"),
    [
        # each reading misread another digit: digit by digit, two of three agree on every one (set 11100)
        ("036192604046", "038192604946", "038192604045", "038192604046"),
        # a digit no two readings agree on: no vote, the crop's more confident reading stands
        ("036192604046", "038192604946", "037192604045", "038192604946"),
    ],
)
def test_three_ids_that_each_misread_a_digit_are_voted_digit_by_digit(
    page_read: str, crop: str, third: str, kept: str
) -> None:
    rows = [r.replace("001190123456", page_read) if isinstance(r, str) else r for r in BIRTH_SAME_LINE]
    scanned = _lower_conf(page(rows), page_read, 50.0)
    crops = Crops({page_read: [(crop, 89.0)]}, other_model={page_read: [(third, 90.0)]})
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    [record] = extract_records([result], SCHEMAS)
    assert record.fields["personal_id"].raw == kept


def test_a_last_word_boxed_by_its_leaders_in_the_crops_reading_is_kept() -> None:
    # "PHẠM THANH LAN ......" read by the crop with "LAN..........." boxed by the dots, 5 px tall, 107 px right of
    # THANH on a 25 px line (set 11100): the letters are the value's last word, where they are printed
    words = [
        Word("PHẠM", 90.0, Box(342, 1008, 76, 28)),
        Word("THANH", 93.0, Box(438, 1008, 96, 23)),
        Word("LAN...........", 80.0, Box(641, 1026, 132, 5)),
    ]
    cleaned = _clean(words, 25.0)
    assert [w.text for w in cleaned] == ["PHẠM", "THANH", "LAN"]
    assert cleaned[-1].box.left < 641 and cleaned[-1].box.height == 23
    # small letters boxed so after a name in capitals are marks under the leaders ("VŨ THỊ NHI . chu.", set 11000)
    small = [*words[:2], Word("chu.", 8.0, Box(641, 1026, 132, 5))]
    assert [w.text for w in _clean(small, 25.0)] == ["PHẠM", "THANH"]
    # flat marks that are no letters stay out
    assert [w.text for w in _clean([*words[:2], Word("..::", 40.0, Box(641, 1026, 132, 5))], 25.0)] == [
        "PHẠM",
        "THANH",
    ]


def test_a_value_whose_label_was_in_a_recovered_line_gets_its_second_pass() -> None:
    # the page read the label as junk ("Sút............" at 0) and its value "33" as "CỔ" at 34; the missed-line
    # pass read the label again, in a block of its own: the value, found only now, had no second pass (set 11100)
    rows = [[(x, t.replace("Số: 123", "Số: 66T")) for x, t in r] if isinstance(r, list) else r for r in BIRTH_SAME_LINE]
    scanned = page(rows)
    recovered_block = max(w.block for w in scanned.words) + 1
    words = tuple(replace(w, block=recovered_block) if w.text == "Số:" else w for w in scanned.words)
    scanned = replace(scanned, words=words, extra={"recovered_block": float(recovered_block)})
    crops = Crops({"66T": [("661", 90.0)]})
    crops.page = scanned
    [record] = extract_records([reread_recovered(scanned, crops, SCHEMAS)], SCHEMAS)
    assert record.value("register_number") == "661"


@pytest.mark.parametrize(
    ("printed", "crop", "third", "kept"),
    [
        # a bold Y the page read as V, surely: the crop and the second model read the Y
        ("VC 048213", "YC 048213", "YC 048213", "YC 048213"),
        # a V printed: every reading says so
        ("VC 048213", "VC 048213", "VC 048213", "VC 048213"),
        # the crop alone says Y: the page's reading and the second model's stand
        ("VC 048213", "YC 048213", "VC 048213", "VC 048213"),
    ],
)
def test_a_serial_read_with_a_v_is_read_again(printed: str, crop: str, third: str, kept: str) -> None:
    rows = [r if isinstance(r, str) or r[1] != "BK 048213" else (200, printed) for r in LAND]
    scanned = page(rows)
    crops = Crops(
        {printed: [(w, 60.0) for w in crop.split()]}, other_model={printed: [(w, 88.0) for w in third.split()]}
    )
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    assert len(crops.asked) >= 1
    [record] = extract_records([result], SCHEMAS)
    assert record.value("certificate_serial") == kept


def test_a_serial_read_without_a_v_is_not_read_again() -> None:
    crops = Crops({})
    crops.page = page(LAND)
    reread_page(crops.page, crops, SCHEMAS, second_model="Vietnamese")
    assert crops.asked == []


@pytest.mark.parametrize(
    ("area", "crop", "third", "kept"),
    [
        # leaders pushed the box off the thousands: the crop lost them, and so does the second model's crop
        ("2.238", ".238", ".238", 2238.0),
        ("2.238", "238", "238", 2238.0),
        # a crop that reads a digit the page lost, or another digit, is weighed as before
        ("238", "2.238", "2.238", 2238.0),
        ("2.238", "2.288", "2.288", 2288.0),
        # a digit before a number with no thousands: as likely the leaders' (a register's "9526" for 526, 11700)
        ("1238", "238", "238", 238.0),
    ],
)
def test_a_crop_that_lost_a_numbers_thousands_does_not_replace_it(
    area: str, crop: str, third: str, kept: float
) -> None:
    rows = [r.replace("Diện tích: 312,5 m²", f"Diện tích: {area} m²") if isinstance(r, str) else r for r in LAND]
    scanned = _lower_conf(page(rows), area, 50.0)
    crops = Crops(
        {f"{area} m²": [(crop, 84.0), ("m2", 90.0)]}, other_model={f"{area} m²": [(third, 80.0), ("m2", 90.0)]}
    )
    crops.page = scanned
    result = reread_page(scanned, crops, SCHEMAS, second_model="Vietnamese")
    assert crops.asked
    [record] = extract_records([result], SCHEMAS)
    assert record.value("area_m2") == kept
