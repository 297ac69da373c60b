"""A letter read before a capital I where the page prints none is dropped; a printed one never."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ocr.model import Word
from pipeline.ocr.phantom import NOTE, drop_phantoms, without_phantom
from tests.ocr.pages import render_lines

FONTS = [
    path
    for path in (
        Path("/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf"),
        Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
        Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    )
    if path.exists()
]
# as printed, and as Tesseract read them (clean, sets 12100 and 12200: "INH" read "TINH" at 43, "Inh" "lInh" at 37)
PHANTOMS = {"INH": "TINH", "Inh": "lInh", "IA": "TIA", "Inh,": "lInh,"}
# printed with the letter before the I: never dropped
PRINTED = ["TINH", "TIÊN", "TIẾN", "TIA"]


@pytest.mark.parametrize("font", FONTS, ids=[path.stem for path in FONTS])
@pytest.mark.parametrize("dpi", [240, 300])
def test_a_phantom_letter_before_a_capital_i_is_dropped(font: Path, dpi: int) -> None:
    page = render_lines([" ".join(PHANTOMS), " ".join(PRINTED)], dpi=dpi, font_path=str(font))
    for printed, box in page.words:
        if printed in PRINTED:
            assert without_phantom(page.image, Word(printed, 90.0, box)) is None, printed
            continue
        read = PHANTOMS[printed]
        expected = None if not read.isalpha() else printed  # a reading with punctuation is not judged
        assert without_phantom(page.image, Word(read, 40.0, box)) == expected, (printed, read)


def test_the_page_words_keep_their_places_and_get_a_note() -> None:
    page = render_lines(["Hà Ngọc Inh"], dpi=300, font_path=str(FONTS[1]))
    words = [Word("lInh" if text == "Inh" else text, 90.0, box) for text, box in page.words]
    out, dropped = drop_phantoms(page.image, words)
    assert dropped == 1
    assert [w.text for w in out] == ["Hà", "Ngọc", "Inh"]
    assert out[2].note == NOTE and out[2].box == words[2].box
    assert out[:2] == words[:2]
