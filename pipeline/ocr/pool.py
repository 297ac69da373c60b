"""OCR of many pages at once: a pool of worker processes, one per core, each preprocessing a page and reading it.

Why processes and one thread each: Tesseract's OpenMP threads make a page about 4.5 times slower on this 2-core
machine than one single-threaded `tesseract` per core, so the pool sets `OMP_THREAD_LIMIT=1` in the parent before
starting its workers and again in every worker (pytesseract passes `os.environ` to the `tesseract` it starts).

A page never raises out of the pool: a page whose OCR runs out of time comes back as `PageStatus.TIMEOUT`, any
other failure (a corrupt image, a crash of Tesseract or of the worker process itself) as `PageStatus.ERROR`,
with the reason, so the batch goes on and the document is flagged for review. When a worker process dies the
executor is broken for every page in flight: the pool replaces it and gives those pages one more try, so only a
page that kills its worker twice is lost.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
import pytesseract

from pipeline.errors import SohoaError
from pipeline.ocr.marks import SPECKED_PAGE, check_marks, confirmed_by_ink, spelling_on_page
from pipeline.ocr.model import Box, CropSource, PageOCR, PageStatus, Word
from pipeline.ocr.phantom import drop_phantoms
from pipeline.ocr.recover import first_recovered_block, merged, unread_lines
from pipeline.ocr.spaces import part_run_together
from pipeline.ocr.tesseract import DEFAULT_LANG, DEFAULT_PSM, OcrTimeoutError, check_tesseract, ocr_crops, ocr_page
from pipeline.preprocess.leaders import erase_leaders
from pipeline.preprocess.pipeline import PageLike, PreprocessConfig, preprocess_image
from pipeline.preprocess.slant import estimate_slant, upright_italics
from pipeline.preprocess.stamps import ColourMode, drop_colour

OMP_ENV = {"OMP_THREAD_LIMIT": "1"}

# A second pass over a read page, run in the worker where the preprocessed image is: it gets the page and the
# page's crops to read again (one Tesseract call for all of them) and returns the page, words revised.
Refine = Callable[[PageOCR, CropSource], PageOCR]
# the crops of a second pass are pasted one under the other (`ocr_crops`) and read as one block of lines
CROP_PSM = 6
# a missed line read alone: sparse text (11). A poor scan's clear "Huỳnh Quốc Nghĩa ......" came back empty as a
# block (6) and as a line (7), and whole as sparse text (set 11100)
ALONE_PSM = 11
ALONE_AT_MOST = 3  # missed lines read alone a page, a Tesseract call each (about 0.1 s)


@dataclass(frozen=True)
class OcrOptions:
    """Everything a worker needs besides the page: sent with every page (a few hundred bytes, and the second
    pass's name counts when it has them: some tens of kilobytes, against a page image of megabytes)."""

    preprocess: PreprocessConfig = field(default_factory=PreprocessConfig)
    lang: str = DEFAULT_LANG
    psm: int = DEFAULT_PSM
    timeout_s: float = 60.0
    config: str = ""
    refine: Refine | None = None  # a module-level function or a partial of one (it is pickled to the workers)
    recover: bool = True  # read again the lines the page's OCR skipped (see pipeline.ocr.recover)
    settle: Refine | None = None  # a last pass, after the missed lines are in (names: a second model's opinion)
    check_marks: bool = True  # tone marks checked against the ink on the page (see pipeline.ocr.marks)


@dataclass(frozen=True)
class PageJob:
    """A page as sent to a worker: only what it needs, so any PageImage-like object can be submitted."""

    page_no: int
    image: np.ndarray
    dpi: int


# the pool's options, handed to each worker once when it starts (they carry the name counts: no need to send them
# with every page)
_worker_options: OcrOptions | None = None


def _init_worker(env: dict[str, str], tesseract_cmd: str, options: OcrOptions) -> None:
    global _worker_options
    os.environ.update(env)
    # OpenCV's own thread pool would fight the other workers for the cores just as Tesseract's OpenMP does
    cv2.setNumThreads(1)
    pytesseract.pytesseract.tesseract_cmd = tesseract_cmd
    _worker_options = options


def _in_worker(job: PageJob) -> PageOCR:
    assert _worker_options is not None, "the worker was started without its options"
    return process_page(job, _worker_options)


def _ready() -> int:
    """Nothing: submitted once per worker when the pool opens, so that the workers start (and import OpenCV and
    the pipeline) while the caller reads its first file, not after."""
    return os.getpid()


def _failed(job: PageJob, status: PageStatus, reason: str, started: float, **extra: float) -> PageOCR:
    height, width = job.image.shape[:2]
    return PageOCR(
        page_no=job.page_no,
        width=width,
        height=height,
        dpi=job.dpi,
        status=status,
        error=reason,
        seconds=time.perf_counter() - started,
        extra=dict(extra),
    )


def process_page(job: PageJob, options: OcrOptions) -> PageOCR:
    """Preprocess and read one page; failures become TIMEOUT/ERROR pages. Runs in a worker (or in-process)."""
    started = time.perf_counter()
    try:
        pre = preprocess_image(job.image, job.dpi, options.preprocess)
    except Exception as exc:  # a bad image must not stop the batch
        return _failed(job, PageStatus.ERROR, f"preprocessing failed: {type(exc).__name__}: {exc}", started)
    extra = {f"{step}_s": seconds for step, seconds in pre.timings.items()}
    extra.update(pre.measures)
    extra["preprocess_s"] = sum(pre.timings.values())
    ocr_started = time.perf_counter()
    try:
        words = ocr_page(
            pre.image,
            dpi=pre.dpi,
            lang=options.lang,
            psm=options.psm,
            timeout_s=options.timeout_s,
            config=options.config,
        )
    except OcrTimeoutError as exc:
        return _failed(job, PageStatus.TIMEOUT, exc.reason, started, **extra)
    except SohoaError as exc:
        return _failed(job, PageStatus.ERROR, exc.reason, started, **extra)
    except Exception as exc:
        return _failed(job, PageStatus.ERROR, f"OCR failed: {type(exc).__name__}: {exc}", started, **extra)
    extra["ocr_s"] = time.perf_counter() - ocr_started
    # peak resident memory of this worker so far, in MB (Linux reports KB). Tesseract's own (a separate process,
    # 95-170 MB a page) is not included: Linux's figure for children starts from the worker's size at the fork.
    extra["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the thread limit the tesseract of this page ran with (0: unset), so a batch can show it ran single-threaded
    extra["omp_thread_limit"] = float(os.environ.get("OMP_THREAD_LIMIT", "0") or 0)
    height, width = pre.image.shape[:2]
    page = PageOCR(
        page_no=job.page_no,
        width=width,
        height=height,
        dpi=pre.dpi,
        words=tuple(words),
        rotation=pre.rotation,
        skew=pre.skew,
        seconds=time.perf_counter() - started,
        extra=extra,
    )
    return _second_look(page, pre.image, options)


@dataclass
class PageCrops:
    """The preprocessed page image, for the second pass (`CropSource`), and the lines the page's OCR skipped.

    Both are read in the same Tesseract call (each call costs a process start and the model's load, about 0.1 s):
    the missed lines ride along with the second pass's first `read`, or are read alone by `missed_words` when the
    pass reads nothing.
    """

    image: np.ndarray
    dpi: int
    options: OcrOptions
    missed: list[Box] = field(default_factory=list)
    _missed_words: list[list[Word]] | None = None
    read_alone: int = 0  # missed lines read again alone (`_alone_as_lines`)

    def _read(
        self,
        boxes: Sequence[Box],
        lang: str | None = None,
        prepare: Callable[[np.ndarray], np.ndarray] = upright_italics,
        psm: int = CROP_PSM,
    ) -> list[list[Word]]:
        # italic values are read upright: italic digits are where the page's reading errs most (1/7, 8/6, 5/9)
        return ocr_crops(
            self.image,
            boxes,
            dpi=self.dpi,
            lang=lang or self.options.lang,
            psm=psm,
            timeout_s=self.options.timeout_s / 2,
            prepare=prepare,
        )

    def read(self, boxes: Sequence[Box], lang: str | None = None) -> list[list[Word]]:
        if lang not in (None, self.options.lang):  # another model: a call of its own, the missed lines stay out
            return self._read(boxes, lang)
        if self._missed_words is not None or not self.missed:
            return self._read(boxes)
        found = self._read([*boxes, *self.missed])
        self._missed_words = self._again_without_leaders(found[len(boxes) :])
        return found[: len(boxes)]

    def _again_without_leaders(self, found: list[list[Word]]) -> list[list[Word]]:
        """The missed lines' readings, those that came back with no word at all read once more with their dotted
        leaders whitened, where they have any: Tesseract returned nothing for a clear "Số: ..... 534" with its
        dots, and "Số: 534" without (`pipeline.preprocess.leaders`). Only the empty ones: a line read as junk
        ("mẹ: ........." at 0, its crop cut into the m) came back "Tne:" at 81 without its leaders, and took the
        place of the label's junk. One more call, on the pages that need it."""
        empty = [
            index for index, words in enumerate(found) if not words and _has_leaders(self.image, self.missed[index])
        ]
        out = list(found)
        if empty:
            try:
                again = self._read([self.missed[i] for i in empty], prepare=_upright_without_leaders)
            except Exception:  # a second chance only: the first reading stands
                again = [[] for _ in empty]
            for index, words in zip(empty, again, strict=True):
                out[index] = words
        return self._alone_as_lines(out)

    def _alone_as_lines(self, found: list[list[Word]]) -> list[list[Word]]:
        """The missed lines still read as nothing, each read once more alone, as sparse text (`ALONE_PSM`):
        Tesseract's block reading returned nothing for a clear italic "Huỳnh Quốc Nghĩa ......" of a poor scan,
        among other crops and alone. A call each, for at most `ALONE_AT_MOST` lines a page."""
        empty = [index for index, words in enumerate(found) if not words][:ALONE_AT_MOST]
        out = list(found)
        for index in empty:
            try:
                out[index] = self._read([self.missed[index]], psm=ALONE_PSM)[0]
            except Exception:  # a last chance only: the line stays missed
                continue
            self.read_alone += 1
        return out

    def slants(self, boxes: Sequence[Box]) -> list[float]:
        return [estimate_slant(self.image[b.top : b.bottom, b.left : b.right]) for b in boxes]

    def marks_confirmed(self, word: Word) -> bool:
        return confirmed_by_ink(self.image, word)

    def spelling_on_page(self, word: Word, spellings: Sequence[str]) -> str | None:
        return spelling_on_page(self.image, word, spellings)

    @property
    def read_missed(self) -> bool:
        """Whether the missed lines have been read (by a pass's first call, or alone)."""
        return self._missed_words is not None

    def missed_words(self) -> list[list[Word]]:
        if self._missed_words is None:
            self._missed_words = self._again_without_leaders(self._read(self.missed)) if self.missed else []
        return self._missed_words


def _upright_without_leaders(crop: np.ndarray) -> np.ndarray:
    return erase_leaders(upright_italics(crop))


def _has_leaders(image: np.ndarray, box: Box) -> bool:
    crop = image[box.top : box.bottom, box.left : box.right]
    return crop.ndim == 2 and erase_leaders(crop) is not crop


def _second_look(page: PageOCR, image: np.ndarray, options: OcrOptions) -> PageOCR:
    """The page after the lines its OCR skipped are read (`pipeline.ocr.recover`), after the second pass over
    its fields (`options.refine`) and after the last pass (`options.settle`), which sees the missed lines too.
    Any of them failing leaves the reading as it was: they only ever add to it."""
    started = time.perf_counter()
    try:
        missed = unread_lines(image, page.words) if options.recover else []
    except Exception:  # an analysis bug must not cost the page its first reading
        missed = []
        page = replace(page, extra={**page.extra, "recover_failed": 1.0})
    crops = PageCrops(image, page.dpi, options, missed)
    extra = {"recovered_lines": float(len(missed))}
    timed_out = False
    if options.refine is not None:
        try:
            page = options.refine(page, crops)
        except TimeoutError:
            extra["refine_failed"] = 1.0
            timed_out = True
            if crops.read_missed is False:
                # the missed lines rode along with the call that ran out of time: no second wait for them
                extra["recover_failed"] = 1.0
                crops.missed = []
        except Exception:  # the first reading stands; the page records that the second pass failed
            extra["refine_failed"] = 1.0
    try:
        found = crops.missed_words()
    except Exception:  # a timeout, a crash of Tesseract, a bad crop: the lines stay missed, the page stays read
        extra["recover_failed"] = 1.0
    else:
        extra["recovered_block"] = float(first_recovered_block(page.words))
        extra["recovered_alone"] = float(crops.read_alone)
        page = replace(page, words=merged(page.words, crops.missed, found))
    if options.settle is not None and not timed_out:  # a page that ran out of time gets no more calls
        try:
            page = options.settle(replace(page, extra={**page.extra, **extra}), crops)
        except Exception:  # a timeout or a bug: the page keeps what the passes before found
            extra["settle_failed"] = 1.0
    if options.check_marks:  # last: it judges the final reading, whichever pass wrote it
        try:
            specks = page.extra.get("specks_seen")
            specked = specks is None or specks >= SPECKED_PAGE
            words, run_together = part_run_together(image, page.words)
            words, dropped = drop_phantoms(image, words)
            words, changed = check_marks(image, words, specked=specked)
        except Exception:  # an analysis bug must not cost the page its reading
            extra["marks_failed"] = 1.0
        else:
            page = replace(page, words=tuple(words))
            extra["marks_changed"] = float(changed)
            extra["phantoms_dropped"] = float(dropped)
            extra["run_together_parted"] = float(run_together)
    seconds = time.perf_counter() - started
    extra["second_look_s"] = seconds
    return replace(page, seconds=page.seconds + seconds, extra={**page.extra, **extra})


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _job(page: PageLike, colour: ColourMode | None = None) -> PageJob:
    """The page as a worker gets it. With `colour` (the preprocessing's colour mode) a colour page is turned grey
    here, as the worker's first step would: a third of the bytes to pickle and send (a 300-dpi A4 colour page is
    26 MB, its red channel 8.7 MB)."""
    image = page.image
    if colour is not None and image.ndim == 3:
        with contextlib.suppress(ValueError):  # an odd shape: the worker reports it as the page's error
            image = drop_colour(image, mode=colour)
    return PageJob(int(page.page_no), np.ascontiguousarray(image), int(page.dpi))


class OcrPool:
    """Preprocess and OCR pages in worker processes.

    ```
    with OcrPool() as pool:
        for page_ocr in pool.map(pages):   # pages: any iterable of PageImage-like objects, read lazily
            ...
    ```

    `workers` defaults to the number of cores. `max_in_flight` bounds the pages `map` holds at once (default
    twice the workers), so memory stays bounded however long the input. Entering the pool checks that Tesseract
    and the language are installed (MissingDependencyError otherwise); pages themselves never raise.
    """

    def __init__(
        self,
        workers: int | None = None,
        preprocess: PreprocessConfig | None = None,
        timeout_s: float = 60.0,
        *,
        lang: str = DEFAULT_LANG,
        psm: int = DEFAULT_PSM,
        config: str = "",
        max_in_flight: int | None = None,
        retries: int = 1,
        start_method: str | None = None,
        max_tasks_per_child: int | None = None,
        refine: Refine | None = None,
        recover: bool = True,
        settle: Refine | None = None,
    ) -> None:
        self.workers = max(1, workers or _cores())
        self.options = OcrOptions(
            preprocess or PreprocessConfig(), lang, psm, timeout_s, config, refine, recover, settle
        )
        self.max_in_flight = max(1, max_in_flight or 2 * self.workers)
        self.retries = retries
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context(
            start_method or ("forkserver" if "forkserver" in methods else "spawn")
        )
        if self._context.get_start_method() == "forkserver":
            # the fork server imports OpenCV and the pipeline once; each worker (and each restarted one) is forked
            # from it with them loaded
            self._context.set_forkserver_preload([__name__])
        self._max_tasks_per_child = max_tasks_per_child
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0
        self._closed = False
        self.restarts = 0  # how many times a broken executor was replaced

    # -- lifecycle -------------------------------------------------------------------------------------------------

    def __enter__(self) -> OcrPool:
        check_tesseract(self.options.lang.split("+"))
        executor, _ = self._ensure_executor()
        for _ in range(self.workers):
            executor.submit(_ready)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _ensure_executor(self) -> tuple[ProcessPoolExecutor, int]:
        with self._lock:
            if self._closed:
                raise RuntimeError("the OCR pool is closed")
            if self._executor is None:
                # the parent's environment is what forkserver/spawn children start from
                os.environ.update(OMP_ENV)
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=self._context,
                    initializer=_init_worker,
                    initargs=(dict(OMP_ENV), pytesseract.pytesseract.tesseract_cmd, self.options),
                    max_tasks_per_child=self._max_tasks_per_child,
                )
            return self._executor, self._generation

    def _discard(self, generation: int) -> None:
        """Drop a broken executor (once, whichever page notices first); the next page starts a new one."""
        with self._lock:
            if generation != self._generation or self._executor is None:
                return
            executor, self._executor = self._executor, None
            self._generation += 1
            self.restarts += 1
        executor.shutdown(wait=False, cancel_futures=True)

    def worker_pids(self) -> list[int]:
        """The process ids of the current workers (started with the first page): for monitoring and tests."""
        with self._lock:
            processes = getattr(self._executor, "_processes", None) or {}
            return [process.pid for process in processes.values() if process.pid is not None]

    # -- work ------------------------------------------------------------------------------------------------------

    def submit(self, page: PageLike) -> Future[PageOCR]:
        """Queue one page; the future always ends with a PageOCR (status OK, TIMEOUT or ERROR), never raises."""
        outer: Future[PageOCR] = Future()
        outer.set_running_or_notify_cancel()
        self._dispatch(_job(page, self.options.preprocess.colour), outer, attempt=0, started=time.perf_counter())
        return outer

    def _dispatch(self, job: PageJob, outer: Future[PageOCR], attempt: int, started: float) -> None:
        try:
            executor, generation = self._ensure_executor()
            inner = executor.submit(_in_worker, job)
        except BrokenProcessPool:
            self._discard(self._generation)
            self._retry_or_fail(job, outer, attempt, started, "the OCR worker pool broke")
            return
        except RuntimeError as exc:  # closed pool, or an executor shut down under us
            outer.set_result(_failed(job, PageStatus.ERROR, f"OCR pool unavailable: {exc}", started))
            return
        inner.add_done_callback(lambda done: self._finished(done, job, outer, attempt, started, generation))

    def _finished(
        self, done: Future[PageOCR], job: PageJob, outer: Future[PageOCR], attempt: int, started: float, generation: int
    ) -> None:
        if done.cancelled():
            outer.set_result(_failed(job, PageStatus.ERROR, "cancelled: the OCR pool was closed", started))
            return
        exc = done.exception()
        if exc is None:
            outer.set_result(done.result())
        elif isinstance(exc, BrokenProcessPool):
            self._discard(generation)
            self._retry_or_fail(job, outer, attempt, started, "an OCR worker process died (crash or out of memory)")
        else:  # process_page catches everything; this is pickling or the like
            outer.set_result(_failed(job, PageStatus.ERROR, f"OCR worker failed: {type(exc).__name__}: {exc}", started))

    def _retry_or_fail(self, job: PageJob, outer: Future[PageOCR], attempt: int, started: float, reason: str) -> None:
        if attempt < self.retries and not self._closed:
            self._dispatch(job, outer, attempt + 1, started)
        else:
            outer.set_result(_failed(job, PageStatus.ERROR, reason, started))

    def map(self, pages: Iterable[PageLike]) -> Iterator[PageOCR]:
        """PageOCR for every page, in the input's order, with at most `max_in_flight` pages queued at once."""
        pending: deque[Future[PageOCR]] = deque()
        for page in pages:
            pending.append(self.submit(page))
            if len(pending) >= self.max_in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def ocr_pages(pages: Iterable[PageLike], **kwargs: object) -> list[PageOCR]:
    """Convenience: OCR every page with a pool made for the call (keyword arguments as for OcrPool)."""
    with OcrPool(**kwargs) as pool:  # type: ignore[arg-type]
        return list(pool.map(pages))
