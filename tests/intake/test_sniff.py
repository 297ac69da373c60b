"""Intake: the media type from magic bytes (never the name), size and SHA-256 in one read, clear refusals."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from pipeline.errors import ExitCode, InputError
from pipeline.intake import (
    JPEG,
    PDF,
    PNG,
    TIFF,
    EmptyFileError,
    FileInfo,
    UnreadableFileError,
    UnsupportedFileTypeError,
    describe_head,
    detect_media_type,
    sha256_file,
    sniff_file,
)


def _image_bytes(fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, fmt, **params)
    return buffer.getvalue()


# --- detect_media_type -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", PDF),
        (b"\r\n" + b" " * 900 + b"%PDF-1.4\n", PDF),  # the header may sit anywhere in the first 1024 bytes
        (b" " * 1024 + b"%PDF-1.4\n", None),  # ... but not after them
        (b"II*\x00\x08\x00\x00\x00", TIFF),
        (b"MM\x00*\x00\x00\x00\x08", TIFF),
        (b"II+\x00\x08\x00\x00\x00", TIFF),  # BigTIFF
        (b"MM\x00+\x00\x08\x00\x00", TIFF),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"\xff\xd8\xff\xe1\x00\x10Exif", JPEG),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        (b"GIF89a\x01\x00", None),
        (b"BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00", None),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", None),
        (b"PK\x03\x04\x14\x00\x06\x00", None),
        (b"<!DOCTYPE html><html>", None),
        (b"\x89PNG\r\n", None),  # a signature cut short is not a PNG
        (b"", None),
    ],
)
def test_detect_media_type(head: bytes, expected: str | None) -> None:
    assert detect_media_type(head) == expected


def test_detect_media_type_of_real_files() -> None:
    assert detect_media_type(_image_bytes("PNG")) == PNG
    assert detect_media_type(_image_bytes("JPEG")) == JPEG
    assert detect_media_type(_image_bytes("TIFF")) == TIFF
    assert detect_media_type(_image_bytes("PDF")) == PDF
    assert detect_media_type(_image_bytes("GIF")) is None
    assert detect_media_type(_image_bytes("BMP")) is None
    assert detect_media_type(_image_bytes("WEBP")) is None


@pytest.mark.parametrize(
    ("head", "looks_like"),
    [
        (b"GIF87a\x01\x00", "GIF"),
        (b"BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00", "BMP"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an old Microsoft Office document (DOC, XLS)"),
        (b"  <!doctype html>\n<html>", "HTML"),
        (b"AT&TFORM\x00\x00", "DjVu"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "HEIC (a phone photo)"),
        ("Họ và tên: Nguyễn Văn A\n".encode(), "plain text"),
        (b"\x00\x01\x02\x03\xfe", None),
    ],
)
def test_describe_head(head: bytes, looks_like: str | None) -> None:
    assert describe_head(head) == looks_like


# --- sniff_file ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media_type"), [("PNG", PNG), ("JPEG", JPEG), ("TIFF", TIFF), ("PDF", PDF)], ids=str.lower
)
def test_sniff_file_reads_type_size_and_hash(tmp_path: Path, fmt: str, media_type: str) -> None:
    data = _image_bytes(fmt)
    path = tmp_path / "scan.bin"
    path.write_bytes(data)
    info = sniff_file(path)
    assert info == FileInfo(
        path=path, size_bytes=len(data), media_type=media_type, sha256=hashlib.sha256(data).hexdigest()
    )


def test_type_comes_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    path = tmp_path / "giay-khai-sinh.pdf"
    path.write_bytes(_image_bytes("PNG"))
    assert sniff_file(path).media_type == PNG
    named_png = tmp_path / "scan.png"
    named_png.write_bytes(_image_bytes("JPEG"))
    assert sniff_file(named_png).media_type == JPEG


def test_hash_and_head_survive_tiny_chunks(tmp_path: Path) -> None:
    # The PDF header sits past the first chunks, and the content spans many of them.
    data = b"\n" * 700 + b"%PDF-1.4\n" + os.urandom(5000)
    path = tmp_path / "junk-first.pdf"
    path.write_bytes(data)
    info = sniff_file(path, chunk_bytes=64)
    assert info.media_type == PDF
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.size_bytes == len(data)


def test_sha256_file_streams_in_chunks(tmp_path: Path) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert sha256_file(path, chunk_bytes=1000) == hashlib.sha256(data).hexdigest()
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError) as caught:
        sniff_file(path)
    assert caught.value.reason == f"{path} is empty (0 bytes)"
    assert caught.value.exit_code == ExitCode.INPUT
    assert caught.value.sha256 == hashlib.sha256(b"").hexdigest()


def test_gif_is_refused_with_what_it_looks_like(tmp_path: Path) -> None:
    data = _image_bytes("GIF")
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    with pytest.raises(UnsupportedFileTypeError) as caught:
        sniff_file(path)
    error = caught.value
    assert error.reason == f"{path} is not a PDF, TIFF, JPEG or PNG (starts with bytes 47 49 46 38: looks like GIF)"
    assert isinstance(error, InputError)
    assert error.exit_code == ExitCode.INPUT
    assert error.looks_like == "GIF"
    # The refused file can still be recorded by its content hash.
    assert error.sha256 == hashlib.sha256(data).hexdigest()
    assert error.size_bytes == len(data)


def test_docx_is_refused_as_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "so-ho-tich.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(UnsupportedFileTypeError, match=r"starts with bytes 50 4B 03 04: looks like a Word document"):
        sniff_file(path)


def test_unknown_bytes_are_refused_without_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "noise.bin"
    path.write_bytes(b"\x00\x01\x02\x03\xfe\xff")
    with pytest.raises(UnsupportedFileTypeError) as caught:
        sniff_file(path)
    assert caught.value.reason.endswith("is not a PDF, TIFF, JPEG or PNG (starts with bytes 00 01 02 03)")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.pdf"
    with pytest.raises(UnreadableFileError) as caught:
        sniff_file(path)
    assert caught.value.reason == f"{path} does not exist"
    assert caught.value.exit_code == ExitCode.INPUT


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="is a directory, not a file"):
        sniff_file(tmp_path)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    with pytest.raises(UnreadableFileError, match="is not a regular file"):
        sniff_file(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    path.chmod(0)
    with pytest.raises(UnreadableFileError) as caught:
        sniff_file(path)
    assert caught.value.reason == f"{path} cannot be read: permission denied"


def test_permission_error_is_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root (CI) permissions cannot be taken away: make the operating system's refusal happen regardless.
    path = tmp_path / "locked.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    real_open = builtins.open

    def refusing_open(file: object, *args: object, **kwargs: object) -> object:
        if Path(str(file)) == path:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", refusing_open)
    with pytest.raises(UnreadableFileError) as caught:
        sniff_file(path)
    assert caught.value.reason == f"{path} cannot be read: permission denied"
