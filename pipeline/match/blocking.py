"""Blocking keys: the few exact keys under which a person's candidates are looked up, instead of the population.

Each key is what a document and the register still share when one thing went wrong between them:

| kind | key | still found when |
| --- | --- | --- |
| `pid` | the 12 digits | the name or the date differs |
| `name_year` | folded full name, year of birth (*) | the ID differs, the date is off within its year, marks differ |
| `given_dob` | folded given name, full date of birth | the surname or middle name differs |
| `surname_dob` | folded surname, full date of birth | the given name differs |
| `surname_given_dob` | folded surname and given name, full date of birth (*) | the middle name is dropped or changed |
| `surname_given_year` | the same with the year, where the document gives no more (a land owner, a parent) | the same |

(*) looked up on the index of `surname_given_year` (surname, given name, year, then the folded name).

Folded keys ignore diacritics and capitals, so a name typed without marks or read with a tone wrong is still found.
A pair whose every key differs (an ID wrong *and* the name misspelled in its surname *and* given name) is not found,
by design: the comparisons could not tell it from a stranger either.
"""

from __future__ import annotations

from typing import NamedTuple

from pipeline.normalize.dates import read_iso
from pipeline.normalize.names import name_forms

KINDS = ("pid", "name_year", "given_dob", "surname_dob", "surname_given_dob", "surname_given_year")


class BlockingKey(NamedTuple):  # a tuple: hashed and compared in C, a batch makes tens of thousands
    kind: str
    parts: tuple[str | int, ...]  # the values of the key's columns (`pipeline.match.candidates.KEY_COLUMNS`)

    @property
    def value(self) -> str:
        return "|".join(str(part) for part in self.parts)


def blocking_keys(
    *, full_name: str | None, date_of_birth: str | None = None, personal_id: str | None = None
) -> list[BlockingKey]:
    """The keys of one person, from what is known of them: `date_of_birth` an ISO date of any precision (or a
    year, as land certificates give), `personal_id` digits. Keys that would be empty are left out."""
    keys: list[BlockingKey] = []
    digits = "".join(ch for ch in personal_id or "" if ch.isdigit())
    if len(digits) == 12:
        keys.append(BlockingKey("pid", (digits,)))
    if not full_name or not full_name.strip():
        return keys
    forms = name_forms(full_name)
    name, surname, given = forms.folded, forms.surname, forms.given
    born = read_iso(date_of_birth) if date_of_birth else None
    if born is not None and surname and given:
        # name_year is looked up on the same index as surname_given_year, of which it is the narrower block
        keys.append(BlockingKey("name_year", (surname, given, born.year, name)))
        if born.precision == "day":  # the date narrows a block that holds every middle name (Nguyễn * Anh 1990)
            keys.append(BlockingKey("surname_given_dob", (surname, given, born.year, born.iso())))
        else:
            keys.append(BlockingKey("surname_given_year", (surname, given, born.year)))
    if born is not None and born.precision == "day":
        if given:
            keys.append(BlockingKey("given_dob", (given, born.iso())))
        if surname:
            keys.append(BlockingKey("surname_dob", (surname, born.iso())))
    return keys


def id_neighbours(personal_id: str | None) -> list[str]:
    """The 12-digit IDs one slip away from a printed ID that cannot be right: a digit dropped (11 digits printed),
    or one of the six structure digits (province, sex and century, year) mistyped. Looked up by the personal ID's
    index when a person with such an ID matched no one under their keys."""
    digits = "".join(ch for ch in personal_id or "" if ch.isdigit())
    if len(digits) == 11:
        return sorted({digits[:i] + d + digits[i:] for i in range(12) for d in "0123456789"})
    if len(digits) != 12:
        return []
    return sorted({digits[:i] + d + digits[i + 1 :] for i in range(6) for d in "0123456789"} - {digits})
