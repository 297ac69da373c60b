"""Tesseract's own library, loaded once per worker process, for the many small reads of a page's second look.

Why: every `tesseract` command loads its model again, and before any recognition Tesseract 5 also builds its
table of "universal ambiguities" (a legacy-engine table it builds even for an LSTM-only model): about 0.2 s a call
here, against 0.02 s to read a stack of a few crops. Pages are still read by the `tesseract` command through
pytesseract (one call a page, the cost the baseline pays too); the second look's calls (a page makes one to
three) go through the C API of the same library (`libtesseract.so.5`, which the `tesseract` command itself uses)
with the same settings, and return the same TSV the command writes, so the words are the same.

A model loaded here stays loaded for the life of the worker process (30-45 MB each: `vie`, and `Vietnamese` for
the second opinion). Where the library cannot be loaded or a model not initialised, `engine` returns None and
callers fall back to the command. Time limits: Tesseract checks a deadline between words, so a call that runs out
of time ends with an error (`OcrTimeoutError`); layout analysis, which it does not interrupt, is a small part of a
crop stack's time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
import time

import numpy as np
from pytesseract.pytesseract import file_to_dict

LIBRARY_NAMES = ("libtesseract.so.5", "tesseract")

# the header line of the `tesseract` command's TSV (its renderer writes it; the API does not)
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


class ApiError(RuntimeError):
    """The library failed on an image (not a timeout)."""


class ApiTimeout(ApiError):
    """Recognition passed its deadline."""


def _load_library() -> ctypes.CDLL | None:
    for name in LIBRARY_NAMES:
        path = name if name.endswith(".5") else ctypes.util.find_library(name)
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        _declare(lib)
        return lib
    return None


def _declare(lib: ctypes.CDLL) -> None:
    handle, text = ctypes.c_void_p, ctypes.c_char_p
    lib.TessBaseAPICreate.restype = handle
    lib.TessBaseAPICreate.argtypes = []
    lib.TessBaseAPIDelete.argtypes = [handle]
    lib.TessBaseAPIDelete.restype = None
    lib.TessBaseAPIInit3.argtypes = [handle, text, text]
    lib.TessBaseAPIInit3.restype = ctypes.c_int
    lib.TessBaseAPISetVariable.argtypes = [handle, text, text]
    lib.TessBaseAPISetVariable.restype = ctypes.c_int
    lib.TessBaseAPISetPageSegMode.argtypes = [handle, ctypes.c_int]
    lib.TessBaseAPISetPageSegMode.restype = None
    lib.TessBaseAPISetImage.argtypes = [handle, ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.TessBaseAPISetImage.restype = None
    lib.TessBaseAPIRecognize.argtypes = [handle, handle]
    lib.TessBaseAPIRecognize.restype = ctypes.c_int
    # a char* the caller frees with TessDeleteText: declared as a void pointer so ctypes hands the address back
    lib.TessBaseAPIGetTsvText.argtypes = [handle, ctypes.c_int]
    lib.TessBaseAPIGetTsvText.restype = ctypes.c_void_p
    lib.TessDeleteText.argtypes = [ctypes.c_void_p]
    lib.TessDeleteText.restype = None
    lib.TessBaseAPIClear.argtypes = [handle]
    lib.TessBaseAPIClear.restype = None
    lib.TessBaseAPIEnd.argtypes = [handle]
    lib.TessBaseAPIEnd.restype = None
    lib.TessMonitorCreate.argtypes = []
    lib.TessMonitorCreate.restype = handle
    lib.TessMonitorDelete.argtypes = [handle]
    lib.TessMonitorDelete.restype = None
    lib.TessMonitorSetDeadlineMSecs.argtypes = [handle, ctypes.c_int]
    lib.TessMonitorSetDeadlineMSecs.restype = None


_lock = threading.Lock()
_engines: dict[tuple[int, str], Engine | None] = {}  # by process and model (and its variables)
_library: list[ctypes.CDLL | None] = []  # loaded (or found missing) once a process


def engine(lang: str, variables: dict[str, str]) -> Engine | None:
    """The engine for `lang` in this process (made on first use), or None where the library or the model cannot be
    loaded. `variables` are set once, at initialisation (they are part of the key)."""
    # a forked child must not use its parent's handles
    key = (os.getpid(), lang + "\0" + repr(sorted(variables.items())))
    with _lock:
        if key not in _engines:
            if not _library:
                _library.append(_load_library())
            _engines[key] = Engine.create(_library[0], lang, variables) if _library[0] is not None else None
        return _engines[key]


class Engine:
    """One language model of the library, initialised once: `read` a grey image to a pytesseract-style dict."""

    def __init__(self, lib: ctypes.CDLL, handle: int, lang: str) -> None:
        self._lib = lib
        self._handle = handle
        self.lang = lang
        self._busy = threading.Lock()  # one recognition at a time per handle (the API is not reentrant)

    @classmethod
    def create(cls, lib: ctypes.CDLL, lang: str, variables: dict[str, str]) -> Engine | None:
        handle = lib.TessBaseAPICreate()
        if not handle:
            return None
        # Tesseract's own notes (such as "Estimating resolution") go where the command's stderr went: nowhere
        lib.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())
        if lib.TessBaseAPIInit3(handle, None, lang.encode()) != 0:
            lib.TessBaseAPIDelete(handle)
            return None
        for name, value in variables.items():
            if not lib.TessBaseAPISetVariable(handle, name.encode(), value.encode()):
                lib.TessBaseAPIEnd(handle)
                lib.TessBaseAPIDelete(handle)
                return None
        return cls(lib, handle, lang)

    def read(self, image: np.ndarray, *, dpi: int, psm: int, timeout_s: float) -> dict[str, list]:
        """Recognise a uint8 grey image; the words as `pytesseract.image_to_data(..., output_type=DICT)` gives
        them (the columns `pipeline.ocr.tesseract._words` reads)."""
        if image.dtype != np.uint8 or image.ndim != 2:
            raise ApiError(f"expected a uint8 grey image, got {image.dtype} with {image.ndim} dimensions")
        image = np.ascontiguousarray(image)
        height, width = image.shape
        lib, handle = self._lib, self._handle
        with self._busy:
            monitor = lib.TessMonitorCreate()
            started = time.monotonic()
            try:
                lib.TessBaseAPISetPageSegMode(handle, int(psm))
                lib.TessBaseAPISetImage(handle, image.ctypes.data, width, height, 1, width)
                # as the command's --dpi does: the image itself carries no resolution
                lib.TessBaseAPISetVariable(handle, b"user_defined_dpi", str(int(dpi)).encode())
                lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout_s * 1000)))
                if lib.TessBaseAPIRecognize(handle, monitor) != 0:
                    if time.monotonic() - started >= timeout_s:
                        raise ApiTimeout(f"recognition took longer than {timeout_s:g} s")
                    raise ApiError("recognition failed")
                address = lib.TessBaseAPIGetTsvText(handle, 0)
                if not address:
                    raise ApiError("no text came back")
                try:
                    tsv = ctypes.string_at(address).decode("utf-8", errors="replace")
                finally:
                    lib.TessDeleteText(address)
            finally:
                lib.TessMonitorDelete(monitor)
                lib.TessBaseAPIClear(handle)
        return parse_tsv(tsv)


def parse_tsv(tsv: str) -> dict[str, list]:
    """Tesseract's TSV as pytesseract's `image_to_data(..., output_type=DICT)` gives it, parsed by pytesseract's own
    parser (numbers as ints, `conf` cut to a whole number), so crops read either way come out alike. The API gives
    no header line; the command's renderer writes one, which the parser needs."""
    if not tsv.startswith("level"):
        tsv = TSV_HEADER + "\n" + tsv
    return file_to_dict(tsv, "\t", -1)
