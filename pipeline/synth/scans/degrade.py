"""Scan qualities: what a scanner and a tired clerk do to a clean page.

- clean: 300 dpi, untouched.
- scanned: 300 dpi, skewed up to ±2°, slightly blurred, Gaussian sensor noise, JPEG artefacts (quality 70-85).
- poor: 200 dpi, skewed up to ±4°, uneven light (a gradient and a vignette), blur, noise, salt-and-pepper specks,
  heavy JPEG (quality 35-55); about one page in five upside down and now and then one on its side.

`plan_degradation` draws the parameters (recorded in the ground truth), `degrade` applies all but the JPEG step,
which is the file writer's: it encodes at `jpeg_quality`, or round-trips through JPEG for lossless formats.

Conventions, as the ground truth records them: `skew_deg` is the angle the content was turned by, counter-clockwise
positive as seen on screen (deskew by turning it -skew_deg); `rotation` is how far the stored image must be turned
CLOCKWISE to be upright (0, 90, 180, 270), which is what `tesseract --psm 0` reports as "Rotate:".
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image

QUALITIES = ("clean", "scanned", "poor")
MIXED_WEIGHTS = {"clean": 40, "scanned": 35, "poor": 25}
QUALITY_DPI = {"clean": 300, "scanned": 300, "poor": 200}
CLEAN_JPEG_QUALITY = 75  # a clean page stored as JPEG (or in a PDF) still goes through the codec
BILEVEL_THRESHOLD = 150  # luminance at or above which a black-and-white scan prints white


@dataclass(frozen=True, slots=True)
class Degradation:
    quality: str
    dpi: int
    skew_deg: float = 0.0
    rotation: int = 0
    blur_sigma: float = 0.0
    noise_sigma: float = 0.0
    illumination: float = 0.0  # how much darker the darkest corner is (0-1)
    speckles: float = 0.0  # share of pixels turned into black or white specks
    jpeg_quality: int | None = None  # None: no JPEG artefacts (clean)
    color_mode: str = "color"  # "color", "grey" or "bilevel" (black and white, clean scans only)
    levels: int | None = None  # grey levels or colours kept when stored in a lossless format (PNG, TIFF)

    def record(self) -> dict[str, object]:
        return asdict(self)


def plan_degradation(quality: str, rng: random.Random, *, bilevel_ok: bool = True) -> Degradation:
    """Random parameters for one page of `quality`; `bilevel_ok` is False for formats without 1-bit pages (JPEG).

    Clean pages are stored in colour, grey, or as black-and-white 300-dpi scans (the archive default, which keeps
    files small); scanned and poor pages in colour or grey.
    """
    if quality == "clean":
        modes, weights = ("bilevel", "grey", "color"), (80 if bilevel_ok else 0, 10, 10)
        return Degradation("clean", QUALITY_DPI["clean"], color_mode=rng.choices(modes, weights=weights)[0])
    if quality == "scanned":
        return Degradation(
            "scanned",
            QUALITY_DPI["scanned"],
            skew_deg=round(rng.uniform(-2.0, 2.0), 2),
            blur_sigma=round(rng.uniform(0.8, 1.2), 2),
            noise_sigma=round(rng.uniform(0.5, 1.5), 1),
            jpeg_quality=rng.randint(70, 85),
            color_mode="grey" if rng.random() < 0.5 else "color",
        )
    if quality == "poor":
        draw = rng.random()
        rotation = 180 if draw < 0.2 else 90 if draw < 0.235 else 270 if draw < 0.27 else 0
        return Degradation(
            "poor",
            QUALITY_DPI["poor"],
            skew_deg=round(rng.uniform(-4.0, 4.0), 2),
            rotation=rotation,
            blur_sigma=round(rng.uniform(0.8, 1.3), 2),
            noise_sigma=round(rng.uniform(2.0, 4.0), 1),
            illumination=round(rng.uniform(0.12, 0.35), 2),
            speckles=round(rng.uniform(0.0005, 0.002), 4),
            jpeg_quality=rng.randint(35, 55),
            color_mode="grey" if rng.random() < 0.5 else "color",
        )
    raise ValueError(f"unknown quality {quality!r}: expected one of {', '.join(QUALITIES)}")


def _light_field(height: int, width: int, strength: float, rng: np.random.Generator) -> np.ndarray:
    """A smooth multiplicative light field: a linear fall-off from a random side plus a vignette."""
    h, w = max(2, height // 16), max(2, width // 16)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    ys /= h - 1
    xs /= w - 1
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(angle) * (xs - 0.5) + np.sin(angle) * (ys - 0.5)) + 0.5
    ramp = np.clip(ramp, 0, 1)
    vignette = ((xs - 0.5) ** 2 + (ys - 0.5) ** 2) * 2
    share = rng.uniform(0.4, 0.8)
    field = 1.0 - strength * (share * ramp + (1 - share) * vignette)
    return cv2.resize(field.astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR)


_NORMAL_TABLE_SIZE = 4096


@lru_cache(maxsize=64)
def _noise_tables(sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """Lookup tables from uniform 12-bit draws to the positive and negative parts of N(0, sigma) noise, in uint8.

    Drawing uniform integers and looking them up is several times faster than drawing normals on a 300-dpi page.
    """
    from statistics import NormalDist

    quantiles = np.array(
        [NormalDist(0, sigma).inv_cdf((k + 0.5) / _NORMAL_TABLE_SIZE) for k in range(_NORMAL_TABLE_SIZE)]
    )
    values = np.clip(np.round(quantiles), -255, 255).astype(np.int16)
    return np.clip(values, 0, 255).astype(np.uint8), np.clip(-values, 0, 255).astype(np.uint8)


def _per_channel(plane: np.ndarray, like: np.ndarray) -> np.ndarray:
    return plane if like.ndim == 2 else cv2.merge([plane] * like.shape[2])


def degrade(page: Image.Image, plan: Degradation, seed: int | tuple[int, ...]) -> Image.Image:
    """Apply the plan's skew, light, noise, blur, specks, rotation and colour mode to an RGB page.

    Sensor noise is added before the optics' blur, so it is as fine-grained as a real scanner's and does not
    balloon the files; the JPEG step is left to the writer. Everything runs on 8-bit images with OpenCV, well
    under a second for a 300-dpi page.
    """
    if plan.quality == "clean":
        if plan.color_mode == "grey":
            return page.convert("L")
        if plan.color_mode == "bilevel":
            return page.convert("L").point(lambda v: 255 if v >= BILEVEL_THRESHOLD else 0, "1")
        return page
    rng = np.random.default_rng(seed)
    image = np.asarray(page.convert("L") if plan.color_mode == "grey" else page)
    height, width = image.shape[:2]
    paper = tuple(int(c) for c in np.atleast_1d(image[2, 2]))
    if plan.skew_deg:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), plan.skew_deg, 1.0)
        image = cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=paper)
    if plan.illumination:
        light = np.clip(_light_field(height, width, plan.illumination, rng) * 255, 0, 255).astype(np.uint8)
        image = cv2.multiply(image, _per_channel(light, image), scale=1 / 255)
    if plan.noise_sigma:
        positive, negative = _noise_tables(plan.noise_sigma)
        draws = rng.integers(0, _NORMAL_TABLE_SIZE, (height, width), dtype=np.uint16)
        image = cv2.add(image, _per_channel(positive[draws], image))
        image = cv2.subtract(image, _per_channel(negative[draws], image))
    if plan.blur_sigma:
        image = cv2.GaussianBlur(image, (0, 0), plan.blur_sigma)
    if plan.speckles:
        image = image.copy()
        count = int(plan.speckles * height * width)
        ys = rng.integers(0, height - 1, count)
        xs = rng.integers(0, width - 1, count)
        values = np.where(rng.random(count) < 0.6, 0, 255).astype(np.uint8)
        big = rng.random(count) < 0.3  # some specks are 2x2 dust, not single pixels
        for dy, dx in ((0, 0), (0, 1), (1, 0), (1, 1)):
            sel = slice(None) if (dy, dx) == (0, 0) else big
            if image.ndim == 2:
                image[ys[sel] + dy, xs[sel] + dx] = values[sel]
            else:
                image[ys[sel] + dy, xs[sel] + dx] = values[sel, None]
    if plan.rotation:
        # np.rot90 turns counter-clockwise; the page then needs `rotation` degrees clockwise to be upright.
        image = np.ascontiguousarray(np.rot90(image, plan.rotation // 90))
    return Image.fromarray(image, "L" if image.ndim == 2 else "RGB")
