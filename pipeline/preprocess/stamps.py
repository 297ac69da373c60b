"""Coloured marks: turn a colour scan into the grey image OCR reads, dropping red stamps and coloured ink.

A red stamp is bright in the red channel and dark in the others, while black print is dark in all three: taking
the red channel as the grey image makes the stamp near-white and leaves the text under it black. Blue or violet
ink (handwritten entries, blue stamps) stays dark in the red channel, so it is kept; `mode="max"` (the brightest
channel) drops every coloured mark and keeps only black. Grey input is returned as it is.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

ColourMode = Literal["red", "max", "luma"]


def is_colour(image: np.ndarray, *, tolerance: int = 12, sample: int = 64) -> bool:
    """Whether a BGR image holds colour at all (a grey page saved as RGB does not): checked on a sample grid."""
    if image.ndim != 3 or image.shape[2] < 3:
        return False
    step_y, step_x = max(1, image.shape[0] // sample), max(1, image.shape[1] // sample)
    grid = image[::step_y, ::step_x, :3].astype(np.int16)
    spread = grid.max(axis=2) - grid.min(axis=2)
    return bool((spread > tolerance).mean() > 0.002)


def drop_colour(image: np.ndarray, *, mode: ColourMode = "red") -> np.ndarray:
    """The grey image for OCR: for BGR input the red channel ("red", default), the brightest channel ("max") or
    the usual luminance ("luma"); grey input unchanged."""
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] == 1:
        return image[:, :, 0]
    if image.ndim != 3 or image.shape[2] not in (3, 4):
        raise ValueError(f"expected a grey or BGR image, got an array of shape {image.shape}")
    if mode == "red":
        return np.ascontiguousarray(image[:, :, 2])
    if mode == "max":
        return np.max(image[:, :, :3], axis=2)
    if mode == "luma":
        return cv2.cvtColor(image[:, :, :3], cv2.COLOR_BGR2GRAY)
    raise ValueError(f"unknown colour mode {mode!r}")
