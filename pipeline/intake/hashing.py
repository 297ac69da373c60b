"""Streaming SHA-256: a file of any size is hashed in fixed-size chunks, never read whole into memory."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK_BYTES = 1024 * 1024


def iter_chunks(stream: BinaryIO, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The stream's bytes from its current position to its end, `chunk_bytes` at a time."""
    while chunk := stream.read(chunk_bytes):
        yield chunk


def sha256_chunks(chunks: Iterable[bytes]) -> str:
    """The hex SHA-256 of the concatenated chunks."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def sha256_file(path: str | Path, chunk_bytes: int = CHUNK_BYTES) -> str:
    """The hex SHA-256 of a file's content. OSError (missing, permission) is the caller's to handle."""
    with open(path, "rb") as stream:
        return sha256_chunks(iter_chunks(stream, chunk_bytes))
