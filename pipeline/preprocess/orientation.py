"""Orientation: find whether a page is upright or turned by 90, 180 or 270 degrees, and turn it upright.

Tesseract's own detector (OSD) costs a process and 1-2 s per 300-dpi page (measured on poor scans), and on a copy
at half size it was wrong or gave up on 2 of 6 pages. A cheaper detector decides first, in about 40 ms, on the
ink of a small copy of the page (`analysis`):

* 0/180 versus 90/270: text lines make the profile of ink across them sharp (full rows, empty gaps) and the
  profile along them flat; the sharper direction, over a +-5 degree search that absorbs skew, is the lines'.
* 0 versus 180: Vietnamese puts most of its small marks (four of the five tones, the circumflex, the breve, the
  dots of i and j) above a letter and only the heavy tone's dot below one: `mark_evidence` counts them. On 600
  page orientations (150 rendered and generated forms, clean to poor, each turned four ways) its log ratio was
  positive every time, at least 0.37, median 1.16. Pages with too few marks fall back on the ink of each text
  line above versus below its x-height band (`upright_evidence`): generic for Latin script, but misled by some
  layouts (dotted leaders, tight lines: wrong on 7% of those pages), so it must be clear to count.

When the evidence is weak (few lines, lines that disagree, a square-ish pattern) Tesseract's OSD decides, if
allowed. Rotations are clockwise degrees applied to the input to make it upright, as in `PageOCR.rotation`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from pipeline.errors import SohoaError
from pipeline.ocr.tesseract import detect_osd
from pipeline.preprocess.analysis import InkPoints, best_shear, coarse_sharpness, components, ink_points, profile

# the sharper direction must beat the other by this factor to call the lines' direction (measured: 2-3 on text)
AXIS_RATIO = 1.3
# |log ratio| of marks above/below letters a page needs for 0 vs 180 (measured: at least 0.37, median 1.16)
MIN_MARK_EVIDENCE = 0.2
MIN_MARKS = 30  # fewer marks than this (not Vietnamese, very low resolution): the lines decide
# |mean log ratio| of line ink above/below the x-height band needed when the lines decide (measured: median 0.64,
# but below -0.5 on a few layouts with dotted leaders and tight lines, hence the high bar)
MIN_LINE_EVIDENCE = 0.6
MIN_LINES = 5
MIN_POINTS = 500


@dataclass(frozen=True, slots=True)
class Orientation:
    rotation: int  # clockwise degrees that make the page upright: 0, 90, 180 or 270
    confidence: float  # the margin: |log ratio| of marks (or lines) for "projection", Tesseract's for "osd"
    method: str  # "projection", "osd", "projection-weak" (OSD unavailable or unsure), "blank"
    skew: float | None = None  # skew of the upright page (degrees, counter-clockwise), measured on the way
    specks: int | None = None  # isolated specks seen on the way (on the analysis copy); None: not looked at


def rotate_quadrant(image: np.ndarray, rotation: int) -> np.ndarray:
    """`image` turned clockwise by `rotation` (0, 90, 180 or 270) degrees, exactly (no resampling)."""
    rotation %= 360
    if rotation == 0:
        return image
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    if rotation not in codes:
        raise ValueError(f"rotation must be 0, 90, 180 or 270, not {rotation}")
    return cv2.rotate(image, codes[rotation])


def _turned(points: InkPoints, rotation: int) -> InkPoints:
    """The points as they are once the page is turned clockwise by 0, 90, 180 or 270 degrees."""
    for _ in range((rotation % 360) // 90):
        points = points.turned_clockwise()
    return points


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True."""
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))


def _emptiest(hist: np.ndarray, start: int, end: int) -> int:
    """The row between two lines where one ends and the next begins: the middle of the emptiest rows, so that a
    wide blank gap is shared fairly (its first empty row would hand the whole gap to the line below)."""
    gap = hist[start:end]
    if gap.size == 0:
        return start
    low = np.flatnonzero(gap <= gap.min() + max(1.0, 0.05 * float(gap.max())))
    return start + int(low[low.size // 2])


def upright_evidence(points: InkPoints, shear: float) -> tuple[float, float, int]:
    """(mean over lines of log(ink above / below the x-height band), mean vote of the lines (+1 above, -1 below),
    number of lines).

    Positive means upright, negative upside down. `shear` is the direction of the rows (see `analysis.profile`).
    A line's band is a run of rows holding at least half the ink of the densest row nearby (within two letter
    heights, so that short lines count as well as full ones) on the profile smoothed over a third of a letter;
    the line reaches from the middle of the emptiest rows between it and the band above to those before the band
    below, at most 1.6 letter heights either way. The ink of that emptiest level (specks, a faint stamp) is taken
    off both sides before they are compared. Only lines whose band is about as tall as most lines' count (titles
    in larger capitals would weigh too much), and each line's log ratio counts once, bounded to +-2.

    Measured on 600 page orientations: median 0.64 and at least 11 lines a page, but negative on 7% (forms with
    dotted leaders and tight lines, where the next line's tone marks come within the window): a second witness.
    """
    hist = profile(points, shear, 1.0)
    letter = max(3.0, points.letter_height)
    if hist.size < 3 * letter:
        return 0.0, 0.0, 0
    # bands are found on a profile smoothed over a third of a letter: a line's x-line and baseline rows, dense in
    # crisp print, become one band, while a row or two of tone marks is too thin to rise above half
    width = max(3, round(letter / 3) | 1)
    smooth = np.convolve(hist, np.ones(width) / width, mode="same")
    window = round(2 * letter) * 2 + 1
    nearby_max = cv2.dilate(smooth.astype(np.float32).reshape(1, -1), np.ones((1, window), np.uint8)).ravel()
    floor = max(3.0, 0.1 * float(np.percentile(smooth, 99)))
    core = (smooth >= 0.5 * nearby_max) & (nearby_max >= floor)
    bands = [(start, end) for start, end in _runs(core) if end - start >= 0.4 * letter]
    if not bands:
        return 0.0, 0.0, 0
    # titles in larger capitals and rules make bands of another height: only bands like most lines are compared
    typical = float(np.median([end - start for start, end in bands]))
    reach = round(1.6 * letter)
    ratios: list[float] = []
    for i, (start, end) in enumerate(bands):
        if not 0.6 * typical <= end - start <= 1.6 * typical:
            continue
        top = max(0, start - reach)
        if i > 0:
            top = max(top, _emptiest(hist, bands[i - 1][1], start))
        bottom = min(hist.size, end + reach)
        if i + 1 < len(bands):
            bottom = min(bottom, _emptiest(hist, end, bands[i + 1][0]) + 1)
        upper, lower = hist[top:start], hist[end:bottom]
        if upper.size == 0 or lower.size == 0:
            continue
        level = min(float(upper.min()), float(lower.min()))
        above = float(np.clip(upper - level, 0, None).sum())
        below = float(np.clip(lower - level, 0, None).sum())
        # each line counts once, whatever its length: a log ratio, bounded so that no line decides alone
        ratios.append(float(np.clip(np.log((above + 1.0) / (below + 1.0)), -2.0, 2.0)))
    if not ratios:
        return 0.0, 0.0, 0
    return float(np.mean(ratios)), float(np.mean(np.sign(ratios))), len(ratios)


def mark_evidence(points: InkPoints) -> tuple[float, int]:
    """(log of (marks above a letter + 1) / (marks below a letter + 1), marks counted), in the points' frame.

    A mark is a blob much smaller than a letter (at most 0.45 letter heights either way); it is above a letter
    when a letter's ink lies within half a letter height straight under its centre, below one when it lies
    straight over it. Vietnamese puts most marks above its letters (four of the five tones, the circumflex, the
    breve, the dots of i and j) and only the dot of the heavy tone below, so upright pages give a clearly
    positive log ratio (measured: 0.37 at least, 1.16 typically, with 40-400 marks a page), whatever the layout.
    """
    if points.mask is None:
        return 0.0, 0
    letter_h, letter_w = max(3.0, points.letter_height), max(2.0, points.letter_width)
    _, labels, stats = components(points.mask)
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    letters = (heights >= 0.5 * letter_h) & (heights <= 1.6 * letter_h) & (widths <= 3 * letter_w)
    letters[0] = False
    marks = np.flatnonzero((np.maximum(heights, widths) <= 0.45 * letter_h) & (stats[:, cv2.CC_STAT_AREA] >= 2))
    marks = marks[marks > 0]
    if marks.size == 0:
        return 0.0, 0
    is_letter = letters[labels]
    rows, cols = is_letter.shape
    steps = np.arange(max(2, round(0.5 * letter_h)))
    centre_x = np.clip(stats[marks, cv2.CC_STAT_LEFT] + stats[marks, cv2.CC_STAT_WIDTH] // 2, 0, cols - 1)
    below_edge = stats[marks, cv2.CC_STAT_TOP] + stats[marks, cv2.CC_STAT_HEIGHT]
    above_edge = stats[marks, cv2.CC_STAT_TOP] - 1
    # probe straight down from each mark's bottom edge and straight up from its top edge
    down = np.clip(below_edge[:, None] + steps[None, :], 0, rows - 1)
    up = np.clip(above_edge[:, None] - steps[None, :], 0, rows - 1)
    on_top = is_letter[down, centre_x[:, None]].any(axis=1)  # a letter under the mark: the mark is above it
    underneath = is_letter[up, centre_x[:, None]].any(axis=1)
    above, below = int((on_top & ~underneath).sum()), int((underneath & ~on_top).sum())
    return float(np.log((above + 1.0) / (below + 1.0))), above + below


def _projection(points: InkPoints, max_skew: float) -> tuple[Orientation, bool]:
    """The cheap detector's answer and whether it is sure."""
    turned = points.turned_clockwise()
    horizontal, h_angle = coarse_sharpness(points, max_angle=max_skew)
    vertical, v_angle = coarse_sharpness(turned, max_angle=max_skew)
    axis_sure = max(horizontal, vertical) >= AXIS_RATIO * max(min(horizontal, vertical), 1e-9)
    base, frame, start = (0, points, h_angle) if horizontal >= vertical else (90, turned, v_angle)
    shear, _ = best_shear(frame, max_angle=max_skew, start=start)
    # the marks decide when there are enough of them; the lines only on pages with too few marks, and then only
    # when they speak clearly (they are misled by some layouts, see upright_evidence)
    evidence, marks = mark_evidence(frame)
    threshold = MIN_MARK_EVIDENCE
    if marks < MIN_MARKS:
        evidence, _, lines = upright_evidence(frame, shear)
        threshold = MIN_LINE_EVIDENCE if lines >= MIN_LINES else float("inf")
    rotation = base if evidence >= 0 else (base + 180) % 360
    sure = axis_sure and abs(evidence) >= threshold
    return Orientation(rotation, abs(evidence), "projection", skew=-shear), sure


def detect_orientation(
    gray: np.ndarray,
    *,
    dpi: int = 300,
    osd_fallback: bool = True,
    max_skew: float = 5.0,
    osd_timeout_s: float = 30.0,
) -> Orientation:
    """How to turn `gray` upright (see the module's docstring), with the skew of the upright page.

    `osd_fallback` lets Tesseract's OSD decide the pages the cheap detector is unsure of (about 1-2 s each).
    """
    points = ink_points(gray)
    if points.count < MIN_POINTS:
        return Orientation(0, 0.0, "blank", skew=0.0, specks=points.specks)
    guess, sure = _projection(points, max_skew)
    guess = replace(guess, specks=points.specks)
    if sure or not osd_fallback:
        return guess if sure else replace(guess, method="projection-weak")
    try:
        osd = detect_osd(gray, dpi=dpi, timeout_s=osd_timeout_s)
    except SohoaError:
        # OSD gives up on pages with too few letters, and may be missing: keep the cheap detector's guess
        return replace(guess, method="projection-weak")
    if osd.confidence < 1.0 and osd.rotate != guess.rotation:
        return replace(guess, method="projection-weak")
    skew = guess.skew
    if osd.rotate % 180 != guess.rotation % 180:
        shear, _ = best_shear(_turned(points, osd.rotate), max_angle=max_skew)
        skew = -shear
    return Orientation(osd.rotate, osd.confidence, "osd", skew, points.specks)


def make_upright(gray: np.ndarray, **kwargs: object) -> tuple[np.ndarray, Orientation]:
    """The page turned upright and the orientation found (keyword arguments as for `detect_orientation`)."""
    found = detect_orientation(gray, **kwargs)  # type: ignore[arg-type]
    return rotate_quadrant(gray, found.rotation), found
