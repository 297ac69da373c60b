"""The small pieces: resolution rules, pixel conversions, the poppler wrapper's helpers, limits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps, TiffImagePlugin

from pipeline.errors import MissingDependencyError
from pipeline.raster import PageImage, RasterLimits, estimate_dpi_a4, rasterize
from pipeline.raster.convert import apply_orientation, make_square_pixels, pil_to_array, squeeze_gray
from pipeline.raster.dpi import choose_dpi
from pipeline.raster.poppler import decode_pnm, find_program, first_line, run


@pytest.mark.parametrize(
    ("width", "height", "dpi"),
    [
        (2480, 3508, 300),
        (3508, 2480, 300),  # landscape
        (1654, 2339, 200),
        (1240, 1754, 150),
        (4960, 7016, 600),
        (3024, 4032, 345),  # a 4:3 phone photo: the page fills its width
    ],
)
def test_estimate_dpi_a4(width: int, height: int, dpi: int) -> None:
    assert estimate_dpi_a4(width, height) == dpi


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        (300, (300, "metadata")),
        (299.9994, (300, "metadata")),
        (100, (100, "metadata")),
        (1200, (1200, "metadata")),
        (72, (300, "estimated")),
        (96, (300, "estimated")),
        (99.4, (300, "estimated")),
        (1201, (300, "estimated")),
        (None, (300, "estimated")),
    ],
)
def test_choose_dpi(stated: float | None, expected: tuple[int, str]) -> None:
    assert choose_dpi(2480, 3508, stated, "metadata") == expected


@pytest.mark.parametrize("orientation", range(1, 9))
def test_apply_orientation_is_exif_transpose(orientation: int) -> None:
    stored = np.arange(6 * 4, dtype=np.uint8).reshape(4, 6) * 10
    image = Image.fromarray(stored)
    exif = image.getexif()
    exif[0x0112] = orientation
    image.info["exif"] = exif.tobytes()
    expected = np.asarray(ImageOps.exif_transpose(image))
    assert np.array_equal(apply_orientation(stored, orientation), expected)


def test_unknown_orientation_changes_nothing() -> None:
    stored = np.arange(12, dtype=np.uint8).reshape(3, 4)
    assert apply_orientation(stored, 0) is stored
    assert apply_orientation(stored, 9) is stored


def test_squeeze_gray() -> None:
    gray = np.random.default_rng(0).integers(0, 256, (300, 200), dtype=np.uint8)
    bgr = np.dstack([gray, gray, gray])
    assert np.array_equal(squeeze_gray(bgr), gray) and squeeze_gray(bgr).ndim == 2
    one_red_pixel = bgr.copy()
    one_red_pixel[7, 5] = (0, 0, 255)  # off the coarse sampling grid: found by the full comparison
    assert squeeze_gray(one_red_pixel).ndim == 3
    assert squeeze_gray(gray) is gray


def test_make_square_pixels() -> None:
    image = np.zeros((100, 204), dtype=np.uint8)
    squared, dpi = make_square_pixels(image, 204, 98)
    assert dpi == 204 and squared.shape == (208, 204)
    same, dpi = make_square_pixels(image, 300, 301)  # within 2%: left alone
    assert same is image and dpi == 301


def test_pil_to_array_modes() -> None:
    assert pil_to_array(Image.new("1", (3, 2), 1)).tolist() == [[255] * 3] * 2
    assert pil_to_array(Image.new("LA", (1, 1), (0, 0))).tolist() == [[255]]  # transparent black: white
    assert pil_to_array(Image.new("LA", (1, 1), (0, 255))).tolist() == [[0]]
    assert pil_to_array(Image.new("RGB", (1, 1), (10, 20, 30))).tolist() == [[[30, 20, 10]]]
    assert pil_to_array(Image.new("CMYK", (1, 1), (0, 255, 255, 0))).tolist() == [[[0, 0, 255]]]
    assert pil_to_array(Image.new("I;16", (1, 1), 65535)).tolist() == [[255]]
    assert pil_to_array(Image.new("I", (1, 1), 200)).tolist() == [[200]]  # 8-bit data stored wide: kept
    assert pil_to_array(Image.new("F", (1, 1), 0.5)).tolist() == [[128]]


def test_multi_page_tiff_turns_each_page_by_its_own_tag(tmp_path: Path) -> None:
    path = tmp_path / "turned.tif"
    stored = np.full((30, 50), 255, dtype=np.uint8)
    stored[:5, :5] = 0  # a black corner at the stored top left
    with TiffImagePlugin.AppendingTiffWriter(str(path), new=True) as tiff:
        for orientation in (1, 6, 3, 1):
            Image.fromarray(stored).save(tiff, "TIFF", tiffinfo={0x0112: orientation}, dpi=(150, 150))
            tiff.newFrame()
    pages = list(rasterize(path, "image/tiff"))
    corners = [tuple(int(v) for v in np.argwhere(page.image == 0)[0]) for page in pages]
    assert [page.image.shape for page in pages] == [(30, 50), (50, 30), (30, 50), (30, 50)]
    assert corners == [(0, 0), (0, 25), (25, 45), (0, 0)]  # as is, turned right, upside down, as is


def test_decode_pnm() -> None:
    ppm = b"P6\n2 1\n255\n" + bytes([255, 0, 0, 0, 0, 255])
    assert decode_pnm(ppm).tolist() == [[[0, 0, 255], [255, 0, 0]]]  # type: ignore[union-attr]
    assert decode_pnm(b"P5\n2 1\n255\n\x00\xff").tolist() == [[0, 255]]  # type: ignore[union-attr]
    assert decode_pnm(b"\x89PNG\r\n\x1a\n") is None
    assert decode_pnm(b"") is None


def test_first_line() -> None:
    assert first_line("\n  \nSyntax Error (12): bad\nsecond\n") == "Syntax Error (12): bad"
    assert first_line("") == ""
    assert first_line("x" * 500, limit=10) == "xxxxxxx..."


def test_find_program(tmp_path: Path) -> None:
    assert Path(find_program("pdftoppm")).name == "pdftoppm"
    with pytest.raises(MissingDependencyError, match=r"no-such-poppler-tool is not installed"):
        find_program("no-such-poppler-tool")
    not_executable = tmp_path / "pdftoppm"
    not_executable.write_text("#!/bin/sh\n")
    with pytest.raises(MissingDependencyError, match=rf"pdftoppm is not installed in {tmp_path}"):
        find_program("pdftoppm", tmp_path)


def test_run_returns_stdout_of_real_pdfinfo(tmp_path: Path) -> None:
    path = tmp_path / "one.pdf"
    Image.new("L", (100, 100), 255).save(path, "PDF", resolution=100)
    out = run("pdfinfo", [str(path)], timeout_s=30)
    assert b"Pages:" in out and b"1" in out


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_pages"):
        RasterLimits(max_pages=0)
    with pytest.raises(ValueError, match="timeout_s"):
        RasterLimits(timeout_s=0)
    assert RasterLimits() == RasterLimits(max_pages=50, max_pixels=80_000_000, max_file_bytes=200_000_000)


def test_page_image() -> None:
    page = PageImage(page_no=2, image=np.zeros((30, 20, 3), dtype=np.uint8), dpi=300, dpi_source="metadata")
    assert (page.width, page.height, page.is_color) == (20, 30, True)
    with pytest.raises(AttributeError):
        page.dpi = 200  # type: ignore[misc]
