"""Fonts for the scan generator: which ones can print Vietnamese, and a fast glyph cache to draw with them.

A font is only used for a text when its cmap holds every character of that text: Debian's fonts-liberation v1, for
one, has no Vietnamese letters, and FreeType would silently draw empty boxes (tofu) in their place, which would make
the ground truth lie about the page. `missing_chars` is that check; `FontFamily.covers` applies it to every style of a
family, and the renderer falls back to another family for any text the chosen one cannot print.

Text is drawn glyph by glyph from a per-(font, size) cache of rendered glyph masks (`GlyphFont`): Pillow's own
`ImageDraw.text` re-rasterises every string, which costs 15 ms a line with Noto at 300 dpi. Kerning is not applied,
which no reader (or OCR engine) notices on a form.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from pipeline.normalize.text import TONE_SPLIT

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype/liberation"),  # v1: no Vietnamese, refused by the cmap check if present
)

# Every letter of the Vietnamese alphabet in both cases, with its tones: a family must cover all of them.
_BASE_LETTERS = "abcdefghijklmnopqrstuvwxyzăâđêôơư"
VIETNAMESE_LETTERS: str = "".join(
    sorted(set(_BASE_LETTERS) | set(_BASE_LETTERS.upper()) | set(TONE_SPLIT) | {c.upper() for c in TONE_SPLIT})
)
# Other characters the documents print: digits, punctuation, the m² of land areas.
DOCUMENT_SYMBOLS = "0123456789 .,:;/-()'\"²*%"
REQUIRED_CHARS = VIETNAMESE_LETTERS + DOCUMENT_SYMBOLS


@dataclass(frozen=True, slots=True)
class FontFamily:
    """One typeface in the styles the documents use; `name` is what the ground truth records."""

    name: str
    kind: str  # "serif" or "sans"
    regular: Path
    bold: Path
    italic: Path

    def path(self, style: str) -> Path:
        return {"regular": self.regular, "bold": self.bold, "italic": self.italic}[style]

    def covers(self, text: str) -> bool:
        """True when all three styles can print every character of `text`."""
        return _family_covers(self, text)


# name, kind, regular, bold, italic (file names, looked up in FONT_DIRS)
_CANDIDATES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "LiberationSerif",
        "serif",
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
    ),
    ("LiberationSans", "sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"),
    ("DejaVuSerif", "serif", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    ("DejaVuSans", "sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    (
        "DejaVuSerifCondensed",
        "serif",
        "DejaVuSerifCondensed.ttf",
        "DejaVuSerifCondensed-Bold.ttf",
        "DejaVuSerifCondensed-Italic.ttf",
    ),
    ("NotoSerif", "serif", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf"),
    ("NotoSans", "sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"),
    # Monospaced faces, for typed-in values only: Liberation Mono v2 looks like a typewriter; DejaVu Sans Mono has no
    # Vietnamese letters and is refused by the cmap check.
    ("LiberationMono", "mono", "LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf", "LiberationMono-Italic.ttf"),
    ("DejaVuSansMono", "mono", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSansMono-Oblique.ttf"),
)


@lru_cache(maxsize=256)
def font_cmap(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs (its best Unicode cmap subtable)."""
    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        cmap = font.getBestCmap() or {}
        return frozenset(cmap)
    finally:
        font.close()


def missing_chars(path: Path | str, text: str) -> set[str]:
    """The characters of `text` (NFC, whitespace ignored) that the font at `path` has no glyph for."""
    cmap = font_cmap(Path(path))
    return {ch for ch in unicodedata.normalize("NFC", text) if not ch.isspace() and ord(ch) not in cmap}


@lru_cache(maxsize=4096)
def _family_covers(family: FontFamily, text: str) -> bool:
    return all(not missing_chars(p, text) for p in (family.regular, family.bold, family.italic))


def covers(path: Path | str, text: str) -> bool:
    """True when the font at `path` can print every character of `text`."""
    return not missing_chars(path, text)


def _find(name: str, dirs: Sequence[Path]) -> Path | None:
    for folder in dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=8)
def _discover(dirs: tuple[Path, ...]) -> tuple[FontFamily, ...]:
    families: list[FontFamily] = []
    for name, kind, regular, bold, italic in _CANDIDATES:
        paths = [_find(f, dirs) for f in (regular, bold, italic)]
        if any(p is None for p in paths):
            continue
        family = FontFamily(name, kind, *paths)  # type: ignore[arg-type]
        if family.covers(REQUIRED_CHARS):
            families.append(family)
    return tuple(families)


def discover_families(dirs: Iterable[Path] | None = None) -> tuple[FontFamily, ...]:
    """The installed families that print all of Vietnamese (in every style), in a fixed order.

    Families whose files are missing, or whose cmap lacks any Vietnamese letter (DejaVu Sans Mono, Liberation v1),
    are left out. Raises RuntimeError when fewer than three serif or sans families remain: the generator promises
    typeface variety.
    """
    families = _discover(tuple(dirs) if dirs is not None else FONT_DIRS)
    if sum(f.kind in ("serif", "sans") for f in families) < 3:
        found = ", ".join(f.name for f in families) or "none"
        raise RuntimeError(
            f"the scan generator needs at least 3 fonts with full Vietnamese coverage, found {found}: install "
            "fonts-dejavu-core, fonts-liberation2 and fonts-noto-core"
        )
    return families


def family_for(text: str, preferred: FontFamily, families: Sequence[FontFamily]) -> FontFamily:
    """`preferred` when it can print `text`, else the first family that can (the fallback)."""
    if preferred.covers(text):
        return preferred
    for family in families:
        if family.covers(text):
            return family
    raise ValueError(f"no installed font can print the characters {sorted(missing_chars(preferred.regular, text))}")


# --- drawing -------------------------------------------------------------------------------------------------------


class GlyphFont:
    """A font at one pixel size with a cache of its rendered glyphs; draws text onto an image quickly."""

    def __init__(self, path: Path, size_px: int) -> None:
        self.path = path
        self.size_px = size_px
        self.font = ImageFont.truetype(str(path), size_px, layout_engine=ImageFont.Layout.BASIC)
        self.ascent, self.descent = self.font.getmetrics()
        self._glyphs: dict[str, tuple[Image.Image | None, int, int, float]] = {}
        self._cmap = font_cmap(path)

    def _glyph(self, ch: str) -> tuple[Image.Image | None, int, int, float]:
        glyph = self._glyphs.get(ch)
        if glyph is None:
            if not ch.isspace() and ord(ch) not in self._cmap:
                raise ValueError(f"{self.path.name} has no glyph for {ch!r}")
            left, top, right, bottom = self.font.getbbox(ch, anchor="ls")
            mask: Image.Image | None = None
            if right > left and bottom > top:
                mask = Image.new("L", (right - left, bottom - top), 0)
                ImageDraw.Draw(mask).text((-left, -top), ch, font=self.font, fill=255, anchor="ls")
            glyph = self._glyphs[ch] = (mask, left, top, self.font.getlength(ch))
        return glyph

    def width(self, text: str) -> float:
        return sum(self._glyph(ch)[3] for ch in text)

    def draw(self, image: Image.Image, x: float, baseline: float, text: str, fill: tuple[int, ...] | int) -> float:
        """Draw `text` with its baseline at `baseline`; returns the x after the last glyph."""
        for ch in text:
            mask, left, top, advance = self._glyph(ch)
            if mask is not None:
                image.paste(fill, (round(x) + left, round(baseline) + top), mask)
            x += advance
        return x


@lru_cache(maxsize=128)
def glyph_font(path: Path, size_px: int) -> GlyphFont:
    return GlyphFont(path, size_px)
