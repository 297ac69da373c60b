"""Document typing and field extraction: from OCR words with boxes to typed, normalised, validated fields.

Driven by the document-type definitions in `schemas/doctypes/`: labels are found by fuzzy matching on OCR words and
values taken from the same line to the right, the next line, or within a column. Nothing here knows a layout's pixel
positions; geometry is only used relative to the labels found on the page.
"""
