"""Synthetic scans of civil-registration documents and land certificates about the synthetic population.

`generate_scans` renders birth certificates, death extracts, marriage certificates and land-use-right certificates
about people read from the `citizens` table, degrades them like real scans (clean, scanned, poor), writes them as
PNG, JPEG, TIFF and PDF files, and writes the ground truth of every file beside it (`<file>.truth.json`) and of
every document in `truth.jsonl`. `labels` holds the exact printed label texts.
"""

from __future__ import annotations

from .content import DOC_TYPES, TRUTH_FIELDS
from .degrade import QUALITIES
from .discrepancies import ALL_CODES
from .fonts import covers, discover_families, missing_chars
from .formats import FORMATS
from .generate import GenerationSummary, generate_scans

__all__ = [
    "ALL_CODES",
    "DOC_TYPES",
    "FORMATS",
    "QUALITIES",
    "TRUTH_FIELDS",
    "GenerationSummary",
    "covers",
    "discover_families",
    "generate_scans",
    "missing_chars",
]
