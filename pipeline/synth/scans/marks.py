"""The marks an official adds by hand: a red round stamp and a signature scribble.

Both are drawn over whatever text is already there, as on a real document: the stamp in translucent red ink
(multiplied onto the page, so the text under it stays legible), the signature as a pen stroke.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from .fonts import glyph_font

STAMP_RED = (198, 32, 44)


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * 0.382
    points = []
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def stamp_mask(text: str, radius: int, font_path: Path, rng: random.Random) -> Image.Image:
    """An "L" mask of a round stamp: two rings, `text` around between them, a star in the middle."""
    size = 2 * radius + 8
    c = size / 2
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    ring = max(2, round(radius * 0.045))
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=255, width=ring)
    inner = radius * 0.70
    draw.ellipse((c - inner, c - inner, c + inner, c + inner), outline=255, width=max(1, ring // 2))
    draw.polygon(_star(c, c, inner * 0.48), fill=255)

    # The text runs clockwise round the band between the rings, tops outwards, evenly spread over the circle.
    band = radius - ring - inner
    text_radius = inner + band * 0.42
    size_px = max(8, round(band * 0.62))
    font = glyph_font(font_path, size_px)
    chars = list(text)
    advances = [font.width(ch) for ch in chars]
    total = sum(advances)
    scale = 2 * math.pi * text_radius / total if total else 1.0
    angle = rng.uniform(0, 2 * math.pi)
    for ch, advance in zip(chars, advances, strict=True):
        step = advance * scale / text_radius
        middle = angle + step / 2
        angle += step
        if ch.isspace():
            continue
        glyph = Image.new("L", (size_px * 2, size_px * 2), 0)
        font.draw(glyph, size_px - font.width(ch) / 2, size_px + size_px * 0.35, ch, 255)
        rotated = glyph.rotate(-math.degrees(middle), resample=Image.Resampling.BICUBIC)
        x = c + text_radius * math.sin(middle) - size_px
        y = c - text_radius * math.cos(middle) - size_px
        region = (round(x), round(y), round(x) + 2 * size_px, round(y) + 2 * size_px)
        mask.paste(ImageChops.lighter(mask.crop(region), rotated), region[:2])
    return mask


def draw_stamp(
    page: Image.Image,
    center: tuple[float, float],
    radius: int,
    text: str,
    font_path: Path,
    rng: random.Random,
    color: tuple[int, int, int] = STAMP_RED,
) -> None:
    """Press the stamp onto `page` (in place), in uneven translucent ink."""
    mask = stamp_mask(text, radius, font_path, rng)
    mask = mask.rotate(rng.uniform(-8, 8), resample=Image.Resampling.BILINEAR)
    alpha = np.asarray(mask, dtype=np.float32) / 255.0
    # Ink is uneven: a smooth random field (coarse noise blown up) fades parts of the impression.
    coarse = np.asarray(
        Image.fromarray((np.array([rng.random() for _ in range(36)]).reshape(6, 6) * 255).astype(np.uint8)).resize(
            mask.size, Image.Resampling.BICUBIC
        ),
        dtype=np.float32,
    )
    alpha *= rng.uniform(0.72, 0.92) * (0.62 + 0.38 * coarse / 255.0)
    x0, y0 = round(center[0] - mask.width / 2), round(center[1] - mask.height / 2)
    left, top = max(0, x0), max(0, y0)
    right, bottom = min(page.width, x0 + mask.width), min(page.height, y0 + mask.height)
    if right <= left or bottom <= top:
        return
    alpha = alpha[top - y0 : bottom - y0, left - x0 : right - x0, None]
    region = np.asarray(page.crop((left, top, right, bottom)), dtype=np.float32)
    tint = np.array(color, dtype=np.float32) / 255.0
    blended = region * (1.0 - alpha * (1.0 - tint))
    page.paste(Image.fromarray(blended.astype(np.uint8), page.mode), (left, top))


def _catmull_rom(points: list[tuple[float, float]], steps: int = 10) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    padded = [points[0], *points, points[-1]]
    out: list[tuple[float, float]] = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(
                    0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3)
                    for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
                )  # type: ignore[arg-type]
            )
    out.append(points[-1])
    return out


def draw_scribble(
    page: Image.Image,
    box: tuple[float, float, float, float],
    rng: random.Random,
    color: tuple[int, int, int],
    width: int,
) -> None:
    """A handwritten-looking signature inside `box`: a slanted run of cursive loops and a flourish underneath.

    The loops are a prolate trochoid (a point on a rolling wheel's spoke beyond its rim), which is what a fast
    "llll" stroke looks like; each loop's height varies, as letters do.
    """
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    loops = rng.randint(3, 7)
    step = w * rng.uniform(0.55, 0.8) / loops
    radius = step * rng.uniform(0.22, 0.42)
    slant = rng.uniform(0.1, 0.45)
    base = y0 + h * rng.uniform(0.45, 0.65)
    heights = [h * rng.uniform(0.15, 0.42) for _ in range(loops + 2)]
    phase = rng.uniform(0, 2 * math.pi)
    stroke: list[tuple[float, float]] = []
    samples = loops * 24
    for i in range(samples + 1):
        t = i / samples * loops
        k = int(t)
        frac = t - k
        height = heights[k] * (1 - frac) + heights[k + 1] * frac
        theta = 2 * math.pi * t + phase
        up = -math.cos(theta) * height
        x = x0 + w * 0.08 + step * t + radius * math.sin(theta) - slant * up
        stroke.append((x, base + up))
    draw = ImageDraw.Draw(page)
    draw.line(stroke, fill=color, width=width, joint="curve")
    # The flourish: from the last loop, a long sweep under the signature back to the left.
    end_x, end_y = stroke[-1]
    fy = y0 + h * rng.uniform(0.78, 0.98)
    flourish = _catmull_rom(
        [
            (end_x, end_y),
            (min(x1, end_x + w * 0.08), fy - h * 0.05),
            (x0 + w * rng.uniform(0.35, 0.6), fy),
            (x0 + w * rng.uniform(0.0, 0.2), fy - h * rng.uniform(0.0, 0.15)),
        ],
        14,
    )
    draw.line(flourish, fill=color, width=max(1, width - 1), joint="curve")
