"""generate_scans end to end: coverage, ground truth against the database, file formats, determinism."""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from sqlalchemy import Engine

from pipeline.store.db import open_database
from pipeline.synth.scans import DOC_TYPES, FORMATS, QUALITIES, GenerationSummary, generate_scans
from pipeline.synth.scans.content import DocumentFactory
from pipeline.synth.scans.generate import _plan_files
from pipeline.synth.scans.people import Population

from .checks import check_injection, check_matches_database, check_shape

A4_MM = (210.0, 297.0)


def _index(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


def _file_truths(out: Path) -> dict[str, dict]:
    return {
        p.name.removesuffix(".truth.json"): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(out.glob("*.truth.json"))
    }


def test_every_type_quality_and_format_is_produced(mixed_run: tuple[Path, GenerationSummary]) -> None:
    out, summary = mixed_run
    docs = _index(out)
    assert summary.documents == len(docs) == 16
    assert set(summary.by_type) == set(DOC_TYPES) == {d["doc_type"] for d in docs}
    assert set(summary.by_quality) == set(QUALITIES) == {d["quality"] for d in docs}
    assert set(summary.by_format) == set(FORMATS) == {d["format"] for d in docs}
    assert summary.files == len(_file_truths(out)) == len({d["file"] for d in docs})
    assert summary.bytes_written == sum(p.stat().st_size for p in out.glob("scan_*"))
    # Roughly 40/35/25: exact proportions of the 16 documents, give or take a multi-page file.
    qualities = Counter(d["quality"] for d in docs)
    assert qualities["clean"] >= 4 and qualities["scanned"] >= 3 and qualities["poor"] >= 2
    # File names do not reveal the document type.
    for d in docs:
        assert d["file"].startswith("scan_") and d["doc_type"] not in d["file"]


def test_truth_files_list_the_export_fields_and_match_the_index(mixed_run: tuple[Path, GenerationSummary]) -> None:
    out, _ = mixed_run
    index = {(d["file"], d["page"]): d for d in _index(out)}
    for name, truth in _file_truths(out).items():
        assert (out / name).is_file()
        assert truth["file"] == name and truth["seed"] == 3
        assert truth["format"] in FORMATS and truth["quality"] in QUALITIES
        assert truth["page_count"] == len(truth["documents"])
        for page, doc in enumerate(truth["documents"], start=1):
            assert doc["pages"] == [page]
            line = index[(name, page)]
            assert line["fields"] == doc["fields"] and line["injected"] == doc["injected"]
            check_shape({**doc, "file": name})
            assert doc["font"] and doc["layout"] in ("inline", "value_next_line")
            assert doc["rotation"] in (0, 90, 180, 270)
            assert doc["style"]["font"] == doc["font"]
            assert 9.5 <= doc["style"]["font_size_pt"] <= 14


def test_truth_equals_the_database_or_differs_as_injected(
    scan_engine: Engine, mixed_run: tuple[Path, GenerationSummary]
) -> None:
    out, summary = mixed_run
    docs = _index(out)
    for doc in docs:
        if doc["injected"]:
            for entry in doc["injected"]:
                check_injection(scan_engine, doc, entry)
        else:
            check_matches_database(scan_engine, doc)
    assert sum(summary.injected.values()) >= 1
    assert sum(1 for d in docs if d["injected"]) <= len(docs) * 0.7


def test_files_open_with_their_page_count_and_dpi(mixed_run: tuple[Path, GenerationSummary]) -> None:
    out, _ = mixed_run
    seen_multi_page = False
    for name, truth in _file_truths(out).items():
        path = out / name
        dpi = truth["dpi"]
        rotations = [d["rotation"] for d in truth["documents"]]
        if truth["format"] == "pdf":
            reader = pypdf.PdfReader(path)
            assert len(reader.pages) == truth["page_count"]
            for page, rotation in zip(reader.pages, rotations, strict=True):
                size = (float(page.mediabox.width) / 72 * 25.4, float(page.mediabox.height) / 72 * 25.4)
                expected = A4_MM if rotation in (0, 180) else A4_MM[::-1]
                assert size == pytest.approx(expected, abs=0.5)
                (image,) = page.images
                assert image.image.width / (size[0] / 25.4) == pytest.approx(dpi, rel=0.01)
        else:
            with Image.open(path) as image:
                assert getattr(image, "n_frames", 1) == truth["page_count"]
                assert image.format == {"png": "PNG", "jpeg": "JPEG", "tiff": "TIFF"}[truth["format"]]
                for frame, rotation in enumerate(rotations):
                    image.seek(frame)
                    assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.01)
                    width_mm = image.width / dpi * 25.4
                    assert width_mm == pytest.approx(A4_MM[0] if rotation in (0, 180) else A4_MM[1], abs=0.5)
        seen_multi_page |= truth["page_count"] > 1
        assert dpi == (200 if truth["quality"] == "poor" else 300)
    assert seen_multi_page


def test_same_seed_same_files_other_seed_other_documents(scan_engine: Engine, tmp_path: Path) -> None:
    first = generate_scans(scan_engine, tmp_path / "a", count=6, quality="poor", seed=21)
    second = generate_scans(scan_engine, tmp_path / "b", count=6, quality="poor", seed=21)
    assert first.file_names == second.file_names
    assert (tmp_path / "a" / "truth.jsonl").read_bytes() == (tmp_path / "b" / "truth.jsonl").read_bytes()
    for name in first.file_names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    other = generate_scans(scan_engine, tmp_path / "c", count=6, quality="poor", seed=22)
    assert [d["fields"] for d in _index(tmp_path / "c")] != [d["fields"] for d in _index(tmp_path / "a")]
    assert other.documents == 6


def test_a_new_run_replaces_the_previous_one_and_leaves_other_files(scan_engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    generate_scans(scan_engine, tmp_path, count=4, quality="clean", seed=5, formats=("png",))
    assert len(list(tmp_path.glob("scan_*.png"))) == 4
    summary = generate_scans(scan_engine, tmp_path, count=2, quality="clean", seed=5, formats=("png",))
    assert sorted(p.name for p in tmp_path.glob("scan_*.png")) == summary.file_names
    assert len(list(tmp_path.glob("*.truth.json"))) == 2
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_formats_and_quality_are_honoured(scan_engine: Engine, tmp_path: Path) -> None:
    summary = generate_scans(scan_engine, tmp_path, count=5, quality="scanned", seed=8, formats=("jpg", "tif"))
    assert set(summary.by_format) <= {"jpeg", "tiff"}
    docs = _index(tmp_path)
    assert {d["quality"] for d in docs} == {"scanned"}
    for d in docs:
        assert d["dpi"] == 300 and abs(d["skew_deg"]) <= 2 and d["rotation"] == 0
        assert 70 <= d["degradation"]["jpeg_quality"] <= 85


def test_bad_arguments_and_an_empty_database_are_refused(scan_engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="quality"):
        generate_scans(scan_engine, tmp_path, count=1, quality="blurry")
    with pytest.raises(ValueError, match="format"):
        generate_scans(scan_engine, tmp_path, count=1, formats=("gif",))
    with pytest.raises(ValueError, match="count"):
        generate_scans(scan_engine, tmp_path, count=-1)
    empty = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with pytest.raises(ValueError, match="no citizens"):
            generate_scans(empty, tmp_path / "out", count=1)
    finally:
        empty.dispose()


def test_recorded_rotation_is_what_tesseract_osd_says(
    scan_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (scripts/setup.sh installs it)")
    import pytesseract

    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")
    # Seed 2 turns the second poor page upside down and the fourth on its side (rotation plans do not depend on
    # the database).
    generate_scans(scan_engine, tmp_path, count=4, quality="poor", seed=2, formats=("png",))
    docs = {d["file"]: d for d in _index(tmp_path)}
    assert [d["rotation"] for d in docs.values()] == [0, 180, 0, 90]
    for name in ("scan_0002.png", "scan_0004.png"):
        with Image.open(tmp_path / name) as image:
            osd = pytesseract.image_to_osd(image)
        assert f"Rotate: {docs[name]['rotation']}" in osd, osd
        assert image.size == ((2339, 1654) if docs[name]["rotation"] == 90 else (1654, 2339))


def test_a_duplicate_never_shares_a_file_with_its_original(scan_engine: Engine) -> None:
    factory = DocumentFactory(Population(scan_engine))
    rng = random.Random(1)
    documents = []
    for index in range(1, 31):
        codes = ["DUPLICATE_RECORD"] if index % 2 == 0 else []
        doc = None
        while doc is None:
            doc = factory.build("birth", rng, codes)
        doc.index = index
        documents.append(doc)
    duplicates = [d for d in documents if d.duplicate_of is not None]
    assert len(duplicates) >= 10
    files = _plan_files(documents, ("pdf", "tiff"), "mixed", seed=4)
    assert any(len(f.documents) > 1 for f in files)
    for doc in duplicates:
        assert doc.file != doc.duplicate_of.file
    for f in files:
        assert len({d.subject_id for d in f.documents}) == len(f.documents)
