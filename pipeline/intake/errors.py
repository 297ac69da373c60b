"""Why a dropped file cannot enter the pipeline: each a one-line reason, an `InputError` (exit code 3).

The errors raised after the file was read to its end carry its size and SHA-256, so that the caller can still
record the refused document (the `documents` table keys on the content hash) without reading it again.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError


class IntakeError(InputError):
    """A file that cannot be taken in: missing, unreadable, empty or of a type sohoa does not read."""

    def __init__(
        self,
        reason: str,
        *,
        path: Path | None = None,
        size_bytes: int | None = None,
        sha256: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.path = path
        self.size_bytes = size_bytes
        self.sha256 = sha256


class UnreadableFileError(IntakeError):
    """The file does not exist, is a directory or a device, or the operating system refuses to read it."""


class EmptyFileError(IntakeError):
    """The file has 0 bytes."""


class UnsupportedFileTypeError(IntakeError):
    """The file's first bytes are not those of a PDF, TIFF, JPEG or PNG (whatever its name says)."""

    def __init__(
        self,
        reason: str,
        *,
        path: Path | None = None,
        size_bytes: int | None = None,
        sha256: str | None = None,
        looks_like: str | None = None,
    ) -> None:
        super().__init__(reason, path=path, size_bytes=size_bytes, sha256=sha256)
        self.looks_like = looks_like
