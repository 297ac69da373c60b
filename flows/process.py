"""The `process_documents` flow: one task per file (intake, raster, OCR, extraction, storage), files in parallel,
then one task that matches the new records' persons to the population and raises their cleaning issues.

Prefect keeps flow parameters, logs and task states in its own database in plain text, so nothing personal goes
through it: the flow takes the path of a run manifest (written by the caller, deleted after the run) instead of
file names, and logs document ids, content-hash prefixes and counts only.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline.cleaning import match_and_clean
from pipeline.ocr.pool import OcrPool
from pipeline.processing import FileOutcome, PageOcr, open_ocr_pool, process_file
from pipeline.store.name_counts import load_name_lexicon

# An OCR pool the caller opened for the flows it calls (see `using_ocr_pool`); a context variable, not a parameter,
# since Prefect stores parameters and a pool is no value to store.
_provided_pool: ContextVar[PageOcr | None] = ContextVar("sohoa_provided_ocr_pool", default=None)


@contextmanager
def using_ocr_pool(pool: PageOcr) -> Iterator[None]:
    """`process_documents` called inside this block reads pages with `pool` instead of opening its own. A one-shot
    command opens it while Prefect's temporary server starts, so its workers are up when the flow begins."""
    token = _provided_pool.set(pool)
    try:
        yield
    finally:
        _provided_pool.reset(token)


def open_flow_pool(engine: Any, workers: int | None) -> OcrPool:
    """The OCR pool `process_documents` reads with: one worker per core (or `workers`), with the register's name
    spellings (counts, no names) to settle names two OCR models read differently. Use it as a context manager."""
    return open_ocr_pool(workers, lexicon=load_name_lexicon(engine))


def write_manifest(path: Path, files: list[Path], db_url: str, office: str | None, workers: int | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"files": [str(f) for f in files], "db_url": db_url, "office": office, "workers": workers}
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


@task(name="process_file", cache_policy=NONE, retries=1, retry_delay_seconds=2, persist_result=False)
def process_file_task(engine: Any, path: str, ocr: Any, office: str | None) -> FileOutcome:
    outcome = process_file(engine, Path(path), ocr, office=office)
    get_run_logger().info(
        "document %s (sha256 %s…): %s, %d page(s), records %s",
        outcome.document_id,
        (outcome.sha256 or "-")[:12],
        outcome.status,
        outcome.pages,
        dict(outcome.records) or "{}",
    )
    return outcome


@task(name="match_and_clean", cache_policy=NONE, persist_result=False)
def match_and_clean_task(engine: Any) -> dict[str, Any]:
    """Every record not matched yet, in set-based batches: persons linked, issues raised (counts come back)."""
    summary = match_and_clean(engine)
    get_run_logger().info(
        "matched %d record(s): persons %s; issues %s", summary.records, dict(summary.persons), dict(summary.issues)
    )
    return summary.as_dict()


def _in_flight() -> int:
    # Enough files in flight to keep every OCR worker busy while the next file is being rasterised.
    return max(2, 2 * (os.cpu_count() or 1))


@flow(
    name="process_documents",
    task_runner=ThreadPoolTaskRunner(max_workers=_in_flight()),
    log_prints=False,
    persist_result=False,
)
def process_documents(manifest: str) -> dict[str, Any]:
    from pipeline.store.db import open_database

    spec = json.loads(Path(manifest).read_text(encoding="utf-8"))
    logger = get_run_logger()
    engine = open_database(spec["db_url"])
    outcomes: list[FileOutcome] = []
    provided = _provided_pool.get()
    try:
        with nullcontext(provided) if provided is not None else open_flow_pool(engine, spec.get("workers")) as ocr:
            futures = [process_file_task.submit(engine, f, ocr, spec.get("office")) for f in spec["files"]]
            for future in futures:
                outcomes.append(future.result())
        matching = match_and_clean_task(engine)
    finally:
        engine.dispose()
    statuses = Counter(o.status for o in outcomes)
    records: Counter[str] = Counter()
    for outcome in outcomes:
        records.update(outcome.records)
    logger.info("processed %d file(s): %s; records %s", len(outcomes), dict(statuses), dict(records))
    # asdict would rebuild the Counter from its items (counting tuples): hand over a plain dict instead.
    return {"outcomes": [{**asdict(o), "records": dict(o.records)} for o in outcomes], "matching": matching}
