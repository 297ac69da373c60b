"""Pages rendered for the OCR and preprocessing tests: Vietnamese text drawn with PIL, with each word's box."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr.model import Box

FONT = next(
    str(path)
    for path in (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
        Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    )
    if path.exists()
)

FORM_LINES = (
    "GIẤY KHAI SINH",
    "Họ, chữ đệm, tên: NGUYỄN VĂN AN",
    "Ngày, tháng, năm sinh: 15/03/1990",
    "Giới tính: Nam    Dân tộc: Kinh",
    "Nơi sinh: Bệnh viện Đa khoa tỉnh Nam Định",
    "Số định danh cá nhân: 001090012345",
    "Họ, chữ đệm, tên người mẹ: Trần Thị Bích",
    "Nơi cư trú: Xã Yên Lạc, huyện Như Thanh",
    "Họ, chữ đệm, tên người cha: Lê Văn Hùng",
    "Ngày đăng ký: 20/04/1990    Quyển số: 12",
)


@dataclass
class RenderedPage:
    page_no: int
    image: np.ndarray
    dpi: int
    dpi_source: str = "test"
    words: list[tuple[str, Box]] = field(default_factory=list)  # each drawn word and its ink box


def render_lines(
    lines: tuple[str, ...] | list[str] = FORM_LINES,
    *,
    dpi: int = 300,
    size_pt: float = 12.0,
    width_in: float = 6.5,
    height_in: float | None = None,
    margin_in: float = 0.6,
    spacing: float = 2.0,
    page_no: int = 1,
    font_path: str = FONT,
) -> RenderedPage:
    """Black text on white, one line per entry, left-aligned; the words' boxes are where their ink is."""
    font = ImageFont.truetype(font_path, round(size_pt * dpi / 72))
    line_height = round(size_pt * dpi / 72 * spacing)
    margin = round(margin_in * dpi)
    height = round(height_in * dpi) if height_in else 2 * margin + line_height * len(lines)
    page = Image.new("L", (round(width_in * dpi), height), 255)
    draw = ImageDraw.Draw(page)
    words: list[tuple[str, Box]] = []
    for index, line in enumerate(lines):
        y = margin + index * line_height
        x = float(margin)
        for token in line.split(" "):
            if token:
                left, top, right, bottom = draw.textbbox((x, y), token, font=font)
                draw.text((x, y), token, font=font, fill=0)
                words.append((token, Box(round(left), round(top), round(right - left), round(bottom - top))))
            x += draw.textlength(token + " ", font=font)
    return RenderedPage(page_no, np.asarray(page).copy(), dpi, words=words)


def rotate_page(image: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """`image` turned `angle` degrees counter-clockwise about its centre, same size, `fill` outside."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    border = (fill,) * (image.shape[2] if image.ndim == 3 else 1)
    return cv2.warpAffine(image, matrix, (width, height), borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def degrade(image: np.ndarray, *, seed: int = 0, noise: float = 10.0, specks: int = 300) -> np.ndarray:
    """A grainy, blurred, unevenly lit copy with specks of dirt."""
    rng = np.random.default_rng(seed)
    height, width = image.shape[:2]
    page = cv2.GaussianBlur(image.astype(np.float32), (0, 0), 0.8)
    light = np.linspace(1.0, 0.7, width, dtype=np.float32)[None, :]
    page = page * (light if page.ndim == 2 else light[..., None])
    page += rng.normal(0, noise, page.shape).astype(np.float32)
    for _ in range(specks):
        center = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.circle(page, center, int(rng.integers(1, 3)), 20, -1)
    return np.clip(page, 0, 255).astype(np.uint8)
