"""Binarisation: black ink on white paper, 0 or 255.

Tesseract thresholds every page itself (Otsu over the whole page); a page whose light was flattened first
(`illumination`) thresholds well that way, so binarising here is optional. Sauvola's local threshold suits pages
whose light varies faster than `illumination` can follow.
"""

from __future__ import annotations

import cv2
import numpy as np


def otsu(gray: np.ndarray) -> np.ndarray:
    """Global Otsu threshold: 0 for ink, 255 for paper."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return binary


def sauvola(gray: np.ndarray, *, window: int = 41, k: float = 0.2, r: float = 128.0) -> np.ndarray:
    """Sauvola's threshold T = m * (1 + k * (s / r - 1)) over a `window`-pixel square (mean m, deviation s),
    computed with box filters (linear time in the page, whatever the window)."""
    window |= 1
    values = gray.astype(np.float32)
    mean = cv2.boxFilter(values, cv2.CV_32F, (window, window), borderType=cv2.BORDER_REPLICATE)
    square = cv2.boxFilter(values * values, cv2.CV_32F, (window, window), borderType=cv2.BORDER_REPLICATE)
    deviation = np.sqrt(np.maximum(square - mean * mean, 0.0))
    threshold = mean * (1.0 + k * (deviation / r - 1.0))
    return np.where(values > threshold, 255, 0).astype(np.uint8)
