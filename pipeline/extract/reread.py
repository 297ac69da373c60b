"""The second OCR pass: fields the first pass is unsure of, and numbers printed in italics, are read again from
their crops, and the better reading is kept.

A whole page read as one block (psm 6) gives Tesseract little context about each value; read again on its own, a
crop often comes back with a confident, valid reading where the page gave a low-confidence or invalid one (a digit
lost from an ID, a glyph run together with a stamp). Italic digits are the page reading's worst case (1 read as 7,
8 as 6, at high confidence): the crop is made upright first (`pipeline.preprocess.slant`) and then reads right.
Each Tesseract call costs a process start (about 0.1 s), so the pass touches at most `MAX_FIELDS` fields a page,
all of them in one call (`CropSource.read`, which the OCR worker binds to `ocr_crops`).

It runs in the OCR worker, right after the page's OCR, because only there is the preprocessed page image at hand
(shipping it back to the main process would cost more than the pass). It changes nothing but the page's words:
the field's words are replaced by the crop's when the crop's reading is better, and extraction then runs as
usual. Which reading is better: a valid value over an invalid one; for an italic number the upright reading when
valid; otherwise the higher mean word confidence. When both readings agree, the words keep the higher of the two
confidences (two independent reads agreeing).
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extract.doctype import guess_type
from pipeline.extract.fields import FLAT, extract_fields
from pipeline.extract.lines import build_lines, is_leader
from pipeline.extract.schema import DocTypeSchema, load_schemas
from pipeline.extract.values import PARSERS
from pipeline.ocr.model import Box, CropSource, PageOCR, Word, mean_confidence
from pipeline.preprocess.slant import MIN_SLANT

# a field whose confidence is below this (word confidences times validation, 0-1), or whose value is invalid, is
# read again. Correct values read cleanly score 0.9-0.96; misreadings measured here mostly scored below 0.85.
DOUBT = 0.85
MAX_FIELDS = 8
_LEADERS_FIRST = re.compile(r"^[.…·_:]{2,}")
# marks a crop's margin adds to the ends of a value's words: the label's colon, specks read as * or `
_EDGE_MARKS = ":;*+`'\"“”‘’^~|"
# Field types worth a second look: the values matching depends on. Free text (places) is long and multi-line.
TYPES = frozenset({"name", "personal_id", "date", "death_time", "year", "int", "serial", "register", "area", "sex"})
# numbers whose validation catches a misreading (an ID's structure, a date that must exist): for these, an italic
# value's upright reading is taken when valid. Any digits make a valid parcel number, so those are not re-read
# for their slant alone (measured: more right readings lost than won).
NUMBER_TYPES = frozenset({"personal_id", "date", "death_time"})


def _of_value(word: Word, box: Box) -> bool:
    """A word overlapping the value's box, on its line. (Extraction cuts leaders glued to a value's first or last
    word off its box, so that word may start far to the left or end far to the right of the box.)"""
    overlap = min(word.box.bottom, box.bottom) - max(word.box.top, box.top)
    return word.box.right > box.left and word.box.left <= box.right and overlap > 0.5 * min(word.box.height, box.height)


def _replaceable(word: Word, box: Box) -> bool:
    """Whether the crop's reading may stand in for `word`: it holds nothing but the value and leaders. A word that
    starts left of the value with letters is the label run together with it ("Số:9......"): replacing it would
    lose the label, so such a value keeps its first reading."""
    return word.box.left >= box.left - 1 or _LEADERS_FIRST.match(word.text) is not None


def _grown(box: Box, height: float, page: PageOCR) -> Box:
    """The value's box with a margin: a character the first pass lost at either end is then inside the crop."""
    # little to the left, where the label's colon is (read glued to the value: ":079..."), more to the right
    pad_left, pad_right, pad_y = round(0.15 * height), round(0.6 * height), round(0.15 * height)
    left, top = max(0, box.left - pad_left), max(0, box.top - pad_y)
    right, bottom = min(page.width, box.right + pad_right), min(page.height, box.bottom + pad_y)
    return Box(left, top, right - left, bottom - top)


def _clean(words: list[Word], height: float) -> list[Word]:
    """The crop's words without the marks and leaders around the value (the margin brings some in)."""
    kept = []
    for word in words:
        text = word.text.strip(_EDGE_MARKS)
        if text and not is_leader(text) and word.box.height >= FLAT * height:
            kept.append(replace(word, text=text))
    return kept


def _better(field_type: str, old: list[Word], new: list[Word], italic: bool) -> tuple[bool, bool]:
    """(take the new reading, the readings agree). An italic value's upright reading wins when valid: the page's
    reading of italic digits is wrong at high confidence (1968 for 1988 at 91)."""
    if not new:
        return False, False
    parse = PARSERS[field_type]
    old_parsed = parse(" ".join(w.text for w in old))
    new_parsed = parse(" ".join(w.text for w in new))
    if new_parsed.valid and old_parsed.valid and new_parsed.value == old_parsed.value:
        return False, True
    if new_parsed.valid != old_parsed.valid:
        return new_parsed.valid, False
    if italic and new_parsed.valid:
        return True, False
    return (mean_confidence(new) or 0.0) > (mean_confidence(old) or 0.0), False


def reread_page(page: PageOCR, crops: CropSource, schemas: dict[str, DocTypeSchema] | None = None) -> PageOCR:
    """The page with its doubtful fields' words replaced by a second reading where that reading is better.

    Read again: fields that are doubtful (invalid, or confidence below DOUBT), and numbers printed in italics
    (their upright reading is better however confident the page's was). Counts go to `page.extra`:
    `reread_fields` (crops read), `reread_taken` (readings replaced), `reread_agreed`, `reread_italic`.
    A page with no known document type (a continuation page) is returned as it is.
    """
    schemas = schemas or load_schemas()
    lines = build_lines(page.words)
    guess = guess_type(lines, schemas)
    if guess.doc_type is None or not lines:
        return page
    schema = schemas[guess.doc_type]
    height = sorted(line.height for line in lines)[len(lines) // 2]
    fields = [
        f
        for f in extract_fields(page, schema, lines).values()
        if schema.field(f.name).type in TYPES
        and f.box is not None
        and f.raw is not None
        and f.box.height <= 1.8 * height  # a value continued on another line: not one crop
    ]
    numbers = [f for f in fields if schema.field(f.name).type in NUMBER_TYPES]
    slants = dict(zip((f.name for f in numbers), crops.slants([f.box for f in numbers if f.box]), strict=True))
    italic = {name for name, slant in slants.items() if slant >= MIN_SLANT}
    chosen = [f for f in fields if f.name in italic or not f.valid or f.confidence < DOUBT][:MAX_FIELDS]
    if not chosen:
        return page
    readings = crops.read([_grown(f.box, height, page) for f in chosen if f.box is not None])
    words = list(page.words)
    taken = agreed = 0
    for field, reading in zip(chosen, readings, strict=True):
        assert field.box is not None
        old = [w for w in words if _of_value(w, field.box)]
        reach = 0.3 * height
        # what the crop's margin caught beyond the value (the label's colon, a neighbour's letter) stays out
        new = [
            w
            for w in _clean(reading, height)
            if field.box.left - reach <= (w.box.left + w.box.right) / 2 <= field.box.right + reach
        ]
        take, agree = _better(schema.field(field.name).type, old, new, field.name in italic)
        if agree:
            agreed += 1
            confs = {w.text: w.conf for w in new}
            words = [replace(w, conf=max(w.conf, confs.get(w.text, w.conf))) if w in old else w for w in words]
        elif take and old and all(_replaceable(w, field.box) for w in old):
            taken += 1
            template = old[0]
            # the crop's words take the old words' place in Tesseract's hierarchy, so lines build as before
            placed = [
                replace(w, block=template.block, par=template.par, line=template.line, word=template.word + i)
                for i, w in enumerate(new)
            ]
            words = [w for w in words if w not in old] + placed
    extra = {**page.extra, "reread_fields": float(len(chosen)), "reread_taken": float(taken)}
    extra.update(reread_agreed=float(agreed), reread_italic=float(len(italic)))
    return replace(page, words=tuple(words), extra=extra)
