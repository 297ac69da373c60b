"""Reading ahead while the Prefect server starts: pages matched by their pixels, the rest read as usual."""

from __future__ import annotations

import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from pipeline.ocr.head_start import HeadStart, fingerprint
from pipeline.ocr.model import PageOCR


@dataclass
class _Page:
    page_no: int
    image: np.ndarray
    dpi: int = 300


class _Pool:
    """Records what it is asked to read; each reading says which image it was (its first pixel)."""

    workers = 2
    max_in_flight = 4

    def __init__(self) -> None:
        self.read: list[int] = []

    def submit(self, page: _Page) -> Future[PageOCR]:
        self.read.append(int(page.image[0, 0]))
        future: Future[PageOCR] = Future()
        future.set_result(
            PageOCR(
                page.page_no, page.image.shape[1], page.image.shape[0], page.dpi, extra={"id": float(page.image[0, 0])}
            )
        )
        return future


def _page(marker: int, page_no: int = 1) -> _Page:
    image = np.full((70, 50), 255, np.uint8)
    image[0, 0] = marker
    image[20:40, 10 + marker % 30 : 15 + marker % 30] = 0
    return _Page(page_no, image)


FILES = {Path("a.png"): [_page(1)], Path("b.pdf"): [_page(2, 1), _page(3, 2)], Path("c.tif"): [_page(4)]}


def _finished(head: HeadStart, submitted: int) -> HeadStart:
    deadline = time.monotonic() + 5
    while head.submitted < submitted and time.monotonic() < deadline:
        time.sleep(0.01)
    head.stop()
    return head


def test_pages_read_ahead_are_handed_back_and_not_read_twice() -> None:
    pool = _Pool()
    head = _finished(HeadStart(pool, lambda path: FILES[path]).start(list(FILES)), 4)
    assert pool.read == [1, 2, 3, 4]
    readings = [
        page.extra["id"] for path in FILES for page in head.map(_page(p.image[0, 0], p.page_no) for p in FILES[path])
    ]
    assert readings == [1, 2, 3, 4]
    assert pool.read == [1, 2, 3, 4] and head.used == 4
    # a page not read ahead goes to the pool, in its place among the others
    assert [p.extra["id"] for p in head.map([_page(9), _page(1)])] == [9, 1]
    assert pool.read == [1, 2, 3, 4, 9, 1]


def test_files_not_to_be_read_are_skipped_and_the_limit_holds() -> None:
    pool = _Pool()
    wanted = {Path("a.png"): None, Path("b.pdf"): FILES[Path("b.pdf")], Path("c.tif"): FILES[Path("c.tif")]}
    _finished(HeadStart(pool, wanted.__getitem__, limit=2).start(list(wanted)), 2)
    assert pool.read == [2, 3]


def test_an_error_reading_ahead_only_ends_the_reading_ahead() -> None:
    pool = _Pool()

    def pages_of(path: Path) -> list[_Page]:
        if path.name == "b.pdf":
            raise OSError("unreadable")
        return FILES[path]

    head = HeadStart(pool, pages_of).start(list(FILES))
    head._thread.join(5)  # it ends by itself at the error
    head.stop()
    assert pool.read == [1]
    assert [p.extra["id"] for p in head.map(FILES[Path("c.tif")])] == [4]


def test_stopped_before_it_starts_reading_it_is_the_pool() -> None:
    pool = _Pool()
    head = HeadStart(pool, lambda path: FILES[path])
    head.stop()
    assert [p.extra["id"] for p in head.map(FILES[Path("b.pdf")])] == [2, 3]
    assert head.submitted == head.used == 0


@pytest.mark.parametrize("change", ["pixel", "page_no", "dpi"])
def test_a_page_is_known_by_its_pixels_number_and_dpi(change: str) -> None:
    page = _page(5)
    other = _Page(page.page_no, page.image.copy(), page.dpi)
    assert fingerprint(other) == fingerprint(page)
    if change == "pixel":
        other.image[14, 21] = 17  # on the sampled grid
    elif change == "page_no":
        other.page_no = 2
    else:
        other.dpi = 200
    assert fingerprint(other) != fingerprint(page)


def test_a_page_differing_between_the_sampled_pixels_is_not_taken_for_one_read_ahead() -> None:
    # two clean pages alike but for a mark smaller than the sampling grid: the same fingerprint, two pages
    pool = _Pool()
    first = _page(6)
    second = _Page(first.page_no, first.image.copy(), first.dpi)
    second.image[1:6, 1:6] = 0  # between the sampled rows and columns
    assert fingerprint(second) == fingerprint(first)
    head = _finished(HeadStart(pool, lambda path: [first]).start([Path("a.png")]), 1)
    assert len(pool.read) == 1
    list(head.map([second]))
    assert len(pool.read) == 2 and head.used == 0  # the other page was read by the pool
    list(head.map([first]))
    assert len(pool.read) == 2 and head.used == 1  # the page read ahead was handed back
