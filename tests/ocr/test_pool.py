"""The OCR pool: order, single-threaded workers, and pages that fail without stopping the batch."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import pytesseract
import pytest

from pipeline.errors import MissingDependencyError
from pipeline.ocr.model import Box, PageOCR, PageStatus
from pipeline.ocr.pool import ALONE_AT_MOST, OcrOptions, OcrPool, PageCrops, PageJob, process_page
from pipeline.ocr.recover import RECOVER_MIN_CONF
from pipeline.ocr.tesseract import ocr_crops
from pipeline.preprocess import PreprocessConfig
from tests.ocr.pages import render_lines

# tests that hand the page's own pixel boxes in as missed lines read it at the resolution it was rendered at
AS_RENDERED = PreprocessConfig(target_dpi=300)

MARKERS = ("Trang một", "Trang hai", "Trang ba", "Trang bốn", "Trang năm")


def _page(index: int) -> object:
    return render_lines(
        [f"{MARKERS[index]}: số {index + 1}", "Họ, chữ đệm, tên: Phạm Thị Hằng"],
        page_no=index + 1,
        width_in=5,
    )


@dataclass
class BadPage:
    page_no: int
    image: np.ndarray
    dpi: int = 300
    dpi_source: str = "test"


@pytest.fixture(scope="module")
def pool():
    with OcrPool(workers=2, timeout_s=60) as pool:
        yield pool


def test_pages_come_back_in_order_read_by_single_threaded_workers(pool) -> None:
    pages = [_page(i) for i in range(5)]
    results = list(pool.map(iter(pages)))  # any iterable, read lazily
    assert [r.page_no for r in results] == [1, 2, 3, 4, 5]
    for index, result in enumerate(results):
        assert isinstance(result, PageOCR)
        assert result.status is PageStatus.OK, result.error
        assert MARKERS[index] in result.text
        assert result.dpi == 240 and result.rotation == 0  # read at the preprocessing's target resolution
        assert result.seconds > 0
        assert {"preprocess_s", "ocr_s", "orientation_s"} <= set(result.extra)
        # read inside the worker from its os.environ: tesseract ran with one OpenMP thread
        assert result.extra["omp_thread_limit"] == 1.0
        assert 0 < result.extra["worker_peak_mb"] < 600
    # the workers are separate processes
    assert os.getpid() not in pool.worker_pids()


def test_map_bounds_pages_in_flight() -> None:
    seen: list[int] = []

    def pages():
        for i in range(5):
            seen.append(i)
            yield _page(i)

    with OcrPool(workers=1, max_in_flight=2) as pool:
        results = pool.map(pages())
        first = next(results)
        assert first.page_no == 1
        assert len(seen) <= 3  # not the whole input read ahead
        assert [r.page_no for r in results] == [2, 3, 4, 5]


def test_a_failing_page_is_an_error_page_and_the_batch_goes_on(pool) -> None:
    bad = BadPage(2, np.zeros((50, 50), np.float64))  # not uint8: preprocessing refuses it
    results = list(pool.map([_page(0), bad, _page(2)]))
    assert [r.status for r in results] == [PageStatus.OK, PageStatus.ERROR, PageStatus.OK]
    assert results[1].page_no == 2 and "uint8" in (results[1].error or "")
    assert results[1].words == ()


def test_a_page_that_runs_out_of_time_is_a_timeout_page() -> None:
    big = render_lines(["Số định danh cá nhân: 001090012345"] * 30, width_in=8.27)
    with OcrPool(workers=1, timeout_s=0.01) as pool:
        result = pool.submit(big).result()
    assert result.status is PageStatus.TIMEOUT
    assert "0.01" in (result.error or "")
    assert result.words == ()


def test_a_dead_worker_is_an_error_page_and_the_pool_recovers() -> None:
    with OcrPool(workers=1, retries=0, preprocess=PreprocessConfig(nl_means=True)) as pool:
        doomed = pool.submit(_page(0))  # non-local means keeps the worker busy for a while
        pids = pool.worker_pids()
        assert pids
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        result = doomed.result(timeout=60)
        assert result.status is PageStatus.ERROR
        assert "died" in (result.error or "")
        later = pool.submit(_page(1)).result(timeout=60)
        assert later.status is PageStatus.OK and MARKERS[1] in later.text
        assert pool.restarts == 1


def test_a_dead_worker_page_is_retried_once() -> None:
    with OcrPool(workers=1, retries=1) as pool:
        page = pool.submit(_page(0))
        for pid in pool.worker_pids():
            os.kill(pid, signal.SIGKILL)
        result = page.result(timeout=60)
        assert result.status is PageStatus.OK, result.error
        assert MARKERS[0] in result.text


def test_missing_tesseract_stops_the_pool_before_any_page(monkeypatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/bin/tesseract")
    with pytest.raises(MissingDependencyError), OcrPool(workers=1):
        pass


def test_process_page_in_process_maps_a_tesseract_failure_to_an_error(monkeypatch) -> None:
    # the same function the workers run: an unusable engine mid-batch is an ERROR page, not an exception
    page = _page(0)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/bin/tesseract")
    result = process_page(PageJob(1, page.image, 300), OcrOptions())
    assert result.status is PageStatus.ERROR
    assert "tesseract is not installed" in (result.error or "")


def _reread_everything(page: PageOCR, crops) -> PageOCR:
    """A second pass asking for one crop: the line holding the name, read again by real Tesseract."""
    line = [w for w in page.words if w.text.startswith("Hằng") or w.text == "Phạm"]
    box = line[0].box
    for word in line[1:]:
        box = box.union(word.box)
    [reading] = crops.read([box])
    [slant] = crops.slants([box])
    found = float("Hằng" in " ".join(w.text for w in reading))
    return replace(page, extra={**page.extra, "crop_text": found, "crop_slant": slant})


def _broken_second_pass(page: PageOCR, crops) -> PageOCR:
    raise RuntimeError("a bug in the second pass")


def test_the_second_pass_reads_crops_of_the_preprocessed_page() -> None:
    from pipeline.ocr.pool import OcrOptions

    result = process_page(PageJob(1, _page(0).image, 300), OcrOptions(refine=_reread_everything))
    assert result.status is PageStatus.OK
    assert result.extra["crop_text"] == 1.0
    assert result.extra["crop_slant"] == 0.0  # upright print
    assert result.extra["second_look_s"] > 0


def test_a_failing_second_pass_keeps_the_first_reading() -> None:
    from pipeline.ocr.pool import OcrOptions

    result = process_page(PageJob(1, _page(1).image, 300), OcrOptions(refine=_broken_second_pass))
    assert result.status is PageStatus.OK and MARKERS[1] in result.text
    assert result.extra["refine_failed"] == 1.0


def test_the_pipeline_pool_runs_the_second_pass_in_its_workers() -> None:
    from pipeline.processing import open_ocr_pool

    with open_ocr_pool(workers=1) as pool:
        [result] = list(pool.map([_page(2)]))
    # not a form of a known type: the pass looked and left the page alone, in the worker
    assert result.status is PageStatus.OK and "second_look_s" in result.extra


def test_missed_lines_are_read_in_the_second_pass_call(monkeypatch) -> None:
    import pipeline.ocr.pool as pool_module
    from pipeline.ocr.pool import OcrOptions

    rendered = _page(3)
    name_line = [box for text, box in rendered.words if text in ("Phạm", "Thị", "Hằng")]
    region = name_line[0]
    for box in name_line[1:]:
        region = region.union(box)
    calls = []
    real = pool_module.ocr_crops

    def counting(*args, **kwargs):
        calls.append(len(args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(pool_module, "ocr_crops", counting)
    # as if the page's OCR had skipped the name's line
    monkeypatch.setattr(pool_module, "unread_lines", lambda image, words: [region])
    result = process_page(
        PageJob(1, rendered.image, 300), OcrOptions(preprocess=AS_RENDERED, refine=_reread_everything)
    )
    # one call for the second pass's crop and the missed line together
    assert calls == [2]
    assert result.extra["recovered_lines"] == 1.0
    # the page had read the line after all: its words are not added a second time
    assert [w for w in result.words if w.block > 1] == []
    real_page = pool_module.ocr_page
    monkeypatch.setattr(
        pool_module,
        "ocr_page",
        lambda *a, **k: [w for w in real_page(*a, **k) if w.text not in ("Phạm", "Thị") and "Hằng" not in w.text],
    )
    result = process_page(PageJob(1, rendered.image, 300), OcrOptions(preprocess=AS_RENDERED))
    recovered = [w for w in result.words if w.block > 1]
    assert "Hằng" in " ".join(w.text for w in recovered)
    monkeypatch.setattr(pool_module, "ocr_page", real_page)
    # without a second pass the missed line is read on its own
    calls.clear()
    process_page(PageJob(1, rendered.image, 300), OcrOptions(preprocess=AS_RENDERED))
    assert calls == [1]


def _timing_out_second_pass(page: PageOCR, crops) -> PageOCR:
    from pipeline.ocr.tesseract import OcrTimeoutError

    raise OcrTimeoutError("the crops ran out of time")


def test_a_second_pass_out_of_time_costs_no_second_wait(monkeypatch) -> None:
    import pipeline.ocr.pool as pool_module
    from pipeline.ocr.pool import OcrOptions

    calls = []
    monkeypatch.setattr(pool_module, "ocr_crops", lambda *args, **kwargs: calls.append(1) or [[]])
    monkeypatch.setattr(pool_module, "unread_lines", lambda image, words: [words[0].box])
    result = process_page(PageJob(1, _page(4).image, 300), OcrOptions(refine=_timing_out_second_pass))
    assert result.status is PageStatus.OK and MARKERS[4] in result.text
    assert result.extra["refine_failed"] == 1.0 and result.extra["recover_failed"] == 1.0
    assert calls == []  # the missed lines are not read again after the timeout


def _read_name_with_the_second_model(page: PageOCR, crops) -> PageOCR:
    line = [w for w in page.words if w.text.startswith("Hằng") or w.text == "Phạm"]
    box = line[0].box
    for word in line[1:]:
        box = box.union(word.box)
    [reading] = crops.read([box], lang="Vietnamese")
    found = float("Hằng" in " ".join(w.text for w in reading))
    return replace(page, extra={**page.extra, "second_model_text": found})


def test_the_second_pass_can_read_crops_with_a_second_model(monkeypatch) -> None:
    import pipeline.ocr.pool as pool_module
    from pipeline.ocr.pool import OcrOptions

    langs = []
    real = pool_module.ocr_crops

    def recording(*args, **kwargs):
        langs.append((kwargs["lang"], len(args[1])))
        return real(*args, **kwargs)

    monkeypatch.setattr(pool_module, "ocr_crops", recording)
    rendered = _page(4)
    missed = next(box for text, box in rendered.words if text == "Hằng")
    monkeypatch.setattr(pool_module, "unread_lines", lambda image, words: [missed])
    result = process_page(PageJob(1, rendered.image, 300), OcrOptions(refine=_read_name_with_the_second_model))
    assert result.status is PageStatus.OK and result.extra["second_model_text"] == 1.0
    # Tesseract's script model read the crop; the missed line did not ride along (another model), it was read
    # with the page's own model afterwards (and, read as nothing, once more alone)
    assert langs[:2] == [("Vietnamese", 1), ("vie", 1)] and set(langs[2:]) <= {("vie", 1)}


def test_the_pipeline_pool_wires_the_second_model(monkeypatch) -> None:
    from functools import partial

    import pipeline.processing as processing
    from pipeline.normalize.name_lexicon import NameLexicon

    lexicon = NameLexicon.from_parts({"given": [("Chi", 4)]})
    monkeypatch.setattr(processing, "available_languages", lambda: frozenset({"vie", "osd", "Vietnamese"}))
    options = processing.open_ocr_pool(workers=1, lexicon=lexicon).options
    assert isinstance(options.refine, partial) and options.refine.keywords["second_model"] == "Vietnamese"
    assert options.refine.keywords["lexicon"] is lexicon  # the register settles disputed names in the second pass
    assert isinstance(options.settle, partial) and options.settle.func is processing.reread_recovered
    assert options.settle.keywords == {"lexicon": lexicon, "model": "Vietnamese"}
    # names are settled only with the register's counts; disputed numbers always get the third reading
    for pool in (processing.open_ocr_pool(workers=1), processing.open_ocr_pool(workers=1, lexicon=NameLexicon())):
        assert pool.options.settle.keywords == {"lexicon": None, "model": "Vietnamese"}
        assert pool.options.refine.keywords["second_model"] == "Vietnamese"
    off = processing.open_ocr_pool(workers=1, lexicon=lexicon, second_pass=False).options
    assert off.refine is None and off.settle is None
    # tessdata's own layout lists the script model under script/
    monkeypatch.setattr(processing, "available_languages", lambda: frozenset({"vie", "script/Vietnamese"}))
    assert processing.open_ocr_pool(workers=1).options.refine.keywords["second_model"] == "script/Vietnamese"
    # a machine without the script model reads everything with vie alone, and says so; the register still
    # settles disputed names
    monkeypatch.setattr(processing, "available_languages", lambda: frozenset({"vie", "osd"}))
    options = processing.open_ocr_pool(workers=1, lexicon=lexicon).options
    assert isinstance(options.refine, partial) and options.refine.func is processing.reread_page
    assert options.refine.keywords == {"lexicon": lexicon} and options.settle is processing.reread_recovered


def _settle_sees(page: PageOCR, crops) -> PageOCR:
    return replace(page, extra={**page.extra, "settle_saw_missed": float(any(w.block > 1 for w in page.words))})


def test_the_last_pass_sees_the_missed_lines_and_its_failure_costs_nothing(monkeypatch) -> None:
    import pipeline.ocr.pool as pool_module
    from pipeline.ocr.pool import OcrOptions

    rendered = _page(3)
    region = next(box for text, box in rendered.words if text == "Hằng")
    # as if the page's OCR had skipped the word: it is read as a missed line
    monkeypatch.setattr(pool_module, "unread_lines", lambda image, words: [region])
    real_page = pool_module.ocr_page
    monkeypatch.setattr(
        pool_module, "ocr_page", lambda *a, **k: [w for w in real_page(*a, **k) if "Hằng" not in w.text]
    )
    result = process_page(PageJob(1, rendered.image, 300), OcrOptions(preprocess=AS_RENDERED, settle=_settle_sees))
    assert result.extra["settle_saw_missed"] == 1.0
    result = process_page(
        PageJob(1, rendered.image, 300), OcrOptions(preprocess=AS_RENDERED, settle=_broken_second_pass)
    )
    assert result.status is PageStatus.OK and MARKERS[3] in result.text
    assert result.extra["settle_failed"] == 1.0


def test_colour_pages_travel_to_the_workers_grey() -> None:
    from pipeline.ocr.pool import _job

    colour = np.zeros((20, 30, 3), np.uint8)
    colour[:, :, 2] = 200  # the red channel: what the "red" mode keeps (a red stamp disappears in it)
    page = BadPage(1, colour)
    grey = _job(page, "red").image
    assert grey.shape == (20, 30) and int(grey.max()) == 200
    assert _job(page).image.shape == (20, 30, 3)  # no colour mode: sent as it is
    odd = BadPage(2, np.zeros((20, 30, 5), np.uint8))
    assert _job(odd, "red").image.shape == (20, 30, 5)  # the worker reports the odd shape as the page's error


def _settle_adds_a_dot(page: PageOCR, crops) -> PageOCR:
    return replace(page, words=tuple(replace(w, text="TRỊ") if w.text == "TRI" else w for w in page.words))


def test_tone_marks_are_checked_last_whichever_pass_wrote_them(monkeypatch) -> None:
    import pipeline.ocr.pool as pool_module
    from pipeline.ocr.marks import NOTE
    from pipeline.ocr.pool import OcrOptions

    # "THI" alone: Tesseract 5.3's vie reads it "THỊ" at confidence 90+, as on the bench's clean pages
    rendered = render_lines(["Trang một: số 1", "Họ, chữ đệm, tên: NGUYỄN THI TRI"], width_in=5)
    job = PageJob(1, rendered.image, 300)
    result = process_page(job, OcrOptions(preprocess=AS_RENDERED, settle=_settle_adds_a_dot))
    assert [w.text for w in result.words][-3:] == ["NGUYỄN", "THI", "TRI"]
    assert result.words[-1].note == NOTE and result.extra["marks_changed"] >= 1.0
    off = process_page(job, OcrOptions(preprocess=AS_RENDERED, settle=_settle_adds_a_dot, check_marks=False))
    assert off.words[-1].text == "TRỊ" and "marks_changed" not in off.extra

    def broken(image, words):
        raise RuntimeError("a bug in the check")

    monkeypatch.setattr(pool_module, "check_marks", broken)
    failed = process_page(job, OcrOptions(preprocess=AS_RENDERED, settle=_settle_adds_a_dot))
    assert failed.status is PageStatus.OK and failed.words[-1].text == "TRỊ" and failed.extra["marks_failed"] == 1.0


def test_a_missed_line_read_as_nothing_is_read_again_without_its_leaders() -> None:
    # "Số: ..... 534" from a poor bench scan: Tesseract returns no word at all for it while its dots are there
    line = cv2.imread(str(Path(__file__).parents[1] / "preprocess/data/register_line_with_leaders.png"), 0)
    image = np.full((200, 400), int(np.median(line)), np.uint8)
    image[60 : 60 + line.shape[0], 80 : 80 + line.shape[1]] = line
    box = Box(80 + 8, 60 + 8, line.shape[1] - 16, line.shape[0] - 16)
    crops = PageCrops(image, 240, OcrOptions(), missed=[box])
    assert ocr_crops(image, [box], dpi=240) == [[]]  # as read the first time
    assert [w.text for w in crops.missed_words()[0]] == ["Số:", "534"]
    # ink with no leaders read as nothing stays nothing
    blank = PageCrops(np.full((200, 400), 255, np.uint8), 240, OcrOptions(), missed=[box])
    assert blank.missed_words() == [[]]


def test_a_missed_line_read_as_nothing_with_and_without_leaders_is_read_alone_as_sparse_text() -> None:
    # "Huỳnh Quốc Nghĩa ......" of a poor bench scan (set 11100): clear italics, yet Tesseract's block reading
    # (psm 6) returns no word for it, with its leaders and without, among other crops and alone
    line = cv2.imread(str(Path(__file__).parent / "data/name_line_read_as_nothing.png"), 0)
    image = np.full((200, 1400), 255, np.uint8)
    image[60 : 60 + line.shape[0], 80 : 80 + line.shape[1]] = line
    box = Box(80 + 16, 60 + 14, 1194, 34)
    assert ocr_crops(image, [box], dpi=200) == [[]]
    crops = PageCrops(image, 200, OcrOptions(), missed=[box])
    [found] = crops.missed_words()
    assert [w.text for w in found if w.conf >= RECOVER_MIN_CONF][1:] == ["Quốc", "Nghĩa"]
    assert crops.read_alone == 1
    # a page with more lines read as nothing reads at most ALONE_AT_MOST of them alone, a call each
    many = PageCrops(np.full((200, 1400), 255, np.uint8), 200, OcrOptions(), missed=[box] * (ALONE_AT_MOST + 2))
    assert many.missed_words() == [[]] * (ALONE_AT_MOST + 2) and many.read_alone == ALONE_AT_MOST
