"""Noise: specks of dirt, scanner noise and JPEG artefacts.

`remove_specks` whitens small isolated blobs: a blob is a speck when it is small AND has no other ink near it, so
the dots and tone marks of Vietnamese letters and the punctuation, which sit next to a letter, are kept.
`median` smooths grain. `nl_means` (OpenCV's non-local means) is the expensive reference: about 12 s a page.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.preprocess.analysis import components, isolated_small


def median(gray: np.ndarray, *, size: int = 3) -> np.ndarray:
    """A `size` x `size` median filter: removes salt-and-pepper noise and grain, keeps edges."""
    return cv2.medianBlur(gray, size | 1)


def nl_means(gray: np.ndarray, *, strength: float = 15.0) -> np.ndarray:
    """OpenCV's non-local means denoising: the reference for quality, far too slow for every page."""
    return cv2.fastNlMeansDenoising(gray, None, h=strength, templateWindowSize=7, searchWindowSize=21)


def remove_specks(
    gray: np.ndarray,
    *,
    dpi: int = 300,
    max_speck_mm: float = 0.6,
    reach_x_mm: float = 1.5,
    reach_y_mm: float = 1.0,
) -> np.ndarray:
    """`gray` with isolated small dark blobs painted white.

    A blob (on an Otsu threshold of the page) is a speck when its box is at most `max_speck_mm` on both sides and
    there is (almost) no other ink within `reach_x_mm` to its left and right and `reach_y_mm` above and below: a
    full stop or a colon stands within a letter's width of its word, a tone mark or a dot below right over or
    under its letter, while a speck of dirt in a margin or between lines is alone. Specks touching letters cannot
    be told from them and stay. The ink around each blob is counted with a summed-area table, so the cost is a
    threshold, a connected-components pass and the table (about 50 ms for a 300-dpi A4 page).
    """
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, _, stats = components(ink)
    if count <= 1:
        return gray
    specks = isolated_small(
        ink,
        stats,
        limit=max(2, round(max_speck_mm / 25.4 * dpi)),
        reach_x=max(1, round(reach_x_mm / 25.4 * dpi)),
        reach_y=max(1, round(reach_y_mm / 25.4 * dpi)),
    )
    specks = np.flatnonzero(specks)
    if specks.size == 0:
        return gray
    out = gray.copy()
    # paint each speck's box, grown by a pixel for its blurred rim: nothing else is inside it (it is isolated)
    for x, y, w, h in stats[specks, :4]:
        out[max(0, y - 1) : y + h + 1, max(0, x - 1) : x + w + 1] = 255
    return out
