"""PDFs to pages with real poppler: scans taken out as they are, everything else rendered at 300 dpi as PPM.

A fake `pdftoppm` (a shell script in a directory passed as `poppler_path`) records its arguments and runs the real
one, or fails on purpose; a test can thereby tell whether, and how, a page was rendered.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from pipeline.errors import ExitCode, MissingDependencyError
from pipeline.intake import PDF
from pipeline.raster import (
    CorruptFileError,
    EncryptedPdfError,
    NoPagesError,
    PageImage,
    PageTooLargeError,
    PopplerError,
    PopplerTimeoutError,
    RasterLimits,
    TooManyPagesError,
    rasterize,
)
from pipeline.raster import poppler as poppler_module
from tests.raster.pdfmaker import Page, XImage, build_pdf, flate_image, text_page

REAL_PDFTOPPM = shutil.which("pdftoppm")
A4_300 = (3508, 2480)
RED_BGR = (0, 0, 200)


def _fake_poppler(directory: Path, body: str) -> Path:
    """A directory holding a `pdftoppm` shell script with the given body."""
    directory.mkdir(exist_ok=True)
    script = directory / "pdftoppm"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return directory


@pytest.fixture
def recording_poppler(tmp_path: Path) -> tuple[Path, Path]:
    """(bin dir, log file): a pdftoppm that appends its arguments to the log, then runs the real one."""
    assert REAL_PDFTOPPM, "poppler-utils must be installed"
    log = tmp_path / "pdftoppm.log"
    log.touch()
    bin_dir = _fake_poppler(tmp_path / "bin", f'printf "%s\\n" "$*" >> "{log}"\nexec "{REAL_PDFTOPPM}" "$@"')
    return bin_dir, log


@pytest.fixture
def failing_poppler(tmp_path: Path) -> Path:
    """A pdftoppm that always fails: pages that come out anyway did not need it."""
    return _fake_poppler(tmp_path / "failbin", 'echo "pdftoppm must not be called" >&2\nexit 99')


def _calls(log: Path) -> list[list[str]]:
    return [line.split() for line in log.read_text().splitlines()]


def _pages(path: Path, **kwargs: object) -> list[PageImage]:
    limits = kwargs.pop("limits", RasterLimits())
    return list(rasterize(path, PDF, limits=limits, **kwargs))  # type: ignore[arg-type]


def _scan_page(width: int = 2480, height: int = 3508) -> Image.Image:
    """An RGB scan: text-like bars and a red stamp at the top left."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for y in range(height // 3, height - 200, 90):
        draw.rectangle([200, y, width - 200, y + 30], fill="black")
    draw.rectangle([200, 200, 800, 600], fill=(200, 0, 0))
    return image


def _pillow_scan_pdf(path: Path, resolution: float, pages: list[Image.Image]) -> None:
    pages[0].save(path, "PDF", resolution=resolution, save_all=True, append_images=pages[1:])


# --- scanned PDFs: the embedded image, no rendering ----------------------------------------------------------


def test_scan_pdf_pages_are_taken_out_without_pdftoppm(tmp_path: Path, failing_poppler: Path) -> None:
    colour = _scan_page()
    gray = colour.convert("L")
    bilevel = gray.point(lambda v: 255 if v > 128 else 0).convert("1")  # CCITT G4 inside the PDF
    path = tmp_path / "scan.pdf"
    _pillow_scan_pdf(path, 300, [bilevel, gray, colour])

    pages = _pages(path, poppler_path=failing_poppler)

    assert [(p.page_no, p.dpi, p.dpi_source) for p in pages] == [(i, 300, "pdf-embedded") for i in (1, 2, 3)]
    assert pages[0].image.shape == A4_300
    assert np.array_equal(pages[0].image, np.asarray(bilevel.convert("L")))  # lossless: exactly the scan
    assert pages[1].image.shape == A4_300
    assert np.abs(pages[1].image.astype(int) - np.asarray(gray)).mean() < 1  # JPEG inside: nearly the scan
    assert pages[2].image.shape == (*A4_300, 3)
    blue, green, red = (int(v) for v in pages[2].image[400, 500])
    assert red > 180 and green < 30 and blue < 30  # the red stamp, in BGR order


def test_scan_pdf_at_200_dpi(tmp_path: Path, failing_poppler: Path) -> None:
    path = tmp_path / "scan200.pdf"
    _pillow_scan_pdf(path, 200, [_scan_page(1654, 2339).convert("L")])
    [page] = _pages(path, poppler_path=failing_poppler)
    assert (page.dpi, page.dpi_source, page.image.shape) == (200, "pdf-embedded", (2339, 1654))


def test_scan_pdf_with_a_page_size_in_pixels_is_estimated(tmp_path: Path, failing_poppler: Path) -> None:
    # Some converters make the page as many points as the image has pixels: 2480 pt wide is 34 inches, 72 dpi.
    path = tmp_path / "pixels-as-points.pdf"
    _pillow_scan_pdf(path, 72, [_scan_page().convert("L")])
    [page] = _pages(path, poppler_path=failing_poppler)
    assert (page.dpi, page.dpi_source) == (300, "estimated")


def test_flate_scan_with_invisible_ocr_text_is_taken_out(tmp_path: Path, failing_poppler: Path) -> None:
    pixels = np.asarray(_scan_page(850, 1100))  # 100 dpi on a US-letter page
    page = Page(
        content=b"q 612 0 0 792 0 0 cm /Im0 Do Q\nBT 3 Tr /F1 12 Tf 72 700 Td (Nguyen Van A) Tj ET",
        width=612,
        height=792,
        images={"Im0": flate_image(pixels)},
        font=True,
    )
    path = tmp_path / "ocr-layer.pdf"
    path.write_bytes(build_pdf([page]))
    [result] = _pages(path, poppler_path=failing_poppler)
    assert (result.dpi, result.dpi_source) == (100, "pdf-embedded")
    assert np.array_equal(result.image, pixels[:, :, ::-1])  # Flate is lossless: the very pixels, BGR


def test_visible_text_over_a_scan_is_rendered(tmp_path: Path, recording_poppler: tuple[Path, Path]) -> None:
    bin_dir, log = recording_poppler
    page = Page(
        content=b"q 612 0 0 792 0 0 cm /Im0 Do Q\nBT /F1 12 Tf 72 700 Td (Nguyen Van A) Tj ET",
        width=612,
        height=792,
        images={"Im0": flate_image(np.full((1100, 850), 255, dtype=np.uint8))},
        font=True,
    )
    path = tmp_path / "annotated-scan.pdf"
    path.write_bytes(build_pdf([page]))
    [result] = _pages(path, poppler_path=bin_dir)
    assert result.dpi_source == "rendered"
    assert len(_calls(log)) == 1
    assert (result.image < 128).any()  # the typed text is on the page


def test_two_images_on_a_page_are_rendered(tmp_path: Path, recording_poppler: tuple[Path, Path]) -> None:
    bin_dir, log = recording_poppler
    half = flate_image(np.full((550, 850), 200, dtype=np.uint8))
    page = Page(
        content=b"q 612 0 0 396 0 396 cm /A Do Q q 612 0 0 396 0 0 cm /B Do Q",
        width=612,
        height=792,
        images={"A": half, "B": half},
    )
    path = tmp_path / "collage.pdf"
    path.write_bytes(build_pdf([page]))
    [result] = _pages(path, poppler_path=bin_dir)
    assert (result.dpi, result.dpi_source, result.image.shape) == (300, "rendered", (3300, 2550))
    assert len(_calls(log)) == 1


def test_masked_scan_is_rendered_at_its_own_resolution(tmp_path: Path, recording_poppler: tuple[Path, Path]) -> None:
    bin_dir, log = recording_poppler
    image = flate_image(np.zeros((1100, 850), dtype=np.uint8))
    mask = flate_image(np.zeros((1100, 850), dtype=np.uint8))  # fully transparent: white paper
    image.entries["/SMask"] = "6 0 R"  # objects: catalog, pages, font, content, Im0, then the mask
    page = Page(content=b"q 612 0 0 792 0 0 cm /Im0 Do Q", width=612, height=792, images={"Im0": image, "M": mask})
    path = tmp_path / "masked.pdf"
    path.write_bytes(build_pdf([page]))
    reader = PdfReader(path)
    assert reader.pages[0]["/Resources"]["/XObject"]["/Im0"]["/SMask"].get_object()["/Width"] == 850
    [result] = _pages(path, poppler_path=bin_dir)
    assert (result.dpi, result.dpi_source, result.image.shape) == (100, "rendered", (1100, 850))
    assert _calls(log)[0][:2] == ["-r", "100"]
    assert result.image.min() == 255  # poppler applied the mask


def test_scan_too_big_for_pypdf_to_inflate_is_rendered_at_its_own_resolution(
    tmp_path: Path, recording_poppler: tuple[Path, Path]
) -> None:
    # pypdf inflates at most 75 MB per stream; a 600-dpi colour scan is more. poppler draws it instead.
    bin_dir, log = recording_poppler
    pixels = np.full((5000, 5100, 3), 255, dtype=np.uint8)  # 76.5 MB of RGB
    pixels[100:400, 100:600] = (200, 0, 0)
    width_pt, height_pt = 5100 * 72 / 600, 5000 * 72 / 600
    page = Page(
        content=f"q {width_pt} 0 0 {height_pt} 0 0 cm /Im0 Do Q".encode(),
        width=width_pt,
        height=height_pt,
        images={"Im0": flate_image(pixels)},
    )
    path = tmp_path / "deep-scan.pdf"
    path.write_bytes(build_pdf([page]))
    del pixels
    [result] = _pages(path, poppler_path=bin_dir)
    assert (result.dpi, result.dpi_source, result.image.shape) == (600, "rendered", (5000, 5100, 3))
    assert tuple(result.image[200, 300]) == RED_BGR
    assert _calls(log)[0][:2] == ["-r", "600"]


@pytest.mark.parametrize(
    ("annotation", "source"),
    [
        ("/Subtype /Square /Rect [100 100 300 200] /C [1 0 0]", "rendered"),  # a drawn mark shows: render
        ("/Subtype /Link /Rect [100 100 300 200]", "pdf-embedded"),  # links show nothing
        ("/Subtype /Widget /FT /Sig /Rect [0 0 0 0]", "pdf-embedded"),  # an invisible signature field
        ("/Subtype /Square /Rect [100 100 300 200] /F 2", "pdf-embedded"),  # hidden
    ],
)
def test_annotations_on_a_scan(tmp_path: Path, annotation: str, source: str) -> None:
    page = Page(
        content=b"q 612 0 0 792 0 0 cm /Im0 Do Q",
        width=612,
        height=792,
        images={"Im0": flate_image(np.full((1100, 850), 255, dtype=np.uint8))},
        extra=f"/Annots [<< /Type /Annot {annotation} >>] ",
    )
    path = tmp_path / "annotated.pdf"
    path.write_bytes(build_pdf([page]))
    [result] = _pages(path)
    assert result.dpi_source == source


PLACEMENTS = {
    # name: (cm matrix for a W x H point image area, page width, page height)
    "upright": ("{w} 0 0 {h} 0 0", "{w}", "{h}"),
    "upside-down": ("-{w} 0 0 -{h} {w} {h}", "{w}", "{h}"),
    "mirrored": ("-{w} 0 0 {h} {w} 0", "{w}", "{h}"),
    "turned-left": ("0 {w} -{h} 0 {h} 0", "{h}", "{w}"),
    "turned-right": ("0 -{w} {h} 0 0 {w}", "{h}", "{w}"),
}


@pytest.mark.parametrize("placement", sorted(PLACEMENTS))
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("colour", [True, False], ids=["rgb", "gray"])
def test_scan_comes_out_as_poppler_displays_it(tmp_path: Path, placement: str, rotate: int, colour: bool) -> None:
    rng = np.random.default_rng(rotate)
    pixels = np.full((280, 200, 3), 255, dtype=np.uint8)
    pixels[20:80, 20:120] = (200, 0, 0)  # a red block near the top left of the scan
    blocks = rng.integers(0, 256, (11, 8, 3), dtype=np.uint8)  # a coarse pattern: tells every turn apart
    pixels[150:260, 100:180] = np.repeat(np.repeat(blocks, 10, axis=0), 10, axis=1)
    if not colour:
        pixels = pixels[:, :, 1].copy()
    w, h = 200 * 72 / 100, 280 * 72 / 100  # 100 dpi on a small page: fast
    matrix, page_w, page_h = (part.format(w=w, h=h) for part in PLACEMENTS[placement])
    page = Page(
        content=f"q {matrix} cm /Im0 Do Q".encode(),
        width=float(page_w),
        height=float(page_h),
        images={"Im0": flate_image(pixels)},
        rotate=rotate,
    )
    path = tmp_path / "placed.pdf"
    path.write_bytes(build_pdf([page]))

    [result] = _pages(path)
    displayed = poppler_module.render_page(path, 1, dpi=100)

    assert (result.dpi, result.dpi_source) == (100, "pdf-embedded")
    if not colour:
        displayed = displayed[:, :, 0]
    assert result.image.shape == displayed.shape
    # poppler samples block edges a pixel apart from the stored image (a mean of about 2.5); a wrong turn or
    # flip costs more than 40.
    assert np.abs(result.image.astype(int) - displayed.astype(int)).mean() < 6


# --- pages with text: rendered by pdftoppm at 300 dpi, as PPM -----------------------------------------------


def test_text_pdf_is_rendered_at_300_dpi_as_ppm(tmp_path: Path, recording_poppler: tuple[Path, Path]) -> None:
    bin_dir, log = recording_poppler
    path = tmp_path / "typed.pdf"
    path.write_bytes(build_pdf([text_page(["GIAY KHAI SINH", "Ho va ten: Nguyen Van A", "Ngay sinh: 15/03/1990"])]))

    [page] = _pages(path, poppler_path=bin_dir)

    assert (page.page_no, page.dpi, page.dpi_source) == (1, 300, "rendered")
    assert page.image.dtype == np.uint8
    assert abs(page.image.shape[0] - 3508) <= 1 and abs(page.image.shape[1] - 2480) <= 1
    assert page.image.ndim == 2  # black text on white: no colour, so gray
    assert (page.image < 100).sum() > 2000  # the text is there
    [argv] = _calls(log)
    assert argv[:6] == ["-r", "300", "-f", "1", "-l", "1"]
    assert not {"-png", "-jpeg", "-tiff", "-jpegopt", "-tiffcompression"} & set(argv)  # PPM, pdftoppm's default
    assert argv[-1] == str(path)  # no output root: the image comes through stdout


def test_noisy_page_is_rendered_through_ppm(tmp_path: Path, recording_poppler: tuple[Path, Path]) -> None:
    # The case where PNG costs seconds: a noisy 300-dpi page. Only the arguments are checked, never the time.
    bin_dir, log = recording_poppler
    noise = np.random.default_rng(3).integers(0, 256, (1100, 850), dtype=np.uint8)
    page = text_page(["noise under text"], width=612, height=792)
    page.content = b"q 612 0 0 792 0 0 cm /N Do Q\n" + page.content
    page.images = {"N": flate_image(noise)}
    path = tmp_path / "noisy.pdf"
    path.write_bytes(build_pdf([page]))
    [result] = _pages(path, poppler_path=bin_dir)
    assert (result.dpi, result.dpi_source, result.image.shape) == (300, "rendered", (3300, 2550))
    [argv] = _calls(log)
    assert "-png" not in argv and "-r" in argv and argv[argv.index("-r") + 1] == "300"
    assert poppler_module.render_args(path, 1, 300) == argv


def test_render_keeps_colour(tmp_path: Path) -> None:
    page = text_page(["stamp"])
    page.content += b"\n1 0 0 rg 100 600 150 100 re f"  # a red rectangle: a stamp
    path = tmp_path / "stamped.pdf"
    path.write_bytes(build_pdf([page]))
    [result] = _pages(path)
    assert result.image.ndim == 3
    y, x = int((841.89 - 650) * 300 / 72), int(175 * 300 / 72)
    assert tuple(result.image[y, x]) == (0, 0, 255)


def test_pages_are_rendered_one_at_a_time(tmp_path: Path, recording_poppler: tuple[Path, Path]) -> None:
    bin_dir, log = recording_poppler
    path = tmp_path / "three.pdf"
    path.write_bytes(build_pdf([text_page([f"Trang {n}"]) for n in (1, 2, 3)]))
    pages = rasterize(path, PDF, poppler_path=bin_dir)
    assert _calls(log) == []  # a generator: nothing before the first page is asked for
    first = next(pages)
    assert first.page_no == 1 and len(_calls(log)) == 1
    rest = list(pages)
    assert [p.page_no for p in rest] == [2, 3]
    assert [(argv[3], argv[5]) for argv in _calls(log)] == [("1", "1"), ("2", "2"), ("3", "3")]


def test_mixed_pdf_renders_only_the_pages_that_need_it(tmp_path: Path, recording_poppler: tuple[Path, Path]) -> None:
    bin_dir, log = recording_poppler
    scan = Page(
        content=b"q 612 0 0 792 0 0 cm /Im0 Do Q",
        width=612,
        height=792,
        images={"Im0": flate_image(np.full((1100, 850), 255, dtype=np.uint8))},
    )
    path = tmp_path / "mixed.pdf"
    path.write_bytes(build_pdf([scan, text_page(["typed cover sheet"]), scan]))
    pages = _pages(path, poppler_path=bin_dir)
    assert [p.dpi_source for p in pages] == ["pdf-embedded", "rendered", "pdf-embedded"]
    assert [argv[3] for argv in _calls(log)] == ["2"]


# --- encryption ----------------------------------------------------------------------------------------------


def _encrypted_copy(source: Path, target: Path, user_password: str, algorithm: str) -> None:
    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm=algorithm)
    writer.write(target)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_with_a_password_is_refused(tmp_path: Path, algorithm: str) -> None:
    plain = tmp_path / "plain.pdf"
    _pillow_scan_pdf(plain, 300, [_scan_page(850, 1100).convert("L")])
    locked = tmp_path / "locked.pdf"
    _encrypted_copy(plain, locked, "mat-khau", algorithm)
    with pytest.raises(EncryptedPdfError) as caught:
        _pages(locked)
    assert caught.value.reason == f"{locked} is encrypted: it needs a password to open"
    assert caught.value.exit_code == ExitCode.INPUT


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_encrypted_only_for_permissions_opens(tmp_path: Path, algorithm: str) -> None:
    plain = tmp_path / "plain.pdf"
    _pillow_scan_pdf(plain, 300, [_scan_page(850, 1100).convert("L")])
    restricted = tmp_path / "restricted.pdf"
    _encrypted_copy(plain, restricted, "", algorithm)
    assert PdfReader(restricted).is_encrypted
    [page] = _pages(restricted)
    assert (page.dpi, page.dpi_source, page.image.shape) == (300, "pdf-embedded", (1100, 850))


def test_text_pdf_encrypted_only_for_permissions_is_rendered(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(build_pdf([text_page(["Ho va ten"])]))
    restricted = tmp_path / "restricted.pdf"
    _encrypted_copy(plain, restricted, "", "AES-128")
    [page] = _pages(restricted)
    assert page.dpi_source == "rendered" and (page.image < 100).any()


# --- damaged PDFs and limits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.5, 0.9])
@pytest.mark.parametrize("kind", ["scan", "text"])
def test_truncated_pdf(tmp_path: Path, kind: str, keep: float) -> None:
    whole = tmp_path / "whole.pdf"
    if kind == "scan":
        _pillow_scan_pdf(whole, 300, [_scan_page(850, 1100), _scan_page(850, 1100).convert("L")])
    else:
        whole.write_bytes(build_pdf([text_page(["Trang 1"]), text_page(["Trang 2"])]))
    assert len(_pages(whole)) == 2
    data = whole.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(CorruptFileError) as caught:
        _pages(cut)
    assert caught.value.reason.startswith(f"{cut} is truncated or corrupt: ")
    assert "\n" not in caught.value.reason


def test_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a PDF body at all\n" * 10)
    with pytest.raises(CorruptFileError, match="is truncated or corrupt: "):
        _pages(path)


def test_corrupt_jpeg_inside_a_pdf(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    _scan_page(850, 1100).save(buffer, "JPEG", quality=90)
    jpeg = buffer.getvalue()
    image = XImage(
        {
            "/Type": "/XObject",
            "/Subtype": "/Image",
            "/Width": "850",
            "/Height": "1100",
            "/ColorSpace": "/DeviceRGB",
            "/BitsPerComponent": "8",
            "/Filter": "/DCTDecode",
        },
        jpeg[: len(jpeg) // 2],
    )
    path = tmp_path / "bad-image.pdf"
    path.write_bytes(build_pdf([Page(b"q 612 0 0 792 0 0 cm /Im0 Do Q", 612, 792, {"Im0": image})]))
    with pytest.raises(CorruptFileError) as caught:
        _pages(path)
    assert caught.value.reason.startswith(f"{path} is truncated or corrupt (page 1): image file is truncated")
    assert caught.value.page_no == 1


def test_pdf_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(build_pdf([]))
    with pytest.raises(NoPagesError) as caught:
        _pages(path)
    assert caught.value.reason == f"{path} has no pages"


def test_too_many_pages_is_refused_before_rendering(tmp_path: Path, failing_poppler: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(build_pdf([text_page([f"Trang {n}"]) for n in range(1, 5)]))
    with pytest.raises(TooManyPagesError) as caught:
        _pages(path, limits=RasterLimits(max_pages=3), poppler_path=failing_poppler)
    assert caught.value.reason == f"{path} has 4 pages, more than the limit of 3"


def test_huge_page_is_refused_before_rendering(tmp_path: Path, failing_poppler: Path) -> None:
    path = tmp_path / "huge.pdf"
    huge = text_page(["ban do dia chinh"], width=7200, height=9600)  # 100 x 133 inches
    path.write_bytes(build_pdf([text_page(["Trang 1"]), text_page(["Trang 2"]), huge]))
    pages = rasterize(path, PDF, poppler_path=failing_poppler)
    with pytest.raises(PageTooLargeError) as caught:
        next(pages)  # page 3 is checked before page 1 is rendered (which would fail on the fake pdftoppm)
    assert caught.value.reason == (
        f"{path}: page 3 is 30000x40000 pixels at 300 dpi, more than the limit of 80 million"
    )
    assert caught.value.page_no == 3


def test_huge_embedded_image_is_refused_before_decoding(tmp_path: Path, failing_poppler: Path) -> None:
    image = flate_image(np.zeros((10, 10), dtype=np.uint8))
    image.entries["/Width"], image.entries["/Height"] = "100000", "100000"  # the dictionary lies; never decoded
    path = tmp_path / "bomb.pdf"
    path.write_bytes(build_pdf([Page(b"q 612 0 0 792 0 0 cm /Im0 Do Q", 612, 792, {"Im0": image})]))
    started = time.monotonic()
    with pytest.raises(PageTooLargeError, match=r"page 1 is 100000x100000 pixels, more than the limit of 80 million"):
        _pages(path, poppler_path=failing_poppler)
    assert time.monotonic() - started < 5


# --- pdftoppm missing, failing, hanging ------------------------------------------------------------------------


def test_missing_pdftoppm_in_poppler_path(tmp_path: Path) -> None:
    empty = tmp_path / "no-poppler"
    empty.mkdir()
    path = tmp_path / "typed.pdf"
    path.write_bytes(build_pdf([text_page(["Ho va ten"])]))
    with pytest.raises(MissingDependencyError) as caught:
        _pages(path, poppler_path=empty)
    assert caught.value.exit_code == ExitCode.MISSING_DEPENDENCY
    assert "pdftoppm is not installed" in caught.value.reason and "poppler-utils" in caught.value.reason


def test_missing_pdftoppm_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "typed.pdf"
    path.write_bytes(build_pdf([text_page(["Ho va ten"])]))
    scan = tmp_path / "scan.pdf"
    _pillow_scan_pdf(scan, 300, [_scan_page(850, 1100)])
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(MissingDependencyError, match=r"pdftoppm is not installed \(not found on PATH\)"):
        _pages(path)
    assert _pages(scan)[0].dpi_source == "pdf-embedded"  # scans do not need poppler at all


def test_pdftoppm_failure_names_its_first_stderr_line(tmp_path: Path) -> None:
    bin_dir = _fake_poppler(tmp_path / "bin", 'printf "Syntax Error: broken xref\\nmore\\n" >&2\nexit 1')
    path = tmp_path / "typed.pdf"
    path.write_bytes(build_pdf([text_page(["Ho va ten"])]))
    with pytest.raises(PopplerError) as caught:
        _pages(path, poppler_path=bin_dir)
    assert caught.value.reason == (
        f"{path}: page 1 cannot be rendered: pdftoppm exited with code 1: Syntax Error: broken xref"
    )
    assert caught.value.exit_code == ExitCode.INPUT
    assert (caught.value.page_no, caught.value.returncode) == (1, 1)


def test_pdftoppm_that_writes_no_image(tmp_path: Path) -> None:
    bin_dir = _fake_poppler(tmp_path / "bin", "echo hello")
    path = tmp_path / "typed.pdf"
    path.write_bytes(build_pdf([text_page(["Ho va ten"])]))
    with pytest.raises(PopplerError, match=r"page 1 cannot be rendered: pdftoppm wrote no image"):
        _pages(path, poppler_path=bin_dir)


@pytest.mark.timeout(30)
def test_pdftoppm_timeout(tmp_path: Path) -> None:
    bin_dir = _fake_poppler(tmp_path / "bin", "exec sleep 30")
    path = tmp_path / "typed.pdf"
    path.write_bytes(build_pdf([text_page(["Ho va ten"])]))
    started = time.monotonic()
    with pytest.raises(PopplerTimeoutError) as caught:
        _pages(path, limits=RasterLimits(timeout_s=0.5), poppler_path=bin_dir)
    assert time.monotonic() - started < 10
    assert (
        caught.value.reason
        == f"{path}: page 1 cannot be rendered: pdftoppm did not finish within 0.5 s and was stopped"
    )


def test_real_pdftoppm_error_on_a_page_poppler_cannot_open(tmp_path: Path) -> None:
    # Not through rasterize (pypdf refuses the file first): the wrapper alone, against the real program.
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    with pytest.raises(PopplerError) as caught:
        poppler_module.render_page(path, 1, dpi=72, timeout_s=30)
    assert caught.value.returncode not in (0, None)
    assert caught.value.reason.startswith(f"{path}: page 1 cannot be rendered: pdftoppm exited with code ")
