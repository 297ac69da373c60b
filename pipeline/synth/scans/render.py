"""Laying a document's blocks out on an A4 page and drawing it, at the target resolution directly.

Layout is a single pass down the page with a cursor: rows of label/value fields flow and wrap inside the current
column, the value either after its label or on the next line (indented), with optional dotted leaders. When the
content does not fit, the style is tightened (smaller type, closer lines, narrower margins) and laid out again.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from . import labels as L
from .blocks import (
    Block,
    Columns,
    Field,
    Header,
    Heading,
    PageSpec,
    PartySignatures,
    Row,
    Signature,
    Spacer,
    Text,
    Title,
)
from .fonts import FontFamily, GlyphFont, family_for, glyph_font
from .marks import draw_scribble, draw_stamp
from .style import INK_BLUE, Style

A4_MM = (210.0, 297.0)


def page_size(dpi: int) -> tuple[int, int]:
    """A4 portrait in pixels at `dpi`."""
    return round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi)


@dataclass(slots=True)
class TextOp:
    x: float
    baseline: float
    text: str
    font: GlyphFont
    fill: tuple[int, int, int]
    role: str  # "label", "value", "leader" or "static"
    key: str | None = None
    wrapped: bool = False  # a value line that continues on the next line


@dataclass(slots=True)
class RuleOp:
    x0: float
    y: float
    x1: float
    width: int
    fill: tuple[int, int, int]


@dataclass(slots=True)
class MarkOp:
    kind: str  # "stamp" or "scribble"
    box: tuple[float, float, float, float]  # scribble: its box; stamp: centre x, centre y, radius, 0
    text: str = ""


@dataclass(slots=True)
class PageLayout:
    width: int
    height: int
    texts: list[TextOp] = field(default_factory=list)
    rules: list[RuleOp] = field(default_factory=list)
    marks: list[MarkOp] = field(default_factory=list)
    bottom: float = 0.0
    fallbacks: set[str] = field(default_factory=set)


class _Layouter:
    def __init__(self, style: Style, dpi: int, families: Sequence[FontFamily], rng: random.Random) -> None:
        self.style = style
        self.dpi = dpi
        self.families = families
        self.rng = rng
        self.mm = dpi / 25.4
        width, height = page_size(dpi)
        self.out = PageLayout(width, height)
        left, top, right, _bottom = style.margins_mm
        self.x0 = left * self.mm
        self.x1 = width - right * self.mm
        self.y = top * self.mm
        self.size = round(style.size_pt * dpi / 72)
        self.line = self.size * style.line_spacing
        self.indent = style.indent_mm * self.mm

    # -- fonts ------------------------------------------------------------------------------------------------------

    def font(self, text: str, role: str, size: int | None = None) -> GlyphFont:
        """The font for a run of text, falling back to another family when the chosen one lacks a glyph."""
        if role == "value":
            family, variant = self.style.value_family, self.style.value_style
        elif role == "bold":
            family, variant = self.style.family, "bold"
        elif role == "italic":
            family, variant = self.style.family, "italic"
        else:
            family, variant = self.style.family, "regular"
        chosen = family_for(text, family, self.families)
        if chosen is not family:
            self.out.fallbacks.add(chosen.name)
        return glyph_font(chosen.path(variant), size or self.size)

    def emit(
        self,
        x: float,
        text: str,
        role: str,
        key: str | None = None,
        font_role: str | None = None,
        size: int | None = None,
    ) -> float:
        """Queue `text` at `x` on the current line (baseline a little under its top); returns the x after it.

        `role` says what the text is (label, value, leader, static) and picks the ink; `font_role` overrides the
        font (bold, italic) for static text.
        """
        font = self.font(text, font_role or role, size)
        baseline = self.y + font.size_px * 0.95
        fill = self.style.value_ink if role == "value" else self.style.ink
        self.out.texts.append(TextOp(x, baseline, text, font, fill, role, key))
        return x + font.width(text)

    def newline(self, factor: float = 1.0) -> None:
        self.y += self.line * factor

    # -- blocks -----------------------------------------------------------------------------------------------------

    def blocks(self, blocks: Sequence[Block], xa: float, xb: float) -> None:
        for block in blocks:
            if isinstance(block, Field):
                self.row((block,), xa, xb)
            elif isinstance(block, Row):
                self.row(block.fields, xa, xb)
            elif isinstance(block, Header):
                self.header(block, xa, xb)
            elif isinstance(block, Title):
                self.title(block, xa, xb)
            elif isinstance(block, Heading):
                self.text_line(block.text, xa, xb, block.align, "bold" if block.bold else "label")
                self.newline()
            elif isinstance(block, Text):
                role = "bold" if block.bold else "italic" if block.italic else "label"
                self.text_line(block.text, xa, xb, block.align, role)
                self.newline()
            elif isinstance(block, Spacer):
                self.y += block.mm * self.mm
            elif isinstance(block, Columns):
                self.columns(block, xa, xb)
            elif isinstance(block, Signature):
                self.signature(block, xa, xb)
            elif isinstance(block, PartySignatures):
                self.parties(block, xa, xb)
            else:  # pragma: no cover - every block type is handled above
                raise TypeError(f"unknown block {block!r}")

    def text_line(self, text: str, xa: float, xb: float, align: str, role: str, size: int | None = None) -> float:
        font = self.font(text, role, size)
        width = font.width(text)
        x = xa + (xb - xa - width) / 2 if align == "center" else xb - width if align == "right" else xa
        self.emit(x, text, "static", font_role=role, size=size)
        return width

    def centered_lines(self, lines: Sequence[tuple[str, str]], xa: float, xb: float, size: int | None = None) -> None:
        for text, role in lines:
            self.text_line(text, xa, xb, "center", role, size)
            self.y += (size or self.size) * self.style.line_spacing

    def fit_size(self, text: str, role: str, width: float, start: int | None = None) -> int:
        """The largest size up to `start` (the body size by default) at which `text` fits in `width`."""
        size = start or self.size
        measured = self.font(text, role, size).width(text)
        if measured <= width:
            return size
        size = max(8, int(size * width / measured))
        while size > 8 and self.font(text, role, size).width(text) > width:
            size -= 1
        return size

    def header(self, block: Header, xa: float, xb: float) -> None:
        top = self.y
        if block.authority and self.style.header == "split":
            split = xa + (xb - xa) * 0.42
            right_size = self.fit_size(L.MOTTO, "bold", (xb - split) * 0.98)
            self.centered_lines([(L.MOTTO, "bold"), (L.SLOGAN, "bold")], split, xb, right_size)
            self._underline(L.SLOGAN, split, xb, right_size)
            right_bottom = self.y
            self.y = top
            left_size = min(self.size, self.fit_size(max(block.authority, key=len), "bold", (split - xa) * 0.95))
            lines = [(block.authority[0], "label"), *((a, "bold") for a in block.authority[1:])]
            self.centered_lines(lines, xa, split, left_size)
            self._underline(block.authority[-1], xa, split, left_size, 0.4)
            self.y += self.line * 0.2
            for f in block.numbers:
                self.row((f,), xa + (split - xa) * 0.12, split, inline=True)
            self.y = max(self.y, right_bottom) + self.line * 0.4
        else:
            size = self.fit_size(L.MOTTO, "bold", xb - xa)
            self.centered_lines([(L.MOTTO, "bold"), (L.SLOGAN, "bold")], xa, xb, size)
            self._underline(L.SLOGAN, xa, xb, size)
            self.y += self.line * 0.3
            if block.numbers:
                self.row(block.numbers, xa, xb, inline=True)
            self.y += self.line * 0.3

    def _underline(self, text: str, xa: float, xb: float, size: int, share: float = 1.0) -> None:
        width = self.font(text, "bold", size).width(text) * share
        mid = (xa + xb) / 2
        y = self.y - size * self.style.line_spacing * 0.12
        self.out.rules.append(
            RuleOp(mid - width / 2, y, mid + width / 2, max(1, round(self.dpi / 150)), self.style.ink)
        )

    def title(self, block: Title, xa: float, xb: float) -> None:
        self.y += self.line * 0.4
        size = self.fit_size(block.text, "bold", xb - xa, round(self.style.title_pt * self.dpi / 72))
        self.text_line(block.text, xa, xb, "center", "bold", size)
        self.y += size * 1.35
        if block.subtitle:
            sub = self.fit_size(block.subtitle, "bold", (xb - xa) * 0.98)
            self.text_line(block.subtitle, xa, xb, "center", "bold", sub)
            self.y += sub * 1.4
        if block.note:
            self.text_line(block.note, xa, xb, "center", "italic")
            self.newline()
        self.y += self.line * 0.35

    def row(self, fields: Sequence[Field], xa: float, xb: float, inline: bool = False) -> None:
        """Fields one after another; each value wraps to indented continuation lines.

        A lone field follows the style's layout (value after the label or on the next line) unless `inline`.
        """
        style = self.style
        start_ops = len(self.out.texts)
        space = self.font(" ", "label").width(" ")
        x = xa
        for i, f in enumerate(fields):
            value_words = f.value.split()
            label_w = self.font(f.label, "label").width(f.label)
            first_w = self.font(value_words[0], "value").width(value_words[0]) if value_words else 0
            if i > 0:
                x += space * (3 if style.leaders != "dotted_line" else 2)
                if x + label_w + space + first_w > xb:
                    self.newline()
                    x = xa
            x = self.emit(x, f.label, "label")
            x += space
            next_line = style.layout == "value_next_line" and len(fields) == 1 and not inline
            if style.leaders == "dots" and not next_line:
                dots = "." * self.rng.randint(4, 12)
                x = self.emit(x, dots, "leader") + space
            if next_line or (value_words and x + first_w > xb):
                self.newline()
                x = xa + self.indent
            line: list[str] = []
            line_x = x
            for word in value_words:
                candidate = " ".join([*line, word])
                if line and line_x + self.font(candidate, "value").width(candidate) > xb:
                    self.emit(line_x, " ".join(line), "value", key=f.key)
                    self.out.texts[-1].wrapped = True
                    self.newline()
                    line, line_x = [word], xa + self.indent
                else:
                    line.append(word)
            if line:
                x = self.emit(line_x, " ".join(line), "value", key=f.key)
        if style.leaders == "dotted_line":
            self._fill_dots(start_ops, xb)
        self.newline()

    def _fill_dots(self, start: int, xb: float) -> None:
        """Dots from the end of each value to the next text on its line, or to the margin (a form's dotted line)."""
        by_line: dict[float, list[TextOp]] = {}
        for op in self.out.texts[start:]:
            by_line.setdefault(round(op.baseline, 1), []).append(op)
        dot_font = self.font(". ", "label")
        pair = dot_font.width(". ")
        for baseline, line_ops in by_line.items():
            line_ops.sort(key=lambda op: op.x)
            for k, op in enumerate(line_ops):
                if op.role != "value" or op.wrapped:
                    continue
                begin = op.x + op.font.width(op.text) + pair * 0.6
                stop = line_ops[k + 1].x - pair if k + 1 < len(line_ops) else xb
                count = int((stop - begin) / pair)
                if count >= 3:
                    dots = ". " * (count - 1) + "."
                    self.out.texts.append(TextOp(begin, baseline, dots, dot_font, self.style.ink, "leader"))

    def columns(self, block: Columns, xa: float, xb: float) -> None:
        gutter = 6 * self.mm
        middle = (xa + xb) / 2
        top = self.y
        self.blocks(block.left, xa, middle - gutter / 2)
        left_bottom = self.y
        self.y = top
        self.blocks(block.right, middle + gutter / 2, xb)
        self.y = max(self.y, left_bottom) + self.line * 0.3

    def signature(self, block: Signature, xa: float, xb: float) -> None:
        self.y += self.line * 0.5
        left = xa + (xb - xa) * 0.45
        if block.place_date:
            size = min(self.size, self.fit_size(block.place_date, "italic", (xb - left) * 0.98))
            self.text_line(block.place_date, left, xb, "center", "italic", size)
            self.newline()
        titles_top = self.y
        for title in block.titles:
            size = min(self.size, self.fit_size(title, "bold", (xb - left) * 0.98))
            self.text_line(title, left, xb, "center", "bold", size)
            self.newline()
        if block.note:
            size = min(round(self.size * 0.85), self.fit_size(block.note, "italic", (xb - left) * 0.98))
            self.text_line(block.note, left, xb, "center", "italic", size)
            self.newline()
        gap = self.style.signature_gap_mm * self.mm
        blank_top = self.y
        self.y += gap
        self.text_line(block.signer, left, xb, "center", "bold")
        name_bottom = self.y + self.size
        self.newline()
        mid = (left + xb) / 2
        half = min((xb - left) / 2, 30 * self.mm)
        # The scribble runs down onto the signer's name; the stamp bites into the titles and the scribble's left.
        self.out.marks.append(
            MarkOp(
                "scribble", (mid - half * 0.75, blank_top + gap * 0.1, mid + half * 0.75, name_bottom - self.size * 0.3)
            )
        )
        if block.stamp:
            radius = self.rng.uniform(16, 20) * self.mm
            cx = left + (xb - left) * self.rng.uniform(0.18, 0.34)
            cy = (titles_top + blank_top + gap) / 2 + self.rng.uniform(-0.1, 0.1) * gap
            self.out.marks.append(MarkOp("stamp", (cx, cy, radius, 0.0), block.stamp_text))

    def parties(self, block: PartySignatures, xa: float, xb: float) -> None:
        self.y += self.line * 0.3
        top = self.y
        width = (xb - xa) / len(block.parties)
        bottom = top
        for k, (caption, name) in enumerate(block.parties):
            self.y = top
            a, b = xa + k * width, xa + (k + 1) * width
            self.text_line(caption, a, b, "center", "bold")
            self.newline()
            if block.note:
                size = min(round(self.size * 0.85), self.fit_size(block.note, "italic", width * 0.95))
                self.text_line(block.note, a, b, "center", "italic", size)
                self.newline()
            blank_top = self.y
            self.y += self.style.signature_gap_mm * self.mm * 0.7
            self.text_line(name, a, b, "center", "label")
            mid, half = (a + b) / 2, min(width / 2, 26 * self.mm) * 0.7
            self.out.marks.append(MarkOp("scribble", (mid - half, blank_top, mid + half, self.y + self.size * 0.6)))
            self.newline()
            bottom = max(bottom, self.y)
        self.y = bottom


def layout_page(
    spec: PageSpec, style: Style, dpi: int, families: Sequence[FontFamily], rng: random.Random
) -> tuple[PageLayout, Style]:
    """Place the blocks; tighten the style until they fit on the page. Returns the layout and the style used."""
    state = rng.getstate()
    for _ in range(12):
        rng.setstate(state)  # the same random choices on every attempt, so only the sizes change
        layouter = _Layouter(style, dpi, families, rng)
        layouter.blocks(spec.blocks, layouter.x0, layouter.x1)
        layout = layouter.out
        layout.bottom = layouter.y
        if layout.bottom <= layout.height - style.margins_mm[3] * layouter.mm:
            return layout, style
        style = style.shrunk()
    return layout, style


def draw_page(layout: PageLayout, style: Style, rng: random.Random) -> Image.Image:
    """Draw the layout on a sheet of the style's paper: text, rules, then signatures and stamps over them."""
    page = Image.new("RGB", (layout.width, layout.height), style.paper_rgb)
    for op in layout.texts:
        op.font.draw(page, op.x, op.baseline, op.text, op.fill)
    draw = ImageDraw.Draw(page)
    for rule in layout.rules:
        draw.line((rule.x0, rule.y, rule.x1, rule.y), fill=rule.fill, width=rule.width)
    pen = max(2, round(layout.width / 620))
    stamp_font = style.family.bold
    for mark in layout.marks:
        if mark.kind == "scribble":
            ink = INK_BLUE if rng.random() < 0.7 else style.ink
            draw_scribble(page, mark.box, rng, ink, pen)
    for mark in layout.marks:
        if mark.kind == "stamp":
            cx, cy, radius, _ = mark.box
            draw_stamp(page, (cx, cy), round(radius), mark.text, stamp_font, rng)
    return page


def spec_text(spec: PageSpec) -> str:
    """Every character the page prints, for the font coverage check."""
    parts: list[str] = [L.MOTTO, L.SLOGAN]

    def walk(blocks: Sequence[Block]) -> None:
        for block in blocks:
            if isinstance(block, Field):
                parts.extend((block.label, block.value))
            elif isinstance(block, Row):
                walk(block.fields)
            elif isinstance(block, Header):
                parts.extend(block.authority)
                walk(block.numbers)
            elif isinstance(block, Title):
                parts.extend(p for p in (block.text, block.subtitle, block.note) if p)
            elif isinstance(block, Heading | Text):
                parts.append(block.text)
            elif isinstance(block, Columns):
                walk(block.left)
                walk(block.right)
            elif isinstance(block, Signature):
                parts.extend(
                    p for p in (block.place_date, block.note, block.signer, block.stamp_text, *block.titles) if p
                )
            elif isinstance(block, PartySignatures):
                parts.extend(p for pair in block.parties for p in pair)
                if block.note:
                    parts.append(block.note)

    walk(spec.blocks)
    return "".join(parts)
