"""Shared page analysis: ink pixels of a downscaled page as a point cloud, and projection profiles over it.

Orientation and skew are both decided on text lines seen as rows of ink. Working on the coordinates of the ink
pixels of a small binarised copy (about 1600 px on the long side) rather than on rotated images makes an angle
search cost a `bincount` per angle: a few milliseconds for a whole page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

ANALYSIS_MAX_SIDE = 1600


@dataclass(frozen=True, slots=True)
class InkPoints:
    """Ink pixels of the analysis copy of a page, jittered by up to half a pixel (see `ink_points`)."""

    ys: np.ndarray  # float32, rows in analysis pixels
    xs: np.ndarray  # float32, columns in analysis pixels
    scale: float  # analysis pixels per input pixel
    height: int  # size of the analysis copy
    width: int
    letter_height: float = 0.0  # ink-weighted median height of the marks: about a letter's (x-height or more)
    letter_width: float = 0.0
    mask: np.ndarray | None = None  # the analysis copy's ink (uint8 0/1) the points come from
    specks: int = 0  # isolated specks left out of the mask: dirt, noise (see `ink_mask`)

    @property
    def count(self) -> int:
        return int(self.ys.size)

    def turned_clockwise(self) -> InkPoints:
        """The same points on the page turned 90 degrees clockwise (as `cv2.ROTATE_90_CLOCKWISE` does)."""
        return InkPoints(
            self.xs,
            (self.height - 1) - self.ys,
            self.scale,
            self.width,
            self.height,
            self.letter_width,
            self.letter_height,
            None if self.mask is None else cv2.rotate(self.mask, cv2.ROTATE_90_CLOCKWISE),
            self.specks,
        )


def to_gray(image: np.ndarray) -> np.ndarray:
    """A 2-D uint8 image: grey images are returned as they are, BGR(A) images converted with the usual weights."""
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] == 1:
        return image[:, :, 0]
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    if image.ndim == 3 and image.shape[2] == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    raise ValueError(f"expected a grey or BGR image, got an array of shape {image.shape}")


def downscale(gray: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """A copy whose longer side is at most `max_side` (area interpolation), and the factor applied."""
    height, width = gray.shape[:2]
    scale = min(1.0, max_side / max(height, width))
    if scale >= 1.0:
        return gray, 1.0
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), scale


def components(binary: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """The 8-connected components of a 0/1 image: their count (the background included), the label image and the
    stats (as cv2.connectedComponentsWithStats). Grana's block-based algorithm (BBDT): on one thread, as every OCR
    worker runs, it labelled a page in 16 ms where OpenCV's default took 25."""
    count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(binary, 8, cv2.CV_32S, cv2.CCL_BBDT)
    return count, labels, stats


def isolated_small(
    ink: np.ndarray, stats: np.ndarray, *, limit: int, reach_x: int, reach_y: int, tolerance: int = 3
) -> np.ndarray:
    """Which connected components (rows of `stats` from cv2.connectedComponentsWithStats over `ink`, a 0/1
    image) are specks: a box at most `limit` px on both sides, with at most `tolerance` other ink pixels within
    `reach_x` px to its left or right and `reach_y` px above or below it. The reach is wider along the lines
    because full stops, colons and commas stand a letter's width from the word they end, while tone marks and
    dots sit closer above and below their letter. Counted with a summed-area table: one pass over the image,
    whatever the number of blobs."""
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    width, height, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    result = (width <= limit) & (height <= limit)
    result[0] = False  # the background
    candidates = np.flatnonzero(result)
    if candidates.size == 0:
        return result
    rows, cols = ink.shape
    table = cv2.integral(ink)
    x0 = np.clip(left[candidates] - reach_x, 0, cols)
    y0 = np.clip(top[candidates] - reach_y, 0, rows)
    x1 = np.clip(left[candidates] + width[candidates] + reach_x, 0, cols)
    y1 = np.clip(top[candidates] + height[candidates] + reach_y, 0, rows)
    around = table[y1, x1] - table[y0, x1] - table[y1, x0] + table[y0, x0]
    result[candidates] = (around - area[candidates]) <= tolerance
    return result


def ink_mask(small: np.ndarray) -> tuple[np.ndarray, float, float, int]:
    """Dark marks on the analysis copy: a local threshold (robust to uneven light), without isolated specks
    and without marks spanning half the page (scanner edges, frames), which are not text; with the median height
    and width of the marks kept, and the number of specks left out."""
    block = max(15, (max(small.shape) // 50) | 1)
    # darker than 80% of the local mean: a ratio, not a difference, so that a faint stamp or grain on bright
    # paper stays out while thin strokes in a shadow stay in
    mean = cv2.blur(small, (block, block), borderType=cv2.BORDER_REPLICATE)
    mask = (small.astype(np.uint16) * 5 < mean.astype(np.uint16) * 4).astype(np.uint8)
    _, labels, stats = components(mask)
    keep = stats[:, cv2.CC_STAT_AREA] >= 4
    keep &= stats[:, cv2.CC_STAT_WIDTH] <= small.shape[1] // 2
    keep &= stats[:, cv2.CC_STAT_HEIGHT] <= small.shape[0] // 2
    # specks of dirt fill the gaps between lines and blur the profiles; diacritics sit next to letters and stay
    specks = isolated_small(mask, stats, limit=4, reach_x=8, reach_y=4)
    keep &= ~specks
    keep[0] = False
    return (
        keep[labels],
        _weighted_median(stats, keep, cv2.CC_STAT_HEIGHT),
        _weighted_median(stats, keep, cv2.CC_STAT_WIDTH),
        int(specks.sum()),
    )


def _weighted_median(stats: np.ndarray, keep: np.ndarray, column: int) -> float:
    """The median size of the kept marks, each weighted by its ink: grain and dots weigh little, letters much."""
    sizes, weights = stats[keep, column], stats[keep, cv2.CC_STAT_AREA].astype(np.float64)
    if sizes.size == 0:
        return 0.0
    order = np.argsort(sizes)
    cumulative = np.cumsum(weights[order])
    return float(sizes[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def ink_points(gray: np.ndarray, *, max_side: int = ANALYSIS_MAX_SIDE, seed: int = 0) -> InkPoints:
    """The ink of `gray` as points on a copy at most `max_side` pixels long.

    Each point is moved by a random sub-pixel amount: without that, integer coordinates make the projection at
    exactly 0 degrees look sharper than it is (every row falls into one bin) and the angle search sticks there.
    """
    small, scale = downscale(to_gray(gray), max_side)
    mask, letter_height, letter_width, specks = ink_mask(small)
    mask = mask.astype(np.uint8)
    ys, xs = np.nonzero(mask)
    rng = np.random.default_rng(seed)
    jitter = rng.uniform(-0.5, 0.5, size=(2, ys.size)).astype(np.float32)
    return InkPoints(
        ys.astype(np.float32) + jitter[0],
        xs.astype(np.float32) + jitter[1],
        scale,
        *small.shape[:2],
        letter_height,
        letter_width,
        mask,
        specks,
    )


def profile(points: InkPoints, shear: float, bin_px: float = 1.0) -> np.ndarray:
    """Ink per band along direction `shear` (degrees; rows y - x*tan(shear)), bands `bin_px` analysis px tall."""
    projected = points.ys - points.xs * np.float32(np.tan(np.radians(shear)))
    projected -= projected.min()
    return np.bincount((projected / bin_px).astype(np.int64)).astype(np.float64)


def sharpness(hist: np.ndarray) -> float:
    """How much a profile alternates between full and empty bands: its squared coefficient of variation over the
    span holding the central 98% of the ink (so margins do not count)."""
    total = hist.sum()
    if total <= 0:
        return 0.0
    cumulative = np.cumsum(hist)
    lo, hi = np.searchsorted(cumulative, [0.01 * total, 0.99 * total])
    span = hist[lo : hi + 1]
    mean = span.mean()
    return float((span * span).mean() / (mean * mean) - 1.0) if mean > 0 else 0.0


def best_shear(
    points: InkPoints,
    *,
    max_angle: float = 5.0,
    coarse_step: float = 0.5,
    fine_step: float = 0.05,
    start: float | None = None,
) -> tuple[float, float]:
    """The direction (degrees, y - x*tan) along which rows of ink are sharpest, and that sharpness.

    A coarse search over +-max_angle on 3-px bands (skipped when its result, `start`, is known), then a fine one
    around its best on 1-px bands, refined by a parabola through the best three angles: about a twentieth of a
    degree on a text page.
    """
    if points.count == 0:
        return 0.0, 0.0
    if start is None:
        _, start = coarse_sharpness(points, max_angle=max_angle, step=coarse_step)
    fine = np.arange(start - coarse_step, start + coarse_step + fine_step / 2, fine_step)
    fine_scores = np.array([sharpness(profile(points, a, 1.0)) for a in fine])
    i = int(np.argmax(fine_scores))
    angle = float(fine[i])
    if 0 < i < len(fine) - 1:
        left, mid, right = fine_scores[i - 1 : i + 2]
        curvature = left - 2 * mid + right
        if curvature < 0:
            angle += float(0.5 * (left - right) / curvature * fine_step)
    return angle, float(fine_scores[i])


def coarse_sharpness(points: InkPoints, *, max_angle: float = 5.0, step: float = 0.5) -> tuple[float, float]:
    """Best sharpness of the rows of ink over a coarse angle grid, and its angle: cheap evidence for text lines."""
    if points.count == 0:
        return 0.0, 0.0
    angles = np.arange(-max_angle, max_angle + step / 2, step)
    scores = [sharpness(profile(points, a, 3.0)) for a in angles]
    i = int(np.argmax(scores))
    return float(scores[i]), float(angles[i])
