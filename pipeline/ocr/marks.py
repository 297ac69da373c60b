"""Tone marks checked against the ink: "THI" read "THỊ", "LUÂN" "LUẬN", "DUNG" "DŨNG", "TUYỀN" "TUYỂN".

Tesseract's `vie` model writes the marks its language prior expects on common syllables, and confuses huyền, hỏi and
sắc in capitals; a second model agrees, both with high confidence: on clean pages these are most of what is left
of the name misses. The page can settle what the reading cannot, in three ways, from the word's own letters (never
from a layout's positions):

- A mark with no ink where it would be printed goes: a dot below is ink under the baseline, in a word with no letter
  that descends (g j p q y Q, a comma); a tone on a capital is ink above the capitals, in a word whose reading has
  no hat or breve (those would be ink there too). Lower case is left alone above, where its ascenders and the dot
  of i are. Any ink in the band (the mark, a speck, a stroke of a signature, the line below) keeps the reading.
- A tone read on a capital becomes the tone its ink's shape shows, where that shape is clear (`tone_on_page`); a
  hatted capital read without a tone gets the one printed beside its hat.
- A word in capitals whose marks the page shows as read, and no other, is `marks_seen`: no list of names may add or
  change one afterwards.
- A word of a name in small letters read with a hat or breve and no tone gets the tone printed beside the hat when
  the learned mark reader (`pipeline.ocr.mark_reader`) is sure of it ("Trần" read "Trân"): that tone is a blot
  of 4-6 pixels, too small for the moments above.
- A word in capitals whose mark the reader trained on scanned pages (`mark_reader.PAGE_CAPITALS_MODEL_PATH`) is
  sure was misread gets the one it sees ("HIỄN" printed "HIỀN"), before any check above; in small letters that
  reader alone only confirms a reading (`confirmed_by_ink`), which then keeps its marks against the register's
  commoner spelling (`pipeline.extract.reread`). A tone in small letters is overruled where it and the reader
  trained on rendered words agree on another (`_overruled_by_both`: "Nguyễn" printed "Nguyến", "Linh" "Lỉnh"),
  upright and on a page with few specks only; in capitals the two capitals' readers change a tone read for another
  where both see it ("MỸ" printed "MỶ", "LẦM" "LẨM"), never adding or taking one away.

- A word in italics is checked made upright (`upright`: sheared about its foot), where each mark stands over its
  letter again; as it leans, a mark stands over the next letter's edge.

- A word of a name or place read with no tone at all, where the only ink under it is one dot under a vowel's
  middle, just under the baseline, gets that dot below (`_dot_lost`: Tesseract's `vie` drops it in capitals,
  "PHƯƠNG" for PHƯỢNG), except on a page orientation analysis found specked, whose dirt passes for dots.

No mark is ever added where the page shows none, and none removed that might be printed.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from pipeline.normalize.names import plausible_syllable
from pipeline.normalize.text import TONE_BEARING_VOWELS, TONE_MARKS
from pipeline.ocr.mark_reader import (
    ACUTE,
    BREVE,
    CAPITALS_MODEL_PATH,
    CHANGED_IN_CAPITALS,
    CIRCUMFLEX,
    CLASSES,
    DOT_BELOW,
    GRAVE,
    HOOK,
    HORN,
    IN_SMALL_LETTERS,
    MODEL_PATH,
    PAGE_CAPITALS_MODEL_PATH,
    PAGE_MODEL_PATH,
    READING_ON_PAGE_AT_MOST,
    SPECK_IN_CAPITALS,
    SPELLING_ON_PAGE,
    SURE,
    SURE_IN_CAPITALS,
    SURE_OF_READING,
    SURE_OF_READING_IN_CAPITALS,
    TILDE,
    MarkModel,
    Site,
    Vowel,
    dot_read_as_hook,
    hat_lost_under_tone,
    load_model,
    mark_probabilities,
    marks_overruled,
    marks_seen_by_both,
    tone_lost_beside_hat,
    vowels_of,
    word_tone_range,
)
from pipeline.ocr.model import Box, Word
from pipeline.preprocess.slant import MIN_SLANT, estimate_slant, sheared_about

TONES_ABOVE = frozenset(TONE_MARKS) - {DOT_BELOW}  # huyền, sắc, hỏi, ngã
SHAPES_ABOVE = frozenset((CIRCUMFLEX, BREVE))  # the hat of â ê ô and the breve of ă: ink above the letter too
DESCENDING = frozenset("gjpqyQ,;()[]{}|/@$µçÇ")

# The bands where a mark would be, in units of the letters' height measured from the word's own letters. A dot below
# sits 0.1-0.4 letter heights under the baseline, a tone 0.1-0.6 above the capitals; the bands reach further than
# the marks do, so that a mark placed low or high is still found (more ink found means fewer changes).
BELOW_BAND = (0.1, 0.6)
ABOVE_BAND = (0.08, 0.6)
# Letters smaller than this (pixels) are too few pixels to place a band on: such a word is left as read.
MIN_LETTER_HEIGHT = 8
# A pixel is ink here when it is this fraction of the way from the paper's grey to the letters' ink: lenient, since
# a faint mark must count as a mark.
FAINT_INK = 0.3
# Pixels of ink that make a mark: a fraction of the letter height squared (a dot below is about 0.12 x 0.12 of it).
MIN_MARK_AREA = 0.004

NOTE = "a tone mark with no ink on the page was dropped"
SHAPE_NOTE = "a tone mark read as another: its shape on the page decided"
ADDED_NOTE = "a tone mark lost in capitals: its shape on the page decided"
READER_NOTE = "a tone mark lost beside a hat: the mark reader saw it on the page"
HAT_NOTE = "a hat or breve lost under a tone in capitals: the mark reader saw it on the page"
DOT_NOTE = "a hỏi read on an i: the mark reader saw the i's dot, no hook"
INK_NOTE = "a mark read as another: the mark reader trained on scanned pages saw it on the page"
BOTH_NOTE = "a mark read as another or lost: both mark readers saw it on the page"
DOT_ADDED_NOTE = "a dot below lost: one dot is printed under the vowel"
# A dot below lost is added only where the dot's top is at most this far under the baseline, in letter heights, and
# its middle this far from its letter's, in letter widths. Rendered in the fonts here at 200 and 300 dpi, clean and
# grainy (374 dots): 0.04-0.18 and 0-0.25, 95% under 0.15 and 0.09.
DOT_DROP, DOT_OFF_MIDDLE = 0.25, 0.2
# A page on which orientation analysis saw this many isolated specks or more (`Orientation.specks`) is specked: no dot
# below is added there. Pages of set 12000 saw 0-730 clean and scanned (dotted leaders are specks to it), 970-3300
# poor; rendered bare words under one speck as dot-sized as a dot every 3.5 cm² gained one 5 times in 2,352.
SPECKED_PAGE = 800

# A tone's ink as a shape (its second moments). Rendered in the fonts here at 200-300 dpi, sắc and huyền are strokes
# (elongation 1.8-4.4, leaning -25 to -53 and 27 to 54 degrees), ngã a wave lying flat (within 10 degrees), hỏi a
# curl (1.0-1.7). On the bench's pages a mark is 5-9 pixels and blurred: a grave of 5 pixels on a poor scan is a
# round blot like a hook, but solid (a hook is open), a tilde of 10 in lower case leans 21 degrees, a hat is flat
# like a tilde, and a speck on a stroke makes a curl. So a tone is only judged in capitals, upright (italic hooks
# lean like strokes), at least MIN_TONE_PIXELS and MIN_TONE_EXTENT of the letters' height, and inside these bounds;
# a hỏi only ever confirms a reading, a ngã only over a hat. Otherwise the reading stands.
STROKE_ELONGATION = 2.0
CURL_ELONGATION = 1.6  # a bench HOẢNG measured 1.54; strokes start at 1.8
CURL_SOLIDITY = 0.85  # a curl is open: it fills at most this much of its convex hull (hooks 0.69-0.80, blots 0.9+)
STROKE_ANGLES = (25.0, 65.0)
FLAT_ANGLE = 10.0
WAVE_ELONGATION = 2.5  # a ngã is long and flat (2.3-4.4); a blurred hỏi beside a hat is shorter
MIN_TONE_EXTENT = 0.15
MIN_TONE_PIXELS = 5
MAX_TONE_EXTENT = 0.8  # of the x-height: strokes over small letters measured 0.18-0.74; a signature's are longer
BARE_VOWELS = frozenset("aeouy")
# The most a tone's foot stands above its letter, or above its hat's top, in letter heights.
TONE_GAP = 0.3
HAT_GAP = 0.15
# How much further, in letter heights, the bands reach to both sides of an italic word: its marks lean out by the
# slant (0.15-0.25) times their distance from the baseline (a tone over a capital stands 1.1-1.6 above it).
ITALIC_REACH = 0.4
# a gap between letters' ink this wide (in letter heights) ends a word: capitals stand 0.05-0.2 apart, words 0.35+
WORD_SPACE = 0.3
# Pieces smaller than this (of the letters' height, across and up) are specks, not counted among the marks.
SPECK_EXTENT = 0.14
# a letter this narrow (of the x-height) stands alone: the i of a serif "Chi" at 300 dpi measured 0.28; two letters
# run together (hi, ni) are wider than the x-height
NARROW_LETTER = 0.5


@dataclass(frozen=True, slots=True)
class Letters:
    """Where a word's letters stand in the image, and each letter's left and right edges when its pieces of ink are
    one per letter (capitals seldom touch). The top is the lowest top of its letter-sized ink and the baseline the
    highest bottom: a mark joined to its letter (a dot below touching an e) makes that letter's ink reach further,
    and a letter worn away only narrows the bands, which can only find more ink."""

    top: float
    baseline: float
    columns: tuple[tuple[int, int], ...] = ()
    tops: tuple[int, ...] = ()  # each letter's own top, beside `columns`
    pieces: int = 0  # letter-sized pieces of ink (fewer than letters where letters touch)
    # the rightmost letter-sized piece's left and right edges: the last letter's, when it stands apart, even where
    # the pieces are not one per letter (a serif h whose arch parted from its stem)
    last: tuple[int, int] | None = None

    @property
    def height(self) -> float:
        return self.baseline - self.top


def check_marks(image: np.ndarray, words: Sequence[Word], *, specked: bool = True) -> tuple[list[Word], int]:
    """The words with their tone marks checked against the page, and how many changed: marks no ink supports
    dropped (`NOTE`), tones read as another put right (`SHAPE_NOTE`); words in capitals whose marks the page shows
    as read get `marks_seen`. On a `specked` page (`SPECKED_PAGE`) no dot below is added and no tone in small
    letters overruled: its dirt passes for marks."""
    gray = _gray(image)
    if gray is None:
        return list(words), 0
    out: list[Word] = []
    changed = 0
    for word in words:
        result = checked(gray, word, clean_page=not specked)
        if result.text != word.text:
            changed += 1
            note = "; ".join(n for n in (word.note, result.note) if n)
            word = replace(word, text=result.text, note=note or None)
        if result.confirmed:
            word = replace(word, marks_seen=True)
        out.append(word)
    return out, changed


# How far around a word its upright copy reaches, in the word's heights: the checks look as far as a tone over a
# capital (0.6 of the letters' height over them) and the line above and below.
UPRIGHT_MARGIN = 1.5


def upright(gray: np.ndarray, word: Word) -> tuple[np.ndarray, Word]:
    """The page around `word` with the word's italic slant sheared away, and the word there; the page and the word
    themselves when it stands upright. An italic mark stands off its letter's column by the slant times its height
    over the baseline (a tone over a capital, 1.1-1.6 letter heights up, over the next letter's left edge): sheared
    about the word's foot, each stands over its letter again, where the checks and the mark readers look for it.
    On the clean pages of sets 12600-12800, five of the six names in italics read with a mark lost or changed
    ("Trân" for Trần, "HĂNG" for HẰNG, "MÌ" for MỈ) were left as read because the word leaned; made upright, both
    readers saw the printed mark at 0.97-1.0."""
    slant = _slant(gray, word)
    if slant < MIN_SLANT:
        return gray, word
    box = word.box
    margin = round(UPRIGHT_MARGIN * box.height)
    top, left = max(0, box.top - margin), max(0, box.left - margin)
    bottom, right = min(gray.shape[0], box.bottom + margin), min(gray.shape[1], box.right + margin)
    around = sheared_about(gray[top:bottom, left:right], slant, box.bottom - top)
    return around, replace(word, box=Box(box.left - left, box.top - top, box.width, box.height))


def _gray(image: np.ndarray) -> np.ndarray | None:
    if image.dtype != np.uint8 or image.ndim not in (2, 3):
        return None
    if image.ndim == 2:
        return image
    return image[..., 0] if image.shape[2] == 1 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def checked_text(gray: np.ndarray, word: Word) -> str:
    """The word's text with its tone marks checked against the page (the text itself when in doubt)."""
    return checked(gray, word).text


@dataclass(frozen=True, slots=True)
class Checked:
    """A word's reading after the check: its text, why it changed, and whether the page shows every mark above
    and below it as read and no other (a word in capitals only: lower case is never restored from lists)."""

    text: str
    note: str | None = None
    confirmed: bool = False


def checked(gray: np.ndarray, word: Word, *, clean_page: bool = False) -> Checked:
    """`word` with its marks checked against the page (see the module); on a `clean_page` (few specks:
    `check_marks`), a dot below lost may be put back (`_dot_lost`) and a tone in small letters overruled
    (`_overruled_by_both`)."""
    text = unicodedata.normalize("NFC", word.text)
    if any(unicodedata.combining(c) for c in text):  # a mark on no letter: nothing to hold it against
        return Checked(word.text)
    letters_read = [unicodedata.normalize("NFD", c) for c in text if c.isalpha()]
    decomposed = "".join(letters_read)
    toned = [i for i, c in enumerate(letters_read) if TONES_ABOVE.intersection(c)]
    hats = [i for i, c in enumerate(letters_read) if SHAPES_ABOVE.intersection(c)]
    dotted = [i for i, c in enumerate(letters_read) if DOT_BELOW in c]
    if any(letters_read[i][0] not in TONE_BEARING_VOWELS for i in (*toned, *dotted)):
        # a mark on a consonant is no tone (the Ê Đê ñ, or Tesseract's "NÑS" for a serial's NS): not ours to judge
        return Checked(word.text)
    capitals = _capitals(decomposed)
    if not (capitals or dotted or _title_case(decomposed)):
        return Checked(word.text)  # a word in small letters with no dot below: nothing here judges it
    # every check below measures the word's letters: an italic word's are measured made upright (its slant is
    # measured here, only for the words a check may judge: most of a page's are labels in small letters)
    gray, word = upright(gray, word)
    # a word in capitals is measured once: the page-trained reader and the checks after it read the same letters
    measured = letters_of(gray, word, len(letters_read), parted=True, read=letters_read) if capitals else None
    overruled = None if measured is None else _overruled_by_ink(gray, word, text, letters_read, measured)
    if measured is not None and (overruled is not None or toned) and not _leaning(gray, word):
        # not on a word still leaning (italics are checked made upright: `upright`), where a mark stands off its
        # letter's column: before italics were made upright, on the sets 11000-11400 the overrule mended 140 words
        # in capitals set upright and one in italics, and broke two in italics ("ĐĂNG" read "ĐANG")
        if overruled is not None:
            return Checked(overruled, INK_NOTE, confirmed=True)
        both = _overruled_by_both(gray, word, text, letters_read, measured, capitals=True) if clean_page else None
        if both is not None:
            return Checked(both, BOTH_NOTE, confirmed=True)
        if _as_read(_marks_seen(gray, word, measured), SURE_OF_READING_IN_CAPITALS):
            return Checked(word.text, confirmed=True)  # a tone printed as read ("NGUYỀN" injected, 11500)
    if measured is not None and not (toned or dotted) and clean_page and measured.columns:
        # Tesseract drops a tone over a capital ("ẢNH" read "ANH", clean, set 12300; "LÀI", "HỦY", "BÍCH" on 12100
        # and 12200; "VẲN" read "VĂN" beside its breve, 12600) and a hat ("HUYÊN" read "HUYEN", bold, 12600): only
        # in a word read with no tone, and only the one tone, or the hats, both readers see
        both = _overruled_by_both(gray, word, text, letters_read, measured, capitals=True)
        if both is not None and not _leaning(gray, word):  # (measured only where the readers would act)
            return Checked(both, BOTH_NOTE, confirmed=True)
    letters = measured  # a word in small letters is measured once too, by the first check below that needs it
    if clean_page and _title_case(decomposed):
        letters = letters_of(gray, word, len(letters_read), read=letters_read)
        both = None if letters is None else _overruled_by_both(gray, word, text, letters_read, letters)
        if both is not None and not _leaning(gray, word):
            return Checked(both, BOTH_NOTE, confirmed=True)
    if clean_page and not (toned or dotted or _descends(text)) and (capitals or _title_case(decomposed)):
        if letters is None:
            letters = letters_of(gray, word, len(letters_read), read=letters_read)
        lost = None if letters is None else _dot_lost(gray, word, letters, letters_read)
        if lost is not None:
            dotted_now = _with_tone(text, lost, DOT_BELOW)
            if plausible_syllable("".join(c for c in dotted_now if c.isalpha())):
                return Checked(dotted_now, DOT_ADDED_NOTE)
    shaped = any(SHAPES_ABOVE.intersection(c) or HORN in c for c in letters_read)
    if not (toned or dotted or shaped) and _title_case(decomposed) and any(c in BARE_VOWELS for c in letters_read):
        # a word of a name printed in small letters (a capital first: names, places), read with no tone where the
        # page prints a stroke over a bare vowel ("Thành" read "Thanh"). Not with a hat, breve or horn: the tone
        # would be that vowel's ("Âu" with a mark beside the hat is no "Âú")
        if letters is None:
            letters = letters_of(gray, word, len(letters_read), read=letters_read)
        if letters is not None and letters.columns:
            added = _stroke_over_bare_vowel(gray, letters, letters_read)
            if added is not None and not _leaning(gray, word):
                return Checked(_with_tone(text, added[0], added[1]), ADDED_NOTE)
        return Checked(word.text)
    if not (toned or dotted) and len(hats) == 1 and _title_case(decomposed):
        # a word of a name in small letters read with a hat or breve and no tone, where one may be printed beside
        # it ("Trần" read "Trân"): too small a blot to tell by its moments, so the learned reader decides
        added = _tone_beside_hat(gray, word, letters_read, hats[0], letters)
        if added is not None:
            return Checked(_with_tone(text, hats[0], added), READER_NOTE)
        return Checked(word.text)
    if toned == [len(letters_read) - 1] and letters_read[-1] == "i" + HOOK and not (dotted or shaped):
        # a word of a name in small letters ending in an i read with a hỏi ("Chi" read "Chỉ", six times on the
        # sets of 1000): the i's dot taken for a hook, where the learned reader is sure the i is bare
        if _title_case(decomposed) and _hook_is_the_dot(gray, word, letters_read, toned[0]):
            return Checked(_with_tone(text, toned[0], ""), DOT_NOTE)
        return Checked(word.text)
    descends = _descends(text)
    drop_dot = bool(dotted) and not descends
    drop_tones = capitals and bool(toned) and not hats
    if not (drop_dot or drop_tones or capitals):
        return Checked(word.text)
    if letters is None and not capitals:  # (a word in small letters the checks above did not measure)
        letters = letters_of(gray, word, len(letters_read), read=letters_read)
    if letters is None or not (letters.columns or (capitals and letters.pieces >= 2)):
        # Only the columns of lower case tell its marks from ascenders and dots of i. In capitals the bands span
        # the word, and its top is sure when two pieces of ink share it: a lone piece may be letters run together
        # with their mark, and its top the mark's.
        return Checked(word.text)
    # Absence is judged over the whole word: a mark printed over or under another vowel than the one read (the
    # old and new placements, THUỶ and THỦY, HOÀ and HÒA) is still a mark.
    whole = _ink_extent(gray, letters, word.box.left, word.box.right)
    leaning = (drop_dot or drop_tones) and _leaning(gray, word)
    if leaning:
        # an italic mark stands off its letter's column, by the slant times its distance from the baseline: a dot
        # below an italic a sits under the letter before, a tone over a capital leans out past the word's box. The
        # bands reach that much further: still only a band seen empty lets a mark go ("THI" read "THỊ" in italics)
        reach = round(ITALIC_REACH * letters.height)
        whole = (word.box.left - reach, word.box.right + reach)
    if drop_dot and _ink_in_band(gray, letters, whole, below=True):
        drop_dot = False
    if drop_tones and _ink_in_band(gray, letters, whole, below=False):
        drop_tones = False
    if leaning and not (drop_dot or drop_tones):
        return Checked(word.text)  # nothing more is judged in italics: its marks' shapes lean like strokes
    if drop_tones and not dotted and not descends and _ink_in_band(gray, letters, whole, below=True):
        # nothing above, something under: a dot below read as a tone, if it is a dot under the letter (not told in
        # italics, where the dot stands under the letter before)
        if not leaning and _dot_under(gray, letters, toned):
            return Checked(_with_tone(text, toned[0], DOT_BELOW), SHAPE_NOTE)
        return Checked(word.text)
    if drop_dot or drop_tones:
        drop = ({DOT_BELOW} if drop_dot else set()) | (TONES_ABOVE if drop_tones else set())
        kept = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c not in drop))
        return Checked(kept, NOTE, confirmed=drop_tones and not dotted)
    if not capitals:
        return Checked(word.text)
    seen = read = None
    if len(toned) == 1:
        read = next(m for m in letters_read[toned[0]] if m in TONES_ABOVE)
        restored = None if hats or dotted else _hat_under_tone(gray, word, letters_read, toned[0], letters)
        if restored is not None:
            # a hat or breve lost where its tone runs into it (HẰNG read HÀNG): one piece of ink, so only the
            # learned reader tells it from a tone alone
            return Checked(_with_hat(text, toned[0], restored), HAT_NOTE)
        seen = tone_on_page(gray, word, letters, toned[0], hats, len(letters_read))
        # a round shape is the least sure (a speck on a stroke makes one): it confirms a hỏi, overrules nothing
        if seen is not None and seen != read and seen != HOOK:
            # not `confirmed`: a shape overrules the reading, it does not also overrule the list of surnames
            return Checked(_with_tone(text, toned[0], seen), SHAPE_NOTE)
    elif not toned and len(hats) == 1:
        # Tesseract drops tones in capitals (NGUYÊN for NGUYỄN): a tone printed beside or over the hat is the one
        # the syllable takes (Vietnamese puts it on the vowel with the hat or breve)
        added = tone_on_page(gray, word, letters, hats[0], hats, len(letters_read))
        if added is not None and added != HOOK:
            return Checked(_with_tone(text, hats[0], added), ADDED_NOTE)
        # a tone run into the hat, one piece of ink the shapes cannot part (HỒNG read HÔNG): the learned reader
        added = None if dotted else _tone_beside_hat(gray, word, letters_read, hats[0], letters, capitals=True)
        if added is not None:
            return Checked(_with_tone(text, hats[0], added), READER_NOTE)
    # with nothing above read, nothing may be printed there (a hat read alone could hide a tone beside it)
    above = (
        (seen is not None and seen == read)
        if toned
        else not hats and not _ink_in_band(gray, letters, whole, below=False)
    )
    if dotted:
        below = _ink_in_band(gray, letters, whole, below=True, seen_only=True)
    else:
        below = descends or not _ink_in_band(gray, letters, whole, below=True)
    return Checked(word.text, confirmed=above and below)


def _overruled_by_ink(gray: np.ndarray, word: Word, text: str, letters_read: list[str], letters: Letters) -> str | None:
    """The word in capitals (its `letters` measured) with each mark the page-trained reader is sure was misread put
    as the page prints it ("NGUYÊN" printed "NGUYỄN", "HIỄN" "HIỀN"), when the result is a Vietnamese syllable;
    None when nothing changes. Not in small letters: there the page's reading is right on 99.6% of vowels, and the
    reader, sure at the same bound, broke as many right readings as it mended (see `SURE_TO_OVERRULE`)."""
    model = load_model(PAGE_CAPITALS_MODEL_PATH)
    vowels = vowels_of(letters_read, capitals=True)
    if model is None or not vowels or not letters.columns:
        return None
    out = text
    span = (word.box.left, word.box.right)
    tones = word_tone_range(gray, *span, letters.top, letters.baseline)
    nothing_below: bool | None = None  # measured once, when a dot below read is in question
    for vowel in vowels:
        site = Site(gray, span, letters.top, letters.baseline, letters.columns[vowel.index])
        # unwhitened, as it was trained: its patches with specks whitened, it broke 25 right readings of 3,000
        found = marks_overruled(model, site, vowel, tones=tones)
        if found is None:
            continue
        dotted = DOT_BELOW in letters_read[vowel.index] and bool(found[1])
        if dotted:
            # a tone above, sure, where a dot below was read: the tone read as the dot, if no ink is under the
            # word ("HUYỆN" for a printed HUYỀN, clean, set 11800; the dot dropped for want of ink, the grave lost)
            if nothing_below is None:
                whole = _ink_extent(gray, letters, word.box.left, word.box.right)
                nothing_below = not _descends(text) and not _ink_in_band(gray, letters, whole, below=True)
            if not nothing_below:
                continue
        if vowel.tone and not found[1]:
            continue  # a tone with no ink above may be a dot below read as one: the checks that follow judge it
        if vowel.hat and not found[0]:
            # a hat or breve read is ink over the letter: in italic capitals the patch stands off it ("VĂN"
            # overruled to "VAN", clean, set 11700, its slant too small to measure on three letters)
            continue
        out = _with_letter(
            out, vowel.index, lambda letter, marks=found, undot=dotted: _marked(letter, *marks, undot=undot)
        )
    core = "".join(c for c in out if c.isalpha())
    return out if out != text and plausible_syllable(core) else None


def _overruled_by_both(
    gray: np.ndarray, word: Word, text: str, letters_read: list[str], letters: Letters, *, capitals: bool = False
) -> str | None:
    """The word in small letters (its `letters` measured) with each tone both mark readers, the one trained on
    rendered words and the one trained on scanned pages, see otherwise put as they see it ("Nguyễn" printed
    "Nguyến", "Giảng" "Giàng", clean, set 12100; "Mỹ" "Mỷ", 12000), when the result is a Vietnamese syllable;
    None when nothing changes. Each alone breaks as many right readings as it mends (the page's reading is right
    on 99.8% of small vowels); together, sure (`SURE` and `SURE_OF_ANOTHER`) and each giving the reading at most
    `READ_AT_MOST`, on the 14,904 small vowels of names and places of sets 12000 and 12100 (upright, clean and
    scanned pages) they saw another tone 14 times: 11 mended, 3 broken, and those 3 this stops ("Đức" made "Đữc"
    and "Hoàng" "Hõàng": no syllable; "Dũng" made "Dung": ink under the word). Only a tone: a hat or breve read
    stays (and a vowel read with a dot below: a tone above would be its second).

    With `capitals`, the same for a word in capitals with the capitals' readers (`CHANGED_IN_CAPITALS`): a tone
    read is seen as another tone only ("MỸ" printed "MỶ", "LẦM" "LẨM", "HIẾN" "HIỂN", clean, set 12200; a tone
    taken away there is for the checks of ink above and below); in a word read with no tone, one tone may be added
    ("ANH" for ẢNH, "VĂN" for VẲN) and a hat or breve over a bare a, e or o ("HUYEN" for HUYÊN)."""
    if capitals:
        rendered, scanned = load_model(CAPITALS_MODEL_PATH), load_model(PAGE_CAPITALS_MODEL_PATH)
    else:
        rendered, scanned = load_model(MODEL_PATH), load_model(PAGE_MODEL_PATH)
    bounds = CHANGED_IN_CAPITALS if capitals else IN_SMALL_LETTERS
    vowels = vowels_of(letters_read, capitals=capitals)
    if rendered is None or scanned is None or not vowels or not letters.columns:
        return None
    # a word in capitals read with no tone may get the one tone both readers see (`plausible_syllable` below allows
    # one), and a hat or breve both see over a bare a, e or o
    untoned = not any((TONES_ABOVE | {DOT_BELOW}).intersection(c) for c in letters_read)
    out = text
    span = (word.box.left, word.box.right)
    tones = word_tone_range(gray, *span, letters.top, letters.baseline)
    nothing_below: bool | None = None  # measured once, when a tone would go
    for vowel in vowels:
        if DOT_BELOW in letters_read[vowel.index] or (capitals and not vowel.tone and not untoned):
            continue
        site = Site(gray, span, letters.top, letters.baseline, letters.columns[vowel.index])
        marks = marks_seen_by_both(rendered, scanned, site, vowel, tones, bounds)
        if marks is not None and marks[0] != vowel.hat:
            # a hat or breve only where none was read, over a vowel of a word in capitals read with no tone
            if capitals and untoned and not vowel.hat and marks[1] == vowel.tone:
                out = _with_hat(out, vowel.index, marks[0])
            continue
        seen = None if marks is None else marks[1]
        if capitals and not seen:
            continue
        if seen == "" and nothing_below is None:
            whole = _ink_extent(gray, letters, word.box.left, word.box.right)
            nothing_below = not _descends(text) and not _ink_in_band(gray, letters, whole, below=True)
        if seen == "" and not nothing_below:
            continue  # a tone above with no ink there, and ink under the word: a dot below read as a tone ("Thỉ")
        if seen is not None:
            out = _with_tone(out, vowel.index, seen)
    core = "".join(c for c in out if c.isalpha())
    return out if out != text and plausible_syllable(core) else None


def confirmed_by_ink(image: np.ndarray, word: Word) -> bool:
    """Whether the page-trained reader is sure of every mark above each vowel of `word`, a word of a name, as read:
    the reading a commoner spelling must not replace. In small letters at `SURE_OF_READING`; in capitals only a
    word read with no mark above at all, at `SURE_OF_READING_IN_CAPITALS`: "TUNG" printed on purpose, read so and
    voted "Tùng" by the second model (clean, set 11900). On the 2,180 name words in capitals of 11600 and 11700
    probed, the page read 344 with bare vowels, all as printed, where the reader gave each bare at least 0.5; it
    misses tones beside a hat (NGUYÊN for an injected NGUYỄN at 1.0), so a hat or breve read confirms nothing."""
    decomposed = unicodedata.normalize("NFD", word.text)
    if _title_case(decomposed):
        return _as_read(_marks_seen(image, word), SURE_OF_READING)
    if _capitals(decomposed) and not (TONES_ABOVE | SHAPES_ABOVE).intersection(decomposed):
        return _as_read(_marks_seen(image, word), SURE_OF_READING_IN_CAPITALS)
    return False  # (before the letters are measured: most words asked about are in capitals with marks)


def _as_read(seen: _Seen | None, sure: float) -> bool:
    """Whether the page-trained reader gives every vowel's marks as read at least `sure`."""
    return seen is not None and all(
        seen.probabilities[v.index][CLASSES.index((v.hat, v.tone))] >= sure for v in seen.vowels
    )


@dataclass(frozen=True)
class _Seen:
    letters: list[str]  # the word's letters as read, each decomposed
    vowels: list[Vowel]  # those the page-trained reader reads (the capitals of a word in capitals, else the small)
    probabilities: dict[int, np.ndarray]  # by the vowel's index among the letters: each mark's probability


def _marks_seen(image: np.ndarray, word: Word, letters: Letters | None = None) -> _Seen | None:
    """What the page-trained reader (for capitals or small letters, as the word is read) sees over each vowel of
    `word` (its `letters` as measured, when the caller has them); None when the word has no such vowel or its
    letters cannot be measured."""
    gray = _gray(image)
    text = unicodedata.normalize("NFC", word.text)
    letters_read = [unicodedata.normalize("NFD", c) for c in text if c.isalpha()]
    capitals = _capitals("".join(letters_read))
    model = load_model(PAGE_CAPITALS_MODEL_PATH if capitals else PAGE_MODEL_PATH)
    vowels = vowels_of(letters_read, capitals=capitals)
    if gray is None or model is None or not vowels:
        return None
    if letters is None:  # (letters measured by the caller were measured on the upright word)
        gray, word = upright(gray, word)
        letters = letters_of(gray, word, len(letters_read), read=letters_read)
    if letters is None or not letters.columns:
        return None
    span = (word.box.left, word.box.right)
    tones = word_tone_range(gray, *span, letters.top, letters.baseline)
    probabilities = {}
    for vowel in vowels:
        site = Site(gray, span, letters.top, letters.baseline, letters.columns[vowel.index])
        found = mark_probabilities(model, site, vowel, tones)
        if found is None:
            return None
        probabilities[vowel.index] = found
    return _Seen(letters_read, vowels, probabilities)


def spelling_on_page(image: np.ndarray, word: Word, spellings: Sequence[str]) -> str | None:
    """Of `spellings` (the letters of `word` with other hats, breves or tones above its vowels), the one the
    page-trained reader finds on the page: it gives that spelling at least `SPELLING_ON_PAGE` and the reading at
    most `READING_ON_PAGE_AT_MOST` (see there). A spelling's probability is the product of its vowels' marks; one
    that differs from the reading in anything else (a letter, a horn, a dot below, a capital vowel of a word in
    small letters: marks the reader does not see) is not weighed. None when the word's letters cannot be measured
    or no spelling is likely enough."""
    seen = _marks_seen(image, word)
    if seen is None:
        return None
    capitals = _capitals("".join(seen.letters))

    def likelihood(letters: list[str]) -> float | None:
        # the letters as read but for the marks above the vowels the reader reads, each vowel weighed by it
        for index, (mine, read) in enumerate(zip(letters, seen.letters, strict=True)):
            if index in seen.probabilities:
                mine, read = without_marks_above(mine), without_marks_above(read)
            if mine.lower() != read.lower():
                return None
        vowels = vowels_of(letters, capitals=capitals)
        return math.prod(float(seen.probabilities[v.index][CLASSES.index((v.hat, v.tone))]) for v in vowels)

    as_read = likelihood(seen.letters)
    scored = []
    for spelling in spellings:
        decomposed = [unicodedata.normalize("NFD", c) for c in unicodedata.normalize("NFC", spelling) if c.isalpha()]
        if len(decomposed) != len(seen.letters):
            continue
        chance = likelihood([c.upper() if r[0].isupper() else c for c, r in zip(decomposed, seen.letters, strict=True)])
        if chance is not None:
            scored.append((chance, spelling))
    if as_read is None or not scored or as_read > READING_ON_PAGE_AT_MOST:
        return None
    chance, best = max(scored)
    return best if chance >= SPELLING_ON_PAGE else None


def without_marks_above(text: str) -> str:
    """The text decomposed, without its tones above and its hats and breves (its horns and dots below kept)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if c not in TONES_ABOVE and c not in SHAPES_ABOVE)


def _marked(letter: str, hat: str, tone: str, undot: bool = False) -> str:
    """The decomposed `letter` with its hat or breve and its tone above made `hat` and `tone` (horn and dot below
    kept, the dot not with `undot`; any other mark OCR put there, a diaeresis, dropped: "NÖ̂NG" became "NÔ̈NG",
    scanned, set 11500)."""
    kept = "".join(c for c in letter[1:] if c == HORN or (c == DOT_BELOW and not undot))
    return letter[0] + hat + kept + tone


def tone_on_page(
    gray: np.ndarray, word: Word, letters: Letters, index: int, hats: Sequence[int], count: int
) -> str | None:
    """The tone printed over the letter at `index`, told by its shape; None when it cannot be told apart.

    The marks are the pieces of ink over the letter (for capitals run together, over where the letter would stand
    among `count` equally wide), clear of the letters and of the line above, and not specks. There must be as many
    as the reading has marks there: the tone, and the hat or breve of `hats` (the letters with one), which is the
    widest piece, the tone resting on or beside it. Any other count, as when a hat and its tone run together, a
    blot lies beside the mark or a neighbour's ascender reaches in, and any piece the region cuts, leave the
    reading as it is. A flat piece is ngã only over a hat: alone, it may be a hat the reading lost (LÊ read LÈ).
    """
    size = letters.height
    hatted = index in hats
    if letters.columns:
        left, right = letters.columns[index]
        letter_top = letters.tops[index]
        # a narrow letter (I) carries a tone as wide as any other's
        centre, width = (left + right) / 2, max(right - left, 0.7 * size)
        near = (centre - 0.6 * width, centre + 0.85 * width)
        # a hat or breve joined to its letter makes the letter reach above the others: the tone is all there is
        expected = 2 if hatted and letter_top >= letters.top - 0.1 * size else 1
    else:
        if any(i != index for i in hats):  # over the whole word, another letter's hat could not be told apart
            return None
        left, right, letter_top = word.box.left, word.box.right, round(letters.top)
        # where the letter would be if the word's letters were equally wide: its marks are near there, what is
        # further is the line above's (a dot below, a comma) or a blot
        width = word.box.width / max(1, count)
        centre = left + (index + 0.5) * width
        near = (centre - 0.8 * width, centre + 1.0 * width)
        expected = 1 + len(hats)
    x0, x1 = round(near[0] - 0.3 * width), round(near[1] + 0.3 * width)
    # a tone alone reaches 0.6 of the letter's height above it, over a hat 1.0: no higher, where the line above is
    top, bottom = round(letter_top - (1.1 if expected == 2 else 0.7) * size), round(letter_top - 0.06 * size)
    if top < 0 or x0 < 0 or x1 > gray.shape[1] or bottom - top < 4:
        return None
    body = gray[round(letters.top) : round(letters.baseline), left:right]
    if not body.size:
        return None
    threshold = _mark_threshold(body)
    region = gray[top:bottom, x0:x1]
    pieces, labels, stats, centres = cv2.connectedComponentsWithStats((region <= threshold).astype(np.uint8), 8)
    # every piece counts but the line above's (reaching down from the region's top) and specks: a piece run into
    # the letter under it is a mark too close to tell, and makes the count wrong
    marks = [
        i
        for i in range(1, pieces)
        if stats[i, cv2.CC_STAT_TOP] > 0
        and max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) >= SPECK_EXTENT * size
        and near[0] <= x0 + centres[i][0] <= near[1]
    ]
    if len(marks) != expected or any(_cut(stats[i], region.shape) for i in marks):
        return None
    # a tone sits just over its letter, or on or beside its hat: a piece further up is the line above's
    base = region.shape[0] + round(0.06 * size)  # the letter's top, in the region's rows
    if expected == 2:
        hat = max(marks, key=lambda i: stats[i, cv2.CC_STAT_WIDTH])
        marks.remove(hat)
        if stats[hat, cv2.CC_STAT_WIDTH] < 0.25 * width:  # no piece wide enough to be the hat
            return None
        base = stats[hat, cv2.CC_STAT_TOP]
    tone = marks[0]
    foot = stats[tone, cv2.CC_STAT_TOP] + stats[tone, cv2.CC_STAT_HEIGHT]
    if foot >= region.shape[0] or foot < base - (HAT_GAP if expected == 2 else TONE_GAP) * size:
        return None
    if expected == 2:  # on the hat or beside its right arm, not off to one side
        hat_left, hat_right = stats[hat, cv2.CC_STAT_LEFT], stats[hat, cv2.CC_STAT_LEFT] + stats[hat, cv2.CC_STAT_WIDTH]
        tone_left = stats[tone, cv2.CC_STAT_LEFT]
        if tone_left + stats[tone, cv2.CC_STAT_WIDTH] < hat_left or tone_left > hat_right + 0.2 * size:
            return None
    extent = max(stats[tone, cv2.CC_STAT_WIDTH], stats[tone, cv2.CC_STAT_HEIGHT])
    if extent < max(MIN_TONE_PIXELS, MIN_TONE_EXTENT * size):
        return None
    if _leaning(gray, word):
        return None
    shape = tone_of_shape(np.where(labels == tone, 255.0 - region, 0.0))
    return None if shape == TILDE and not hatted else shape


def _cut(stat: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether a piece reaches the region's left or right edge (so that part of it lies outside)."""
    return stat[cv2.CC_STAT_LEFT] == 0 or stat[cv2.CC_STAT_LEFT] + stat[cv2.CC_STAT_WIDTH] >= shape[1]


def tone_of_shape(weights: np.ndarray) -> str | None:
    """huyền, sắc, ngã or hỏi from a tone's ink (darkness per pixel); None when the shape is not clear."""
    ys, xs = np.nonzero(weights)
    if len(xs) < 3:
        return None
    w = weights[ys, xs]
    cx, cy = np.average(xs, weights=w), np.average(ys, weights=w)
    mxx = np.average((xs - cx) ** 2, weights=w)
    myy = np.average((ys - cy) ** 2, weights=w)
    mxy = np.average((xs - cx) * (ys - cy), weights=w)
    angle = 0.5 * math.degrees(math.atan2(2 * mxy, mxx - myy))  # image rows go down: a rising stroke is negative
    spread = math.sqrt(max(0.0, (mxx - myy) ** 2 / 4 + mxy * mxy))
    major, minor = (mxx + myy) / 2 + spread, (mxx + myy) / 2 - spread
    elongation = math.sqrt(major / max(minor, 1e-6))
    if elongation <= CURL_ELONGATION:
        return HOOK if _solidity(weights > 0) <= CURL_SOLIDITY else None
    if elongation < STROKE_ELONGATION:
        return None
    if STROKE_ANGLES[0] <= angle <= STROKE_ANGLES[1]:
        return GRAVE
    if -STROKE_ANGLES[1] <= angle <= -STROKE_ANGLES[0]:
        return ACUTE
    if abs(angle) <= FLAT_ANGLE and elongation >= WAVE_ELONGATION:
        return TILDE
    return None


def _mark_threshold(body: np.ndarray) -> float:
    """The grey up to which a pixel near these letters is a mark's ink: the letters' own Otsu threshold, and never
    below 160, since a mark is thinner and fainter than the strokes of its letter."""
    return max(float(cv2.threshold(body, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]), 160.0)


def _leaning(gray: np.ndarray, word: Word) -> bool:
    return _slant(gray, word) >= MIN_SLANT


def _slant(gray: np.ndarray, word: Word) -> float:
    box = word.box
    return estimate_slant(gray[max(0, box.top) : max(0, box.bottom), max(0, box.left) : max(0, box.right)])


def _solidity(ink: np.ndarray) -> float:
    """The share of its convex hull the ink fills (in pixels: the hull's area grown by half its outline)."""
    contours, _ = cv2.findContours(ink.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    hull = cv2.convexHull(np.vstack(contours))
    return float(np.count_nonzero(ink)) / (cv2.contourArea(hull) + cv2.arcLength(hull, True) / 2 + 1)


def _dot_under(gray: np.ndarray, letters: Letters, toned: list[int]) -> bool:
    """Whether the only ink under the word is one dot, under the letter at `toned` (a single index): not a speck,
    not a rule or underline, not the line below."""
    if len(toned) != 1 or not letters.columns:
        return False
    found = _lone_dot(gray, letters)
    under = letters.columns[toned[0]]
    return found is not None and under[0] - 0.25 * letters.height <= found[0] <= under[1] + 0.25 * letters.height


def _dot_lost(gray: np.ndarray, word: Word, letters: Letters, letters_read: list[str]) -> int | None:
    """The index of the vowel a word read with no tone at all has its dot below under, where the only ink under
    the word is one dot under that vowel's middle ("PHƯƠNG" for PHƯỢNG, "VY" for an injected VỴ, "Anh" for Ạnh,
    clean, sets 11900 and 12000: Tesseract's `vie` drops it in capitals); None when there is none or the word has
    a letter that reaches under the baseline (the caller's to rule out before it measures the letters)."""
    if len(letters.columns) != len(letters_read):
        return None
    found = _lone_dot(gray, letters)
    if found is None:
        return None
    centre, top = found
    # in italics a letter's column, measured over its body, stands right of its foot by the slant times half its
    # height, and a dot below further left by the slant times its drop ("PHƯỢNG" in italics, clean, set 12000)
    centre += _slant(gray, word) * (letters.height / 2 + top - letters.baseline)
    # a dot below sits under its letter's middle, just under the baseline, and is dot-sized (`_lone_dot`): a speck
    # of dirt seldom does all three
    under = [
        i
        for i, (left, right) in enumerate(letters.columns)
        if abs(centre - (left + right) / 2) <= DOT_OFF_MIDDLE * (right - left)
    ]
    if len(under) != 1 or letters_read[under[0]][0] not in TONE_BEARING_VOWELS:
        return None
    if top > letters.baseline + DOT_DROP * letters.height:
        return None
    return under[0]


def _lone_dot(gray: np.ndarray, letters: Letters) -> tuple[float, float] | None:
    """The only ink under the word, when it is one dot (not a speck, not a rule or underline, not the line below):
    its centre's x and its top's y."""
    if not letters.columns:
        return None
    size = letters.height
    top, bottom = round(letters.baseline + 0.05 * size), round(letters.baseline + BELOW_BAND[1] * size)
    left, right = letters.columns[0][0] - round(0.25 * size), letters.columns[-1][1] + round(0.25 * size)
    if left < 0 or bottom > gray.shape[0] or right > gray.shape[1]:
        return None
    body = gray[round(letters.top) : round(letters.baseline), letters.columns[0][0] : letters.columns[-1][1]]
    threshold = _mark_threshold(body)
    region = gray[top:bottom, left:right]
    pieces, _, stats, centres = cv2.connectedComponentsWithStats((region <= threshold).astype(np.uint8), 8)
    ink = [i for i in range(1, pieces) if stats[i, cv2.CC_STAT_AREA] >= 2]
    if len(ink) != 1:
        return None
    dot = stats[ink[0]]
    small, large = max(3.0, 0.08 * size), 0.4 * size
    if not (small <= dot[cv2.CC_STAT_WIDTH] <= large and small <= dot[cv2.CC_STAT_HEIGHT] <= large):
        return None
    return float(left + centres[ink[0]][0]), float(top + dot[cv2.CC_STAT_TOP])


def _stroke_over_bare_vowel(gray: np.ndarray, letters: Letters, letters_read: list[str]) -> tuple[int, str] | None:
    """(letter index, tone) of the one clear stroke (sắc or huyền, `tone_of_shape`) printed over a small vowel read
    with no mark (a e o u y: the others carry a dot, hat, breve or horn there); None when there is none, more than
    one, or anything else over those vowels. Rendered in the fonts here at 200-300 dpi, clean, degraded and specked,
    1890 bare words read bare gained no tone and 758 of 1260 toned words read bare got theirs back (a hỏi or ngã is
    never added: a curl is the least sure shape and a small wave leans like a stroke)."""
    size = letters.height
    found: list[tuple[int, str]] = []
    for index, letter in enumerate(letters_read):
        if letter not in BARE_VOWELS:
            continue
        left, right = letters.columns[index]
        top, bottom = round(letters.tops[index] - 1.0 * size), letters.tops[index]
        x0, x1 = round(left - 0.3 * size), round(right + 0.3 * size)
        if top < 0 or x0 < 0 or x1 > gray.shape[1] or bottom - top < 4:
            return None
        body = gray[round(letters.top) : round(letters.baseline), left:right]
        if not body.size:
            return None
        region = gray[top:bottom, x0:x1]
        pieces, labels, stats, centres = cv2.connectedComponentsWithStats(
            (region <= _mark_threshold(body)).astype(np.uint8)
        )
        # clear of the letters (ascenders reach down into them), mark-sized (no speck, no signature's stroke), and
        # over this letter
        marks = [
            i
            for i in range(1, pieces)
            if stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] < len(region)
            and max(MIN_TONE_PIXELS, MIN_TONE_EXTENT * size)
            <= max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT])
            <= MAX_TONE_EXTENT * size
            and left - 0.1 * size <= x0 + centres[i][0] <= right + 0.1 * size
        ]
        if not marks:
            continue
        if len(marks) != 1 or _cut(stats[marks[0]], region.shape):
            return None
        shape = tone_of_shape(np.where(labels == marks[0], 255.0 - region, 0.0))
        if shape not in (GRAVE, ACUTE):
            return None
        found.append((index, shape))
    return found[0] if len(found) == 1 else None


def _tone_beside_hat(
    gray: np.ndarray,
    word: Word,
    letters_read: list[str],
    index: int,
    letters: Letters | None = None,
    *,
    capitals: bool = False,
) -> str | None:
    """The tone `pipeline.ocr.mark_reader` is sure the page prints beside the hatted vowel at `index`, read without
    one; None when it is not sure, the letters cannot be told apart, or the word leans (italic marks stand off
    their letters). `letters`: the word's, when the caller measured them."""
    found = _reader_site(gray, word, letters_read, index, letters, capitals=capitals)
    if found is None:
        return None
    sure, speck = (SURE_IN_CAPITALS, SPECK_IN_CAPITALS) if capitals else (SURE, 0.0)
    tone = tone_lost_beside_hat(*found, sure, speck)
    return None if tone is None or _leaning(gray, word) else tone


def _hook_is_the_dot(gray: np.ndarray, word: Word, letters_read: list[str], index: int) -> bool:
    """Whether the small-letter model is sure the i at `index`, read with a hỏi, is bare (its dot) and not hooked."""
    found = _reader_site(gray, word, letters_read, index, last_apart=True)
    bare = found is not None and dot_read_as_hook(*found)
    return bare and not _leaning(gray, word)


def _hat_under_tone(gray: np.ndarray, word: Word, letters_read: list[str], index: int, letters: Letters) -> str | None:
    """The hat or breve the capitals model is sure the page prints under the tone read over the capital at `index`
    (the word's `letters`); None when it is not sure, the letters cannot be told apart, or the word
    leans."""
    found = _reader_site(gray, word, letters_read, index, letters, capitals=True)
    hat = None if found is None else hat_lost_under_tone(*found, speck=SPECK_IN_CAPITALS)
    return None if hat is None or _leaning(gray, word) else hat


def _reader_site(
    gray: np.ndarray,
    word: Word,
    letters_read: list[str],
    index: int,
    letters: Letters | None = None,
    *,
    capitals: bool = False,
    last_apart: bool = False,
) -> tuple[MarkModel, Site, Vowel] | None:
    """The mark reader's model for the word's case (`capitals` or small letters), where it reads the vowel at
    `index`, and the vowel; None when there is no model or the letters cannot be told apart (one piece of ink per
    letter). The word's `letters` come from the caller when it measured them (`checked`), else are measured here
    (a word in capitals always comes with them). Whether the
    word leans is the caller's to ask, once the reader would act: measuring a slant costs more than reading.

    With `last_apart`, the word's last letter (a narrow one: an i) is found as its rightmost piece of ink even where
    the other letters' pieces are not one per letter: a serif "Chi" at 300 dpi whose h's arch parted from its stem
    has four pieces for three letters."""
    model = load_model(CAPITALS_MODEL_PATH if capitals else MODEL_PATH)
    vowel = next((v for v in vowels_of(letters_read, capitals=capitals) if v.index == index), None)
    if model is None or vowel is None:
        return None
    if letters is None and not capitals:
        letters = letters_of(gray, word, len(letters_read), read=letters_read)
    if letters is None:
        return None
    if letters.columns:
        column = letters.columns[index]
    elif last_apart and index == len(letters_read) - 1 and letters.last is not None:
        column = letters.last
        if column[1] - column[0] > NARROW_LETTER * letters.height:
            return None  # the last letter runs into the one before it: no telling its column
    else:
        return None
    site = Site(gray, (word.box.left, word.box.right), letters.top, letters.baseline, column)
    return model, site, vowel


def _with_letter(text: str, index: int, marked: Callable[[str], str]) -> str:
    """`text` with its letter at `index` (counting letters only, NFD) replaced by `marked` of it (NFC)."""
    out, seen = [], -1
    for char in text:
        if char.isalpha():
            seen += 1
            if seen == index:
                char = unicodedata.normalize("NFC", marked(unicodedata.normalize("NFD", char)))
        out.append(char)
    return "".join(out)


def _with_hat(text: str, index: int, hat: str) -> str:
    """`text` with the letter at `index` (counting letters only) given `hat` under its tone."""
    return _with_letter(text, index, lambda letter: letter[0] + hat + letter[1:])


def _with_tone(text: str, index: int, tone: str) -> str:
    """`text` with the tone of its letter at `index` (counting letters only) made `tone`."""
    return _with_letter(
        text, index, lambda letter: "".join(c for c in letter if c not in TONES_ABOVE and c != DOT_BELOW) + tone
    )


def _title_case(decomposed: str) -> bool:
    letters = [c for c in decomposed if c.isalpha()]
    return len(letters) >= 2 and letters[0].isupper() and all(c.islower() for c in letters[1:])


def _capitals(decomposed: str) -> bool:
    letters = [c for c in decomposed if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def letters_of(
    gray: np.ndarray, word: Word, count: int = 0, *, parted: bool = False, read: Sequence[str] = ()
) -> Letters | None:
    """Where the word's letter-sized pieces of ink stand (marks and specks are smaller); their columns too when
    there are `count` of them, one per letter read. With `parted` (a word in capitals), two letters run together
    into one piece are parted where their join is thinnest (`_touching_pair`), when that makes `count`. With the
    letters `read` (each decomposed), the columns must also have their letters' shapes (`_shaped_as_read`)."""
    box = word.box
    height, width = gray.shape[:2]
    top, bottom = max(0, box.top), min(height, box.bottom)
    left, right = max(0, box.left), min(width, box.right)
    if bottom - top < MIN_LETTER_HEIGHT or right - left < 2:
        return None
    crop = gray[top:bottom, left:right]
    if int(crop.max()) - int(crop.min()) < 40:  # no contrast: nothing printed here that can be measured
        return None
    threshold = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]
    found = letter_pieces((crop <= threshold).astype(np.uint8))
    if found is None:
        return None
    labels, stats, labelled = found
    tall = stats[labelled]
    if parted and count >= 3 and len(tall) == count - 1:
        tall = _touching_pair(labels, tall, labelled)
    if count >= 2 and len(tall) != count:
        other = _at_another_threshold(crop, threshold, count, tall)
        tall = tall if other is None else other
    tops = tall[:, cv2.CC_STAT_TOP]
    bottoms = tops + tall[:, cv2.CC_STAT_HEIGHT]
    columns: tuple[tuple[int, int], ...] = ()
    letter_tops: tuple[int, ...] = ()
    ordered = sorted(tall, key=lambda s: int(s[cv2.CC_STAT_LEFT]))
    if len(tall) == count and (len(read) != count or _shaped_as_read(ordered, read)):
        columns = tuple(
            (left + int(s[cv2.CC_STAT_LEFT]), left + int(s[cv2.CC_STAT_LEFT] + s[cv2.CC_STAT_WIDTH])) for s in ordered
        )
        letter_tops = tuple(top + int(s[cv2.CC_STAT_TOP]) for s in ordered)
    rightmost = max(tall, key=lambda s: int(s[cv2.CC_STAT_LEFT] + s[cv2.CC_STAT_WIDTH]))
    letters = Letters(
        top=top + float(tops.max()),
        baseline=top + float(bottoms.min()),
        columns=columns,
        tops=letter_tops,
        pieces=len(tall),
        last=(
            left + int(rightmost[cv2.CC_STAT_LEFT]),
            left + int(rightmost[cv2.CC_STAT_LEFT] + rightmost[cv2.CC_STAT_WIDTH]),
        ),
    )
    return letters if letters.height >= MIN_LETTER_HEIGHT else None


# How wide a letter's piece of ink is for its height, by letter, on the clean pages of set 12300 (19,000 letters):
# an l, i, t, r or I 0.12-0.9; an m or M 0.93-1.8 (1% under 1.1); any other 0.45-1.3 but for 1% under 0.55 or over
# 1.2. A count of pieces that comes out right by chance ("Hữu", clean, set 12400: an H parted into its two stems by a
# faint bar and the ư and u run together, three pieces for three letters) has pieces out of these bounds, and the
# readers read the wrong letters' marks ("Hửu").
NARROW_LETTERS = frozenset("iltjfrIJ")
WIDE_LETTERS = frozenset("mwMW")
SHAPE_BOUNDS = {"narrow": (0.0, 0.9), "wide": (0.8, 2.2), "other": (0.4, 1.7)}


# A piece of a word in capitals shorter than this of the pieces' median height is a capital broken across
BROKEN_CAPITAL = 0.7
# Letters that rise above the small letters' tops: capitals and ascenders
TALL_LETTERS = frozenset("bdhklđ")
# of the small letters' height: how far below their tops a tall letter's piece may start (antialiasing, a serif)
TALL_SLACK = 0.15


def _shaped_as_read(pieces: Sequence[np.ndarray], read: Sequence[str]) -> bool:
    """Whether each piece (connected-component stats, left to right) is as wide for its height as the letter read
    in its place may be (`SHAPE_BOUNDS`), and no capital or ascender starts below the small letters' tops: a
    capital broken across its bowl ("Giang", clean, set 12500: the G's upper arc lost to Otsu's cut, its lower part
    a letter-sized piece) made the count right by chance, the word's top fell to the G's broken edge, and both
    readers read the a's top as a tilde ("Giãng"). In a word in capitals, no piece is much shorter than the others
    (`BROKEN_CAPITAL`)."""
    for stats, letter in zip(pieces, read, strict=True):
        base = letter[:1]
        kind = "narrow" if base in NARROW_LETTERS else "wide" if base in WIDE_LETTERS else "other"
        low, high = SHAPE_BOUNDS[kind]
        ratio = float(stats[cv2.CC_STAT_WIDTH]) / max(1.0, float(stats[cv2.CC_STAT_HEIGHT]))
        if not low <= ratio <= high:
            return False
    small = [s for s, letter in zip(pieces, read, strict=True) if letter[:1] in _X_HEIGHT_LETTERS]
    if not small:
        if not all(letter[:1].isupper() for letter in read):
            return True
        # capitals are of one height (a mark run into one makes it taller): a piece much shorter is a capital
        # broken across ("SANG" in serif italics, scanned, set 12700: the S's thin spine lost to Otsu's cut, its
        # lower half a letter-sized piece; the word's top fell to it, and both readers read the A's apex as a hat
        # and tilde, "SẪNG")
        heights = [float(s[cv2.CC_STAT_HEIGHT]) for s in pieces]
        return min(heights) >= BROKEN_CAPITAL * float(np.median(heights))
    small_top = float(np.median([s[cv2.CC_STAT_TOP] for s in small]))
    small_height = float(np.median([s[cv2.CC_STAT_HEIGHT] for s in small]))
    return all(
        s[cv2.CC_STAT_TOP] <= small_top + TALL_SLACK * small_height
        for s, letter in zip(pieces, read, strict=True)
        if letter[:1].isupper() or letter[:1] in TALL_LETTERS
    )


# small letters whose piece is the x-height alone (no ascender, descender, dot or bar above it)
_X_HEIGHT_LETTERS = frozenset("acemnorsuvwxzăâêôơư")


# Two capitals run together (serifs touching: "ẦN" in a serif face; 11% of the words in capitals on clean pages of
# set 12200 have one piece fewer than letters) make one piece at least this much wider than the word's widest other
# piece (an M is less than 1.4 times an A), joined where fewer than `THIN_JOIN` of its height is ink, in the middle
# of its width
WIDER_THAN_ONE = 1.6
THIN_JOIN = 0.3
_JOIN_SPAN = (0.3, 0.7)


# Where Otsu's cut gives more letter-sized pieces than letters read, thresholds this far (of the way from it to the
# paper) are tried in turn; where fewer, this far from it towards the ink. A serif u whose thin foot is fainter than
# the cut makes two pieces ("Nguyển", clean, set 12300: 7 pieces, 6 at 0.2), an italic m three ("Sầm": 3 at 0.4),
# and a g's ear touching the u after it one ("Nguyến": 6 at 0.2 towards the ink): no letter had a column, so no
# mark reader looked at them.
LADDER = (0.2, 0.4)
FRAGMENT = 0.8


def _at_another_threshold(crop: np.ndarray, otsu: float, count: int, at_otsu: np.ndarray) -> np.ndarray | None:
    """The stats of the letter-sized pieces of `crop` at the first threshold of `LADDER` that makes `count` of
    them (`at_otsu` the stats of those at Otsu's cut); None where none does. A looser threshold joins pieces (and
    may grow a mark to letter size), a stricter one parts them: each step is tried only in the direction that can
    mend the count. A piece shorter than `FRAGMENT` of the shortest at Otsu's cut is a letter's fragment, not a
    letter: the stricter cut had parted a G's bar from its bowl in "NGUYÊN" (clean, set 12300), and the reader
    then read the wrong letter's marks."""
    shortest = int(at_otsu[:, cv2.CC_STAT_HEIGHT].min())
    for step in LADDER:
        threshold = otsu + step * (255 - otsu) if len(at_otsu) > count else otsu * (1 - step)
        found = letter_pieces((crop <= threshold).astype(np.uint8))
        if found is None or len(found[2]) != count:
            continue
        tall = found[1][found[2]]
        if tall[:, cv2.CC_STAT_HEIGHT].min() >= FRAGMENT * shortest:
            return tall
    return None


def letter_pieces(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The 8-connected pieces of `ink` (a 0/1 image): their label image, their stats (as
    cv2.connectedComponentsWithStats, row 0 the background) and the labels of the letter-sized ones, at least 0.4
    of the tallest's height (marks and specks are smaller); None where there is no ink."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 2:
        return None
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    return labels, stats, np.flatnonzero(heights >= 0.4 * heights.max()) + 1


def _touching_pair(labels: np.ndarray, tall: np.ndarray, labelled: np.ndarray) -> np.ndarray:
    """`tall` (connected-component stats, one row a piece, `labelled` their labels in `labels`) with its widest
    piece parted in two where it is two letters joined by a thin line of ink; `tall` as it was otherwise."""
    widths = tall[:, cv2.CC_STAT_WIDTH]
    widest = int(widths.argmax())
    others = np.delete(widths, widest)
    if not len(others) or widths[widest] < WIDER_THAN_ONE * float(others.max()):
        return tall
    left, top, width, height = (int(v) for v in tall[widest][:4])
    mask = labels[top : top + height, left : left + width] == labelled[widest]
    ink_per_column = mask.sum(axis=0)
    start, end = round(_JOIN_SPAN[0] * width), round(_JOIN_SPAN[1] * width)
    if end <= start:
        return tall
    cut = start + int(ink_per_column[start:end].argmin())
    if ink_per_column[cut] > THIN_JOIN * height:
        return tall
    halves = []
    for part, offset in ((mask[:, :cut], 0), (mask[:, cut + 1 :], cut + 1)):
        rows, cols = np.nonzero(part)
        if not len(rows):
            return tall
        half_left, half_top = left + offset + int(cols.min()), top + int(rows.min())
        halves.append(
            [half_left, half_top, int(cols.max() - cols.min()) + 1, int(rows.max() - rows.min()) + 1, len(rows)]
        )
    return np.vstack([np.delete(tall, widest, axis=0), np.array(halves, dtype=tall.dtype)])


def _descends(text: str) -> bool:
    """Whether the text has a letter or mark that reaches under the baseline, where a dot below would be."""
    return bool(DESCENDING.intersection(unicodedata.normalize("NFD", text)))


def _ink_extent(gray: np.ndarray, letters: Letters, left: int, right: int) -> tuple[int, int]:
    """The word's span grown to the ink of its letters that Tesseract's box left out (the narrow I of "THỊ" outside
    a box of "TH", and with it the dot under it; the A of "NHÀ" with its grave): the columns of pieces of ink in the
    letters' body that reach its upper half are taken on either side while the gap after the last inked one stays
    narrower than a word space (`WORD_SPACE`), up to a letter height. Only such pieces: a comma after the word sits
    on the baseline, and its tail under it would pass for a dot below."""
    size = letters.height
    reach = round(size)
    x0, x1 = max(0, left - reach), min(gray.shape[1], right + reach)
    body = gray[round(letters.top) : round(letters.baseline), x0:x1]
    if not body.size:
        return left, right
    paper, ink = word_tone_range(gray, left, right, letters.top, letters.baseline)
    if paper - ink < 40:
        return left, right
    dark = (body < paper - 0.5 * (paper - ink)).astype(np.uint8)
    pieces, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    tall = [i for i in range(1, pieces) if stats[i, cv2.CC_STAT_TOP] < 0.5 * size]
    inked = np.isin(labels, tall).any(axis=0)
    gap = max(2, round(WORD_SPACE * size))

    def grow(start: int, step: int) -> int:
        edge, empty = start, 0
        for x in range(start + step, start + step * (reach + 1), step):
            if not 0 <= x < inked.size or empty >= gap:
                break
            if inked[x]:
                edge, empty = x, 0
            else:
                empty += 1
        return edge

    return x0 + grow(left - x0, -1), x0 + grow(right - 1 - x0, 1) + 1


def _ink_in_band(
    gray: np.ndarray, letters: Letters, span: tuple[int, int], *, below: bool, seen_only: bool = False
) -> bool:
    """True when the band under the baseline (or over the capitals) holds enough ink for a mark, or cannot be
    seen whole (the page's edge): only a band seen empty lets a mark go. With `seen_only`, a band that cannot be
    seen is False: ink must be seen to count as a mark."""
    size = letters.height
    near, far = BELOW_BAND if below else ABOVE_BAND
    if below:
        top, bottom = letters.baseline + near * size, letters.baseline + far * size
    else:
        top, bottom = letters.top - far * size, letters.top - near * size
    top, bottom = round(top), round(bottom)
    height, width = gray.shape[:2]
    if top < 0 or bottom > height:
        return not seen_only
    left, right = max(0, span[0]), min(width, span[1])
    band = gray[top:bottom, left:right]
    if not band.size:
        return not seen_only
    paper, ink = word_tone_range(gray, left, right, letters.top, letters.baseline)
    if paper - ink < 40:  # no contrast, or no letters in the span (an empty body reads as paper alone)
        return not seen_only
    dark = np.count_nonzero(band < paper - FAINT_INK * (paper - ink))
    return dark >= max(2.0, MIN_MARK_AREA * size * size)
