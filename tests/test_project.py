"""Project-level facts: the dependency set resolves as pinned, and the population schema matches the code."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.population.rows import CSV_COLUMNS, REQUIRED_COLUMNS

ROOT = Path(__file__).resolve().parent.parent


def test_prefect_3_and_sqlalchemy_2_resolve_together() -> None:
    import prefect
    import sqlalchemy

    assert prefect.__version__.split(".")[0] == "3"
    assert sqlalchemy.__version__.split(".")[0] == "2"


def test_population_schema_describes_the_importer_columns() -> None:
    schema = json.loads((ROOT / "schemas" / "population.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["required"]) == REQUIRED_COLUMNS
    assert set(schema["properties"]) == set(CSV_COLUMNS)


def test_nothing_in_normalize_imports_the_rest_of_the_project() -> None:
    for source in (ROOT / "pipeline" / "normalize").glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith(("import ", "from ")) and "pipeline" in line:
                assert line.startswith("from pipeline.normalize"), f"{source.name}: {line}"
