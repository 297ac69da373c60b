"""The `sohoa` command as a user runs it: real processes, real exit codes, one-line reasons."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import ExitCode

SOHOA = [sys.executable, "-m", "pipeline.cli"]


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "SOHOA_DB_URL": "", "SOHOA_DATA_DIR": "", **(env or {})}
    full_env = {k: v for k, v in full_env.items() if v}
    return subprocess.run([*SOHOA, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)


COMMANDS = [
    [],
    ["db"],
    ["db", "upgrade"],
    ["db", "status"],
    ["population"],
    ["population", "generate"],
    ["population", "import"],
    ["population", "stats"],
    ["scans"],
    ["scans", "generate"],
    ["process"],
    ["export"],
    ["report"],
    ["watch"],
    ["demo"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "sohoa")
def test_every_command_has_help(tmp_path: Path, command: list[str]) -> None:
    result = run(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Usage: sohoa" in result.stdout


def test_generate_import_stats_round_trip(tmp_path: Path) -> None:
    csv_path = tmp_path / "people.csv"
    generated = run(
        "population",
        "generate",
        "--people",
        "800",
        "--seed",
        "7",
        "--out",
        str(csv_path),
        "--no-load",
        "--as-of",
        "2026-11-25",
        cwd=tmp_path,
    )
    assert generated.returncode == 0, generated.stderr
    assert "wrote 800 people" in generated.stdout
    assert not (tmp_path / "data").exists()  # --no-load touches no database

    imported = run("population", "import", str(csv_path), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "imported 800, rejected 0" in imported.stdout
    assert (tmp_path / "data" / "sohoa.db").is_file()  # the embedded default

    again = run("population", "import", str(csv_path), cwd=tmp_path)
    assert "(0 new, 0 updated, 800 unchanged)" in again.stdout  # nothing rewritten

    stats = run("population", "stats", cwd=tmp_path)
    assert stats.returncode == 0
    assert re.search(r"people:\s+800\b", stats.stdout)


def test_import_reports_bad_rows_by_line_and_writes_rejects(tmp_path: Path) -> None:
    csv_path = tmp_path / "people.csv"
    run("population", "generate", "--people", "50", "--out", str(csv_path), "--no-load", cwd=tmp_path)
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    lines[4] = "123," + lines[4].split(",", 1)[1]  # line 5 of the file: an ID far too short
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rejects = tmp_path / "out" / "rejects.csv"
    result = run("population", "import", str(csv_path), "--rejects", str(rejects), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "imported 49, rejected 1" in result.stdout
    assert "line 5: personal_id has 3 digits" in result.stderr
    with rejects.open(encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [
            ["line", "column", "reason"],
            ["5", "personal_id", "has 3 digits, a personal ID has 12"],
        ]


def test_strict_import_fails_with_its_exit_code_and_writes_nothing(tmp_path: Path) -> None:
    csv_path = tmp_path / "people.csv"
    run("population", "generate", "--people", "20", "--out", str(csv_path), "--no-load", cwd=tmp_path)
    with csv_path.open("a", encoding="utf-8") as handle:
        handle.write("1,x,M,1990,,,,,,0,,,,\n")
    result = run("population", "import", str(csv_path), "--strict", cwd=tmp_path)
    assert result.returncode == ExitCode.REJECTED_ROWS
    assert result.stderr.strip().splitlines()[-1].startswith("sohoa: error: 1 row(s) rejected, nothing imported")
    assert re.search(r"people:\s+0\b|is empty", run("population", "stats", cwd=tmp_path).stdout)


def test_rejects_file_must_not_be_the_input_and_must_be_writable(tmp_path: Path) -> None:
    csv_path = tmp_path / "people.csv"
    run("population", "generate", "--people", "20", "--out", str(csv_path), "--no-load", cwd=tmp_path)
    before = csv_path.read_bytes()
    same = run("population", "import", str(csv_path), "--rejects", str(csv_path), cwd=tmp_path)
    assert same.returncode == ExitCode.INPUT and "another file" in same.stderr
    assert csv_path.read_bytes() == before
    folder = run("population", "import", str(csv_path), "--rejects", str(tmp_path), cwd=tmp_path)
    assert folder.returncode in (ExitCode.INPUT, ExitCode.USAGE)
    assert "Traceback" not in folder.stderr and "unexpected" not in folder.stderr
    blocked = run("population", "import", str(csv_path), "--rejects", str(csv_path / "r.csv"), cwd=tmp_path)
    assert blocked.returncode == ExitCode.INPUT and "cannot write the rejects file" in blocked.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["population", "import", "missing.csv"], ExitCode.INPUT, "no such file"),
        (["process", "scan.pdf"], ExitCode.INPUT, "scan.pdf: no such file or folder"),
        (["report"], ExitCode.NOT_AVAILABLE, "issue #5"),
        (["watch", "inbox"], ExitCode.NOT_AVAILABLE, "issue #5"),
        (["--db", "nosuchdialect://x", "db", "status"], ExitCode.DATABASE, "cannot use database URL"),
        (["population", "generate", "--people", "0"], ExitCode.USAGE, "--people"),
        (["population", "generate", "--as-of", "1920-01-01"], ExitCode.USAGE, "--as-of"),
        (["population", "generate", "--no-load"], ExitCode.USAGE, "--no-load without --out"),
    ],
)
def test_failures_have_one_line_reasons_and_exit_codes(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_db_option_works_on_the_subcommand_and_from_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    assert run("db", "upgrade", "--db", url, cwd=tmp_path).returncode == 0
    assert (tmp_path / "elsewhere.db").is_file()
    assert run("db", "--db", url, "status", cwd=tmp_path).returncode == 0
    assert run("--db", url, "population", "stats", cwd=tmp_path).returncode == 0
    other = f"sqlite:///{tmp_path / 'env.db'}"
    assert run("db", "status", cwd=tmp_path, env={"SOHOA_DB_URL": other}).returncode == 0
    assert (tmp_path / "env.db").is_file()
    assert not (tmp_path / "data").exists()


def test_demo_populates_the_default_database_and_writes_a_report_without_personal_data(
    tmp_path: Path,
) -> None:
    result = run("demo", "--people", "600", "--no-scans", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report_line = next(line for line in result.stdout.splitlines() if line.startswith("report:"))
    report = Path(report_line.split(":", 1)[1].strip())
    assert report.is_file() and report.is_relative_to(tmp_path / "data")
    page = report.read_text(encoding="utf-8")
    assert "Population summary: 600 people" in page
    assert not re.search(r"\d{12}", page), "a personal ID leaked into the summary"
    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "sohoa.db") as connection:
        people = connection.execute("SELECT full_name, date_of_birth FROM citizens LIMIT 200").fetchall()
    for full_name, date_of_birth in people:
        assert full_name not in page and date_of_birth not in page
    again = run("demo", "--no-scans", cwd=tmp_path)
    assert "already holds 600 people" in again.stdout


def test_prefect_keeps_its_files_in_the_data_folder_and_sends_no_telemetry(monkeypatch, tmp_path) -> None:
    from pipeline.cli import _prefect_home
    from pipeline.config import load_settings

    for name in ("PREFECT_HOME", "PREFECT_SERVER_ANALYTICS_ENABLED"):
        # set, then removed: the monkeypatch then also removes what the function sets, after the test
        monkeypatch.setenv(name, "unset")
        monkeypatch.delenv(name)
    _prefect_home(load_settings(data_dir=tmp_path))

    assert os.environ["PREFECT_HOME"] == str((tmp_path / "prefect").resolve())
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
