"""TIFF, JPEG and PNG files to pages: modes, resolutions, orientation, limits and damaged files (real Pillow files)."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFile, ImageOps

from pipeline.errors import ExitCode, InputError
from pipeline.intake import JPEG, PNG, TIFF, sniff_file
from pipeline.raster import (
    CorruptFileError,
    FileTooLargeError,
    PageImage,
    PageTooLargeError,
    RasterError,
    RasterLimits,
    TooManyPagesError,
    UnsupportedImageError,
    rasterize,
)
from tests.raster.filemaker import png_claiming, tiff_claiming

RED_BGR = (0, 0, 200)


def _page(width: int = 827, height: int = 1169) -> Image.Image:
    """An RGB page: black text-like bars and a red stamp (top-left), white elsewhere."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for y in range(height // 3, height - 60, 40):
        draw.rectangle([60, y, width - 60, y + 12], fill="black")
    draw.rectangle([60, 60, 260, 200], fill=(200, 0, 0))
    return image


def _pages(path: Path, **limits: object) -> list[PageImage]:
    return list(rasterize(path, sniff_file(path).media_type, limits=RasterLimits(**limits)))  # type: ignore[arg-type]


def _one(path: Path, **limits: object) -> PageImage:
    [page] = _pages(path, **limits)
    return page


# --- resolution ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "suffix"), [("PNG", "png"), ("JPEG", "jpg"), ("TIFF", "tif")])
def test_resolution_from_metadata(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"page.{suffix}"
    _page().save(path, fmt, dpi=(100, 100))
    page = _one(path)
    assert (page.dpi, page.dpi_source) == (100, "metadata")
    assert page.page_no == 1
    assert page.image.shape == (1169, 827, 3)
    assert page.image.dtype == np.uint8


@pytest.mark.parametrize(("fmt", "suffix"), [("PNG", "png"), ("JPEG", "jpg"), ("TIFF", "tif")])
def test_resolution_estimated_without_metadata(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"page.{suffix}"
    Image.new("L", (1654, 2339), 255).save(path, fmt)  # A4 at 200 dpi, no resolution written
    page = _one(path)
    assert (page.dpi, page.dpi_source) == (200, "estimated")


def test_a4_at_300_dpi_is_estimated_as_300(tmp_path: Path) -> None:
    path = tmp_path / "a4.png"
    Image.new("L", (2480, 3508), 255).save(path)
    assert (_one(path).dpi, _one(path).dpi_source) == (300, "estimated")


def test_phone_jpeg_saying_72_dpi_is_estimated(tmp_path: Path) -> None:
    path = tmp_path / "IMG_2041.jpg"
    _page(1240, 1754).save(path, "JPEG", dpi=(72, 72), quality=85)  # A4 at 150 dpi, labelled 72 like phones do
    page = _one(path)
    assert (page.dpi, page.dpi_source) == (150, "estimated")


def test_implausibly_high_resolution_is_estimated(tmp_path: Path) -> None:
    path = tmp_path / "page.tif"
    _page().save(path, dpi=(4800, 4800))
    assert (_one(path).dpi, _one(path).dpi_source) == (100, "estimated")


def test_png_resolution_in_dots_per_metre_rounds_to_the_dpi(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    _page().save(path, dpi=(300, 300))  # stored as 11811 dots per metre: reads back as 299.9994
    assert (_one(path).dpi, _one(path).dpi_source) == (300, "metadata")


def test_tiff_resolution_in_centimetres(tmp_path: Path) -> None:
    path = tmp_path / "page.tif"
    _page().save(path, tiffinfo={282: 118.11, 283: 118.11, 296: 3})  # 118.11 dots per cm = 300 dpi
    assert (_one(path).dpi, _one(path).dpi_source) == (300, "metadata")


def test_fax_resolution_is_made_square(tmp_path: Path) -> None:
    # A "normal" fax is 204x98 dpi: each stored row stands for two at 204 dpi.
    path = tmp_path / "fax.tif"
    stored = Image.new("L", (1728, 1100), 255)
    ImageDraw.Draw(stored).rectangle([100, 500, 900, 549], fill=0)
    stored.convert("1").save(path, compression="group3", dpi=(204, 98))
    page = _one(path)
    assert page.dpi == 204
    assert page.image.shape == (round(1100 * 204 / 98), 1728)
    rows = np.flatnonzero(page.image[:, 500] < 128)
    assert abs(rows.min() - 500 * 204 / 98) <= 2 and abs(rows.max() - 550 * 204 / 98) <= 2


# --- colour and pixel formats --------------------------------------------------------------------------------


def test_colour_is_kept_in_bgr_order(tmp_path: Path) -> None:
    path = tmp_path / "stamp.png"
    _page().save(path, dpi=(100, 100))
    image = _one(path).image
    assert image.shape == (1169, 827, 3)
    assert tuple(image[100, 100]) == RED_BGR  # the red stamp: red is the LAST channel
    assert tuple(image[5, 5]) == (255, 255, 255)


def test_colour_file_without_colour_becomes_gray(tmp_path: Path) -> None:
    path = tmp_path / "gray-in-rgb.png"
    _page().convert("L").convert("RGB").save(path, dpi=(100, 100))
    image = _one(path).image
    assert image.ndim == 2
    assert image[5, 5] == 255 and image[1169 // 3 + 5, 100] == 0


def test_grayscale_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "gray.jpg"
    _page().convert("L").save(path, dpi=(100, 100), quality=95)
    image = _one(path).image
    assert image.ndim == 2 and image.dtype == np.uint8


def test_multi_page_tiff_in_several_modes(tmp_path: Path) -> None:
    path = tmp_path / "book.tif"
    colour = _page()
    gray = _page().convert("L")
    bilevel = _page(1654, 2338).convert("L").point(lambda v: 255 if v > 128 else 0).convert("1")
    frames = [(colour, "tiff_lzw", 100), (gray, "tiff_adobe_deflate", 100), (bilevel, "group4", 200)]
    _save_tiff_pages(path, frames)

    pages = _pages(path)
    assert [page.page_no for page in pages] == [1, 2, 3]
    assert pages[0].image.shape == (1169, 827, 3) and tuple(pages[0].image[100, 100]) == RED_BGR
    assert pages[1].image.shape == (1169, 827) and pages[1].image[5, 5] == 255
    assert pages[2].image.shape == (2338, 1654)
    assert set(np.unique(pages[2].image)) == {0, 255}  # 1-bit G4 to 0/255
    assert [(page.dpi, page.dpi_source) for page in pages] == [(100, "metadata"), (100, "metadata"), (200, "metadata")]


def _save_tiff_pages(path: Path, frames: list[tuple[Image.Image, str, int]]) -> None:
    """A multi-page TIFF where each page has its own compression and resolution."""
    from PIL import TiffImagePlugin

    with TiffImagePlugin.AppendingTiffWriter(str(path), new=True) as tiff:
        for image, compression, dpi in frames:
            image.save(tiff, "TIFF", compression=compression, dpi=(dpi, dpi))
            tiff.newFrame()


def test_sixteen_bit_gray_tiff_is_scaled_to_eight_bits(tmp_path: Path) -> None:
    path = tmp_path / "deep.tif"
    values = np.full((1169, 827), 0x8080, dtype=np.uint16)
    values[:100] = 0
    values[-100:] = 0xFFFF
    assert cv2.imwrite(str(path), values)
    image = _one(path).image
    assert image.dtype == np.uint8 and image.ndim == 2
    assert (image[0, 0], image[500, 500], image[-1, -1]) == (0, 128, 255)


def test_sixteen_bit_colour_png(tmp_path: Path) -> None:
    path = tmp_path / "deep.png"
    bgr = np.zeros((1169, 827, 3), dtype=np.uint16)
    bgr[:, :, 2] = 0xC8C8  # red 200 in 16 bits
    assert cv2.imwrite(str(path), bgr)
    image = _one(path).image
    assert image.dtype == np.uint8 and tuple(image[10, 10]) == RED_BGR


def test_cmyk_tiff_becomes_bgr(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.tif"
    _page().convert("CMYK").save(path, dpi=(100, 100))
    image = _one(path).image
    assert image.shape == (1169, 827, 3)
    assert tuple(image[100, 100]) == RED_BGR
    assert tuple(image[5, 5]) == (255, 255, 255)


def test_palette_png_keeps_its_colours(tmp_path: Path) -> None:
    path = tmp_path / "palette.png"
    _page().convert("P", palette=Image.Palette.ADAPTIVE, colors=4).save(path, dpi=(100, 100))
    image = _one(path).image
    assert image.shape == (1169, 827, 3)
    assert tuple(image[100, 100]) == RED_BGR


def test_gray_palette_becomes_gray(tmp_path: Path) -> None:
    path = tmp_path / "palette-gray.png"
    _page().convert("L").convert("P").save(path, dpi=(100, 100))
    assert _one(path).image.ndim == 2


def test_alpha_is_composited_on_white(tmp_path: Path) -> None:
    path = tmp_path / "alpha.png"
    rgba = np.zeros((1169, 827, 4), dtype=np.uint8)
    rgba[:, :] = (200, 0, 0, 255)  # opaque red
    rgba[:100] = (0, 0, 0, 0)  # fully transparent black: white paper
    rgba[-100:] = (0, 0, 0, 128)  # half-transparent black: mid gray
    Image.fromarray(rgba, "RGBA").save(path, dpi=(100, 100))
    image = _one(path).image
    assert tuple(image[10, 10]) == (255, 255, 255)
    assert tuple(image[-10, 10]) == (127, 127, 127)
    assert tuple(image[500, 10]) == RED_BGR


def test_palette_transparency_is_composited_on_white(tmp_path: Path) -> None:
    path = tmp_path / "palette-alpha.png"
    indices = np.zeros((1169, 827), dtype=np.uint8)
    indices[500:] = 1
    image = Image.fromarray(indices, "P")
    image.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    image.save(path, transparency=0, dpi=(100, 100))
    pixels = _one(path).image
    assert tuple(pixels[10, 10]) == (255, 255, 255)  # index 0 is transparent black
    assert tuple(pixels[600, 10]) == RED_BGR


def test_lab_tiff_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "lab.tif"
    _page().convert("LAB").save(path, dpi=(100, 100))
    blue, green, red = (int(v) for v in _one(path).image[100, 100])
    assert red > 180 and green < 40 and blue < 40


# --- orientation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_matches_pillow(tmp_path: Path, orientation: int) -> None:
    rng = np.random.default_rng(orientation)
    stored = Image.fromarray(rng.integers(0, 256, (30, 50, 3), dtype=np.uint8))
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / "photo.png"
    stored.save(path, exif=exif, dpi=(150, 150))
    with Image.open(path) as reopened:
        expected = np.asarray(ImageOps.exif_transpose(reopened).convert("RGB"))[:, :, ::-1]
    page = _one(path)
    assert page.image.shape == expected.shape
    assert np.array_equal(page.image, expected)


def test_rotated_phone_jpeg_comes_out_upright(tmp_path: Path) -> None:
    # A portrait page photographed with the phone held sideways: stored landscape, EXIF orientation 6.
    upright = _page(1240, 1754)
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what the sensor wrote
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "IMG_0001.jpg"
    stored.save(path, exif=exif, dpi=(72, 72), quality=92)
    page = _one(path)
    assert page.image.shape == (1754, 1240, 3)
    assert page.image[60:200, 60:260, 2].mean() > 150  # the red stamp is back at the top left
    assert (page.dpi, page.dpi_source) == (150, "estimated")


def test_turning_a_page_turns_its_resolutions_too(tmp_path: Path) -> None:
    # Stored 400x300 pixels at 200 dpi across and 100 dpi down: 2 x 3 inches. Orientation 6 turns it to 3 x 2
    # inches, which at 200 dpi both ways is 600 x 400 pixels.
    path = tmp_path / "turned-fax.tif"
    Image.new("L", (400, 300), 255).save(path, dpi=(200, 100), tiffinfo={0x0112: 6})
    page = _one(path)
    assert page.dpi == 200
    assert page.image.shape == (400, 600)


def test_tiff_orientation_tag(tmp_path: Path) -> None:
    path = tmp_path / "upside-down.tif"
    _page().transpose(Image.Transpose.ROTATE_180).save(path, dpi=(100, 100), tiffinfo={0x0112: 3})
    image = _one(path).image
    assert tuple(image[100, 100]) == RED_BGR


# --- limits: checked before decoding -------------------------------------------------------------------------


@pytest.mark.timeout(20)
def test_png_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming(100_000, 100_000))
    assert path.stat().st_size < 2000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(PageTooLargeError) as caught:
        _pages(path)
    assert time.monotonic() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: nothing was decoded
    assert caught.value.reason == f"{path}: page 1 is 100000x100000 pixels, more than the limit of 80 million"
    assert caught.value.exit_code == ExitCode.INPUT


@pytest.mark.timeout(20)
def test_huge_page_in_a_tiff_is_refused_before_any_page_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "book.tif"
    path.write_bytes(tiff_claiming([(100, 100), (100, 100), (30_000, 40_000)]))
    pages = rasterize(path, TIFF)
    with pytest.raises(PageTooLargeError) as caught:
        next(pages)  # page 1 is fine, but page 3 is checked before page 1 is handed out
    assert caught.value.reason == f"{path}: page 3 is 30000x40000 pixels, more than the limit of 80 million"
    assert caught.value.page_no == 3


def test_small_pages_of_the_handmade_tiff_decode(tmp_path: Path) -> None:
    # The same maker, within limits: proves the refusal above is about size, not a malformed file.
    path = tmp_path / "book.tif"
    path.write_bytes(tiff_claiming([(100, 100), (120, 80)]))
    pages = _pages(path)
    assert [page.image.shape for page in pages] == [(100, 100), (80, 120)]
    assert all(page.image.min() == 255 for page in pages)


def test_pixel_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    _page().save(path)
    with pytest.raises(PageTooLargeError, match=r"page 1 is 827x1169 pixels, more than the limit of 500 000 pixels"):
        _pages(path, max_pixels=500_000)
    assert _one(path, max_pixels=827 * 1169).image.shape[:2] == (1169, 827)


def test_too_many_pages(tmp_path: Path) -> None:
    path = tmp_path / "book.tif"
    _save_tiff_pages(path, [(_page(300, 420), "tiff_lzw", 100)] * 3)
    assert len(_pages(path)) == 3
    with pytest.raises(TooManyPagesError) as caught:
        _pages(path, max_pages=2)
    assert caught.value.reason == f"{path} has 3 pages, more than the limit of 2"


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    _page().save(path)
    size = path.stat().st_size
    with pytest.raises(FileTooLargeError, match=r"MB, more than the limit of 0.001 MB"):
        _pages(path, max_file_bytes=1000)
    assert size > 1000


# --- damaged and mislabelled files ---------------------------------------------------------------------------


def _noise(width: int = 827, height: int = 1169) -> Image.Image:
    return Image.fromarray(np.random.default_rng(0).integers(0, 256, (height, width, 3), dtype=np.uint8))


@pytest.mark.parametrize(
    ("suffix", "save"),
    [
        ("jpg", lambda image, path: image.save(path, "JPEG", quality=90)),
        ("png", lambda image, path: image.save(path, "PNG")),
        ("tif", lambda image, path: image.save(path, "TIFF")),
        ("lzw.tif", lambda image, path: image.save(path, "TIFF", compression="tiff_lzw")),
        ("g4.tif", lambda image, path: image.convert("1").save(path, "TIFF", compression="group4")),
    ],
)
@pytest.mark.parametrize("keep", [0.5, 0.98])
@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")  # Pillow, reading a cut TIFF's last IFD
def test_truncated_files_are_errors(tmp_path: Path, suffix: str, save: object, keep: float) -> None:
    whole = tmp_path / f"whole.{suffix}"
    save(_noise(), whole)  # type: ignore[operator]
    assert _one(whole).image.shape[:2] == (1169, 827)
    data = whole.read_bytes()
    cut = tmp_path / f"cut.{suffix}"
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(CorruptFileError) as caught:
        _pages(cut)
    assert caught.value.reason.startswith(f"{cut} is truncated or corrupt")
    assert "\n" not in caught.value.reason
    assert isinstance(caught.value, InputError)


def test_truncated_jpeg_is_an_error_not_half_a_page(tmp_path: Path) -> None:
    path = tmp_path / "cut.jpg"
    _noise().save(path, "JPEG", quality=90)
    path.write_bytes(path.read_bytes()[:-2000])  # Pillow could decode most of it, grey below
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    with pytest.raises(CorruptFileError, match=r"is truncated or corrupt: image file is truncated"):
        _pages(path)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_truncated_jpeg_is_refused_even_if_someone_set_load_truncated_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cut.jpg"
    _noise().save(path, "JPEG", quality=90)
    path.write_bytes(path.read_bytes()[:-2000])
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(RasterError, match="LOAD_TRUNCATED_IMAGES"):
        _pages(path)


def test_media_type_that_does_not_match_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    _page().save(path, "JPEG")
    with pytest.raises(CorruptFileError, match=r"is truncated or corrupt: not a PNG file"):
        list(rasterize(path, PNG))
    assert _one(path).image.shape[:2] == (1169, 827)  # with the type from its bytes, it reads


def test_unsupported_media_type(tmp_path: Path) -> None:
    path = tmp_path / "page.gif"
    _page().save(path, "GIF")
    with pytest.raises(UnsupportedImageError, match=r"cannot rasterise media type 'image/gif'"):
        list(rasterize(path, "image/gif"))


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(RasterError, match=r"cannot open .*nowhere.jpg") as caught:
        list(rasterize(tmp_path / "nowhere.jpg", JPEG))
    assert caught.value.exit_code == ExitCode.INPUT


def test_rasterize_is_lazy(tmp_path: Path) -> None:
    pages = rasterize(tmp_path / "nowhere.jpg", JPEG)  # nothing happens yet ...
    with pytest.raises(RasterError):
        next(pages)  # ... until the first page is asked for
