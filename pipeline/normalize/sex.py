"""Sex as written on Vietnamese documents ("Nam" / "Nữ") and in the other sources a register meets.

Registers record only male and female. OCR mangles the short word "Nữ" in many ways (the hook and tilde of
ữ become any other mark, or "ü") and reads the "m" of "Nam" as "rn" or "in"; none of those variants can be
confused with the other sex, so they are all accepted. Anything else, including "khác" (other), is refused:
guessing a sex would corrupt the ID check, where the sex is encoded in the 4th digit.
"""

from __future__ import annotations

import re

from .text import NormalizationError, fold

# Keyed on the folded text with everything but letters removed, so "N ữ", "Nừ", "NU." all become "nu".
_SEX_WORDS = {
    "nam": "M",
    "narn": "M",  # OCR: m read as rn
    "nain": "M",  # OCR: m read as in
    "m": "M",
    "male": "M",
    "nu": "F",
    "f": "F",
    "female": "F",
}
# The spellings that make up nearly all real input, answered without folding.
_EXACT = {"M": "M", "F": "F", "Nam": "M", "Nữ": "F", "nam": "M", "nữ": "F", "NAM": "M", "NỮ": "F"}
_NOT_LETTERS_RE = re.compile(r"[^a-z]+")


def parse_sex(text: str) -> str:
    """ "M" or "F" for "Nam"/"Nữ" in any case, accents or OCR variant, "M"/"F" and "male"/"female".

    Raises NormalizationError on empty input and on any other value, "khác" included.
    """
    exact = _EXACT.get(text)
    if exact is not None:
        return exact
    sex = _SEX_WORDS.get(_NOT_LETTERS_RE.sub("", fold(text)))
    if sex is not None:
        return sex
    if not text.strip():
        raise NormalizationError("the sex is empty")
    raise NormalizationError(f"sex '{text.strip()}' is neither Nam (male) nor Nữ (female)")
