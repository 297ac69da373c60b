"""What rasterisation hands to preprocessing: one page's pixels with the resolution they really have."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DPI_SOURCES = ("metadata", "pdf-embedded", "rendered", "estimated")


@dataclass(frozen=True, eq=False)
class PageImage:
    """One page of a source file.

    `image` is uint8, HxW (grayscale) or HxWx3 in BGR order (OpenCV's convention): colour is kept when the source has
    colour (red stamps are removed later using the red channel); a colour source whose three channels are identical
    comes out grayscale. The page is upright as the file says (EXIF/TIFF orientation and PDF /Rotate applied).
    `dpi` is the resolution of these pixels; `dpi_source` says where it came from: "metadata" (the file's own
    resolution tags), "pdf-embedded" (a scanned image inside a PDF: its pixels over the page's size),
    "rendered" (a PDF page drawn by poppler at that resolution) or "estimated" (no or implausible resolution in the
    file: estimated by assuming the image is an A4 page).
    """

    page_no: int  # 1-based within the source file
    image: np.ndarray
    dpi: int
    dpi_source: str

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])

    @property
    def is_color(self) -> bool:
        return self.image.ndim == 3


@dataclass(frozen=True)
class RasterLimits:
    """Guards checked before any pixel is decoded, so that a hostile or absurd file fails fast and cheaply."""

    max_pages: int = 50
    max_pixels: int = 80_000_000  # per page: about A2 at 600 dpi
    max_file_bytes: int = 200_000_000
    timeout_s: float = 60.0  # per page, for every external program
    render_dpi: int = 300  # PDF pages that are not a single scanned image are drawn at this resolution

    def __post_init__(self) -> None:
        for name in ("max_pages", "max_pixels", "max_file_bytes", "render_dpi"):
            if getattr(self, name) <= 0:
                raise ValueError(f"RasterLimits.{name} must be positive")
        if self.timeout_s <= 0:
            raise ValueError("RasterLimits.timeout_s must be positive")
