"""Image files built byte by byte: headers that claim what a test needs (huge sizes) without the pixels."""

from __future__ import annotations

import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int) -> bytes:
    """A well-formed 1-bit gray PNG header of any size, with a small IDAT (a decompression bomb's shape)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 4096, 9)
    return PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def tiff_claiming(sizes: list[tuple[int, int]]) -> bytes:
    """A little-endian 8-bit gray TIFF with one IFD per size; small pages get real (white) pixels, huge ones not."""
    out = bytearray(b"II*\x00\x00\x00\x00\x00")  # first IFD offset patched below
    previous_link = 4
    for width, height in sizes:
        pixels = width * height
        data = b"\xff" * pixels if pixels <= 1_000_000 else b"\xff" * 16
        strip_offset = len(out)
        out += data
        if len(out) % 2:
            out += b"\x00"
        ifd_offset = len(out)
        struct.pack_into("<I", out, previous_link, ifd_offset)
        entries = [
            (256, 4, width),  # ImageWidth, LONG
            (257, 4, height),  # ImageLength
            (258, 3, 8),  # BitsPerSample, SHORT
            (259, 3, 1),  # Compression: none
            (262, 3, 1),  # PhotometricInterpretation: BlackIsZero
            (273, 4, strip_offset),  # StripOffsets
            (277, 3, 1),  # SamplesPerPixel
            (278, 4, height),  # RowsPerStrip
            (279, 4, pixels),  # StripByteCounts
        ]
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            if kind == 3:
                out += struct.pack("<HHIH2x", tag, kind, 1, value)
            else:
                out += struct.pack("<HHII", tag, kind, 1, value)
        previous_link = len(out)
        out += b"\x00\x00\x00\x00"  # next IFD: none (yet)
    return bytes(out)
