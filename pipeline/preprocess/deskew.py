"""Skew: estimate the angle of the text lines (within +-5 degrees, to about a twentieth of a degree) and rotate it away.

The estimate maximises the sharpness of the projection profile of the page's ink (see `analysis`), which text lines
and form rules both feed. Angles are in degrees, counter-clockwise positive as the page is seen (OpenCV's
convention): a page whose lines climb to the right has a positive skew, and `deskew` turns it clockwise by as much.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from pipeline.preprocess.analysis import InkPoints, best_shear, ink_points

MAX_SKEW = 5.0


def skew_of(points: InkPoints, *, max_angle: float = MAX_SKEW) -> float:
    """The skew (degrees, counter-clockwise positive) of the ink rows in `points`; 0.0 for an empty page."""
    if points.count < 200:
        return 0.0
    shear, _ = best_shear(points, max_angle=max_angle)
    # Rows follow y = c + x*tan(shear) with y downwards: a positive shear descends to the right, i.e. the page is
    # turned clockwise, which is a negative angle in the counter-clockwise convention.
    return -shear


def estimate_skew(gray: np.ndarray, *, max_angle: float = MAX_SKEW) -> float:
    """The skew of an upright page (degrees, counter-clockwise positive) within +-max_angle."""
    return skew_of(ink_points(gray), max_angle=max_angle)


def rotate(
    image: np.ndarray,
    angle: float,
    *,
    scale: float = 1.0,
    fill: int = 255,
    interpolation: int = cv2.INTER_LINEAR,
) -> np.ndarray:
    """`image` turned by `angle` degrees counter-clockwise and resized by `scale`, in one resampling.

    The canvas grows to hold the whole turned page, so no corner is cut off; the new area is `fill` (white).
    """
    height, width = image.shape[:2]
    radians = math.radians(angle)
    cos, sin = abs(math.cos(radians)), abs(math.sin(radians))
    new_width = round((width * cos + height * sin) * scale)
    new_height = round((width * sin + height * cos) * scale)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, scale)
    matrix[0, 2] += new_width / 2 - width / 2
    matrix[1, 2] += new_height / 2 - height / 2
    border = (fill,) * (image.shape[2] if image.ndim == 3 else 1)
    return cv2.warpAffine(
        image, matrix, (new_width, new_height), flags=interpolation, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )


def deskew(
    gray: np.ndarray, *, max_angle: float = MAX_SKEW, min_angle: float = 0.1, skew: float | None = None
) -> tuple[np.ndarray, float]:
    """The page with its skew rotated away (white fill), and the skew found (degrees, counter-clockwise positive).

    `skew`, when known already (orientation detection measures it), saves the estimate. Below `min_angle` the page
    is returned as it is: a rotation resamples every pixel and blurs strokes for nothing.
    """
    angle = estimate_skew(gray, max_angle=max_angle) if skew is None else skew
    if abs(angle) < min_angle:
        return gray, angle
    return rotate(gray, -angle), angle
