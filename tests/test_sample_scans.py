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
