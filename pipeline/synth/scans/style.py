"""The visual variant of one page: typefaces, sizes, spacing, margins, label/value layout, leaders, paper.

Real offices print the same form in many ways, so every document draws its own style, and the ground truth records
it (`Style.record`) so that accuracy can be broken down by font or layout.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from .fonts import FontFamily

INK_BLACK = (22, 22, 24)
INK_BLUE = (28, 40, 118)  # values filled in by hand or with a blue ribbon
PAPERS: dict[str, tuple[int, int, int]] = {
    "white": (253, 253, 251),
    "cream": (246, 239, 218),
    "grey": (229, 229, 225),
}


@dataclass(frozen=True, slots=True)
class Style:
    family: FontFamily  # labels, titles, headers
    value_family: FontFamily
    value_style: str  # "regular", "bold" or "italic" (italic looks filled in by hand)
    size_pt: float
    title_pt: float
    line_spacing: float
    margins_mm: tuple[float, float, float, float]  # left, top, right, bottom
    indent_mm: float
    layout: str  # "inline" or "value_next_line"
    leaders: str  # "none", "dots" (dots between label and value) or "dotted_line" (dots fill the line)
    header: str  # "split" (authority left, motto right) or "centered"
    paper: str
    paper_rgb: tuple[int, int, int]
    ink: tuple[int, int, int]
    value_ink: tuple[int, int, int]
    signature_gap_mm: float

    def shrunk(self) -> Style:
        """The same style a little tighter, for content that does not fit the page."""
        return replace(
            self,
            size_pt=max(9.5, self.size_pt - 0.5),
            title_pt=max(12.0, self.title_pt - 0.5),
            line_spacing=max(1.08, round(self.line_spacing - 0.06, 2)),
            margins_mm=(
                max(14.0, self.margins_mm[0] - 2),
                max(8.0, self.margins_mm[1] - 2),
                max(10.0, self.margins_mm[2] - 1),
                max(8.0, self.margins_mm[3] - 2),
            ),
            signature_gap_mm=max(12.0, self.signature_gap_mm - 3),
        )

    def record(self) -> dict[str, Any]:
        return {
            "font": self.family.name,
            "value_font": self.value_family.name,
            "value_style": self.value_style,
            "font_size_pt": self.size_pt,
            "title_size_pt": self.title_pt,
            "line_spacing": self.line_spacing,
            "margins_mm": list(self.margins_mm),
            "layout": self.layout,
            "leaders": self.leaders,
            "header": self.header,
            "paper": self.paper,
        }


def _jitter(rng: random.Random, rgb: tuple[int, int, int], amount: int) -> tuple[int, int, int]:
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in rgb)  # type: ignore[return-value]


def choose_style(rng: random.Random, families: Sequence[FontFamily], text: str, *, tinted: bool = False) -> Style:
    """A random office style whose fonts can print all of `text` (the document's labels and values).

    `tinted` favours cream and grey paper (scans of older documents); otherwise paper is mostly white.
    """
    body = [f for f in families if f.kind in ("serif", "sans") and f.covers(text)]
    if not body:
        raise ValueError("no installed serif or sans font can print this document's text")
    family = rng.choice(body)
    draw = rng.random()
    if draw < 0.55:
        value_family, value_style = family, "regular"
    elif draw < 0.68:
        value_family, value_style = family, "bold"
    elif draw < 0.83:
        value_family, value_style = family, "italic"
    else:
        others = [f for f in families if f is not family and f.covers(text)]
        value_family, value_style = (rng.choice(others) if others else family), "regular"
    if value_style == "italic":
        leaders = "dotted_line" if rng.random() < 0.7 else "dots"
    else:
        leaders = rng.choices(("none", "dots", "dotted_line"), weights=(5, 3, 2))[0]
    size = rng.choice((11.0, 11.5, 12.0, 12.5, 13.0, 13.5, 14.0))
    if tinted:
        paper = rng.choices(("cream", "grey", "white"), weights=(45, 30, 25))[0]
    else:
        paper = rng.choices(("white", "cream", "grey"), weights=(70, 20, 10))[0]
    handwritten = value_style == "italic" and rng.random() < 0.6
    return Style(
        family=family,
        value_family=value_family,
        value_style=value_style,
        size_pt=size,
        title_pt=size + rng.choice((2.0, 3.0, 4.0, 5.0)),
        line_spacing=round(rng.uniform(1.25, 1.6), 2),
        margins_mm=(
            round(rng.uniform(20, 30), 1),
            round(rng.uniform(12, 22), 1),
            round(rng.uniform(12, 20), 1),
            round(rng.uniform(12, 18), 1),
        ),
        indent_mm=round(rng.uniform(6, 15), 1),
        layout="value_next_line" if rng.random() < 0.35 else "inline",
        leaders=leaders,
        header="split" if rng.random() < 0.6 else "centered",
        paper=paper,
        paper_rgb=_jitter(rng, PAPERS[paper], 3),
        ink=_jitter(rng, INK_BLACK, 8),
        value_ink=INK_BLUE if handwritten else _jitter(rng, INK_BLACK, 8),
        signature_gap_mm=round(rng.uniform(20, 28), 1),
    )
