"""Settling a name two OCR models read differently, syllable by syllable, with the register's spelling counts.

Pure functions on word texts; the second pass (`pipeline.extract.reread`) gets the second model's reading and puts
the result back into the page's words. See `pipeline.normalize.name_lexicon` for why and what was measured.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pipeline.normalize.name_lexicon import MIN_KNOWN, NameLexicon, Position, Sex, position_of
from pipeline.normalize.surnames import restore_surname
from pipeline.normalize.text import TONE_MARKS, diacritics, fold, nfc, strip_tones

# a word's letters, and what OCR left around them (a colon, a full stop, a leader dot, an underscore: leaders read
# so run into the name, "HÃNG_.....", scanned, set 11500, were taken for a letter and the word for no name)
_CORE = re.compile(r"^([\W_]*)(.*?)([\W_]*)$", re.S)


def _core(text: str) -> tuple[str, str, str]:
    match = _CORE.match(text)
    assert match is not None  # the pattern matches any string
    return match.group(1), match.group(2), match.group(3)


def _cased_like(model: str, text: str) -> str:
    if model.isupper():
        return text.upper()
    if model[:1].isupper():
        return text[:1].upper() + text[1:].lower()
    return text.lower()


def doubtful_name(syllables: Sequence[str], lexicon: NameLexicon, sex: Sex | None = None) -> bool:
    """Whether any syllable of the name has a far more common spelling of the same letters at its place (for a
    given name of a known sex, among that sex's names)."""
    cores = [_core(s)[1] for s in syllables]
    return any(core and lexicon.doubtful(core, position_of(i, len(cores)), sex=sex) for i, core in enumerate(cores))


# The second model's word may replace the first's only when read at most this much less confidently (Tesseract's
# 0-100). Below that it is a guess: on the bench "Liên" at 32 against "Liến" at 90, "Nghĩa" at 52 against "Nghia"
# at 83 and "Uyên" at 27 against "Uyễn" at 93 were the register's common spelling outvoting what was printed; the
# right replacements were read within 14 points ("Trần" at 82 for "Trân" at 96).
CONF_MARGIN = 20.0


# A mark (tone, hat, horn) the page's model read, and the second model did not, stays when the page's reading was
# the surer by this much: Tesseract loses marks far more often than it invents them. On the bench, "PHỨC" at 91
# against "PHÚC" at 81 and "NGUYỀN" at 92 against "NGUYÊN" at 85 were printed as the page read them; the marks the
# second model rightly dropped were read at most 2 points surer ("Chỉ" at 88 against "Chi" at 86).
DROP_MARGIN = 5.0
SURE = 85.0  # and was itself sure: of two unsure readings the register's spelling is the better guess


def marks_lost(first: str, second: str) -> bool:
    """Whether `second` has every mark of `first` but one or more (fewer diacritics; the letters are not compared)."""
    marks = Counter(diacritics(first))
    marks.subtract(diacritics(second))
    return all(n >= 0 for n in marks.values()) and sum(marks.values()) > 0


def settle_name(
    first: Sequence[str],
    second: Sequence[str],
    lexicon: NameLexicon,
    confidences: Sequence[tuple[float, float]] | None = None,
    sex: Sex | None = None,
) -> list[str]:
    """The first reading's words, each replaced by the second's where the two differ in diacritics alone and the
    register holds the second's spelling more often at that place in a name; or where they differ in letters, the
    first is no name the register knows anywhere and the second is one it knows at that place ("HẠM" beside
    "PHẠM": a letter lost).

    `sex`, the person's when known, makes a given name's counts that sex's. `confidences` (each word's pair, first
    and second model) keep a second reading much less sure than the first
    (`CONF_MARGIN`) from replacing it. Readings with different word counts are not aligned (one model split or
    lost a word): the first stands. The replacement keeps the first word's capitals and the marks around it, so the
    page still reads as printed.
    """
    if len(first) != len(second):
        return list(first)
    confs = list(confidences) if confidences is not None else [(0.0, 0.0)] * len(first)
    settled = []
    for index, (mine, theirs) in enumerate(zip(first, second, strict=True)):
        before, a, after = _core(mine)
        b = _core(theirs)[1]
        mine_conf, theirs_conf = confs[index]
        if not a or not b or a.lower() == b.lower() or theirs_conf < mine_conf - CONF_MARGIN:
            settled.append(mine)
            continue
        position = position_of(index, len(first))
        if fold(a) == fold(b):
            chosen = lexicon.prefer(a, b, position, sex)
            if chosen == b and marks_lost(a, b) and mine_conf >= max(SURE, theirs_conf + DROP_MARGIN):
                chosen = None  # a mark the surer reading saw is not dropped for a commoner spelling
            united = _united(a, b) if chosen is None else None
            if united is not None and lexicon.count(united, position, sex) >= MIN_KNOWN:
                # neither reading is a name, and each lost a mark the other read: "HÀNG" and "HĂNG" for a printed
                # HẰNG (scanned, set 11400), the tone run into the breve read as one or the other
                settled.append(f"{before}{_cased_like(a, united)}{after}")
                continue
        else:
            chosen = b if lexicon.known_only(b, a, position, sex) else None
        settled.append(mine if chosen in (None, a) else f"{before}{_cased_like(a, b)}{after}")
    return settled


def _united(a: str, b: str) -> str | None:
    """The spelling with every mark of both readings of the same letters, where no letter has two different tones or
    two different hats (a breve and a circumflex) between them, and it differs from both; None otherwise."""
    a, b = nfc(a), nfc(b)
    if len(a) != len(b):
        return None
    out = []
    for mine, theirs in zip(a, b, strict=True):
        (base, *marks_a), (other, *marks_b) = unicodedata.normalize("NFD", mine), unicodedata.normalize("NFD", theirs)
        marks = set(marks_a) | set(marks_b)
        if base.lower() != other.lower() or len(marks & _TONES) > 1 or len(marks & _HATS) > 1:
            return None
        out.append(base + "".join(sorted(marks, key=_MARK_ORDER.index)))  # the hat before the tone it carries
    united = nfc("".join(out))
    return None if united in (a, b) else united


_HATS = frozenset("\u0302\u0306")  # the circumflex and the breve
_TONES = frozenset(TONE_MARKS)  # the dot below counts as a tone
_MARK_ORDER = "\u0302\u0306\u031b\u0323\u0300\u0301\u0303\u0309"


def repair_name(words: Sequence[str], lexicon: NameLexicon, sex: Sex | None = None) -> list[str]:
    """The words, each syllable no name in the register has replaced by the one it must be when only a known slip
    of Tesseract's `vie` model separates them (`NameLexicon.repair`: sắc and hỏi swapped on a hatted vowel). Runs
    after `settle_name`, on what both models left; capitals and surrounding marks are kept."""
    repaired = []
    for index, word in enumerate(words):
        before, core, after = _core(word)
        position = position_of(index, len(words))
        fixed = (lexicon.repair(core, position, sex) or _mothers_surname(core, position, lexicon)) if core else None
        repaired.append(word if fixed is None else f"{before}{_cased_like(core, fixed)}{after}")
    return repaired


def _mothers_surname(core: str, position: Position, lexicon: NameLexicon) -> str | None:
    """The surname a middle name read in capitals is, its tone lost ("VÕ NGUYÊN BẢO PHƯƠNG": the mother's surname
    Nguyễn carried as a middle name), when no one in the register has the reading as a middle name and the surname is
    one (to MIN_KNOWN people). Only the tone: a hat or breve OCR keeps in capitals, so a name printed without its
    marks ("NGUYEN") stays. A tone lost in capitals is not repaired in general (`NameLexicon.repair`); here the
    reading is a given name only ("Nguyên"), which a middle name never is in the register: on thirteen bench sets,
    five middle "NGUYÊN" for Nguyễn, none printed so."""
    if position != "middle" or not core.isupper() or len(core) < 2 or lexicon.count(core, position):
        return None
    surname = restore_surname(core)
    if surname is None or strip_tones(surname).lower() != core.lower():
        return None
    return surname if lexicon.count(surname, position) >= MIN_KNOWN else None


def spellings_to_weigh(text: str, lexicon: NameLexicon, position: Position) -> list[str]:
    """The spellings of a name word's letters the page-trained mark reader may choose among: those known at its
    place, when it is known there to no one (`NameLexicon.other_spellings`)."""
    core = _core(text)[1]
    return lexicon.other_spellings(core, position) if core else []


def respelt(text: str, spelling: str) -> str:
    """The word spelt `spelling`, with its capitals and the marks around it kept."""
    before, core, after = _core(text)
    return f"{before}{_cased_like(core, spelling)}{after}"


def register_prefers(
    first: Sequence[str], second: Sequence[str], lexicon: NameLexicon, sex: Sex | None = None
) -> Literal["first", "second"] | None:
    """Which of two whole readings of a name the register backs: the one whose words, where the readings differ,
    are names it knows at their place, against words no name has ("HUYỀN" against "HUYỆN", "Thi" against "Thì",
    "PHẠM" against "HẠM"). None when the readings do not align, when both spellings of a word are names (Vinh and
    Vĩnh: OCR's majority decides, not the commoner name), or when it backs one reading for one word and the other
    for another."""
    if len(first) != len(second) or not lexicon:
        return None
    sides: set[str] = set()
    for index, (mine, theirs) in enumerate(zip(first, second, strict=True)):
        a, b = _core(mine)[1], _core(theirs)[1]
        if not a or not b or a.lower() == b.lower():
            continue
        position = position_of(index, len(first))
        if lexicon.known_only(b, a, position, sex):
            sides.add("second")
        elif lexicon.known_only(a, b, position, sex):
            sides.add("first")
        else:
            return None
    return sides.pop() if len(sides) == 1 else None  # type: ignore[return-value]
