"""Lines of text the page's OCR skipped: found as ink no word covers, to be read again from their crops.

Tesseract's "uniform block" segmentation (psm 6, the mode that reads field values best here) sometimes drops a
whole short line squeezed under a longer one: the second line of a name wrapped in a narrow column of a marriage
certificate ("NGUYỄN VĂN" / "LỰC"), the end of a date. psm 3 reads that line but loses more elsewhere. So after
the page is read, ink that no word box covers is grouped into line-sized regions; those are read again, all in one
call (`ocr_crops`), and their words join the page's.

What counts as a missed line: letter-sized ink (a region from 0.4 to 2 times the height of the page's
words) at least twice as wide as high, starting where other lines or columns of the page start. Dotted leaders,
specks and rules are far flatter and never qualify; signatures and stamp fragments start anywhere and are left
alone (each read costs a Tesseract start, about 0.1 s). And a short value the page skipped after its label:
letter-sized ink of any width right after a word that ends in a colon or in leaders ("Số: ........ 1" read
"Số:", clean, set 11100); the leaders between, unread, join it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import cv2
import numpy as np

from pipeline.ocr.model import JUNK_CONF, Box, Word
from pipeline.preprocess.analysis import components

MIN_HEIGHT = 0.4  # of the median word height (which counts tone marks: a line of digits is about 0.6)
MAX_HEIGHT = 2.0
MIN_WIDTH = 2.0  # a region narrower than two or three letters is a mark, not a missed line
ALIGN = 0.6  # how far (in word heights) a missed line's left edge may be from where other text starts
MAX_REGIONS = 12  # a page with more unread ink than this is not missing lines: it is a drawing, a photo, a stamp
# A junk word (`JUNK_CONF`: "TH..." at 27 and "." at 0 over "Số: ........... 661") covers no ink, so the line is
# read again, and the junk gives way to the new reading (`merged`).
RECOVER_MIN_CONF = 40.0  # a low-confidence reading of unread ink is a signature or a smudge, not a line of the form
# A value after its label starts within this many line heights of the label's colon or leaders
AFTER_LABEL = 1.0
VALUE_READ = 3.0  # a word read this many line heights after a label is its value, read
_ENDS_LABEL = re.compile(r"(?::|[.…·_]{3,})$")


def _median_height(words: Sequence[Word]) -> float:
    heights = sorted(w.box.height for w in words if w.conf >= 50 and len(w.text.strip(".,:;-")) >= 2)
    return float(heights[len(heights) // 2]) if heights else 0.0


def unread_lines(gray: np.ndarray, words: Sequence[Word]) -> list[Box]:
    """Boxes of line-sized ink on `gray` (a preprocessed page, dark text on light) that no word of `words` covers,
    top to bottom; empty when the page has no words to judge the text size by."""
    height = _median_height(words)
    if height < 6:
        return []
    # a quarter of the pixels is plenty to find letter-sized ink (words are 25-50 px tall): 4 times faster
    step = 2 if height >= 16 else 1
    # Otsu's threshold, not a fixed one: the ink of a poor scan can be a light grey
    _, ink = cv2.threshold(np.ascontiguousarray(gray[::step, ::step]), 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    # a word's box holds its marks already; the margin only takes its blurred rim (lines are close at 200 dpi)
    pad_x, pad_y = max(2, round(0.25 * height)), max(2, round(0.08 * height))
    rows, cols = ink.shape
    # a label read at any confidence ends where its value starts ("Số:........" at 0 before an unread 1)
    labels = [w.box for w in words if _ENDS_LABEL.search(w.text)]
    words = [w for w in words if w.conf >= JUNK_CONF]
    # ...unless its value was read: the edge of that value's first letter the margin left unread (the stem of the
    # P of "Bà: PHAN") is no value of its own
    labels = [label for label in labels if not any(label.followed_by(w.box, VALUE_READ * height) for w in words)]
    for word in words:
        # at least a line's height up from its bottom: Tesseract gives a word run together with dotted leaders
        # ("LOAN.........") a box as flat as the dots, and its letters are no missed line
        word_top = min(word.box.top, word.box.bottom - round(height))
        top, bottom = max(0, (word_top - pad_y) // step), min(rows, -(-(word.box.bottom + pad_y) // step))
        left, right = max(0, (word.box.left - pad_x) // step), min(cols, -(-(word.box.right + pad_x) // step))
        ink[top:bottom, left:right] = 0
    # letters of a word and words of a line join; lines stay apart
    reach = max(3, round(0.6 * height / step))
    joined = cv2.dilate(ink, np.ones((1, reach), np.uint8))
    count, _, stats = components(joined)
    lines: list[Box] = []  # wide enough for a missed line
    short: list[Box] = []  # narrower: only a value right after its label
    flat: list[Box] = []  # dotted leaders (or rules): they lead from an unread label to its unread value
    for index in range(1, count):
        left, top, width, region_h, _ = (int(v) * step for v in stats[index])
        # dilation widened the region by reach/2 on each side
        grown = reach * step
        region = Box(left + grown // 2, top, max(1, width - grown), region_h)
        if region_h < MIN_HEIGHT * height and region.width >= MIN_WIDTH * height:
            flat.append(region)
        if not MIN_HEIGHT * height <= region_h <= MAX_HEIGHT * height:
            continue
        (lines if width >= MIN_WIDTH * height else short).append(region)
    starts = _column_starts(words, height)
    # a missed line of the form starts where other lines or columns start; signature strokes and stamp
    # fragments (most of the unread ink on a page) start anywhere
    aligned = [r for r in lines if any(abs(r.left - x) <= ALIGN * height for x in starts)]
    rest = [r for r in [*lines, *short] if r not in aligned]
    aligned, rest = _with_values_led_to(aligned, rest, flat, height)
    after_labels = [r for r in rest if any(label.followed_by(r, AFTER_LABEL * height) for label in labels)]
    regions = aligned + after_labels
    if len(regions) > MAX_REGIONS:
        return []
    return sorted(regions, key=lambda box: (box.top, box.left))


def _with_values_led_to(
    aligned: list[Box], rest: list[Box], flat: list[Box], height: float
) -> tuple[list[Box], list[Box]]:
    """The missed lines `aligned`, each grown over the unread ink of `rest` its dotted leaders (`flat`) lead to on
    its row, and what is left of `rest`. A label the page skipped with its value ("Số: ........... 78", clean, set
    12200: the label is line-sized ink where lines start, the value two digits too narrow to be a line alone, and
    no label read before it) is read as one line, so the value comes back beside its label."""
    grown_lines: list[Box] = []
    for line in aligned:
        while True:
            value = next(
                (
                    value
                    for leaders in flat
                    if line.followed_by(leaders, AFTER_LABEL * height) or _overlaps_row(line, leaders, height)
                    for value in rest
                    if leaders.followed_by(value, AFTER_LABEL * height) and _overlaps_row(line, value, height)
                ),
                None,
            )
            if value is None:
                break
            rest = [r for r in rest if r != value]
            line = line.union(value)
        grown_lines.append(line)
    return grown_lines, rest


def _overlaps_row(line: Box, other: Box, height: float) -> bool:
    """Whether `other` (leaders, a value) stands on the row of `line`, to its right: leaders sit at the baseline,
    within the line's lower half."""
    return other.left >= line.right - 0.5 * height and line.top <= other.center_y <= line.bottom + 0.25 * height


def _column_starts(words: Sequence[Word], height: float) -> list[int]:
    """Left edges where text starts: the first word of each OCR line and each word after a wide gap (a column)."""
    starts: list[int] = []
    previous: Word | None = None
    for word in words:
        same_line = previous is not None and (previous.block, previous.par, previous.line) == (
            word.block,
            word.par,
            word.line,
        )
        if not same_line or word.box.left - previous.box.right > 1.5 * height:  # type: ignore[union-attr]
            starts.append(word.box.left)
        previous = word
    return starts


def renumbered(words: list[list[Word]], first_block: int) -> list[Word]:
    """Words read from crops, each crop its own block numbered from `first_block` (after the page's blocks), so
    that no recovered word claims a place in one of the page's lines."""
    out: list[Word] = []
    for offset, crop_words in enumerate(words):
        for index, word in enumerate(crop_words, start=1):
            out.append(Word(word.text, word.conf, word.box, first_block + offset, 1, 1, index))
    return out


def merged(words: Sequence[Word], regions: Sequence[Box], found: Sequence[list[Word]]) -> tuple[Word, ...]:
    """The page's words with what was read of its missed lines (`found`, one list per region of `regions`):
    confident words join, in blocks numbered after the page's (`first_recovered_block`), and junk words of the
    page inside a region that was read give way to them."""
    kept = [[w for w in crop if w.conf >= RECOVER_MIN_CONF] for crop in found]
    read = [(region, crop) for region, crop in zip(regions, kept, strict=False) if crop]

    def superseded(word: Word) -> bool:
        if any(_read_again(word, r, crop) for r, crop in read):
            return True
        # junk gives way where the region read its start, where a junk word's letters are (leaders follow them):
        # a date the page read at 0 run together with its leaders across the line ("20/07/2026.........ẶẶẶ")
        # stays when the region kept only a word at the line's far end
        return word.conf < JUNK_CONF and any(
            _under(word.box, r) and _reads_start(word.box, r, crop) for r, crop in read
        )

    stay = [w for w in words if not superseded(w)]
    # a region can take in the edge of a word the page did read (a mark above it), or a line it read whole (a poor
    # scan's "Nguyễn Văn An" boxed as one "Nguyễn"): those words are read twice, and the page's reading stands
    fresh = [[w for w in crop if _covered_by(w.box, stay) <= 0.5] for crop in kept]
    return (*stay, *renumbered(fresh, first_recovered_block(words)))


def _under(word: Box, region: Box) -> bool:
    """Whether a junk word of the page stood for the ink of `region`: its middle is inside the region, or it spans
    most of the region's width on the same line (a name run together with its leaders, "HEK_......" at 28, whose
    middle is far to the right of the letters the region holds)."""
    x, y = (word.left + word.right) / 2, word.center_y
    if region.left <= x <= region.right and region.top <= y <= region.bottom:
        return True
    across = min(word.right, region.right) - max(word.left, region.left)
    down = min(word.bottom, region.bottom) - max(word.top, region.top)
    return down > 0.5 * min(word.height, region.height) and across >= 0.5 * region.width


def _reads_start(box: Box, region: Box, crop: Sequence[Word]) -> bool:
    """Whether a word of `crop` lies over the first two line heights of `box`."""
    start = min(box.right, box.left + 2 * region.height)
    return any(w.box.left < start and w.box.right > box.left for w in crop)


def _read_again(word: Word, region: Box, crop: list[Word]) -> bool:
    """Whether a page word is the same letters as a word read in `region`, boxed off its letters: Tesseract boxes a
    word run together with its leaders ("HEK_......" at 28, "Lực." at 69) by the dots alone, flat (a few pixels
    tall), low and right of the letters, which then look unread. The region's reading, boxed right, replaces it."""
    letters = word.text.rstrip("._…·-:").lower()
    flat = word.box.height < 0.5 * region.height
    same_line = region.top <= word.box.center_y <= region.bottom + 0.5 * region.height
    near = region.left - region.height <= word.box.left <= region.right + 2 * region.height
    return bool(letters) and flat and same_line and near and any(w.text.lower() == letters for w in crop)


def _covered_by(new: Box, words: Sequence[Word]) -> float:
    """The largest share of `new`'s area one of `words` covers, or the share of its width the words on its line
    cover together (each overlapping it by half its height)."""
    alone = max((_covered(new, w.box) for w in words), default=0.0)
    spans = sorted(
        (max(new.left, w.box.left), min(new.right, w.box.right))
        for w in words
        if min(new.bottom, w.box.bottom) - max(new.top, w.box.top) > 0.5 * min(new.height, w.box.height)
        and w.box.right > new.left
        and w.box.left < new.right
    )
    across, reach = 0, new.left
    for left, right in spans:
        across += max(0, right - max(left, reach))
        reach = max(reach, right)
    return max(alone, across / max(1, new.width))


def _covered(new: Box, old: Box) -> float:
    """The share of `new`'s area that `old` covers (a mark of the page inside a new word covers little of it)."""
    width = min(new.right, old.right) - max(new.left, old.left)
    height = min(new.bottom, old.bottom) - max(new.top, old.top)
    if width <= 0 or height <= 0:
        return 0.0
    return width * height / max(1, new.width * new.height)


def first_recovered_block(words: Sequence[Word]) -> int:
    """The block number the recovered lines of a page with these words start at."""
    return max((w.block for w in words), default=0) + 1
