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


def estimate_slant(gray: np.ndarray) -> float:
    """The shear that makes the strokes of `gray` (dark text on light, a line or a word) most upright: the one
    whose column profile of ink is sharpest. 0.0 for upright text or a crop with too little ink to tell."""
    # float ink: a 0/1 byte mask resampled loses or gains ink at each shear, and the squared profile rewards a gain
    ink = (gray < 128).astype(np.float32)
    if float(ink.sum()) < 50:
        return 0.0
    best, best_score = 0.0, -1.0
    for shear in SHEARS:
        profile = sheared(ink, shear, fill=0).sum(axis=0)
        score = float((profile * profile).sum())
        if score > best_score:
            best, best_score = shear, score
    # Italics peak inside the range and fall past their own lean. A profile still sharpening at the last shear
    # has no lean of its own: upright digits whose diagonal strokes (7, /) line up when sheared ("327", "27/07/1977"
    # on the bench, read "321" and "21I9T911" once "made upright"). The price: an italic leaning 0.3 or more (none
    # of the fonts here; typical italics lean 0.15-0.25) is left as it is rather than partly straightened.
    return 0.0 if best == SHEARS[-1] else best


def upright_italics(gray: np.ndarray) -> np.ndarray:
    """`gray` with its italic slant sheared away, or unchanged when it is upright."""
    shear = estimate_slant(gray)
    return sheared(gray, shear) if shear >= MIN_SLANT else gray
