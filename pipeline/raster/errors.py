"""Why a file's pages cannot be turned into pixels: each a one-line reason, an `InputError` (exit code 3).

A missing poppler program is the project's `MissingDependencyError` (exit code 7), raised as is.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError


class RasterError(InputError):
    """A file (or one of its pages) that cannot be rasterised. `page_no` is 1-based, None for the whole file."""

    def __init__(self, reason: str, *, path: Path | None = None, page_no: int | None = None) -> None:
        super().__init__(reason)
        self.path = path
        self.page_no = page_no


class FileTooLargeError(RasterError):
    """The file is bigger than RasterLimits.max_file_bytes."""


class TooManyPagesError(RasterError):
    """The file has more pages than RasterLimits.max_pages."""


class PageTooLargeError(RasterError):
    """A page would have more pixels than RasterLimits.max_pixels (a decompression bomb, or a huge sheet)."""


class CorruptFileError(RasterError):
    """The file (or an image inside a PDF) is truncated or malformed."""


class EncryptedPdfError(RasterError):
    """The PDF needs a password to open."""


class NoPagesError(RasterError):
    """The PDF has no pages at all."""


class UnsupportedImageError(RasterError):
    """A media type or a pixel format sohoa cannot convert (e.g. CIELAB TIFF)."""


class PopplerError(RasterError):
    """A poppler program (pdftoppm) failed: non-zero exit, crash, or output that is not an image."""

    def __init__(
        self,
        reason: str,
        *,
        path: Path | None = None,
        page_no: int | None = None,
        program: str = "",
        returncode: int | None = None,
        stderr: str = "",
    ) -> None:
        super().__init__(reason, path=path, page_no=page_no)
        self.program = program
        self.returncode = returncode
        self.stderr = stderr


class PopplerTimeoutError(PopplerError):
    """A poppler program ran longer than its timeout and was killed."""
