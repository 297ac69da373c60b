"""Islands of ink inside a glyph's hole are whitened: the dot of a dotted zero, a speck inside an o.

Typed-in values are often set in a monospaced face whose zero carries a dot in its middle (Liberation Mono, the
typewriter look of many offices' forms). Tesseract's `vie` model reads that zero as a 6 or a 9 at confidences of
80-90 ("017205044501" read "017205644501"), the page reading and the crop's alike: on the held-out sets 11400-12200
it was the most common way a personal ID was lost (29 of the 60 digit misses). No letter or digit of Vietnamese
print has ink standing free inside its own hole, so that ink can go without changing what any glyph is.

Only a small hole counts (a glyph's counter, not a loop of a signature or a stamp's ring, which may hold words), and
only ink standing in its middle, small beside it: the dot, not a stroke of a letter that closed a loop around part of
another.
"""

from __future__ import annotations

import cv2
import numpy as np

MM_PER_INCH = 25.4
# The largest counter judged, in mm: a zero's counter at 16 pt is about 2.8 mm tall (the titles' capitals are
# larger, but values are set at 11-14 pt)
MAX_HOLE_MM = 3.0
MIN_HOLE_PX = 4  # a counter narrower than this has no room for a dot
# An island is at most this share of its hole's width and height, and its centre in the hole's middle this wide
MAX_ISLAND_SHARE = 0.6
MIDDLE = 0.5


def whiten_islands(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, int]:
    """`gray` with every island of ink in the middle of a small hole of another piece of ink painted in the
    hole's paper, and how many were; the image itself when there are none."""
    if gray.size == 0:
        return gray, 0
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return gray, 0
    parents = hierarchy[0][:, 3]
    largest = MAX_HOLE_MM * dpi / MM_PER_INCH
    out: np.ndarray | None = None
    count = 0
    kernel = np.ones((3, 3), np.uint8)
    for index, contour in enumerate(contours):
        hole = parents[index]
        # an island is an outer boundary inside a hole: at an even depth of the tree, 2 or more
        if hole < 0 or _depth(parents, index) % 2:
            continue
        hx, hy, hw, hh = cv2.boundingRect(contours[hole])
        if max(hw, hh) > largest or min(hw, hh) < MIN_HOLE_PX:
            continue
        x, y, w, h = cv2.boundingRect(contour)
        if w > MAX_ISLAND_SHARE * hw or h > MAX_ISLAND_SHARE * hh:
            continue
        cx, cy = x + w / 2 - hx, y + h / 2 - hy
        if abs(cx - hw / 2) > MIDDLE * hw / 2 or abs(cy - hh / 2) > MIDDLE * hh / 2:
            continue
        if out is None:
            out = gray.copy()
        # the island and its grey rim take the median grey of the hole round it; the hole's own rim (the ring's
        # inner edge, which the hole's contour runs along) is left as it is
        hole_mask = np.zeros((hh, hw), np.uint8)
        cv2.drawContours(hole_mask, [contours[hole]], -1, 255, thickness=cv2.FILLED, offset=(-hx, -hy))
        inside = cv2.erode(hole_mask, kernel) > 0
        island_mask = np.zeros((hh, hw), np.uint8)
        cv2.drawContours(island_mask, [contour], -1, 255, thickness=cv2.FILLED, offset=(-hx, -hy))
        paint = (cv2.dilate(island_mask, kernel) > 0) & inside
        region = out[hy : hy + hh, hx : hx + hw]
        around = gray[hy : hy + hh, hx : hx + hw][inside & ~paint]
        paper = int(np.median(around)) if around.size else 255
        region[paint & (region < paper)] = paper
        count += 1
    return (gray if out is None else out), count


def _depth(parents: np.ndarray, index: int) -> int:
    depth, parent = 0, parents[index]
    while parent >= 0:
        depth, parent = depth + 1, parents[parent]
    return depth
