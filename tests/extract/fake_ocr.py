"""Pages of OCR words laid out like Tesseract reports them, for unit tests that need no image.

Each text line becomes words with boxes: 24 px per character, lines 80 px apart, columns by x offset. Coordinates
are arbitrary on purpose: extraction must work from the words' relative positions only.
"""

from __future__ import annotations

from pipeline.ocr.model import Box, PageOCR, Word

CHAR = 24
HEIGHT = 44


def line_words(text: str, x: int, y: int, conf: float = 95.0, line_no: int = 0) -> list[Word]:
    words = []
    position = x
    for index, token in enumerate(text.split()):
        width = CHAR * len(token)
        words.append(Word(token, conf, Box(position, y, width, HEIGHT), 1, 1, line_no, index + 1))
        position += width + CHAR
    return words


def page(
    rows: list[str | tuple[int, str] | list[tuple[int, str]]], *, top: int = 200, pitch: int = 80, conf: float = 95.0
) -> PageOCR:
    """rows: a text (at x=200), an (x, text) pair, or a list of (x, text) pairs printed on one line."""
    words: list[Word] = []
    for number, row in enumerate(rows):
        y = top + number * pitch
        items = row if isinstance(row, list) else [row if isinstance(row, tuple) else (200, row)]
        for x, text in items:
            words += line_words(text, x, y, conf, number + 1)
    return PageOCR(page_no=1, width=2480, height=3508, dpi=300, words=tuple(words))
