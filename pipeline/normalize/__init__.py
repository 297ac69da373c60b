"""Normalization of the values found on Vietnamese civil-registration records.

Pure functions on the standard library only, so that extraction, matching, rules and the population
generator can all use them without pulling in each other. Every failure is a `NormalizationError` whose
`reason` is a sentence fit for a review queue.
"""

from __future__ import annotations

from .dates import PartialDate, date_to_words, dates_agree, parse_date, parse_date_words
from .ids import IdCheck, check_personal_id, clean_id, make_personal_id, mask_id, mask_name, sex_century_digit
from .names import NameParts, canonical_name, canonical_tones, display_name, name_key, names_equal, split_name
from .provinces import PROVINCES, province_label, province_name
from .sex import parse_sex
from .text import NormalizationError, clean_spaces, fold, nfc, repair_ocr_digits, strip_tones

__all__ = [
    "PROVINCES",
    "IdCheck",
    "NameParts",
    "NormalizationError",
    "PartialDate",
    "canonical_name",
    "canonical_tones",
    "check_personal_id",
    "clean_id",
    "clean_spaces",
    "date_to_words",
    "dates_agree",
    "display_name",
    "fold",
    "make_personal_id",
    "mask_id",
    "mask_name",
    "name_key",
    "names_equal",
    "nfc",
    "parse_date",
    "parse_date_words",
    "parse_sex",
    "province_label",
    "province_name",
    "repair_ocr_digits",
    "sex_century_digit",
    "split_name",
    "strip_tones",
]
