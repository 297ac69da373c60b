"""The learned mark reader (pipeline.ocr.mark_reader): a tone lost beside a hat in small letters, read from the ink
of words rendered in every installed font, and never a tone where none is printed."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.ocr import mark_reader as R
from pipeline.ocr.marks import (
    ADDED_NOTE,
    BOTH_NOTE,
    DOT_ADDED_NOTE,
    DOT_NOTE,
    HAT_NOTE,
    INK_NOTE,
    READER_NOTE,
    _overruled_by_ink,
    check_marks,
    checked,
    confirmed_by_ink,
    letters_of,
    spelling_on_page,
)
from pipeline.ocr.model import Box, Word
from pipeline.synth.scans.fonts import discover_families
from tests.ocr.pages import degrade, render_lines

FONTS = [(f.name, str(f.regular)) for f in discover_families() if f.kind in ("serif", "sans")]
BOLD = [(f.name + "-bold", str(f.bold)) for f in discover_families() if f.kind in ("serif", "sans")]

# printed with a tone beside or over the hat or breve, read without it (the bench's misses)
LOST = ["Trần", "Tiền", "Huyền", "Thắng", "Hằng", "Tuấn", "Đồng", "Chiềng", "Quẫn", "Thể"]
# printed without a tone: the reading is right and must stay
BARE = ["Trân", "Tân", "Văn", "Lê", "Xuân", "Liên", "Đông", "Thăng", "Hưng", "Tiên", "Huyên", "Châu"]


def _nfd(text: str) -> list[str]:
    return [unicodedata.normalize("NFD", c) for c in text if c.isalpha()]


def _untoned(text: str) -> str:
    kept = (c for c in unicodedata.normalize("NFD", text) if c not in (R.GRAVE, R.ACUTE, R.HOOK, R.TILDE))
    return unicodedata.normalize("NFC", "".join(kept))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trần", [R.Vowel(2, "a", R.CIRCUMFLEX, R.GRAVE)]),
        ("Hương", [R.Vowel(1, "ư", "", ""), R.Vowel(2, "ơ", "", "")]),
        ("Thắng", [R.Vowel(2, "a", R.BREVE, R.ACUTE)]),
        ("Lự", [R.Vowel(1, "ư", "", "")]),  # a dot below is no mark above
        ("Ánh", []),  # a capital vowel is not read
        ("Kiểu", [R.Vowel(1, "i", "", ""), R.Vowel(2, "e", R.CIRCUMFLEX, R.HOOK), R.Vowel(3, "u", "", "")]),
    ],
)
def test_vowels_of_a_reading(text: str, expected: list[R.Vowel]) -> None:
    assert R.vowels_of(_nfd(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TRẦN", [R.Vowel(2, "a", R.CIRCUMFLEX, R.GRAVE)]),  # a capital's base is its small letter
        ("HƯƠNG", [R.Vowel(1, "ư", "", ""), R.Vowel(2, "ơ", "", "")]),
        ("Trần", []),  # small letters are the other model's
    ],
)
def test_vowels_of_a_reading_in_capitals(text: str, expected: list[R.Vowel]) -> None:
    assert R.vowels_of(_nfd(text), capitals=True) == expected


def test_allowed_marks_follow_the_letter() -> None:
    hats = {hat for (hat, _), ok in zip(R.CLASSES, R.allowed("a"), strict=True) if ok}
    assert hats == {"", R.CIRCUMFLEX, R.BREVE}
    hats = {hat for (hat, _), ok in zip(R.CLASSES, R.allowed("i"), strict=True) if ok}
    assert hats == {""}


def test_the_shipped_models_load_and_a_missing_one_reads_nothing(tmp_path: Path) -> None:
    for path in (R.MODEL_PATH, R.CAPITALS_MODEL_PATH, R.PAGE_MODEL_PATH, R.PAGE_CAPITALS_MODEL_PATH):
        model = R.load_model(path)
        assert model is not None
        rows = np.zeros((3, R.FEATURES), dtype=np.float32)
        probabilities = model.probabilities(rows)
        assert probabilities.shape == (3, len(R.CLASSES))
        assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert R.load_model(tmp_path / "none.npz") is None
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    assert R.load_model(tmp_path / "bad.npz") is None


def _readings(
    font_path: str, dpi: int, words: list[str], *, grainy: bool, notes: tuple[str, ...] = (READER_NOTE,)
) -> list[tuple[str, str, str | None]]:
    """(printed, after the check, its note) for each word rendered, read with its tone dropped."""
    page = render_lines([" ".join(words[i : i + 4]) for i in range(0, len(words), 4)], dpi=dpi, font_path=font_path)
    image = degrade(page.image, seed=dpi, specks=0) if grainy else page.image
    out = []
    for printed, box in page.words:
        result = checked(image, Word(_untoned(printed), 90.0, box))
        out.append((printed, result.text, result.note))
        if result.text != _untoned(printed):
            assert result.note in notes
    return out


@pytest.mark.parametrize(("font", "path"), FONTS + BOLD, ids=[name for name, _ in FONTS + BOLD])
def test_printed_bare_words_never_get_a_tone(font: str, path: str) -> None:
    for dpi in (200, 300):
        for grainy in (False, True):
            for printed, after, _ in _readings(path, dpi, BARE, grainy=grainy):
                assert after == printed, (font, dpi, grainy)


def test_a_tone_lost_beside_a_hat_is_read_from_the_ink() -> None:
    results = [
        (font, dpi, grainy, printed, after)
        for font, path in FONTS + BOLD
        for dpi in (200, 300)
        for grainy in (False, True)
        for printed, after, _ in _readings(path, dpi, LOST, grainy=grainy)
    ]
    wrong = [r for r in results if r[4] not in (r[3], _untoned(r[3]))]
    restored = [r for r in results if r[4] == r[3]]
    assert not wrong, wrong[:5]  # when it adds a tone, the tone printed
    # most are restored: words whose letters touch (no column per letter) are left as read
    assert len(restored) >= 0.6 * len(results), (len(restored), len(results))


def test_only_a_word_of_a_name_read_without_any_tone_is_read() -> None:
    font = FONTS[0][1]
    page = render_lines(["Trần Trận"], dpi=300, font_path=font)
    (_, small), (_, dotted) = page.words
    assert checked(page.image, Word("Trân", 90.0, small)).text == "Trần"
    assert checked(page.image, Word("Trận", 90.0, dotted)).text == "Trận"  # a dot below read: a tone already
    assert checked(page.image, Word("trân", 90.0, small)).text == "trân"  # not a name's word


def test_a_saved_model_loads_as_it_was(tmp_path: Path) -> None:
    model = R.load_model()
    assert model is not None
    model.save(tmp_path / "again.npz")
    again = R.load_model(tmp_path / "again.npz")
    assert again is not None
    rows = np.random.default_rng(0).random((4, R.FEATURES), dtype=np.float32)
    assert np.array_equal(model.probabilities(rows), again.probabilities(rows))


def test_specks_beside_a_hat_seldom_pass_for_a_tone() -> None:
    """A known weakness: on a page sown with specks (one every square centimetre, as test_marks.py's harshest
    pages) a speck beside a hat can pass for a tone. Measured here: 13 of 4,536 bare words (0.3%); on the bench's
    own pages none of about 4,400. This bounds it until the reader is trained with specks."""
    changed = total = 0
    for _, path in FONTS + BOLD:
        for dpi in (200, 300):
            page = render_lines([" ".join(BARE[i : i + 4]) for i in range(0, len(BARE), 4)], dpi=dpi, font_path=path)
            image = degrade(page.image, seed=dpi + 2, specks=400)
            for printed, box in page.words:
                total += 1
                changed += checked(image, Word(printed, 90.0, box)).text != printed
    assert changed <= 0.01 * total, (changed, total)


# In capitals: printed with a tone run into the hat or beside it, read without it; and printed without one
LOST_CAPITALS = ["TRẦN", "HỒNG", "LIỄU", "HẰNG", "HIỀN", "NGUYỄN", "TUYỀN", "HOẰNG", "THẮNG", "QUẾ"]
BARE_CAPITALS = ["TRÂN", "VĂN", "LÊ", "XUÂN", "LIÊN", "ĐÔNG", "THĂNG", "TIÊN", "NGUYÊN", "CHÂU", "NGÔ", "HƯNG"]
# the page-trained reader overrules a reading in capitals first (`marks._overruled_by_ink`), then
# `marks.tone_on_page` restores the tones standing apart, then the mark reader those run into the hat
CAPITAL_NOTES = (INK_NOTE, READER_NOTE, ADDED_NOTE)


@pytest.mark.parametrize(("font", "path"), FONTS + BOLD, ids=[name for name, _ in FONTS + BOLD])
def test_printed_bare_words_in_capitals_never_get_a_tone(font: str, path: str) -> None:
    for dpi in (200, 300):
        for grainy in (False, True):
            for printed, after, _ in _readings(path, dpi, BARE_CAPITALS, grainy=grainy, notes=CAPITAL_NOTES):
                assert after == printed, (font, dpi, grainy)


def test_a_tone_lost_beside_a_hat_in_capitals_is_read_from_the_ink() -> None:
    results = [
        (font, dpi, grainy, printed, after, note)
        for font, path in FONTS + BOLD
        for dpi in (200, 300)
        for grainy in (False, True)
        for printed, after, note in _readings(path, dpi, LOST_CAPITALS, grainy=grainy, notes=CAPITAL_NOTES)
    ]
    wrong = [r for r in results if r[4] not in (r[3], _untoned(r[3]))]
    assert not wrong, wrong[:5]
    # the readers restore tones the shape checks leave (run into the hat): here 181 of 560 before the
    # page-trained reader came first, with the shapes 408
    by_reader = [r for r in results if r[5] in (READER_NOTE, INK_NOTE)]
    assert len(by_reader) >= 0.2 * len(results), (len(by_reader), len(results))
    assert sum(r[4] == r[3] for r in results) >= 0.6 * len(results)


def test_specks_beside_a_hat_in_capitals_do_not_pass_for_a_tone() -> None:
    """Speck-sized pieces apart from the hat are whitened before the capitals model reads (`SPECK_IN_CAPITALS`):
    on pages sown with specks, no bare word in capitals gets a tone from it."""
    added = []
    for font, path in FONTS + BOLD:
        for dpi in (200, 240, 300):
            page = render_lines(
                [" ".join(BARE_CAPITALS[i : i + 4]) for i in range(0, len(BARE_CAPITALS), 4)], dpi=dpi, font_path=path
            )
            image = degrade(page.image, seed=dpi + 2, specks=400)
            for printed, box in page.words:
                result = checked(image, Word(printed, 90.0, box))
                if result.note == READER_NOTE:
                    added.append((font, dpi, printed, result.text))
    assert not added, added[:5]


# In capitals, printed with a hat or breve under the tone, read with the tone alone (the bench's HẰNG read HÀNG);
# and printed with a tone on a bare vowel, read right
# (a grave or sắc: a hỏi or ngã read is left, `mark_reader._TONES_UNDER_HAT`)
HAT_LOST = ["HẰNG", "THẮNG", "HẦU", "TRẦN", "HỒNG", "TIẾN", "BẮC", "LẤM", "KHẮC", "LỀU", "TUẤN", "HỒ"]
TONED_BARE = ["HÀNG", "HÀ", "THÀNH", "HOÀNG", "ĐÀO", "BÁ", "TOÁN", "HÒA", "LÀNH", "MÈO", "TRÁNG", "KHÁNH", "LÉ"]


def _without_hats(text: str) -> str:
    kept = (c for c in unicodedata.normalize("NFD", text) if c not in (R.CIRCUMFLEX, R.BREVE))
    return unicodedata.normalize("NFC", "".join(kept))


def _rendered(words: list[str]) -> Iterator[tuple[tuple[str, int, bool], np.ndarray, str, Box]]:
    """Each word printed in every font, bold too, at 200 and 300 dpi, clean and grainy: (where, page, word, box)."""
    for font, path in FONTS + BOLD:
        for dpi in (200, 300):
            for grainy in (False, True):
                lines = [" ".join(words[i : i + 4]) for i in range(0, len(words), 4)]
                page = render_lines(lines, dpi=dpi, font_path=path)
                image = degrade(page.image, seed=dpi, specks=0) if grainy else page.image
                for printed, box in page.words:
                    yield (font, dpi, grainy), image, printed, box


def test_a_hat_lost_under_a_tone_in_capitals_is_read_from_the_ink() -> None:
    restored = wrong = total = 0
    for _, image, printed, box in _rendered(HAT_LOST):
        result = checked(image, Word(_without_hats(printed), 90.0, box))
        total += 1
        if result.note == HAT_NOTE:
            restored += result.text == printed
            wrong += result.text != printed
    assert wrong == 0
    assert restored >= 0.2 * total, (restored, total)


@pytest.mark.parametrize(("font", "path"), FONTS + BOLD, ids=[name for name, _ in FONTS + BOLD])
def test_a_tone_on_a_bare_capital_never_gets_a_hat(font: str, path: str) -> None:
    lines = [" ".join(TONED_BARE[i : i + 4]) for i in range(0, len(TONED_BARE), 4)]
    for dpi in (200, 240, 300):
        page = render_lines(lines, dpi=dpi, font_path=path)
        for image in (page.image, degrade(page.image, seed=dpi, specks=0), degrade(page.image, seed=dpi, specks=400)):
            for printed, box in page.words:
                assert checked(image, Word(printed, 90.0, box)).note != HAT_NOTE, (font, dpi, printed)


# A name's word ending in a small i, printed bare and read with a hỏi (the i's dot taken for a hook), and printed so
DOT_READ_AS_HOOK = ["Chi", "Thi", "Nhi", "Mi", "Khi", "Ni"]
HOOK_PRINTED = ["Chỉ", "Thỉ", "Nhỉ", "Mỉ", "Khỉ", "Nỉ"]


def _hooked(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text) + R.HOOK)


def test_the_dot_of_an_i_read_as_a_hook_is_read_from_the_ink() -> None:
    restored = total = 0
    for _, path in FONTS + BOLD:
        for dpi in (200, 300):
            for grainy in (False, True):
                words = DOT_READ_AS_HOOK + HOOK_PRINTED
                page = render_lines(
                    [" ".join(words[i : i + 6]) for i in range(0, len(words), 6)], dpi=dpi, font_path=path
                )
                image = degrade(page.image, seed=dpi, specks=0) if grainy else page.image
                for printed, box in page.words:
                    if printed in HOOK_PRINTED:  # a printed hook is never taken off
                        assert checked(image, Word(printed, 90.0, box)).text == printed, (path, dpi, grainy)
                        continue
                    result = checked(image, Word(_hooked(printed), 90.0, box))
                    total += 1
                    if result.text != _hooked(printed):
                        assert (result.text, result.note) == (printed, DOT_NOTE)
                        restored += 1
    assert restored >= 0.5 * total, (restored, total)


def _first_letter_cut(image: np.ndarray, box) -> bool:
    """Whiten a cut down the middle of the word's first letter (an N, M or K parts in two tall pieces, as a serif
    h's arch parts from its stem on a scan); whether it made the word's pieces outnumber its letters."""
    import cv2

    crop = image[box.top : box.bottom, box.left : box.right]
    ink = (crop < cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tall = [s for s in stats[1:] if s[cv2.CC_STAT_HEIGHT] >= 0.4 * stats[1:, cv2.CC_STAT_HEIGHT].max()]
    first = min(tall, key=lambda s: s[cv2.CC_STAT_LEFT])
    middle = box.left + int(first[cv2.CC_STAT_LEFT] + first[cv2.CC_STAT_WIDTH] // 2)
    image[box.top : box.bottom, middle - 1 : middle + 2] = 255
    ink = (image[box.top : box.bottom, box.left : box.right] < 128).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return sum(s[cv2.CC_STAT_HEIGHT] >= 0.4 * stats[1:, cv2.CC_STAT_HEIGHT].max() for s in stats[1:]) > len(tall)


def test_the_last_i_is_read_where_an_earlier_letter_parted_in_two() -> None:
    # a serif "Chi" at 300 dpi on set 9750: the h's arch parted from its stem, four pieces for three letters, so no
    # letter had a column and the hook read on the i stayed. The i, the word's rightmost and narrow piece, still has.
    bare, hooked = ["Nhi", "Mi", "Khi"], ["Nhỉ", "Mỉ", "Khỉ"]
    restored = parted = 0
    for _, path in FONTS:
        page = render_lines([" ".join(bare + hooked)], dpi=300, font_path=path)
        image = page.image.copy()
        for printed, box in page.words:
            if not _first_letter_cut(image, box):
                continue
            if printed in hooked:
                assert checked(image, Word(printed, 90.0, box)).text == printed, (path, printed)
                continue
            parted += 1
            result = checked(image, Word(_hooked(printed), 90.0, box))
            if result.text != _hooked(printed):
                assert (result.text, result.note) == (printed, DOT_NOTE)
                restored += 1
    assert parted and restored >= 0.5 * parted, (restored, parted)


# Names in small letters as printed, each with a reading that differs in one mark: the register's commoner
# spelling for the unusual ones (Nguyển, Thũy, Lể: printed on purpose), a mark misread for the others
PRINTED_NAMES = ["Nguyển", "Nguyễn", "Trần", "Thũy", "Thủy", "Hiền", "Tiến", "Yến", "Lể", "Lê", "Huyền", "Tuấn"]
MISREAD_NAMES = ["Nguyễn", "Nguyển", "Trấn", "Thủy", "Thũy", "Hiến", "Tiển", "Yên", "Lê", "Lễ", "Huyển", "Tuần"]


def test_a_name_in_small_letters_is_confirmed_as_printed_never_as_misread() -> None:
    confirmed = total = 0
    misread = dict(zip(PRINTED_NAMES, MISREAD_NAMES, strict=True))
    for where, image, printed, box in _rendered(PRINTED_NAMES):
        total += 1
        confirmed += confirmed_by_ink(image, Word(printed, 90.0, box))
        assert not confirmed_by_ink(image, Word(misread[printed], 90.0, box)), (where, printed, misread[printed])
    assert confirmed >= 0.8 * total, (confirmed, total)  # measured 596 of 672


# Names in small letters as printed and as misread by a tone (above: the register's commoner spellings, printed on
# purpose, and Tesseract's slips; here the bench's: "Nguyến" read "Nguyễn", "Lỉnh" "Linh", "Giàng" "Giảng"), and a
# dot below read as a hỏi ("Thị" read "Thỉ"), which must not lose its mark altogether
BOTH_PRINTED = [*PRINTED_NAMES, "Lỉnh", "Giàng", "Nguyến", "Đinh", "Minh", "Văn", "Đức", "Thúy", "Mỹ", "Hải", "Vĩnh"]
BOTH_MISREAD = [*MISREAD_NAMES, "Linh", "Giảng", "Nguyễn", "Đỉnh", "Mính", "Vẵn", "Đữc", "Thủy", "Mỷ", "Hái", "Vinh"]


def test_a_tone_in_small_letters_both_readers_see_otherwise_is_overruled_and_a_right_one_never() -> None:
    misread = dict(zip(BOTH_PRINTED, BOTH_MISREAD, strict=True))
    mended = total = 0
    for where, image, printed, box in _rendered([*BOTH_PRINTED, "Thị"]):
        assert checked(image, Word(printed, 90.0, box), clean_page=True).note != BOTH_NOTE, (where, printed)
        result = checked(image, Word(misread.get(printed, "Thỉ"), 90.0, box), clean_page=True)
        if printed == "Thị":
            # the dot's ink under the word keeps the hook for the lists to judge (`_hook_is_the_dot` may still find
            # the i's own dot under it: "Chỉ" read for a printed Chi)
            assert result.note != BOTH_NOTE, where
            continue
        total += 1
        if result.note == BOTH_NOTE:
            assert result.text == printed, (where, printed, result.text)
            mended += 1
        # never on a specked page
        assert checked(image, Word(misread[printed], 90.0, box)).note != BOTH_NOTE
    assert mended >= 0.7 * total, (mended, total)  # measured 1,270 of 1,568


# Words printed with a dot below (capitals and small letters), and bare words whose letters are the same
DOTTED = ["PHƯỢNG", "VỴ", "Ạnh", "ĐẶNG", "THỊ", "Phượng", "NGỌC", "Ngọc", "LỤC", "Đạt"]
UNDOTTED = ["PHƯƠNG", "VY", "Anh", "ĐĂNG", "THI", "Phương", "NGOC", "LINH", "HOA", "Minh", "Lan", "TUNG", "Bùi", "Hà"]


def _undotted(word: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word).replace("\u0323", ""))


def test_a_dot_below_lost_is_put_back_under_its_vowel_and_never_added_to_a_bare_word() -> None:
    added = total = 0
    for where, image, printed, box in _rendered(DOTTED + UNDOTTED):
        if printed in UNDOTTED:
            assert checked(image, Word(printed, 90.0, box), clean_page=True).note != DOT_ADDED_NOTE, (where, printed)
            continue
        total += 1
        result = checked(image, Word(_undotted(printed), 90.0, box), clean_page=True)
        if result.note == DOT_ADDED_NOTE:
            assert result.text == printed, (where, printed, result.text)
            added += 1
    assert added >= 0.6 * total, (added, total)  # measured 372 of 560 (the others: letters touching, no columns)


def test_specks_under_bare_words_seldom_pass_for_a_dot_below_and_never_on_a_specked_page() -> None:
    """Dirt as dot-sized as a dot below (3-5 pixels, one speck every 3.5 square centimetres) passes for one where it
    lands under a vowel's middle just under the baseline: measured 5 of 2,352 words. A page orientation analysis
    finds specked (`SPECKED_PAGE`: the bench's poor scans) gets no dot added."""
    changed = total = 0
    for _, path in FONTS + BOLD:
        for dpi in (200, 300):
            for seed in range(6):
                lines = [" ".join(UNDOTTED[i : i + 4]) for i in range(0, len(UNDOTTED), 4)]
                page = render_lines(lines, dpi=dpi, font_path=path)
                image = degrade(page.image, seed=seed, specks=30)
                words = [Word(printed, 90.0, box) for printed, box in page.words]
                total += len(words)
                changed += sum(w.note == DOT_ADDED_NOTE for w in check_marks(image, words, specked=False)[0])
                assert not any(w.note == DOT_ADDED_NOTE for w in check_marks(image, words, specked=True)[0])
    assert changed <= 0.005 * total, (changed, total)


# Words in capitals printed with bare vowels, and toned ones read bare (a tone Tesseract dropped in capitals)
BARE_CAPITALS = ["TUNG", "THU", "MINH", "LINH", "VY", "NAM", "CHI", "LAN"]
TONE_DROPPED = {"TÙNG": "TUNG", "THỦY": "THUY", "MỸ": "MY", "LÝ": "LY", "HÒA": "HOA", "CHÍ": "CHI", "VŨ": "VU"}


def test_a_bare_word_in_capitals_is_confirmed_as_printed_never_with_its_tone_dropped() -> None:
    confirmed = total = 0
    for where, image, printed, box in _rendered(BARE_CAPITALS + list(TONE_DROPPED)):
        if printed in TONE_DROPPED:
            assert not confirmed_by_ink(image, Word(TONE_DROPPED[printed], 90.0, box)), (where, printed)
            continue
        total += 1
        confirmed += confirmed_by_ink(image, Word(printed, 90.0, box))
        if "A" in printed:  # a hat read confirms nothing in capitals: the reader misses tones beside one
            assert not confirmed_by_ink(image, Word(printed.replace("A", "Â"), 90.0, box)), (where, printed)
    assert confirmed >= 0.8 * total, (confirmed, total)  # measured 389 of 448


# In capitals, printed, and read with one mark changed (the tones Tesseract's `vie` confuses beside a hat)
PRINTED_CAPITALS = ["HIỀN", "NGUYỂN", "TUYỀN", "YẾN", "HẰNG", "TIẾN", "LỄ", "TUẦN", "HUYỀN", "THỦY"]
MISREAD_CAPITALS = ["HIỄN", "NGUYỄN", "TUYỂN", "YÊN", "HÃNG", "TIÊN", "LÊ", "TUẪN", "HUYỂN", "THÙY"]


def test_a_mark_misread_in_capitals_is_put_right_or_left_and_a_right_one_kept() -> None:
    mended = total = 0
    misread = dict(zip(PRINTED_CAPITALS, MISREAD_CAPITALS, strict=True))
    for where, image, printed, box in _rendered(PRINTED_CAPITALS):
        total += 1
        kept = checked(image, Word(printed, 90.0, box))
        assert kept.note != INK_NOTE, (where, printed, kept.text)
        result = checked(image, Word(misread[printed], 90.0, box))
        if result.note == INK_NOTE:
            assert result.text == printed, (where, misread[printed], result.text)
            mended += 1
    assert mended >= 0.4 * total, (mended, total)  # measured 273 of 560


# Surnames in capitals printed with an unusual tone on purpose (the register's spelling differs), and common ones
# with the tone Tesseract misreads on them: a rare tone as printed is seen, so no list of surnames replaces it
RARE_SURNAMES = ["NGUYỀN", "NGUYẾN", "ĐẬNG", "LỂ", "HỖ", "NGUYỂN"]
MISREAD_SURNAMES = {"TRẦN": "TRẤN", "LÊ": "LẺ", "ĐỖ": "ĐỒ", "HỒ": "HỖ"}


def test_a_rare_tone_printed_in_capitals_is_seen_and_a_misread_one_never() -> None:
    seen = total = 0
    for where, image, printed, box in _rendered(RARE_SURNAMES + list(MISREAD_SURNAMES)):
        if printed in MISREAD_SURNAMES:
            misread = checked(image, Word(MISREAD_SURNAMES[printed], 90.0, box))
            assert not (misread.confirmed and misread.text == MISREAD_SURNAMES[printed]), (where, printed)
            continue
        result = checked(image, Word(printed, 90.0, box))
        total += 1
        seen += result.confirmed and result.text == printed
    assert seen >= 0.6 * total, (seen, total)  # measured 227 of 336 (94 before the page model confirmed them)


# A name word no one in the register is called at its place, read where another spelling of its letters is: the
# bench's misreadings (sets 10900 to 11300) as (printed, read, spellings known at the word's place) ...
MISSPELT_ON_PAGE = [
    ("HIỀN", "HIEN", ["hiến", "hiền"]),
    ("NGUYỄN", "NGUYÊN", ["nguyễn"]),
    ("THU", "THỦ", ["thu", "thú"]),
    ("Bùi", "Bủi", ["bùi"]),
    ("Văn", "Vàn", ["văn", "vân"]),
    ("HẰNG", "HÀNG", ["hằng"]),
    ("Chi", "Chỉ", ["chi", "chí"]),
    ("TUẤN", "TUAN", ["tuấn", "tuân"]),
]
# ... and rare spellings printed on purpose, read as printed, which the register does not hold
RARE_ON_PAGE = [
    ("TUYỄN", ["tuyên", "tuyền"]),
    ("Hưỡng", ["hương", "hường"]),
    ("Mải", ["mai", "mãi"]),
    ("LỜ", ["lơ"]),
    ("Hẳng", ["hằng"]),
    ("DIỄU", ["diệu"]),
]


def test_a_name_word_no_one_is_called_is_spelt_as_the_page_shows_and_a_rare_printed_one_kept() -> None:
    mended = total = 0
    for where, image, printed, box in _rendered([p for p, _, _ in MISSPELT_ON_PAGE]):
        _, read, spellings = next(m for m in MISSPELT_ON_PAGE if m[0] == printed)
        found = spelling_on_page(image, Word(read, 90.0, box), spellings)
        assert found in (None, printed.lower()), (where, read, found)
        mended += found is not None
        total += 1
    assert mended >= 0.8 * total, (mended, total)  # measured 405 of 448
    for where, image, printed, box in _rendered([p for p, _ in RARE_ON_PAGE]):
        spellings = next(s for p, s in RARE_ON_PAGE if p == printed)
        assert spelling_on_page(image, Word(printed, 90.0, box), spellings) is None, (where, printed)


def test_a_mark_in_italic_capitals_is_not_overruled() -> None:
    # "NGUYỄN ĐĂNG HÙNG" in italic capitals (clean, set 11400): the page-trained capitals reader, its patch off the
    # leaning breve, is sure of a bare A; in italics the reading stands
    image = cv2.imread(str(Path(__file__).parent / "data/italic_capitals_breve.png"), cv2.IMREAD_GRAYSCALE)
    word = Word("ĐĂNG", 96.0, Box(60, 40, 106, 35))
    letters = _nfd(word.text)
    measured = letters_of(image, word, len(letters))
    assert measured is not None
    # the reader alone is sure of a bare A; no breve read is dropped on its word (see the next test)
    assert _overruled_by_ink(image, word, word.text, letters, measured) is None
    assert checked(image, word).text == "ĐĂNG"


def test_a_hat_or_breve_read_in_capitals_is_never_overruled_away() -> None:
    # "VĂN" in italic capitals (clean, set 11700), read at 96: on three letters its slant is too small to measure,
    # and the page-trained capitals reader, its patch off the leaning breve, gave a bare A 1.0 ("VAN" stood)
    image = cv2.imread(str(Path(__file__).parent / "data/italic_capitals_breve_small.png"), cv2.IMREAD_GRAYSCALE)
    word = Word("VĂN", 96.0, Box(64, 64, 68, 32))
    result = checked(image, word)
    assert result.text == "VĂN" and result.note != INK_NOTE


# Names in capitals as printed, and read with one tone changed for another: discrepancies printed on purpose read as
# the commoner spelling ("MỶ" read "MỸ", "LẨM" "LẦM", "HIỂN" "HIẾN": clean, set 12200) and Tesseract's confusions
# of the tones beside a hat
CAPS_PRINTED = ["MỶ", "LẨM", "HIỂN", "TUẤN", "TRẦN", "NGUYỄN", "HIỀN", "THỦY", "LỄ", "HUYỀN", "ĐẶNG", "VẲN", "HỒNG"]
CAPS_MISREAD = ["MỸ", "LẦM", "HIẾN", "TUẦN", "TRẤN", "NGUYẾN", "HIỂN", "THŨY", "LỂ", "HUYỂN", "ĐẶNG", "VẴN", "HỐNG"]


def test_a_tone_in_capitals_both_readers_see_as_another_is_changed_and_a_right_one_never() -> None:
    misread = dict(zip(CAPS_PRINTED, CAPS_MISREAD, strict=True))
    by_both = mended = total = 0
    added: list[bool] = []
    for where, image, printed, box in _rendered(CAPS_PRINTED):
        assert checked(image, Word(printed, 90.0, box), clean_page=True).note != BOTH_NOTE, (where, printed)
        if misread[printed] == printed:
            continue  # a dot below: no tone above to change
        total += 1
        result = checked(image, Word(misread[printed], 90.0, box), clean_page=True)
        if result.note == BOTH_NOTE:
            assert result.text == printed, (where, printed, result.text)
            by_both += 1
        mended += result.text == printed  # by this rule or by the page-trained reader alone before it
        # never on a specked page
        assert checked(image, Word(misread[printed], 90.0, box)).note != BOTH_NOTE
        # a tone added only to a word read with no tone (its hats kept: see the next tests), as printed but where
        # the readers share a confusion: a bold serif HIỀN at 200 dpi read "HIÊN" became "HIỂN" (wrong either way)
        bare = checked(image, Word(_toneless(printed), 90.0, box), clean_page=True)
        if bare.note == BOTH_NOTE:
            added.append(bare.text == printed)
    # measured: 171 of 672 by both readers, 541 in all (370 without them)
    assert by_both >= 0.2 * total and mended >= 0.5 * total, (by_both, mended, total)
    # measured: tones added beside a hat 179 times, 178 as printed
    assert len(added) >= 0.2 * total and added.count(False) <= 0.01 * len(added), (added.count(False), len(added))


# Names in capitals with a tone over a bare vowel, which Tesseract drops ("HẢI" read "HAI", "ẢNH" "ANH": clean, set
# 12300; "LÀI", "HỦY", "BÍCH" on 12100 and 12200), and the same letters printed bare
BARE_TONED = ["HẢI", "ẢNH", "LÀI", "HỦY", "BÍCH", "THỦY", "HÀ", "VŨ", "TÚ", "LÝ", "HÒA", "MÃO"]


def test_a_tone_lost_over_a_bare_capital_is_put_back_and_never_added_where_none_is_printed() -> None:
    mended = total = 0
    printed_bare = [without_marks(word) for word in BARE_TONED]
    for where, image, printed, box in _rendered([*BARE_TONED, *printed_bare]):
        read = without_marks(printed)
        result = checked(image, Word(read, 90.0, box), clean_page=True)
        if printed == read:
            assert result.note != BOTH_NOTE, (where, printed, result.text)
            continue
        total += 1
        if result.note == BOTH_NOTE:
            assert result.text == printed, (where, printed, result.text)
            mended += 1
        # never on a specked page, nor on a word read with a tone (changed for another only: the test above)
        assert checked(image, Word(read, 90.0, box)).note != BOTH_NOTE
    assert mended >= 0.2 * total, (mended, total)  # measured 173 of 672, none wrong


# Names in capitals with a hat or breve and no tone, which Tesseract drops ("HUYÊN" read "HUYEN", bold, clean, set
# 12600), and beside them the same letters with a horn, which the readers do not read: a horn lost ("SƠN" read
# "SON") must not come back as a hat
HATS_UNTONED = ["HUYÊN", "LÊ", "CHÂU", "VĂN", "XUÂN", "NGÔ", "TRÂM", "ĐÔNG", "KHÊ", "LÂN", "TÂN", "HẰNG"]
HORNED = ["SƠN", "LƯƠNG", "PHƯƠNG", "CƯƠNG", "THƠ", "HỢP"]


def test_a_hat_lost_in_an_untoned_capital_is_put_back_and_never_added_where_none_is_printed() -> None:
    mended = total = 0
    printed_bare = [without_marks(word) for word in HATS_UNTONED]
    for where, image, printed, box in _rendered([*HATS_UNTONED, *printed_bare, *HORNED]):
        read = without_marks(printed) if printed in HORNED else _without_hats(printed)
        result = checked(image, Word(read, 90.0, box), clean_page=True)
        if printed in HORNED or printed == read:
            assert result.note != BOTH_NOTE, (where, printed, result.text)
            continue
        total += 1
        if result.note == BOTH_NOTE:
            assert result.text == printed, (where, printed, result.text)
            mended += 1
        assert checked(image, Word(read, 90.0, box)).note != BOTH_NOTE  # never on a specked page
    assert mended >= 0.15 * total, (mended, total)  # measured 130 of 672, none wrong


def without_marks(text: str) -> str:
    """`text` with no mark at all (tones, hats, breves, horns, dots below)."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c.isalpha()))


def _toneless(text: str) -> str:
    """`text` without its tones above (its hats, breves and dots below kept)."""
    tones = {R.GRAVE, R.ACUTE, R.HOOK, R.TILDE}
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c not in tones))
