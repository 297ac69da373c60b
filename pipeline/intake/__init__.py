"""Intake: what a dropped file is (from its bytes), how big, and its content hash, before anything decodes it."""

from pipeline.intake.errors import EmptyFileError, IntakeError, UnreadableFileError, UnsupportedFileTypeError
from pipeline.intake.hashing import sha256_file
from pipeline.intake.sniff import (
    JPEG,
    PDF,
    PNG,
    SUPPORTED_MEDIA_TYPES,
    TIFF,
    FileInfo,
    describe_head,
    detect_media_type,
    sniff_file,
)

__all__ = [
    "JPEG",
    "PDF",
    "PNG",
    "SUPPORTED_MEDIA_TYPES",
    "TIFF",
    "EmptyFileError",
    "FileInfo",
    "IntakeError",
    "UnreadableFileError",
    "UnsupportedFileTypeError",
    "describe_head",
    "detect_media_type",
    "sha256_file",
    "sniff_file",
]
