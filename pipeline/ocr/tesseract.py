"""The one wrapper around Tesseract: whole pages, batched crops, orientation, checks.

Pages go through pytesseract: every call starts a `tesseract` process (about 0.2 s here before any recognition:
the model's load), so pages are read whole with `image_to_data` (words, boxes and confidences in one call).
Second passes over several doubtful fields go through `ocr_crops`, which pastes the crops into one tall image and
reads them in a single call, by Tesseract's library loaded once a process (`tess_api`) where it loads, by the
command otherwise: the same engine and settings, the same words, without the model's load each time.

Tesseract runs its own OpenMP threads unless `OMP_THREAD_LIMIT=1`; with one process per core (see `pool`) the
threads only fight each other, so the pool sets that variable. This module inherits `os.environ` as it is.

Errors: a missing `tesseract` binary or language is `MissingDependencyError` (exit code 7), a call that runs out
of time is `OcrTimeoutError` (a `TimeoutError`), any other failure of the engine is `OcrError`.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import cv2
import numpy as np
import pytesseract
from pytesseract import Output, TesseractError, TesseractNotFoundError

from pipeline.errors import MissingDependencyError, SohoaError
from pipeline.ocr import tess_api
from pipeline.ocr.model import Box, Word

DEFAULT_LANG = "vie"
# Tesseract's script model for Vietnamese (Debian: tesseract-ocr-script-viet). It reads worse than `vie` overall,
# but misreads other tone marks: the second opinion on names (pipeline.normalize.name_lexicon).
SECOND_OPINION_LANG = "Vietnamese"
# Page segmentation mode 6 ("a single uniform block of text") read the most field values exactly on every set of
# bench/preprocess_bench.py --psm-sweep (generated poor and mixed scans, rendered forms), and had the lowest error
# on the values of poor scans (1.2% against 2.2-2.7% for psm 3 and 4). It also turns specks and rules into junk
# words more readily than psm 3/4 (which drop what their layout analysis finds no text in): extraction must (and
# does) ignore words outside the label/value lines. Forms are read by position, not by Tesseract's blocks.
DEFAULT_PSM = 6
DEFAULT_TIMEOUT_S = 60.0

T = TypeVar("T")

_INSTALL_HINT = "install it with: sudo apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd"


class OcrError(SohoaError):
    """Tesseract ran but failed on an image (a corrupt image, a crash)."""


class OcrTimeoutError(OcrError, TimeoutError):
    """Tesseract did not finish within the time allowed; its process was killed."""


def _missing(detail: str) -> MissingDependencyError:
    return MissingDependencyError(f"{detail} ({_INSTALL_HINT})")


def _not_found() -> MissingDependencyError:
    return _missing(f"tesseract is not installed or not on PATH ({pytesseract.pytesseract.tesseract_cmd!r})")


def tesseract_version() -> str:
    """The version of the `tesseract` binary in use, e.g. '5.3.0'."""
    try:
        return str(pytesseract.get_tesseract_version())
    except TesseractNotFoundError as exc:
        raise _not_found() from exc


def available_languages() -> frozenset[str]:
    """The language models Tesseract can load ('vie', 'eng', 'osd', ...; script models as installed:
    'Vietnamese' in Debian's flat layout, 'script/Vietnamese' in tessdata's own)."""
    # Asked every time (a model installed meanwhile is seen), and parsed here: pytesseract's get_languages keeps
    # only lower-case names and so misses the script models ("Vietnamese").
    try:
        listed = subprocess.run(
            [pytesseract.pytesseract.tesseract_cmd, "--list-langs"], capture_output=True, text=True, timeout=30
        )
    except FileNotFoundError as exc:
        raise _not_found() from exc
    except subprocess.TimeoutExpired as exc:
        raise OcrError("tesseract --list-langs did not answer within 30 s") from exc
    lines = listed.stdout.splitlines()[1:]  # the first line says where the models are
    return frozenset(name.strip() for name in lines if name.strip())


def check_tesseract(langs: Sequence[str] = (DEFAULT_LANG,)) -> str:
    """Check that Tesseract runs and has every language in `langs`; return its version.

    Raises MissingDependencyError naming what is missing and how to install it.
    """
    version = tesseract_version()
    have = available_languages()
    missing = [lang for lang in langs if lang not in have]
    if missing:
        names = ", ".join(missing)
        raise _missing(f"Tesseract {version} has no language model for {names} (it has: {', '.join(sorted(have))})")
    return version


class _ImageFile:
    """The image written to a temporary PGM/PPM file: 50 times faster to write than the PNG pytesseract would
    write itself, and Tesseract reads it as well (the DPI, which PNM cannot carry, is passed with --dpi)."""

    def __init__(self, image: np.ndarray) -> None:
        if image.dtype != np.uint8:
            raise ValueError(f"expected a uint8 image, got {image.dtype}")
        if image.ndim == 3 and image.shape[2] == 1:
            image = image[:, :, 0]
        suffix = ".pgm" if image.ndim == 2 else ".ppm"
        if image.ndim == 3 and image.shape[2] == 4:
            image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
        handle, self.path = tempfile.mkstemp(prefix="sohoa_ocr_", suffix=suffix)
        os.close(handle)
        if not cv2.imwrite(self.path, image):
            os.unlink(self.path)
            raise OcrError(f"could not write a temporary image to {self.path}")

    def __enter__(self) -> str:
        return self.path

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


# Tesseract 5 reads every line it is unsure of a second time inverted (light text on dark). Preprocessed scans
# are dark on light; turning that off saved 8% of the OCR time per page here (bench/throughput.py's pages).
NO_INVERT = "-c tessedit_do_invert=0"
# the same, for the library (`tess_api`)
LIBRARY_VARIABLES = {"tessedit_do_invert": "0"}


def _config(*, dpi: int | None, psm: int | None, extra: str) -> str:
    parts = [NO_INVERT]
    if psm is not None:
        parts.append(f"--psm {int(psm)}")
    if dpi:
        parts.append(f"--dpi {int(dpi)}")
    if extra:
        parts.append(extra)
    return " ".join(parts)


def _run(call: Callable[[float], T], *, timeout_s: float, what: str) -> T:
    """Run a pytesseract call, mapping its exceptions to the project's."""
    try:
        return call(timeout_s)
    except TesseractNotFoundError as exc:
        raise _not_found() from exc
    except TesseractError as exc:
        message = str(exc.message or exc).strip()
        if "Failed loading language" in message or "Error opening data file" in message:
            raise _missing(f"Tesseract cannot load a language model: {message}") from exc
        raise OcrError(f"tesseract failed on {what}: {message[:300]}") from exc
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise OcrTimeoutError(f"tesseract took longer than {timeout_s:g} s on {what}") from exc
        raise


def _words(data: dict[str, list]) -> list[Word]:
    """Word objects from image_to_data's dict: only real words (level 5, conf not -1, some text)."""
    words: list[Word] = []
    texts = data.get("text", [])
    for i, raw in enumerate(texts):
        text = unicodedata.normalize("NFC", str(raw)).strip()
        if not text:
            continue
        conf = float(data["conf"][i])
        if conf < 0 or int(data["level"][i]) != 5:
            continue
        words.append(
            Word(
                text=text,
                conf=max(0.0, min(100.0, conf)),
                box=Box(int(data["left"][i]), int(data["top"][i]), int(data["width"][i]), int(data["height"][i])),
                block=int(data["block_num"][i]),
                par=int(data["par_num"][i]),
                line=int(data["line_num"][i]),
                word=int(data["word_num"][i]),
            )
        )
    return words


def ocr_page(
    image: np.ndarray,
    *,
    dpi: int,
    lang: str = DEFAULT_LANG,
    psm: int = DEFAULT_PSM,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    config: str = "",
) -> list[Word]:
    """Every word Tesseract finds on a page, with its box (pixels of `image`), confidence (0-100) and its
    block/paragraph/line/word numbers, in Tesseract's reading order.

    `image` is a uint8 grey or BGR page; `dpi` its resolution, passed to Tesseract so it does not guess.
    `config` adds raw Tesseract options (e.g. "-c tessedit_char_whitelist=0123456789").
    """
    with _ImageFile(image) as path:
        data = _run(
            lambda t: pytesseract.image_to_data(
                path, lang=lang, config=_config(dpi=dpi, psm=psm, extra=config), output_type=Output.DICT, timeout=t
            ),
            timeout_s=timeout_s,
            what=f"a {image.shape[1]}x{image.shape[0]} page",
        )
    return _words(data)


def _library_wanted() -> bool:
    # SOHOA_OCR_LIBRARY=0 sends crops through the `tesseract` command too (as before the library was used)
    return os.environ.get("SOHOA_OCR_LIBRARY", "1") != "0"


def _read_canvas(
    canvas: np.ndarray, *, lang: str, dpi: int, psm: int, timeout_s: float, config: str, what: str
) -> dict[str, list]:
    """A stack of crops read by Tesseract's library where it loads (`tess_api`: no model load per call), by the
    `tesseract` command otherwise, and always by the command for raw options (`config`) or a colour image."""
    engine = None
    if not config and canvas.ndim == 2 and _library_wanted():
        engine = tess_api.engine(lang, LIBRARY_VARIABLES)
    if engine is not None:
        try:
            return engine.read(canvas, dpi=dpi, psm=psm, timeout_s=timeout_s)
        except tess_api.ApiTimeout as exc:
            raise OcrTimeoutError(f"tesseract took longer than {timeout_s:g} s on {what}") from exc
        except tess_api.ApiError as exc:
            raise OcrError(f"tesseract failed on {what}: {exc}") from exc
    with _ImageFile(canvas) as path:
        return _run(
            lambda t: pytesseract.image_to_data(
                path, lang=lang, config=_config(dpi=dpi, psm=psm, extra=config), output_type=Output.DICT, timeout=t
            ),
            timeout_s=timeout_s,
            what=what,
        )


@dataclass(frozen=True, slots=True)
class _Placed:
    box: Box  # the crop in the source image (clipped, padded)
    top: int  # where it starts in the tall image (in tall-image pixels)
    bottom: int


def ocr_crops(
    image: np.ndarray,
    boxes: Sequence[Box],
    *,
    dpi: int,
    lang: str = DEFAULT_LANG,
    psm: int = 6,
    scale: float = 1.0,
    pad: int = 4,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    config: str = "",
    prepare: Callable[[np.ndarray], np.ndarray] | None = None,
    binarize: bool = True,
) -> list[list[Word]]:
    """Read several regions of one page in a single Tesseract call; one list of words per box, in order.

    The crops (each grown by `pad` pixels and clipped to the page) are pasted one under the other into a white
    image, separated by white gaps taller than any crop, and read with `psm` (6: one uniform block; 4 also works).
    Each word goes back to the crop its vertical centre falls in, with its box in the coordinates of `image`.
    `scale` enlarges the crops first (e.g. 2 for small print at 150 dpi); boxes are mapped back to the page's
    pixels. The words' block/paragraph/line numbers are those of the tall image: lines are numbered across crops.
    `prepare` transforms each crop before it is pasted (e.g. `preprocess.slant.upright_italics`); it keeps the
    crop's height and its top-left corner, so boxes map back to within the change of width. `binarize` whitens
    each grey crop's paper (every pixel lighter than the crop's own Otsu threshold; the ink keeps its greys, which
    tone marks need): Tesseract would otherwise pick one threshold for the whole pasted image, which the white
    gaps pull up, and the grey paper of a poor scan turns black around the letters (a crop that read "NGUYÊN VĂN
    CÔNG" alone came back empty among the white).
    """
    if not boxes:
        return []
    gray = image
    height, width = gray.shape[:2]
    crops: list[np.ndarray] = []
    clipped: list[Box] = []
    for box in boxes:
        left, top = max(0, box.left - pad), max(0, box.top - pad)
        right, bottom = min(width, box.right + pad), min(height, box.bottom + pad)
        if right <= left or bottom <= top:
            clipped.append(Box(left, top, 0, 0))
            crops.append(np.full((1, 1, *gray.shape[2:]), 255, dtype=np.uint8))
            continue
        crop = gray[top:bottom, left:right]
        if scale != 1.0:
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        if prepare is not None:
            crop = prepare(crop)
        if binarize and crop.ndim == 2 and crop.size:
            threshold = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]
            crop = np.where(crop > threshold, np.uint8(255), crop)
        crops.append(crop)
        clipped.append(Box(left, top, right - left, bottom - top))
    tallest = max(c.shape[0] for c in crops)
    gap = max(24, tallest // 2 + 8)
    margin = gap
    canvas_width = max(c.shape[1] for c in crops) + 2 * margin
    canvas_height = sum(c.shape[0] for c in crops) + gap * (len(crops) - 1) + 2 * margin
    canvas = np.full((canvas_height, canvas_width, *gray.shape[2:]), 255, dtype=np.uint8)
    placed: list[_Placed] = []
    y = margin
    for crop, box in zip(crops, clipped, strict=True):
        canvas[y : y + crop.shape[0], margin : margin + crop.shape[1]] = crop
        placed.append(_Placed(box, y, y + crop.shape[0]))
        y += crop.shape[0] + gap
    scaled_dpi, what = round(dpi * scale), f"{len(boxes)} crops"
    data = _read_canvas(canvas, lang=lang, dpi=scaled_dpi, psm=psm, timeout_s=timeout_s, config=config, what=what)
    result: list[list[Word]] = [[] for _ in boxes]
    for word in _words(data):
        centre = word.box.center_y
        # the crop whose band (with half a gap either side) holds the word's centre
        index = next((i for i, s in enumerate(placed) if s.top - gap / 2 <= centre < s.bottom + gap / 2), None)
        if index is None:
            continue
        slot = placed[index]
        x = (word.box.left - margin) / scale
        y_in = (word.box.top - slot.top) / scale
        mapped = Box(
            slot.box.left + max(0, round(x)),
            slot.box.top + max(0, round(y_in)),
            max(1, round(word.box.width / scale)),
            max(1, round(word.box.height / scale)),
        )
        result[index].append(
            Word(word.text, word.conf, mapped, block=word.block, par=word.par, line=word.line, word=word.word)
        )
    return result


@dataclass(frozen=True, slots=True)
class OsdResult:
    rotate: int  # degrees to turn the image clockwise to make it upright: 0, 90, 180, 270
    confidence: float  # Tesseract's orientation confidence (above about 2 is trustworthy)
    script: str


def detect_osd(image: np.ndarray, *, dpi: int, timeout_s: float = 30.0) -> OsdResult:
    """Tesseract's orientation and script detection (psm 0, model `osd`): about 1-2 s for a 300-dpi page."""
    with _ImageFile(image) as path:
        data = _run(
            lambda t: pytesseract.image_to_osd(
                path, lang="osd", config=_config(dpi=dpi, psm=None, extra=""), output_type=Output.DICT, timeout=t
            ),
            timeout_s=timeout_s,
            what="orientation detection",
        )
    return OsdResult(
        rotate=int(data.get("rotate", 0)) % 360,
        confidence=float(data.get("orientation_conf", 0.0)),
        script=str(data.get("script", "")),
    )
