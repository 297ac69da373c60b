"""The process_documents flow under a real (temporary) Prefect server, and `sohoa process` / `export` as a user runs
them: real scans, real Tesseract, real database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.population.loader import load_rows
from pipeline.store.db import open_database
from pipeline.synth.population import PopulationGenerator, citizen_rows
from pipeline.synth.scans import generate_scans

AS_OF = date(2026, 11, 25)


@pytest.fixture(scope="module")
def scan_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("flow")
    url = f"sqlite:///{base / 'sohoa.db'}"
    engine = open_database(url)
    load_rows(engine, citizen_rows(PopulationGenerator(21, AS_OF).people(1500), AS_OF), source_name="test")
    generate_scans(engine, base / "inbox", count=3, quality="scanned", seed=8, formats=("jpeg", "tiff"))
    engine.dispose()
    (base / "inbox" / "broken.pdf").write_bytes(b"%PDF-1.7\n%broken")
    return base, url


def test_flow_processes_every_file_and_sets_aside_the_broken_one(scan_folder: tuple[Path, str]) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from flows.process import process_documents, write_manifest
    from pipeline.processing import collect_inputs

    base, url = scan_folder
    files = collect_inputs([base / "inbox"])
    manifest = write_manifest(base / "run.json", files, url, office="UBND phường Test", workers=None)
    with prefect_test_harness(server_startup_timeout=120):
        result = process_documents(str(manifest))
    outcomes = {o["name"]: o for o in result["outcomes"]}
    assert set(outcomes) == {f.name for f in files}
    assert outcomes["broken.pdf"]["status"] == "failed" and "corrupt" in outcomes["broken.pdf"]["reason"]
    processed = [o for name, o in outcomes.items() if name != "broken.pdf"]
    assert all(o["status"] in ("processed", "needs_review") for o in processed)
    assert sum(sum(o["records"].values()) for o in processed) == 3
    engine = open_database(url)
    with engine.connect() as connection:
        offices = connection.exec_driver_sql("SELECT DISTINCT office FROM records").scalars().all()
        unmatched = connection.exec_driver_sql("SELECT count(*) FROM records WHERE matched_at IS NULL").scalar()
        linked = connection.exec_driver_sql(
            "SELECT p.role, c.personal_id FROM record_persons p JOIN citizens c ON c.id = p.citizen_id"
        ).all()
    assert offices == ["UBND phường Test"]
    engine.dispose()
    # the flow matched the records it stored: each person linked is the one the truth names (OCR may leave one
    # unlinked, never linked to someone else)
    assert unmatched == 0 and result["matching"]["records"] == 3
    truth = [json.loads(line) for line in (base / "inbox" / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = {(p["role"], p["citizen_id"]) for t in truth for p in t["persons"] if p["citizen_id"]}
    assert linked and set(linked) <= expected


def test_cli_process_then_export(scan_folder: tuple[Path, str], tmp_path: Path) -> None:
    base, _ = scan_folder
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {**os.environ, "SOHOA_DATA_DIR": str(tmp_path / "data"), "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    run = [sys.executable, "-m", "pipeline.cli", "--db", db]
    result = subprocess.run(
        [*run, "process", str(base / "inbox")], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = next(line for line in result.stdout.splitlines() if line.startswith("files:"))
    from pipeline.processing import collect_inputs

    count = len(collect_inputs([base / "inbox"]))
    assert f"files: {count} (" in summary and "1 failed" in summary and "pages: 3" in summary
    from collections import Counter

    truth = [json.loads(line) for line in (base / "inbox" / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    types = Counter(t["doc_type"] for t in truth)
    assert "records: " + ", ".join(f"{n} {t}" for t, n in sorted(types.items())) in summary
    assert "failed: broken.pdf:" in result.stdout
    again = subprocess.run([*run, "process", str(base / "inbox")], env=env, capture_output=True, text=True, timeout=600)
    assert f"{count - 1} skipped" in again.stdout
    out = tmp_path / "records.jsonl"
    exported = subprocess.run(
        [*run, "export", "--format", "jsonl", "-o", str(out)], env=env, capture_output=True, text=True, timeout=120
    )
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3 and {r["source"] for r in records} <= {p.name for p in (base / "inbox").iterdir()}
    # The command's temporary Prefect server recorded both runs and every file's task run before it stopped.
    with sqlite3.connect(tmp_path / "prefect" / "prefect.db") as prefect:
        flow_runs = prefect.execute("SELECT state_type, count(*) FROM flow_run GROUP BY 1").fetchall()
        task_runs = prefect.execute("SELECT state_type, count(*) FROM task_run GROUP BY 1").fetchall()
    # a task per file and one matching task, per run
    assert flow_runs == [("COMPLETED", 2)] and task_runs == [("COMPLETED", 2 * count + 2)]
    assert "matched 3 record(s): persons" in result.stdout
    # Prefect's own database holds no personal data: no 12-digit ID from the records appears in it.
    prefect_db = (tmp_path / "prefect").rglob("*.db")
    ids = {r["fields"][k]["value"] for r in records for k in r["fields"] if k.endswith("personal_id")} - {None}
    for path in prefect_db:
        content = path.read_bytes()
        assert not any(i.encode() in content for i in ids)
