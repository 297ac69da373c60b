"""The one door to poppler's programs (pdftoppm, pdfinfo, pdfimages): every call has a timeout, and every failure
becomes one of the project's errors.

- the program is not installed (or not executable) -> MissingDependencyError (exit code 7);
- it ran longer than the timeout -> PopplerTimeoutError (killed first);
- it exited non-zero or was killed by a signal -> PopplerError, with the first line of its stderr.

Pages are rendered as PPM on stdout, never as PNG: poppler's zlib compression of a noisy 300-dpi page takes seconds,
writing PPM a fraction of a second, and nothing touches the disk.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from pipeline.errors import MissingDependencyError
from pipeline.raster.errors import PopplerError, PopplerTimeoutError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 60.0
INSTALL_HINT = "install poppler-utils (Debian: apt-get install poppler-utils)"


def find_program(program: str, bin_dir: str | os.PathLike[str] | None = None) -> str:
    """The path of a poppler program, from `bin_dir` if given, else from PATH; MissingDependencyError if absent."""
    if bin_dir is not None:
        candidate = Path(bin_dir) / program
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
        raise MissingDependencyError(f"{program} is not installed in {bin_dir}: {INSTALL_HINT}")
    found = shutil.which(program)
    if found is None:
        raise MissingDependencyError(f"{program} is not installed (not found on PATH): {INSTALL_HINT}")
    return found


def first_line(text: str, limit: int = 200) -> str:
    """The first non-blank line of a program's stderr, shortened: enough for a one-line reason."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= limit else line[: limit - 3] + "..."
    return ""


def run(
    program: str,
    args: Sequence[str],
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    bin_dir: str | os.PathLike[str] | None = None,
    context: str = "",
    path: Path | None = None,
    page_no: int | None = None,
) -> bytes:
    """Run a poppler program and return its stdout. `context` starts every error's reason ("scan.pdf: page 3")."""
    executable = find_program(program, bin_dir)
    argv = [executable, *args]
    prefix = f"{context}: " if context else ""
    log.debug("running %s", argv)
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout_s, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:  # subprocess.run has killed the program already
        stderr = (exc.stderr or b"").decode("utf-8", "replace")
        raise PopplerTimeoutError(
            f"{prefix}{program} did not finish within {timeout_s:g} s and was stopped",
            path=path,
            page_no=page_no,
            program=program,
            stderr=stderr,
        ) from None
    except PermissionError as exc:
        raise MissingDependencyError(f"{program} cannot be run ({executable}: {exc.strerror}): {INSTALL_HINT}") from exc
    except FileNotFoundError as exc:  # vanished between the lookup and the call
        raise MissingDependencyError(f"{program} is not installed ({executable}): {INSTALL_HINT}") from exc
    except OSError as exc:
        raise PopplerError(
            f"{prefix}{program} could not be started: {exc.strerror or exc}",
            path=path,
            page_no=page_no,
            program=program,
        ) from exc
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        how = (
            f"was killed by signal {-done.returncode}" if done.returncode < 0 else f"exited with code {done.returncode}"
        )
        line = first_line(stderr)
        raise PopplerError(
            f"{prefix}{program} {how}" + (f": {line}" if line else ""),
            path=path,
            page_no=page_no,
            program=program,
            returncode=done.returncode,
            stderr=stderr,
        )
    if stderr.strip():
        log.debug("%s%s said: %s", prefix, program, first_line(stderr))
    return done.stdout


def render_args(pdf: Path, page_no: int, dpi: int) -> list[str]:
    """pdftoppm's arguments to render one page (1-based) at `dpi`, visible area (crop box), as PPM on stdout.

    No -png/-jpeg/-tiff flag: PPM is pdftoppm's default format, and no output root means stdout.
    """
    return ["-r", str(dpi), "-f", str(page_no), "-l", str(page_no), "-cropbox", str(pdf)]


def render_page(
    pdf: Path,
    page_no: int,
    *,
    dpi: int = 300,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    bin_dir: str | os.PathLike[str] | None = None,
) -> np.ndarray:
    """Render one page of a PDF with pdftoppm; HxWx3 uint8 in BGR order (OpenCV's convention)."""
    context = f"{pdf}: page {page_no} cannot be rendered"
    out = run(
        "pdftoppm",
        render_args(pdf, page_no, dpi),
        timeout_s=timeout_s,
        bin_dir=bin_dir,
        context=context,
        path=pdf,
        page_no=page_no,
    )
    image = decode_pnm(out)
    if image is None:
        raise PopplerError(
            f"{context}: pdftoppm wrote no image ({len(out)} bytes on stdout)",
            path=pdf,
            page_no=page_no,
            program="pdftoppm",
            returncode=0,
        )
    return image


def decode_pnm(data: bytes) -> np.ndarray | None:
    """A PPM/PGM/PBM image from bytes (BGR for colour), or None if the bytes are not a complete one."""
    if not data.startswith((b"P4", b"P5", b"P6")):
        return None
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None or image.dtype != np.uint8:
        return None
    return image
