"""Text primitives shared by every normalizer: Unicode form, whitespace, diacritic folding, OCR digits.

Vietnamese text reaches the pipeline with every encoding accident there is: precomposed (NFC) letters from
modern keyboards, decomposed (NFD) ones from macOS file names and some OCR engines, the Icelandic "Ð" that
legacy VNI/TCVN3 converters emit instead of "Đ", non-breaking and zero-width spaces pasted from Word. The
functions here make those variants compare equal so that no caller has to know which one it received.

`fold` runs on every name of a population import, so all tables are built once at import time and the hot
paths are a single `str.translate` plus a split/join.
"""

from __future__ import annotations

import re
import unicodedata


class NormalizationError(ValueError):
    """A value could not be normalized; `reason` says why in one sentence a clerk can act on.

    It subclasses ValueError so that callers already guarding conversions with `except ValueError` keep
    working, and it is the only exception the normalizers raise so that callers need a single handler.
    """

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The five Vietnamese tone marks as combining characters, in the order of the tone numbers 1..5
# (huyền, sắc, hỏi, ngã, nặng). Tone 0 (ngang) has no mark.
TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"

# Every vowel letter that can carry a tone, with its shape mark (ă â ê ô ơ ư) already applied.
TONE_BEARING_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"


def _build_tone_tables() -> tuple[dict[str, tuple[str, int]], dict[tuple[str, int], str]]:
    split: dict[str, tuple[str, int]] = {}
    join: dict[tuple[str, int], str] = {}
    for base in TONE_BEARING_VOWELS:
        join[(base, 0)] = base
        for tone, mark in enumerate(TONE_MARKS, start=1):
            toned = unicodedata.normalize("NFC", base + mark)
            # All 120 Vietnamese toned vowels exist precomposed; a failure here means a broken Unicode table.
            assert len(toned) == 1, (base, mark)
            split[toned] = (base, tone)
            join[(base, tone)] = toned
    return split, join


# TONE_SPLIT: "ệ" -> ("ê", 5); TONE_JOIN: ("ê", 5) -> "ệ". Shared with names.canonical_tones.
TONE_SPLIT, TONE_JOIN = _build_tone_tables()

# Characters that are not whitespace for str.split() but still separate or pad words in pasted text.
_ZERO_WIDTH = {0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None}


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha():
            table[cp] = base.lower()
    # Đ has no Unicode decomposition, and Ð/ð (eth) is what legacy Vietnamese encodings decode Đ/đ into.
    for ch in "đĐðÐ":
        table[ord(ch)] = "d"
    # Decomposed input: dropping the combining marks leaves exactly the base letters.
    for cp in range(0x0300, 0x0370):
        table[cp] = None
    table.update(_ZERO_WIDTH)
    return table


_FOLD_TABLE = _build_fold_table()
_STRIP_TONES_TABLE = {ord(toned): base for toned, (base, _tone) in TONE_SPLIT.items()}
_TONE_MARK_SET = frozenset(TONE_MARKS)
# A tone mark NFC could not absorb into its vowel (two marks on one vowel, a mark after a mark).
_STRAY_TONE_RE = re.compile(f"[{TONE_MARKS}]")
# After NFD a vowel is followed by its shape mark and tone mark in canonical order.
_DECOMPOSED_VOWEL_RE = re.compile(r"([aeiouyAEIOUY])([\u0300-\u036f]+)")


def nfc(s: str) -> str:
    """The canonical composed form, so that composed and decomposed spellings of a letter compare equal."""
    return unicodedata.normalize("NFC", s)


def clean_spaces(s: str) -> str:
    """Collapse every run of whitespace (tabs, newlines, NBSP, ...) to one space and strip the ends.

    Zero-width spaces are dropped outright: they are invisible in the source document, so they must not
    split a word in two.
    """
    return " ".join(s.translate(_ZERO_WIDTH).split())


def fold(s: str) -> str:
    """Diacritic-free, lower-cased, whitespace-collapsed form: "Nguyễn  Thị Ánh" -> "nguyen thi anh".

    It is the blocking key of record linkage, where a clerk typing without an IME ("Nguyen") must meet the
    scanned "NGUYỄN", so every Vietnamese letter maps to its base ASCII letter (đ -> d, ư -> u, ...), composed
    or decomposed. Characters that are not Latin letters pass through lower-cased.
    """
    if s.isascii():
        return " ".join(s.lower().split())
    return " ".join(s.translate(_FOLD_TABLE).lower().split())


def diacritics(s: str) -> str:
    """The combining marks of `s`, decomposed, in order: "Nguyễn" -> circumflex, tilde. (đ has none: its bar is
    part of the letter.)"""
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.combining(c))


def _drop_tone_marks(match: re.Match[str]) -> str:
    return match.group(1) + "".join(c for c in match.group(2) if c not in _TONE_MARK_SET)


def strip_tones(s: str) -> str:
    """Remove the five tone marks but keep the vowel shapes and đ: "Nguyễn Thủy" -> "Nguyên Thuy".

    Shapes distinguish different letters (o, ô, ơ), tones are what OCR and hurried typists lose most, so a
    tone-free comparison is a useful middle ground between exact and folded matching. A tilde on a consonant
    (the ñ of the Ê Đê clan name Êñuôl) is not a tone and is kept. Returns NFC.
    """
    s = nfc(s)
    if s.isascii():
        return s
    s = s.translate(_STRIP_TONES_TABLE)
    if _STRAY_TONE_RE.search(s) is None:
        return s
    return nfc(_DECOMPOSED_VOWEL_RE.sub(_drop_tone_marks, unicodedata.normalize("NFD", s)))


# OCR confusions between letters and digits that are safe to undo inside an otherwise numeric token:
#   0 <- O o Q D      1 <- l I i | !      2 <- Z z      5 <- S s      6 <- G b      8 <- B      9 <- g
# Lower-case "q" and "a" are left alone (they read as 9 and as "a" equally often), and so is "T" (7 or T).
# Full-width digits from East Asian IMEs are ordinary digits in another code range, not confusions.
_OCR_DIGITS = str.maketrans(
    {
        **dict.fromkeys("OoQDøØ", "0"),  # ø: a 0 with a stroke of grain through it
        **dict.fromkeys("lIi|!", "1"),
        **dict.fromkeys("Zz", "2"),
        **dict.fromkeys("Ss", "5"),
        **dict.fromkeys("Gb", "6"),
        "B": "8",
        "g": "9",
        **{chr(0xFF10 + d): str(d) for d in range(10)},
    }
)
_TRUE_DIGITS = frozenset("0123456789" + "".join(chr(0xFF10 + d) for d in range(10)))


def repair_ocr_digits(token: str) -> str | None:
    """The ASCII digits an OCR'd numeric token stands for, or None when the token is not a number.

    A letter is only read as a digit when the token is otherwise digits and the digits outnumber or equal
    the confusable letters ("l5" -> "15", "199O" -> "1990"): a token made mostly of letters ("Bình", "SO")
    is a word, and guessing digits out of it would invent data.
    """
    if token.isascii() and token.isdigit():
        return token
    repaired = token.translate(_OCR_DIGITS)
    if not (repaired.isascii() and repaired.isdigit()):
        return None
    real = sum(1 for c in token if c in _TRUE_DIGITS)
    if real == 0 or len(token) - real > real:
        return None
    return repaired
