"""Pixels in every mode a scanner, phone or PDF writes, to the one form the pipeline reads: uint8 gray or BGR."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageCms

from pipeline.raster.dpi import same_resolution


class UnsupportedModeError(ValueError):
    """A Pillow mode this module cannot convert; the caller turns it into a RasterError with the file's name."""


def pil_to_array(image: Image.Image) -> np.ndarray:
    """A loaded Pillow image as uint8 HxW gray or HxWx3 BGR; transparency is composited on white."""
    mode = image.mode
    if mode == "1":
        return np.asarray(image.convert("L"))
    if mode == "L":
        if "transparency" in image.info:
            return _composite_on_white(np.asarray(image.convert("LA")))
        return np.asarray(image)
    if mode in ("LA", "La", "PA"):
        return _composite_on_white(np.asarray(image if mode == "LA" else image.convert("LA")))
    if mode == "P":
        has_alpha = "transparency" in image.info or (image.palette is not None and image.palette.mode == "RGBA")
        if has_alpha:
            return _composite_on_white(np.asarray(image.convert("RGBA")))
        return _rgb_to_bgr(np.asarray(image.convert("RGB")))
    if mode.startswith("I;16") or mode in ("I", "I;32", "I;32B", "I;32S"):
        return _sixteen_bit_to_uint8(np.asarray(image))
    if mode == "F":
        values = np.asarray(image, dtype=np.float64)
        if values.size and np.nanmax(values) <= 1.0:
            values = values * 255.0
        return np.clip(np.nan_to_num(values), 0, 255).round().astype(np.uint8)
    if mode == "RGB":
        if "transparency" in image.info:
            return _composite_on_white(np.asarray(image.convert("RGBA")))
        return _rgb_to_bgr(np.asarray(image))
    if mode in ("RGBA", "RGBa"):
        return _composite_on_white(np.asarray(image.convert("RGBA") if mode == "RGBa" else image))
    if mode in ("RGBX", "CMYK", "YCbCr", "HSV"):
        return _rgb_to_bgr(np.asarray(image.convert("RGB")))
    if mode == "LAB":  # CIELab TIFF: Pillow's convert() does not do colour science, LittleCMS does
        transform = ImageCms.buildTransform(ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), "LAB", "RGB")
        return _rgb_to_bgr(np.asarray(ImageCms.applyTransform(image, transform)))
    raise UnsupportedModeError(f"pixel format {mode}")


def _sixteen_bit_to_uint8(values: np.ndarray) -> np.ndarray:
    """16-bit (or 32-bit integer holding 16-bit) samples to 8 bits; 8-bit data stored wide is kept as is."""
    values = values.astype(np.int64, copy=False)
    values = np.clip(values, 0, 65535)
    if values.size and values.max() > 255:
        return ((values * 255 + 32767) // 65535).astype(np.uint8)
    return values.astype(np.uint8)


def _rgb_to_bgr(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2BGR)  # ten times faster than numpy's [..., ::-1]


def _composite_on_white(values: np.ndarray) -> np.ndarray:
    """LA or RGBA uint8 composited over a white page: gray or BGR."""
    alpha = values[:, :, -1:].astype(np.uint16)
    colour = values[:, :, :-1].astype(np.uint16)
    out = ((colour * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)
    if out.shape[2] == 1:
        return np.ascontiguousarray(out[:, :, 0])
    return _rgb_to_bgr(out)


def squeeze_gray(image: np.ndarray) -> np.ndarray:
    """A BGR image whose three channels are identical becomes HxW gray; anything else is returned unchanged."""
    if image.ndim != 3 or image.shape[2] != 3:
        return image
    sample = image[::16, ::16]  # most colour pages show it on a coarse grid already: skip the full comparison
    if not (np.array_equal(sample[:, :, 0], sample[:, :, 1]) and np.array_equal(sample[:, :, 1], sample[:, :, 2])):
        return image
    blue, green, red = cv2.split(np.ascontiguousarray(image))
    if cv2.countNonZero(cv2.absdiff(blue, green)) or cv2.countNonZero(cv2.absdiff(green, red)):
        return image
    return blue


def apply_orientation(image: np.ndarray, orientation: int | None) -> np.ndarray:
    """Turn an image stored with EXIF/TIFF orientation `orientation` upright (what Pillow's exif_transpose does)."""
    if orientation == 2:
        image = image[:, ::-1]
    elif orientation == 3:
        image = image[::-1, ::-1]
    elif orientation == 4:
        image = image[::-1, :]
    elif orientation == 5:
        image = image.swapaxes(0, 1)
    elif orientation == 6:
        image = np.rot90(image, -1)
    elif orientation == 7:
        image = image.swapaxes(0, 1)[::-1, ::-1]
    elif orientation == 8:
        image = np.rot90(image, 1)
    else:
        return image
    return np.ascontiguousarray(image)


def make_square_pixels(image: np.ndarray, x_dpi: float, y_dpi: float) -> tuple[np.ndarray, float]:
    """Resample an image with different horizontal and vertical resolutions (fax: 204x98 dpi) to square pixels at
    the higher of the two. Returns the image and its (single) resolution."""
    if x_dpi <= 0 or y_dpi <= 0 or same_resolution(x_dpi, y_dpi):
        return image, max(x_dpi, y_dpi)
    target = max(x_dpi, y_dpi)
    height, width = image.shape[:2]
    new_size = (max(1, round(width * target / x_dpi)), max(1, round(height * target / y_dpi)))
    return cv2.resize(image, new_size, interpolation=cv2.INTER_LINEAR), target
