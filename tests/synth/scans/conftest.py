"""A small population in a SQLite file, shared by the scan generator's tests, and one generated mixed run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pipeline.population.loader import load_rows
from pipeline.store.db import open_database
from pipeline.synth.population import PopulationGenerator, citizen_rows
from pipeline.synth.scans import GenerationSummary, generate_scans

AS_OF = date(2026, 11, 25)
PEOPLE = 3000


@pytest.fixture(scope="session")
def scan_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("scans-db") / "sohoa.db"
    engine = open_database(f"sqlite:///{path}")
    people = PopulationGenerator(seed=11, as_of=AS_OF).people(PEOPLE)
    load_rows(engine, citizen_rows(people, AS_OF), source_name="scan tests")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def mixed_run(scan_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationSummary]:
    """16 documents of every type and quality in every format (the generator's coverage guarantee)."""
    out = tmp_path_factory.mktemp("scans-mixed")
    progress: list[int] = []
    summary = generate_scans(scan_engine, out, count=16, quality="mixed", seed=3, on_progress=progress.append)
    assert sum(progress) == 16
    return out, summary
