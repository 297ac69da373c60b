"""Population benchmark: `sohoa population generate` then `sohoa population import` of its CSV.

Each step runs as its own process, as a user would run it, and is measured for wall time and peak memory (the
process's own maximum resident set, from wait4). The baseline, measured in the same run on the same CSV, is the
least any importer must do: Python's csv module and sqlite3 executemany into a bare table, with no validation, no
normalisation and no upsert. The difference is what checking every row costs.

    .venv/bin/python bench/population_bench.py --people 1000000
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_measured(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB, and stdout of one child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {process.returncode}:\n{text}")
    return elapsed, usage.ru_maxrss / 1024, text


def baseline_import(csv_path: Path, db_path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = ", ".join(header)
        connection.execute(f"CREATE TABLE people ({columns}, PRIMARY KEY (personal_id))")
        marks = ", ".join("?" * len(header))
        connection.executemany(f"INSERT INTO people VALUES ({marks})", reader)
    connection.commit()
    rows = connection.execute("SELECT count(*) FROM people").fetchone()[0]
    connection.close()
    return time.perf_counter() - started, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="Keep the CSV and databases here (default: a temp folder).")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sohoa-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    csv_path, db_path, base_db = workdir / "population.csv", workdir / "sohoa.db", workdir / "baseline.db"
    for path in (csv_path, db_path, base_db):
        path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    env = {**os.environ, "SOHOA_DB_URL": f"sqlite:///{db_path}"}
    sohoa = [sys.executable, "-m", "pipeline.cli", "population"]

    gen_s, gen_mb, _ = run_measured(
        [
            *sohoa,
            "generate",
            "--people",
            str(args.people),
            "--seed",
            str(args.seed),
            "--out",
            str(csv_path),
            "--no-load",
        ],
        env,
    )
    imp_s, imp_mb, imp_out = run_measured([*sohoa, "import", str(csv_path)], env)
    re_s, re_mb, re_out = run_measured([*sohoa, "import", str(csv_path)], env)
    base_s, base_rows = baseline_import(csv_path, base_db)
    direct_db = workdir / "direct.db"
    direct_db.unlink(missing_ok=True)
    direct_env = {**env, "SOHOA_DB_URL": f"sqlite:///{direct_db}"}
    direct_s, direct_mb, _ = run_measured(
        [*sohoa, "generate", "--people", str(args.people), "--seed", str(args.seed)], direct_env
    )

    size_mb = csv_path.stat().st_size / 1e6
    print(f"population benchmark: {args.people} people, seed {args.seed}, {os.cpu_count()} cores")
    print(f"  CSV {size_mb:.0f} MB at {csv_path}")
    print(f"  {'step':<34}{'wall s':>9}{'peak MB':>10}{'rows/s':>11}")
    for label, seconds, mb in [
        ("generate --out CSV", gen_s, gen_mb),
        ("import (new database)", imp_s, imp_mb),
        ("re-import (all updates)", re_s, re_mb),
        ("generate and load, no CSV", direct_s, direct_mb),
    ]:
        print(f"  {label:<34}{seconds:>9.1f}{mb:>10.0f}{args.people / seconds:>11.0f}")
    print(f"  {'baseline: csv + sqlite3, no checks':<34}{base_s:>9.1f}{'-':>10}{base_rows / base_s:>11.0f}")
    print(f"  generate + import together: {gen_s + imp_s:.1f} s (goal: under 180 s, peak under 1024 MB)")
    print(f"  import costs {imp_s / base_s:.1f}x the unchecked baseline")
    print("  import said:  " + imp_out.strip().splitlines()[-1])
    print("  re-import:    " + re_out.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
