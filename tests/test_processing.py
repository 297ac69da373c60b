"""Scans to stored records, end to end: real rendering, real Tesseract, a real database; bad files set aside."""

from __future__ import annotations

import json
import time
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pipeline.ocr.head_start import HeadStart
from pipeline.ocr.pool import OcrPool
from pipeline.population.loader import load_rows
from pipeline.processing import collect_inputs, pages_to_read, process_file
from pipeline.report.export import export_csv, export_jsonl
from pipeline.store.db import open_database
from pipeline.store.models import Document, Page, Record, RecordField
from pipeline.synth.population import PopulationGenerator, citizen_rows
from pipeline.synth.scans import generate_scans

AS_OF = date(2026, 11, 25)


@pytest.fixture(scope="module")
def population_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('population') / 'population.db'}"
    engine = open_database(url)
    load_rows(engine, citizen_rows(PopulationGenerator(11, AS_OF).people(2500), AS_OF), source_name="test")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory, population_url: str) -> Path:
    out = tmp_path_factory.mktemp("scans")
    engine = open_database(population_url)
    generate_scans(engine, out, count=4, quality="clean", seed=3, formats=("png", "pdf"))
    engine.dispose()
    return out


@pytest.fixture(scope="module")
def ocr():
    with OcrPool() as pool:
        yield pool


def _truth(folder: Path) -> dict[tuple[str, int], dict]:
    found = {}
    for path in folder.glob("*.truth.json"):
        truth = json.loads(path.read_text(encoding="utf-8"))
        for document in truth["documents"]:
            found[(truth["file"], document["pages"][0])] = document
    return found


def test_scans_become_records_with_the_printed_values(scans: Path, ocr, engine: Engine) -> None:
    files = collect_inputs([scans])
    assert files and all(not p.name.endswith(".json") for p in files)
    outcomes = [process_file(engine, path, ocr) for path in files]
    assert {o.status for o in outcomes} <= {"processed", "needs_review"}
    truth = _truth(scans)
    rows = {(r["source"], r["page"]): r for r in _export(engine)}
    assert set(rows) == set(truth)
    right = total = 0
    for key, document in truth.items():
        assert rows[key]["doc_type"] == document["doc_type"]
        for name, expected in document["fields"].items():
            if expected is None:
                continue
            got = rows[key]["fields"][name]["value"]
            total += 1
            right += got == expected or (isinstance(expected, float) and got == pytest.approx(expected))
    # The issue asks 99.5% on clean scans (bench/accuracy.py measures it); this guards against regressions.
    assert right / total >= 0.75, f"{right}/{total} fields right on clean scans"
    with Session(engine) as session:
        pages = session.execute(select(func.count()).select_from(Page)).scalar_one()
        fields = session.execute(select(RecordField).where(RecordField.name == "full_name")).scalars().all()
    assert pages == sum(len(json.loads(p.read_text())["documents"]) for p in scans.glob("*.truth.json"))
    for field in fields:  # evidence kept: raw OCR text, confidence, page and box
        assert field.raw_text and 0 < field.confidence <= 1 and field.page_no >= 1 and field.bbox_w > 0


def _export(engine: Engine) -> list[dict]:
    from pipeline.report.export import iter_export

    return list(iter_export(engine))


def test_rerunning_the_same_files_duplicates_nothing(scans: Path, ocr, engine: Engine) -> None:
    files = collect_inputs([scans])[:2]
    first = [process_file(engine, path, ocr) for path in files]
    again = [process_file(engine, path, ocr) for path in files]
    assert all(o.status == "skipped" for o in again)
    assert [o.document_id for o in again] == [o.document_id for o in first]
    copy = scans.parent / "renamed-copy" / files[0].name.replace("scan", "other")
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(files[0].read_bytes())
    assert process_file(engine, copy, ocr).status == "skipped"  # same content under another name
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Document)).scalar_one() == 2


def test_pages_read_ahead_are_the_pages_the_files_are_read_with(
    scans: Path, ocr, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = collect_inputs([scans])[:3]
    process_file(engine, files[0], ocr)  # already processed: not read ahead
    (scans.parent / "notes").mkdir(exist_ok=True)
    notes = scans.parent / "notes" / "notes.txt"
    notes.write_text("Họ và tên: Nguyễn Văn An", encoding="utf-8")
    assert pages_to_read(engine, files[0]) is None and pages_to_read(engine, notes) is None
    expected = sum(1 for path in files[1:] for _ in pages_to_read(engine, path))
    submitted: list[int] = []
    submit = ocr.submit
    monkeypatch.setattr(ocr, "submit", lambda page: submitted.append(page.page_no) or submit(page))
    head = HeadStart(ocr, partial(pages_to_read, engine)).start([files[0], notes, *files[1:]])
    deadline = time.monotonic() + 60
    while head.submitted < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    head.stop()
    assert head.submitted == expected and len(submitted) == expected
    outcomes = [process_file(engine, path, head) for path in files[1:]]
    assert {o.status for o in outcomes} <= {"processed", "needs_review"}
    assert head.used == expected and len(submitted) == expected  # the flow's pages were those read ahead
    assert sum(o.pages for o in outcomes) == expected


BAD_FILES = [
    ("empty.pdf", b"", "empty"),
    ("picture.png", b"GIF89a" + b"\x00" * 64, "not a PDF, TIFF, JPEG or PNG"),
    ("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "truncated or corrupt"),
    ("notes.txt", "Họ và tên: Nguyễn Văn An".encode(), "not a PDF, TIFF, JPEG or PNG"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_recorded_as_failed_with_their_reason(
    tmp_path: Path, ocr, engine: Engine, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    outcome = process_file(engine, path, ocr)
    assert outcome.status == "failed"
    assert reason in (outcome.reason or "")
    with Session(engine) as session:
        document = session.execute(select(Document)).scalar_one()
    assert document.status == "failed" and reason in document.error
    assert path.exists()  # never deleted


def test_a_missing_file_is_reported_not_stored(tmp_path: Path, ocr, engine: Engine) -> None:
    outcome = process_file(engine, tmp_path / "gone.pdf", ocr)
    assert outcome.status == "failed" and "does not exist" in outcome.reason
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Document)).scalar_one() == 0


def test_export_jsonl_follows_its_schema_and_csv_has_a_row_per_record(
    scans: Path, ocr, engine: Engine, tmp_path: Path
) -> None:
    import jsonschema

    for path in collect_inputs([scans]):
        process_file(engine, path, ocr)
    schema = json.loads((Path(__file__).parents[1] / "schemas" / "export.schema.json").read_text(encoding="utf-8"))
    out = tmp_path / "export.jsonl"
    count = export_jsonl(engine, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert count == len(lines) == len(_truth(scans))
    for line in lines:
        record = json.loads(line)
        jsonschema.validate(record, schema)
        assert record["persons"] == [] and record["issues"] == []
    csv_out = tmp_path / "export.csv"
    assert export_csv(engine, csv_out) == count
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Record)).scalar_one() == count
