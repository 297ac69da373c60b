"""Resolution: bring pages to the resolution they are read at (`PreprocessConfig.target_dpi`, 240 dpi).

Pages above the target (300- and 600-dpi scans) are reduced: every later step and the OCR get cheaper, for the
same text read (measured in pipeline.py's PreprocessConfig). Pages below it (200-dpi scans) can be enlarged; the
benchmark found that this does not pay on the registers' print (12-13 pt, an x-height of 17-20 px at 200 dpi:
Tesseract scales each line to its network's height anyway): the error rate stayed the same within noise while OCR
took 35% longer, so the pipeline leaves it off by default.
"""

from __future__ import annotations

import cv2
import numpy as np

TARGET_DPI = 300


def scale_factor(
    dpi: int,
    *,
    target_dpi: int = TARGET_DPI,
    low: float = 0.9,
    high: float = 1.5,
    enlarge: bool = True,
    reduce: bool = True,
) -> float:
    """The factor that brings `dpi` to `target_dpi`, or 1.0 when `dpi` is already close enough (between `low` and
    `high` times the target: resampling costs time and a little sharpness) or that direction is not wanted."""
    if dpi <= 0:
        return 1.0
    if dpi < target_dpi * low and enlarge:
        return target_dpi / dpi
    if dpi > target_dpi * high and reduce:
        return target_dpi / dpi
    return 1.0


# Down to this factor a bilinear reduction is as good as area averaging for the OCR (300 to 240 dpi: the same
# fields read on bench/accuracy.py's set 9400) and four times faster (5 ms a page against 19); further down it would
# skip pixels (thin strokes) and area averaging is needed.
LINEAR_REDUCTION = 0.75


def rescale(gray: np.ndarray, factor: float, *, cubic: bool = True) -> np.ndarray:
    """`gray` resized by `factor`: bicubic (or bilinear) when enlarging, bilinear when reducing a little, area
    averaging when reducing more."""
    if factor == 1.0:
        return gray
    if factor > 1:
        interpolation = cv2.INTER_CUBIC if cubic else cv2.INTER_LINEAR
    else:
        interpolation = cv2.INTER_LINEAR if factor >= LINEAR_REDUCTION else cv2.INTER_AREA
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation)


def normalise_dpi(gray: np.ndarray, dpi: int, *, target_dpi: int = TARGET_DPI) -> tuple[np.ndarray, int]:
    """The page at about `target_dpi`, and its new resolution."""
    factor = scale_factor(dpi, target_dpi=target_dpi)
    if factor == 1.0:
        return gray, dpi
    return rescale(gray, factor), round(dpi * factor)
