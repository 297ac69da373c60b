"""Italic text made upright: Tesseract's `vie` misreads italic digits (1 as 7, 8 as 6, 5 as 9) that it reads
right once the slant is sheared away (measured on generated scans with italic Noto Sans values: an ID read
017066907912 at confidence 76 came back 017088907912 at 94)."""

from __future__ import annotations

import cv2
import numpy as np

SHEARS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3)  # horizontal shift per pixel of height; italics lean 0.15-0.25
MIN_SLANT = 0.1  # below this the text is upright enough


def sheared(gray: np.ndarray, shear: float, fill: int = 255) -> np.ndarray:
    """`gray` with its rows shifted left by `shear` pixels per pixel above the bottom: a right-leaning slant
    of `shear` becomes upright. The image grows by the shift, filled with white."""
    height, width = gray.shape[:2]
    grow = int(np.ceil(shear * height))
    matrix = np.float32([[1, shear, 0], [0, 1, 0]])
    # x' = x + shear * y moves the bottom right; shifting by -shear*height keeps the top in place instead
    matrix[0, 2] = -shear * height + grow
    return cv2.warpAffine(gray, matrix, (width + grow, height), borderValue=fill, flags=cv2.INTER_LINEAR)


def sheared_about(gray: np.ndarray, shear: float, row: int, fill: int = 255) -> np.ndarray:
    """`gray` with each row shifted left by `shear` pixels per pixel above `row` (right, below it): a right-leaning
    slant of `shear` made upright about that row, which stays where it is, and the image's size kept."""
    matrix = np.float32([[1, shear, -shear * row], [0, 1, 0]])
    height, width = gray.shape[:2]
    return cv2.warpAffine(gray, matrix, (width, height), borderValue=fill, flags=cv2.INTER_LINEAR)


# cv2.warpAffine's fixed point (imgwarp.cpp): coordinates scaled by 2**10, interpolated in 32nds of a pixel
_AB_BITS, _INTER_BITS = 10, 5
_AB_SCALE, _INTER_TAB = 1 << _AB_BITS, 1 << _INTER_BITS
_ROUND_DELTA = _AB_SCALE // _INTER_TAB // 2


def _sheared_scores(rows: np.ndarray, cols: np.ndarray, height: int, width: int) -> np.ndarray:
    """For each of SHEARS, the sum of squares of the column profile of `sheared(ink, shear, fill=0)`, for an ink
    mask whose ink is at (`rows`, `cols`), without warping the image: a shear moves each row by one fraction of a
    pixel, and linear interpolation spreads each pixel of a row over two columns by that fraction. The shift is
    worked out as `cv2.warpAffine` does (in fixed point, to a 32nd of a pixel), so the profile is the one the
    warped image would give; all shears are counted in one pass, each in its own stretch of columns."""
    shears = np.asarray(SHEARS, dtype=np.float64)
    grows = np.ceil(shears * height).astype(np.int64)
    # the inverse of sheared()'s matrix, in the float32 coefficients OpenCV gets
    slopes = shears.astype(np.float32).astype(np.float64)
    offsets = (-shears * height + grows).astype(np.float32).astype(np.float64)
    heights = np.arange(height, dtype=np.float64)
    start = np.rint((-slopes[:, None] * heights - offsets[:, None]) * _AB_SCALE).astype(np.int64)
    fixed = (start + _ROUND_DELTA) >> (_AB_BITS - _INTER_BITS)
    whole, fraction = fixed >> _INTER_BITS, (fixed & (_INTER_TAB - 1)) / _INTER_TAB
    stride = width + int(grows.max()) + 1
    # a source pixel feeds the column it lands on by (1 - fraction) and the one to its left by fraction; the first
    # column of each stretch is left empty for a fraction of column 0 to fall into unseen, as OpenCV drops it
    target = cols[None, :] - whole[:, rows] + 1 + (np.arange(len(SHEARS)) * stride)[:, None]
    weight = fraction[:, rows]
    size = stride * len(SHEARS)
    profile = np.bincount(target.ravel(), weights=(1.0 - weight).ravel(), minlength=size)
    profile += np.bincount(target.ravel() - 1, weights=weight.ravel(), minlength=size)
    profile = profile.reshape(len(SHEARS), stride)
    profile[:, 0] = 0.0
    return np.einsum("ij,ij->i", profile, profile)


def estimate_slant(gray: np.ndarray) -> float:
    """The shear that makes the strokes of `gray` (dark text on light, a line or a word) most upright: the one
    whose column profile of ink is sharpest. 0.0 for upright text or a crop with too little ink to tell."""
    # Profiles of the ink's pixels, not of a resampled 0/1 mask: a byte mask resampled loses or gains ink at each
    # shear, and the squared profile rewards a gain. Counted from the ink's coordinates (a few hundred points a
    # word) rather than by warping the crop six times: a page checks hundreds of words.
    rows, cols = np.nonzero(gray < 128)
    if rows.size < 50:
        return 0.0
    height, width = gray.shape[:2]
    # the first of equal scores, as a strict comparison in order would take
    best = SHEARS[int(np.argmax(_sheared_scores(rows, cols, height, width)))]
    # Italics peak inside the range and fall past their own lean. A profile still sharpening at the last shear
    # has no lean of its own: upright digits whose diagonal strokes (7, /) line up when sheared ("327", "27/07/1977"
    # on the bench, read "321" and "21I9T911" once "made upright"). The price: an italic leaning 0.3 or more (none
    # of the fonts here; typical italics lean 0.15-0.25) is left as it is rather than partly straightened.
    return 0.0 if best == SHEARS[-1] else best


def upright_italics(gray: np.ndarray) -> np.ndarray:
    """`gray` with its italic slant sheared away, or unchanged when it is upright."""
    shear = estimate_slant(gray)
    return sheared(gray, shear) if shear >= MIN_SLANT else gray
