"""The resolution a page's pixels really have: from the file when plausible, else estimated assuming A4."""

from __future__ import annotations

MIN_PLAUSIBLE_DPI = 100  # phones and some scanner software write 72 or 96: a default, not a measurement
MAX_PLAUSIBLE_DPI = 1200
A4_SHORT_IN = 210 / 25.4
A4_LONG_IN = 297 / 25.4
SQUARE_TOLERANCE = 0.02  # x and y resolutions this close are the same resolution


def is_plausible(dpi: float | None) -> bool:
    return dpi is not None and MIN_PLAUSIBLE_DPI <= dpi <= MAX_PLAUSIBLE_DPI


def estimate_dpi_a4(width: int, height: int) -> int:
    """The resolution at which an A4 page, in either orientation, fits the image as tightly as possible.

    2480x3508 -> 300, 1654x2339 -> 200. For an image that is not A4-shaped (a phone photo of a page on a desk) the
    page is assumed to fill the tighter dimension.
    """
    short, long = sorted((width, height))
    return max(1, round(min(short / A4_SHORT_IN, long / A4_LONG_IN)))


def same_resolution(x_dpi: float, y_dpi: float) -> bool:
    return abs(x_dpi - y_dpi) <= SQUARE_TOLERANCE * max(x_dpi, y_dpi)


def choose_dpi(width: int, height: int, dpi: float | None, source: str) -> tuple[int, str]:
    """`(dpi, source)`: the file's resolution if plausible, else the A4 estimate with source "estimated".

    The file's value is rounded first: PNG stores dots per metre, so 300 dpi comes back as 299.9994.
    """
    rounded = round(dpi) if dpi is not None else None
    if is_plausible(rounded):
        assert rounded is not None
        return rounded, source
    return estimate_dpi_a4(width, height), "estimated"
