"""TIFF (one or many pages), JPEG and PNG files to pages, one page decoded at a time.

Every page's dimensions are read from the headers and checked against the limits before any pixel is decoded.
Pillow's own decompression-bomb check is not relied upon (its threshold, Image.MAX_IMAGE_PIXELS, is a process-wide
global that is not ours to change): the files are opened through the format's plugin class, which reads headers
only, and RasterLimits are applied instead. (Pillow still checks TIFF pages while loading them; with the default
limit of 80 million pixels, below Pillow's 89 million, that check never fires.) Truncated images are errors:
Pillow's LOAD_TRUNCATED_IMAGES is never set, and a process that set it gets an error rather than half pages.
"""

from __future__ import annotations

import logging
import math
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin, TiffImagePlugin

from pipeline.intake.sniff import JPEG, PNG, TIFF
from pipeline.raster.convert import (
    UnsupportedModeError,
    apply_orientation,
    make_square_pixels,
    pil_to_array,
    squeeze_gray,
)
from pipeline.raster.dpi import choose_dpi
from pipeline.raster.errors import (
    CorruptFileError,
    PageTooLargeError,
    RasterError,
    TooManyPagesError,
    UnsupportedImageError,
)
from pipeline.raster.types import PageImage, RasterLimits

log = logging.getLogger(__name__)

_PLUGINS: dict[str, type[ImageFile.ImageFile]] = {
    TIFF: TiffImagePlugin.TiffImageFile,
    JPEG: JpegImagePlugin.JpegImageFile,
    PNG: PngImagePlugin.PngImageFile,
}
_NAMES = {TIFF: "TIFF", JPEG: "JPEG", PNG: "PNG"}
ORIENTATION_TAG = 0x0112
_X_RESOLUTION, _Y_RESOLUTION, _RESOLUTION_UNIT = 282, 283, 296

# Errors Pillow and its C decoders raise on damaged files. SyntaxError is Pillow's "not a valid <format>".
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    struct.error,
    zlib.error,
)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def corrupt(path: Path, exc: BaseException, page_no: int | None = None) -> CorruptFileError:
    where = f" (page {page_no})" if page_no else ""
    return CorruptFileError(
        f"{path} is truncated or corrupt{where}: {_first_line(exc)}",
        path=path,
        page_no=page_no,
    )


def check_pixels(path: Path, page_no: int, width: int, height: int, limits: RasterLimits) -> None:
    if width <= 0 or height <= 0:
        raise CorruptFileError(
            f"{path} is truncated or corrupt: page {page_no} is {width}x{height} pixels", path=path, page_no=page_no
        )
    if width * height > limits.max_pixels:
        raise PageTooLargeError(
            f"{path}: page {page_no} is {width}x{height} pixels, "
            f"more than the limit of {pixel_limit_text(limits.max_pixels)}",
            path=path,
            page_no=page_no,
        )


def check_page_count(path: Path, count: int, limits: RasterLimits) -> None:
    if count > limits.max_pages:
        raise TooManyPagesError(
            f"{path} has {count} pages, more than the limit of {limits.max_pages}", path=path, page_no=None
        )


def pixel_limit_text(pixels: int) -> str:
    if pixels % 1_000_000 == 0:
        return f"{pixels // 1_000_000} million"
    return f"{pixels:,} pixels".replace(",", " ")


def iter_image_pages(path: Path, media_type: str, limits: RasterLimits) -> Iterator[PageImage]:
    """The pages of a TIFF, JPEG or PNG file, decoded one at a time."""
    plugin = _PLUGINS[media_type]
    try:
        stream: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed in the finally below, across the yields
    except OSError as exc:
        raise RasterError(f"cannot open {path}: {exc.strerror or exc}", path=path) from exc
    try:
        try:
            image = plugin(stream)
        except _DECODE_ERRORS as exc:
            raise corrupt(path, exc) from exc
        except Image.DecompressionBombError as exc:  # not raised by plugin classes today; kept as a backstop
            raise PageTooLargeError(f"{path}: {_first_line(exc)}", path=path) from exc
        with image:
            count = _page_count(path, image, media_type)
            check_page_count(path, count, limits)
            sizes = _page_sizes(path, image, count)
            for page_no, (width, height) in enumerate(sizes, start=1):
                check_pixels(path, page_no, width, height, limits)
            for page_no in range(1, count + 1):
                yield _decode_page(path, image, media_type, page_no, count)
    finally:
        stream.close()


def _page_count(path: Path, image: ImageFile.ImageFile, media_type: str) -> int:
    if media_type != TIFF:
        return 1  # an animated PNG or an MPO JPEG is read as its first (main) image
    try:
        return int(getattr(image, "n_frames", 1))
    except _DECODE_ERRORS as exc:
        raise corrupt(path, exc) from exc


def _page_sizes(path: Path, image: ImageFile.ImageFile, count: int) -> list[tuple[int, int]]:
    """Every page's size, from the headers (TIFF: each IFD), without decoding pixels."""
    if count == 1:
        return [image.size]
    sizes = []
    try:
        for index in range(count):
            image.seek(index)
            sizes.append(image.size)
        image.seek(0)
    except _DECODE_ERRORS as exc:
        raise corrupt(path, exc, page_no=len(sizes) + 1) from exc
    return sizes


def _decode_page(path: Path, image: ImageFile.ImageFile, media_type: str, page_no: int, count: int) -> PageImage:
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # Someone in this process asked Pillow to accept truncated images; a half page must still be an error.
        raise RasterError(
            "Pillow's LOAD_TRUNCATED_IMAGES is set in this process: refusing to decode possibly truncated pages",
            path=path,
        )
    where = page_no if count > 1 else None
    try:
        if count > 1:
            image.seek(page_no - 1)
        x_dpi, y_dpi = _resolution(image, media_type)
        stored_orientation = _orientation(image, media_type) if media_type == TIFF else 1
        image.load()
        if media_type == TIFF:
            # Pillow 11+ turns TIFF pages upright itself while loading, and then drops the tag; older ones do not.
            orientation = stored_orientation
            to_apply = 1 if ORIENTATION_TAG not in image.tag_v2 else stored_orientation  # type: ignore[attr-defined]
        else:
            orientation = to_apply = _orientation(image, media_type)  # a PNG's eXIf chunk may follow its pixels
        pixels = pil_to_array(image)
    except UnsupportedModeError as exc:
        raise UnsupportedImageError(
            f"{path}: page {page_no} has a {exc} that sohoa cannot convert", path=path, page_no=page_no
        ) from exc
    except Image.DecompressionBombError as exc:
        raise PageTooLargeError(f"{path}: page {page_no}: {_first_line(exc)}", path=path, page_no=page_no) from exc
    except _DECODE_ERRORS as exc:
        raise corrupt(path, exc, page_no=where) from exc
    pixels = squeeze_gray(apply_orientation(pixels, to_apply))
    if orientation in (5, 6, 7, 8):  # turned a quarter: the horizontal resolution is now the vertical one
        x_dpi, y_dpi = y_dpi, x_dpi
    source_dpi: float | None = None
    if x_dpi and y_dpi:
        pixels, source_dpi = make_square_pixels(pixels, x_dpi, y_dpi)
    dpi, dpi_source = choose_dpi(pixels.shape[1], pixels.shape[0], source_dpi, "metadata")
    return PageImage(page_no=page_no, image=pixels, dpi=dpi, dpi_source=dpi_source)


def _resolution(image: ImageFile.ImageFile, media_type: str) -> tuple[float | None, float | None]:
    """The current page's (x, y) dots per inch as the file states them, None where it states none."""
    if media_type == TIFF:
        tags = image.tag_v2  # type: ignore[attr-defined]
        x_res, y_res = _positive(tags.get(_X_RESOLUTION)), _positive(tags.get(_Y_RESOLUTION))
        unit = tags.get(_RESOLUTION_UNIT, 2)
        if x_res is None or unit not in (2, 3):  # 1: no absolute unit (an aspect ratio only)
            return None, None
        y_res = y_res or x_res
        factor = 2.54 if unit == 3 else 1.0
        return x_res * factor, y_res * factor
    dpi = image.info.get("dpi")
    if not dpi:
        return None, None
    try:
        x_res, y_res = dpi
    except (TypeError, ValueError):
        return None, None
    return _positive(x_res), _positive(y_res) or _positive(x_res)


def _positive(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def _orientation(image: ImageFile.ImageFile, media_type: str) -> int:
    """The EXIF (JPEG, PNG eXIf) or TIFF orientation tag of the current page; 1 (upright) when absent or invalid."""
    try:
        tags = image.tag_v2 if media_type == TIFF else image.getexif()  # type: ignore[attr-defined]
        value = int(tags.get(ORIENTATION_TAG, 1))
    except Exception:  # a damaged EXIF block must not cost the page: treat it as absent
        log.debug("unreadable orientation tag", exc_info=True)
        return 1
    return value if 1 <= value <= 8 else 1
