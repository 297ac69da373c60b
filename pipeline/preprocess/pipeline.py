"""The preprocessing of one page: the configured steps in a fixed, sensible order, each timed.

Order: grey (dropping red stamps) -> reduction of pages above the target resolution (240 dpi) -> orientation
(exact quarter turns; the skew is measured on the way) -> light flattening -> denoising (specks, median, or the
non-local-means reference) -> one resampling that both deskews and (if asked) enlarges low-resolution pages ->
whitening of ink islands in glyphs' counters -> optional binarisation. The per-pixel steps run after the
reduction and before any enlargement (fewer pixels); skew and scale share one warp, since every resampling blurs
strokes a little and costs a pass over the page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

import cv2
import numpy as np

from pipeline.preprocess import binarize, denoise, holes, illumination, stamps
from pipeline.preprocess.analysis import to_gray
from pipeline.preprocess.deskew import estimate_skew, rotate
from pipeline.preprocess.orientation import detect_orientation, rotate_quadrant
from pipeline.preprocess.scale import rescale, scale_factor


class PageLike(Protocol):
    """What the raster stage hands over (its PageImage); only these attributes are read."""

    page_no: int
    image: np.ndarray  # uint8, HxW grey or HxWx3 BGR
    dpi: int


@dataclass(frozen=True)
class PreprocessConfig:
    """Which steps run. The default is what bench/preprocess_bench.py showed pays for itself.

    On 60 poor generated scans (200 dpi, grey, 13 turned): raw 21.2% CER on the printed values (8.9% on the
    upright pages alone), default 1.7% at about 135 ms of preprocessing a page; the expensive reference (enlarge,
    non-local means, deskew) 7.5% at 2.2 s. Without illumination flattening 7.4%, without deskew 2.4%, without
    despeckling 2.1%; the median filter adds three points of values read exactly. Enlarging 200-dpi pages,
    binarising (Otsu, Sauvola) and cubic interpolation did not pay and are off.

    Pages are read at 240 dpi: 300-dpi pages are reduced first (area averaging), which makes every later step and
    Tesseract's page reading cheaper. On three mixed sets of 200 documents (bench/accuracy.py, seeds 9100, 9300 and
    the fresh 9400) it read 4,835 of 4,920 fields exactly against 4,827 at 300 dpi, in 9-10% less processing time;
    at 200 dpi names lost half a point (tone marks) for another 6%.
    """

    colour: stamps.ColourMode = "red"  # how a colour page becomes grey; "red" drops red stamps
    orientation: bool = True  # detect 0/90/180/270 and turn upright
    osd_fallback: bool = True  # let Tesseract's OSD decide pages the cheap detector is unsure of
    deskew: bool = True
    max_skew: float = 5.0  # degrees searched either way
    min_skew: float = 0.2  # below this the page is not resampled for deskewing
    illumination: bool = True  # divide by the background: uneven light, tinted paper
    despeckle: bool = True  # whiten small isolated blobs
    speck_mm: float = 0.6  # largest speck (box side)
    # pages whose analysis copy (seen by the orientation step) shows fewer isolated specks than this are clean
    # enough to skip speck removal, which costs a labelling of the whole page
    min_specks: int = 5
    speck_reach_x_mm: float = 1.5  # a speck has no other ink this close to its left or right...
    # ... or above or below it: a tone mark over a small letter stands up to 0.8 mm above it (a sắc over a bold u
    # on a poor 200-dpi scan, 4-5 px, was taken for a speck at 0.6)
    speck_reach_y_mm: float = 1.0
    median: bool = True  # 3x3 median filter
    nl_means: bool = False  # the slow reference denoiser (about 12 s a page)
    reduce: bool = True  # bring pages above reduce_above * target_dpi (300- and 600-dpi scans) down to it
    reduce_above: float = 1.2
    enlarge: bool = False  # bring pages below target_dpi (200-dpi scans) up to it: did not pay, see scale.py
    target_dpi: int = 240
    interpolation: Literal["linear", "cubic"] = "linear"  # of the deskew/enlarge warp (cubic: 4x the time)
    binarize: Literal["none", "otsu", "sauvola"] = "none"
    # whiten ink standing free in a glyph's counter (the dot of a dotted zero, read 6 or 9): see holes.py
    islands: bool = True

    @classmethod
    def raw(cls) -> PreprocessConfig:
        """Nothing but the conversion to grey (the luminance, as Tesseract itself would use)."""
        return cls(
            colour="luma",
            orientation=False,
            osd_fallback=False,
            deskew=False,
            illumination=False,
            despeckle=False,
            median=False,
            reduce=False,
            islands=False,
        )

    @classmethod
    def reference(cls) -> PreprocessConfig:
        """The expensive reference: enlarge, non-local-means denoising and deskew (plus orientation)."""
        return replace(
            cls.raw(), orientation=True, deskew=True, reduce=True, enlarge=True, nl_means=True, target_dpi=300
        )


@dataclass(frozen=True)
class PreprocessResult:
    image: np.ndarray  # grey uint8, upright, deskewed, at `dpi`
    dpi: int
    rotation: int  # clockwise degrees turned to make the page upright
    skew: float  # degrees of skew found (counter-clockwise positive); the page was turned back by as much
    timings: dict[str, float]  # seconds per step
    measures: dict[str, float] = field(default_factory=dict)  # e.g. orientation confidence, scale factor


def preprocess_image(image: np.ndarray, dpi: int, config: PreprocessConfig | None = None) -> PreprocessResult:
    """Run the configured steps on one page image (grey or BGR uint8) scanned at `dpi`."""
    config = config or PreprocessConfig()
    if image.dtype != np.uint8:
        raise ValueError(f"expected a uint8 image, got {image.dtype}")
    timings: dict[str, float] = {}
    measures: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - clock
        clock = now

    gray = stamps.drop_colour(image, mode=config.colour) if image.ndim == 3 else to_gray(image)
    lap("grey")

    factor = scale_factor(
        dpi, target_dpi=config.target_dpi, high=config.reduce_above, enlarge=config.enlarge, reduce=config.reduce
    )
    cubic = config.interpolation == "cubic"
    work_dpi = dpi
    if factor < 1.0:
        # a page above the target is reduced first, so that every later step (orientation too) is cheaper
        gray = rescale(gray, factor)
        work_dpi, factor = round(dpi * factor), 1.0
        lap("reduce")

    rotation, skew, specks = 0, 0.0, None
    if config.orientation:
        found = detect_orientation(gray, dpi=work_dpi, osd_fallback=config.osd_fallback, max_skew=config.max_skew)
        rotation = found.rotation
        measures["orientation_confidence"] = found.confidence
        measures["orientation_osd"] = 1.0 if found.method == "osd" else 0.0
        gray = rotate_quadrant(gray, rotation)
        if config.deskew and found.skew is not None:
            skew = found.skew
        specks = found.specks
        lap("orientation")
    elif config.deskew:
        skew = estimate_skew(gray, max_angle=config.max_skew)
        lap("deskew")

    if config.illumination:
        gray = illumination.flatten(gray, dpi=work_dpi)
        lap("illumination")
    if specks is not None:
        measures["specks_seen"] = float(specks)
    if config.despeckle and (specks is None or specks >= config.min_specks):
        gray = denoise.remove_specks(
            gray,
            dpi=work_dpi,
            max_speck_mm=config.speck_mm,
            reach_x_mm=config.speck_reach_x_mm,
            reach_y_mm=config.speck_reach_y_mm,
        )
        lap("despeckle")
    if config.median:
        gray = denoise.median(gray)
        lap("median")
    if config.nl_means:
        gray = denoise.nl_means(gray)
        lap("nl_means")

    turn = config.deskew and abs(skew) >= config.min_skew
    if turn:
        gray = rotate(gray, -skew, scale=factor, interpolation=cv2.INTER_CUBIC if cubic else cv2.INTER_LINEAR)
        lap("deskew" if factor == 1.0 else "deskew+enlarge")
    elif factor != 1.0:
        gray = rescale(gray, factor, cubic=cubic)
        lap("enlarge")
    out_dpi = round(work_dpi * factor)
    measures["scale"] = out_dpi / dpi if dpi else 1.0

    if config.islands:
        gray, islands = holes.whiten_islands(gray, dpi=out_dpi)
        measures["islands"] = float(islands)
        lap("islands")

    if config.binarize == "otsu":
        gray = binarize.otsu(gray)
        lap("binarize")
    elif config.binarize == "sauvola":
        gray = binarize.sauvola(gray, window=(round(out_dpi / 7) | 1))
        lap("binarize")

    return PreprocessResult(
        image=np.ascontiguousarray(gray),
        dpi=out_dpi,
        rotation=rotation,
        skew=round(float(skew), 2) if config.deskew else 0.0,
        timings=timings,
        measures=measures,
    )


def preprocess(page: PageLike, steps: PreprocessConfig | None = None) -> PreprocessResult:
    """Preprocess a page from the raster stage (anything with `image` and `dpi`) with the configured steps."""
    return preprocess_image(page.image, page.dpi, steps)
