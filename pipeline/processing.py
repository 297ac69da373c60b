"""Processing one scanned file end to end, without Prefect: intake, raster, OCR, extraction, storage.

The Prefect flow in `flows/process.py` only arranges calls to `process_file` into tasks; tests and benchmarks can
call it directly. A file that cannot be read is still stored, as a failed document with its reason, so that nothing
handed in is ever silently lost.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine

from pipeline.errors import InputError
from pipeline.extract.fields import extract_records
from pipeline.extract.model import ExtractedRecord
from pipeline.extract.reread import reread_page, reread_recovered
from pipeline.extract.schema import load_schemas
from pipeline.intake.errors import IntakeError
from pipeline.intake.sniff import sniff_file
from pipeline.normalize.name_lexicon import NameLexicon
from pipeline.ocr.model import PageOCR
from pipeline.ocr.pool import OcrPool
from pipeline.ocr.tesseract import SECOND_OPINION_LANG, available_languages
from pipeline.store.documents import is_done, save_document

log = logging.getLogger(__name__)

SKIPPED_NAMES = (".", "~$", "README")  # hidden files, Office lock files, a folder's own notes
SKIPPED_SUFFIXES = (".part", ".tmp", ".crdownload", ".truth.json", ".jsonl")


class PageOcr(Protocol):
    """What processing needs of the OCR stage: pages in, OCR'd pages out, in order."""

    def map(self, pages: Iterable[Any]) -> Iterator[PageOCR]: ...


@dataclass
class FileOutcome:
    name: str
    status: str  # processed, needs_review, failed, skipped (already processed)
    document_id: int | None = None
    sha256: str | None = None
    pages: int = 0
    records: Counter[str] = field(default_factory=Counter)
    reason: str | None = None


def open_ocr_pool(
    workers: int | None = None, *, second_pass: bool = True, lexicon: NameLexicon | None = None
) -> OcrPool:
    """The OCR pool as `sohoa process` runs it: one worker per core, each page followed by the second pass over
    its doubtful fields (`pipeline.extract.reread`), where a second OCR model settles two valid readings that
    differ. With the register's name counts (`lexicon`, from `pipeline.store.name_counts`) names with a doubtful
    syllable are also read by that model and settled. Use it as a context manager."""
    if not second_pass:
        return OcrPool(workers)
    model = _second_opinion_model()
    if model is None:
        # the register still settles disputed names and numbers still get their second pass; names get no second
        # model's reading
        return OcrPool(workers, refine=partial(reread_page, lexicon=lexicon or None), settle=reread_recovered)
    settle = partial(reread_recovered, lexicon=lexicon or None, model=model)
    return OcrPool(workers, refine=partial(reread_page, second_model=model, lexicon=lexicon or None), settle=settle)


def _second_opinion_model() -> str | None:
    """The second OCR model if Tesseract has it; without it every field is read by `vie` alone."""
    try:
        have = available_languages()
    except Exception:  # no tesseract at all: the pool's own check reports that, clearly
        return None
    for name in (SECOND_OPINION_LANG, f"script/{SECOND_OPINION_LANG}"):
        if name in have:
            return name
    log.warning(
        "Tesseract has no %r model (Debian: tesseract-ocr-script-viet): no second OCR opinion on names and numbers",
        SECOND_OPINION_LANG,
    )
    return None


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files named, and files inside folders named (recursively), skipping hidden, temporary and truth files."""
    found: list[Path] = []
    for path in paths:
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            name = candidate.name
            if name.startswith(SKIPPED_NAMES) or name.endswith(SKIPPED_SUFFIXES):
                continue
            found.append(candidate)
    return found


def required_fields() -> dict[str, set[str]]:
    return {name: {f.name for f in schema.fields if f.required} for name, schema in load_schemas().items()}


def read_file(path: Path, media_type: str, ocr: PageOcr) -> tuple[list[PageOCR], list[ExtractedRecord]]:
    from pipeline.raster import rasterize

    pages = list(ocr.map(rasterize(path, media_type)))
    return pages, extract_records(pages)


def pages_to_read(engine: Engine, path: Path) -> Iterator[Any] | None:
    """A file's pages (lazily) when `process_file` would read them: a scan of a known type not yet processed;
    None otherwise. For reading ahead (`pipeline.ocr.head_start`): the flow still does the file's intake."""
    try:
        info = sniff_file(path)
    except IntakeError:
        return None
    if is_done(engine, info.sha256) is not None:
        return None
    from pipeline.raster import rasterize

    return rasterize(path, info.media_type)


def process_file(engine: Engine, path: Path, ocr: PageOcr, *, office: str | None = None) -> FileOutcome:
    name = path.name
    try:
        info = sniff_file(path)
    except IntakeError as exc:
        if exc.sha256 is None:  # unreadable or missing: nothing to identify it by, report only
            return FileOutcome(name, "failed", reason=exc.reason)
        stored = save_document(
            engine,
            sha256=exc.sha256,
            original_name=name,
            media_type=None,
            size_bytes=exc.size_bytes,
            stored_path=str(path),
            office=office,
            pages=[],
            records=[],
            required={},
            error=exc.reason,
        )
        return FileOutcome(name, stored.status, stored.document_id, exc.sha256, reason=exc.reason)
    done = is_done(engine, info.sha256)
    if done is not None:
        return FileOutcome(name, "skipped", done.document_id, info.sha256, reason="already processed")
    error = None
    pages: list[PageOCR] = []
    records: list[ExtractedRecord] = []
    try:
        pages, records = read_file(path, info.media_type, ocr)
    except InputError as exc:
        error = exc.reason
    stored = save_document(
        engine,
        sha256=info.sha256,
        original_name=name,
        media_type=info.media_type,
        size_bytes=info.size_bytes,
        stored_path=str(os.path.abspath(path)),
        office=office,
        pages=pages,
        records=records,
        required=required_fields(),
        error=error,
    )
    outcome = FileOutcome(name, stored.status, stored.document_id, info.sha256, len(pages), reason=error)
    outcome.records.update(r.doc_type for r in records if r.doc_type)
    if error is None and stored.status == "needs_review":
        outcome.reason = _review_reason(pages, records)
    return outcome


def _review_reason(pages: list[PageOCR], records: list[ExtractedRecord]) -> str:
    reasons = [f"page {p.page_no}: OCR {p.status.value}" for p in pages if p.status.value != "ok"]
    reasons += [f"page {r.first_page}: document type not recognised" for r in records if r.doc_type is None]
    for record in records:
        missing = [n for n, f in record.fields.items() if f.export and not f.valid]
        if missing:
            reasons.append(f"page {record.first_page}: unsure of {', '.join(missing)}")
    return "; ".join(reasons) or "no document found"
