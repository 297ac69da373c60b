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

With a second OCR model (`second_model`: Tesseract's script model for Vietnamese, which errs elsewhere than
`vie`), two valid readings that differ are read a third time and the majority wins (`_third_reading`), and two
later steps run after the lines the page's OCR missed were added (`reread_recovered`, the pool's `settle` hook):
the fields found in those lines get this same pass, and names with a syllable the population register spells
otherwise far more often are read by the second model and settled syllable by syllable
(`_second_opinion_on_names`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.extract.doctype import guess_type
from pipeline.extract.fields import FLAT, LEADER_START_MARKS, boxed_by_its_leaders, extract_fields
from pipeline.extract.lines import Line, build_lines, is_leader, split_glued
from pipeline.extract.model import ExtractedField
from pipeline.extract.name_vote import (
    doubtful_name,
    marks_lost,
    register_prefers,
    repair_name,
    respelt,
    settle_name,
    spellings_to_weigh,
)
from pipeline.extract.schema import DocTypeSchema, FieldDef, load_schemas
from pipeline.extract.values import PARSERS
from pipeline.normalize.name_lexicon import SEXES, NameLexicon, Position, Sex, position_of
from pipeline.normalize.text import fold
from pipeline.ocr.marks import without_marks_above
from pipeline.ocr.model import JUNK_CONF, Box, CropSource, PageOCR, Word, mean_confidence, words_box
from pipeline.preprocess.slant import MIN_SLANT

# a field whose confidence is below this (word confidences times validation, 0-1), or whose value is invalid, is
# read again. Correct values read cleanly score 0.9-0.96; misreadings measured here mostly scored below 0.85.
DOUBT = 0.85
MAX_FIELDS = 8
_LEADERS_FIRST = re.compile(rf"^[{LEADER_START_MARKS}]?[.…·_:]{{2,}}")
# marks a crop's margin adds to the ends of a value's words: the label's colon, specks read as * or `, the leaders' last
# dots read as a low quote ("„2" for a register number 2)
_EDGE_MARKS = ":;*+`'\"“”„‘’‚^~|"
# Field types worth a second look: the values matching depends on. Free text (places) is long and multi-line.
TYPES = frozenset({"name", "personal_id", "date", "death_time", "year", "int", "serial", "register", "area", "sex"})
# Types whose valid value is as good as a second reading: a sex (Nam/Nữ) or a year that parses was never read
# differently from its crop on the bench (28 of 28 re-reads agreed), and re-reading them alone cost a Tesseract
# call on one page in five.
SURE_WHEN_VALID = frozenset({"sex", "year"})
# numbers whose validation catches a misreading (an ID's structure, a date that must exist): for these, an italic
# value's upright reading is taken when valid. Any digits make a valid parcel number, so those are not re-read
# for their slant alone (measured: more right readings lost than won).
NUMBER_TYPES = frozenset({"personal_id", "date", "death_time"})
# Numbers any digits make valid (register, parcel and map-sheet numbers, serials, areas): an italic one is read
# upright only when a second OCR model can settle a disagreement (`_third_reading`). On the bench the upright and
# the second model's readings agreed on the printed value where the page read 1 as 7 or 8 as 6.
UNCHECKED_NUMBERS = frozenset({"int", "register", "serial", "area"})
# The left margin of an italic value's crop, in line heights: past the lean of its first glyph's foot (italics
# lean 0.15-0.25 of their height)
ITALIC_LEFT = 0.25


def _of_value(word: Word, box: Box) -> bool:
    """A word overlapping the value's box, on its line. (Extraction cuts leaders glued to a value's first or last
    word off its box, so that word may start far to the left or end far to the right of the box.)"""
    overlap = min(word.box.bottom, box.bottom) - max(word.box.top, box.top)
    # and its middle on the value's line: a word of the line above boxed down into it ("người" of a column's
    # heading, 76 px tall over a 35 px line) is not the value's, and was lost when the value's words were replaced
    on_line = box.top <= word.box.center_y <= box.bottom
    across = word.box.right > box.left and word.box.left <= box.right
    return across and on_line and overlap > 0.5 * min(word.box.height, box.height)


def _replaceable(word: Word, box: Box) -> bool:
    """Whether the crop's reading may stand in for `word`: it holds nothing but the value and leaders. A word that
    starts left of the value with letters is the label run together with it ("Số:9......"): replacing it would
    lose the label, so such a value keeps its first reading unless `_parted_from_labels` can part the two."""
    return word.box.left >= box.left - 1 or _LEADERS_FIRST.match(word.text) is not None


def _parted_from_labels(old: list[Word], box: Box) -> tuple[list[Word], list[Word]] | None:
    """The value's words `old` parted from the label run into them, as (the label's parts, the value's words): a
    word that runs the label's colon into the value ("tên:LÊANHKIÊN..", read at 35 where the crop reads "LÊ ANH
    KIÊN") is parted as extraction parts it. No label parts when every word is the value's alone; None when a word
    holds more of the label than that, and the value must keep its first reading."""
    labels, values = [], []
    for word in old:
        if _replaceable(word, box):
            values.append(word)
            continue
        head, *tail = split_glued(word)
        if not tail or not all(_replaceable(part, box) for part in tail):
            return None
        labels.append(head)
        values += tail
    return labels, values


def _grown(box: Box, height: float, page: PageOCR, leaning: bool = False) -> Box:
    """The value's box with a margin: a character the first pass lost at either end is then inside the crop."""
    # little to the left, where the label's colon is (read glued to the value: ":079..."), more to the right; an
    # italic value's first glyph leans out of its word's box at the foot (the foot of the 1 of "19/04/1954" was cut
    # off, and the crop read "9/04/1954")
    pad_left = round((ITALIC_LEFT if leaning else 0.15) * height)
    pad_right, pad_y = round(0.6 * height), round(0.15 * height)
    left, top = max(0, box.left - pad_left), max(0, box.top - pad_y)
    right, bottom = min(page.width, box.right + pad_right), min(page.height, box.bottom + pad_y)
    return Box(left, top, right - left, bottom - top)


def _is_value_word(word: Word, height: float) -> bool:
    text = word.text.strip(_EDGE_MARKS)
    return bool(text) and not is_leader(text) and word.box.height >= FLAT * height


def _clean(words: list[Word], height: float) -> list[Word]:
    """The crop's words without the marks and leaders around the value (the margin brings some in). A last word
    run together with the leaders after it and boxed flat by them ("PHẠM THANH LAN......" read with "LAN..."
    5 px tall, "NGUYỀM THỊ XUÂN_", poor, set 11100) is the value's, boxed where its letters are."""
    kept: list[Word] = []
    for word in words:
        if _is_value_word(word, height):
            kept.append(replace(word, text=word.text.strip(_EDGE_MARKS)))
        elif kept and (letters := boxed_by_its_leaders(kept[-1], word, height)) is not None:
            kept.append(letters)
    return kept


def _within(words: list[Word], box: Box, height: float) -> list[Word]:
    """The crop's words whose middle is inside the value's box (give or take a third of a line): what the crop's
    margin caught beyond the value (the label's colon, a neighbour's letter) stays out."""
    reach = 0.3 * height
    return [w for w in words if box.left - reach <= (w.box.left + w.box.right) / 2 <= box.right + reach]


def _unsure(field: ExtractedField, schema: DocTypeSchema) -> bool:
    field_type = schema.field(field.name).type
    if field_type == "serial" and field.valid and _LOOKS_LIKE_Y.intersection(str(field.value).split()[0]):
        return True
    return field.confidence < DOUBT and field_type not in SURE_WHEN_VALID


# A serial's letter the page reads as V at any confidence where a Y is printed: the bold capitals of a serial under
# the title, on the page scaled down for speed ("YC" read "VC" at 89, clean, set 11600; four serials of the sets
# 11400-11700, no V read as Y). Every model reads the crop right; no register knows a serial's letters.
_LOOKS_LIKE_Y = frozenset("V")


def _better(field_type: str, old: list[Word], new: list[Word], italic: bool) -> tuple[bool, bool]:
    """(take the new reading, the readings agree). An italic value's upright reading wins when valid: the page's
    reading of italic digits is wrong at high confidence (1968 for 1988 at 91)."""
    if not new:
        return False, False
    if field_type == "name" and len(new) < sum(w.conf >= JUNK_CONF and _bare(w.text) != "" for w in old):
        # a crop that lost words of a name read with confidence ("Phan" for "Phan Văn Tín") is no better reading
        return False, False
    parse = PARSERS[field_type]
    old_parsed = parse(" ".join(w.text for w in old))
    new_parsed = parse(" ".join(w.text for w in new))
    if new_parsed.valid and old_parsed.valid and new_parsed.value == old_parsed.value:
        if field_type == "name" and _more_marks([w.text for w in old], [w.text for w in new]):
            # the same name to the list of surnames, but the crop saw a mark the page lost ("NGUYỂN" beside
            # "NGUYÊN", both "Nguyễn" once restored): a printed variant is only kept if the mark is on the page
            return True, False
        return False, True
    if new_parsed.valid != old_parsed.valid:
        return new_parsed.valid, False
    if italic and new_parsed.valid:
        return True, False
    return (mean_confidence(new) or 0.0) > (mean_confidence(old) or 0.0), False


def _more_marks(old: list[str], new: list[str]) -> bool:
    """Whether `new` reads the same letters as `old`, word by word, with every mark of `old` and more."""
    old, new = [_bare(w) for w in old], [_bare(w) for w in new]
    if len(old) != len(new) or any(fold(a) != fold(b) for a, b in zip(old, new, strict=True)):
        return False
    pairs = list(zip(old, new, strict=True))
    return all(a.lower() == b.lower() or marks_lost(b, a) for a, b in pairs) and any(marks_lost(b, a) for a, b in pairs)


def reread_page(
    page: PageOCR,
    crops: CropSource,
    schemas: dict[str, DocTypeSchema] | None = None,
    *,
    second_model: str | None = None,
    lexicon: NameLexicon | None = None,
) -> PageOCR:
    """The page with its doubtful fields' words replaced by a second reading where that reading is better.

    Read again: fields that are doubtful (invalid, or confidence below DOUBT), and numbers printed in italics
    (their upright reading is better however confident the page's was). Where both readings are valid and differ,
    a `second_model` (another Tesseract language), when given, reads the crop a third time and the majority wins.
    Counts go to `page.extra`: `reread_fields` (crops read), `reread_taken` (readings replaced), `reread_agreed`,
    `reread_italic`, `reread_disputed` (valid and different: read a third time when a second model is given).
    With the register's name counts (`lexicon`), two readings of a name that differ are settled by the register
    instead when it backs one of them (`name_vote.register_prefers`): both OCR models misread the same marks, so
    their majority is no evidence there. A page with no known document type (a continuation page) is returned as
    it is.
    """
    found = _typed(page, schemas)
    if found is None:
        return page
    schema, lines, height = found
    extracted = extract_fields(page, schema, lines)
    fields = _croppable(extracted, schema, height)
    sexes = _sexes(extracted, schema)
    return _reread_doubtful(page, crops, schema, fields, height, second_model, lexicon, sexes)


def reread_recovered(
    page: PageOCR,
    crops: CropSource,
    schemas: dict[str, DocTypeSchema] | None = None,
    *,
    lexicon: NameLexicon | None = None,
    model: str | None = None,
) -> PageOCR:
    """The last pass, after the lines the page's OCR missed were read and added (`OcrOptions.settle`): the
    doubtful and italic fields found in those lines get the second pass `reread_page` gave the others (it ran
    before they were there). Then, with the register's counts and the model, each name with a syllable the register
    spells otherwise far more often ("Chỉ" beside "Chi") is read by the second model and settled syllable by
    syllable (`pipeline.extract.name_vote`); counts go to `page.extra`: `names_checked`, `names_settled`. Running
    after the missed lines were added, it sees every name as extraction will."""
    first = page.extra.get("recovered_block")
    recovered = first is not None and any(w.block >= first for w in page.words)
    if not recovered and not (lexicon and model):
        return page
    found = _typed(page, schemas)
    if found is None:
        return page
    schema, lines, height = found
    fields = extract_fields(page, schema, lines)
    if recovered:
        assert first is not None
        recovered_words = [w for w in page.words if w.block >= first]
        from_recovered = [
            f
            for f in _croppable(fields, schema, height)
            if f.box is not None and any(_of_value(w, f.box) or _label_of(w, f.box, height) for w in recovered_words)
        ]
        if from_recovered:
            before = page
            sexes = _sexes(fields, schema)
            page = _reread_doubtful(page, crops, schema, from_recovered, height, model, lexicon, sexes)
            if page is not before:  # something was read: its counts add to those of the first pass
                counts = {k: before.extra.get(k, 0.0) + v for k, v in page.extra.items() if k.startswith("reread_")}
                page = replace(page, extra={**page.extra, **counts})
            if page.words != before.words:
                fields = extract_fields(page, schema, build_lines(page.words))
    if lexicon:
        cleaned = _without_marks_after_names(page, fields, schema, height, lexicon)
        if cleaned is not page:
            page, fields = cleaned, extract_fields(cleaned, schema, build_lines(cleaned.words))
    if lexicon and model:
        page = _second_opinion_on_names(page, crops, _doubtful_names(fields, schema, lexicon), height, lexicon, model)
    return page


def _without_marks_after_names(
    page: PageOCR, fields: dict[str, ExtractedField], schema: DocTypeSchema, height: float, lexicon: NameLexicon
) -> PageOCR:
    """The page without the word in small letters OCR read after a name of three words or more, where no one in
    the register has it in a name ("HÀ NGỌC HUỆ số", "Mai Duy Hải sẻ", poor, set 11500: specks under the leaders
    read as a syllable, which parsing keeps, as it keeps a name word OCR cased wrongly: "Lan anh"). A name word
    printed with a misspelling starts with a capital. The count dropped goes to `page.extra["name_marks_dropped"]`."""
    names = [f for f in fields.values() if schema.field(f.name).type == "name" and f.box is not None and f.raw]
    dropped = []
    for found in names:
        assert found.box is not None and found.raw is not None
        run = _value_run([w for w in page.words if _of_value(w, found.box)], found.raw, height)
        last = _bare(run[-1].text) if len(run) >= 4 else ""
        if last.isalpha() and last.islower() and not lexicon.known(last):
            dropped.append(run[-1])
    if not dropped:
        return page
    extra = {**page.extra, "name_marks_dropped": float(len(dropped))}
    return replace(page, words=tuple(w for w in page.words if w not in dropped), extra=extra)


def _label_of(word: Word, box: Box, height: float) -> bool:
    """Whether a recovered word is where the label of the value in `box` is: left of it on its line, near. A value
    found only once its label's line was read again ("Sút............" at 0 read "Số:............", and the "33"
    after it, read "CỔ" at 34, clean, set 11100) had no second pass: its label was not found when that ran."""
    return word.box.followed_by(box, 4 * height)


def _sex_of(item: FieldDef, fields: dict[str, ExtractedField]) -> Sex | None:
    """The sex of the person a name field names: its role's, its label's ("Bà"), or the one read in the field it
    points to."""
    if item.sex is not None:
        return item.sex
    found = fields.get(item.name)
    if found is not None and found.label in item.label_sex:
        return item.label_sex[found.label]
    read = fields.get(item.sex_field) if item.sex_field else None
    return read.value if read is not None and read.valid and read.value in SEXES else None  # type: ignore[return-value]


def _sexes(fields: dict[str, ExtractedField], schema: DocTypeSchema) -> dict[str, Sex | None]:
    """The sex of the person each name field names, where the document says (see `_sex_of`)."""
    return {f.name: _sex_of(f, fields) for f in schema.fields if f.type == "name"}


def _doubtful_names(
    fields: dict[str, ExtractedField], schema: DocTypeSchema, lexicon: NameLexicon
) -> list[tuple[ExtractedField, Sex | None]]:
    sexes = _sexes(fields, schema)
    names = [(f, sexes[f.name]) for f in fields.values() if f.name in sexes and f.valid and f.value and f.box]
    return [(f, sex) for f, sex in names if _doubtful(f, lexicon, sex)][:MAX_FIELDS]


def _doubtful(found: ExtractedField, lexicon: NameLexicon, sex: Sex | None) -> bool:
    """Whether a name is worth the second model's look: its words as parsed (`name_vote.doubtful_name`), or a word
    as read that is a known name with an l read as an i: parsing parts such a word when it reads as two syllables
    ("Ênuôi": "Ên Uôi"), which then look like no misreading."""
    if doubtful_name(str(found.value).split(), lexicon, sex):
        return True
    return any(lexicon.l_read_as_i(_bare(word)) for word in (found.raw or "").split())


def _typed(page: PageOCR, schemas: dict[str, DocTypeSchema] | None) -> tuple[DocTypeSchema, list[Line], float] | None:
    """The page's schema, lines and median line height; None for a page of no known type."""
    schemas = schemas or load_schemas()
    lines = build_lines(page.words)
    guess = guess_type(lines, schemas)
    if guess.doc_type is None or not lines:
        return None
    height = sorted(line.height for line in lines)[len(lines) // 2]
    return schemas[guess.doc_type], lines, height


def _croppable(fields: dict[str, ExtractedField], schema: DocTypeSchema, height: float) -> list[ExtractedField]:
    """The fields of the types worth a second look, each on one line (a value continued on another line is not
    one crop)."""
    return [
        f
        for f in fields.values()
        if schema.field(f.name).type in TYPES
        and f.box is not None
        and f.raw is not None
        and f.box.height <= 1.8 * height
    ]


@dataclass
class _Decision:
    field: ExtractedField
    type: str
    old: list[Word]  # the page's reading of the value (a label run into it parted off: `_parted_from_labels`)
    new: list[Word]
    italic: bool
    take: bool
    agree: bool
    leaning: bool  # printed in italics (`italic` is kept for numbers, whose upright reading wins)
    page_words: list[Word]  # the page's words the value is in, as read
    labels: list[Word] | None  # the label's parts kept if the new reading is taken; None: it cannot be taken


def _reread_doubtful(
    page: PageOCR,
    crops: CropSource,
    schema: DocTypeSchema,
    fields: list[ExtractedField],
    height: float,
    second_model: str | None = None,
    lexicon: NameLexicon | None = None,
    sexes: dict[str, Sex | None] | None = None,
) -> PageOCR:
    slanted = NUMBER_TYPES | (UNCHECKED_NUMBERS if second_model else frozenset())
    numbers = [f for f in fields if schema.field(f.name).type in slanted]
    slants = dict(zip((f.name for f in numbers), crops.slants([f.box for f in numbers if f.box]), strict=True))
    italic = {name for name, slant in slants.items() if slant >= MIN_SLANT}
    chosen = [f for f in fields if f.name in italic or not f.valid or _unsure(f, schema)][:MAX_FIELDS]
    if not chosen:
        return page
    # any value printed in italics (names too) gets the wider left margin its first glyph's foot needs
    unmeasured = [f for f in chosen if f.name not in slants and f.box is not None]
    slants.update(zip((f.name for f in unmeasured), crops.slants([f.box for f in unmeasured if f.box]), strict=True))
    leaning = {name for name, slant in slants.items() if slant >= MIN_SLANT}
    readings = crops.read([_grown(f.box, height, page, f.name in leaning) for f in chosen if f.box is not None])
    words = list(page.words)
    decisions = []
    for field, reading in zip(chosen, readings, strict=True):
        assert field.box is not None
        field_type = schema.field(field.name).type
        page_words = sorted((w for w in words if _of_value(w, field.box)), key=_left)  # in reading order
        parted = _parted_from_labels(page_words, field.box)
        labels, old = parted if parted is not None else (None, page_words)
        new = _within(_clean(reading, height), field.box, height)
        take, agree = _better(field_type, old, new, field.name in italic)
        if labels and _characters(new) < _characters(old):
            # the value's box in a word run into its label is that word parted by its letters' count, so the crop
            # may start inside the value, and a third reading of the same crop agree: "ký:11/122014....." at 14
            # cropped to "1/12/2014" (set 9762). A shorter reading cannot take its place.
            labels = None
        if field_type in UNCHECKED_NUMBERS and _thousands_cut(field_type, old, new):
            # the same for a number's box that leaders pushed off its thousands: "2.238" read at 72, its box
            # starting at the dot, cropped to ".238" at 84 (clean, set 11700); "tích:2.163m?" parted to "163"
            labels, take = None, False
        decisions.append(
            _Decision(
                field,
                field_type,
                old,
                new,
                field.name in italic,
                take,
                agree,
                field.name in leaning,
                page_words,
                labels,
            )
        )
    disputed = [d for d in decisions if _disputed(d)]
    by_register = _settled_by_register(disputed, lexicon, sexes or {}) if lexicon else []
    third_failed = False
    if second_model and (left := [d for d in disputed if d not in by_register]):
        try:
            _third_reading(left, crops, page, height, second_model)
        except Exception:  # the second model failing costs the page no more than its third reading
            third_failed = True
    for d in disputed:
        if d.type == "name" and _page_shows_the_other(d, crops):
            d.take = not d.take
    taken = agreed = 0
    for d in decisions:
        assert d.field.box is not None
        if d.agree:
            agreed += 1
            confs = {w.text: w.conf for w in d.new}
            words = [replace(w, conf=max(w.conf, confs.get(w.text, w.conf))) if w in d.page_words else w for w in words]
        elif d.take and d.old and d.labels is not None:
            taken += 1
            template = d.page_words[0]
            # the crop's words take the old words' place in Tesseract's hierarchy, so lines build as before
            placed = [
                replace(w, block=template.block, par=template.par, line=template.line, word=template.word + i)
                for i, w in enumerate(d.new)
            ]
            words = [w for w in words if w not in d.page_words] + d.labels + placed
    extra = {**page.extra, "reread_fields": float(len(chosen)), "reread_taken": float(taken)}
    extra.update(reread_agreed=float(agreed), reread_italic=float(len(italic)))
    extra.update(reread_disputed=float(len(disputed)), reread_register=float(len(by_register)))
    if third_failed:
        extra["reread_third_failed"] = 1.0
    return replace(page, words=tuple(words), extra=extra)


def _value_of(field_type: str, words: list[Word]) -> object:
    parsed = PARSERS[field_type](" ".join(w.text for w in words))
    return parsed.value if parsed.valid else None


def _letters(value: object) -> str:
    return fold(str(value))


def _digits(words: list[Word]) -> str:
    return "".join(ch for w in words for ch in w.text if ch.isdigit())


def _thousands_cut(field_type: str, old: list[Word], new: list[Word]) -> bool:
    """Whether the new reading's number is the old one's without its thousands ("2.238" against ".238" or "238"):
    a crop cut at the value's start. Only at a thousands separator: a digit the page read before a number with none
    ("9526" for a printed 526, clean, set 11700) is as likely the leaders' or the label's, which the crop leaves
    out. (Of the values, not the words: a unit's "m2" is no digit of an area.)"""
    thousands = _THOUSANDS.match(" ".join(w.text for w in old))
    before, after = (_value_of(field_type, words) for words in (old, new))
    if thousands is None or before is None or after is None:
        return False
    before, after = ("".join(ch for ch in str(value) if ch.isdigit()) for value in (before, after))
    return after == before[len(thousands.group(1)) :]


# a number's thousands, then its separator and the next three digits ("2.238", "12.050,5")
_THOUSANDS = re.compile(r"^\D*?(\d{1,3})[.,]\d{3}(?!\d)")


def _characters(words: list[Word]) -> int:
    """How many letters and digits the words hold."""
    return sum(ch.isalnum() for w in words for ch in w.text)


def _disputed(d: _Decision) -> bool:
    """Both readings valid and different: validation cannot tell which is right. Or two readings of an ID, one
    valid: an ID printed a digit short or long is a clerk's error the cleaning must see (`ID_INVALID`), and a crop
    read with a digit too many can make it valid ("02709480593" read "027094180593", at 89). Or an ID both
    readings found invalid: `vie` reads a clean row of digits with one too many, on the page and in the crop alike
    ("038095955868" as "0386095955868"), where the second model reads it right."""
    if d.agree or not d.new:
        return False
    old, new = _value_of(d.type, d.old), _value_of(d.type, d.new)
    if old is not None and new is not None:
        return old != new
    if d.type != "personal_id":
        return False
    if old is None and new is None:
        return True
    return (old is None) != (new is None) and _digits(d.old) != _digits(d.new)


def _settled_by_register(
    disputed: list[_Decision], lexicon: NameLexicon, sexes: dict[str, Sex | None]
) -> list[_Decision]:
    """The disputed names the register settles (`name_vote.register_prefers`), each decision set to its choice."""
    settled = []
    for d in disputed:
        if d.type != "name":
            continue
        side = register_prefers([w.text for w in d.old], [w.text for w in d.new], lexicon, sexes.get(d.field.name))
        if side is not None:
            d.take = side == "second"
            settled.append(d)
    return settled


def _third_reading(disputed: list[_Decision], crops: CropSource, page: PageOCR, height: float, model: str) -> None:
    """Settle disputed fields by a third reading with another OCR model (one call): the value two readings of
    three agree on is taken. Without a majority the decision stands, except for an italic number that no rule
    validates: its upright reading alone lost as often as it won, so the page's reading stays."""
    thirds = crops.read(
        [_grown(d.field.box, height, page, d.leaning) for d in disputed if d.field.box is not None], lang=model
    )
    for d, reading in zip(disputed, thirds, strict=True):
        assert d.field.box is not None
        within = _within(_clean(reading, height), d.field.box, height)
        third = _value_of(d.type, within)
        old, new = _value_of(d.type, d.old), _value_of(d.type, d.new)
        if d.type == "personal_id" and old is None and new is None:
            # both readings invalid: a valid third one a digit's change from one of them is taken (`_one_digit_off`)
            if third is not None and any(_one_digit_off(_digits(within), _digits(r)) for r in (d.old, d.new)):
                d.new, d.take = within, True
        elif d.type == "personal_id" and None in (old, new):
            # one reading valid, one not: the digits two of three readings agree on, valid or not
            if _digits(within) in (_digits(d.old), _digits(d.new)):
                d.take = _digits(within) == _digits(d.new)
        elif third is not None and third in (old, new):
            d.take = third == new
        elif d.type == "personal_id" and third is not None and (voted := _digit_by_digit(within, d)) is not None:
            d.new, d.take = voted, True
        elif d.type == "personal_id" and third is None:
            # the second model read one digit too many, as `vie` does now and then ("0010836365974" for the
            # page's 004036365974 and the crop's 001036365974, clean, set 11100): without it, it votes
            votes = [r for r in (d.old, d.new) if _one_digit_more(_digits(within), _digits(r))]
            if len(votes) == 1:
                d.take = votes[0] is d.new
        elif third is not None and _letters(old) != _letters(new) and _letters(third) in (_letters(old), _letters(new)):
            # no two readings agree to the mark, but two agree on the letters and the spaces ("Thị Hàng" and "Thị
            # Hằng" against "Thịhằng"): they outvote the other; the marks are the name step's to settle
            d.take = _letters(third) == _letters(new)
        elif d.italic and d.type in UNCHECKED_NUMBERS:
            d.take = False


def _page_shows_the_other(d: _Decision, crops: CropSource) -> bool:
    """Whether the page-trained mark reader finds on the page, in each word where a disputed name's two readings
    differ, the spelling the decision did not take, where they differ only in tones above and hats or breves
    (`CropSource.spelling_on_page`: sure of it, and not of the one taken). Tesseract drops tones in capitals on
    a crop as on the page: "HIỀN" read so on the page and "HIÊN" by both crops, voted two to one (clean, set
    12100), where the reader gives the grave beside the hat 0.99."""
    if len(d.old) != len(d.new):
        return False
    chosen, other = (d.new, d.old) if d.take else (d.old, d.new)
    differ = [
        (page_word, _bare(mine.text), _bare(theirs.text))
        for page_word, mine, theirs in zip(d.old, chosen, other, strict=True)
        if _bare(mine.text) != _bare(theirs.text)
    ]
    if not differ or not all(_marks_above_differ(mine, theirs) for _, mine, theirs in differ):
        return False
    return all(_page_spells(crops, page_word, theirs, read=mine) for page_word, mine, theirs in differ)


def _page_spells(crops: CropSource, word: Word, spelling: str, *, read: str) -> bool:
    """Whether the page-trained mark reader finds `spelling` at `word` on the page, not `read` (the same letters
    with other marks above: `CropSource.spelling_on_page`)."""
    return crops.spelling_on_page(replace(word, text=read), [spelling]) == spelling


def _digit_by_digit(third: list[Word], d: _Decision) -> list[Word] | None:
    """The ID three valid readings of equal length make digit by digit, each digit the one two of them read, as a
    word in the crop's reading's place: three readings that each misread another digit ("036192604046",
    "038192604946", "038192604046" for 038192604046, clean, set 11100). None where any digit has no majority, or
    the result is no valid ID."""
    readings = [_digits(third), _digits(d.old), _digits(d.new)]
    if len({len(r) for r in readings}) != 1 or len(d.new) != 1:
        return None
    voted = ""
    for digits in zip(*readings, strict=True):
        top = max(set(digits), key=digits.count)
        if digits.count(top) < 2:
            return None
        voted += top
    word = replace(d.new[0], text=voted)
    return [word] if _value_of("personal_id", [word]) is not None else None


def _one_digit_more(third: str, read: str) -> bool:
    """Whether `third` is `read` with one digit more, anywhere (`read` is `third` with one dropped)."""
    return len(third) == len(read) + 1 and _one_digit_off(read, third)


def _one_digit_off(third: str, read: str) -> bool:
    """Whether `third` is `read` with one digit changed, one digit too many dropped, or a leading 0 put back: the
    misreadings the second model corrects (`vie` reads some clean rows of digits with one too many, and loses a 0
    run into the label's colon). An ID printed a digit short is a clerk's error every model reads as printed; a
    third reading that adds a digit inside it ("02709480593" read "027094180593") is a misreading of its own."""
    if len(third) == len(read):
        return sum(a != b for a, b in zip(third, read, strict=True)) == 1
    if len(third) == len(read) - 1:
        return any(read[:i] + read[i + 1 :] == third for i in range(len(read)))
    return third == "0" + read


# A name's word settled by the register's spelling counts is less sure than one both models read alike (they
# disagreed; the counts decided): its confidence is the lower of the two models' times this factor.
SETTLED = 0.85
SETTLED_NOTE = "two OCR models read a mark differently; the register's more common spelling was taken"
INK_NOTE = "no name is spelt as read; the mark reader trained on scanned pages saw another known spelling on the page"
REPAIRED_NOTE = (
    "no name is spelt as read; a mark or letter the OCR model is known to confuse was set as the register spells it"
)


def _second_opinion_on_names(
    page: PageOCR,
    crops: CropSource,
    names: list[tuple[ExtractedField, Sex | None]],
    height: float,
    lexicon: NameLexicon,
    model: str,
) -> PageOCR:
    """Read the doubtful names with the second model (one call; a name wrapped onto a second line is a crop per
    line) and settle each against the page's reading."""
    extra = {**page.extra, "names_checked": float(len(names)), "names_settled": 0.0}
    if not names:
        return replace(page, extra=extra)
    words = list(page.words)
    runs = [(_value_run([w for w in words if _of_value(w, f.box)], f.raw or "", height), sex) for f, sex in names]
    rows = [(_rows(run, height), sex) for run, sex in runs if run]
    boxes = [_union(row) for name_rows, _ in rows for row in name_rows]
    leaning = [slant >= MIN_SLANT for slant in crops.slants(boxes)]
    readings = iter(
        crops.read([_grown(b, height, page, lean) for b, lean in zip(boxes, leaning, strict=True)], lang=model)
    )
    settled = 0
    for name_rows, sex in rows:
        old: list[Word] = []
        new: list[Word] = []
        for row in name_rows:
            reading = next(readings)
            old += row
            new += sorted(_within(_clean(reading, height), _union(row), height), key=_left)
        confs = [(w.conf, n.conf) for w, n in zip(old, new, strict=False)] if len(old) == len(new) else None
        voted = settle_name([w.text for w in old], [w.text for w in new], lexicon, confs, sex)
        repaired = repair_name(voted, lexicon, sex)
        places = [position_of(i, len(old)) for i in range(len(old))]
        texts = [_as_on_page(crops, *read, lexicon) for read in zip(old, repaired, places, strict=True)]
        for index, (word, text, vote) in enumerate(zip(old, texts, voted, strict=True)):
            if (
                text == vote
                and _marks_above_differ(text, word.text)
                and (word.marks_seen or crops.marks_confirmed(word) or _page_spells(crops, word, word.text, read=text))
            ):
                # the register's commoner spelling, but the page shows the marks as the first model read (in
                # capitals, `Word.marks_seen`: "DÚNG" printed on purpose, voted "Dũng", clean, set 11200), or the
                # page-trained reader finds them there and not the vote's ("ĐẰNG" voted "Đăng", clean, set 12200)
                continue
            if text != word.text and word in words:  # (a word two fields share is settled once)
                settled += 1
                other = new[index].conf if len(new) == len(old) else word.conf
                conf = min(word.conf, other) * SETTLED
                note = SETTLED_NOTE if text == vote else REPAIRED_NOTE if text == repaired[index] else INK_NOTE
                words[words.index(word)] = replace(word, text=text, conf=conf, note=note)
    extra["names_settled"] = float(settled)
    return replace(page, words=tuple(words), extra=extra)


def _as_on_page(crops: CropSource, word: Word, text: str, position: Position, lexicon: NameLexicon) -> str:
    """The word read `text`, spelt as the page-trained mark reader finds it on the page where no one in the
    register is called so at its place and another spelling of its letters is known there
    (`pipeline.ocr.marks.spelling_on_page`): "HIEN" read without its tone, Hiền on the page; a middle name
    "NGUYÊN", Nguyễn. A rare spelling printed on purpose stays: the reader gives it as read."""
    spellings = spellings_to_weigh(text, lexicon, position)
    found = crops.spelling_on_page(replace(word, text=text), spellings) if spellings else None
    return text if found is None else respelt(text, found)


def _marks_above_differ(a: str, b: str) -> bool:
    """Whether two readings differ, and only in tones above and hats or breves (not in a horn, a dot below, a
    letter): the marks the page-trained mark reader reads over a vowel."""
    return a != b and without_marks_above(a) == without_marks_above(b)


def _bare(text: str) -> str:
    return text.strip(_EDGE_MARKS + ".…·_,")


def _value_run(words: list[Word], raw: str, height: float) -> list[Word]:
    """The words that read as the value's raw text, in reading order: a value's box may take in words of its
    label (a label wrapped beside a name in a narrow column). Empty when no run of words matches."""
    tokens = [t for t in (_bare(t) for t in raw.split()) if t]
    ordered = [w for row in _rows(words, height) for w in row]
    texts = [_bare(w.text) for w in ordered]
    for start in range(len(ordered) - len(tokens), -1, -1):  # the last run: labels come first
        if texts[start : start + len(tokens)] == tokens:
            return ordered[start : start + len(tokens)]
    return []


def _rows(words: list[Word], height: float) -> list[list[Word]]:
    """Words grouped into the lines they sit on, top to bottom, each left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.box.center_y):
        if rows and abs(word.box.center_y - rows[-1][-1].box.center_y) < 0.5 * height:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=_left) for row in rows]


def _union(words: list[Word]) -> Box:
    box = words_box(words)
    assert box is not None  # rows are never empty
    return box


def _left(word: Word) -> int:
    return word.box.left
