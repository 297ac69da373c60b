"""What a dropped file is, from its first bytes (never its name), with its size and content hash.

`sniff_file` reads the file once, in chunks, hashing as it goes; the media type comes from the magic bytes at the
start. Only the four formats scanners and phones produce for the registers are taken: PDF, TIFF, JPEG and PNG.
Anything else is refused with a reason that says what the file looks like, so that a clerk who dropped a Word
document or a GIF knows what to do.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.intake.errors import EmptyFileError, UnreadableFileError, UnsupportedFileTypeError
from pipeline.intake.hashing import CHUNK_BYTES, iter_chunks

PDF = "application/pdf"
TIFF = "image/tiff"
JPEG = "image/jpeg"
PNG = "image/png"
SUPPORTED_MEDIA_TYPES: tuple[str, ...] = (PDF, TIFF, JPEG, PNG)

HEAD_BYTES = 1024  # a PDF's header may sit anywhere in its first 1024 bytes (ISO 32000-1, annex H)

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TIFF_SIGNATURES = (
    b"II*\x00",  # little-endian TIFF
    b"MM\x00*",  # big-endian TIFF
    b"II+\x00",  # little-endian BigTIFF
    b"MM\x00+",  # big-endian BigTIFF
)


@dataclass(frozen=True)
class FileInfo:
    path: Path
    size_bytes: int
    media_type: str  # one of SUPPORTED_MEDIA_TYPES
    sha256: str  # hex digest of the whole content


def detect_media_type(head: bytes) -> str | None:
    """The media type of a file starting with `head` (its first 1024 bytes suffice), or None if not supported."""
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in _TIFF_SIGNATURES:
        return TIFF
    if b"%PDF-" in head[:HEAD_BYTES]:
        return PDF
    return None


def describe_head(head: bytes) -> str | None:
    """A human name for what an unsupported file's first bytes look like ("GIF", "a ZIP archive ..."), or None."""
    lowered = head[:HEAD_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    checks: list[tuple[bool, str]] = [
        (head.startswith((b"GIF87a", b"GIF89a")), "GIF"),
        (head.startswith(b"BM") and len(head) >= 14, "BMP"),
        (head[:4] == b"RIFF" and head[8:12] == b"WEBP", "WebP"),
        (head.startswith(b"PK\x03\x04") and b"word/" in head, "a Word document (DOCX)"),
        (head.startswith(b"PK\x03\x04") and b"xl/" in head, "an Excel workbook (XLSX)"),
        (head.startswith(b"PK\x03\x04") and b"mimetypeapplication/vnd.oasis" in head, "an OpenDocument file"),
        (head.startswith((b"PK\x03\x04", b"PK\x05\x06")), "a ZIP archive (DOCX, XLSX, ...)"),
        (head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "an old Microsoft Office document (DOC, XLS)"),
        (head.startswith(b"Rar!\x1a\x07"), "a RAR archive"),
        (head.startswith(b"7z\xbc\xaf\x27\x1c"), "a 7-Zip archive"),
        (head.startswith(b"\x1f\x8b"), "a gzip archive"),
        (head.startswith((b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")), "JPEG 2000"),
        (head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim"), "HEIC (a phone photo)"),
        (head[4:8] == b"ftyp" and head[8:12] == b"avif", "AVIF"),
        (head.startswith(b"AT&TFORM"), "DjVu"),
        (head.startswith(b"%!PS"), "PostScript"),
        (head.startswith(b"{\\rtf"), "RTF"),
        (lowered.startswith((b"<!doctype html", b"<html")), "HTML"),
        (lowered.startswith(b"<?xml") and b"<svg" in lowered, "SVG"),
        (lowered.startswith(b"<?xml"), "XML"),
    ]
    for matched, name in checks:
        if matched:
            return name
    if _is_text(head):
        return "plain text"
    return None


def _is_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # The head may end in the middle of a multi-byte character.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return bool(text) and all(ch.isprintable() or ch in "\r\n\t\f" for ch in text)


def unsupported_reason(path: Path | str, head: bytes) -> str:
    shown = " ".join(f"{byte:02X}" for byte in head[:4])
    looks_like = describe_head(head)
    detail = f"starts with bytes {shown}" + (f": looks like {looks_like}" if looks_like else "")
    return f"{path} is not a PDF, TIFF, JPEG or PNG ({detail})"


def sniff_file(path: str | os.PathLike[str], *, chunk_bytes: int = CHUNK_BYTES) -> FileInfo:
    """Read the file once: its size, SHA-256 and media type (from its bytes).

    Raises UnreadableFileError (missing, a directory or device, permission), EmptyFileError, or
    UnsupportedFileTypeError (the latter two carry `size_bytes` and `sha256`).
    """
    path = Path(path)
    try:
        # Refuse FIFOs, sockets and devices before opening: reading them could block forever.
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFileError(f"{path} is a directory, not a file", path=path)
        if not stat.S_ISREG(mode):
            raise UnreadableFileError(f"{path} is not a regular file", path=path)
        digest = hashlib.sha256()
        head = b""
        size = 0
        with open(path, "rb") as stream:
            for chunk in iter_chunks(stream, chunk_bytes):
                digest.update(chunk)
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                size += len(chunk)
    except FileNotFoundError:
        raise UnreadableFileError(f"{path} does not exist", path=path) from None
    except PermissionError:
        raise UnreadableFileError(f"{path} cannot be read: permission denied", path=path) from None
    except IsADirectoryError:
        raise UnreadableFileError(f"{path} is a directory, not a file", path=path) from None
    except OSError as exc:
        raise UnreadableFileError(f"{path} cannot be read: {exc.strerror or exc}", path=path) from exc
    sha256 = digest.hexdigest()
    if size == 0:
        raise EmptyFileError(f"{path} is empty (0 bytes)", path=path, size_bytes=0, sha256=sha256)
    media_type = detect_media_type(head)
    if media_type is None:
        raise UnsupportedFileTypeError(
            unsupported_reason(path, head),
            path=path,
            size_bytes=size,
            sha256=sha256,
            looks_like=describe_head(head),
        )
    return FileInfo(path=path, size_bytes=size, media_type=media_type, sha256=sha256)
