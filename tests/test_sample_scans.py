"""The committed sample set: small, complete, and about the very people `sohoa demo` puts in its database."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli import DEMO_AS_OF, SAMPLE_SCANS
from pipeline.synth.population import PopulationGenerator


def test_sample_scans_cover_every_type_quality_and_format_under_5_mb() -> None:
    truth = [json.loads(line) for line in (SAMPLE_SCANS / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {t["doc_type"] for t in truth} == {"birth", "death", "marriage", "land"}
    assert {t["quality"] for t in truth} == {"clean", "scanned", "poor"}
    assert {t["format"] for t in truth} == {"png", "jpeg", "tiff", "pdf"}
    assert sum(p.stat().st_size for p in SAMPLE_SCANS.iterdir()) < 5 * 1024 * 1024
    for item in truth:
        assert (SAMPLE_SCANS / item["file"]).is_file()
        assert (SAMPLE_SCANS / f"{item['file']}.truth.json").is_file()


def test_sample_scans_show_people_of_the_demo_population() -> None:
    people = {p.personal_id: p for p in PopulationGenerator(1, DEMO_AS_OF).people(20_000)}
    truth = [json.loads(line) for line in (SAMPLE_SCANS / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    shown = [p["citizen_id"] for t in truth for p in t["persons"] if p["citizen_id"]]
    assert shown and all(citizen in people for citizen in shown)


def test_readme_names_the_sample_folder() -> None:
    assert "sample_scans" in (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_sample_page_is_turned_upright() -> None:
    # The orientation detector once turned the upright clean scan_0011.tif upside down: every page, every format.
    import cv2

    from pipeline.intake import sniff_file
    from pipeline.preprocess.orientation import detect_orientation
    from pipeline.raster import rasterize

    checked = 0
    for truth_file in sorted(SAMPLE_SCANS.glob("*.truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        path = SAMPLE_SCANS / truth["file"]
        turned = {page: doc["rotation"] for doc in truth["documents"] for page in doc["pages"]}
        for page in rasterize(path, sniff_file(path).media_type):
            gray = page.image if page.image.ndim == 2 else cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY)
            found = detect_orientation(gray, dpi=page.dpi, osd_fallback=False)
            assert found.rotation == turned[page.page_no], (truth["file"], page.page_no)
            checked += 1
    assert checked >= 24
