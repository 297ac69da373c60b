"""Raster: a file's pages as pixels (numpy, OpenCV's BGR convention) with the resolution they really have.

`rasterize(path, media_type)` yields one `PageImage` at a time; the media type is the one intake detected from the
file's bytes. Limits (file size, page count, pixels per page) are checked for the whole file, from headers and PDF
structure, before the first page is decoded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.intake.sniff import JPEG, PDF, PNG, TIFF
from pipeline.raster.dpi import estimate_dpi_a4
from pipeline.raster.errors import (
    CorruptFileError,
    EncryptedPdfError,
    FileTooLargeError,
    NoPagesError,
    PageTooLargeError,
    PopplerError,
    PopplerTimeoutError,
    RasterError,
    TooManyPagesError,
    UnsupportedImageError,
)
from pipeline.raster.types import DPI_SOURCES, PageImage, RasterLimits

__all__ = [
    "DPI_SOURCES",
    "CorruptFileError",
    "EncryptedPdfError",
    "FileTooLargeError",
    "NoPagesError",
    "PageImage",
    "PageTooLargeError",
    "PopplerError",
    "PopplerTimeoutError",
    "RasterError",
    "RasterLimits",
    "TooManyPagesError",
    "UnsupportedImageError",
    "estimate_dpi_a4",
    "rasterize",
]

_DEFAULT_LIMITS = RasterLimits()


def rasterize(
    path: str | os.PathLike[str],
    media_type: str,
    *,
    limits: RasterLimits = _DEFAULT_LIMITS,
    poppler_path: str | os.PathLike[str] | None = None,
) -> Iterator[PageImage]:
    """The pages of a PDF, TIFF, JPEG or PNG file, one at a time, in order.

    A generator: nothing happens before the first `next()`. Every check of the file as a whole (size, encryption,
    page count, each page's pixel count) runs then, before any page is decoded; a page's decoding or rendering
    can still fail later (a corrupt image on page 7). Every failure is a RasterError (an InputError, exit code 3),
    except a missing pdftoppm, which is MissingDependencyError (exit code 7). `poppler_path` names the directory
    of poppler's programs; by default they are looked up on PATH.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RasterError(f"cannot open {path}: {exc.strerror or exc}", path=path) from exc
    if size > limits.max_file_bytes:
        raise FileTooLargeError(
            f"{path} is {size / 1e6:.1f} MB, more than the limit of {limits.max_file_bytes / 1e6:g} MB", path=path
        )
    if media_type == PDF:
        from pipeline.raster.pdf import iter_pdf_pages

        yield from iter_pdf_pages(path, limits, poppler_path=poppler_path)
    elif media_type in (TIFF, JPEG, PNG):
        from pipeline.raster.images import iter_image_pages

        yield from iter_image_pages(path, media_type, limits)
    else:
        raise UnsupportedImageError(
            f"{path}: cannot rasterise media type {media_type!r} (only PDF, TIFF, JPEG and PNG)", path=path
        )
