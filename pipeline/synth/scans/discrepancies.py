"""The discrepancies a generated document can carry against the database, as pure value transformations.

Each function takes a database value and returns the value the document prints instead, with a `detail` naming how
it was changed, or None when the change does not apply to that value (a year-only date cannot have its day and month
swapped). The issue codes are those of the mismatch report.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from pipeline.normalize import (
    PartialDate,
    canonical_tones,
    check_personal_id,
    display_name,
    fold,
    names_equal,
    nfc,
    split_name,
)
from pipeline.normalize.names import plausible_syllable
from pipeline.normalize.text import TONE_JOIN, TONE_SPLIT

ID_MISMATCH = "ID_MISMATCH"
ID_INVALID = "ID_INVALID"
NAME_DIACRITICS = "NAME_DIACRITICS"
NAME_MISMATCH = "NAME_MISMATCH"
DOB_MISMATCH = "DOB_MISMATCH"
SEX_MISMATCH = "SEX_MISMATCH"
PARENT_MISMATCH = "PARENT_MISMATCH"
DEATH_NOT_RECORDED = "DEATH_NOT_RECORDED"
NOT_FOUND = "NOT_FOUND"
DUPLICATE_RECORD = "DUPLICATE_RECORD"

ALL_CODES = (
    ID_MISMATCH,
    ID_INVALID,
    NAME_DIACRITICS,
    NAME_MISMATCH,
    DOB_MISMATCH,
    SEX_MISMATCH,
    PARENT_MISMATCH,
    DEATH_NOT_RECORDED,
    NOT_FOUND,
    DUPLICATE_RECORD,
)

# Which codes each document type can carry, with their relative weights.
CODE_WEIGHTS: dict[str, dict[str, float]] = {
    "birth": {
        ID_MISMATCH: 10,
        ID_INVALID: 6,
        NAME_DIACRITICS: 14,
        NAME_MISMATCH: 10,
        DOB_MISMATCH: 10,
        SEX_MISMATCH: 5,
        PARENT_MISMATCH: 10,
        NOT_FOUND: 6,
        DUPLICATE_RECORD: 6,
    },
    "death": {
        ID_MISMATCH: 8,
        ID_INVALID: 5,
        NAME_DIACRITICS: 12,
        NAME_MISMATCH: 8,
        DOB_MISMATCH: 8,
        SEX_MISMATCH: 4,
        DEATH_NOT_RECORDED: 25,
        NOT_FOUND: 6,
    },
    "marriage": {
        ID_MISMATCH: 10,
        ID_INVALID: 6,
        NAME_DIACRITICS: 14,
        NAME_MISMATCH: 10,
        DOB_MISMATCH: 10,
        NOT_FOUND: 5,
    },
    "land": {ID_MISMATCH: 10, ID_INVALID: 6, NAME_DIACRITICS: 14, NAME_MISMATCH: 10, NOT_FOUND: 6},
}
# Codes that are a document's only discrepancy.
EXCLUSIVE_CODES = frozenset({NOT_FOUND, DUPLICATE_RECORD})
# Codes that change the same value cannot be combined on one person.
SAME_VALUE = (
    frozenset({ID_MISMATCH, ID_INVALID}),
    frozenset({NAME_DIACRITICS, NAME_MISMATCH}),
    frozenset({SEX_MISMATCH, ID_INVALID}),  # a wrong sex digit would silently agree with a flipped sex
)


def compatible(codes: list[str], new: str) -> bool:
    if new in codes:
        return False
    if codes and (new in EXCLUSIVE_CODES or any(c in EXCLUSIVE_CODES for c in codes)):
        return False
    return not any(new in group and any(c in group for c in codes) for group in SAME_VALUE)


# --- names ---------------------------------------------------------------------------------------------------------

_SHAPES = {
    "a": "ăâ",
    "ă": "aâ",
    "â": "aă",
    "e": "ê",
    "ê": "e",
    "o": "ôơ",
    "ô": "oơ",
    "ơ": "oô",
    "u": "ư",
    "ư": "u",
}
# Changed names stay pronounceable (`plausible_syllable`): "Đức" may become "Đúc" but never "Đừc" (a stop final
# takes only the sắc or nặng tone), and "Khánh" never "Khấnh" (nh and ch follow only a, ê, i, y, oa, uê, uy): a
# clerk's keyboard writes syllables, and a spelling that is none is OCR's, which extraction may repair.


def _acceptable(old: str, new: str) -> bool:
    # Minority-language syllables (Kdăm, Mlô) are not Vietnamese syllables to begin with: any change is kept.
    return plausible_syllable(new) or not plausible_syllable(old)


def _split_tone(ch: str) -> tuple[str, int]:
    """("ê", 5) for "ệ"; the letter itself with tone 0 for a toneless vowel or a consonant."""
    return TONE_SPLIT.get(ch, (ch, 0))


def _retone(syllable: str, rng: random.Random) -> str | None:
    """The syllable with its tone changed (or added or removed), the mark kept on the same vowel."""
    toned = [(i, *_split_tone(ch)) for i, ch in enumerate(syllable) if _split_tone(ch)[1]]
    if toned:
        i, base, tone = toned[0]
        new_tone = rng.choice([t for t in range(6) if t != tone])
        return syllable[:i] + TONE_JOIN[(base, new_tone)] + syllable[i + 1 :]
    vowels = [i for i, ch in enumerate(syllable) if (ch, 1) in TONE_JOIN]
    if not vowels:
        return None
    i = vowels[rng.randrange(len(vowels))]
    # Wherever the mark was put, it goes where Vietnamese spelling puts it ("Hương" -> "Hưởng", not "Hửơng").
    return canonical_tones(syllable[:i] + TONE_JOIN[(syllable[i], rng.randint(1, 5))] + syllable[i + 1 :])


def _reshape(syllable: str, rng: random.Random) -> str | None:
    """The syllable with one vowel's shape changed (a/ă/â, e/ê, o/ô/ơ, u/ư), its tone kept."""
    options = []
    for i, ch in enumerate(syllable):
        base, tone = _split_tone(ch)
        lower = base.lower()
        for other in _SHAPES.get(lower, ""):
            shaped = other.upper() if base.isupper() else other
            options.append(syllable[:i] + TONE_JOIN[(shaped, tone)] + syllable[i + 1 :])
    return rng.choice(options) if options else None


def _strip_marks(syllable: str, _rng: random.Random) -> str | None:
    """The syllable written without any diacritic ("Hương" -> "Huong"), as an IME-less clerk would type it."""
    # fold lower-cases; restore the original capitalisation letter by letter.
    bare = "".join(b.upper() if o.isupper() else b for b, o in zip(fold(syllable), syllable, strict=False))
    return bare if len(bare) == len(syllable) and bare != syllable else None


def diacritic_variant(name: str, rng: random.Random) -> tuple[str, str] | None:
    """The name with one syllable's diacritics changed: a tone, a vowel shape, or all marks dropped.

    Never a mere change of tone placement or capitals: the result differs from `name` under `names_equal` while
    its diacritic-free form is the same. Returns (new name, detail) or None.
    """
    words = name.split(" ")
    # The given name most often, as registers mostly disagree there; any syllable otherwise. One-letter words are
    # the Ê Đê gender prefix Y, not a syllable to misspell.
    order = [len(words) - 1, *rng.sample(range(len(words) - 1), len(words) - 1)] if len(words) > 1 else [0]
    if rng.random() < 0.35:
        rng.shuffle(order)
    order = [i for i in order if len(words[i]) > 1]
    changes = [("tone_changed", _retone), ("vowel_shape_changed", _reshape), ("diacritics_dropped", _strip_marks)]
    for index in order:
        word = words[index]
        for detail, change in rng.sample(changes, len(changes)):
            new_word = change(word, rng)
            if new_word is None or not _acceptable(word, new_word):
                continue
            candidate = nfc(" ".join([*words[:index], new_word, *words[index + 1 :]]))
            if fold(candidate) == fold(name) and not names_equal(candidate, name):
                return candidate, detail
    return None


_CONSONANT_SWAPS = {
    "n": "m",
    "m": "n",
    "t": "l",
    "l": "t",
    "h": "k",
    "c": "g",
    "g": "c",
    "d": "r",
    "đ": "t",
    "v": "b",
    "b": "v",
    "s": "x",
    "x": "s",
    "r": "d",
    "p": "b",
    "k": "h",
    "y": "i",
    "i": "y",
}
_OTHER_MIDDLES = {
    "M": ("Văn", "Đình", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Công", "Thành", "Ngọc"),
    "F": ("Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Bích", "Thùy", "Mai", "Phương"),
}


def _swap_letter(word: str, rng: random.Random) -> str | None:
    positions = [i for i, ch in enumerate(word) if ch.lower() in _CONSONANT_SWAPS]
    for i in rng.sample(positions, len(positions)):
        ch = word[i]
        new = _CONSONANT_SWAPS[ch.lower()]
        candidate = word[:i] + (new.upper() if ch.isupper() else new) + word[i + 1 :]
        if _acceptable(word, candidate):
            return candidate
    return None


def misspelled_name(name: str, sex: str, rng: random.Random) -> tuple[str, str] | None:
    """The name with a letter misspelled, or its middle name dropped or changed. Returns (new name, detail).

    The result differs from `name` even without diacritics, so it is not a NAME_DIACRITICS case.
    """
    parts = split_name(name)
    words = name.split(" ")
    ways = ["letter_changed", "letter_changed"]
    if parts.middle and parts.surname and name.startswith(parts.surname):
        ways += ["middle_dropped", "middle_changed"]
    for way in rng.sample(ways, len(ways)):
        if way == "middle_dropped":
            candidate = f"{parts.surname} {parts.given}"
        elif way == "middle_changed":
            choices = [m for m in _OTHER_MIDDLES.get(sex, _OTHER_MIDDLES["M"]) if fold(m) != fold(parts.middle)]
            candidate = f"{parts.surname} {rng.choice(choices)} {parts.given}"
        else:
            index = len(words) - 1 if rng.random() < 0.6 else rng.randrange(len(words))
            new_word = _swap_letter(words[index], rng)
            if new_word is None:
                continue
            candidate = " ".join([*words[:index], new_word, *words[index + 1 :]])
        candidate = display_name(candidate)
        if fold(candidate) != fold(name):
            return candidate, way
    return None


# --- personal IDs --------------------------------------------------------------------------------------------------


def mismatched_id(personal_id: str, rng: random.Random) -> tuple[str, str]:
    """Another valid-looking ID: one or two of the last six digits (the serial) changed."""
    digits = list(personal_id)
    count = 1 if rng.random() < 0.6 else 2
    for i in rng.sample(range(6, 12), count):
        digits[i] = rng.choice([d for d in "0123456789" if d != digits[i]])
    return "".join(digits), f"{count}_serial_digits_changed"


_SEX_FLIP = {"0": "1", "1": "0", "2": "3", "3": "2", "4": "5", "5": "4", "6": "7", "7": "6", "8": "9", "9": "8"}
_CENTURY_SHIFT = {"0": "2", "1": "3", "2": "0", "3": "1"}


def invalid_id(personal_id: str, sex: str, birth_year: int, rng: random.Random) -> tuple[str, str]:
    """An ID that fails the structure check against the person: 11 digits, or a wrong sex or century digit."""
    way = rng.choice(("eleven_digits", "sex_digit", "century_digit"))
    if way == "eleven_digits":
        i = rng.randrange(3, 12)
        return personal_id[:i] + personal_id[i + 1 :], way
    digit4 = personal_id[3]
    new = _SEX_FLIP[digit4] if way == "sex_digit" else _CENTURY_SHIFT.get(digit4, _SEX_FLIP[digit4])
    candidate = personal_id[:3] + new + personal_id[4:]
    assert not check_personal_id(candidate, sex=sex, birth_year=birth_year).ok
    return candidate, way


# --- dates ---------------------------------------------------------------------------------------------------------


def shifted_date(iso: str, rng: random.Random) -> tuple[str, str] | None:
    """Day and month swapped (when both are 12 or less and differ), or the day one off. Full dates only."""
    d = PartialDate.from_iso(iso)
    full = d.to_date()
    if full is None:
        return None
    if full.day <= 12 and full.day != full.month and rng.random() < 0.6:
        return date(full.year, full.day, full.month).isoformat(), "day_month_swapped"
    step = rng.choice((-1, 1))
    shifted = full + timedelta(days=step)
    if shifted.year != full.year:
        shifted = full - timedelta(days=step)
    return shifted.isoformat(), "day_off_by_one"
