"""Turning the OCR text of a value into a typed, normalised, validated value.

Each parser returns the value, whether it is valid, a problem if not, and a factor in 0-1 that scales the OCR
confidence: a value that needed OCR repairs, or that breaks a rule, is less certain than its word confidences say.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from rapidfuzz.distance import Levenshtein

from pipeline.extract.lines import i_read_as_one
from pipeline.extract.model import FieldValue
from pipeline.normalize import (
    NormalizationError,
    check_personal_id,
    clean_id,
    clean_spaces,
    display_name,
    parse_date,
    parse_date_words,
    parse_sex,
    repair_ocr_digits,
)
from pipeline.normalize.dates import MAX_YEAR, PartialDate
from pipeline.normalize.names import (
    canonical_tones,
    ends_with_a_clan,
    part_run_together,
    plausible_syllable,
    restore_stop_tone,
    starts_a_clan,
)
from pipeline.normalize.surnames import is_known_surname, restore_dotted_i, restore_one_letter, restore_surname
from pipeline.normalize.text import TONE_MARKS, TONE_SPLIT, fold


@dataclass(frozen=True)
class Parsed:
    value: FieldValue
    valid: bool
    problem: str | None = None
    factor: float = 1.0


_TOKEN = re.compile(r"[0-9A-Za-z|!]+")


def _repair_digits(text: str) -> str:
    """Digits confused by OCR (O/0, l/1, S/5, B/8) repaired token by token, only where a token is a number."""

    def repair(match: re.Match[str]) -> str:
        return repair_ocr_digits(match.group()) or match.group()

    return _TOKEN.sub(repair, text)


# Marks Vietnamese does not have, for the ones OCR took them for: the Icelandic eth for Đ, a diaeresis for a tilde
# (the ngã tone: "Hoäng" for "Hoãng"), a fraction slash for "/" ("07⁄11⁄2021")
_FOREIGN_MARKS = str.maketrans("ÐðäëïöüÿÄËÏÖÜŸ⁄∕", "ĐđãẽĩõũỹÃẼĨÕŨỸ//")


def _strip_leaders(text: str) -> str:
    """The value without its dotted leaders and edge punctuation, and with OCR's foreign marks made Vietnamese:
    every parser starts here."""
    text = re.sub(r"[.…_]{2,}", " ", text.translate(_FOREIGN_MARKS))
    return clean_spaces(text).strip(" :;,.-–—_|\"'“”‘’`^~")


def _case_repaired(word: str) -> str:
    """A word of a place as OCR cased it: two words run together ("TỉnhBạcLiêu") parted where a small letter meets
    a capital, and a second letter read as a capital ("NÔng") made small again. Place names have neither."""
    cuts = [i for i in range(1, len(word)) if word[i - 1].islower() and word[i].isupper()]
    if cuts:
        parts = [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]
        return " ".join(_case_repaired(part) for part in parts)
    if len(word) >= 3 and word[0].isupper() and word[1].isupper() and word[2:].isalpha() and word[2:].islower():
        return word[0] + word[1:].lower()
    return word


def _title_cased_parted(word: str) -> str:
    """A name's words OCR ran together parted where each starts, a small letter meeting a capital consonant with
    a small letter after it ("PhanHữỮuHọc", clean, set 11500: Phan, HữỮu, Học): words printed with capitals
    first, their spaces lost. Not at a capital vowel ("HữỮu": a vowel read twice, one in capitals), and not at a
    lone capital ("NguyễN": OCR cased a letter wrongly)."""
    cuts = [
        i
        for i in range(2, len(word) - 1)
        if word[i - 1].islower() and word[i].isupper() and word[i + 1].islower() and fold(word[i]) not in _VOWEL_LETTERS
    ]
    if not cuts or not word.isalpha():
        return word
    return " ".join(word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True))


_VOWEL_LETTERS = frozenset("aeiouyAEIOUY")
_HYPHENS = re.compile(r"[-‐‑–]")


def _hyphen_parted(word: str) -> str:
    """Two words of a name a speck between them made one with a hyphen ("Nguyễn-Bảo Vũ", poor, set 11700): parted
    where each side is a Vietnamese syllable with a capital first. Vietnamese names take no hyphen; a foreign one
    ("Jean-Pierre") has parts that are no syllable, and stays."""
    parts = _HYPHENS.split(word)
    if len(parts) < 2 or not all(p[:1].isupper() and p.isalpha() and plausible_syllable(p) for p in parts):
        return word
    return " ".join(parts)


def _apostrophe_restored(text: str) -> str:
    """The Ê Đê and Jrai prefix of a woman's name (H'Bia, H'Hen) with the apostrophe OCR lost put back: a lone "H"
    before a capitalised word ("H Bia"), or an H run together with a consonant ("HHen", "HBIA"). No Vietnamese
    syllable is a lone H or starts with H and a consonant. And a man's Y, a word of its own, parted from the word
    OCR ran it into ("YBƠ" for Y BƠ, clean, set 11100): no Vietnamese syllable starts with Y and a consonant; read
    with a mark as the first of three words or more ("Ÿ Moan Ktia", clean, set 11300), a bare Y: no surname is a
    lone y."""
    words = text.split(" ")
    if len(words) >= 3 and len(words[0]) == 1 and fold(words[0]) in "yY" and words[0] not in "yY":
        words[0] = "Y"
    # a man's name (the Ê Đê Y or the Ba Na A first, or a middle name Văn or the Hmong A) has no woman's H': its H
    # before a consonant is a cluster of his name ("Y Hlưm", clean, set 11400; "Đinh Văn Hmưn", "A Hmưn", 11900)
    man = len(words) >= 2 and (words[0] in ("Y", "A") or any(w.lower() in ("văn", "a") for w in words[1:-1]))
    # nor has a name under a Kinh surname: a Ba Na woman registered as Đinh keeps her name's cluster ("Đinh Hmuih",
    # clean, set 12700, had been made "Đinh H'Muih"); a Jrai woman's H' follows her clan ("Ksor H'Bia")
    kinh = len(words) >= 2 and is_known_surname(words[0]) and not starts_a_clan(words[0])
    out: list[str] = []
    for index, word in enumerate(words):
        # the last word may be the clan closing an Ê Đê name, whose H is its own ("H'BIA HĐƠK", set 12400)
        clan = index == len(words) - 1 and index > 0 and ends_with_a_clan(word)
        if out and out[-1] == "H" and word[:1].isupper():
            out[-1] = f"H'{word}"
        elif (len(word) >= 3 and word[0] == "H" and word[1].isalpha() and fold(word[1]) not in "aeiouy") and not (
            man or kinh or clan
        ):
            out.append(f"H'{word[1:]}")
        elif len(word) >= 3 and word[0] == "Y" and word[1].isupper() and fold(word[1]).lower() not in "aeiouy":
            out += ["Y", word[1:]]
        else:
            out.append(word)
    return " ".join(out)


def _stamp_like(word: str) -> bool:
    """A word of marks with digits rather than a name word with a digit misread in it: as many digits as letters."""
    digits = sum(ch.isdigit() for ch in word)
    return digits > 0 and digits >= sum(ch.isalpha() for ch in word)


def _junk_after_capitals(word: str) -> bool:
    """A word in small letters that is no Vietnamese syllable ("Ằzẽ"), after a name printed in capitals; a name
    word OCR cased wrongly ("Hùng", "HÙNg") is a syllable and stays."""
    letters = word.strip(_NAME_EDGE_MARKS)
    return not letters.isupper() and not plausible_syllable(letters)


# small letters whose capitals are the same shape grown, or a stroke like I: OCR reads such a capital small now
# and then ("Nguyễn Văn ơn", "Lò Văn inh", set 11100), and reads no G, H or T as g, h or t
_SHAPE_OF_CAPITAL = frozenset("ciklopsuvwxyz")


def _junk_after_title_case(word: str) -> bool:
    """A word all in small letters after a name whose words start with a capital, where no word is written all
    small: no Vietnamese syllable ("uc"), or one of two letters that starts with a letter OCR would not read small
    for a capital ("Nguyễn Văn Toàn gà", "Vương Văn DUC. da", poor, set 11100: marks under the leaders read as
    words). A longer syllable ("Lan anh") is more likely a name word cased wrongly than marks."""
    letters = word.strip(_NAME_EDGE_MARKS)
    if not letters.islower():
        return False
    if not plausible_syllable(letters):
        return True
    return len(letters) <= 2 and fold(letters[0]).lower() not in _SHAPE_OF_CAPITAL


_NAME_EDGE_MARKS = ".,;:'\"“”‘’`^~*_-|()"


def _small_run_after_title_case(printed: list[str], started: bool) -> bool:
    """Whether the last of the words read is one of a run of words all in small letters after a word with a capital
    first: two such words or more (`started`: the run's later words were dropped already). OCR reads a name word
    printed with a capital small now and then, one word at a time; two or more together are a signature's or a
    stamp's ink read after the name ("Phạm Thi Thúy c« cà", "Nguyễn Thị Huệ khuya cài", poor, set 12100)."""
    run = 0
    for word in reversed(printed):
        if not word.strip(_NAME_EDGE_MARKS).islower():
            break
        run += 1
    return run < len(printed) and printed[len(printed) - run - 1][:1].isupper() and run >= (1 if started else 2)


def _i_read_as_t(word: str) -> str:
    """A word in capitals with no vowel whose one T inside it, read for an I, makes a syllable ("LTNH" for LINH,
    clean, set 12200: the serifs of an I read as a T's bar); the word as read otherwise. No name word lacks a vowel,
    and such a word would be dropped as a stamp's marks."""
    letters = word.strip(_NAME_EDGE_MARKS)
    if len(letters) < 3 or not letters.isalpha() or not letters.isupper() or not _no_vowel(letters):
        return word
    found = [
        f"{letters[:i]}I{letters[i + 1 :]}"
        for i in range(1, len(letters) - 1)
        if letters[i] == "T" and plausible_syllable(f"{letters[:i]}I{letters[i + 1 :]}")
    ]
    return word.replace(letters, found[0]) if len(found) == 1 else word


def _i_read_as_one(word: str) -> str:
    """A name word read with a 1 for its last letter, an i ("Th1" for Thị, clean, set 12500: its dot below lost),
    where the letters make no syllable alone and do with the i; the word as read otherwise. (Its tone, if any, is
    lost with the dot: the register's second look may put it back.)"""
    letters = word.strip(_NAME_EDGE_MARKS)
    head = letters[:-1]
    if len(letters) < 3 or not head.isalpha() or not i_read_as_one(head, letters[-1]):
        return word
    return word.replace(letters, head + ("I" if head.isupper() else "i"))


def _initial_joined(words: list[str]) -> str:
    """The name's words with a syllable's first consonants, read as a word of their own, joined to the rest ("TRẦN
    VĂN TH UẬN", clean, set 12400; "Đỗ N Gọc Minh Anh", scanned): a word after the first of one or two letters
    and no vowel (no name word has none; a lone H is the Ê Đê H'), where it and the next word make one
    Vietnamese syllable, in the next word's case."""
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        after = words[index + 1] if index + 1 < len(words) else ""
        joined = word + (after.lower() if word.isupper() and not after.isupper() else after)
        if (
            out
            and 1 <= len(word) <= 2
            and word.isalpha()
            and _no_vowel(word)
            and word.upper() != "H"
            and after.isalpha()
            and plausible_syllable(joined)
        ):
            out.append(joined)
            index += 2
            continue
        out.append(word)
        index += 1
    return " ".join(out)


def _no_vowel(word: str) -> bool:
    """A word with no vowel is no syllable of any name ("Hoàng Văn Hiếu Tt": a stamp's edge read after it)."""
    return not any(ch in "aeiouy" for ch in fold(word).lower())


def parse_name(text: str, *, restore: bool = True) -> Parsed:
    """A person's name from OCR text. `restore` False: the page showed the surname's marks as read
    (`Word.marks_seen`), so a tone lost in capitals is not restored from the list of surnames."""
    text = _strip_leaders(text)
    if not text:
        return Parsed(None, False, "no name was read")
    text, led = _without_marks_before(text)
    head, _, tail = text.partition(" ")
    if (mended := _misread_surname(head)) is not None:
        text = f"{mended} {tail}".strip()
    joined = _initial_joined(text.split(" "))
    text, initial_joined = joined, joined != text
    mended_i = " ".join(_i_read_as_t(word) for word in text.split(" "))
    i_for_t, text = mended_i != text, mended_i
    mended_one = " ".join(_i_read_as_one(word) for word in text.split(" "))
    i_for_one, text = mended_one != text, mended_one
    spaced = " ".join(_title_cased_parted(_hyphen_parted(word)) for word in text.split(" "))
    run_together, text = spaced != text, spaced
    try:
        name = display_name(_apostrophe_restored(text))
    except NormalizationError as exc:
        return Parsed(None, False, exc.reason)
    if not name:
        return Parsed(None, False, "no letters of a name were read")
    notes: list[str] = []
    words = name.split(" ")
    if len(words) > 2 and len(words[-1]) == len(words[-2]) == 1 and plausible_syllable(words[-2] + words[-1]):
        # a name's last word parted by a speck read as a stop ("Nguyễn Thị L.y", clean, set 11600), not two marks
        name = " ".join([*words[:-2], words[-2] + words[-1].lower()])
        words = name.split(" ")
    printed = [w for w in text.split(" ") if w]
    aligned = len(printed) == len(words)
    capitals = aligned and all(w.isupper() for w in printed[:2])
    titled = aligned and all(w[:1].isupper() and not w.isupper() for w in printed[:2])
    small_run = False  # dropping a run of words in small letters after a name with capitals first
    while (
        len(words) > 2
        and (
            _stamp_like(words[-1])
            or _no_vowel(words[-1])
            or len(words[-1]) == 1  # a lone letter ends no name ("Đinh Văn Hưng Ạ", poor, set 12200): a mark's ink
            or (capitals and _junk_after_capitals(printed[len(words) - 1]))
            or (titled and _junk_after_title_case(printed[len(words) - 1]))
            or (capitals and printed[len(words) - 2].endswith(".") and not printed[len(words) - 1].isupper())
            or (small_run := titled and _small_run_after_title_case(printed[: len(words)], small_run))
        )
    ):
        # marks after the name that OCR read as a word: mostly digits ("Phan Kim Thắm S2": a stamp's edge past the
        # leaders), or no syllable, in small letters, after a name printed in capitals ("VÕ VĂN TOÀN Ằzẽ") or
        # with capitals first ("Nguyễn Thị Lan uc"), or not in capitals past a full stop after a name in capitals
        # ("KIM SÓC KHA. Nứn", poor, set 11200). A name word with one digit misread in it ("TÙN6") stays, and
        # makes the name invalid: it is read again.
        words.pop()
    trimmed = len(words) < len(name.split(" "))
    if trimmed:
        notes.append("marks read after the name were left out")
    if led:
        notes.append("marks read before the name were left out")
        trimmed = True
    if mended is not None:
        notes.append("a letter of the surname, misread, was restored from the list of surnames")
    if i_for_t:
        notes.append("an I read as a T was put back")
    if initial_joined:
        notes.append("a syllable's first letters, read as a word apart, were joined to it")
    if i_for_one:
        notes.append("an i read as the digit 1 was put back")
    # a speck inside the name read as a word of its own ("NGUYỄN HỒNG 3 LIÊN"): no name word is a lone digit
    inside = [w for w in words if not (len(w) == 1 and w.isdigit())]
    if 2 <= len(inside) < len(words):
        words, trimmed = inside, True
        notes.append("a lone digit inside the name was left out")
    if trimmed:
        name = " ".join(words)
    if any(ch.isdigit() for ch in name):
        return Parsed(name, False, "a name with digits", 0.4)
    once = _read_once(name)
    reread = once != name
    if reread:
        notes.append("a vowel read twice was read once")
        name = once
    parted = _parted(name)
    run_together = run_together or parted != name
    if run_together:
        notes.append("two words OCR ran together were parted")
    first, *rest = parted.split(" ")
    # a Hmong name is surname, A, given name: read as two words, the first may be the surname and the A run together
    hmong = len(rest) == 1 and (alone := _surname_before_a(first)) is not None
    if hmong:
        first, rest = alone, ["A", *rest]
        notes.append("a surname run together with the middle name A was parted")
    # Tesseract's vie drops and changes tones in capitals (NGUYÊN for NGUYỄN): see pipeline.normalize.surnames
    surname = restore_surname(first) if restore and text.split()[0].isupper() and len(first) > 1 else None
    if surname is not None:
        notes.append("surname's tone restored from the list of surnames")
        first = surname
    elif restore and (dotted := restore_dotted_i(first)) is not None:
        # in small letters only this one: other marks a surname lacks are as often printed (an injected "Trân",
        # "Nguyện") as lost by OCR ("Trần" read "Trân"), but no name spells a known surname with a tone on its i
        notes.append("a tone read on the surname's i was its dot")
        first, surname = dotted, dotted
    factor = (0.9 if run_together or reread or hmong or initial_joined else 1.0) * (0.8 if surname is not None else 1.0)
    factor *= 0.8 if trimmed or mended is not None or i_for_t or i_for_one else 1.0
    return Parsed(" ".join([first, *rest]), True, "; ".join(notes) or None, factor)


def _without_marks_before(text: str) -> tuple[str, bool]:
    """The text without the words before a name that start with no capital (a stamp's ink read as "ˆ ˆ 5 tử",
    poor, set 11000), hold a letter Vietnamese has not ("Š NGUYÊN THANH HÀ", poor, set 11100) or no vowel ("TT,
    .Lê Văn Công", poor, set 11300) or, before a name in capitals, are not in capitals ("GNeă« NGUYỄN VĂN SẠNG":
    the land owner's title misread, poor, set 11300), when at least two words with a capital first follow: a name
    starts with one, and a surname OCR read in small letters ("nguyễn") or with a letter misread ("lguyễn") is
    kept. A word is judged by its letters: a mark run into a
    surname ("¿Trần Văn Vinh", poor, set 11200) is the surname's to lose, not the other way round. Whether any was
    left out."""
    words = _first_letter_parted(text.split())
    parted = len(words) < len(text.split())
    start = _after_a_lone_letter(words)
    while (
        start < len(words)
        and (
            not (letters := _from_first_letter(words[start]))[:1].isupper()
            or _foreign(letters)
            or (_no_vowel(letters) and letters != "H")  # a lone H is the Ê Đê prefix H' (`_apostrophe_restored`)
            or (not letters.isupper() and len(words) - start >= 3 and all(w.isupper() for w in words[start + 1 :]))
        )
        and not is_known_surname(letters)
        and _misread_surname(letters) is None
        and sum(w[:1].isupper() for w in words[start + 1 :]) >= 2
    ):
        start += 1
    if start and start < len(words):
        words[start] = _from_first_letter(words[start])  # the marks glued to the name's first word go with the rest
    return (" ".join(words[start:]), True) if start or parted else (text, False)


def _first_letter_parted(words: list[str]) -> list[str]:
    """The words with a surname's first letter, read apart from the rest of it, put back ("NÑ GUYỄN VĂN THIỆN":
    the N read twice, once as a word of its own, clean, set 11900): a first word of one or two letters, no known
    surname itself, whose first letter and the next word make a known surname where that word alone is none."""
    if len(words) < 3:
        return words
    letters = "".join(ch for ch in words[0] if ch.isalpha())
    rest = words[1]
    joined = letters[:1] + (rest.lower() if letters[:1].isupper() and not rest.isupper() else rest)
    if (
        1 <= len(letters) <= 2
        and len(rest) >= 3
        and not is_known_surname(letters)
        and not is_known_surname(rest)
        and is_known_surname(joined)
    ):
        return [joined, *words[2:]]
    return words


def _after_a_lone_letter(words: list[str]) -> int:
    """Where the name starts after ink OCR read as a word of one or two letters before its surname ("Ta É Diệp
    Hữu Định", poor, set 11600; "Ká Đàm Thị Kạnh", "Mà Hỉ La Xuân Anh", poor, 11800): the word after such a word
    that is no known surname itself, when it is a known surname with at least two words after it. A name's lone
    letters are the Ê Đê Y, the Hmong A and the H of H' (`_apostrophe_restored`); one before a surname is none of
    them. 0 when there is no such word."""
    start = 0
    for index in range(min(3, len(words) - 3)):
        letters = "".join(ch for ch in words[index] if ch.isalpha())  # ",..É—`": the marks around it are ink too
        if (
            1 <= len(letters) <= 2
            and letters.upper() not in ("Y", "A", "H")
            and not is_known_surname(letters)
            and is_known_surname(words[index + 1].strip(_NAME_EDGE_MARKS))  # "-Ã -PHẠM HỒNG ANH" (poor, set 12100)
        ):
            start = index + 1
    return start


def _from_first_letter(word: str) -> str:
    """The word from its first letter on ("¿Trần": "Trần")."""
    return next((word[i:] for i, ch in enumerate(word) if ch.isalpha()), "")


# the marks Vietnamese letters carry: the five tones, the hat, the breve and the horn
_VIETNAMESE_MARKS = frozenset(TONE_MARKS + "\u0302\u0306\u031b")


def _foreign(word: str) -> bool:
    """Whether the word has a letter with a mark no Vietnamese letter has (Š's caron, Å's ring)."""
    return any(
        unicodedata.combining(ch) and ch not in _VIETNAMESE_MARKS
        for letter in word
        if letter.isalpha()
        for ch in unicodedata.normalize("NFD", letter)
    )


def _misread_surname(word: str) -> str | None:
    """The known surname a name's first word is with one letter misread ("LRẦN", "lguyễn", "Đừnh"): only a word
    that is no syllable (`surnames.restore_one_letter`), in the word's case."""
    letters = word.strip(_NAME_EDGE_MARKS)
    if not letters or plausible_syllable(letters) or (surname := restore_one_letter(letters)) is None:
        return None
    return surname.upper() if letters.isupper() else surname


def _surname_before_a(word: str) -> str | None:
    """The surname a first word is, run together with the Hmong middle name A after it ("Vừa Lử" for Vừ A Lử,
    scanned and poor, set 10900: a narrow space, and vừa a Vietnamese word): only a word that is no surname and
    ends in an a after one; None otherwise."""
    if len(word) < 3 or word[-1] not in "aA" or is_known_surname(word):
        return None
    return word[:-1] if is_known_surname(word[:-1]) else None


_DOUBLED_VOWEL = re.compile(r"([aăâeêioôơuưy])\1", re.IGNORECASE)


def _read_once(name: str) -> str:
    """The name with a vowel OCR read twice in a word read once, where that makes the word a syllable and it was
    none ("DUUNG" for a printed DUNG, clean, set 10900: the tone Tesseract saw over the U, then dropped for want of
    ink, had been a second U). Read twice with its tone on one of the two ("PHẠAM", "PHAẠM" for PHẠM, clean, set
    11200), the toned one stays. No Vietnamese syllable doubles a vowel but "oo" (xoong), a syllable as it is."""
    words = []
    for word in name.split(" "):
        once = _DOUBLED_VOWEL.sub(r"\1", word, count=1)
        if once == word:
            once = canonical_tones(_toned_twice_once(word))
        words.append(once if once != word and not plausible_syllable(word) and plausible_syllable(once) else word)
    return " ".join(words)


def _toned_twice_once(word: str) -> str:
    """The word with one of two neighbouring vowels of the same letter left out: the bare one, where one is toned
    ("PHẠAM"), or either, where both carry the same tone ("Hữữu")."""
    for i in range(len(word) - 1):
        (a, tone_a), (b, tone_b) = (TONE_SPLIT.get(c, (c, 0)) for c in word[i : i + 2])
        if a.lower() == b.lower() and a.lower() in "aăâeêioôơuưy" and (not tone_a or not tone_b or tone_a == tone_b):
            return word[:i] + (word[i] if tone_a else word[i + 1]) + word[i + 2 :]
    return word


def _parted(name: str) -> str:
    """The name with each word OCR ran together from syllables parted ("Nguyễn Thịxuân": "Nguyễn Thị Xuân")."""
    words = []
    for word in name.split(" "):
        parts = part_run_together(word)
        words += [parts[0], *(p[:1].upper() + p[1:] for p in parts[1:])] if parts else [word]
    return " ".join(words)


_LETTERS = re.compile(r"[^\W\d_]+")


# an i read as the digit 1 inside a word of letters ("G1ang", "Hả1"): a small letter beside it, so that road and
# block codes in capitals ("QL1A", "KP1", "A1") stay as they are
_ONE_FOR_I = re.compile(r"(?<![\w])([^\W\d_]*)1([^\W\d_]*)(?![\w])")


def _one_for_i(match: re.Match[str]) -> str:
    before, after = match.groups()
    if not (before[-1:].islower() or after[:1].islower()):
        return match.group()
    return f"{before}i{after}"


def parse_text(text: str) -> Parsed:
    text = _strip_leaders(text)
    if not text:
        return Parsed(None, False, "nothing was read")
    repaired = _ONE_FOR_I.sub(_one_for_i, text)
    repaired = " ".join(_case_repaired(word) for word in repaired.split(" "))
    # a listed place syllable ending in p/t/c/ch without its tone: OCR lost it ("Âp" for "Ấp"). Text typed
    # without any diacritics ("Hop tac xa") is left alone: there the missing tones are the typist's.
    if not repaired.isascii():
        repaired = _LETTERS.sub(lambda m: restore_stop_tone(m.group()) or m.group(), repaired)
    if repaired != text:
        return Parsed(repaired, True, "a letter or tone OCR misread was repaired", 0.9)
    return Parsed(text, True)


_DIGIT_DATE = re.compile(r"\b(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4})\b")
_WORDED_DATE = re.compile(r"(?i)\b(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b")
# a mark OCR adds after a number before the next date word ("tháng 06: năm 2005", poor, set 11100)
_MARK_BEFORE_DATE_WORD = re.compile(r"(?i)(\d)[:;,.](?=\s+(?:tháng|năm)\b)")


# a slash read as I, l, | or a backslash between the day, month and year of a date in digits
_SLASH_AS_LETTER = re.compile(r"(?<=\b\d\d)[Il|\\](?=\d)|(?<=\b\d)[Il|\\](?=\d)")
# a whole date whose slashes were read as letters ("28i07I2010", italic slashes), or as "!" with a stroke of
# their own ("11/02!12026")
_SLASH = r"(?:[Iil|\\/!]|![1Il])"
_SLASHED_DATE = re.compile(rf"\b(\d{{1,2}}){_SLASH}(\d{{1,2}}){_SLASH}(\d{{4}})\b")
_WORD_COLON = re.compile(r"(?i)\b(ng\w{1,2}y|th\w{1,2}ng|n\w{1,2}m)\s*[:.]")


# the words of a date in digits as OCR garbles their vowels ("thúng 02", "nắm 1979"), before the number they name
_DATE_WORDS = (
    (re.compile(r"(?i)\bng\w{1,3}y(?=\s*\d)"), "ngày"),
    (re.compile(r"(?i)\bth\w{1,3}ng(?=\s*\d)"), "tháng"),
    (re.compile(r"(?i)\bn\w{1,2}m(?=\s*\d)"), "năm"),
)


def _date_words(text: str) -> str:
    for pattern, word in _DATE_WORDS:
        # a space after the word: OCR runs it together with its number now and then ("ngày21")
        text = pattern.sub(f"{word} ", text)
    return _MARK_BEFORE_DATE_WORD.sub(r"\1", clean_spaces(text))


# a day or month that cannot be, its first digit one OCR reads for another: a 0 read as 9, 6 or 8 ("95/06" for
# "05/06", "tháng 87" for "tháng 07"), a 1 read as 7 ("70/06" for "10/06")
_FIRST_DIGIT_FOR = {"9": "0", "6": "0", "8": "0", "7": "1"}


def _first_digit_fixed(number: str, highest: int) -> str:
    """A day (highest 31) or month (12) that cannot be, read with the digit OCR took for its first
    (`_FIRST_DIGIT_FOR`), or a month with a 0 read as 9 or 6 for its second ("tháng 19" for tháng 10, poor, set
    11100: 10 is the one month a 1 starts that such a misreading makes impossible; a day 39 may as well be a 29
    with its 2 misread); a possible one as it is, since it may be right."""
    if len(number) == 2 and int(number) > highest and number[0] in _FIRST_DIGIT_FOR:
        return _FIRST_DIGIT_FOR[number[0]] + number[1]
    if highest == 12 and number in ("16", "19"):
        return "10"
    return number


def _first_digit_repaired(digits: re.Match[str] | None, worded: re.Match[str] | None) -> PartialDate | None:
    """The date found in digits (`_DIGIT_DATE`) or with ngày/tháng/năm (`_WORDED_DATE`, "ngày 68 tháng 69 năm
    1974") once its impossible day or month has its first digit put right; None when there is none to put right,
    or the result is no date either."""
    if digits is not None:
        day, month, year = digits.group(1), digits.group(3), digits.group(5)
    elif worded is not None:
        day, month, year = worded.groups()
    else:
        return None
    fixed_day, fixed_month = _first_digit_fixed(day, 31), _first_digit_fixed(month, 12)
    if (fixed_day, fixed_month) == (day, month):
        return None
    try:
        return PartialDate(int(year), int(fixed_month), int(fixed_day))
    except NormalizationError:
        return None


# A date in digits printed dd/mm/yyyy, one word, with a slash lost ("10/112018") or read as a 1 or 7 beside one
# read as a letter ("07I0211971"): the positions of a two-digit day and month and a four-digit year tell where
# the slashes were. Tried only when nothing else reads; the result stays unsure (read again).
_SLASH_OR_DIGIT = r"[/Il|\\!17]"
_SQUEEZED_DATE = re.compile(rf"(?<![\w/])(\d\d){_SLASH_OR_DIGIT}?(\d\d){_SLASH_OR_DIGIT}?((?:19|20)\d\d)(?![\w/])")
_SQUEEZED_NOTE = "a slash lost or read as a digit was put back"


# a 0 OCR read as the slashed Ø no Vietnamese text has ("tháng Ø1")
_SLASHED_ZERO = str.maketrans("Øø", "00")


def parse_date_value(text: str) -> Parsed:
    text = _date_words(_WORD_COLON.sub(r"\1", _strip_leaders(text.translate(_SLASHED_ZERO))))  # "ngày: 06 tháng"
    if not text:
        return Parsed(None, False, "no date was read")
    try:
        date = parse_date(text)
    except NormalizationError as exc:
        # OCR often adds a stray mark after a date ("16/04/1998 ị"), or reads a slash as a letter ("15/03I1947"):
        # a date in the text is still a date.
        slashed = _SLASH_AS_LETTER.sub("/", _SLASHED_DATE.sub(r"\1/\2/\3", text))
        digits = _DIGIT_DATE.search(slashed)
        worded = _WORDED_DATE.search(text)
        fixed = _first_digit_repaired(digits, worded)
        if fixed is not None:
            return _not_future(Parsed(fixed.iso(), True, "a misread digit of the day or month was repaired", 0.7))
        past = _year_beyond_range_repaired(digits or worded)
        if past is not None:
            return Parsed(past.iso(), True, _ZERO_IN_YEAR, 0.6)
        squeezed = _SQUEEZED_DATE.search(text) if digits is None else None
        if squeezed is not None:
            try:
                repaired = PartialDate(int(squeezed[3]), int(squeezed[2]), int(squeezed[1])).iso()
            except NormalizationError:
                pass
            else:
                return _not_future(Parsed(repaired, True, _SQUEEZED_NOTE, 0.7))
        found = digits or worded
        if found is None or found.group() == text:
            return Parsed(None, False, exc.reason)
        try:
            return _not_future(Parsed(parse_date(found.group()).iso(), True, None, 0.85))
        except NormalizationError:
            return Parsed(None, False, exc.reason)
    repaired = any(ch.isalpha() for ch in re.sub(r"(?i)ng[aà]y|th[aá]ng|n[aă]m|[,.:/-]", "", text))
    return _not_future(Parsed(date.iso(), True, None, 0.9 if repaired else 1.0))


def _not_future(parsed: Parsed) -> Parsed:
    """Every date a register holds (a birth, a death, a registration, an issue) has happened: one after today is a
    misread digit (2066 for 2006). Where one 0 of the year read as 6 or 9 (italic zeros) explains it, the year is
    repaired, unsure, so the second pass still reads it again; otherwise the date is invalid, to be read again."""
    if not (parsed.valid and isinstance(parsed.value, str) and parsed.value > date.today().isoformat()):
        return parsed
    # only a year to come is a misread year: a day later this year (27/11 when today is 26/11) is another misreading
    year = _past_year(int(parsed.value[:4])) if int(parsed.value[:4]) > date.today().year else None
    if year is not None:
        repaired = f"{year}{parsed.value[4:]}"
        try:
            PartialDate.from_iso(repaired)  # 29/02/2096 is no 2006-02-29
        except (NormalizationError, ValueError):
            pass
        else:
            return Parsed(repaired, True, _ZERO_IN_YEAR, 0.6 * parsed.factor)
    return Parsed(parsed.value, False, "the date is in the future", 0.5 * parsed.factor)


_ZERO_IN_YEAR = "a year to come, with a 0 read as 6 or 9, was repaired"


def _year_beyond_range_repaired(found: re.Match[str] | None) -> PartialDate | None:
    """The date found in digits or with ngày/tháng/năm whose year is beyond any the calendar takes ("16/04/2925",
    "14/02/2612": a 0 read as 9 or 6, six times on six sets of 300-1000 documents), with that year read as the one
    year not after this one that a single 0 makes of it (`_past_year`); None otherwise."""
    if found is None:
        return None
    day, month, year = (found.group(1), found.group(3), found.group(5)) if found.lastindex == 5 else found.groups()
    if int(year) <= MAX_YEAR:
        return None
    past = _past_year(int(year))
    if past is None:
        return None
    try:
        return PartialDate(past, int(_first_digit_fixed(month, 12)), int(_first_digit_fixed(day, 31)))
    except NormalizationError:
        return None


def _past_year(year: int) -> int | None:
    """The one year not after this one that `year` becomes with the fewest of its 6s and 9s read as the 0s they
    were (one, else two: "2992" for 2002, clean, set 11100); None when there is none, or more than one."""
    text = str(year)
    places = [i for i, ch in enumerate(text) if ch in "69" and i > 0]
    for count in (1, 2):
        candidates = {
            int("".join("0" if i in chosen else ch for i, ch in enumerate(text)))
            for chosen in combinations(places, count)
        }
        past = [c for c in candidates if c <= date.today().year]
        if past:
            return past[0] if len(past) == 1 else None
    return None


def parse_date_words_value(text: str) -> Parsed:
    text = _strip_leaders(text)
    if not text:
        return Parsed(None, False, "no date in words was read")
    try:
        # a misread number word makes another date as easily as a misread digit ("tăm" for "lăm": 2028, not 2025)
        return _not_future(Parsed(parse_date_words(text).iso(), True))
    except NormalizationError as exc:
        return Parsed(None, False, exc.reason)


_DEATH_DAY = re.compile(r"(?i)\bng\w{1,2}y\b")  # "ngày", and OCR's "ngầy", "ngay"


def parse_death_time(text: str) -> Parsed:
    """'14 giờ 30 phút, ngày 05/06/2019': the date after 'ngày'; the hour is kept in the raw text only."""
    text = _strip_leaders(text)
    days = list(_DEATH_DAY.finditer(text))
    tail = text[days[-1].end() :] if days else text
    return parse_date_value(tail)


def parse_sex_value(text: str) -> Parsed:
    text = _strip_leaders(text)
    if not text:
        return Parsed(None, False, "no sex was read")
    for candidate in (text, text.split(" ")[0]):
        try:
            return Parsed(parse_sex(candidate), True)
        except NormalizationError:
            continue
    return Parsed(None, False, "not Nam or Nữ")


_ID_RUN = re.compile(r"(?<!\d)\d{12}(?!\d)")


def parse_personal_id(text: str) -> Parsed:
    digits_text = re.sub(r"[\s.\-]", "", _strip_leaders(text))
    if not digits_text:
        return Parsed(None, False, "no personal ID was read")
    try:
        value = clean_id(digits_text)
    except NormalizationError as exc:
        # twelve digits standing among marks a crop's margin took in ("(014152607121. Ó,"): the ID, if valid
        runs = _ID_RUN.findall(_strip_leaders(text))
        if len(runs) != 1:
            return Parsed(None, False, exc.reason)
        parsed = parse_personal_id(runs[0])
        return Parsed(parsed.value, parsed.valid, parsed.problem or "read from among other marks", 0.8 * parsed.factor)
    factor = 1.0 if digits_text.isdigit() else 0.85
    check = check_personal_id(value)
    if check.kind == "cmnd":
        return Parsed(value, True, None, factor)
    if check.kind != "cccd":
        return Parsed(value, False, check.problems[0] if check.problems else "not a personal ID", 0.3)
    if check.problems:
        if value[0] != "0":
            # every province code starts with 0 (001-096): a first digit read 9, 6 or 8 can only have been a 0
            repaired = parse_personal_id("0" + value[1:])
            if repaired.valid:
                return Parsed(repaired.value, True, "the leading 0 was misread", 0.7 * factor)
        return Parsed(value, False, "; ".join(check.problems), 0.5 * factor)
    born = _born(check.century_start, check.birth_year_suffix)
    if born is not None and not date.today().year - MAX_AGE <= born <= date.today().year:
        # the scheme's 4th digit covers births from 1800 to 2299, but no one alive was born in 1899, and no ID is
        # issued for a birth to come: a misread digit (a 0 read as 9)
        return Parsed(value, False, f"digits 4-6 ({value[3:6]}) mean born in {born}: no one alive", 0.5 * factor)
    return Parsed(value, True, None, factor)


MAX_AGE = 120


def _born(century: int | None, suffix: str | None) -> int | None:
    return century + int(suffix) if century is not None and suffix and suffix.isdigit() else None


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|21\d\d)\b")


def parse_year(text: str) -> Parsed:
    repaired = _repair_digits(_strip_leaders(text))
    match = _YEAR.search(repaired)
    if match is None:
        return Parsed(None, False, "no four-digit year was read")
    factor = 1.0 if repaired == _strip_leaders(text) else 0.9
    if int(match.group(1)) > date.today().year:
        past = _past_year(int(match.group(1)))
        if past is not None:
            return Parsed(past, True, _ZERO_IN_YEAR, 0.6 * factor)
        return Parsed(int(match.group(1)), False, "the year is in the future", 0.5 * factor)
    return Parsed(int(match.group(1)), True, None, factor)


# a number standing alone, perhaps with the punctuation that ends a value
_INT_TOKEN = re.compile(r"(\d+)[.,;:]*")


def parse_int(text: str) -> Parsed:
    """A whole number standing alone. Digits run together with other marks ("3]" for an italic "37" read upright)
    are a number OCR damaged: its digits are kept as the value, but it is not valid, so it is read again."""
    repaired = _repair_digits(_strip_leaders(text))
    # words before the number are what OCR left of its label ("số 40")
    tokens = [t for t in repaired.split() if any(ch.isdigit() for ch in t)]
    match = _INT_TOKEN.fullmatch(tokens[0]) if tokens else None
    if match is not None:
        return Parsed(int(match.group(1)), True)
    digits = re.search(r"\d+", repaired)
    if digits is None:
        return Parsed(None, False, "no number was read")
    return Parsed(int(digits.group()), False, "the number is run together with other marks", 0.5)


_AREA = re.compile(r"(\d{1,3}(?:[.\s]\d{3})+|\d+)(?:[,;](\d+))?")  # OCR reads a comma as ";" now and then


def parse_area(text: str) -> Parsed:
    """Vietnamese numbers: a decimal comma and a dot (or space) between thousands: '1.250,5 m²' is 1250.5."""
    cleaned = _repair_digits(_strip_leaders(text).replace("m²", " ").replace("m2", " "))
    match = _AREA.search(cleaned)
    if match is None:
        return Parsed(None, False, "no area was read")
    whole, decimals = re.sub(r"[.\s]", "", match.group(1)), match.group(2)
    if decimals and len(decimals) == 3 and whole == match.group(1) and len(whole) <= 3:
        # "5,293": areas are given to a tenth or a hundredth of a square metre, so three digits after a comma are
        # thousands whose dot OCR read as a comma (5.293 m²), not a thousandth
        return Parsed(float(whole + decimals), True, "a comma read between thousands", 0.8)
    value = float(f"{whole}.{decimals}" if decimals else whole)
    if value <= 0:
        return Parsed(value, False, "the area is not positive", 0.5)
    if not decimals and cleaned[match.end() :].lstrip().startswith((",", ";")):
        # "5.016, m2": the decimal comma was read and its digits were not
        return Parsed(value, False, "the digits after the decimal comma were not read", 0.5)
    return Parsed(value, True)


# two letters, six digits; a quote or speck OCR reads between them ('VY "734273') is no part of it. OCR also reads
# the bold capitals of a serial printed under the title with a letter too many ("NÑS", "YVL") or a C as "©".
_SERIAL = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,3}|©[^\W\d_]{1,2})\s?[\"'`‘’“”]?([0-9OoIlSBZ]{6})\b")
SERIAL_LETTERS = frozenset("ABCDĐEFGHIJKLMNOPQRSTUVWXYZ")


def parse_serial(text: str) -> Parsed:
    match = _SERIAL.search(_strip_leaders(text))
    if match is None:
        return Parsed(None, False, "no serial number (two letters, six digits) was read")
    digits = repair_ocr_digits(match.group(2)) or ""
    if not digits.isdigit():
        return Parsed(None, False, "the serial number's digits are unreadable")
    # a bold C read as ©; a Y read as "YV" (its arms taken for a V of their own: "YVL" for YL, "YVA" for YA)
    read = match.group(1).replace("©", "C")
    if len(read) == 3 and read.startswith("YV"):
        read = "Y" + read[2]
    letters = "".join(ch for ch in read if ch in SERIAL_LETTERS)  # the capitals, a small junk letter left out
    if len(letters) != 2:
        letters = "".join(ch for ch in read.upper() if ch in SERIAL_LETTERS)
    factor = 1.0 if digits == match.group(2) else 0.85
    if len(letters) != 2:
        return Parsed(f"{read.upper()} {digits}", False, "the serial's letters are not two capitals", 0.5 * factor)
    if letters != match.group(1):
        factor *= 0.8  # a letter OCR added or misread was dropped or mapped
    return Parsed(f"{letters} {digits}", True, None, factor)


_REGISTER = re.compile(r"^[0-9OoIlSB]{1,6}(?:/[0-9OoIlSB]{2,4})?$")


def parse_register_number(text: str) -> Parsed:
    """A register entry number as printed beside `Số:`: digits, perhaps with a year ("123", "45/2015")."""
    tokens = _strip_leaders(text).split()
    if not tokens:
        return Parsed(None, False, "no number was read")
    token = tokens[0].strip(".,;:_|")
    if not _REGISTER.match(token):
        return Parsed(None, False, "not a register number")
    repaired = "/".join(repair_ocr_digits(part) or part for part in token.split("/"))
    valid = all(part.isdigit() for part in repaired.split("/"))
    return Parsed(
        repaired if valid else None,
        valid,
        None if valid else "not a register number",
        1.0 if repaired == token else 0.85,
    )


PARSERS: dict[str, Callable[[str], Parsed]] = {
    "register": parse_register_number,
    "name": parse_name,
    "text": parse_text,
    "date": parse_date_value,
    "date_words": parse_date_words_value,
    "death_time": parse_death_time,
    "sex": parse_sex_value,
    "personal_id": parse_personal_id,
    "year": parse_year,
    "int": parse_int,
    "area": parse_area,
    "serial": parse_serial,
}


def snap_to_choice(value: str, choices: list[str]) -> str | None:
    """The allowed value `value` was meant to be, when OCR changed a letter or two of it ("Đất trông cây hàng năm
    khác"); None when it is already one, or is near none of them, or as near two of them."""
    if not choices or value in choices:
        return None
    scored = sorted((Levenshtein.distance(value.lower(), c.lower()), c) for c in choices)
    best, choice = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else best + 99
    if best <= max(2, len(choice) // 8) and runner_up - best >= 2:
        return choice
    return None
