"""Settling a name two OCR models read differently, syllable by syllable, with the register's spelling counts.

Pure functions on word texts; the second pass (`pipeline.extract.reread`) gets the second model's reading and puts
the result back into the page's words. See `pipeline.normalize.name_lexicon` for why and what was measured.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.normalize.name_lexicon import NameLexicon, position_of
from pipeline.normalize.text import fold

# a word's letters, and what OCR left around them (a colon, a full stop, a leader dot)
_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


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


def doubtful_name(syllables: Sequence[str], lexicon: NameLexicon) -> bool:
    """Whether any syllable of the name has a far more common spelling of the same letters at its place."""
    cores = [_core(s)[1] for s in syllables]
    return any(core and lexicon.doubtful(core, position_of(i, len(cores))) for i, core in enumerate(cores))


def settle_name(first: Sequence[str], second: Sequence[str], lexicon: NameLexicon) -> list[str]:
    """The first reading's words, each replaced by the second's where the two differ in diacritics alone and the
    register holds the second's spelling more often at that place in a name.

    Readings with different word counts are not aligned (one model split or lost a word): the first stands. The
    replacement keeps the first word's capitals and the marks around it, so the page still reads as printed.
    """
    if len(first) != len(second):
        return list(first)
    settled = []
    for index, (mine, theirs) in enumerate(zip(first, second, strict=True)):
        before, a, after = _core(mine)
        b = _core(theirs)[1]
        if not a or not b or a.lower() == b.lower() or fold(a) != fold(b):
            settled.append(mine)
            continue
        chosen = lexicon.prefer(a, b, position_of(index, len(first)))
        settled.append(mine if chosen in (None, a) else f"{before}{_cased_like(a, b)}{after}")
    return settled
