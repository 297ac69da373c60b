"""OCR begun on the first files while something slow starts: Prefect's temporary server takes 4-5 s to come up
(here, on 2 cores), and the OCR workers, started at the same time, would otherwise wait for it doing nothing.

`HeadStart` reads ahead: in a thread, it rasterises the first files that need processing (the caller says which)
and submits their pages to the OCR pool, until `stop` (the server is up) or until it holds `limit` pages. It is
itself a `PageOcr` for `process_file`: its `map` hands back a page read ahead when it is given the same page
again, recognised by its pixels, and sends any other page to the pool. Nothing is stored or decided ahead: the flow
still does every file's intake, raster, extraction and storage, as its tasks say; only the OCR of a page may have
been done before the task asked for it. A page read ahead that is never asked for is dropped with the head start.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

import numpy as np

from pipeline.ocr.model import PageOCR
from pipeline.ocr.pool import OcrPool
from pipeline.preprocess.pipeline import PageLike

# A page is looked up by every SAMPLE-th pixel of every SAMPLE-th row (and its size, dpi and number), under a
# millisecond, and recognised only when the hash of its whole image agrees too (about 9 ms for an A4 page at 300
# dpi, paid on a match only): two clean pages that differ in a tone mark between the sampled pixels are two pages.
SAMPLE = 7


def fingerprint(page: PageLike) -> bytes:
    image = np.ascontiguousarray(page.image[::SAMPLE, ::SAMPLE])
    digest = hashlib.blake2b(image.tobytes(), digest_size=16)
    digest.update(repr((page.image.shape, int(page.page_no), int(page.dpi))).encode())
    return digest.digest()


def whole_image_digest(page: PageLike) -> bytes:
    return hashlib.blake2b(memoryview(np.ascontiguousarray(page.image)).cast("B"), digest_size=16).digest()


class HeadStart:
    """A `PageOcr` over `pool` that may have begun some pages already (see the module's docstring).

    `pages_of(path)` gives a file's pages when the file is to be read, None when not (already processed, not a
    scan); it runs in the head start's thread, and any error it raises only ends the reading ahead.
    """

    def __init__(
        self,
        pool: OcrPool,
        pages_of: Callable[[Path], Iterable[PageLike] | None],
        *,
        limit: int | None = None,
    ) -> None:
        self.pool = pool
        self.pages_of = pages_of
        self.limit = limit if limit is not None else 8 * pool.workers
        self._ahead: dict[bytes, tuple[bytes, Future[PageOCR]]] = {}  # by fingerprint: whole digest, reading
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.submitted = 0  # pages read ahead
        self.used = 0  # of those, pages `map` was asked for

    def start(self, files: Sequence[Path]) -> HeadStart:
        self._thread = threading.Thread(target=self._read_ahead, args=(list(files),), name="ocr-head-start")
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Read no further ahead (what was submitted goes on); returns once the thread has stopped."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> HeadStart:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _read_ahead(self, files: list[Path]) -> None:
        # at most as many pages unfinished as the pool keeps in flight itself: more would only queue images in
        # memory, none of them read sooner
        in_flight = self.pool.max_in_flight
        unfinished: set[Future[PageOCR]] = set()
        try:
            for path in files:
                if self._stop.is_set():
                    return
                pages = self.pages_of(path)
                for page in pages or ():
                    while len(unfinished) >= in_flight and not self._stop.is_set():
                        _, pending = wait(unfinished, timeout=0.1, return_when=FIRST_COMPLETED)
                        unfinished = set(pending)
                    if self._stop.is_set() or self.submitted >= self.limit:
                        return
                    future = self.pool.submit(page)
                    key, digest = fingerprint(page), whole_image_digest(page)
                    with self._lock:
                        self._ahead[key] = (digest, future)
                    unfinished.add(future)
                    self.submitted += 1
        except Exception:  # reading ahead is an optimisation: the flow reads and reports the file itself
            return

    def _taken(self, page: PageLike) -> Future[PageOCR] | None:
        with self._lock:
            if not self._ahead:
                return None
            key = fingerprint(page)
            found = self._ahead.get(key)
        if found is None or found[0] != whole_image_digest(page):
            return None  # not read ahead, or another page with the same sampled pixels
        with self._lock:
            if self._ahead.pop(key, None) is None:
                return None  # taken meanwhile by another task for the same page
            self.used += 1
        return found[1]

    def map(self, pages: Iterable[PageLike]) -> Iterator[PageOCR]:
        """As `OcrPool.map`: every page's reading in order, at most the pool's `max_in_flight` queued at once."""
        pending: deque[Future[PageOCR]] = deque()
        for page in pages:
            pending.append(self._taken(page) or self.pool.submit(page))
            if len(pending) >= self.pool.max_in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
