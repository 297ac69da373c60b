"""Fonts, layout, drawing and degradation: Vietnamese coverage, office variety, marks, scan qualities, OCR."""

from __future__ import annotations

import random
import shutil
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from fontTools import subset
from PIL import Image, ImageDraw
from sqlalchemy import Engine

from pipeline.synth.scans import labels as L
from pipeline.synth.scans.content import DocumentFactory
from pipeline.synth.scans.degrade import Degradation, degrade, plan_degradation
from pipeline.synth.scans.fonts import (
    VIETNAMESE_LETTERS,
    FontFamily,
    covers,
    discover_families,
    family_for,
    glyph_font,
    missing_chars,
)
from pipeline.synth.scans.people import Population
from pipeline.synth.scans.render import draw_page, layout_page, page_size, spec_text
from pipeline.synth.scans.style import choose_style

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture(scope="module")
def families() -> tuple[FontFamily, ...]:
    return discover_families()


@pytest.fixture(scope="module")
def factory(scan_engine: Engine) -> DocumentFactory:
    return DocumentFactory(Population(scan_engine))


@pytest.fixture(scope="module")
def ascii_fonts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DejaVu Sans cut down to ASCII, under the file names of the real family: a font without Vietnamese."""
    folder = tmp_path_factory.mktemp("ascii-fonts")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        options = subset.Options()
        font = subset.load_font(str(DEJAVU / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=range(0x20, 0x7F))
        subsetter.subset(font)
        subset.save_font(font, str(folder / name), options)
    return folder


def test_the_cmap_check_refuses_fonts_without_vietnamese(ascii_fonts: Path) -> None:
    assert covers(DEJAVU / "DejaVuSans.ttf", VIETNAMESE_LETTERS + "Nguyễn Thị Thủy ²")
    assert missing_chars(DEJAVU / "DejaVuSansMono.ttf", "Nguyễn Thị Thủy") == {"ễ", "ủ"}
    assert missing_chars(ascii_fonts / "DejaVuSans.ttf", "Đặng Văn An") == {"Đ", "ặ", "ă"}
    assert covers(ascii_fonts / "DejaVuSans.ttf", "Dang Van An 0123456789")
    # Decomposed input is checked in its composed form, the one the renderer draws.
    assert not missing_chars(DEJAVU / "DejaVuSans.ttf", unicodedata.normalize("NFD", "Nguyễn"))


def test_families_without_vietnamese_are_left_out_and_fallen_back_from(
    ascii_fonts: Path, families: tuple[FontFamily, ...]
) -> None:
    names = {f.name for f in families}
    assert "DejaVuSansMono" not in names  # installed, but has no Vietnamese
    assert len(names & {"LiberationSerif", "LiberationSans", "DejaVuSerif", "DejaVuSans", "NotoSerif"}) >= 3
    mixed = discover_families([ascii_fonts, *(p for p in (Path("/usr/share/fonts/truetype/liberation2"), DEJAVU))])
    assert "DejaVuSans" not in {f.name for f in mixed} and "LiberationSerif" in {f.name for f in mixed}
    with pytest.raises(RuntimeError, match="at least 3 fonts"):
        discover_families([ascii_fonts])
    broken = FontFamily(
        "AsciiSans",
        "sans",
        ascii_fonts / "DejaVuSans.ttf",
        ascii_fonts / "DejaVuSans-Bold.ttf",
        ascii_fonts / "DejaVuSans-Oblique.ttf",
    )
    assert not broken.covers("Nguyễn")
    assert family_for("Nguyen", broken, families) is broken
    assert family_for("Nguyễn", broken, families) is families[0]
    with pytest.raises(ValueError, match="no glyph"):
        glyph_font(broken.regular, 40).width("Nguyễn")


def test_a_style_with_a_font_lacking_glyphs_renders_through_the_fallback(
    ascii_fonts: Path, families: tuple[FontFamily, ...], factory: DocumentFactory
) -> None:
    broken = FontFamily(
        "AsciiSans",
        "sans",
        ascii_fonts / "DejaVuSans.ttf",
        ascii_fonts / "DejaVuSans-Bold.ttf",
        ascii_fonts / "DejaVuSans-Oblique.ttf",
    )
    rng = random.Random(1)
    doc = factory.build("death", rng, [])
    style = choose_style(rng, families, spec_text(doc.spec))
    with pytest.raises(ValueError):
        choose_style(rng, [broken], spec_text(doc.spec))
    layout, _ = layout_page(doc.spec, replace(style, family=broken, value_family=broken), 150, families, rng)
    assert layout.fallbacks  # every Vietnamese run was drawn with another family
    assert draw_page(layout, style, rng).size == page_size(150)


def test_styles_vary_like_real_offices(families: tuple[FontFamily, ...]) -> None:
    rng = random.Random(5)
    styles = [choose_style(rng, families, "Nguyễn Thị Thủy") for _ in range(300)]
    assert len({s.family.name for s in styles}) >= 5
    assert {s.family.kind for s in styles} == {"serif", "sans"}
    assert {s.layout for s in styles} == {"inline", "value_next_line"}
    assert {s.leaders for s in styles} == {"none", "dots", "dotted_line"}
    assert {s.header for s in styles} == {"split", "centered"}
    assert {s.value_style for s in styles} == {"regular", "bold", "italic"}
    assert any(s.value_family is not s.family for s in styles)
    assert all(11 <= s.size_pt <= 14 and s.title_pt > s.size_pt for s in styles)
    assert len({s.margins_mm for s in styles}) > 250 and len({s.line_spacing for s in styles}) > 20
    tinted = [choose_style(rng, families, "a", tinted=True).paper for _ in range(100)]
    assert {"cream", "grey"} <= set(tinted)


def test_capitals_and_date_styles_vary(factory: DocumentFactory) -> None:
    rng = random.Random(6)
    docs = [factory.build("land", rng, []) for _ in range(30)]
    upper = [d for d in docs if d and d.text_style["names_upper"]]
    lower = [d for d in docs if d and not d.text_style["names_upper"]]
    assert upper and lower
    for d in upper:
        assert d.printed["owner_name"] == d.printed["owner_name"].upper() != d.fields["owner_name"]


@pytest.mark.parametrize("dpi", [300, 200])
def test_dense_pages_fit_on_a4_at_the_target_resolution(
    dpi: int, families: tuple[FontFamily, ...], factory: DocumentFactory
) -> None:
    rng = random.Random(7)
    doc = factory.build("birth", rng, [])
    style = choose_style(rng, families, spec_text(doc.spec))
    big = replace(style, size_pt=14.0, line_spacing=1.6, layout="value_next_line", margins_mm=(30, 22, 20, 18))
    layout, used = layout_page(doc.spec, big, dpi, families, rng)
    width, height = page_size(dpi)
    assert (layout.width, layout.height) == (width, height) == (round(210 / 25.4 * dpi), round(297 / 25.4 * dpi))
    assert used.size_pt < 14.0  # tightened to fit
    assert layout.bottom <= height - used.margins_mm[3] * dpi / 25.4
    assert all(op.x >= 0 and op.x + op.font.width(op.text) <= width for op in layout.texts)
    keys = {op.key for op in layout.texts if op.key}
    assert keys == {"full_name", "date_of_birth", "sex", "place_of_birth", "personal_id", "mother_name",
                    "father_name", "registration_date", "register_number"}  # fmt: skip


def test_pages_carry_a_red_stamp_and_a_signature_over_the_text(
    families: tuple[FontFamily, ...], factory: DocumentFactory
) -> None:
    rng = random.Random(8)
    doc = factory.build("death", rng, [])
    style = replace(choose_style(rng, families, spec_text(doc.spec)), paper="white", paper_rgb=(255, 255, 255))
    layout, style = layout_page(doc.spec, style, 300, families, rng)
    (stamp,) = [m for m in layout.marks if m.kind == "stamp"]
    (scribble,) = [m for m in layout.marks if m.kind == "scribble"]
    cx, cy, radius, _ = stamp.box
    assert stamp.text.startswith(L.PEOPLES_COMMITTEE)
    # The stamp covers some of the signature block's text, as stamps do.
    assert any(abs(op.baseline - cy) < radius and abs(op.x - cx) < 3 * radius for op in layout.texts)
    page = np.asarray(draw_page(layout, style, rng)).astype(int)
    red = (page[..., 0] > 150) & (page[..., 1] < 120) & (page[..., 2] < 130)
    ys, xs = np.nonzero(red)
    assert red.sum() > 2000
    assert abs(xs.mean() - cx) < radius * 0.5 and abs(ys.mean() - cy) < radius * 0.5
    x0, y0, x1, y1 = (round(v) for v in scribble.box)
    region = page[y0:y1, x0:x1]
    ink = (region[..., 2] > region[..., 0] + 40) | (region.sum(axis=2) < 200)
    assert ink.sum() > 300


def test_degradation_parameters_per_quality() -> None:
    rng = random.Random(9)
    clean = [plan_degradation("clean", rng) for _ in range(200)]
    assert all(p.dpi == 300 and p.skew_deg == 0 and p.rotation == 0 and p.jpeg_quality is None for p in clean)
    assert {p.color_mode for p in clean} == {"bilevel", "grey", "color"}
    assert "bilevel" not in {plan_degradation("clean", rng, bilevel_ok=False).color_mode for _ in range(100)}
    scanned = [plan_degradation("scanned", rng) for _ in range(500)]
    assert all(p.dpi == 300 and abs(p.skew_deg) <= 2 and p.rotation == 0 for p in scanned)
    assert all(70 <= p.jpeg_quality <= 85 and p.noise_sigma > 0 and p.blur_sigma > 0 for p in scanned)
    assert max(abs(p.skew_deg) for p in scanned) > 1.8
    poor = [plan_degradation("poor", rng) for _ in range(1000)]
    assert all(p.dpi == 200 and abs(p.skew_deg) <= 4 and 35 <= p.jpeg_quality <= 55 for p in poor)
    assert all(p.illumination > 0 and p.speckles > 0 for p in poor)
    upside_down = sum(p.rotation == 180 for p in poor) / len(poor)
    assert 0.15 < upside_down < 0.25
    assert 0 < sum(p.rotation in (90, 270) for p in poor) < 120
    with pytest.raises(ValueError):
        plan_degradation("blurry", rng)


def test_rotation_is_the_clockwise_turn_that_makes_the_page_upright() -> None:
    page = Image.new("RGB", (200, 300), (255, 255, 255))
    ImageDraw.Draw(page).rectangle((10, 10, 60, 40), fill=(0, 0, 0))  # a mark at the top left
    for rotation in (90, 180, 270):
        plan = Degradation("poor", 200, rotation=rotation, color_mode="grey")
        turned = degrade(page, plan, 1)
        upright = turned.rotate(-rotation, expand=True)  # PIL turns counter-clockwise: minus is clockwise
        assert np.array_equal(np.asarray(upright), np.asarray(page.convert("L")))
        assert turned.size == ((300, 200) if rotation != 180 else (200, 300))


def test_skew_is_counter_clockwise_positive() -> None:
    page = Image.new("RGB", (1000, 1000), (255, 255, 255))
    ImageDraw.Draw(page).line((100, 500, 900, 500), fill=(0, 0, 0), width=5)
    skewed = np.asarray(degrade(page, Degradation("scanned", 300, skew_deg=3.0, color_mode="grey"), 1))
    left = np.nonzero(skewed[:, 150] < 128)[0].mean()
    right = np.nonzero(skewed[:, 850] < 128)[0].mean()
    assert right < left  # the right end went up: turned counter-clockwise as seen on screen
    assert (left - right) / 700 == pytest.approx(np.tan(np.radians(3.0)), rel=0.1)


def test_degradations_change_the_page_and_stay_fast(families: tuple[FontFamily, ...], factory: DocumentFactory) -> None:
    rng = random.Random(10)
    doc = factory.build("birth", rng, [])
    style = choose_style(rng, families, spec_text(doc.spec), tinted=True)
    layout_page(doc.spec, style, 300, families, rng)  # warm the glyph cache
    started = time.perf_counter()
    layout, style = layout_page(doc.spec, style, 300, families, rng)
    page = draw_page(layout, style, rng)
    plan = plan_degradation("scanned", rng)
    scanned = degrade(page, plan, 2)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, elapsed  # well under a second on an idle 2-core machine
    assert scanned.size == page.size
    assert scanned.mode == ("L" if plan.color_mode == "grey" else "RGB")
    assert np.asarray(scanned.convert("L")).std() != np.asarray(page.convert("L")).std()
    poor = degrade(page.resize(page_size(200)), plan_degradation("poor", random.Random(3)), 2)
    assert poor.size in (page_size(200), page_size(200)[::-1])


def test_tesseract_reads_a_clean_birth_certificate(
    families: tuple[FontFamily, ...], factory: DocumentFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (scripts/setup.sh installs it)")
    import pytesseract

    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")
    rng = random.Random(11)
    doc = factory.build("birth", rng, [])
    style = choose_style(rng, families, spec_text(doc.spec))
    layout, style = layout_page(doc.spec, style, 300, families, rng)
    page = draw_page(layout, style, rng)
    text = unicodedata.normalize("NFC", pytesseract.image_to_string(page, lang="vie"))
    assert L.BIRTH_TITLE in text
    assert doc.fields["personal_id"] in text.replace(" ", "")
