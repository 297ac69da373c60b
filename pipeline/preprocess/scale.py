"""Resolution: bring pages to about 300 dpi, where Tesseract reads best (x-height of 20-30 px for 10-12 pt).

200-dpi scans are enlarged (Tesseract's error rate on small letters falls sharply), and pages far above the target
are reduced, which makes OCR faster without costing accuracy.
"""

from __future__ import annotations

import cv2
import numpy as np

TARGET_DPI = 300


def scale_factor(dpi: int, *, target_dpi: int = TARGET_DPI, low: float = 0.9, high: float = 1.5) -> float:
    """The factor that brings `dpi` to `target_dpi`, or 1.0 when `dpi` is already close enough (between
    `low` and `high` times the target): resampling costs time and a little sharpness."""
    if dpi <= 0:
        return 1.0
    if target_dpi * low <= dpi <= target_dpi * high:
        return 1.0
    return target_dpi / dpi


def rescale(gray: np.ndarray, factor: float, *, cubic: bool = True) -> np.ndarray:
    """`gray` resized by `factor`: bicubic (or bilinear) when enlarging, area averaging when reducing."""
    if factor == 1.0:
        return gray
    interpolation = (cv2.INTER_CUBIC if cubic else cv2.INTER_LINEAR) if factor > 1 else cv2.INTER_AREA
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation)


def normalise_dpi(gray: np.ndarray, dpi: int, *, target_dpi: int = TARGET_DPI) -> tuple[np.ndarray, int]:
    """The page at about `target_dpi`, and its new resolution."""
    factor = scale_factor(dpi, target_dpi=target_dpi)
    if factor == 1.0:
        return gray, dpi
    return rescale(gray, factor), round(dpi * factor)
