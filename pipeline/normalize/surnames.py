"""Vietnamese surnames, and the repair of a surname whose tone OCR lost in capitals.

Tesseract's `vie` model reads names printed in capitals with their tone marks squeezed against the circumflex or
breve underneath, and often drops or changes them: NGUYỄN comes out as NGUYÊN or NGUYÉN, TRẦN as TRÂN, ĐẶNG as
ĐĂNG. On the bench that was the largest single cause of wrong names. A re-read of the crop does not settle it
(the same model makes the same mistake, or another one).

Vietnamese surnames are few (a hundred or so cover nearly everyone; the most common fourteen cover nine people in
ten), so a first word read in capitals that is no surname at all, but is one known surname once tone marks and
the circumflex/breve are set aside, is that surname (on the bench, PHAM for PHẠM was as common as NGUYÊN for
NGUYỄN: the dot below is lost too). A first word that is a known surname is kept as read
("MA" stays Ma, a Tày surname, not the rarer Mã), and so is one that could be several surnames of similar
frequency. The repair is reported (the field's confidence is lowered, the raw OCR text kept, and a note says so),
so that a steward and the matching stage see that the tone came from this list and not from the page: a register
that really spells a surname without its tone ("HA" for Hà) is then an OCR doubt to weigh, as for any name in
capitals, not a silent agreement. The surnames of ethnic minorities are listed too (Thái Lường, Hmong Ly, Khmer
Chau): without them a "LƯỜNG" read right was "repaired" to Lương (three names in a thousand documents on the bench).

Frequencies are rounded shares of the population in percent from published surveys; they only rank surnames
that share a key, so their precision does not matter.
"""

from __future__ import annotations

from pipeline.normalize.text import TONE_MARKS, diacritics, nfc, strip_tones

# Surname -> rough share of the population in percent. Rare surnames get 0.01: known, so never "repaired" away.
SURNAME_SHARE: dict[str, float] = {
    "Nguyễn": 38.0,
    "Trần": 11.0,
    "Lê": 9.5,
    "Phạm": 7.1,
    "Hoàng": 4.0,
    "Huỳnh": 2.0,
    "Phan": 4.5,
    "Vũ": 2.5,
    "Võ": 1.5,
    "Đặng": 2.1,
    "Bùi": 2.0,
    "Đỗ": 1.4,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1.0,
    "Lý": 0.5,
    "Đinh": 0.4,
    "Trương": 0.4,
    "Đoàn": 0.3,
    "Trịnh": 0.3,
    "Mai": 0.3,
    "Cao": 0.3,
    "Lâm": 0.3,
    "Hà": 0.3,
    "Tô": 0.2,
    "Lương": 0.2,
    "Tạ": 0.2,
    "Chu": 0.1,
    "Châu": 0.1,
    "Quách": 0.1,
    "Tống": 0.1,
    "Giáp": 0.05,
    "Thái": 0.1,
    "Triệu": 0.1,
    "La": 0.1,
    "Từ": 0.1,
    "Tôn": 0.1,
    "Văn": 0.05,
    "Kiều": 0.05,
    "Lưu": 0.1,
    "Vương": 0.1,
    "Khổng": 0.02,
    "Mạc": 0.05,
    "Ninh": 0.05,
    "Thân": 0.05,
    "Kim": 0.05,
    "Giang": 0.05,
    "Khúc": 0.02,
    "Âu": 0.02,
    "Diệp": 0.02,
    "Đàm": 0.05,
    "Đào": 0.2,
    "Lại": 0.05,
    "Nghiêm": 0.02,
    "Phùng": 0.1,
    "Tăng": 0.02,
    "Thạch": 0.05,
    "Tiêu": 0.02,
    "Vi": 0.05,
    "Lục": 0.02,
    "Nông": 0.1,
    "Hứa": 0.02,
    "Lò": 0.05,
    "Lù": 0.01,
    "Lô": 0.01,
    "Ma": 0.05,
    "Mã": 0.02,
    "Sầm": 0.01,
    "Hầu": 0.02,
    "Giàng": 0.02,
    "Sùng": 0.02,
    "Vàng": 0.02,
    "Thào": 0.02,
    "Mùa": 0.01,
    "Chảo": 0.01,
    "Bế": 0.02,
    "Hoàng Phủ": 0.01,
    "Ksor": 0.02,
    "Rơ": 0.01,
    "Niê": 0.01,
    "Kpă": 0.01,
    "Quan": 0.02,
    "Bạch": 0.02,
    "Biện": 0.01,
    "Cù": 0.02,
    "Doãn": 0.02,
    "Đồng": 0.02,
    "Đường": 0.01,
    "Hàn": 0.02,
    "Hồng": 0.01,
    "Kha": 0.01,
    "Khương": 0.02,
    "Lạc": 0.01,
    "Lã": 0.02,
    "Lữ": 0.02,
    "Mạnh": 0.01,
    "Ông": 0.02,
    "Phí": 0.02,
    "Phó": 0.01,
    "Phương": 0.01,
    "Quản": 0.01,
    "Tất": 0.01,
    "Thiều": 0.01,
    "Trình": 0.01,
    "Ứng": 0.01,
    "Vưu": 0.01,
    "Yên": 0.01,
    # surnames of ethnic minorities (Thái, Mường, Dao, Mông, Hoa, Chăm, Khmer): read with their own tone or none
    # ("LƯỜNG" is Lường, not Lương with a stray mark; "CHAU" is a Khmer surname, not Châu without its circumflex)
    "Lường": 0.05,
    "Cầm": 0.03,
    "Quàng": 0.02,
    "Điêu": 0.01,
    "Tòng": 0.01,
    "Xa": 0.01,
    "Bàn": 0.05,
    "Lầu": 0.01,
    "Hạng": 0.01,
    "Vừ": 0.01,
    "Hờ": 0.01,
    "Cứ": 0.01,
    "Ly": 0.02,
    "Tráng": 0.01,
    "Mạch": 0.01,
    "Thập": 0.01,
    "Đàng": 0.01,
    "Quảng": 0.01,
    "Lộ": 0.01,
    "Báo": 0.01,
    "Hán": 0.01,
    "Thành": 0.01,
    "Thuận": 0.01,
    "Chau": 0.05,
    "Sơn": 0.02,
    "Danh": 0.02,
}

# A read surname is replaced only by a candidate this many times more common than any other with the same key.
DOMINANCE = 10.0

_SHAPE_FREE = str.maketrans("ăâêô", "aaeo")
# A horn read on a capital that has none: Tesseract's `vie` reads the tone over a capital U beside the N after it as
# a horn and a tone ("SÙNG" read "SỪNG" and "SỬNG", three times on the clean pages of set 12600, upright and in
# italics). Only that way: a horn lost in capitals ("TRUONG") may be a name typed without diacritics, and stays.
_HORNLESS = str.maketrans("ươ", "uo")


def capitals_key(word: str) -> str:
    """The letters OCR keeps in capitals: lower case, no tone marks, no circumflex or breve (ư, ơ, đ stay)."""
    return strip_tones(word).lower().translate(_SHAPE_FREE)


def _undouble(key: str) -> str:
    return "".join(ch for i, ch in enumerate(key) if i == 0 or ch != key[i - 1])


def _index() -> dict[str, list[tuple[float, str]]]:
    by_key: dict[str, list[tuple[float, str]]] = {}
    for surname, share in SURNAME_SHARE.items():
        if " " not in surname:
            by_key.setdefault(capitals_key(surname), []).append((share, surname))
    for candidates in by_key.values():
        candidates.sort(reverse=True)
    return by_key


_BY_KEY = _index()
_KNOWN = {nfc(s).lower() for s in SURNAME_SHARE}


def is_known_surname(word: str) -> bool:
    return nfc(word).lower() in _KNOWN


def restore_surname(word: str) -> str | None:
    """The known surname that `word` (a first word read in capitals) must be, or None to keep `word` as read.

    None when `word` is itself a known surname, when no surname has its letters, or when two surnames of similar
    frequency do. OCR sometimes reads a capital's tone as a second vowel (NGUYỀỄN): doubled letters count once; and
    a tone as a horn (`_HORNLESS`): a surname with no horn has letters the reading has with one.
    """
    if not word or is_known_surname(word):
        return None
    key = capitals_key(word)
    candidates = _BY_KEY.get(key) or _BY_KEY.get(_undouble(key)) or _BY_KEY.get(key.translate(_HORNLESS))
    if not candidates:
        return None
    if len(candidates) > 1 and candidates[0][0] < DOMINANCE * candidates[1][0]:
        return None
    surname = candidates[0][1]
    if _unexplained_ink(word, surname):
        return None
    return surname


_DOT_BELOW = "\u0323"
_ABOVE = frozenset(TONE_MARKS.replace(_DOT_BELOW, "") + "\u0302\u0306")  # the four tones above, the hat, the breve


def _unexplained_ink(read: str, surname: str) -> bool:
    """Whether the reading has a mark where the surname has none at all, above or below its letters: ink the page
    check (`pipeline.ocr.marks`) kept there, which that surname would not explain. An injected "PHẢN" and "NGỘ",
    read right, were "restored" to Phan and Ngô on the bench; a hat read as a tone ("LẼ", "LỄ" for LÊ) is
    explained by Lê's hat, and a mark OCR lost ("NGUYÊN", "PHAM") is none read."""
    marks_read, marks_of = set(diacritics(read)), set(diacritics(surname))
    lost_above = bool(marks_read & _ABOVE) and not marks_of & _ABOVE
    lost_below = _DOT_BELOW in marks_read and _DOT_BELOW not in marks_of
    return lost_above or lost_below


_TONED_I = str.maketrans("ìíỉĩịÌÍỈĨỊ", "iiiiiIIIII")


def restore_dotted_i(word: str) -> str | None:
    """The known surname `word` (a first word in small letters) is when a tone read on its i is the i's own dot
    ("Đỉnh", "Định", "Đình" for a printed Đinh: the dot of an i and a small mark over it are a few pixels alike);
    None when `word` is a known surname itself or no known surname has a bare i there."""
    if not word or is_known_surname(word):
        return None
    bare = word.translate(_TONED_I)
    return nfc(bare) if bare != word and is_known_surname(bare) else None


_SINGLE = [(share, nfc(surname)) for surname, share in SURNAME_SHARE.items() if " " not in surname]


def _one_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def restore_one_letter(word: str) -> str | None:
    """The known surname `word` is with one letter misread ("LRẦN" for TRẦN, a stamp's edge over the T; "lguyễn"
    for Nguyễn, the N's first stroke lost on a poor scan; "Đừnh" for Đinh): the surname one letter apart from it,
    marks and all in small letters, and in capitals as `restore_surname` compares them (tones may be lost there),
    when it is DOMINANCE times more common than any other that fits. None when `word` is a known surname or none
    fits. The caller asks only of a word that is no Vietnamese syllable: a clerk's misspelling is one."""
    if len(word) < 2 or is_known_surname(word):
        return None
    capitals = word[1:].isupper()
    read = capitals_key(word) if capitals else nfc(word).lower()
    if capitals and read in _BY_KEY:
        return None  # a surname has its letters, its marks lost in capitals ("THIEU": Thiều, not Triệu, clean, 11300)
    candidates = sorted(
        (share, surname)
        for share, surname in _SINGLE
        if _one_apart(read, capitals_key(surname) if capitals else surname.lower())
    )[::-1]
    if read.startswith("f"):
        # Vietnamese has no F: a first F is a T whose serifs read as a bar ("FẠ" for TẠ, clean, set 12700), where
        # the surnames one letter off (Tạ, Hà, Mã, La) are too alike in frequency for DOMINANCE to choose
        candidates = [c for c in candidates if (capitals_key(c[1]) if capitals else c[1].lower())[:1] == "t"]
    if not candidates or (len(candidates) > 1 and candidates[0][0] < DOMINANCE * candidates[1][0]):
        return None
    surname = candidates[0][1]
    return None if capitals and _unexplained_ink(word, surname) else surname
