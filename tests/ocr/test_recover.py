"""Lines the page's OCR skipped, found as ink no word covers and read again (real Tesseract)."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from pipeline.ocr.model import Box, Word
from pipeline.ocr.recover import first_recovered_block, merged, renumbered, unread_lines
from pipeline.ocr.tesseract import ocr_crops, ocr_page
from tests.ocr.pages import render_lines

LINES = ["Họ, chữ đệm, tên: NGUYỄN VĂN", "LỰC", "Ngày, tháng, năm sinh: 18/02/1957"]


def _gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def test_a_line_missing_from_the_words_is_found_and_read_again() -> None:
    page = render_lines(LINES, width_in=5)
    gray = _gray(page.image)
    words = ocr_page(gray, dpi=300)
    assert any(w.text == "LỰC" for w in words)
    # as if the page's OCR had skipped the short wrapped line
    skipped = [w for w in words if w.text != "LỰC"]
    [missed] = unread_lines(gray, skipped)
    lost = next(w for w in words if w.text == "LỰC")
    assert missed.top <= lost.box.center_y <= missed.bottom
    assert missed.left <= lost.box.left + 10 and missed.right >= lost.box.right - 10
    [found] = ocr_crops(gray, [missed], dpi=300)
    assert [w.text for w in found] == ["LỰC"]


def test_a_fully_read_page_has_nothing_missing() -> None:
    page = render_lines(LINES, width_in=5)
    gray = _gray(page.image)
    assert unread_lines(gray, ocr_page(gray, dpi=300)) == []


def test_leaders_and_specks_are_no_missing_line() -> None:
    page = render_lines(["Họ, chữ đệm, tên: NGUYỄN VĂN AN", "Nơi sinh: Hà Nội"], width_in=5)
    gray = _gray(page.image).copy()
    words = ocr_page(gray, dpi=300)
    bottom = max(w.box.bottom for w in words)
    for x in range(100, 1200, 30):  # a row of leader dots and a few specks below the text
        cv2.circle(gray, (x, bottom + 60), 3, 0, -1)
    cv2.circle(gray, (700, bottom + 160), 2, 0, -1)
    assert unread_lines(gray, words) == []


def test_recovered_words_get_blocks_of_their_own() -> None:
    crops = [
        [Word("LỰC", 90.0, Box(10, 10, 50, 20), 1, 1, 1, 1)],
        [Word("OANH", 88.0, Box(300, 10, 60, 20), 1, 1, 1, 1)],
    ]
    words = renumbered(crops, first_block=7)
    assert [(w.text, w.block) for w in words] == [("LỰC", 7), ("OANH", 8)]


def test_no_words_no_judgement() -> None:
    assert unread_lines(np.full((200, 200), 255, np.uint8), []) == []


def test_a_light_line_of_digits_between_close_lines_is_found() -> None:
    # a poor 200-dpi scan: grey ink, tight lines, and digits shorter than words with tone marks; values on the
    # line below their labels, indented alike
    lines = ["Nơi sinh:", "    Bệnh viện Đa khoa tỉnh", "Số định danh cá nhân:", "    060089984688", "Họ, tên mẹ:"]
    page = render_lines(lines, dpi=200, spacing=1.5)
    gray = _gray(page.image)
    gray = (123 + gray.astype(np.float32) * (132 / 255)).astype(np.uint8)  # black ink becomes grey 123
    words = ocr_page(gray, dpi=200)
    digits = next(w for w in words if w.text.endswith("4688"))
    skipped = [w for w in words if w is not digits]
    found = unread_lines(gray, skipped)
    assert any(box.top <= digits.box.center_y <= box.bottom and box.left <= digits.box.left + 10 for box in found)


def test_a_line_read_as_junk_is_read_again_and_the_junk_gives_way() -> None:
    page = render_lines(LINES, width_in=5)
    gray = _gray(page.image)
    words = ocr_page(gray, dpi=300)
    lost = [w for w in words if w.text == "LỰC"]
    # as if Tesseract had made junk of the wrapped line: a "word" at confidence 27 over it
    junk = Word("TH...", 27.0, lost[0].box, lost[0].block, lost[0].par, lost[0].line, lost[0].word)
    read_badly = [junk if w.text == "LỰC" else w for w in words]
    [missed] = unread_lines(gray, read_badly)
    found = ocr_crops(gray, [missed], dpi=300)
    result = merged(read_badly, [missed], found)
    assert "TH..." not in [w.text for w in result]
    assert [w.text for w in result if w.block >= first_recovered_block(read_badly)] == ["LỰC"]
    # a confident word over the same line is a reading, not junk: nothing is missing there
    assert unread_lines(gray, words) == []


def test_merged_keeps_junk_no_reading_replaced_and_drops_unsure_readings() -> None:
    page_words = [
        Word("TH...", 20.0, Box(0, 0, 100, 40), 1, 1, 1, 1),
        Word("Quyển", 95.0, Box(0, 60, 100, 40), 1, 1, 2, 1),
    ]
    region = Box(0, 0, 200, 40)
    # the region's reading is a smudge (confidence under 40): nothing joins, and the page keeps its junk word
    assert merged(page_words, [region], [[Word("~", 12.0, Box(5, 5, 10, 30))]]) == tuple(page_words)
    # a confident reading replaces the junk under it and leaves the other words alone
    result = merged(page_words, [region], [[Word("Số:", 90.0, Box(5, 5, 50, 30))]])
    assert [w.text for w in result] == ["Quyển", "Số:"] and result[1].block == 2


def test_junk_run_together_with_leaders_gives_way_to_the_reading_of_its_letters() -> None:
    # "HEK_......" at 28: its middle is over the leaders, right of the letters the region read; kept, the name
    # came out "Rơ Châm Hek Hek"
    page_words = [Word("CHÂM", 92.0, Box(1000, 1280, 100, 40), 1), Word("HEK_....", 28.0, Box(1120, 1290, 400, 30), 1)]
    found = [[Word("HEK", 92.0, Box(1122, 1280, 80, 40))]]
    result = merged(page_words, [Box(1118, 1278, 90, 44)], found)
    assert [w.text for w in result] == ["CHÂM", "HEK"]
    # as measured: the junk's box is the leaders' alone, flat and right of the letters, but its letters are the
    # reading's
    flat = [page_words[0], Word("HEK_....", 28.0, Box(1216, 1315, 563, 6), 1)]
    region = Box(1096, 1288, 78, 34)
    assert [w.text for w in merged(flat, [region], [[Word("HEK", 92.0, Box(1093, 1288, 81, 33))]])] == ["CHÂM", "HEK"]
    other = [page_words[0], Word("AN_....", 28.0, Box(1216, 1315, 563, 6), 1)]  # other letters: not the same word
    assert len(merged(other, [region], [[Word("HEK", 92.0, Box(1093, 1288, 81, 33))]])) == 3
    # however sure the page was of it ("Lực." at 69, boxed 6 x 5 px right of its letters): read twice otherwise
    sure = [Word("Đình", 95.0, Box(640, 532, 100, 32), 1), Word("Lực.", 69.0, Box(847, 554, 6, 5), 1)]
    luc = [[Word("Lực", 95.0, Box(760, 534, 59, 30))]]
    assert [w.text for w in merged(sure, [Box(757, 534, 58, 26)], luc)] == ["Đình", "Lực"]
    # a word of those letters boxed over letters of its own is another word, and stays
    boxed = [sure[0], Word("Lực", 90.0, Box(840, 532, 59, 30), 1)]
    assert [w.text for w in merged(boxed, [Box(757, 534, 58, 26)], luc)] == ["Đình", "Lực", "Lực"]
    # junk on another line, or beside the region rather than over it, or grazing it by a pixel, stays
    apart = [
        Word("....", 20.0, Box(1120, 1400, 400, 30), 1),
        Word("_..", 20.0, Box(1300, 1290, 200, 30), 1),
        Word("~~", 20.0, Box(1110, 1321, 200, 30), 1),
    ]
    assert [w.text for w in merged(apart, [Box(1118, 1278, 90, 44)], found)] == ["....", "_..", "~~", "HEK"]


def test_a_word_the_page_read_is_not_added_twice() -> None:
    # the region took in the edge of a confident word ("LÊ" read at 73): its second reading does not join
    page_words = [Word("mẹ:", 12.0, Box(934, 1238, 87, 34), 1), Word("LÊ", 73.0, Box(1045, 1219, 63, 47), 1)]
    region = Box(930, 1225, 200, 45)
    found = [[Word("mẹ:", 93.0, Box(934, 1238, 87, 34)), Word("LE", 92.0, Box(1045, 1228, 63, 37))]]
    assert [(w.text, w.conf) for w in merged(page_words, [region], found)] == [("LÊ", 73.0), ("mẹ:", 93.0)]


def test_a_small_mark_of_the_page_inside_a_new_word_does_not_drop_it() -> None:
    page_words = [Word("Mẹ:", 95.0, Box(100, 100, 80, 40), 1), Word("'", 35.0, Box(260, 105, 6, 10), 1)]
    found = [[Word("Hằng", 90.0, Box(230, 98, 110, 44))]]
    result = merged(page_words, [Box(220, 95, 130, 50)], found)
    assert [w.text for w in result] == ["Mẹ:", "'", "Hằng"]


def test_a_line_the_page_read_whole_is_not_added_again_as_one_word() -> None:
    # a poor scan: the region took in "Nguyễn Văn An" and read it "Nguyễn", boxed over all three words
    line = [
        Word("Nguyễn", 96.0, Box(323, 479, 98, 45)),
        Word("Văn", 96.0, Box(433, 479, 50, 53)),
        Word("An", 97.0, Box(495, 479, 35, 53)),
    ]
    found = [[Word("Nguyễn", 96.0, Box(323, 492, 207, 32))]]
    assert [w.text for w in merged(line, [Box(320, 488, 215, 40)], found)] == ["Nguyễn", "Văn", "An"]
    # a word beside them, on ink they do not cover, is new
    beside = [[Word("Bình", 90.0, Box(560, 492, 80, 32))]]
    assert [w.text for w in merged(line, [Box(555, 488, 90, 40)], beside)] == ["Nguyễn", "Văn", "An", "Bình"]


def test_junk_stays_where_the_region_read_only_the_far_end_of_its_line() -> None:
    # a clean marriage certificate of set 10400: the registration date read at 0 run together with its leaders
    # across the line; the region over that line kept only a "và" at its far end, which took the date's place
    date = Word("20/07/2026.................ẶẶẶ", 0.0, Box(288, 1630, 1480, 40), 1)
    region = Box(290, 1630, 1478, 40)
    far = [[Word("và", 65.0, Box(1745, 1626, 36, 53))]]
    assert [w.text for w in merged([date], [region], far)] == [date.text]  # ("và" lies under it: read already)
    # where the region read the line's start, the junk gives way as before
    start = [[Word("20/07/2026", 90.0, Box(290, 1630, 300, 40))]]
    assert [w.text for w in merged([date], [region], start)] == ["20/07/2026"]


def test_a_short_junk_word_stays_when_the_region_read_only_what_follows_it() -> None:
    junk = Word("~.", 5.0, Box(300, 1630, 30, 40), 1)
    region = Box(290, 1630, 400, 40)
    after = [[Word("và", 65.0, Box(340, 1630, 36, 40))]]  # past the junk's end, within two line heights of its start
    assert "~." in [w.text for w in merged([junk], [region], after)]


def test_a_short_value_skipped_after_its_labels_leaders_is_found() -> None:
    # "Số: ........ 1" read "Số:........" with nothing after it (clean, set 11100): a value of one digit is far
    # narrower than a missed line, and starts mid-line, yet it is right after its label's leaders
    page = render_lines(["Số: ........ 1", "Quyển số: 03/1961"], width_in=5)
    gray = _gray(page.image)
    words = ocr_page(gray, dpi=300)
    one = next(w for w in words if w.text == "1")
    skipped = [w for w in words if w is not one]
    found = unread_lines(gray, skipped)
    middle = (one.box.left + one.box.right) / 2
    assert any(box.left <= middle <= box.right and box.top <= one.box.center_y <= box.bottom for box in found)
    # the edge of a value's first letter the margin of its box leaves unread is no value of its own: the label's
    # value was read ("Bà: PHAN CẨM HƯƠNG", the stem of the P read "F", set 11000)
    page = render_lines(["Bà: PHAN CẨM HƯƠNG"], width_in=5)
    gray = _gray(page.image)
    words = ocr_page(gray, dpi=300)
    phan = next(w for w in words if w.text == "PHAN")
    trimmed = [
        replace(w, box=replace(w.box, left=w.box.left + 20, width=w.box.width - 20)) if w is phan else w for w in words
    ]
    assert unread_lines(gray, trimmed) == []
    # the same ink after no label is a speck, not a value
    unlabelled = [w for w in skipped if not w.text.startswith(("Số", "..."))]
    blank_label = gray.copy()
    for w in skipped:
        if w not in unlabelled:
            blank_label[w.box.top : w.box.bottom, w.box.left : w.box.right] = 255
    assert unread_lines(blank_label, unlabelled) == []


def test_a_label_skipped_with_its_value_is_read_as_one_line() -> None:
    # "Số: ........... 78" left out of the page's reading whole (clean, set 12200): the label is a missed line where
    # lines start, the value two digits too narrow to be one, and no label read before it; the leaders lead to it
    page = render_lines(["Số: ........... 78", "Quyển số: 03/2016", "Họ, chữ đệm, tên: TRẦN THANH TOÀN"], width_in=5)
    gray = _gray(page.image)
    words = ocr_page(gray, dpi=300)
    first_line = [w for w in words if w.box.center_y < words[0].box.bottom + 5]
    value = next(w for w in first_line if w.text == "78")
    skipped = [w for w in words if w not in first_line]
    [missed] = unread_lines(gray, skipped)
    assert missed.left <= first_line[0].box.left + 10 and missed.right >= value.box.right - 5
    [found] = ocr_crops(gray, [missed], dpi=300)
    assert found[0].text.startswith("Số:") and found[-1].text == "78"
    # leaders leading nowhere take in nothing: the label alone is the missed line
    blank = gray.copy()
    blank[value.box.top - 3 : value.box.bottom + 3, value.box.left - 3 : value.box.right + 3] = 255
    [alone] = unread_lines(blank, skipped)
    assert alone.right < value.box.left
