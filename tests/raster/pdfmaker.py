"""Minimal PDFs written byte by byte, so that tests control exactly what a page contains (text, images, placement)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np


@dataclass
class XImage:
    """An image XObject: its dictionary entries (without /Length) and its stream bytes as stored."""

    entries: dict[str, str]
    data: bytes


@dataclass
class Page:
    content: bytes
    width: float = 595.2756  # A4 in points
    height: float = 841.8898
    images: dict[str, XImage] = field(default_factory=dict)
    font: bool = False  # a /F1 Helvetica font resource for text operators
    rotate: int = 0
    extra: str = ""  # more page dictionary entries, verbatim


def flate_image(pixels: np.ndarray) -> XImage:
    """An 8-bit gray (HxW) or RGB (HxWx3, RGB order) image, Flate-compressed."""
    height, width = pixels.shape[:2]
    space = "/DeviceGray" if pixels.ndim == 2 else "/DeviceRGB"
    entries = {
        "/Type": "/XObject",
        "/Subtype": "/Image",
        "/Width": str(width),
        "/Height": str(height),
        "/ColorSpace": space,
        "/BitsPerComponent": "8",
        "/Filter": "/FlateDecode",
    }
    return XImage(entries, zlib.compress(np.ascontiguousarray(pixels, dtype=np.uint8).tobytes(), 1))


def text_page(lines: list[str], *, size: int = 14, width: float = 595.2756, height: float = 841.8898) -> Page:
    ops = [b"BT", f"/F1 {size} Tf".encode(), f"72 {height - 72:.2f} Td".encode(), f"{size * 1.4:.1f} TL".encode()]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*".encode("latin-1"))
    ops.append(b"ET")
    return Page(content=b"\n".join(ops), width=width, height=height, font=True)


def build_pdf(pages: list[Page]) -> bytes:
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(entries: str, data: bytes) -> bytes:
        return f"<< {entries} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        content = add(stream("", page.content))
        xobjects = []
        for name, image in page.images.items():
            entries = " ".join(f"{key} {value}" for key, value in image.entries.items())
            xobjects.append(f"/{name} {add(stream(entries, image.data))} 0 R")
        resources = "<< "
        if page.font:
            resources += f"/Font << /F1 {font} 0 R >> "
        if xobjects:
            resources += f"/XObject << {' '.join(xobjects)} >> "
        resources += ">>"
        rotate = f" /Rotate {page.rotate}" if page.rotate else ""
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {page.width:.4f} {page.height:.4f}] "
                f"/Resources {resources} /Contents {content} 0 R{rotate} {page.extra}>>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    objects[pages_obj - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    )

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
