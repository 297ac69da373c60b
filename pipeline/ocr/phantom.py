"""A letter Tesseract reads before a capital I where the page prints none: "INH" read "TINH", "Inh" read "lInh".

A name whose first consonant was dropped on purpose (the bench's "Inh" for Linh, a discrepancy for the stewards) or
an Ê Đê, Jrai or Tày syllable starting with I is read with a letter more, a T or an l made of the I's own stroke
(clean, sets 12100 and 12200, at confidences 37-43). The page settles it: a word whose letter-sized pieces of ink
are one fewer than the letters read, the first of them no wider than one letter, has no letter before its I.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from pipeline.ocr.marks import letters_of
from pipeline.ocr.model import Word

# the letters read before an I that its stroke passes for (a serif I's top bar is a T's, its stem an l)
_PHANTOM_BEFORE_I = re.compile(r"^[Tl](?=I\w)")
# the first piece of ink is one letter (an I, serifs and all), not a T and an I run together: at most this wide,
# in letter heights (a monospaced I with its serifs is 0.6 wide, a T and an I touching 1.0 or more)
ONE_LETTER_WIDE = 0.75
NOTE = "a letter read before a capital I that the page does not print"


def without_phantom(gray: np.ndarray, word: Word) -> str | None:
    """The word's reading without its first letter where that letter is a phantom of the capital I after it (see
    the module); None otherwise."""
    text = unicodedata.normalize("NFC", word.text)
    if not _PHANTOM_BEFORE_I.match(text) or not text.isalpha():
        return None
    letters = letters_of(gray, word, len(text) - 1)
    if letters is None or not letters.columns:
        return None
    first_left, first_right = letters.columns[0]
    if first_right - first_left > ONE_LETTER_WIDE * letters.height:
        return None
    return text[1:]


def drop_phantoms(image: np.ndarray, words: Sequence[Word]) -> tuple[list[Word], int]:
    """The words with each phantom first letter dropped (`without_phantom`), and how many were."""
    if image.ndim != 2:
        return list(words), 0
    out: list[Word] = []
    for word in words:
        kept = without_phantom(image, word)
        if kept is not None:
            word = replace(word, text=kept, note="; ".join(n for n in (word.note, NOTE) if n))
        out.append(word)
    return out, sum(a is not b for a, b in zip(words, out, strict=True))
