"""Field extraction: labels found on the page, values beside or below them, typed and validated.

Geometry is only ever relative to what was found on the page: a value is on the label's line to its right (up to the
next label), or on the next line when the label's line holds only dotted leaders; two columns are told apart by the
section headings printed side by side. Nothing depends on where one layout happens to put a field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from pipeline.extract.doctype import guess_type
from pipeline.extract.labels import LabelHit, find_labels
from pipeline.extract.lines import Line, build_lines, is_leader
from pipeline.extract.model import ExtractedField, ExtractedRecord
from pipeline.extract.schema import DocTypeSchema, FieldDef, load_schemas
from pipeline.extract.values import PARSERS, Parsed, parse_name, snap_to_choice
from pipeline.normalize.names import plausible_syllable
from pipeline.normalize.text import diacritics, fold
from pipeline.ocr.model import JUNK_CONF, Box, PageOCR, Word, mean_confidence, words_box

CONTINUED_TYPES = frozenset(
    {"text", "date_words", "death_time", "name", "date"}
)  # values that may wrap onto more lines


@dataclass(frozen=True)
class SectionStart:
    name: str
    line: int  # the line of its first label: a section runs from there down
    x0: float
    x1: float


def _gutter(lines: list[Line], first: int, end: int, low: float, high: float) -> float:
    """Where two columns part between x=low and x=high: the middle of the widest stretch that the fewest words of
    the columns' lines (`first` up to `end`) cross. (Halfway between the columns' first labels would cut a long
    value of the left column; the lines of the sections below, printed across the page, cross every gutter and
    left only a few pixels free, which cut a husband's date in words.)"""
    low, high = int(low), int(high)
    if high - low < 2:
        return (low + high) / 2
    crossings = np.zeros(high - low + 1, dtype=np.int32)
    for line in lines[first:end]:
        for word in line.words:
            if word.box.right > low and word.box.left < high:
                crossings[max(0, word.box.left - low) : min(high, word.box.right) - low + 1] += 1
    free = crossings == crossings.min()
    best_start, best_len, start = 0, 0, None
    for x, is_free in enumerate([*free.tolist(), False]):
        if is_free and start is None:
            start = x
        elif not is_free and start is not None:
            if x - start > best_len:
                best_start, best_len = start, x - start
            start = None
    return low + best_start + best_len / 2


def _section_starts(lines: list[Line], hits: list[LabelHit], schema: DocTypeSchema) -> list[SectionStart]:
    firsts: list[tuple[str, LabelHit]] = []
    for section in schema.sections:
        starts = set(section.starts)
        hit = next((h for h in hits if h.label in starts), None)
        if hit is not None:
            firsts.append((section.name, hit))
    result: list[SectionStart] = []
    start_lines = sorted({hit.line for _, hit in firsts})
    for name, hit in firsts:
        # the columns run down to the next section that starts below them
        end = next((line for line in start_lines if line > hit.line + 1), len(lines))
        # Starts printed side by side (the husband's and wife's columns) split the page between them.
        beside = sorted(
            (other for _, other in firsts if abs(other.box.center_y - hit.box.center_y) < hit.box.height),
            key=lambda h: h.box.left,
        )
        index = beside.index(hit)
        x0 = 0.0 if index == 0 else _gutter(lines, hit.line, end, beside[index - 1].box.right, hit.box.left)
        x1 = (
            math.inf
            if index == len(beside) - 1
            else _gutter(lines, hit.line, end, hit.box.right, beside[index + 1].box.left)
        )
        if index > 0:
            x0 = min(x0, hit.box.left - 1)
        result.append(SectionStart(name, hit.line, x0, x1))
    return result


def _section_of(starts: list[SectionStart], hit: LabelHit) -> SectionStart | None:
    """The section a label is in, by reading order: the last start on its line or above it in its column. (By
    height it was not: on a poor scan a label's box can reach half a line into the next line's, and "Số định danh
    cá nhân" right above the mother's block was taken for hers.)"""
    best = None
    x = hit.box.left + 1
    for start in starts:
        if start.line <= hit.line and start.x0 <= x < start.x1 and (best is None or start.line > best.line):
            best = start
    return best


def _column(starts: list[SectionStart], hit: LabelHit) -> tuple[float, float]:
    section = _section_of(starts, hit)
    return (section.x0, section.x1) if section is not None else (0.0, math.inf)


_LEADER_RUN = re.compile(r"[.…·_]{3,}|…")


# leaders before a value, with the marks OCR reads at their start ("„.....97", a low comma for the first dots)
LEADER_START_MARKS = "„‚,'`\"“”"
_LEADING_LEADERS = re.compile(rf"^[.…·_:\s{LEADER_START_MARKS}]+")
_DASHES = frozenset("-–—")
# A word less tall than this share of its line's height is a mark, not a word: leaders, rules, specks and what
# OCR makes of them ("x", "và", "¬" 4-11 px tall on lines of 25-50 px). A real word, even "a", is about half.
FLAT = 0.35
# The gap (in line heights) after a value beyond which such marks start the leaders that end it.
LEADER_GAP = 0.8


def _is_inner_dash(words: list[Word], index: int, height: float) -> bool:
    """A dash between two words of the value at word spacing ("Sản - Nhi"), not a leader."""
    if words[index].text not in _DASHES or not 0 < index < len(words) - 1:
        return False
    before, after = words[index - 1], words[index + 1]
    near = words[index].box.left - before.box.right < LEADER_GAP * height
    return near and after.box.left - words[index].box.right < LEADER_GAP * height and not is_leader(after.text)


def _slice(word: Word, start: int, stop: int) -> Word:
    """Characters start:stop of a word, with the matching share of its box."""
    length = max(1, len(word.text))
    left = word.box.left + int(word.box.width * start / length)
    width = max(1, int(word.box.width * (stop - start) / length))
    return replace(word, text=word.text[start:stop].strip(), box=Box(left, word.box.top, width, word.box.height))


# a word of letters run together with the first leaders after it ("THU_.", "Ọn_ˆ"), which Tesseract may box by
# those marks alone: a few pixels, flat, right of the letters
_BOXED_BY_ITS_LEADERS = re.compile(r"^([^\W\d_]{2,})[._…·]+[ˆ^~`'\"]*$")
# digits that Tesseract boxed by the leaders after them ("1999," at 29, 8 px tall over a 27 px line): a value's
# first word, flat, but digits
_DIGITS_BOXED_FLAT = re.compile(r"^\d{2,}[\d/.,]*$")


def boxed_by_its_leaders(previous: Word, word: Word, height: float) -> Word | None:
    """The letters of `word`, when it is letters run together with leaders and boxed flat by them, placed where
    they are printed: right after `previous` (the value's word before it), at its height (the box the second pass
    crops). None for any other word. The flat box starts past the letters, so it may be as far from `previous`
    as they are wide and a space more ("LAN" 107 px right of "THANH" on a 25 px line)."""
    match = _BOXED_BY_ITS_LEADERS.match(word.text)
    if match is None or word.box.height >= FLAT * height:
        return None
    if word.box.left - previous.box.right > max(4.0, 1.5 + len(match.group(1))) * height:
        return None
    if not _cased_alike(previous.text, match.group(1)):
        return None  # "VŨ THỊ NHI . chu." (poor, set 11000): marks under the leaders, read as small letters
    return _letters_after(previous, word, height)


def _cased_alike(before: str, letters: str) -> bool:
    """Whether `letters` are cased as a word after `before` in one value is: in capitals after capitals, with a
    capital first after a word with one (names); anything after a word in small letters (places)."""
    before = "".join(ch for ch in before if ch.isalpha())
    if before.isupper():
        return letters.isupper()
    return not before[:1].isupper() or letters[:1].isupper()


def _letters_after(previous: Word, word: Word, height: float) -> Word:
    letters = _BOXED_BY_ITS_LEADERS.match(word.text).group(1)  # type: ignore[union-attr]
    left = previous.box.right + round(0.3 * height)
    right = max(left + round(0.75 * height * len(letters)), word.box.right)  # and the marks it was boxed by
    box = Box(left, previous.box.top, right - left, previous.box.height)
    return replace(word, text=letters, box=box)


def _line_tall(word: Word, height: float) -> Word:
    """A flat word's box grown up to a line's height from its bottom, where its letters are (the box the second
    pass crops)."""
    top = word.box.bottom - round(height)
    return replace(word, box=Box(word.box.left, top, word.box.width, word.box.bottom - top))


def _read_again(kept: list[Word], word: Word, letters: str) -> bool:
    """Whether the letters of `word`, run together with the leaders and boxed by them, are the value's last word
    read once more by another pass: "HỒ VĂN HUY ....." gave "HUY......" boxed by the dots in the page's reading,
    and the missed-line pass (a block of its own) "HUY" where it is printed. Within one pass the same letters twice
    are two words: "THỊ THI ....." read "THI THI....." lost a dot, not a word. The two passes may read the marks
    differently ("TUAN" where it is printed, "TUẤN.........." boxed by the dots, poor, set 11200): the same word."""
    return bool(kept) and kept[-1].block != word.block and fold(letters) == fold(kept[-1].text)


def _with_more_marks(kept: list[Word], letters: str) -> None:
    """The value's last word given the marks of its other reading (`_read_again`) when that one has more of them:
    Tesseract loses marks far more often than it invents them."""
    if len(diacritics(letters)) > len(diacritics(kept[-1].text)):
        kept[-1] = replace(kept[-1], text=letters)


def _until_leaders(words: list[Word], height: float) -> list[Word]:
    """A value ends where dotted leaders start again after it: what OCR reads past them is dots taken for letters.

    Leaders before the value are dropped; a word with leaders glued on ("079090481748......") keeps its front.
    Flat marks (see FLAT) count as leaders whatever OCR read them as; a dash between two words stays.
    """
    kept: list[Word] = []
    for index, word in enumerate(words):
        match = _LEADER_RUN.search(word.text)
        if match is None:
            flat = word.box.height < FLAT * height
            if flat and not kept and _DIGITS_BOXED_FLAT.match(word.text):
                # digits run together with the leaders after them, boxed by the dots ("Năm sinh: 1999 ....."
                # read "1999," 8 px tall): their own box starts where the letters do
                kept.append(_line_tall(word, height))
                continue
            letters = boxed_by_its_leaders(kept[-1], word, height) if kept else None
            if letters is not None and word.conf >= JUNK_CONF:
                if not _read_again(kept, word, letters.text):
                    kept.append(letters)
                else:
                    _with_more_marks(kept, letters.text)
                break
            if kept and word.conf < JUNK_CONF and word.box.left - kept[-1].box.right > JUNK_GAP * height:
                break  # a mark far past the value (a stamp's edge, a speck at the line's end read as "c" at 0)
            if (kept and _is_inner_dash(words, index, height)) or (not flat and not is_leader(word.text)):
                kept.append(word)
            elif kept and flat and word.box.left - kept[-1].box.right > LEADER_GAP * height:
                break
            continue
        if match.start() == 0 or _LEADING_LEADERS.match(word.text[: match.start()]):
            # leaders glued before the value ("......2"): the value is what follows them, up to any more leaders
            begin = len(word.text) - len(_LEADING_LEADERS.sub("", word.text))
            more = _LEADER_RUN.search(word.text, begin)
            stop = more.start() if more else len(word.text)
            if kept and (begin == len(word.text) or word.box.height < FLAT * height):
                break  # leaders after the value (and what OCR made of a speck at their end: "......Ặ.ỐỘ", flat)
            between = word.text[begin:stop]
            # marks alone between leaders are no value (":;›..::...." before "Nguyễn Thị Thủy", poor, set 11100)
            if between.strip() and not is_leader(between) and any(ch.isalnum() for ch in between):
                kept.append(_slice(word, begin, stop))
            if kept and more:
                break
            continue
        front = word.text[: match.start()].strip()
        if not any(ch.isalnum() for ch in front):
            if kept:
                break
            continue  # the label's colon read glued to the leaders (":.........."): no value yet
        if word.box.height < FLAT * height and _read_again(kept, word, front):
            _with_more_marks(kept, front)
            break
        kept.append(_slice(word, 0, len(front)))
        if kept:
            break
    return kept


def _in_column(word: Word, column: tuple[float, float]) -> bool:
    return column[0] <= word.box.left + 1 and word.box.left < column[1]


def _continuation(
    lines: list[Line],
    hits: list[LabelHit],
    after: int,
    column: tuple[float, float],
    row_left: float,
    height: float,
    value_left: float,
) -> list[Word]:
    """Lines that carry on a long value: right below, indented past the label row's start but not right of where
    the value began (a signature block further right is no continuation), holding no label."""
    words: list[Word] = []
    bottom = lines[after].box.bottom
    for index in range(after + 1, min(after + 5, len(lines))):
        line = lines[index]
        if all(w.box.height < FLAT * height or is_leader(w.text) for w in line.words):
            # marks or leaders alone, a line of their own between a value's two lines (a speck read "_" or "ˆ"
            # beside a husband's and a wife's dates wrapped in two columns, poor, set 11100; the wife's leaders
            # boxed a little low, between both names and their second lines, set 11200): no line of the form
            continue
        row = [w for w in line.words if _in_column(w, column)]
        in_column = [w for w in row if not is_leader(w.text)]
        if not in_column or in_column[0].box.top - bottom > 0.9 * height:
            break
        if not row_left + 0.5 * height <= in_column[0].box.left <= value_left + 2 * height:
            break
        if any(h.line == index and _in_column(line.words[h.start], column) for h in hits):
            break
        # a continued value ends at leaders too: what is read past them is marks ("KIÊN .. cà")
        taken = _until_leaders(row, height)
        words += taken
        if not taken or taken[-1].box.left != in_column[-1].box.left:
            break
        bottom = max(w.box.bottom for w in taken)
    return words


_DATE_WORDS = frozenset({"ngay", "thang", "nam"})


def _fitting(field_type: str, more: list[Word]) -> list[Word]:
    """The continuation lines, if they can carry on a value of this type: a date goes on with a number or a date
    word, not with the "Chồng Vợ" of the signatures under it. (Marks read after a name are `parse_name`'s to
    leave out.)"""
    if field_type in ("date", "death_time"):
        first = fold(more[0].text).strip(".,:;") if more else ""
        return more if any(ch.isdigit() for ch in first) or first in _DATE_WORDS else []
    return more


# a date's year, its last number: what follows it is leaders or marks
_YEAR_AT_END = re.compile(r"(?<!\d)\d{4}[\W_]*$")
# the letter some forms print before an item's label: "b)", "(c)", "đ)"
_ITEM_MARK = re.compile(r"^\(?[a-hđ]\)$", re.IGNORECASE)
# How far (in line heights) right of its label junk starts before it is taken for marks, not a value.
JUNK_GAP = 4.0


def _after_leaders(words: list[Word], first: Word) -> bool:
    """Whether dotted leaders lead from the label to the value's first word: a value printed at the end of its
    leaders ("Số: ......... 444") is the value however unsure its reading (444 at confidence 18)."""
    before = [w for w in words if w.box.left < first.box.left]
    return bool(before) and all(_LEADER_RUN.search(w.text) or is_leader(w.text) for w in before)


def _value_words(
    lines: list[Line], hits: list[LabelHit], hit: LabelHit, column: tuple[float, float], field_type: str
) -> list[Word]:
    x0, x1 = column
    line = lines[hit.line]
    # the label's own height too: marks read as words (leaders, specks) can be half a line's words
    height = max(line.height, float(hit.box.height))
    row = [w for w in line.words if _in_column(w, column)]
    row_left = min([hit.box.left] + [w.box.left for w in row])
    wraps = field_type in CONTINUED_TYPES

    def wants_more(found: list[Word]) -> bool:
        # A date is read from one line when it can be; only a date cut short goes on to the next line. One that
        # reaches its year is not cut short, however misread ("77/11/2005" took the "Chồng Vợ" of the signatures
        # below it): the second pass reads it again.
        if field_type in ("date", "death_time"):
            text = " ".join(w.text for w in found)
            return not PARSERS[field_type](text).valid and _YEAR_AT_END.search(text) is None
        return wraps

    next_start = min((h.start for h in hits if h.line == hit.line and h.start >= hit.end), default=len(line.words))
    if hit.end < next_start < len(line.words) and _ITEM_MARK.match(line.words[next_start - 1].text):
        next_start -= 1  # the next label's item letter ("a) Thửa đất số: 180 b) Tờ bản đồ số: 12") is not our value's
    words = _until_leaders([w for w in line.words[hit.end : next_start] if w.box.left < x1], height)
    # junk far beside a label (blotches at the page's edge read at confidence 0-20) is no value when the next line
    # has one; a value right after its label stays however unsure (a date read at confidence 0 is still the date)
    junk = (
        bool(words)
        and all(w.conf < JUNK_CONF for w in words)
        and words[0].box.left - hit.box.right > JUNK_GAP * height
        and not _after_leaders(line.words[hit.end : next_start], words[0])
    )
    if words and not junk:
        last_on_row = next_start == len(line.words) or line.words[next_start].box.left >= x1
        if wraps and last_on_row and wants_more(words):
            words += _fitting(
                field_type, _continuation(lines, hits, hit.line, column, row_left, height, words[0].box.left)
            )
        return words
    beside = words
    # The value is on the next line: below the label, in its column, before any other label there.
    for index in range(hit.line + 1, min(hit.line + 4, len(lines))):
        below = lines[index]
        if below.box.top - hit.box.bottom > 2.5 * height:
            break
        in_column = [w for w in below.words if _in_column(w, column) and w.box.right > hit.box.left - 3 * height]
        if not in_column:
            continue
        first_label = min((h.start for h in hits if h.line == index and x0 <= h.box.left < x1), default=None)
        taken = _until_leaders(in_column, max(below.height, height))
        if first_label is not None:
            label_left = below.words[first_label].box.left
            if not taken or label_left <= taken[0].box.left:
                return beside
            taken = [w for w in taken if w.box.left < label_left]
        if taken and all(w.conf < JUNK_CONF for w in taken) and taken[0].box.left - row_left > JUNK_GAP * height:
            continue  # marks far right on the line below (a blotch read at confidence 0): the value is further down
        if taken:
            if wraps and wants_more(taken):
                taken += _fitting(
                    field_type, _continuation(lines, hits, index, column, row_left, height, taken[0].box.left)
                )
            return taken
    return beside


def _parse(item: FieldDef, words: list[Word], text: str) -> Parsed:
    """The value of `text`, read from `words`. A name whose surname the page showed with its marks as read
    (`Word.marks_seen`) keeps the surname as printed: no tone lost in capitals is restored to it."""
    if item.type == "name":
        surname = next((w for w in words if any(c.isalpha() for c in w.text)), None)
        return parse_name(text, restore=surname is None or not _surname_seen(surname))
    return PARSERS[item.type](text)


def _surname_seen(word: Word) -> bool:
    """Whether the page showed the marks of the surname `word` as read: a word of one syllable the mark check
    confirmed. The check of a whole name run together into one word ("NGUYÊNVĂNHÒA", clean, set 12600: the ngã of
    NGUYỄN lost) weighs a dozen letters at once, and vouches for no surname in it."""
    letters = "".join(c for c in word.text if c.isalpha())
    return word.marks_seen and plausible_syllable(letters)


def _build_field(item: FieldDef, words: list[Word], page_no: int, parsed: Parsed | None = None) -> ExtractedField:
    raw = " ".join(w.text for w in words)
    parsed = parsed or _parse(item, words, raw)
    if item.choices and isinstance(parsed.value, str):
        choice = snap_to_choice(parsed.value, item.choices)
        if choice is not None:
            parsed = Parsed(choice, True, "a letter or two read differently from the allowed value", 0.9)
    ocr_conf = (mean_confidence(words) or 0.0) / 100.0
    box = words_box(words)
    return ExtractedField(
        name=item.name,
        value=parsed.value,
        raw=raw or None,
        confidence=round(ocr_conf * parsed.factor * (1.0 if parsed.valid else 0.5), 4),
        valid=parsed.valid,
        problem="; ".join(dict.fromkeys(n for n in (parsed.problem, *(w.note for w in words)) if n)) or None,
        page_no=page_no,
        box=box,
        export=item.export,
    )


def _owned_by_other_label(item: FieldDef, hits: list[LabelHit], line_no: int, first_word: int) -> bool:
    """Whether the nearest label left of a word on its line is another field's ("Số vào sổ cấp GCN: CH 003717" is
    a register entry that looks like a certificate serial)."""
    before = [h for h in hits if h.line == line_no and h.end <= first_word]
    return bool(before) and max(before, key=lambda h: h.end).label not in item.labels


def _from_pattern(item: FieldDef, lines: list[Line], page_no: int, hits: list[LabelHit]) -> ExtractedField | None:
    assert item.pattern is not None
    pattern = re.compile(item.pattern, re.IGNORECASE)
    found: list[tuple[list[Word], str]] = []
    for line_no, line in enumerate(lines):
        text, spans, position = "", [], 0
        for index, word in enumerate(line.words):
            spans.append((position, position + len(word.text), index))
            text += word.text + " "
            position += len(word.text) + 1
        for match in pattern.finditer(text):
            # With a group, the value is the first group that matched (the label the pattern also matched stays out
            # of it; alternatives each have their own group).
            group = next((i for i in range(1, pattern.groups + 1) if match.group(i) is not None), 0)
            start, end = match.span(group)
            indexes = [i for a, b, i in spans if a < end and b > start]
            if _owned_by_other_label(item, hits, line_no, indexes[0]):
                continue
            # the words give the box and confidence; the value is the matched text alone, since a word may carry
            # more than the match ("Định,.ngày 12 tháng 10 năm 2022": a place glued to the date)
            found.append(([line.words[i] for i in indexes], text[start:end]))
    if not found:
        return None
    fields = [_build_field(item, words, page_no, _parse(item, words, matched)) for words, matched in found]
    if item.which == "last":
        fields.reverse()
    # the first valid one; else the first, invalid, with its box: the second pass reads its crop again
    return next((f for f in fields if f.valid), fields[0])


def _one_slip(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _cross_check(fields: dict[str, ExtractedField], schema: DocTypeSchema) -> None:
    for item in schema.fields:
        if not item.cross_check:
            continue
        main, other = fields.get(item.name), fields.get(item.cross_check)
        if main is None or other is None or not other.valid:
            continue
        if not main.valid:
            # The date in digits is unreadable but the words are: take the words' reading.
            main.value, main.valid, main.confidence = other.value, True, round(other.confidence * 0.9, 4)
            main.problem = "read from the date in words"
        elif main.value == other.value:
            main.confidence = round(1 - (1 - main.confidence) * (1 - other.confidence), 4)
        elif len(str(main.value)) < len(str(other.value)) and str(other.value).startswith(str(main.value)):
            # the digits' reading lacks the day (or day and month) the words give: the same date, told more fully
            main.value, main.confidence = other.value, round(min(main.confidence, other.confidence) * 0.9, 4)
            main.problem = "the day was read from the date in words"
        elif _one_slip(str(main.value), str(other.value)):
            # One digit apart: an OCR slip in the digits (0/6, 1/7, 3/8) is likelier than one that turns a date
            # in words into another valid date, so the words decide; the doubt stays in the confidence.
            main.value, main.confidence = other.value, round(min(main.confidence, other.confidence) * 0.7, 4)
            main.problem = "one digit of the date disagreed with the date in words; the words were taken"
        else:
            main.confidence = round(main.confidence * 0.5, 4)
            main.problem = "the date in digits disagrees with the date in words"


def _date_order(fields: dict[str, ExtractedField], schema: DocTypeSchema) -> None:
    for item in schema.fields:
        later = fields.get(item.name)
        for name in item.not_before:
            earlier = fields.get(name)
            if later is None or earlier is None or not (later.valid and earlier.valid):
                continue
            # ISO dates compare as text, on what both give ("1990" is not before "1990-05-01")
            known = min(len(str(later.value)), len(str(earlier.value)))
            if str(later.value)[:known] >= str(earlier.value)[:known]:
                continue
            doubt = later if later.confidence <= earlier.confidence else earlier
            doubt.valid = False
            doubt.confidence = round(doubt.confidence * 0.5, 4)
            order = f"{item.name} ({later.value}) is before {name} ({earlier.value})"
            doubt.problem = "; ".join(p for p in (doubt.problem, order) if p)


def extract_fields(page: PageOCR, schema: DocTypeSchema, lines: list[Line] | None = None) -> dict[str, ExtractedField]:
    lines = lines if lines is not None else build_lines(page.words)
    labels = {label for f in schema.fields for label in f.labels} | {s for sec in schema.sections for s in sec.starts}
    hits = find_labels(lines, labels)
    starts = _section_starts(lines, hits, schema)
    claimed: set[LabelHit] = set()
    fields: dict[str, ExtractedField] = {}
    for item in schema.fields:
        candidates = [h for h in hits if h.label in item.labels and h not in claimed]
        if schema.sections:
            candidates = [
                h for h in candidates if (getattr(_section_of(starts, h), "name", None) or "top") == item.section
            ]
        if item.which == "last":
            candidates.reverse()
        result = None
        for hit in candidates[:2]:
            words = _value_words(lines, hits, hit, _column(starts, hit), item.type)
            if words:
                result = _build_field(item, words, page.page_no)
                result.label = hit.label
                claimed.add(hit)
                if result.valid:
                    break
        if (result is None or not result.valid) and item.pattern:
            found = _from_pattern(item, lines, page.page_no, hits)
            if found is not None and (found.valid or result is None):
                result = found
        if result is None:
            result = ExtractedField(
                item.name, None, None, 0.0, False, "not found on the page", page.page_no, export=item.export
            )
        fields[item.name] = result
    _cross_check(fields, schema)
    _date_order(fields, schema)
    return fields


def extract_records(pages: list[PageOCR], schemas: dict[str, DocTypeSchema] | None = None) -> list[ExtractedRecord]:
    """Records of a file's pages: a typed page starts a record, an untyped one continues the one before it."""
    schemas = schemas or load_schemas()
    records: list[ExtractedRecord] = []
    for page in pages:
        lines = build_lines(page.words)
        guess = guess_type(lines, schemas)
        # Only a page whose title was read starts a new document; other pages continue the one before.
        continues = records and records[-1].doc_type is not None and not guess.has_title
        if continues:
            record = records[-1]
            for name, value in extract_fields(page, schemas[record.doc_type], lines).items():
                if not record.fields[name].valid and value.valid:
                    record.fields[name] = value
            record.pages.append(page.page_no)
            continue
        record = ExtractedRecord(
            doc_type=guess.doc_type, first_page=page.page_no, type_score=guess.score, pages=[page.page_no]
        )
        if guess.doc_type is not None:
            record.fields = extract_fields(page, schemas[guess.doc_type], lines)
        records.append(record)
    return records
