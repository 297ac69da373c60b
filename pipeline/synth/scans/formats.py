"""Writing pages as the files clerks hand in: PNG, JPEG, TIFF (one or several pages) and PDF (one or several pages).

Every format carries the scan's resolution: the pHYs chunk of a PNG, the JFIF density of a JPEG, the TIFF
resolution tags, and for a PDF the page size (each page is one embedded image whose size at the scan's dpi is A4,
so `pdfimages -list` reports the dpi and the page is 210x297 mm). PDFs embed JPEG (DCTDecode) images, or CCITT group 4
for black-and-white pages; TIFFs are group 4 (black and white) or Deflate compressed. A noisy scan stored in a
lossless format (PNG, TIFF) keeps its JPEG artefacts and is reduced to 8 grey levels, as scanner software's compact
grey modes do: noise would otherwise make it ten times larger. Bytes are the same on every run: PDF dates are fixed.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image

from .degrade import CLEAN_JPEG_QUALITY, Degradation

FORMATS = ("png", "jpeg", "tiff", "pdf")
EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "tiff": ".tif", "pdf": ".pdf"}
MULTI_PAGE_FORMATS = frozenset({"tiff", "pdf"})


@dataclass(slots=True)
class PageImage:
    image: Image.Image
    plan: Degradation


def jpeg_roundtrip(image: Image.Image, quality: int) -> Image.Image:
    """The image as it comes back out of a JPEG file at `quality`: blocking and ringing included."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert(image.mode)


def posterize(image: Image.Image, levels: int) -> Image.Image:
    """A grey image reduced to `levels` evenly spaced grey levels, placed so the paper's grey is one of them.

    Sensor noise on the paper then falls inside one level, and a PNG of a noisy scan stays small.
    """
    grey = image.convert("L")
    step = 255 / (levels - 1)
    paper = max(grey.getpixel((2, 2)), grey.getpixel((grey.width - 3, grey.height - 3)))  # type: ignore[type-var]
    offset = paper - round(paper / step) * step
    table = [max(0, min(255, round(round((v - offset) / step) * step + offset))) for v in range(256)]
    return grey.point(table)


def _lossless_page(page: PageImage) -> Image.Image:
    """The image a lossless format stores: a scan that went through JPEG first (artefacts included), reduced to
    `levels` grey levels when the plan says so."""
    image = page.image
    if page.plan.jpeg_quality:
        image = jpeg_roundtrip(image, page.plan.jpeg_quality)
    if page.plan.levels:
        if image.mode == "RGB":  # a clean colour page: an adaptive palette, as PNG optimisers make
            return image.quantize(page.plan.levels, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        image = posterize(image, page.plan.levels)
    return image


def _jpeg_quality(plan: Degradation) -> int:
    return plan.jpeg_quality or CLEAN_JPEG_QUALITY


def write_pages(path: Path, fmt: str, pages: Sequence[PageImage], created: date) -> int:
    """Write `pages` to `path` in `fmt`; returns the file's size in bytes.

    PNG and JPEG hold one page. All pages of one file come from one scanning session: they share the resolution,
    the colour mode and the JPEG quality, which are taken from the first page.
    """
    if not pages:
        raise ValueError("no pages to write")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if len(pages) > 1 and fmt not in MULTI_PAGE_FORMATS:
        raise ValueError(f"{fmt} files hold one page, not {len(pages)}")
    dpi = pages[0].plan.dpi
    if any(p.plan.dpi != dpi for p in pages):
        raise ValueError("all pages of one file must share a resolution")
    first = pages[0]
    if fmt == "png":
        _lossless_page(first).save(path, "PNG", dpi=(dpi, dpi), compress_level=7)
    elif fmt == "jpeg":
        first.image.save(
            path, "JPEG", quality=_jpeg_quality(first.plan), dpi=(dpi, dpi), optimize=True, progressive=True
        )
    elif fmt == "tiff":
        options: dict[str, object] = {"dpi": (dpi, dpi)}
        images = [_lossless_page(p) for p in pages]
        if all(image.mode == "1" for image in images):
            options.update(compression="group4")
        else:
            options.update(compression="tiff_adobe_deflate")
        images[0].save(path, "TIFF", save_all=True, append_images=images[1:], **options)
    else:  # pdf
        stamp = time.struct_time((created.year, created.month, created.day, 9, 0, 0, 0, 1, 0))
        images = [p.image for p in pages]
        # Grey and colour pages are embedded as JPEG (DCTDecode), black-and-white ones as CCITT group 4.
        jpeg = (
            {}
            if first.image.mode == "1"
            else {"quality": _jpeg_quality(first.plan), "optimize": True, "progressive": True}
        )
        images[0].save(
            path,
            "PDF",
            save_all=True,
            append_images=images[1:],
            resolution=float(dpi),
            **jpeg,
            title=path.stem,
            creationDate=stamp,
            modDate=stamp,
            producer="sohoa scan generator",
        )
    return path.stat().st_size
