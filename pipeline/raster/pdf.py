"""PDF pages to pixels: a scanned page's own image when the page is nothing else, poppler's rendering otherwise.

Most PDFs that reach sohoa come from scanners: each page is one full-page image (JPEG, CCITT G4 or Flate), possibly
under an invisible OCR text layer. Such an image is taken out of the file as is, in milliseconds, at the resolution
it was scanned at (its pixels over the size it is drawn at on the page). Every other page (real text, vector
drawings, several images, masks, colour spaces we do not convert) is rendered by pdftoppm, one page per call, at
RasterLimits.render_dpi (300), as PPM through a pipe.

The structure (encryption, page count, page sizes, which pages are scans) is read with pypdf, and every limit is
checked for every page before the first pixel is decoded or rendered.
"""

from __future__ import annotations

import io
import logging
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from PIL import Image, ImageFile, JpegImagePlugin, TiffImagePlugin
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from pipeline.errors import MissingDependencyError
from pipeline.raster import poppler
from pipeline.raster.convert import UnsupportedModeError, make_square_pixels, pil_to_array, squeeze_gray
from pipeline.raster.dpi import choose_dpi
from pipeline.raster.errors import (
    CorruptFileError,
    EncryptedPdfError,
    NoPagesError,
    PageTooLargeError,
    RasterError,
)
from pipeline.raster.images import check_page_count, check_pixels, corrupt, pixel_limit_text
from pipeline.raster.types import PageImage, RasterLimits

log = logging.getLogger(__name__)

# Anything pypdf (or the Python code under it) raises on a malformed file.
_PARSE_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    EOFError,
    OSError,
)
MAX_CONTENT_BYTES = 1_000_000  # a scan's content stream (with an OCR text layer) is far smaller
MIN_COVERAGE = 0.9  # the image must cover this share of the page ...
MAX_OVERHANG = 1.25  # ... and may not be much larger than it
MAX_NATIVE_RENDER_DPI = 600

_PAINTING_OPERATORS = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"INLINE IMAGE", b"BI"}
_TEXT_SHOWING_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}
_INVISIBLE_TEXT_MODES = {3, 7}  # 3: neither fill nor stroke (OCR layers); 7: clip only
_SIMPLE_FILTERS = {(), ("/FlateDecode",), ("/DCTDecode",), ("/CCITTFaxDecode",)}
_HIDDEN_ANNOTATION_FLAGS = 2 | 32  # Hidden, NoView

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class ScanImage:
    """The single image that makes up a scanned page, and how it sits on the displayed page."""

    xobject: StreamObject
    width: int  # pixels, as stored
    height: int
    transpose: bool  # the stored rows run across the displayed page
    flip_rows: bool  # applied after transpose: reverse the row order
    flip_cols: bool  # ... and the column order
    x_dpi: float  # resolution along the displayed page's width and height
    y_dpi: float


@dataclass(frozen=True)
class PagePlan:
    page_no: int
    render_width: int  # pixels at the render resolution, after /Rotate
    render_height: int
    render_dpi: int
    scan: ScanImage | None  # None: render the page


def iter_pdf_pages(
    path: Path,
    limits: RasterLimits,
    *,
    poppler_path: str | os.PathLike[str] | None = None,
) -> Iterator[PageImage]:
    """The pages of a PDF, one at a time."""
    try:
        stream: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed in the finally below, across the yields
    except OSError as exc:
        raise RasterError(f"cannot open {path}: {exc.strerror or exc}", path=path) from exc
    try:
        reader = open_reader(path, stream)
        plans = plan_pages(path, reader, limits)
        for plan in plans:
            yield _page_image(path, plan, limits, poppler_path)
    finally:
        stream.close()


def open_reader(path: Path, stream: BinaryIO) -> PdfReader:
    """A pypdf reader, decrypted with the empty password if the PDF is encrypted for permissions only."""
    try:
        reader = PdfReader(stream, strict=False)
    except _PARSE_ERRORS as exc:
        raise corrupt(path, exc) from exc
    if reader.is_encrypted:
        try:
            result = reader.decrypt("")
        except DependencyError as exc:
            raise MissingDependencyError(
                f"{path} is encrypted with AES; opening it needs the Python package 'cryptography'"
            ) from exc
        except _PARSE_ERRORS as exc:
            raise corrupt(path, exc) from exc
        if result == PasswordType.NOT_DECRYPTED:
            raise EncryptedPdfError(f"{path} is encrypted: it needs a password to open", path=path)
    return reader


def plan_pages(path: Path, reader: PdfReader, limits: RasterLimits) -> list[PagePlan]:
    """How each page will be turned into pixels, with every limit checked for every page."""
    try:
        count = len(reader.pages)
    except FileNotDecryptedError as exc:
        raise EncryptedPdfError(f"{path} is encrypted: it needs a password to open", path=path) from exc
    except _PARSE_ERRORS as exc:
        raise corrupt(path, exc) from exc
    if count == 0:
        raise NoPagesError(f"{path} has no pages", path=path)
    check_page_count(path, count, limits)
    plans = []
    for page_no in range(1, count + 1):
        try:
            plan = _plan_page(reader.pages[page_no - 1], page_no, limits)
        except _PARSE_ERRORS as exc:
            raise corrupt(path, exc, page_no=page_no) from exc
        if plan.scan is not None:
            check_pixels(path, page_no, plan.scan.width, plan.scan.height, limits)
        else:
            _check_render_size(path, plan, limits)
        plans.append(plan)
    return plans


def _check_render_size(path: Path, plan: PagePlan, limits: RasterLimits) -> None:
    width, height = plan.render_width, plan.render_height
    if width * height > limits.max_pixels:
        raise PageTooLargeError(
            f"{path}: page {plan.page_no} is {width}x{height} pixels at {plan.render_dpi} dpi, more than the limit of "
            f"{pixel_limit_text(limits.max_pixels)}",
            path=path,
            page_no=plan.page_no,
        )


def _plan_page(page: Any, page_no: int, limits: RasterLimits) -> PagePlan:
    box = page.cropbox
    user_unit = float(page.get("/UserUnit", 1) or 1)
    width_pt = abs(float(box.width)) * user_unit
    height_pt = abs(float(box.height)) * user_unit
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    if width_pt <= 0 or height_pt <= 0:
        raise ValueError(f"page {page_no} has an empty crop box")
    if rotation % 90:
        rotation = 0  # viewers and poppler treat a /Rotate that is not a multiple of 90 as 0
    try:
        scan = find_scan_image(page, rotation, user_unit)
        supported = scan is not None and _fast_path_supported(scan.xobject)
    except _PARSE_ERRORS as exc:  # a construct our reading of the page does not follow: poppler will draw it
        log.info("page %d: not taken as a scanned image (%s): rendering it", page_no, exc)
        scan, supported = None, False

    def render_size(dpi: int) -> tuple[int, int]:
        width, height = math.ceil(width_pt * dpi / 72), math.ceil(height_pt * dpi / 72)
        return (height, width) if rotation in (90, 270) else (width, height)

    dpi = limits.render_dpi
    if scan is not None:
        native = round(max(scan.x_dpi, scan.y_dpi))
        if 100 <= native <= MAX_NATIVE_RENDER_DPI:
            dpi = native  # should the scan have to be rendered, at its own resolution: no resampling
        if not supported:
            scan = None
    render_width, render_height = render_size(dpi)
    return PagePlan(page_no, render_width, render_height, dpi, scan)


# --- finding the scanned image ----------------------------------------------------------------------------


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention: the `cm` operator makes CTM' = m x CTM)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def find_scan_image(page: Any, rotation: int, user_unit: float) -> ScanImage | None:
    """The one image that makes up a scanned page, or None when the page has anything else that shows."""
    if _has_visible_annotations(page):
        return None
    contents = page.get_contents()
    if contents is None:
        return None
    if len(contents.get_data()) > MAX_CONTENT_BYTES:
        return None
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()

    placed: tuple[StreamObject, Matrix] | None = None
    ctm, text_mode = IDENTITY, 0
    stack: list[tuple[Matrix, int]] = []
    for operands, operator in contents.operations:
        if operator == b"q":
            stack.append((ctm, text_mode))
        elif operator == b"Q":
            if stack:
                ctm, text_mode = stack.pop()
        elif operator == b"cm":
            ctm = _multiply(tuple(float(x) for x in operands[:6]), ctm)  # type: ignore[arg-type]
        elif operator == b"Tr":
            text_mode = int(operands[0])
        elif operator in _TEXT_SHOWING_OPERATORS:
            if text_mode not in _INVISIBLE_TEXT_MODES:
                return None
        elif operator in _PAINTING_OPERATORS:
            return None
        elif operator == b"Do":
            xobject = xobjects.get(operands[0])
            xobject = xobject.get_object() if xobject is not None else None
            if (
                placed is not None
                or not isinstance(xobject, StreamObject)
                or xobject.get("/Subtype") != "/Image"
                or xobject.get("/ImageMask", False)
            ):
                return None
            placed = (xobject, ctm)
    if placed is None:
        return None
    return _placement(page, placed[0], placed[1], rotation, user_unit)


def _has_visible_annotations(page: Any) -> bool:
    annotations = page.get("/Annots")
    if annotations is None:
        return False
    for ref in annotations.get_object():
        annotation = ref.get_object() if isinstance(ref, IndirectObject) else ref
        if not isinstance(annotation, DictionaryObject):
            continue
        if annotation.get("/Subtype") in ("/Link", "/Popup"):
            continue
        if int(annotation.get("/F", 0)) & _HIDDEN_ANNOTATION_FLAGS:
            continue
        rect = [float(x) for x in annotation.get("/Rect", [0, 0, 0, 0])]
        if len(rect) == 4 and abs(rect[2] - rect[0]) > 0 and abs(rect[3] - rect[1]) > 0:
            return True
    return False


def _display(vector: tuple[float, float], rotation: int) -> tuple[float, float]:
    """A vector in user space as it points on the displayed page (y down), after the page's /Rotate (clockwise)."""
    x, y = vector[0], -vector[1]
    if rotation == 90:
        return -y, x
    if rotation == 180:
        return -x, -y
    if rotation == 270:
        return y, -x
    return x, y


def _placement(page: Any, xobject: StreamObject, ctm: Matrix, rotation: int, user_unit: float) -> ScanImage | None:
    width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
    if width <= 0 or height <= 0:
        return None
    a, b, c, d = ctm[:4]
    # Image space is the unit square, row 0 at the top (v = 1): columns run along +u, rows along -v.
    col = _display((a, b), rotation)
    row = _display((-c, -d), rotation)
    col_len, row_len = math.hypot(*col), math.hypot(*row)
    if col_len == 0 or row_len == 0:
        return None
    tolerance = 1e-3
    if abs(col[1]) <= tolerance * col_len and abs(row[0]) <= tolerance * row_len:
        transpose, flip_cols, flip_rows = False, col[0] < 0, row[1] < 0
        across, down = col_len, row_len  # displayed width and height of the image, in points
        x_dpi, y_dpi = width / (across * user_unit / 72), height / (down * user_unit / 72)
    elif abs(col[0]) <= tolerance * col_len and abs(row[1]) <= tolerance * row_len:
        transpose, flip_rows, flip_cols = True, col[1] < 0, row[0] < 0
        across, down = row_len, col_len
        x_dpi, y_dpi = height / (across * user_unit / 72), width / (down * user_unit / 72)
    else:
        return None  # drawn at an angle: let poppler render it
    if not _covers_page(page, ctm):
        return None
    return ScanImage(xobject, width, height, transpose, flip_rows, flip_cols, x_dpi, y_dpi)


def _covers_page(page: Any, ctm: Matrix) -> bool:
    a, b, c, d, e, f = ctm
    xs = [e, a + e, c + e, a + c + e]
    ys = [f, b + f, d + f, b + d + f]
    box = page.cropbox
    left, right = sorted((float(box.left), float(box.right)))
    bottom, top = sorted((float(box.bottom), float(box.top)))
    page_area = (right - left) * (top - bottom)
    image_area = (max(xs) - min(xs)) * (max(ys) - min(ys))
    overlap_w = min(right, max(xs)) - max(left, min(xs))
    overlap_h = min(top, max(ys)) - max(bottom, min(ys))
    overlap = max(0.0, overlap_w) * max(0.0, overlap_h)
    return page_area > 0 and overlap >= MIN_COVERAGE * page_area and image_area <= MAX_OVERHANG * page_area


# --- taking the image out -----------------------------------------------------------------------------------


def _filters(xobject: StreamObject) -> tuple[str, ...]:
    value = xobject.get("/Filter")
    if value is None:
        return ()
    value = value.get_object()
    if isinstance(value, ArrayObject):
        return tuple(str(item.get_object()) for item in value)
    return (str(value),)


def _components(xobject: StreamObject) -> int | None:
    """1 or 3 for the gray and RGB colour spaces we read directly; None for any other."""
    space = xobject.get("/ColorSpace")
    if space is None:
        return 1 if _filters(xobject) in (("/CCITTFaxDecode",), ("/DCTDecode",)) else None
    space = space.get_object()
    if isinstance(space, ArrayObject) and space:
        family = str(space[0].get_object())
        if family == "/ICCBased" and len(space) > 1:
            n = int(space[1].get_object().get("/N", 0))
            return n if n in (1, 3) else None
        if family in ("/CalGray", "/CalRGB"):
            return 1 if family == "/CalGray" else 3
        if len(space) == 1:
            space = space[0].get_object()
        else:
            return None
    return {"/DeviceGray": 1, "/CalGray": 1, "/DeviceRGB": 3, "/CalRGB": 3}.get(str(space))


def _fast_path_supported(xobject: StreamObject) -> bool:
    """Whether the image is in a form we decode exactly as a viewer would; anything else is rendered by poppler."""
    if any(key in xobject for key in ("/SMask", "/Mask")) or xobject.get("/ImageMask", False):
        return False
    filters = _filters(xobject)
    if filters not in _SIMPLE_FILTERS:
        return False
    components = _components(xobject)
    bits = int(xobject.get("/BitsPerComponent", 1 if filters == ("/CCITTFaxDecode",) else 0))
    decode = xobject.get("/Decode")
    if decode is not None:
        values = [float(x) for x in decode.get_object()]
        if values != [0.0, 1.0] * (len(values) // 2) or not values:
            return False
    if filters == ("/CCITTFaxDecode",):
        return components == 1 and bits == 1
    if filters == ("/DCTDecode",):
        return components in (1, 3) and bits == 8
    return (components == 1 and bits in (1, 8)) or (components == 3 and bits == 8)


def _page_image(
    path: Path, plan: PagePlan, limits: RasterLimits, poppler_path: str | os.PathLike[str] | None
) -> PageImage:
    if plan.scan is not None:
        pixels = extract_scan(path, plan.page_no, plan.scan)
        if pixels is not None:
            pixels, dpi = make_square_pixels(pixels, plan.scan.x_dpi, plan.scan.y_dpi)
            pixels = squeeze_gray(pixels)
            dpi, source = choose_dpi(pixels.shape[1], pixels.shape[0], dpi, "pdf-embedded")
            return PageImage(page_no=plan.page_no, image=pixels, dpi=dpi, dpi_source=source)
        _check_render_size(path, plan, limits)
    pixels = poppler.render_page(
        path, plan.page_no, dpi=plan.render_dpi, timeout_s=limits.timeout_s, bin_dir=poppler_path
    )
    return PageImage(page_no=plan.page_no, image=squeeze_gray(pixels), dpi=plan.render_dpi, dpi_source="rendered")


def extract_scan(path: Path, page_no: int, scan: ScanImage) -> np.ndarray | None:
    """The scanned image, upright as displayed, gray or BGR; None if it should be rendered instead."""
    xobject = scan.xobject
    filters = _filters(xobject)
    try:
        try:
            data = xobject.get_data()
        except LimitReachedError as exc:  # pypdf inflates at most 75 MB: poppler has no such limit
            log.info("%s: page %d: image not taken out (%s); rendering it instead", path, page_no, exc)
            return None
        except _PARSE_ERRORS as exc:
            raise corrupt(path, exc, page_no=page_no) from exc
        if filters == ("/DCTDecode",):
            pixels = _decode_with(JpegImagePlugin.JpegImageFile, data, scan, path, page_no)
        elif filters == ("/CCITTFaxDecode",):
            try:
                pixels = _decode_with(TiffImagePlugin.TiffImageFile, data, scan, path, page_no)
            except CorruptFileError as exc:  # pypdf's TIFF wrapping of fax data does not cover every variant
                log.info("%s: page %d: CCITT image not decoded (%s); rendering it instead", path, page_no, exc)
                return None
        else:
            pixels = _raw_samples(data, scan, path, page_no)
    except UnsupportedModeError:
        return None
    finally:
        if getattr(xobject, "decoded_self", None) is not None:
            xobject.decoded_self = None  # type: ignore[attr-defined] # pypdf caches the decoded bytes: free them
    if pixels is None:
        return None
    if scan.transpose:
        pixels = pixels.swapaxes(0, 1)
    if scan.flip_rows:
        pixels = pixels[::-1]
    if scan.flip_cols:
        pixels = pixels[:, ::-1]
    return np.ascontiguousarray(pixels)


def _decode_with(
    plugin: type[ImageFile.ImageFile], data: bytes, scan: ScanImage, path: Path, page_no: int
) -> np.ndarray | None:
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RasterError(
            "Pillow's LOAD_TRUNCATED_IMAGES is set in this process: refusing to decode possibly truncated pages",
            path=path,
            page_no=page_no,
        )
    try:
        with plugin(io.BytesIO(data)) as image:
            if image.size != (scan.width, scan.height):
                raise ValueError(
                    f"the image is {image.size[0]}x{image.size[1]}, its PDF dictionary says {scan.width}x{scan.height}"
                )
            if image.mode not in ("1", "L", "RGB"):
                return None  # CMYK or YCCK JPEG: poppler knows what the PDF's colour space means
            image.load()
            return pil_to_array(image)
    except Image.DecompressionBombError as exc:  # only with limits above Pillow's own (179 million pixels)
        raise PageTooLargeError(f"{path}: page {page_no}: {exc}", path=path, page_no=page_no) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError) as exc:
        raise corrupt(path, exc, page_no=page_no) from exc


def _raw_samples(data: bytes, scan: ScanImage, path: Path, page_no: int) -> np.ndarray:
    xobject = scan.xobject
    components = _components(xobject) or 1
    bits = int(xobject.get("/BitsPerComponent", 8))
    width, height = scan.width, scan.height
    row_bytes = (width * components * bits + 7) // 8
    needed = row_bytes * height
    if len(data) < needed:
        raise CorruptFileError(
            f"{path} is truncated or corrupt (page {page_no}): its image has {len(data)} bytes of {needed}",
            path=path,
            page_no=page_no,
        )
    rows = np.frombuffer(data, dtype=np.uint8, count=needed).reshape(height, row_bytes)
    if bits == 1:
        return np.unpackbits(rows, axis=1)[:, :width] * np.uint8(255)
    if components == 1:
        return rows.copy()
    return np.ascontiguousarray(rows.reshape(height, width, 3)[:, :, ::-1])
