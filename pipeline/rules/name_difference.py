"""How a name on a document differs from the register's, for the cleaning rules: no difference at all, tone
placement only, an OCR doubt, a difference of diacritics, or of letters.

Tesseract's `vie` model is known to err in two ways on names: it confuses the sắc and the hỏi on a vowel with a hat
(ấ/ẩ, ế/ể, ố/ổ), and it drops tones in words printed in capitals. A name that differs from the register only there
is an OCR doubt, to be weighed by the reading's confidence (`LOW_CONFIDENCE`), not a proven discrepancy
(`NAME_DIACRITICS`). Tone placement ("hoà"/"hòa") and capitals are no difference at all.
"""

from __future__ import annotations

import enum

from pipeline.normalize.names import name_forms, plausible_syllable
from pipeline.normalize.text import TONE_SPLIT, fold, strip_tones

SAC, HOI = 2, 3  # tone numbers of pipeline.normalize.text (huyền 1, sắc 2, hỏi 3, ngã 4, nặng 5)
HATTED = frozenset("âêô")


class NameDifference(enum.StrEnum):
    NONE = "none"
    TONE_PLACEMENT = "tone_placement"
    OCR_DOUBT = "ocr_doubt"
    DIACRITICS = "diacritics"
    LETTERS = "letters"


def _tone(syllable: str) -> tuple[int, str | None]:
    """The syllable's tone number (0 for none) and the vowel that carries it."""
    for char in syllable:
        split = TONE_SPLIT.get(char)
        if split is not None:
            return split[1], split[0].lower()
    return 0, None


def _doubtful(read: str, registered: str, in_capitals: bool) -> bool:
    """Whether two syllables that differ only in their tone differ where OCR errs."""
    tone_read, _ = _tone(read)
    tone_registered, vowel = _tone(registered)
    if tone_read == 0 and in_capitals:
        return True
    return {tone_read, tone_registered} == {SAC, HOI} and vowel in HATTED


def name_difference(document: str, database: str, *, read_in_capitals: bool = False) -> NameDifference:
    """How `document` (the name as read) differs from `database` (the register's). `read_in_capitals`: the
    document printed the name in capitals, where OCR drops tones."""
    read_forms, registered_forms = name_forms(document), name_forms(database)
    if read_forms.shown == registered_forms.shown:
        return NameDifference.NONE
    read, registered = read_forms.canonical, registered_forms.canonical
    if read == registered:
        return NameDifference.TONE_PLACEMENT
    if fold(read) != fold(registered):
        return NameDifference.LETTERS
    pairs = [(a, b) for a, b in zip(read.split(), registered.split(), strict=True) if a != b]
    for syllable_read, syllable_registered in pairs:
        if strip_tones(syllable_read) != strip_tones(syllable_registered):
            return NameDifference.DIACRITICS  # a hat, breve, horn or đ: OCR's known slips do not explain it
        if not _doubtful(syllable_read, syllable_registered, read_in_capitals):
            return NameDifference.DIACRITICS
    return NameDifference.OCR_DOUBT


def looks_misread(document: str, database: str) -> bool:
    """Whether a name's difference from the register has the shape of an OCR misreading rather than of a name
    written differently. A clerk's or a register's variant changes one word and leaves a name: a letter or marks
    of one syllable, a middle name dropped or replaced. OCR adds a word (a stray mark read as letters), garbles
    two words at once, or makes a syllable no Vietnamese word is spelt with ("Vũăn")."""
    read = name_forms(document).canonical.split()
    registered = name_forms(database).canonical.split()
    if len(read) > len(registered):
        return True
    if len(read) < len(registered):
        return not any(read == registered[:i] + registered[i + 1 :] for i in range(len(registered)))
    changed = [(a, b) for a, b in zip(read, registered, strict=True) if a != b]
    if len(changed) > 1:
        return True
    return any(not plausible_syllable(a) and plausible_syllable(b) for a, b in changed)
