"""The marks over a small vowel read from the ink alone: a hat or breve, and a tone, by a small learned model.

Tesseract's `vie` model reads the marks of a syllable together with its language prior, and on names that prior
wins: "Trần" printed at 300 dpi with its grave clear of the hat is read "Trân", "Thắng" "Thẳng", an unusual
spelling printed on purpose ("Trằn", "Tũng") is read as the common one. The hand-made checks in
`pipeline.ocr.marks` tell a mark by its second moments, which needs strokes of 7 pixels or more; on a page at
300 dpi a grave beside a hat is a blot of 4 to 6. This module looks at the whole region over one vowel (the hat,
the tone, where each stands) and gives the probability of each of the 15 ways it can be marked.

The region is placed from the word's own letters (`pipeline.ocr.marks.letters_of`: one piece of ink per letter),
never from a layout: its height and width are in units of the word's x-height, centred on the vowel's column, and
scaled to a fixed patch. The model is a small two-layer network (numpy only), trained by
`bench/train_mark_reader.py` on words rendered with every mark equally often, in fonts the synthetic scans never
use and in theirs (its `--unseen` run measures a model trained without the latter on them). Its weights ship as
`pipeline/ocr/data/mark_reader.npz`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from pipeline.normalize.text import TONE_MARKS

MODEL_PATH = Path(__file__).with_name("data") / "mark_reader.npz"
# the same network trained on words in capitals, whose marks stand higher and further apart
CAPITALS_MODEL_PATH = MODEL_PATH.with_name("mark_reader_capitals.npz")
# the same network trained on the vowels of printed values as the pipeline cuts them from whole scanned pages
# (`bench/train_page_marks.py`): italics, stamps, blur and JPEG as scans have them. It alone may overrule a mark
# that was read (`marks_overruled`).
PAGE_MODEL_PATH = MODEL_PATH.with_name("mark_reader_pages.npz")
PAGE_CAPITALS_MODEL_PATH = MODEL_PATH.with_name("mark_reader_pages_capitals.npz")

CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
GRAVE, ACUTE, HOOK, TILDE, DOT_BELOW = TONE_MARKS
HATS = ("", CIRCUMFLEX, BREVE)
TONES = ("", GRAVE, ACUTE, HOOK, TILDE)  # a dot below is no mark above: its class is the toneless one
CLASSES: tuple[tuple[str, str], ...] = tuple((hat, tone) for hat in HATS for tone in TONES)
# the small vowels the model reads, by their letter and horn (ơ ư are letters of their own: the horn is ink too)
BASES = ("a", "e", "i", "o", "u", "y", "ơ", "ư")
# which hats each letter can carry in Vietnamese: the model's answer is only taken among these
_HATS_OF = {"a": ("", CIRCUMFLEX, BREVE), "e": ("", CIRCUMFLEX), "o": ("", CIRCUMFLEX)}

# The region read over a vowel, in x-heights: from 1.35 above the letters' top to 0.15 into them (a hat may touch
# its letter), from 0.8 left of the vowel's centre to 0.95 right of it (a tone beside a hat stands to its right).
ABOVE, INTO = 1.35, 0.15
LEFT, RIGHT = 0.8, 0.95
PATCH_WIDTH, PATCH_HEIGHT = 24, 20
FEATURES = PATCH_WIDTH * PATCH_HEIGHT + len(BASES)


@dataclass(frozen=True, slots=True)
class Vowel:
    """A small vowel of a word's reading: its index among the word's letters, its letter and horn (a BASES entry),
    and the hat and tone it is read with."""

    index: int
    base: str
    hat: str
    tone: str


def vowels_of(letters_read: Sequence[str], *, capitals: bool = False) -> list[Vowel]:
    """The small vowels (with `capitals`, the capital ones) among a word's letters (each letter NFD-decomposed),
    with the marks they are read with. A vowel's `base` is its small letter either way: each model reads one case."""
    out = []
    for index, letter in enumerate(letters_read):
        if not letter or not (letter[0].isupper() if capitals else letter[0].islower()):
            continue
        marks = letter[1:]
        base = letter[0].lower() + (HORN if HORN in marks else "")
        base = unicodedata.normalize("NFC", base)
        if base not in BASES:
            continue
        hat = next((m for m in (CIRCUMFLEX, BREVE) if m in marks), "")
        tone = next((m for m in (GRAVE, ACUTE, HOOK, TILDE) if m in marks), "")
        out.append(Vowel(index, base, hat, tone))
    return out


def allowed(base: str) -> np.ndarray:
    """A mask over CLASSES of the marks `base` can carry."""
    hats = _HATS_OF.get(base, ("",))
    return np.array([hat in hats for hat, _ in CLASSES])


def patch(
    gray: np.ndarray,
    column: tuple[int, int],
    top: float,
    size: float,
    paper: float,
    ink: float,
    speck: float = 0.0,
) -> np.ndarray | None:
    """The region over a vowel whose letter stands in `column` (left, right), under a word whose small letters'
    top is at `top` and x-height is `size`, as ink (0 paper .. 1 the letters' ink), scaled to the patch; None
    where the region leaves the image or the word shows no contrast. Pieces of ink narrower and shorter than
    `speck` x-heights are whitened first (see `SPECK_IN_CAPITALS`)."""
    if size < 6 or paper - ink < 30:
        return None
    centre = (column[0] + column[1]) / 2
    y0, y1 = round(top - ABOVE * size), round(top + INTO * size)
    x0, x1 = round(centre - LEFT * size), round(centre + RIGHT * size)
    height, width = gray.shape[:2]
    if y0 < 0 or x0 < 0 or y1 > height or x1 > width or y1 - y0 < 4 or x1 - x0 < 4:
        return None
    region = _without_specks(_without_line_above(gray[y0:y1, x0:x1], paper, ink), paper, ink, speck * size)
    region = region.astype(np.float32)
    scaled = cv2.resize(region, (PATCH_WIDTH, PATCH_HEIGHT), interpolation=cv2.INTER_AREA)
    return np.clip((paper - scaled) / (paper - ink), 0.0, 1.0)


def _without_line_above(region: np.ndarray, paper: float, ink: float) -> np.ndarray:
    """The region with the ink that reaches in from its top edge whitened: that is the line above's (a descender,
    a stamp's stroke), never a mark, which stands clear of the region's top."""
    dark = (region < paper - 0.3 * (paper - ink)).astype(np.uint8)
    pieces, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    cut = [i for i in range(1, pieces) if stats[i, cv2.CC_STAT_TOP] == 0]
    if not cut:
        return region
    out = region.copy()
    out[np.isin(labels, cut)] = paper
    return out


def _without_specks(region: np.ndarray, paper: float, ink: float, extent: float) -> np.ndarray:
    """The region with the pieces of ink less than `extent` pixels wide and tall whitened (none when it is 0), but
    not those the region's bottom edge cuts: the tops of the letters."""
    if extent <= 0:
        return region
    dark = (region < paper - 0.3 * (paper - ink)).astype(np.uint8)
    pieces, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    bottom = region.shape[0]
    small = [
        i
        for i in range(1, pieces)
        if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) < extent
        and stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] < bottom
    ]
    if not small:
        return region
    out = region.copy()
    out[np.isin(labels, small)] = paper
    return out


def features(patch_: np.ndarray, base: str) -> np.ndarray:
    onehot = np.zeros(len(BASES), dtype=np.float32)
    onehot[BASES.index(base)] = 1.0
    return np.concatenate([patch_.ravel().astype(np.float32), onehot])


def word_tone_range(gray: np.ndarray, left: int, right: int, top: float, baseline: float) -> tuple[float, float]:
    """The paper's grey and the ink's grey of a word's letters (90th and 5th percentiles of their body)."""
    body = gray[round(top) : round(baseline), max(0, left) : max(0, right)]
    if not body.size:
        return 255.0, 255.0
    paper, ink = np.percentile(body, (90, 5))
    return float(paper), float(ink)


@dataclass(frozen=True, slots=True)
class MarkModel:
    """The network's weights: features -> hidden (ReLU) -> CLASSES."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        x = (rows - self.mean) / self.scale
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        weights = {name: getattr(self, name) for name in _WEIGHTS}
        np.savez_compressed(path, shape=np.array([PATCH_WIDTH, PATCH_HEIGHT, len(BASES), len(CLASSES)]), **weights)


_WEIGHTS = ("mean", "scale", "w1", "b1", "w2", "b2")


@lru_cache(maxsize=8)  # the four shipped models, and room: a smaller cache reloads them word by word
def load_model(path: Path = MODEL_PATH) -> MarkModel | None:
    """The shipped model; None when it is missing or was trained for another patch (then nothing is read)."""
    try:
        data = np.load(path)
    except (OSError, ValueError):
        return None
    if tuple(data["shape"]) != (PATCH_WIDTH, PATCH_HEIGHT, len(BASES), len(CLASSES)):
        return None
    return MarkModel(*(data[name].astype(np.float32) for name in _WEIGHTS))


# The model's answer overrules the reading only when it is this sure of it, and gives the reading at most
# `READ_AT_MOST`. Measured on the hatted words in small letters of three bench sets (10200-10400, about 4,400
# read without a tone): at these bounds it added the lost tone to 14 and to no word printed without one; at
# 0.95 and 0.02 it also gave two ("Lê" -> "Lể", "Văn" -> "Vẵn"), at 0.9 and 0.05 eleven.
SURE = 0.99
READ_AT_MOST = 0.005
# In capitals (the capitals model, on the 1,200 hatted words in capitals read without a tone on the same sets): it
# added the lost tone to 5 (HẰNG, HỒNG, LIỄU twice, HOẰNG, given 0.9994 or more) and to none printed without one; a
# prototype at 0.99 took a breve for one with a hỏi (VĂN, 0.997).
SURE_IN_CAPITALS = 0.999
# In capitals the reader earns its keep where the tone runs into the hat (one piece of ink, which the shape checks
# of `pipeline.ocr.marks` cannot part); a piece apart from the hat no bigger than a speck (under this many letter
# heights each way, not the letters' tops the region's bottom cuts) is whitened before it reads: specks beside a hat
# had passed for a grave (THĂNG read THẰNG, NGÔ NGỒ at 200 dpi, where a 2x2 speck is 0.2 letter heights). A small
# tone standing apart goes with them: it is `marks.tone_on_page`'s. The model itself is trained on patches as they
# are (`bench/train_mark_reader.py`): trained on whitened ones it did worse on the bench (PHÓ read PHỐ).
SPECK_IN_CAPITALS = 0.3
# A hat or breve lost under a tone read (HẰNG read HÀNG twice on 10600, in capitals) is added where the capitals
# model is this sure of it with the tone read, a grave or sắc only: on the 5,300 words in capitals of 10300, 10400
# and 10600 read right with a tone over a bare A, E or O (HÒA, HOÀNG, THÀNH, GIÁM ...) it added a hat to none, and
# to both HÀNG with their letters apart (0.97 and 0.99). A hỏi or ngã read is left: at 0.95 BẢO became BẨO, XÃ XẨ.
SURE_OF_HAT = 0.97
_TONES_UNDER_HAT = (GRAVE, ACUTE)
# A mark that was read is overruled by the page-trained model only when it is this sure (see `marks_overruled`).
SURE_TO_OVERRULE = 0.999
# ... and confirms the marks read over a small vowel at this (`pipeline.ocr.marks.confirmed_by_ink`).
SURE_OF_READING = 0.99
# A word in capitals read with a tone is taken as printed (`Word.marks_seen`: no list of surnames changes it) where
# the capitals page model gives every vowel's reading at least this. Measured on the 80 surnames read with a tone
# and restored from the list of surnames on the sets 11000-11500: the 6 printed as read (injected "NGUYỀN",
# "NGUYẾN", "ĐẬNG", "LỂ") got 0.937-0.9998, the 74 misread (TRẤN for Trần, LẺ for Lê, ĐỒ for Đỗ) at most 0.68.
SURE_OF_READING_IN_CAPITALS = 0.9
# A word of a name no one in the register is called at its place, where another spelling of the same letters is
# (`pipeline.extract.reread`), is taken as that spelling when the page-trained reader gives it at least
# `SPELLING_ON_PAGE` and the reading at most `READING_ON_PAGE_AT_MOST` (a spelling's probability is the product of
# its vowels' marks'; `pipeline.ocr.marks.spelling_on_page`). Measured on the 606 such words of the sets 10900 to
# 11400 (130 misread; the others read as printed, mostly discrepancies injected on purpose, which the register does
# not hold): at these bounds it mended 31 ("HIEN" Hiền, "NGUYÊN" Nguyễn as a middle name, "THỦ" Thu, "Bủi" Bùi,
# "Vàn" Văn) and broke none. At 0.5 and 0.2, first chosen on 10900-11300 (26 mended, none broken), it broke a
# "DƯỚNG" printed on purpose on the held-out 11400 (Dương at 0.76); with no bound on the reading, five.
SPELLING_ON_PAGE = 0.9
READING_ON_PAGE_AT_MOST = 0.05


@dataclass(frozen=True, slots=True)
class Site:
    """Where a vowel is read: the page, the word's left and right, its letters' top and baseline (small letters'
    or capitals', as the model reads), and the vowel's column (left, right)."""

    gray: np.ndarray
    span: tuple[int, int]
    top: float
    baseline: float
    column: tuple[int, int]


def tone_lost_beside_hat(
    model: MarkModel, site: Site, vowel: Vowel, sure: float = SURE, speck: float = 0.0
) -> str | None:
    """The tone the page prints beside the hat or breve of `vowel`, read without one, when the model is sure of it
    (`sure`) and sure the vowel is not bare (`READ_AT_MOST`); None otherwise."""
    if not vowel.hat or vowel.tone:
        return None
    found = _sure_reading(model, site, vowel, (vowel.hat, ""), sure, speck)
    return found[1] if found is not None and found[0] == vowel.hat and found[1] else None


def hat_lost_under_tone(
    model: MarkModel, site: Site, vowel: Vowel, sure: float = SURE_OF_HAT, speck: float = 0.0
) -> str | None:
    """The hat or breve the page prints under the grave or sắc read over `vowel` without one (HẰNG read HÀNG: in
    capitals the breve and the grave over it run together), when the model is sure of that hat with that tone
    (`sure`) and sure the vowel is not as read (`READ_AT_MOST`); None otherwise."""
    if vowel.hat or vowel.tone not in _TONES_UNDER_HAT or len(_HATS_OF.get(vowel.base, ("",))) < 2:
        return None
    found = _sure_reading(model, site, vowel, ("", vowel.tone), sure, speck)
    return found[0] if found is not None and found[0] and found[1] == vowel.tone else None


def dot_read_as_hook(model: MarkModel, site: Site, vowel: Vowel, sure: float = SURE) -> bool:
    """Whether the small i `vowel`, read with a hỏi, is bare on the page: its dot read as a hook ("Chi" read
    "Chỉ"), the model sure of the bare i (`sure`) and giving the hook at most `READ_AT_MOST`."""
    if vowel.base != "i" or vowel.tone != HOOK:
        return False
    return _sure_reading(model, site, vowel, ("", HOOK), sure, 0.0) == ("", "")


def marks_overruled(
    model: MarkModel,
    site: Site,
    vowel: Vowel,
    sure: float = SURE_TO_OVERRULE,
    tones: tuple[float, float] | None = None,
) -> tuple[str, str] | None:
    """The (hat, tone) the page prints over `vowel` where it differs from the reading's, when `model` (one trained
    on scanned pages) is sure of it (`sure`) and sure the vowel is not as read (`READ_AT_MOST`); None otherwise.
    `tones`: the word's paper and ink greys (`word_tone_range`), when the caller has them."""
    found = _sure_reading(model, site, vowel, (vowel.hat, vowel.tone), sure, 0.0, tones)
    return None if found is None or found == (vowel.hat, vowel.tone) else found


# A tone in small letters is overruled where the reader trained on rendered words gives another at least `SURE` and
# the one trained on scanned pages at least this, each giving the reading at most `READ_AT_MOST`
# (`pipeline.ocr.marks._overruled_by_both`).
SURE_OF_ANOTHER = 0.9


@dataclass(frozen=True, slots=True)
class BothSure:
    """How sure each reader must be of another tone (`rendered`, `scanned`), and how little each may give the
    reading (`reading`), for `marks_seen_by_both` to see it."""

    rendered: float
    scanned: float
    reading: float


IN_SMALL_LETTERS = BothSure(SURE, SURE_OF_ANOTHER, READ_AT_MOST)
# In capitals, a tone read changed for another tone (never one added or taken away). On the 4,700 capital vowels of
# names and places of sets 12100 and 12200 (clean and scanned, upright) the two readers agreed on another tone 10
# times at these bounds, each printed so ("MỸ" printed "MỶ", "LẦM" "LẨM", "HIẾN" "HIỀN", "ĐỒ" "ĐỖ"), and broke
# no right reading down to 0.7 either way; on 1,450 tones rendered in capitals (14 fonts, 200 and 300 dpi, clean and
# grainy) they mended 4,287 of 4,449 misreadings and broke no right one, where at a reading of 0.06 they broke a
# bold "HIỀN" at 200 dpi (a hỏi at 0.98 and 0.95, the grave 0.017 and 0.042). The same bounds let a word in
# capitals read with no tone get a tone beside its hat or breve ("VẲN" read "VĂN", clean, set 12600) or a hat over a
# bare a, e or o ("HUYÊN" read "HUYEN"): on the capital vowels of names on the clean and scanned pages of set 12600
# (upright), the readers, given each vowel as printed, agreed on a tone over none of 286 untoned hatted vowels and
# on a hat over none of 403 bare a, e and o, even at 0.5 and 0.5 (the reading at most 0.5); where a tone or hat was
# printed they saw it for 230 of 256 and 499 of 542.
CHANGED_IN_CAPITALS = BothSure(0.9, 0.9, 0.04)


def marks_seen_by_both(
    rendered: MarkModel,
    scanned: MarkModel,
    site: Site,
    vowel: Vowel,
    tones: tuple[float, float] | None = None,
    bounds: BothSure = IN_SMALL_LETTERS,
) -> tuple[str, str] | None:
    """The (hat, tone) over `vowel` both models see instead of the reading's: `rendered` (trained on rendered
    words) sure of it at `bounds.rendered`, `scanned` (trained on scanned pages) at `bounds.scanned`, each giving the
    reading at most `bounds.reading`; None otherwise ("" is no hat, or no tone above). The caller decides which
    changes it takes (`pipeline.ocr.marks._overruled_by_both`: a tone, or in capitals a hat too)."""
    read = CLASSES.index((vowel.hat, vowel.tone))
    # the scanned pages' reader first: it is seldom sure of another reading, and then the other need not read
    page = _probabilities(scanned, site, vowel, 0.0, tones)
    if page is None:
        return None
    best = int(page.argmax())
    if best == read or page[best] < bounds.scanned or page[read] > bounds.reading:
        return None
    alone = _probabilities(rendered, site, vowel, 0.0, tones)
    if alone is None or int(alone.argmax()) != best or alone[best] < bounds.rendered or alone[read] > bounds.reading:
        return None
    return CLASSES[best]


def mark_probabilities(
    model: MarkModel, site: Site, vowel: Vowel, tones: tuple[float, float] | None = None
) -> np.ndarray | None:
    """The probability `model` gives each (hat, tone) of CLASSES over `vowel` at `site`, among the marks its letter
    can carry; None when the site gives no patch. `tones` as for `marks_overruled`."""
    return _probabilities(model, site, vowel, 0.0, tones)


def _sure_reading(
    model: MarkModel,
    site: Site,
    vowel: Vowel,
    read: tuple[str, str],
    sure: float,
    speck: float,
    tones: tuple[float, float] | None = None,
) -> tuple[str, str] | None:
    """The (hat, tone) the model gives `vowel` at `site` when it gives it at least `sure` and the reading `read` at
    most `READ_AT_MOST`, among the marks its letter can carry; None otherwise."""
    probs = _probabilities(model, site, vowel, speck, tones)
    if probs is None:
        return None
    best = int(probs.argmax())
    if probs[best] < sure or probs[CLASSES.index(read)] > READ_AT_MOST:
        return None
    return CLASSES[best]


def _probabilities(
    model: MarkModel, site: Site, vowel: Vowel, speck: float, tones: tuple[float, float] | None
) -> np.ndarray | None:
    """The model's probability of each (hat, tone) of CLASSES for `vowel` at `site`, among the marks its letter
    can carry (summing to 1); None when the site gives no patch. `tones`: the word's paper and ink greys, when the
    caller has them (`word_tone_range`)."""
    paper, ink = tones or word_tone_range(site.gray, site.span[0], site.span[1], site.top, site.baseline)
    region = patch(site.gray, site.column, site.top, site.baseline - site.top, paper, ink, speck)
    if region is None:
        return None
    probs = model.probabilities(features(region, vowel.base)[None])[0] * allowed(vowel.base)
    return probs / probs.sum()
